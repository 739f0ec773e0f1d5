"""Hostile text in a valid store stays inert in a real browser.

tests/fixtures/hostile_text_store.yaml is a valid store whose titles, publishers, metric names,
descriptions, notes, event titles and quotes carry script tags, event handlers, `javascript:`
links and Markdown. Served by a real `streamlit run` and visited page by page in Chromium, none of
it may run, become a link or turn into formatting; the raw text must still be readable, as text.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.harness import PAGES, Server, expected_chart_counts, wait_for_page

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile_text_store.yaml"

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
MD_LINK = "[click](javascript:window.__xss=3)"
BOLD = "**bold**"
JS_ANCHOR = '<a href="javascript:alert(1)">x</a>'
PAYLOADS = (SCRIPT, IMG, MD_LINK, BOLD, JS_ANCHOR)

# Everything the page shows, checked in the page itself after its charts have drawn.
PAGE_CHECK = """() => {
    const here = window.location;
    const main = document.querySelector('[data-testid="stMain"]');
    const links = [];
    for (const a of document.querySelectorAll('a')) {
        for (const attr of ['href', 'xlink:href']) {
            const raw = a.getAttribute(attr);
            if (raw === null) continue;
            let resolved;
            try { resolved = new URL(raw, here.href); } catch (e) { resolved = null; }
            links.push({
                raw,
                inMain: main !== null && main.contains(a),
                protocol: resolved ? resolved.protocol : 'unparseable',
                sameOrigin: resolved ? resolved.origin === here.origin : false,
                text: (a.textContent || '').slice(0, 60),
            });
        }
    }
    const strongs = main ? [...main.querySelectorAll('strong, b')].map(e => e.textContent) : [];
    const anchors = main ? [...main.querySelectorAll('a')].map(e => (e.textContent || '').trim()) : [];
    return {
        xss: typeof window.__xss,
        links,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i], a[href^=" javascript:" i]').length,
        handlers: document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover]').length,
        storeImages: document.querySelectorAll('img[src="x"]').length,
        scriptsWithPayload: [...document.scripts].filter(s => s.textContent.includes('__xss')).length,
        boldFromStore: strongs.filter(t => t.trim() === 'bold').length,
        linksFromStore: anchors.filter(t => t === 'click').length,
        exceptions: document.querySelectorAll('[data-testid="stException"]').length,
        texts: [...document.querySelectorAll('[data-testid="stText"], [data-testid="stMarkdownContainer"]')]
            .map(e => e.innerText),
        metricLabels: [...document.querySelectorAll('[data-testid="stMetricLabel"]')].map(e => e.innerText),
    };
}"""


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loaders", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_hostile_store_is_valid_and_carries_every_payload() -> None:
    text = HOSTILE.read_text(encoding="utf-8")
    for payload in PAYLOADS:
        assert payload in text.split("# Shape:", 1)[1], f"fixture lost its payload {payload!r}"
    result = validate(HOSTILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_javascript_source_url_is_refused(tmp_path: Path) -> None:
    text = HOSTILE.read_text(encoding="utf-8")
    bad = tmp_path / "js_url.yaml"
    bad.write_text(text.replace("url: https://example.com/fixture/plan", "url: 'javascript:alert(1)'", 1), encoding="utf-8")
    result = validate(bad)
    assert result.returncode == 1, result.stdout
    assert "tfp_plan.url: url 'javascript:alert(1)' must be an http:// or https:// address" in result.stdout


def _link_problems(slug: str, links: list[dict[str, object]]) -> list[str]:
    problems = []
    for link in links:
        if str(link["raw"]).strip().lower().startswith("javascript:") or link["protocol"] == "javascript:":
            problems.append(f"/{slug}: javascript link {link}")
        elif link["inMain"] and not (link["protocol"] in ("http:", "https:") or link["sameOrigin"]):
            problems.append(f"/{slug}: link in the main area is neither http(s) nor same-origin: {link}")
    return problems


@pytest.mark.browser
def test_store_text_is_inert_on_every_page(browser, server_for: Callable[[Path], Server], artifacts: Path) -> None:
    counts = expected_chart_counts(HOSTILE)
    server = server_for(HOSTILE)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    problems: list[str] = []
    texts: dict[str, list[str]] = {}
    try:
        for slug in PAGES:
            page.goto(f"{server.url}/{slug}", wait_until="domcontentloaded", timeout=30_000)
            drawn = wait_for_page(page, counts[slug])
            page.wait_for_timeout(300)  # let a late onerror/timer fire before looking
            seen = page.evaluate(PAGE_CHECK)
            texts[slug] = seen["texts"] + seen["metricLabels"]
            if drawn < counts[slug]:
                problems.append(f"/{slug}: {drawn} of {counts[slug]} charts drawn")
            if seen["xss"] != "undefined":
                problems.append(f"/{slug}: window.__xss is {seen['xss']}: store text ran as script")
            if seen["jsLinks"]:
                problems.append(f"/{slug}: {seen['jsLinks']} a[href^=javascript:] element(s)")
            if seen["handlers"]:
                problems.append(f"/{slug}: {seen['handlers']} element(s) with inline event handlers")
            if seen["storeImages"]:
                problems.append(f"/{slug}: store text became an <img>")
            if seen["scriptsWithPayload"]:
                problems.append(f"/{slug}: store text became a <script>")
            if seen["boldFromStore"]:
                problems.append(f"/{slug}: store Markdown **bold** was rendered as bold text")
            if seen["linksFromStore"]:
                problems.append(f"/{slug}: store Markdown [click](...) was rendered as a link")
            if seen["exceptions"]:
                problems.append(f"/{slug}: {seen['exceptions']} exception(s) shown")
            problems += _link_problems(slug, seen["links"])

        # A card's citation in its tooltip: hovered, it shows the source and quote as typed.
        page.goto(server.url, wait_until="domcontentloaded", timeout=30_000)
        wait_for_page(page, counts[""])
        # the last card of the store's own figures (the peer card after it cites the peers, none in this store)
        cards = page.locator('[data-testid="stMetric"]').filter(has_not_text="Capex intensity against the US hyperscalers")
        cards.last.locator('[data-testid="stTooltipHoverTarget"]').hover(timeout=10_000)
        tip = page.locator('[data-testid="stTooltipContent"]')
        tip.first.wait_for(state="visible", timeout=10_000)
        texts["tooltip"] = tip.all_inner_texts()
        if page.evaluate("typeof window.__xss") != "undefined":
            problems.append("tooltip: window.__xss is set")
        if tip.locator("a, strong, img, script").count():
            problems.append(f"tooltip: store text became markup: {tip.first.inner_html()[:300]}")
    except Exception:
        page.screenshot(path=str(artifacts / "xss-failure.png"), full_page=True)
        raise
    finally:
        context.close()

    assert not dialogs, f"store text opened dialogs: {dialogs}"
    assert not problems, "\n".join(problems)

    # Inert, not dropped: the raw text is on screen, as typed, in plain-text elements.
    capex = "\n".join(texts["capex"])
    for payload in (SCRIPT, IMG, MD_LINK, BOLD):
        assert payload in capex, f"{payload!r} not shown as text on /capex: {texts['capex']}"
    overview_labels = "\n".join(texts[""])
    for payload in (SCRIPT, MD_LINK, BOLD, IMG, JS_ANCHOR):
        assert payload in overview_labels, f"{payload!r} not shown as typed in an overview card: {texts['']}"
    tooltip = "\n".join(texts["tooltip"])
    assert MD_LINK in tooltip and JS_ANCHOR in tooltip, texts["tooltip"]
