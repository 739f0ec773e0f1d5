"""Every chart of every page, in one list: the pages render it, the export command writes it.

A chart is registered once, so the app and the PNG/CSV export can never drift apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from charts.adoption import adoption_metric_figure, market_share_figure
from charts.capex import capex_quarterly_figure, capex_vs_plan_figure
from charts.cloud import ai_streak_figure, cloud_ebita_figure, cloud_revenue_figure, cloud_share_figure
from charts.coverage import coverage_figure
from charts.options import ViewOptions
from charts.overview import cloud_vs_capex_figure
from charts.result import ChartResult
from charts.segments import revenue_mix_figure, segment_growth_figure, segment_revenue_figure
from charts.theme import stamp_footnote
from charts.timeline import timeline_figure
from loaders.curation import data_as_of, freshness
from loaders.derive import plan_remarks, plan_start_choices, plan_start_default
from loaders.frames import Frames

PLAN_ID = "ai_capex_plan"
ADOPTION_ORDER = (
    "qwen_app_downloads",
    "qwen_model_downloads",
    "qwen_derivative_models",
    "qwen_open_source_models",
    "qwen_enterprise_adopters",
)

Builder = Callable[[Frames, ViewOptions], ChartResult]


@dataclass(frozen=True)
class ChartSpec:
    page: str
    key: str
    make: Builder

    def build(self, frames: Frames, opts: ViewOptions) -> ChartResult:
        """The chart, its footnote ending with the store's "data as of", so every copy says how current it is."""
        result = self.make(frames, opts)
        stamp_footnote(result.figure, data_as_of(freshness(frames.observations, frames.sources, opts.today)))
        return result


def plan_row(frames: Frames, plan_id: str = PLAN_ID) -> pd.Series | None:
    plans = frames.plans
    if plans.empty or plan_id not in set(plans["plan"]):
        return None
    return plans[plans["plan"] == plan_id].iloc[0]


def plan_start(frames: Frames, opts: ViewOptions) -> str | None:
    """The quarter the plan counts from: the reader's choice if it is one of the choices, else the default
    (a shared link with a plan start far from the plan opens on the default, never fails)."""
    plan = plan_row(frames)
    if plan is None:
        return None
    default = plan_start_default(plan["announced"])
    return opts.plan_start if opts.plan_start in plan_start_choices(default) else default


def _capex_vs_plan(frames: Frames, opts: ViewOptions) -> ChartResult:
    plan = plan_row(frames)
    if plan is None:
        from charts.cloud import _empty

        return _empty("capex-vs-plan", "Capex against the AI and cloud plan", "No plan in the store")
    remarks = plan_remarks(frames.events, plan)
    return capex_vs_plan_figure(frames.observations, plan, plan_start(frames, opts) or "", opts, remarks)


def _adoption_present(frames: Frames) -> dict[str, int]:
    """Adoption metrics in page order, with how many values each has."""
    obs = frames.observations
    present = Counter(obs.loc[obs["category"] == "ai_adoption", "metric"]) if not obs.empty else Counter()
    order = [m for m in ADOPTION_ORDER if m in present] + [m for m in present if m not in ADOPTION_ORDER]
    return {m: present[m] for m in order}


def adoption_metrics(frames: Frames) -> list[str]:
    """Adoption metrics stated more than once (dates or sources to compare): one chart each."""
    return [m for m, n in _adoption_present(frames).items() if n > 1]


def adoption_single_values(frames: Frames) -> list[str]:
    """Adoption metrics with one stated value: a card, since one bar is not a chart."""
    return [m for m, n in _adoption_present(frames).items() if n == 1]


def _adoption(metric: str) -> Builder:
    return lambda frames, opts: adoption_metric_figure(frames.observations, metric, opts)


def specs(frames: Frames) -> list[ChartSpec]:
    """The charts, page by page, in the order they appear."""
    return [
        ChartSpec("overview", "cloud-vs-capex", lambda f, o: cloud_vs_capex_figure(f.observations, o)),
        ChartSpec("cloud", "cloud-revenue", lambda f, o: cloud_revenue_figure(f.observations, o)),
        ChartSpec("cloud", "cloud-ebita", lambda f, o: cloud_ebita_figure(f.observations, o)),
        ChartSpec("cloud", "cloud-share", lambda f, o: cloud_share_figure(f.observations, o)),
        ChartSpec("cloud", "ai-streak", lambda f, o: ai_streak_figure(f.observations, o)),
        ChartSpec("capex", "capex-vs-plan", _capex_vs_plan),
        ChartSpec("capex", "capex-quarterly", lambda f, o: capex_quarterly_figure(f.observations, o)),
        ChartSpec("segments", "segment-growth", lambda f, o: segment_growth_figure(f.observations, o.segment_quarter, o)),
        ChartSpec("segments", "segment-revenue", lambda f, o: segment_revenue_figure(f.observations, o)),
        ChartSpec("segments", "revenue-mix", lambda f, o: revenue_mix_figure(f.observations, o)),
        *[ChartSpec("adoption", m, _adoption(m)) for m in adoption_metrics(frames)],
        ChartSpec("adoption", "market-share", lambda f, o: market_share_figure(f.observations, o)),
        ChartSpec("timeline", "timeline", lambda f, o: timeline_figure(f.events, o)),
        ChartSpec("sources", "coverage", lambda f, o: coverage_figure(f.observations, o)),
    ]


def page_specs(frames: Frames, page: str) -> list[ChartSpec]:
    return [s for s in specs(frames) if s.page == page]
