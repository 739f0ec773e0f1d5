"""How every figure looks: colours and the template.

Defined once so that a segment has the same colour on every page and in every export; the painters
(charts.screen, charts.image) put the title, units and sources where each medium wants them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

FONT = "Inter, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"

# A metric's colour is in the store (metrics.<id>.display.color), so it is the same on every page
# and in every export; a series without one takes the next of these, in its chart's order.
FALLBACK_COLORS = ("#0ea5e9", "#84cc16", "#a855f7", "#14b8a6", "#f43f5e", "#eab308", "#6366f1", "#10b981")
GROWTH_COLOR = "#111827"
PLAN_COLOR = "#6b7280"
EVENT_COLOR = "#8b5cf6"
GAP_COLOR = "#d1d5db"


def series_color(frame: pd.DataFrame, index: int = 0) -> str:
    """The colour the store gives the frame's metric, else the index-th fallback colour."""
    if "color" in frame:
        stated = frame["color"].dropna()
        if not stated.empty:
            return str(stated.iloc[0])
    return FALLBACK_COLORS[index % len(FALLBACK_COLORS)]


# Two series of one chart whose colours are closer than this (CIE76 distance in CIELAB, where about 2
# is the smallest difference an eye sees side by side) read as one series in a legend or a PNG.
MIN_COLOR_DISTANCE = 15.0


def _rgb(color: str) -> tuple[int, int, int] | None:
    text = str(color)
    if len(text) != 7 or not text.startswith("#"):
        return None
    try:
        return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)
    except ValueError:
        return None


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (D65) to CIELAB: a space where equal distances look about equally different."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c / 255) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def color_distance(a: str, b: str) -> float:
    """How different two '#rrggbb' colours look (CIE76 ΔE); 0 for the same colour."""
    ra, rb = _rgb(a), _rgb(b)
    if ra is None or rb is None:
        raise ValueError(f"not a #rrggbb colour: {a if ra is None else b!r}")
    return sum((p - q) ** 2 for p, q in zip(_lab(ra), _lab(rb), strict=True)) ** 0.5


def tint(color: str, share: float) -> str:
    """The colour mixed with `share` of white (a negative share mixes in black): a lighter or darker shade."""
    rgb = _rgb(color)
    if rgb is None:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    toward = 255 if share >= 0 else 0
    s = abs(share)
    return "#" + "".join(f"{round(c * (1 - s) + toward * s):02x}" for c in rgb)


def distinct_colors(wanted: Iterable[object]) -> list[str]:
    """One colour per series of a chart, in order: the store's colour where it is far enough from every
    colour already taken, else the first fallback colour (or a lighter or darker shade of one) that is.

    A store may give two metrics of one chart the same or near-identical colours (or none); the chart
    still tells its series apart, and a series keeps its store colour wherever it can.
    """
    spare = [*FALLBACK_COLORS, *(tint(c, 0.5) for c in FALLBACK_COLORS), *(tint(c, -0.4) for c in FALLBACK_COLORS)]
    taken: list[str] = []
    for i, color in enumerate(wanted):
        candidates = [str(color)] if _rgb(str(color)) is not None else []
        choice = next(
            (c for c in [*candidates, *spare] if all(color_distance(c, t) >= MIN_COLOR_DISTANCE for t in taken)),
            FALLBACK_COLORS[i % len(FALLBACK_COLORS)],
        )
        taken.append(choice)
    return taken


TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=13, color=INK),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(FALLBACK_COLORS),
        xaxis=dict(showgrid=False, linecolor=GRID, ticks="outside", tickcolor=GRID, automargin=True),
        yaxis=dict(gridcolor=GRID, zerolinecolor=GRID, automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, bgcolor="rgba(255,255,255,0)"),
        hoverlabel=dict(bgcolor="white", font=dict(family=FONT, color=INK)),
        title=dict(x=0, xref="paper", xanchor="left", font=dict(size=18, color=INK)),
    )
)
pio.templates["alibaba_ai"] = TEMPLATE

WIDTH = 1000


def short_publisher(publisher: str, n: int = 22) -> str:
    """A publisher's name without its parenthesised detail or co-publishers, for axis labels
    (the footnote and hover carry the full name)."""
    head = str(publisher).split(" (")[0].split(";")[0].strip()
    return _short(head or str(publisher), n)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
