"""The store's frames as a page is built from them: the reader's currency applied once, for every chart and card.

`pagemodels.registry.build_page` makes one per page build; the page's charts and cards read money from
`money`, converted once here (charts.series.in_view_currency, over loaders.derive.in_currency), and
everything else (growth rates, shares of two amounts, the plan, the sources) from the observations
as stated.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from charts.options import ViewOptions
from charts.series import in_view_currency
from loaders.frames import Frames

# the frames' cached properties that do not depend on the reader's view (functools.cached_property keeps them in
# the instance's __dict__, where a view of the frames takes them over)
STORE_FACTS = ("subject_events", "quote_links", "_facts", "source_dates")


@dataclass(frozen=True)
class ViewFrames(Frames):
    currency: str = "RMB"  # the reader's currency
    labels: str = "fiscal"  # the reader's period labels: what the "data as of" of every chart says

    @cached_property
    def money(self) -> pd.DataFrame:
        """Every observation in the reader's currency, with the value and unit as stated beside it; converted on
        first use, once per page build (a page without money, such as the timeline, never converts)."""
        return in_view_currency(self.observations, self.currency)


def in_view(frames: Frames, opts: ViewOptions) -> ViewFrames:
    """The frames with the reader's currency, its observations converted once where the page reads money."""
    shared = {f.name: getattr(frames, f.name) for f in dataclasses.fields(Frames)}
    view = ViewFrames(**shared, currency=opts.currency, labels=opts.labels)
    # what the store's frames worked out once (its "data as of", its companies' facts) holds for every view of them
    for name in STORE_FACTS:
        view.__dict__[name] = getattr(frames, name)
    return view
