"""What a reader can change about a view; the same options drive the app, the URL and the export.

Frozen, hashable and holding no data, so a set of options is itself a cache key. The page models
normalise them against the store (pagemodels.options) before anything is built from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Currency = Literal["RMB", "USD"]
LabelStyle = Literal["fiscal", "calendar"]
USD_NOTE = "US$ as each source states it beside the RMB figure, else at a cited RMB/US$ rate; blank where neither exists"


@dataclass(frozen=True)
class ViewOptions:
    currency: Currency = "RMB"
    labels: LabelStyle = "fiscal"
    show_events: bool = False  # events cut through the newest bars: a reader turns them on
    plan_start: str | None = None  # quarter code; None means the quarter the plan was announced in
    segment_quarter: str | None = None  # None means the latest quarter with segment growth
    segments: tuple[str, ...] = ()  # empty means all
    categories: tuple[str, ...] = ()  # timeline event categories; empty means all
    table: str = "values"  # the Sources page's table
    words: str = ""  # the Sources page's filter
    table_page: str = "1"  # the Sources page's page of a long table, counted from 1

    @property
    def label_column(self) -> str:
        return "fiscal_label" if self.labels == "fiscal" else "calendar_label"

    @property
    def money_unit(self) -> str:
        return "USD_bn" if self.currency == "USD" else "RMB_bn"

    @property
    def currency_notes(self) -> list[str]:
        """What a money chart says about its currency in US$: stated or at a cited rate, never guessed."""
        return [USD_NOTE] if self.currency == "USD" else []
