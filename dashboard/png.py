"""Server-side PNG of a figure, through kaleido and the system's Chromium.

One browser process serves every image (kaleido's sync server), so a page of charts or a full
export pays the browser start once. kaleido is never asked to download a browser: without a
system Chromium the caller gets a message naming what to install.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import threading

import plotly.graph_objects as go

EXPORT_WIDTH = 1000  # CSS pixels; times the scale gives the PNG width
EXPORT_SCALE = 2
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "No Chromium found for PNG export. Install it with 'sudo apt-get install -y chromium' "
    "(Debian/Ubuntu), or set BROWSER_PATH to a Chrome or Chromium executable."
)

_lock = threading.Lock()
_server_started = False


class ChromiumMissingError(RuntimeError):
    """PNG export needs a Chromium on this machine."""


def find_chromium() -> str | None:
    return _find_chromium(os.environ.get("BROWSER_PATH"), os.environ.get("PATH"))


@functools.lru_cache(maxsize=8)
def _find_chromium(named: str | None, search_path: str | None) -> str | None:
    """Looked up once per BROWSER_PATH and PATH: every chart on every rerun asks."""
    if named:
        return named if os.path.exists(named) else None
    for name in _CANDIDATES:
        found = shutil.which(name, path=search_path)
        if found:
            return found
    return None


def _ensure_server() -> None:
    global _server_started
    if _server_started:
        return
    browser = find_chromium()
    if browser is None:
        raise ChromiumMissingError(INSTALL_HINT)
    os.environ.setdefault("BROWSER_PATH", browser)
    import kaleido

    # No MathJax: kaleido would otherwise put a <script> from cdnjs.cloudflare.com in its page, a
    # request to the internet at every start and a MathJax pass on every image; no chart uses
    # LaTeX, and the app's own Plotly has no MathJax either (PNGs are byte-identical without it).
    kaleido.start_sync_server(silence_warnings=True, mathjax=False)
    _server_started = True
    atexit.register(stop)


def start() -> None:
    """Start the renderer's Chromium now, in the background; raises ChromiumMissingError.

    Its start takes a second or two: a caller with other work to do before its first image (the
    export builds every figure first) can call this beforehand so that the two overlap.
    """
    with _lock:
        _ensure_server()


def stop() -> None:
    global _server_started
    with _lock:
        if _server_started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _server_started = False


def figure_png(fig: go.Figure, scale: float = EXPORT_SCALE, width: int = EXPORT_WIDTH) -> bytes:
    """The figure as PNG bytes, exactly as built (white background, footnote inside)."""
    import kaleido

    with _lock:
        _ensure_server()
        height = int(fig.layout.height or 520)
        return kaleido.calc_fig_sync(fig, opts=dict(format="png", width=width, height=height, scale=scale))


def modebar_config(file_stem: str, fig: go.Figure) -> dict[str, object]:
    """The in-browser camera button: same size and scale as the server export, named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_stem,
            "width": EXPORT_WIDTH,
            "height": int(fig.layout.height or 520),
            "scale": EXPORT_SCALE,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
