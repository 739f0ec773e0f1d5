"""What the segment page offers to choose from, worked out from the store's reporting structures."""

from __future__ import annotations

from charts.segments import latest_growth_quarter, segment_metrics, short_names
from loaders.calendar import quarter_index
from loaders.frames import Frames


def segment_choices(frames: Frames) -> tuple[list[str], str | None, dict[str, str], list[str]]:
    """The quarters with segment growth (newest first), the latest of them, the metrics' short names (as the
    charts' panels and legends name them), and the segments a reader may pick (the totals are always shown)."""
    obs, structures = frames.observations, frames.structures
    segments = segment_metrics(obs, structures)
    if obs.empty:
        return [], None, {}, []
    quarters = sorted(
        obs.loc[obs["metric"].isin(segments) & (obs["period_kind"] == "quarter") & obs["yoy_pct"].notna(), "period"].unique(),
        reverse=True,
        key=quarter_index,
    )
    totals = set(structures["total"]) if not structures.empty else set()
    return (
        quarters,
        (latest_growth_quarter(obs, structures) if quarters else None),
        short_names(obs),
        [m for m in segments if m not in totals],
    )
