"""A new page is its page model and one line in the registry: nothing else in the app changes.

The page below is written as a newcomer would write one: a pure `build(frames, options, today)`
returning a PageModel, and a PageSpec line added to pagemodels.registry.PAGES. It has no script in
pages/, and the app still lists it, opens it inside its frame and draws its model.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from charts.options import ViewOptions
from dashboard import router
from loaders import build_frames, open_store
from loaders.calendar import TODAY_ENV
from pagemodels import registry

pytestmark = pytest.mark.usefixtures("fresh_caches")

# the page, as its own module would hold it; the app test runs it as the app's entry script
NEWCOMER_PAGE = '''
from pagemodels import registry
from pagemodels.model import Card, Cards, PageModel, Text


def build(frames, options, today):
    """How many values the store holds: one card, computed from the frames."""
    card = Card("Cited values", f"{len(frames.observations):,}", detail="in the store")
    return PageModel("example", "Example page", (Text("Counted from the store."), Cards((card,))), options, today)


if registry.PAGES[0].slug != "example":  # the one registry line (first here, so a bare address opens it)
    registry.PAGES = (registry.PageSpec("example", "Example", "Dashboard", ("labels",), build), *registry.PAGES)

from dashboard.router import run

run()
'''


@pytest.fixture
def keep_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test adds to the registry is gone after it."""
    monkeypatch.setattr(registry, "PAGES", registry.PAGES)


def test_the_registry_line_alone_makes_the_page_built_and_drawn_without_a_script(
    keep_registry: None, fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TODAY_ENV, "2025-12-01")
    entry = tmp_path / "newcomer_app.py"
    entry.write_text(textwrap.dedent(NEWCOMER_PAGE), encoding="utf-8")
    at = AppTest.from_file(str(entry), default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    frames = build_frames(open_store(fixture_store, dt.date(2025, 12, 1)))
    assert [(m.label, m.value) for m in at.metric] == [("Cited values", f"{len(frames.observations):,}")]
    assert r"Counted from the store\." in [c.value for c in at.main.caption]  # store text arrives escaped
    # the app's own navigation lists it beside the pages that have scripts, and its sidebar is the shared one
    links = [link.label for link in at.sidebar.get("page_link")]
    assert links[0] == "Example" and "Overview" in links
    assert any("cited values from" in c.value for c in at.sidebar.caption), "the shared sidebar lines"


def test_a_page_without_a_script_runs_as_a_function_and_a_page_with_one_keeps_its_script(keep_registry: None) -> None:
    example = registry.PageSpec("example", "Example", "Dashboard", (), registry.page_spec("overview").build)
    target = router.page_target(example)
    assert callable(target) and target.__name__ == "page_example"
    assert router.page_target(registry.page_spec("latest")) == Path(router.__file__).parent.parent / "pages" / "latest.py"


def test_build_page_finds_a_page_added_to_the_registry(keep_registry: None, fixture_store: Path) -> None:
    frames = build_frames(open_store(fixture_store, dt.date(2025, 12, 1)))
    overview = registry.page_spec("overview")
    registry.PAGES = (*registry.PAGES, registry.PageSpec("example", "Example", "Dashboard", ("labels",), overview.build))
    model = registry.build_page(frames, "example", ViewOptions(labels="calendar"), dt.date(2025, 12, 1))
    assert model.options.labels == "calendar" and model.sidebar  # normalised options and the shared sidebar
    with pytest.raises(KeyError, match="no page 'missing'"):
        registry.page_spec("missing")
