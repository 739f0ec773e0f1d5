"""The floor for pages: a "bare" Streamlit script that only draws the page's prebuilt figures.

The figures are the registry's (the same builders, the app's default view options, events shown),
built once and pickled; the bare script loads the pickle once (st.cache_resource) and calls
st.plotly_chart(fig, theme=None, config=<the app's modebar config>, key=<the app's key>) for each
chart of the page, in the app's wide layout. Everything else a page does (store, sidebar, cards,
tables, download buttons, building figures) is what the real page costs on top of this floor.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from charts.options import ViewOptions
from dashboard.data import APP_DIR
from dashboard.png import modebar_config
from loaders import build_frames, calendar, open_store
from pagemodels.registry import PAGES, build_page

APP_CONFIG = APP_DIR / ".streamlit" / "config.toml"  # the server config the app runs under

PAGE_NAMES = ("overview", "cloud", "capex", "segments", "adoption", "timeline", "sources")

# registry page name -> page script (for AppTest) and URL path (for the browser)
PAGE_SCRIPTS = {name: f"pages/{name}.py" for name in PAGE_NAMES}
URL_PATHS = {name: ("" if name == "overview" else name) for name in PAGE_SCRIPTS}

PageFigures = dict[str, list[tuple[str, object, dict[str, object]]]]

_LOADER = """
import pickle

import streamlit as st


@st.cache_resource(show_spinner=False)
def _figures(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def draw(page):
    for slug, fig, config in _figures({pickle_path!r})[page]:
        st.plotly_chart(fig, theme=None, config=config, key=f"chart-{{slug}}")
"""

_PAGE = """
st.set_page_config(page_title="bare", layout="wide")
draw({page!r})
"""

_APP = """
st.set_page_config(page_title="bare", layout="wide")


def _page(name):
    def page():
        draw(name)

    page.__name__ = f"page_{{name}}"
    return page


st.navigation(
    [st.Page(_page(name), title=name, url_path=name, default=name == "overview") for name in {pages!r}]
).run()
"""


def page_figures(store: Path) -> PageFigures:
    """Each page's non-empty figures with the app's chart keys and modebar config."""
    frames = build_frames(open_store(store))
    today = calendar.today()
    out: PageFigures = {name: [] for name in PAGE_SCRIPTS}
    for spec in PAGES:
        for result in build_page(frames, spec.slug, ViewOptions(), today).charts:
            if not result.is_empty:
                out[spec.slug].append((result.slug, result.figure, modebar_config(result.file_stem, result.figure)))
    return out


def write_pickle(figures: PageFigures, path: Path) -> Path:
    path.write_bytes(pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def write_page_script(pickle_path: Path, page: str, directory: Path) -> Path:
    """A one-page bare script, for AppTest."""
    path = directory / f"bare_{page}.py"
    path.write_text(_LOADER.format(pickle_path=str(pickle_path)) + _PAGE.format(page=page), encoding="utf-8")
    return path


def write_app(pickle_path: Path, directory: Path) -> Path:
    """A bare multipage app with the real app's URL paths (overview at /), for `streamlit run`.

    It runs under the app's own server config (.streamlit/config.toml, copied beside it), so the
    two differ only in what their pages draw. On Streamlit's defaults (a file watcher, a theme that
    follows the system) the bare pages loaded 5 to 28% slower here, which flattered the app.
    """
    path = directory / "bare_app.py"
    path.write_text(_LOADER.format(pickle_path=str(pickle_path)) + _APP.format(pages=list(PAGE_SCRIPTS)), encoding="utf-8")
    config = directory / ".streamlit" / "config.toml"
    config.parent.mkdir(exist_ok=True)
    shutil.copyfile(APP_CONFIG, config)
    return path
