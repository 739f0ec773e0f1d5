"""Load the metric store: safe YAML, pydantic schema, whole-store rules, all-or-nothing.

A store either loads completely valid or raises StoreError listing every problem with
file:line:column, so neither the app nor the command line ever works on half-checked data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from loaders.checks import Finding, check_store
from loaders.errors import Problem, StoreError, path_text, short_repr
from loaders.schema import STORE_VERSION, Store
from loaders.units import UNIT_IDS
from loaders.yaml_source import Document, Mark, YamlError, decode, parse, read_bytes


@dataclass(frozen=True)
class LoadedStore:
    """The validated store plus what is needed to point back into the file."""

    model: Store
    path: str
    digest: str  # sha256 of the file's bytes: the cache key for everything derived from it
    document: Document
    warnings: tuple[Problem, ...] = ()  # what a curator should mend; the store loads all the same

    def line_of(self, path: tuple[str | int, ...]) -> int:
        return self.document.mark_for(path).line


def _type_name(value: Any) -> str:
    return {
        str: "text",
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        dict: "a mapping",
        list: "a list",
    }.get(type(value), type(value).__name__)


_EXPECTED = {
    "float_type": "a number", "float_parsing": "a number", "int_type": "a number", "int_parsing": "a number",
    "bool_type": "true or false", "string_type": "text", "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys", "list_type": "a list",
}  # fmt: skip


def _message(error: dict[str, Any]) -> str:
    kind, value, loc = error["type"], error.get("input"), error["loc"]
    field = str(loc[-1]) if loc else "document"
    if value is None and kind in _EXPECTED:
        return f"no value: expected {_EXPECTED[kind]}"
    if kind == "missing":
        return f"missing required key {short_repr(field)}"
    if kind == "extra_forbidden":
        return f"unknown key {short_repr(field)}"
    if kind == "finite_number":
        return f"{short_repr(value)} is not allowed: a value must be a finite number (no NaN or infinity)"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        return f"expected a number, got {_type_name(value)} {short_repr(value)}"
    if kind == "bool_type":
        return f"expected true or false, got {short_repr(value)}"
    if kind in ("string_type",):
        return f"expected text, got {_type_name(value)} {short_repr(value)}"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping of keys, got {_type_name(value)} {short_repr(value)}"[:200]
    if kind == "list_type":
        return f"expected a list, got {_type_name(value)}"
    if kind == "string_pattern_mismatch":
        return f"{short_repr(value)} is not a valid id (lowercase letters, digits and _, starting with a letter)"
    if kind == "literal_error":
        if field == "unit":
            return f"unknown unit {short_repr(value)}; use one of {', '.join(UNIT_IDS)}"
        expected = error.get("ctx", {}).get("expected", "")
        return f"{short_repr(value)} is not allowed for {field}; use one of {expected}"
    if kind in ("string_too_short",):
        return "must not be empty"
    if kind in ("string_too_long",):
        return f"is longer than {error.get('ctx', {}).get('max_length')} characters"
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"{short_repr(value)} is not a date in the form YYYY-MM-DD"
    msg = error["msg"]
    return msg.removeprefix("Value error, ")


_SHOWN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_ -]{0,39}")  # an unknown key that reads like one: a misspelt field


def _schema_problems(exc: ValidationError, doc: Document, file: str) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        is_key = "[key]" in loc
        loc = tuple(part for part in loc if part != "[key]")
        message = _message(error)
        if error["type"] == "extra_forbidden" and loc and not _SHOWN_KEY.fullmatch(str(loc[-1])):
            # a key that is no word of the store's (a line of some other file the path led to, a
            # secret pasted by mistake) is not repeated to every reader: its place and length only
            mark = doc.mark_for(loc)
            text = f"an unknown key of {len(str(loc[-1])):,} characters (not shown: not a key of the store)"
            problems.append(Problem(file, mark.line, mark.column, path_text(loc[:-1]), text))
            continue
        if is_key:
            message = f"key {message}"
        mark = doc.mark_for(loc)
        problems.append(Problem(file, mark.line, mark.column, path_text(loc), message))
    return problems


def _yaml_problem(exc: YamlError, file: str) -> Problem:
    mark = exc.mark or Mark(1, 1)
    return Problem(file, mark.line, mark.column, "", exc.message)


def _located(findings: list[Finding], doc: Document, file: str) -> list[Problem]:
    problems = []
    for path, message in findings:
        mark = doc.mark_for(path)
        problems.append(Problem(file, mark.line, mark.column, path_text(path), message))
    return problems


def validate_document(doc: Document, file: str, today: dt.date) -> Store:
    """The store, valid in every rule, or StoreError listing every problem.

    `today` is the real date, passed in by the command, app or export that reads the store: its
    future-date checks catch typos, so a view of a past day (ALIBABA_AI_TODAY) still loads today's store.
    """
    if not isinstance(doc.data, dict):
        raise StoreError([Problem(file, 1, 1, "", "the store must be a mapping with version, sources and metrics")])
    version = doc.data.get("version")
    if version != STORE_VERSION:
        mark = doc.mark_for(("version",))
        found = f"version {short_repr(version)}" if "version" in doc.data else "no version"
        raise StoreError(
            [
                Problem(
                    file, mark.line, mark.column, "version",
                    f"{found}: this program reads store format {STORE_VERSION} (version: {STORE_VERSION}); "
                    "docs/store-format.md says what changed",
                )
            ]
        )  # fmt: skip
    try:
        store = Store.model_validate(doc.data)
    except ValidationError as exc:
        raise StoreError(_schema_problems(exc, doc, file)) from None
    findings = check_store(store, today)
    if findings:
        raise StoreError(_located(findings, doc, file))
    missing = _missing_sections(store)
    if missing:
        raise StoreError([_missing_problem(doc, file, missing)])
    return store


REQUIRED_SECTIONS = ("sources", "metrics", "plans", "events")


def _missing_sections(store: Store) -> list[str]:
    """The sections every store has that this one lacks or leaves empty, and 'observations' when no
    metric has any: what a file cut short (copied in part, or read while being saved) lacks first,
    since the sections follow one another and events come last."""
    missing = [name for name in REQUIRED_SECTIONS if not getattr(store, name)]
    if store.metrics and not any(metric.observations for metric in store.metrics.values()):
        missing.append("observations")
    return missing


def _missing_problem(doc: Document, file: str, missing: list[str]) -> Problem:
    """One problem for all missing sections, at the end of the file, where a cut-short file stops."""
    last = max((mark.line for mark in doc.marks.values()), default=1)
    names = ", ".join(repr(name) for name in missing)
    return Problem(
        file, last, 1, "",
        f"the store has no {names}: every store has sources, metrics with observations, plans and events. "
        "A file that ends early (cut short when copied, or still being saved) lacks its last sections",
    )  # fmt: skip


def open_store(path: str | Path, today: dt.date) -> LoadedStore:
    """Read, parse and validate; raises StoreError (never anything else) for a bad file.

    The file is read once (loaders.yaml_source.read_bytes: a regular file only, bounded in size),
    and its digest and its content come from the same bytes.
    """
    file = str(path)
    try:
        raw = read_bytes(Path(path))
    except YamlError as exc:
        raise StoreError([_yaml_problem(exc, file)]) from None
    return open_store_bytes(raw, file, today)


def open_store_bytes(raw: bytes, file: str, today: dt.date) -> LoadedStore:
    """The store these bytes hold, with their sha256 as its digest; StoreError names `file`."""
    try:
        doc = parse(decode(raw))
    except YamlError as exc:
        raise StoreError([_yaml_problem(exc, file)]) from None
    store = validate_document(doc, file, today)
    digest = hashlib.sha256(raw).hexdigest()
    return LoadedStore(store, file, digest, doc)


def load_store(path: str | Path, today: dt.date) -> Store:
    return open_store(path, today).model


def load_store_bytes(raw: bytes, name: str, today: dt.date) -> Store:
    """Validate content that is not (yet) a file, e.g. for property tests."""
    return open_store_bytes(raw, name, today).model
