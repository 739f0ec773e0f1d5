"""Load the metric store: safe YAML, pydantic schema, whole-store rules, all-or-nothing.

A store either loads completely valid or raises StoreError listing every problem with
file:line:column, so neither the app nor the command line ever works on half-checked data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from loaders.checks import check_store
from loaders.errors import Problem, StoreError, path_text, short_repr
from loaders.schema import Store
from loaders.units import UNIT_IDS
from loaders.yaml_source import Document, Mark, YamlError, decode, parse, read_text

DEFAULT_STORE = Path("metrics.yaml")


@dataclass(frozen=True)
class LoadedStore:
    """The validated store plus what is needed to point back into the file."""

    model: Store
    path: str
    digest: str  # sha256 of the file's bytes: the cache key for everything derived from it
    document: Document

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


def _schema_problems(exc: ValidationError, doc: Document, file: str) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        is_key = "[key]" in loc
        loc = tuple(part for part in loc if part != "[key]")
        message = _message(error)
        if is_key:
            message = f"key {message}"
        mark = doc.mark_for(loc)
        problems.append(Problem(file, mark.line, mark.column, path_text(loc), message))
    return problems


def _yaml_problem(exc: YamlError, file: str) -> Problem:
    mark = exc.mark or Mark(1, 1)
    return Problem(file, mark.line, mark.column, "", exc.message)


def validate_document(doc: Document, file: str, today: dt.date | None = None) -> Store:
    if not isinstance(doc.data, dict):
        raise StoreError([Problem(file, 1, 1, "", "the store must be a mapping with version, sources and metrics")])
    try:
        store = Store.model_validate(doc.data)
    except ValidationError as exc:
        raise StoreError(_schema_problems(exc, doc, file)) from None
    findings = check_store(store, today or dt.date.today())
    if findings:
        problems = []
        for path, message in findings:
            mark = doc.mark_for(path)
            problems.append(Problem(file, mark.line, mark.column, path_text(path), message))
        raise StoreError(problems)
    return store


def open_store(path: str | Path = DEFAULT_STORE, today: dt.date | None = None) -> LoadedStore:
    """Read, parse and validate; raises StoreError (never anything else) for a bad file."""
    path = Path(path)
    file = str(path)
    try:
        text = read_text(path)
        doc = parse(text)
    except YamlError as exc:
        raise StoreError([_yaml_problem(exc, file)]) from None
    store = validate_document(doc, file, today)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedStore(store, file, digest, doc)


def load_store(path: str | Path = DEFAULT_STORE, today: dt.date | None = None) -> Store:
    return open_store(path, today).model


def load_store_bytes(raw: bytes, name: str = "<bytes>", today: dt.date | None = None) -> Store:
    """Validate content that is not (yet) a file, e.g. for property tests."""
    try:
        doc = parse(decode(raw))
    except YamlError as exc:
        raise StoreError([_yaml_problem(exc, name)]) from None
    return validate_document(doc, name, today)


def file_digest(path: str | Path) -> str:
    """A cheap identity for cache keys: the file's sha256 (content, not mtime)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"
