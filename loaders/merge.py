"""A reviewed draft added to the hand-edited store by inserting lines, never by rewriting it.

The store is edited by hand, comments and all, so a merge only adds: the draft's source goes at the
end of `sources:`, each observation after the last one of its metric, a new metric (when the draft
defines it) at the end of `metrics:`. Every existing byte stays where it was. The result is
validated as a whole before anything is written; the old file is copied to data/backups/ and the
new one replaces it in one rename, so a write cut short leaves the old store as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loaders.authority import are_twins
from loaders.errors import StoreError
from loaders.store import validate_document
from loaders.yaml_source import Document, YamlError, parse

BACKUP_DIR = Path("data") / "backups"  # beside the store; ignored by git
OBSERVATION_KEYS = (
    "period", "value", "value_high", "value_usd", "yoy_pct", "basis", "provider", "estimated_on", "table_scale",
    "source", "quote", "note",
)  # fmt: skip
SOURCE_KEYS = (
    "title",
    "issuer",
    "kind",
    "url",
    "read_at",
    "offline_copy",
    "published",
    "accessed",
    "grade",
    "pdf",
    "machine_translated",
    "note",
)
METRIC_KEYS = ("name", "subject", "unit", "category", "can_be_negative", "description", "display", "part_of", "growth_of")


class MergeError(Exception):
    """The draft cannot be merged; every line says what and where, and nothing was written."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class MergePlan:
    text: str  # the store's text with the draft's lines inserted
    added_sources: list[str] = field(default_factory=list)
    added_observations: list[tuple[str, str, str, str]] = field(default_factory=list)  # metric, period, basis, source
    added_metrics: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # values that differ from figures already stored


def scalar(value: object) -> str:
    """One YAML scalar as the store writes it: dates quoted, text quoted only where YAML needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    text = yaml.safe_dump(str(value), default_flow_style=True, allow_unicode=True, width=1_000_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _mapping_lines(data: dict[str, Any], keys: tuple[str, ...], indent: int) -> list[str]:
    out = []
    pad = " " * indent
    ordered = [k for k in keys if k in data] + [k for k in data if k not in keys]
    for key in ordered:
        value = data[key]
        if value is None:
            continue
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out.extend(_mapping_lines(value, tuple(value), indent + 2))
        elif isinstance(value, list):
            out.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


def observation_lines(item: dict[str, Any], dash_indent: int) -> list[str]:
    body = _mapping_lines(item, OBSERVATION_KEYS, dash_indent + 2)
    first = body[0]
    return [" " * dash_indent + "- " + first[dash_indent + 2 :], *body[1:]]


def source_lines(source_id: str, source: dict[str, Any], indent: int = 2) -> list[str]:
    return [f"{' ' * indent}{source_id}:", *_mapping_lines(source, SOURCE_KEYS, indent + 2)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_end(lines: list[str], start: int, parent_indent: int) -> int:
    """The index after the last content line of the block that starts at line index `start`: the block runs
    until a content line indented no deeper than `parent_indent`."""
    last = start
    for i in range(start + 1, len(lines)):
        if not _is_content(lines[i]):
            continue
        if _indent(lines[i]) <= parent_indent:
            break
        last = i
    return last + 1


def _top_key_line(lines: list[str], key: str) -> int:
    for i, line in enumerate(lines):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return i
    raise MergeError([f"the store has no top-level '{key}:' line to add to"])


def plan_merge(store_text: str, store_doc: Document, draft: dict[str, Any], store_name: str = "store") -> MergePlan:
    """The store's text with the draft's lines inserted, and what it adds; refuses what the store already has."""
    lines = store_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    data = store_doc.data
    problems: list[str] = []
    inserts: dict[int, list[str]] = {}  # line index -> lines to insert before it
    plan = MergePlan(text="")

    def insert(at: int, new: list[str]) -> None:
        inserts.setdefault(at, []).extend(line + "\n" for line in new)

    # sources
    sources = draft.get("sources") or {}
    if not isinstance(sources, dict):
        raise MergeError(["the draft's 'sources:' must be a mapping of source ids"])
    store_sources = data.get("sources") or {}
    src_top = _top_key_line(lines, "sources")
    src_end = _block_end(lines, src_top, 0)
    for sid, source in sources.items():
        if sid in store_sources:
            if store_sources[sid].get("url") != source.get("url") and (store_sources[sid].get("read_at") or {}).get(
                "url"
            ) != source.get("url"):
                problems.append(f"sources.{sid}: the store already has a source {sid!r} with another url; rename the draft's")
            continue  # the store's own entry is kept as it is
        insert(src_end, ["", *source_lines(sid, source)])
        plan.added_sources.append(sid)

    # observations
    metrics = draft.get("metrics") or {}
    if not isinstance(metrics, dict):
        raise MergeError(["the draft's 'metrics:' must be a mapping of metric ids"])
    store_metrics = data.get("metrics") or {}
    met_top = _top_key_line(lines, "metrics")
    met_end = _block_end(lines, met_top, 0)
    for mid, metric in metrics.items():
        items = (metric or {}).get("observations") or []
        if not isinstance(items, list):
            problems.append(f"metrics.{mid}.observations: must be a list")
            continue
        if mid not in store_metrics:
            if all(k in (metric or {}) for k in ("name", "unit", "category", "description")):
                block = [
                    f"  {mid}:",
                    *_mapping_lines({k: v for k, v in metric.items() if k != "observations"}, METRIC_KEYS, 4),
                    "    observations:",
                ]
                for item in items:
                    block.extend(observation_lines(item, 4))
                    plan.added_observations.append(
                        (mid, str(item.get("period")), item.get("basis", "reported"), str(item.get("source")))
                    )
                insert(met_end, ["", *block])
                plan.added_metrics.append(mid)
            else:
                problems.append(
                    f"metrics.{mid}: the store has no metric {mid!r}; add its definition (name, unit, category, "
                    "description) to the store or to the draft first"
                )
            continue
        stored = store_metrics[mid].get("observations") or []
        existing = {(str(o.get("period")), o.get("basis", "reported"), o.get("source")): o for o in stored if isinstance(o, dict)}
        for item in items:
            key = (str(item.get("period")), item.get("basis", "reported"), item.get("source"))
            if key in existing:
                line = store_doc.mark_for(("metrics", mid, "observations", stored.index(existing[key]))).line
                problems.append(
                    f"metrics.{mid}: {key[0]} ({key[1]}) from {key[2]} is already in the store "
                    f"(value {existing[key].get('value')}, line {line}): refused"
                )
                continue
            for o in stored:
                if str(o.get("period")) == key[0] and o.get("basis", "reported") == key[1]:
                    try:
                        same = are_twins(float(o.get("value")), float(item.get("value")))
                    except (TypeError, ValueError):
                        same = False
                    if not same:
                        plan.conflicts.append(
                            f"{mid} {key[0]} ({key[1]}): draft {item.get('value')} from {key[2]} beside stored "
                            f"{o.get('value')} from {o.get('source')}: both kept"
                        )
        new_items = [i for i in items if (str(i.get("period")), i.get("basis", "reported"), i.get("source")) not in existing]
        if not new_items:
            continue
        where = _observations_end(lines, store_doc, mid, len(stored))
        if where is None:
            problems.append(
                f"metrics.{mid}: its observations are not a block list the merge can add lines to "
                "(e.g. 'observations: []'); add one by hand first"
            )
            continue
        at, dash = where
        block = []
        for item in new_items:
            block.extend(observation_lines(item, dash))
            plan.added_observations.append((mid, str(item.get("period")), item.get("basis", "reported"), str(item.get("source"))))
        insert(at, block)
    if problems:
        raise MergeError(problems)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(line)
    out.extend(inserts.get(len(lines), []))
    plan.text = "".join(out)
    return plan


def _observations_end(lines: list[str], doc: Document, metric: str, count: int) -> tuple[int, int] | None:
    """Where a metric's next observation goes (line index) and the column of its dash."""
    if count:
        mark = doc.marks.get(("metrics", metric, "observations", count - 1))
        if mark is None:
            return None
        start = mark.line - 1
        dash = lines[start].find("-")
        if dash < 0 or not lines[start][dash:].startswith("- "):
            return None
        return _block_end(lines, start, dash), dash
    return None  # `observations: []`, or none yet: not a block list to add to


def merged_text(store_path: Path, draft_path: Path, today: dt.date) -> MergePlan:
    """The store with the draft added, validated whole; raises MergeError (nothing written) otherwise."""
    try:
        store_text = store_path.read_text(encoding="utf-8")
        store_doc = parse(store_text)
    except (OSError, UnicodeDecodeError) as exc:
        raise MergeError([f"{store_path}: cannot read the store: {exc}"]) from None
    except YamlError as exc:
        raise MergeError([f"{store_path}:{exc.mark.line if exc.mark else 1}: {exc.message}"]) from None
    try:
        draft_text = draft_path.read_text(encoding="utf-8")
        draft_doc = parse(draft_text)
    except (OSError, UnicodeDecodeError) as exc:
        raise MergeError([f"{draft_path}: cannot read the draft: {exc}"]) from None
    except YamlError as exc:
        raise MergeError([f"{draft_path}:{exc.mark.line if exc.mark else 1}: {exc.message}"]) from None
    if not isinstance(draft_doc.data, dict):
        raise MergeError([f"{draft_path}: a draft is a mapping with 'sources:' and 'metrics:'"])
    plan = plan_merge(store_text, store_doc, draft_doc.data, str(store_path))
    check_merged(plan.text, f"{store_path} with {draft_path} added", today)
    return plan


def check_merged(text: str, name: str, today: dt.date) -> None:
    try:
        validate_document(parse(text), name, today)
    except YamlError as exc:
        raise MergeError([f"{name}:{exc.mark.line if exc.mark else 1}: {exc.message}"]) from None
    except StoreError as exc:
        raise MergeError([str(p) for p in exc.problems]) from None


def backup(store_path: Path, now: dt.datetime) -> Path:
    """A copy of the store as it was, in data/backups/ beside it."""
    folder = store_path.parent / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{store_path.stem}.{now:%Y%m%dT%H%M%S}{store_path.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{store_path.stem}.{now:%Y%m%dT%H%M%S}-{n}{store_path.suffix}"
        n += 1
    shutil.copy2(store_path, target)
    return target


def write_atomically(path: Path, text: str) -> None:
    """The new text in a temporary file beside `path`, then one rename over it: readers see old or new, never half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def merge(store_path: Path, draft_path: Path, today: dt.date, now: dt.datetime) -> tuple[MergePlan, Path]:
    """Validate the store with the draft added, back the old file up, then write the new one."""
    plan = merged_text(store_path, draft_path, today)
    copy = backup(store_path, now)
    write_atomically(store_path, plan.text)
    return plan, copy
