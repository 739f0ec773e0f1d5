"""Figures, timing and the printed table shared by the benchmark's sections."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Compare = Literal["ratio", "delta", "info"]


@dataclass
class Figure:
    """One measured figure beside its floor.

    compare="ratio": value / floor must be <= target (e.g. 1.2 for "at most 20% over the floor").
    compare="delta": value - floor must be <= target, in the figure's unit (memory: MB over the floor).
    compare="info": reported only.
    """

    section: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    compare: Compare = "info"
    target: float | None = None
    detail: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.compare == "info":
            return None
        if self.compare == "delta":
            return self.value - self.floor
        return self.value / self.floor if self.floor else float("inf")

    @property
    def status(self) -> str:
        r = self.ratio
        if r is None or self.target is None:
            return "info"
        return "PASS" if r <= self.target else "MISS"

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        d["status"] = self.status
        d["samples"] = [round(s, 4) for s in self.samples]
        return d


def timed(fn: Callable[[], object]) -> float:
    """Seconds taken by one call."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def cpu_timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds (all its threads) taken by one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "x":
        return f"{value:.1f}x"
    return f"{value:g} {unit}"


def _ratio_text(f: Figure) -> str:
    r = f.ratio
    if r is None:
        return ""
    return f"{r:+.0f} {f.unit}" if f.compare == "delta" else f"{r:.2f}x"


def _target_text(f: Figure) -> str:
    if f.target is None or f.compare == "info":
        return ""
    return f"<= {f.target:+.0f} {f.unit}" if f.compare == "delta" else f"<= {f.target:g}x"


def table(figures: list[Figure]) -> str:
    head = ("section", "figure", "value", "floor", "floor is", "ratio", "target", "result")
    rows = [
        (
            f.section, f.name, _num(f.value, f.unit), _num(f.floor, f.unit), f.floor_name,
            _ratio_text(f), _target_text(f), f.status,
        )
        for f in figures
    ]  # fmt: skip
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    right = {2, 3, 5}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    details = [f"  {f.section}/{f.name}: {f.detail}" for f in figures if f.detail]
    if details:
        out += ["", "details:", *details]
    return "\n".join(out)


def markdown_table(figures: list[Figure]) -> str:
    out = ["| section | figure | value | floor | floor is | ratio | target | result |", "|---|---|--:|--:|---|--:|---|---|"]
    for f in figures:
        out.append(
            f"| {f.section} | {f.name} | {_num(f.value, f.unit)} | {_num(f.floor, f.unit)} | {f.floor_name} "
            f"| {_ratio_text(f)} | {_target_text(f)} | {f.status} |"
        )
    return "\n".join(out)


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover
        return None


def machine() -> dict[str, Any]:
    import pandas
    import plotly
    import pydantic
    import streamlit
    import yaml

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "plotly": plotly.__version__,
        "pydantic": pydantic.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
    }


def write_results(path: Path, figures: list[Figure], details: dict[str, Any], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**meta, "figures": [f.as_dict() for f in figures], "details": details}
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")


def figures_from_json(path: Path) -> list[Figure]:
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = {f for f in Figure.__dataclass_fields__}
    return [Figure(**{k: v for k, v in d.items() if k in fields}) for d in data["figures"]]


if __name__ == "__main__":  # python -m benchmarks.report [results.json]: the table as Markdown, for the docs
    import sys

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results.json"
    print(markdown_table(figures_from_json(source)))
