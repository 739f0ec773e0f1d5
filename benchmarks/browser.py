"""Browser: what a reader waits for in headless Chromium, until every chart is drawn, beside the page floor.

The app (on a copy of the store, which the last step edits) and the floor app (benchmarks.floor)
serve side by side under the same config; one Chromium visits every page of both in turn, the app
first in one round and the floor in the next. Round 0 warms both. Budgets against the floor:
- load (a new session) and sidebar click: at most 1.1x the floor's;
- view switch (a pill, or the capex page's plan start), until the rerun is done and every chart is
  drawn again; its floor is the floor's click into the page, which sends and draws the same charts.
  A repeated switch: at most 1.1x; a first switch: that plus the build budget (2x the store's load);
- the first view after the store file changed: reported beside the floor's load.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import floor
from benchmarks.harness import CHARTS_DRAWN, SCRIPT_DONE, launch_browser, run_script, wait_for_page
from benchmarks.report import Figure, median, timed
from dashboard.data import APP_DIR
from loaders import build_frames, open_store
from loaders.paths import STORE_ENV
from pagemodels import model as pm
from pagemodels.registry import PAGES

SECTION, BUDGET = "browser", 1.1
NOT_STALE = "!document.querySelector('[data-stale=\"true\"]')"
NEXT_PAGE = f"([before, n]) => {{ const h = document.querySelector('h1'); return ({SCRIPT_DONE})() && h !== null && h.textContent !== before && {NOT_STALE} && ({CHARTS_DRAWN})(n); }}"  # noqa: E501
# before a switch: note the script's run (a mutation observer sees even a short one)
WATCH_RUN = """() => { window.__ran = false; const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver((ms) => { if (ms.some((m) => m.oldValue === 'running') || app.getAttribute('data-test-script-state') === 'running') window.__ran = true; })
      .observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']}); }"""  # noqa: E501
RERUN_DRAWN = f"(n) => window.__ran && ({SCRIPT_DONE})() && {NOT_STALE} && ({CHARTS_DRAWN})(n)"
TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"  # Plotly's redraw painted


def load(tab: Any, url: str, n: int) -> None:
    tab.goto(url, wait_until="commit", timeout=60_000)
    wait_for_page(tab, n, timeout_ms=60_000)
    if tab.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"{url}: the page shows an exception")


def click(tab: Any, title: str, n: int) -> None:
    before = tab.locator("h1").first.text_content()
    tab.locator('[data-testid="stSidebar"] a', has_text=title).first.click(timeout=60_000)
    tab.wait_for_function(NEXT_PAGE, arg=[before, n], timeout=60_000)


def switch(tab: Any, act: Callable[[], None], n: int) -> None:
    """One view switch: `act` changes a widget; done once the rerun has finished and every chart is drawn."""
    tab.evaluate(WATCH_RUN)
    act()
    tab.wait_for_function(RERUN_DRAWN, arg=n, timeout=60_000)
    tab.evaluate(TWO_FRAMES)


def pill(tab: Any, text: str) -> Callable[[], None]:  # a view pill in the sidebar
    return lambda: tab.locator('[data-testid="stSidebar"] button', has_text=text).first.click(timeout=60_000)


def choose(tab: Any, key: str, option: str) -> Callable[[], None]:
    def act() -> None:
        tab.locator(f".st-key-{key} [role='combobox']").first.click(timeout=60_000)
        tab.get_by_role("option", name=option, exact=True).click(timeout=60_000)

    return act


def plan_labels(model: pm.PageModel) -> tuple[str, list[str]]:
    """The capex page's plan start as the select shows it: the default's label, and the others'."""
    [control] = [b for b in model.blocks if isinstance(b, pm.Control) and b.option == "plan_start"]
    labels = dict(control.labels)
    return labels[control.value], [labels[c] for c in control.choices if c != control.value]


def run(store: Path, quick: bool, tmp: Path) -> list[Figure]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    # a load or click varies by a fifth from one visit to the next, and a median of eight by a tenth between runs
    rounds, visits = (2, 2) if quick else (4, 12)
    paths, models = floor.URL_PATHS, floor.page_models(store)
    counts = {paths[slug]: sum(not r.is_empty for r in m.charts) for slug, m in models.items()}
    copy = Path(shutil.copyfile(store, tmp / "metrics.yaml"))
    store_load = median([timed(lambda: build_frames(open_store(copy, dt.date.today()))) for _ in range(3)])
    entry, (default, plans) = floor.write_floor(models, tmp / "floor"), plan_labels(models["capex"])
    loads: dict[tuple[str, str], list[float]] = {(k, s.slug): [] for k in ("app", "floor") for s in PAGES}
    clicks: dict[tuple[str, str], list[float]] = {key: [] for key in loads}
    first, again = {}, {}  # type: ignore[var-annotated]  # switch name -> seconds
    edited, lost = [], []  # type: ignore[var-annotated]  # seconds; switches whose rerun did not finish in a minute
    with sync_playwright() as p, run_script(APP_DIR / "app.py", tmp, {**os.environ, STORE_ENV: str(copy)}) as app, \
            run_script(entry, tmp, name="floor") as flo:  # fmt: skip
        browser = launch_browser(p)
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        try:
            servers = {"app": app.url, "floor": flo.url}
            for r in range(visits + 1):
                for i, spec in enumerate(PAGES):
                    nxt = PAGES[(i + 1) % len(PAGES)]
                    for kind in ("app", "floor") if r % 2 else ("floor", "app"):
                        tab.goto("about:blank")
                        seconds = timed(lambda k=kind, s=spec: load(tab, f"{servers[k]}/{paths[s.slug]}", counts[paths[s.slug]]))
                        later = timed(lambda n=nxt: click(tab, n.nav_title, counts[paths[n.slug]]))
                        if r:  # round 0 warms both servers
                            loads[(kind, spec.slug)].append(seconds)
                            clicks[(kind, nxt.slug)].append(later)
            for page, name in (("capex", "US$"), ("cloud", "Calendar quarters"), ("capex", "plan start")):
                n = counts[paths[page]]
                load(tab, f"{app.url}/{paths[page]}", n)
                for k in range(min(rounds, len(plans)) + 1):
                    if name == "plan start":  # a quarter not chosen before: a first switch; back to the default: a repeat
                        to, back = choose(tab, "w_plan_start", plans[k % len(plans)]), choose(tab, "w_plan_start", default)
                    else:  # the pill on (a first switch the first time) and off
                        to = back = pill(tab, name)
                    sink = first if k == 0 or name == "plan start" else again
                    for act, into in ((to, sink), (back, again if k or name != "plan start" else {})):  # the default, named
                        try:
                            into.setdefault(name, []).append(timed(lambda act=act, n=n: switch(tab, act, n)))
                        except PlaywrightTimeout:  # counted, and the page opened afresh in the default view
                            lost.append(f"{page}: {name}")
                            load(tab, f"{app.url}/{paths[page]}", n)
                            break
            for k in range(rounds):
                copy.write_text(copy.read_text(encoding="utf-8") + f"\n# edited {k}\n", encoding="utf-8")
                tab.goto("about:blank")
                edited.append(timed(lambda: load(tab, app.url, counts[""])))
        finally:
            browser.close()
    figures = []
    for spec in PAGES:
        n = counts[paths[spec.slug]]
        for what, sink in (("load", loads), ("sidebar click", clicks)):
            ours, theirs = sink[("app", spec.slug)], sink[("floor", spec.slug)]
            figures.append(Figure(SECTION, f"{spec.slug} {what} to {n} chart{'s' * (n != 1)} drawn", median(ours), median(theirs),
                                  f"page floor, {what}", BUDGET, samples=ours))  # fmt: skip
    for name, page in (("US$", "capex"), ("Calendar quarters", "cloud"), ("plan start", "capex")):
        base, build = median(clicks[("floor", page)]), f"build budget: 2 x store load, {store_load * 1000:.0f} ms; "
        build += f"{lost.count(f'{page}: {name}')} of {len(first[name]) + len(again[name])} not done in a minute"
        ours = {"a repeated switch": (again[name], BUDGET, 0.0, ""), "a first switch": (first[name], 1.0, 2 * store_load, build)}
        for what, (samples, budget, extra, detail) in ours.items():
            floor_name = "floor's click to the page" + (" + build budget" if extra else "")
            label = f"{page}: {name}, {what}"
            figures.append(Figure(SECTION, label, median(samples), base, floor_name, budget, extra, detail, samples))
    base = median(loads[("floor", PAGES[0].slug)])
    wait = "the file's settling wait (two reads 0.2 s apart) included"
    figures.append(Figure(SECTION, "overview after the store file changed", median(edited), base, "floor's load", detail=wait))
    return figures
