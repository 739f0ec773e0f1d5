"""View options kept in the URL, so a view can be bookmarked, shared and restored on reload.

Options live in session state as one value, a Session (which survives page switches): a rerun
reads it once, where nine keys cost nine look-ups and nine writes, a third of a millisecond of
every rerun on a page whose whole run is a few milliseconds.
Widgets write to it through callbacks, and every run mirrors it into st.query_params. Values read
from a URL are checked: anything unknown falls back to the default rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

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
# options a page keeps for the session but not in the URL: the Sources page's filter words and table page
SESSION_ONLY: dict[str, object] = {"words": "", "table_page": "1"}
SESSION_KEY = "opt_session"  # session state: the reader's Session


@dataclass
class Session:
    """One reader's options (option -> value) and what was last written to their URL."""

    values: dict[str, object]
    url: tuple[str, dict[str, str]] | None = None  # (page, parameters)


def _session() -> Session:
    return st.session_state[SESSION_KEY]  # type: ignore[no-any-return]


def init_from_url() -> Session:
    """The reader's options; on a session's first run, each taken from the URL (if valid) or its default."""
    session = st.session_state.get(SESSION_KEY)
    if session is not None:
        return session  # type: ignore[no-any-return]
    params = st.query_params
    values: dict[str, object] = {}
    for opt in OPTIONS:
        value = opt.default
        raw = params.get(opt.key)
        if raw is not None and len(raw) <= MAX_PARAM:
            try:
                value = opt.parse(raw)
            except ValueError:
                value = opt.default
        values[opt.key] = value
    values.update(SESSION_ONLY)
    session = st.session_state[SESSION_KEY] = Session(values)
    return session


def set_option(key: str, value: object) -> None:
    _session().values[key] = value


def sync_to_url(session: Session, page: str) -> None:
    """Write non-default options to the URL; remove the defaults to keep links short.

    The URL is written only when the options in the address the browser sent with this run differ
    from the reader's (a page switch starts from a bare URL). That address is the truth, not what
    this session last wrote: a run cut short by a quick second click (leave a page and at once come
    back) never wrote its page's options, and the page it returns to must write them again.
    Reading it is a string parse, where reading st.query_params costs a rerun more than some of its
    elements.
    """
    values = session.values
    wanted = {opt.key: opt.dump(value) for opt in OPTIONS if (value := values[opt.key]) != opt.default}
    if _url_options() == wanted:
        session.url = (page, wanted)
        return
    shown = st.query_params.to_dict()
    for opt in OPTIONS:
        if opt.key not in wanted:
            if opt.key in shown:
                del st.query_params[opt.key]
        elif shown.get(opt.key) != wanted[opt.key]:
            st.query_params[opt.key] = wanted[opt.key]
    session.url = (page, wanted)


_OPTION_KEYS = frozenset(opt.key for opt in OPTIONS)


def _url_options() -> dict[str, str] | None:
    """The view options in the query string the browser sent with this run (None outside a run)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    return {key: value for key, value in parse_qsl(ctx.query_string, keep_blank_values=True) if key in _OPTION_KEYS}


def view_options(session: Session) -> ViewOptions:
    values = session.values
    return ViewOptions(
        currency=values["currency"],  # type: ignore[arg-type]
        labels=values["labels"],  # type: ignore[arg-type]
        show_events=bool(values["events"]),
        plan_start=values["plan_start"],  # type: ignore[arg-type]
        segment_quarter=values["quarter"],  # type: ignore[arg-type]
        segments=tuple(values["segments"]),  # type: ignore[arg-type]
        categories=tuple(values["categories"]),  # type: ignore[arg-type]
        table=str(values["table"]),
        words=str(values["words"]),
        table_page=str(values["table_page"]),
    )


def apply(session: Session, opts: ViewOptions) -> None:
    """Keep the options a page model applied (normalised against the store), so the widgets, the charts
    and the URL agree: a link's quarter the store does not have becomes the default everywhere."""
    session.values.update(
        currency=opts.currency, labels=opts.labels, events=opts.show_events, plan_start=opts.plan_start,
        quarter=opts.segment_quarter, segments=opts.segments, categories=opts.categories, table=opts.table,
        words=opts.words, table_page=opts.table_page,
    )  # fmt: skip


def bind(option: str, widget_key: str | None = None) -> tuple[str, Callable[[], None]]:
    """A widget key and an on_change callback that copies the widget's value into the option."""
    key = widget_key or f"w_{option}"

    def copy() -> None:
        value = st.session_state[key]
        set_option(option, tuple(value) if isinstance(value, list) else value)

    return key, copy
