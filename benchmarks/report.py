"""A measured figure beside its floor and budget, and the table the run prints."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One figure, in seconds: at most `budget` x `floor` + `extra` (a cost on top, e.g. a page's build)."""

    section: str
    name: str
    value: float  # seconds
    floor: float | None = None
    floor_name: str = ""
    budget: float | None = None
    extra: float = 0.0
    detail: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return None if not self.floor else self.value / self.floor

    @property
    def limit(self) -> float | None:
        return None if self.budget is None or self.floor is None else self.budget * self.floor + self.extra

    @property
    def status(self) -> str:
        return "info" if self.limit is None else ("PASS" if self.value <= self.limit else "OVER")


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _s(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table (docs/performance.md takes it as printed)."""
    out = ["| section | figure | value | floor | floor is | ratio | budget | result |", "|---|---|--:|--:|---|--:|--:|---|"]
    for f in figures:
        budget = "" if f.limit is None else f"<= {f.budget:g}x" + (f" + {_s(f.extra)}" if f.extra else "")
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}x"
        out.append(
            f"| {f.section} | {f.name} | {_s(f.value)} | {_s(f.floor)} | {f.floor_name} | {ratio} | {budget} | {f.status} |"
        )
    return "\n".join(out + [""] + [f"- {f.section} / {f.name}: {f.detail}" for f in figures if f.detail])


def machine() -> dict[str, Any]:
    import plotly
    import streamlit

    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "streamlit": streamlit.__version__, "plotly": plotly.__version__}  # fmt: skip
