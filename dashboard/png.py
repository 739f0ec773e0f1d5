"""Server-side PNG of a figure, through kaleido and the system's Chromium.

One browser process serves every image the app renders (kaleido's sync server), so a page of
charts pays the browser start once. The export has a browser of its own (`BatchRenderer`),
started before the figures are built so that its start overlaps that work. kaleido is never
asked to download a browser: without a system Chromium the caller gets a message naming what to
install.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from typing import Any

# A figure as plotly JSON values ({"data": [...], "layout": {...}}), as charts.image and charts.screen paint it.
# plotly is not imported here: the export starts its browser before it loads plotly.
Figure = dict[str, Any]

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


def _point_kaleido_at_chromium() -> None:
    browser = find_chromium()
    if browser is None:
        raise ChromiumMissingError(INSTALL_HINT)
    os.environ.setdefault("BROWSER_PATH", browser)


# No MathJax: kaleido would otherwise put a <script> from cdnjs.cloudflare.com in its page, a
# request to the internet at every start and a MathJax pass on every image; no chart uses LaTeX,
# and the app's own Plotly has no MathJax either (PNGs are byte-identical without it).
_KALEIDO_OPTIONS: dict[str, Any] = {"mathjax": False}


def _ensure_server() -> None:
    global _server_started
    if _server_started:
        return
    _point_kaleido_at_chromium()
    import kaleido

    kaleido.start_sync_server(silence_warnings=True, **_KALEIDO_OPTIONS)
    _server_started = True
    atexit.register(stop)


def stop() -> None:
    global _server_started
    with _lock:
        if _server_started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _server_started = False


def figure_height(fig: Figure) -> int:
    return int(fig.get("layout", {}).get("height") or 520)


def _png_options(fig: Figure, scale: float, width: int) -> dict[str, object]:
    return {"format": "png", "width": width, "height": figure_height(fig), "scale": scale}


def figure_png(fig: Figure, scale: float = EXPORT_SCALE, width: int = EXPORT_WIDTH) -> bytes:
    """The figure as PNG bytes, exactly as painted (charts.image: white background, title and footnote inside)."""
    import kaleido

    with _lock:
        _ensure_server()
        return kaleido.calc_fig_sync(fig, opts=_png_options(fig, scale, width))


class BatchRenderer:
    """One Chromium for many images, driven from a thread of its own, with the tab reused as is.

    The browser starts when the renderer is made and the caller goes on: the export builds its
    figures meanwhile. kaleido reloads its tab after every image, which re-parses its 4.7 MB
    plotly.js and was about 60% of each image's time; Plotly.toImage draws every figure in a new
    element of its own and removes it afterwards, so this renderer hands the tab straight back
    (the images are byte-identical, see tests/test_export.py). `close` closes the browser; the
    caller calls it also after an error.
    """

    def __init__(self) -> None:
        _point_kaleido_at_chromium()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="png-batch", daemon=True)
        self._thread.start()
        self._opening = asyncio.run_coroutine_threadsafe(self._open(), self._loop)

    @staticmethod
    async def _open() -> Any:
        import kaleido

        class TabKeepingKaleido(kaleido.Kaleido):
            async def _return_kaleido_tab(self, tab: Any) -> None:
                await self.tabs_ready.put(tab)

        browser = TabKeepingKaleido(n=1, **_KALEIDO_OPTIONS)
        await browser.open()
        return browser

    def render(self, figures: Sequence[Figure], scale: float = EXPORT_SCALE, width: int = EXPORT_WIDTH) -> Iterator[bytes]:
        """PNG bytes of each figure, in order; raises what rendering that figure raised."""
        browser = self._opening.result()
        for fig in figures:
            draw = browser.calc_fig(fig, opts=_png_options(fig, scale, width))
            yield asyncio.run_coroutine_threadsafe(draw, self._loop).result()

    def close(self) -> None:
        try:
            browser = self._opening.result(timeout=120)
        except Exception:  # never opened: nothing to close
            browser = None
        if browser is not None:
            asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()


def modebar_config(file_stem: str, fig: Figure) -> dict[str, object]:
    """The chart's toolbar in the app: zoom and pan, no camera.

    The camera saves the figure as drawn on screen, whose title and footnote are page text around
    it (charts.screen), so its PNG would carry neither the title nor the sources. "Download PNG" in
    the chart's "Download or cite" control renders the image painting (charts.image), with both inside.
    `file_stem` and `fig` name the chart for the download of a toolbar that offers one.
    """
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_stem, "height": figure_height(fig)},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "toImage"],
    }
