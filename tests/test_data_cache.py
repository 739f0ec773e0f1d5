"""The server-wide caches of dashboard.data: frames per version of the store, pages per inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
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


def test_a_version_dropped_from_the_cache_is_read_again_from_the_unchanged_file(store: Path, reads: list[str]) -> None:
    """Streamlit's cache keeps no exception: asked for a dropped version without its bytes, the
    frames are read again from the file instead of the failure being remembered."""
    first, digest, _ = data.load_frames()
    data._frames.clear()  # as when MAX_FRAMES newer versions of other stores pushed it out
    again, digest_again, error = data.load_frames()
    assert error is None and again is not None and again is not first
    assert digest_again == digest and len(reads) == 2
    assert data.load_frames()[0] is again and len(reads) == 2


def test_a_page_is_built_once_per_inputs(store: Path) -> None:
    frames, digest, _ = data.load_frames()
    assert frames is not None
    options = ViewOptions()
    page = data.page_model(frames, digest, "overview", options, TODAY)
    # built once: the same blocks come back (the model's options are the reader's own)
    assert data.page_model(frames, digest, "overview", options, TODAY).blocks is page.blocks
    assert data.page_model(frames, digest, "overview", options, TODAY + dt.timedelta(days=1)).blocks is not page.blocks
    usd = data.page_model(frames, digest, "overview", ViewOptions(currency="USD"), TODAY)
    assert usd.blocks is not page.blocks and usd.options.currency == "USD"


def test_a_page_is_shared_by_readers_whose_other_options_differ(store: Path) -> None:
    """The timeline reads no currency: a US$ reader gets the page built for RMB, and keeps US$ for the next page."""
    frames, digest, _ = data.load_frames()
    assert frames is not None
    rmb = data.page_model(frames, digest, "timeline", ViewOptions(), TODAY)
    usd = data.page_model(frames, digest, "timeline", ViewOptions(currency="USD", labels="calendar"), TODAY)
    assert usd.blocks is rmb.blocks
    assert (usd.options.currency, usd.options.labels) == ("USD", "calendar")
    assert rmb.options.currency == "RMB"


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch, store: Path) -> set[str]:
    """Paths whose opening fails with "Permission denied", as for a file chmod 000 (tests run as root,
    which file modes do not stop); the file itself, its size, mtime and inode stay as they are."""
    import builtins
    import errno
    import io
    import os

    denied: set[str] = set()
    real_os_open, real_io_open = os.open, io.open

    def check(path: object) -> None:
        if os.fspath(path) in denied:  # type: ignore[call-overload]
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[call-overload]

    def os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        check(path)
        return real_os_open(path, *args, **kwargs)

    def io_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(path, int):
            check(path)
        return real_io_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(builtins, "open", io_open)
    return denied


def test_an_unreadable_store_is_read_again_once_readable(store: Path, deny: set[str]) -> None:
    """A failed read is never cached: after `chmod 644` (no touch) the next view shows the store."""
    deny.add(str(store))
    frames, _, error = data.load_frames()
    assert frames is None and error is not None
    assert [p.message for p in error.problems] == ["cannot read file: Permission denied"]
    deny.clear()
    frames, _, error = data.load_frames()
    assert error is None and frames is not None


def test_the_problem_shown_is_the_current_one(store: Path) -> None:
    store.unlink()
    store.mkdir()
    _, _, error = data.load_frames()
    assert error is not None and "folder" in error.problems[0].message
    store.rmdir()
    _, _, error = data.load_frames()
    assert error is not None and [p.message for p in error.problems] == ["file not found"]


def _write_slowly(path: Path, text: str, chunks: int, pause: float) -> None:
    """An editor saving a large file in pieces: the file grows, chunk by chunk, to the whole text."""
    step = len(text) // chunks + 1
    with path.open("w", encoding="utf-8") as fh:
        for i in range(0, len(text), step):
            fh.write(text[i : i + step])
            fh.flush()
            time.sleep(pause)


def test_a_store_being_saved_keeps_the_last_good_version_on_screen(store: Path) -> None:
    good, digest, error = data.load_frames()
    assert error is None and good is not None
    new_text = store.read_text(encoding="utf-8") + "\n# saved again\n"
    writer = threading.Thread(target=_write_slowly, args=(store, new_text, 40, 0.05))
    writer.start()
    try:
        time.sleep(0.3)  # the file now holds the first part of the store only
        assert len(store.read_bytes()) < len(new_text.encode())
        frames, _, error = data.load_frames()
        assert error is None and frames is good
        state = data.read_store()
        assert state.error is None and state.frames is good and state.digest == digest
        assert state.changing is not None and state.changing.startswith(
            "metrics.yaml is being changed: this is the version read at "
        )
    finally:
        writer.join()
    state = data.read_store()  # saved: the new version, once two reads agree
    assert state.error is None and state.changing is None and state.frames is not good and state.digest != digest
    assert state.digest == hashlib.sha256(new_text.encode()).hexdigest()


def test_a_store_half_written_from_the_start_is_never_validated_as_a_whole(store: Path, reads: list[str]) -> None:
    """With no good version yet, a file that keeps changing says so; its parts are never parsed."""
    text = store.read_text(encoding="utf-8")
    writer = threading.Thread(target=_write_slowly, args=(store, text, 60, 0.05))
    writer.start()
    try:
        time.sleep(0.2)
        frames, _, error = data.load_frames()
        assert frames is None and error is not None
        assert [p.message for p in error.problems] == [
            "the file kept changing while it was read (is it being saved?): reload the page once it is saved"
        ]
        assert reads == []
    finally:
        writer.join()
    frames, _, error = data.load_frames()
    assert error is None and frames is not None and len(reads) == 1


@pytest.mark.parametrize("currency", ["RMB", "USD"])
def test_a_built_page_holds_no_more_memory_than_the_cache_allows_for_it(currency: str) -> None:
    """The page cache is bounded by memory (MODEL_CACHE_MB) through the most one page holds (MODEL_MB): every
    page of the real store, painted for the screen, with events drawn and every chart's table opened, stays under it."""
    import gc
    import tracemalloc

    from loaders import build_frames, open_store
    from pagemodels.registry import PAGES, build_page

    frames = build_frames(open_store(Path(data.APP_DIR) / "metrics.yaml", dt.date.today()))
    options = ViewOptions(currency=currency, show_events=True)
    for page in PAGES:
        build_page(frames, page.slug, options, TODAY)  # first-use caches (calendar, labels) are not the page's
        gc.collect()
        tracemalloc.start()
        try:
            model = build_page(frames, page.slug, options, TODAY)
            for block in model.chart_blocks:  # painted, and every table under a chart opened
                _ = block.screen, block.spec.sources, block.table.arrow
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] / 1e6
        finally:
            tracemalloc.stop()
        assert held <= data.MODEL_MB, f"{page.slug} in {currency} holds {held:.2f} MB"
    assert data.MAX_MODELS * data.MODEL_MB <= data.MODEL_CACHE_MB


def test_page_builds_take_turns_and_a_built_page_does_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers asking for different pages at once are built one after the other (each build holds the
    interpreter, so side by side every reader waited for all of them); a page already built is handed out
    while another is being built."""
    frames, digest, _ = data.load_frames()
    assert frames is not None
    running, most = [0], [0]
    real = data.build_page
    guard = threading.Lock()

    def slow_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)
        try:
            return real(*args, **kwargs)
        finally:
            with guard:
                running[0] -= 1

    built = data.page_model(frames, digest, "timeline", ViewOptions(), TODAY)
    monkeypatch.setattr(data, "build_page", slow_build)
    options = [ViewOptions(currency=c, labels=lab) for c in ("RMB", "USD") for lab in ("fiscal", "calendar")]
    threads = [threading.Thread(target=data.page_model, args=(frames, digest, "capex", o, TODAY)) for o in options]
    for t in threads:
        t.start()
    time.sleep(0.05)
    started = time.perf_counter()
    again = data.page_model(frames, digest, "timeline", ViewOptions(), TODAY)  # built already: no turn to wait for
    waited = time.perf_counter() - started
    for t in threads:
        t.join()
    assert most[0] == 1
    assert again.blocks is built.blocks and waited < 0.15
