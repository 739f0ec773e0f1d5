"""The one error type the loaders raise for a bad store, and how its problems are written."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    where: str  # dotted path into the store, e.g. metrics.capex.observations[3].value
    message: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"

    def as_warning(self) -> str:
        """The same line for what does not stop the store from loading: `FILE:LINE:COL: where: warning: ...`."""
        return str(replace(self, message=f"warning: {self.message}"))


class StoreError(Exception):
    """Raised when the store cannot be used; every problem names file, line, column and what."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def path_text(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{clip(part)}" if out else clip(str(part))
    return out


def clip(text: str, limit: int = 80) -> str:
    """A key for a problem's location: line breaks and other unprintable characters written as escapes,
    so one problem stays one line, and a long key cut short."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def short_repr(value: object, limit: int = 80) -> str:
    """repr() for a message: a hostile 1 MB value must not become a 1 MB line of output."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"
