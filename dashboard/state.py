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
from loaders import calendar

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


OPTIONS: tuple[Option, ...] = (
    Option("currency", "RMB", _choice("RMB", "USD"), str),
    Option("labels", "fiscal", _choice("fiscal", "calendar"), str),
    Option("events", True, _flag, lambda v: "1" if v else "0"),
    Option("plan_start", None, _quarter, str),
    Option("quarter", None, _quarter, str),
    Option("segments", (), _segments, lambda v: ",".join(v)),  # type: ignore[arg-type]
)
_BY_KEY = {o.key: o for o in OPTIONS}
PREFIX = "opt_"
TODAY_KEY = "today"  # the day this run measures against, read once per run by the router


def init_from_url() -> None:
    """On a session's first run, take each option from the URL (if valid) or its default."""
    if st.session_state.get(f"{PREFIX}ready"):
        return
    params = st.query_params
    for opt in OPTIONS:
        value = opt.default
        raw = params.get(opt.key)
        if raw is not None:
            try:
                value = opt.parse(raw)
            except ValueError:
                value = opt.default
        st.session_state[PREFIX + opt.key] = value
    st.session_state[f"{PREFIX}ready"] = True


def get(key: str) -> object:
    return st.session_state.get(PREFIX + key, _BY_KEY[key].default)


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
        today=st.session_state.get(TODAY_KEY) or calendar.today(),
    )


def bind(key: str) -> tuple[str, Callable[[], None]]:
    """A widget key and an on_change callback that copies the widget's value into the option."""
    widget_key = f"w_{key}"

    def copy() -> None:
        value = st.session_state[widget_key]
        set_option(key, tuple(value) if isinstance(value, list) else value)

    return widget_key, copy
