"""The page floor: each page of the app written out as the plain Streamlit script a person would write by hand.

Generated from the page models the app draws, so it draws the same elements with the same keys in
the same order: page config, sidebar, view pills, notice, title, every block, the deck and workbook
buttons. Each element is one literal `st.*` call; figures (painted by benchmarks.builds.screen, as
the app paints them) and tables come from one pickle loaded once. No store, no caching of our own, no URL
state, no dashboard.render: an inefficient renderer cannot hide in both. The floor app runs under
the app's .streamlit/config.toml and imports the libraries the app imports. An unknown block kind
raises FloorError (tests/test_benchmarks.py compares the two element trees page by page).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.builds import screen as paint_screen
from charts.options import ViewOptions
from dashboard.data import APP_DIR
from dashboard.layout import VIEW_HELP, VIEW_KEY, VIEW_PILLS
from dashboard.png import INSTALL_HINT, find_chromium, modebar_config
from dashboard.render import LINK_ICON, TABLE_LABEL, citation_markdown, escape_lines, escape_md
from dashboard.router import FAVICON, TITLE
from loaders import build_frames, calendar, open_store
from pagemodels import model as pm
from pagemodels.registry import PAGES, PageSpec, build_page, default_page

APP_CONFIG = APP_DIR / ".streamlit" / "config.toml"  # the server config the app runs under
ENTRY = "floor_app.py"
PAGE_DIR = "floor_pages"  # not "pages": that name would put Streamlit in its pages-directory mode
DATA = "floor_data.py"  # loads the prepared values, once per server
LOADER = """import pickle
import plotly.graph_objects as go
import streamlit as st

class Figure(go.Figure):  # sent as painted, as the app's are (dashboard.render.SentAsPainted)
    def __init__(self, spec):
        super().__init__()
        self._spec = spec
    def to_dict(self):
        return self._spec

@st.cache_resource(show_spinner=False)
def data(path):
    with open(path, "rb") as fh:
        pages = pickle.load(fh)
    return {page: {k: Figure(v) if k.startswith("chart-") else v for k, v in d.items()} for page, d in pages.items()}
"""
# each page's URL path: the default page at the root
URL_PATHS = {spec.slug: ("" if spec.slug == default_page() else spec.slug) for spec in PAGES}
# what the app imports, so that the floor's server starts with the same libraries loaded
IMPORTS = "import pandas, plotly.graph_objects, pyarrow, pydantic, pptx, xlsxwriter, yaml  # noqa: F401\n"
BREAK = "  \n"  # a line break in Markdown
VIEW_VALUE = {"currency": "currency", "labels": "labels", "events": "show_events"}  # pill -> ViewOptions field
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG_HELP = "Rendered on the server at 2x, white background, with title and sources inside the image"
DECK_HELP = "One 16:9 slide per chart; every value with its source, grade and quote in the speaker notes"
BOOK_HELP = "One sheet per chart, every value the page uses with its source link, and the sources"


class FloorError(TypeError):
    """A page model holds a block the floor does not know how to write."""


class Code(str):
    """Source text written into the script as it is (a name, a lambda), not as a literal."""

    def __repr__(self) -> str:
        return str(self)


def page_models(store: Path, options: ViewOptions | None = None) -> dict[str, pm.PageModel]:
    """Every page's model as the app builds it for a first visit."""
    frames = build_frames(open_store(store, dt.date.today()))
    return {spec.slug: build_page(frames, spec.slug, options or ViewOptions(), calendar.today()) for spec in PAGES}


class _Script:
    """A page's script being written: its lines, and the figures and tables it reads from the pickle."""

    def __init__(self, slug: str) -> None:
        self.slug, self.lines, self.depth, self.data = slug, [], 0, {}

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def call(self, name: str, *args: object, where: str = "st", **kwargs: object) -> None:
        """One `where.name(args, key=value, ...)` line; None keyword values are left out."""
        self.line(_call(f"{where}.{name}", args, kwargs))

    @contextlib.contextmanager
    def block(self, name: str, *args: object, **kwargs: object) -> Iterator[None]:
        """`with st.name(...):` (or `with st.sidebar:` for a name without arguments or a call)."""
        self.line(f"with {_call(f'st.{name}', args, kwargs) if args or kwargs else f'st.{name}'}:")
        self.depth += 1
        yield
        self.depth -= 1

    def value(self, name: str, obj: object) -> Code:
        self.data[name] = obj
        return Code(f"D[{name!r}]")


def _call(fn: str, args: tuple[object, ...], kwargs: dict[str, object]) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items() if v is not None]
    return f"{fn}({', '.join(parts)})"


def _labels(labels: tuple[tuple[str, str], ...]) -> Code | None:
    return Code(f"{dict(labels)!r}.get") if labels else None


def _control(s: _Script, c: pm.Control, where: str = "st") -> None:
    common: dict[str, Any] = {"key": c.key, "label_visibility": "collapsed" if c.hide_label else "visible"}
    if c.kind == "select":
        index = c.choices.index(c.value) if c.value in c.choices else None  # type: ignore[arg-type]
        s.call("selectbox", c.label, c.choices, where=where, index=Code(repr(index)), format_func=_labels(c.labels),
               help=c.help, **common)  # fmt: skip
    elif c.kind in ("multiselect", "pills"):
        multi = "multi" if c.kind == "pills" else None
        s.call(c.kind, c.label, c.choices, where=where, selection_mode=multi, default=list(c.value or ()),  # type: ignore[call-overload]
               format_func=_labels(c.labels), help=c.help, **common)  # fmt: skip
    elif c.kind == "segmented":
        s.call("segmented_control", c.label, c.choices, where=where, default=c.value, required=True,
               format_func=_labels(c.labels), **common)  # fmt: skip
    elif c.kind == "text":
        s.call("text_input", c.label, where=where, value=c.value, placeholder=c.placeholder, max_chars=200, **common)
    else:
        raise FloorError(f"{s.slug}: no floor for a {c.kind!r} control")


def _column(c: pm.Column) -> Code:
    kind = {"link": "LinkColumn", "number": "NumberColumn", "date": "DateColumn", "checkbox": "CheckboxColumn"}.get(c.kind)
    extra = {"link": {"display_text": LINK_ICON}, "number": {"format": c.format}, "date": {"format": c.format or "YYYY-MM-DD"},
             "checkbox": {}}.get(c.kind, {"width": "large" if c.wide else None})  # fmt: skip
    args = [repr(c.label), *(f"{k}={v!r}" for k, v in {**extra, "help": c.help}.items())]
    return Code(f"st.column_config.{kind or 'TextColumn'}({', '.join(args)})")


def _download(s: _Script, label: str, name: str, mime: str, key: str, help_text: str | None = None) -> None:
    s.call("download_button", label, data=Code("lambda: b''"), file_name=name, mime=mime, key=key, on_click="ignore",
           help=help_text)  # fmt: skip


def _chart(s: _Script, b: pm.Chart, png: bool) -> None:
    r = b.spec
    if r.is_empty:
        s.call("info", escape_md(r.empty_message or "Nothing to show"))
        return
    screen, key = paint_screen(b), r.slug
    s.call("markdown", f"**{escape_md(screen.title)}**" + (f"{BREAK}{escape_md(screen.subtitle)}" if screen.subtitle else ""))
    s.call("plotly_chart", s.value(f"chart-{key}", screen.figure), theme=Code("None"),
           config=modebar_config(r.file_stem, screen.figure), key=f"chart-{key}")  # fmt: skip
    for head, lines in ((f"Events marked{BREAK}", screen.key), ("", screen.footnote)):  # the key, then the footnote
        if lines:
            s.call("caption", head + BREAK.join(escape_md(line) for line in lines))
    with s.block("popover", "Download or cite", key=f"actions-{key}", on_change="rerun"):
        with s.block("container", horizontal=True):
            if png:
                _download(s, "Download PNG", f"{r.file_stem}.png", "image/png", f"png-{key}", PNG_HELP)
            else:
                s.call("caption", INSTALL_HINT)
            _download(s, "Download CSV", f"{r.file_stem}.csv", "text/csv", f"csv-{key}")
        if b.citation:  # the long form is written only once the popover is opened
            s.call("caption", "Cite this chart")
            s.call("code", b.citation, language=Code("None"), wrap_lines=True)
    if b.has_values:  # the chart's table, folded: sent only once opened
        s.call("expander", TABLE_LABEL, key=f"table-{key}", on_change="rerun")


def _block(s: _Script, b: object, png: bool) -> None:
    if isinstance(b, pm.Text):
        s.call(b.kind, escape_md(b.text))
    elif isinstance(b, pm.Cards):
        with s.block("container", horizontal=True):
            for c in b.cards:
                detail = escape_md(c.detail) if c.detail else None
                helps = escape_lines(c.help) if c.help else None
                if c.delta is None:
                    s.call("metric", escape_md(c.label), c.value, delta=detail, delta_color="off", delta_arrow="off",
                           help=helps, border=True)  # fmt: skip
                else:
                    s.call("metric", escape_md(c.label), c.value, delta=c.delta, delta_description=detail, help=helps,
                           border=True)  # fmt: skip
                if c.note:
                    s.call("caption", escape_md(c.note))
    elif isinstance(b, pm.Citations):
        if b.citations:
            s.call("caption" if b.small else "markdown", citation_markdown(b.citations))
    elif isinstance(b, pm.Chart):
        _chart(s, b, png)
    elif isinstance(b, pm.Control):
        _control(s, b)
    elif isinstance(b, pm.Row):
        s.line(f"cols = st.columns({list(b.widths)!r})")
        for i, c in enumerate(b.controls):
            _control(s, c, f"cols[{i}]")
    elif isinstance(b, pm.Table):
        config = Code("{" + ", ".join(f"{k!r}: {_column(c)}" for k, c in b.columns.items()) + "}") if b.columns else None
        s.call("dataframe", s.value(f"table-{b.key}", b.arrow), hide_index=True, width="stretch", column_config=config)
    elif isinstance(b, pm.Downloads):
        with s.block("container", horizontal=True):
            for d in b.downloads:
                _download(s, d.label, d.file_name, d.mime, d.key)
    elif isinstance(b, pm.Expander):
        with s.block("expander", escape_md(b.label)):
            for inner in b.blocks:
                _block(s, inner, png)
    else:
        raise FloorError(f"{s.slug}: the floor has no element for a {type(b).__name__} block; add one to benchmarks.floor")


def page_script(model: pm.PageModel, spec: PageSpec, pickle_path: Path, png: bool) -> tuple[str, dict[str, Any]]:
    """One page as a plain script (what the router and the renderer draw for it), and the values it reads."""
    s = _Script(model.slug)
    with s.block("sidebar"):
        if spec.view:
            chosen = [n for n in spec.view if getattr(model.options, VIEW_VALUE[n]) == VIEW_PILLS[n][0]]
            names = Code(f"{ {n: VIEW_PILLS[n][2] for n in spec.view}!r}.get")
            s.call("pills", "View", spec.view, selection_mode="multi", default=chosen, key=VIEW_KEY, format_func=names,
                   help=escape_lines(VIEW_HELP))  # fmt: skip
        for line in model.sidebar:
            s.call("caption", escape_lines(line))
    if model.notice:
        s.call("warning", escape_md(model.notice))
    s.call("title", model.title)
    for b in model.blocks:
        _block(s, b, png)
    if any(not r.is_empty for r in model.charts):
        with s.block("container", horizontal=True):
            if png:
                _download(s, "Download deck (PowerPoint)", f"{model.slug}.pptx", PPTX, "page-deck", DECK_HELP)
            else:
                s.call("caption", INSTALL_HINT)
            _download(s, "Download workbook (Excel)", f"{model.slug}.xlsx", XLSX, "page-workbook", BOOK_HELP)
    head = f"import streamlit as st\nfrom {DATA[:-3]} import data\n\nD = data({str(pickle_path)!r})[{model.slug!r}]\n"
    return head + "\n".join(s.lines) + "\n", s.data


def entry_script() -> str:
    """The floor app's main script: page config, the hidden navigation, the sidebar's page links."""
    s = _Script("")
    s.line(IMPORTS + "import streamlit as st\n")
    s.call("set_page_config", page_title=TITLE, page_icon=FAVICON, layout="wide")
    s.line("if 'pages' not in st.session_state:  # made once per session, as the app does")
    s.line("    st.session_state.pages = [")
    for spec in PAGES:
        s.line("        " + _call("st.Page", (f"{PAGE_DIR}/{spec.slug}.py",), {
            "title": spec.nav_title, "url_path": spec.slug, "default": spec.slug == default_page()}) + ",")  # fmt: skip
    s.line("    ]")
    s.line("pages = st.session_state.pages")
    s.line("page = st.navigation(pages, position='hidden')")
    with s.block("sidebar"):
        section = None
        for i, spec in enumerate(PAGES):
            if spec.section != section:
                section = spec.section
                s.call("caption", section)
            s.call("page_link", Code(f"pages[{i}]"), label=spec.nav_title)
    s.line("page.run()")
    return "\n".join(s.lines) + "\n"


def write_floor(models: dict[str, pm.PageModel], directory: Path) -> Path:
    """The floor app in `directory` (entry script, page scripts, pickle, the app's server config); returns its entry."""
    (directory / PAGE_DIR).mkdir(parents=True, exist_ok=True)
    pickle_path = directory / "floor.pickle"
    png, data = find_chromium() is not None, {}
    for spec in PAGES:
        text, data[spec.slug] = page_script(models[spec.slug], spec, pickle_path, png)
        (directory / PAGE_DIR / f"{spec.slug}.py").write_text(text, encoding="utf-8")
    pickle_path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    (directory / DATA).write_text(LOADER, encoding="utf-8")
    (directory / ".streamlit").mkdir(exist_ok=True)
    shutil.copyfile(APP_CONFIG, directory / ".streamlit" / "config.toml")
    entry = directory / ENTRY
    entry.write_text(entry_script(), encoding="utf-8")
    return entry
