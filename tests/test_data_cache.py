"""The server-wide caches of dashboard.data: frames per version of the store, pages per inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from charts.options import ViewOptions
from dashboard import data
from loaders.errors import StoreError

TODAY = dt.date(2025, 12, 1)


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store(fixture_store: Path) -> Path:
    return fixture_store


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose bytes the store reader was asked to parse."""
    opened: list[str] = []
    real = data.open_store_bytes

    def counting(raw: bytes, path: str, today):  # type: ignore[no-untyped-def]
        opened.append(path)
        return real(raw, path, today)

    monkeypatch.setattr(data, "open_store_bytes", counting)
    return opened


def test_an_unchanged_store_is_read_once_and_shared(store: Path, reads: list[str]) -> None:
    first, digest, error = data.load_frames()
    again, digest_again, _ = data.load_frames()
    assert error is None and first is not None
    assert again is first and digest_again == digest and reads == [str(store)]


def test_an_edited_store_is_read_again(store: Path, reads: list[str]) -> None:
    before, digest, _ = data.load_frames()
    store.write_text(store.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after, new_digest, error = data.load_frames()
    assert error is None and after is not None and after is not before
    assert new_digest != digest and len(reads) == 2


def test_a_broken_store_gives_its_problems_and_they_are_kept(store: Path, reads: list[str]) -> None:
    store.write_text(store.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    frames, _, error = data.load_frames()
    assert frames is None and isinstance(error, StoreError) and error.problems
    again, _, same = data.load_frames()
    assert again is None and same is error and len(reads) == 1


def test_only_the_latest_store_versions_are_kept(store: Path, reads: list[str]) -> None:
    text = store.read_text(encoding="utf-8")
    seen = []
    for n in range(data.MAX_FRAMES + 1):
        store.write_text(text + "\n" * n, encoding="utf-8")
        seen.append(data.load_frames()[1])
    assert len(set(seen)) == data.MAX_FRAMES + 1 and len(reads) == data.MAX_FRAMES + 1
    store.write_text(text + "\n" * data.MAX_FRAMES, encoding="utf-8")  # the newest: still kept
    data.load_frames()
    assert len(reads) == data.MAX_FRAMES + 1
    store.write_text(text, encoding="utf-8")  # the oldest: dropped, so read again
    data.load_frames()
    assert len(reads) == data.MAX_FRAMES + 2


def test_a_page_is_built_once_per_inputs(store: Path) -> None:
    frames, digest, _ = data.load_frames()
    assert frames is not None
    options = ViewOptions()
    page = data.page_model(frames, digest, "overview", options, TODAY)
    assert data.page_model(frames, digest, "overview", options, TODAY) is page
    assert data.page_model(frames, digest, "overview", options, TODAY + dt.timedelta(days=1)) is not page
    usd = data.page_model(frames, digest, "overview", ViewOptions(currency="USD"), TODAY)
    assert usd is not page and usd.options.currency == "USD"
