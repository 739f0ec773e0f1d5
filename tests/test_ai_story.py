"""The AI story on the overview: AI-related product revenue has its card, and the Qwen app's reach is its
newest monthly users figure (the company's own where the press differs), not first-week downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from charts.options import ViewOptions
from loaders.frames import build_frames
from loaders.store import open_store_bytes
from pagemodels.model import Cards
from pagemodels.registry import build_page

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"
USERS = "  qwen_app_mau:\n    name: Qwen (Qianwen) app monthly active users\n"


def _cards(currency: str = "RMB") -> dict[str, object]:
    text = STORE.read_text(encoding="utf-8")
    assert text.count(USERS) == 1
    raw = text.replace(USERS, USERS + "    role: ai_app_monthly_users\n").encode("utf-8")
    frames = build_frames(open_store_bytes(raw, "metrics.yaml", dt.date.today()))
    model = build_page(frames, "overview", ViewOptions(currency=currency), dt.date(2026, 12, 1))
    return {c.label: c for b in model.blocks if isinstance(b, Cards) for c in b.cards}


def test_ai_related_product_revenue_has_a_card_with_its_share_of_external_cloud_revenue() -> None:
    card = _cards()["AI-related product revenue, latest quarter"]
    assert (card.value, card.detail, card.delta) == ("RMB 12.4 bn", "FY27 Q1 · 35% of external cloud revenue", None)
    assert "Alibaba" in (card.help or "")
    assert _cards("USD")["AI-related product revenue, latest quarter"].value == "US$ 1.82 bn"  # as the release states it


def test_the_qwen_card_is_the_newest_users_figure_the_companys_own() -> None:
    cards = _cards()
    card = cards["Qwen (Qianwen) app monthly active users"]
    # March 2026: the 20-F's "surpassed 295 million" wins over the press's "over 300 million" for the same month
    assert (card.value, card.detail) == ("295 mn", "Mar 2026")
    assert "20-F" in (card.help or "") or "annual report" in (card.help or "").lower()
    assert not any("downloads" in label and "app" in label.lower() for label in cards)


def test_a_count_restated_by_a_later_page_cites_the_better_graded_statement_of_it() -> None:
    # 1,000 mn downloads: a site's page of January 2026 (grade 3) and a machine-written summary of 12 Feb 2026
    # (grade 4) say the same count; the card cites the better-graded statement and its month
    card = _cards()["Qwen model downloads"]
    assert (card.value, card.detail) == ("1,000 mn", "Jan 2026")
    assert "66260" in (card.help or "") and "leiphone" not in (card.help or "").lower()
