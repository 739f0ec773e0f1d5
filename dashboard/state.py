"""View options kept in the URL, so a view can be bookmarked, shared and restored on reload.

Options live in session state under their own keys (which survive page switches); widgets write
to them through callbacks, and every run mirrors them into st.query_params. Values read from a
URL are checked: anything unknown falls back to the default rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from charts.options import ViewOptions
from loaders.vocab import EVENT_CATEGORIES
from pagemodels.options import SOURCES_TABLES

_QUARTER = re.compile(r"^FY\d{4}Q[1-4]$")
_SEGMENT = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Option:
    key: str  # URL parameter and session-state key (prefixed)
    default: object
    parse: Callable[[str], object]
    dump: Callable[[object], str]


def _choice(*allowed: str) -> Callable[[str], object]:
    def parse(text: str) -> object:
        if text not in allowed:
            raise ValueError(text)
        return text

    return parse


def _flag(text: str) -> object:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


def _quarter(text: str) -> object:
    if not _QUARTER.match(text):
        raise ValueError(text)
    return text


def _segments(text: str) -> object:
    items = tuple(s for s in text.split(",") if s)
    if not all(_SEGMENT.match(s) for s in items):
        raise ValueError(text)
    return items


def _categories(text: str) -> object:
    items = tuple(c for c in text.split(",") if c)
    if not all(c in EVENT_CATEGORIES for c in items):
        raise ValueError(text)
    return items


MAX_PARAM = 2000  # a longer URL parameter is refused before it is parsed

OPTIONS: tuple[Option, ...] = (
    Option("currency", "RMB", _choice("RMB", "USD"), str),
    Option("labels", "fiscal", _choice("fiscal", "calendar"), str),
    Option("events", False, _flag, lambda v: "1" if v else "0"),
    Option("plan_start", None, _quarter, str),
    Option("quarter", None, _quarter, str),
    Option("segments", (), _segments, lambda v: ",".join(v)),  # type: ignore[arg-type]
    Option("categories", (), _categories, lambda v: ",".join(v)),  # type: ignore[arg-type]
    Option("table", "values", _choice(*SOURCES_TABLES), str),
)
# options a page keeps for the session but not in the URL: the Sources page's filter words
SESSION_ONLY: dict[str, object] = {"words": ""}
_BY_KEY = {o.key: o for o in OPTIONS}
PREFIX = "opt_"


def init_from_url() -> None:
    """On a session's first run, take each option from the URL (if valid) or its default."""
    if st.session_state.get(f"{PREFIX}ready"):
        return
    params = st.query_params
    for opt in OPTIONS:
        value = opt.default
        raw = params.get(opt.key)
        if raw is not None and len(raw) <= MAX_PARAM:
            try:
                value = opt.parse(raw)
            except ValueError:
                value = opt.default
        st.session_state[PREFIX + opt.key] = value
    for key, value in SESSION_ONLY.items():
        st.session_state[PREFIX + key] = value
    st.session_state[f"{PREFIX}ready"] = True


def get(key: str) -> object:
    default = SESSION_ONLY[key] if key in SESSION_ONLY else _BY_KEY[key].default
    return st.session_state.get(PREFIX + key, default)


def set_option(key: str, value: object) -> None:
    st.session_state[PREFIX + key] = value


def sync_to_url() -> None:
    """Write non-default options to the URL; remove the defaults to keep links short.

    The URL is read once and written only where it differs: six reads of st.query_params cost a
    rerun more than some of its elements.
    """
    wanted = {opt.key: opt.dump(value) for opt in OPTIONS if (value := get(opt.key)) != opt.default}
    shown = st.query_params.to_dict()
    for opt in OPTIONS:
        if opt.key not in wanted:
            if opt.key in shown:
                del st.query_params[opt.key]
        elif shown.get(opt.key) != wanted[opt.key]:
            st.query_params[opt.key] = wanted[opt.key]


def view_options() -> ViewOptions:
    return ViewOptions(
        currency=get("currency"),  # type: ignore[arg-type]
        labels=get("labels"),  # type: ignore[arg-type]
        show_events=bool(get("events")),
        plan_start=get("plan_start"),  # type: ignore[arg-type]
        segment_quarter=get("quarter"),  # type: ignore[arg-type]
        segments=tuple(get("segments")),  # type: ignore[arg-type]
        categories=tuple(get("categories")),  # type: ignore[arg-type]
        table=str(get("table")),
        words=str(get("words")),
    )


def apply(opts: ViewOptions) -> None:
    """Keep the options a page model applied (normalised against the store), so the widgets, the charts
    and the URL agree: a link's quarter the store does not have becomes the default everywhere."""
    for key, value in (
        ("currency", opts.currency), ("labels", opts.labels), ("events", opts.show_events),
        ("plan_start", opts.plan_start), ("quarter", opts.segment_quarter), ("segments", opts.segments),
        ("categories", opts.categories), ("table", opts.table), ("words", opts.words),
    ):  # fmt: skip
        set_option(key, value)


def bind(option: str, widget_key: str | None = None) -> tuple[str, Callable[[], None]]:
    """A widget key and an on_change callback that copies the widget's value into the option."""
    key = widget_key or f"w_{option}"

    def copy() -> None:
        value = st.session_state[key]
        set_option(option, tuple(value) if isinstance(value, list) else value)

    return key, copy
