"""Memory: the server's resident memory after start, after one reader, and after 20 readers.

One real server (dashboard.harness.streamlit_server) and the load test's pieces (benchmarks.load):
its RSS after start; then one browser session visits every page (charts drawn) and closes; then
`sessions` concurrent sessions do the same (peak sampled meanwhile) and close. Each time the
server is let go of the closed sessions the way the load test does it (disconnected-session TTL
shortened to a few seconds, one short visit that makes Streamlit drop the expired ones) before its
RSS is read. Target: after the 20 sessions, at most 50 MB above the figure after the one session
(memory that stays per reader would grow with every reader; caches shared by all are paid once).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import load
from benchmarks.report import Figure
from dashboard.harness import Server, expected_chart_counts, streamlit_server

SECTION = "memory"
TARGET_MB = 50.0
TTL_S = 5
PAGE_TIMEOUT_MS = 120_000
RUN_TIMEOUT_S = 600.0


def settle(server: Server) -> list[str]:
    """Wait until every closed session is gone from the server, then a little more."""
    load.wait_until_idle(server, timeout_s=30)
    time.sleep(TTL_S + 1)
    errors = asyncio.run(load._sweep(server, PAGE_TIMEOUT_MS))
    load.wait_until_idle(server, timeout_s=30)
    time.sleep(3.0)
    return errors


def readers(server: Server, sessions: int, counts: dict[str, int]) -> list[str]:
    results, _ = asyncio.run(load._drive(server, sessions, counts, PAGE_TIMEOUT_MS, RUN_TIMEOUT_S))
    errors = [e for r in results for e in r.errors]
    visits = sum(len(r.visits) for r in results)
    if visits != sessions * len(counts):
        errors.append(f"{visits} page visits, {sessions * len(counts)} expected")
    return errors


def run(store: Path, quick: bool = False, sessions: int = 20) -> tuple[list[Figure], dict[str, Any]]:
    counts = expected_chart_counts(store)
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S)}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        with streamlit_server(store, extra_env=env, log_dir=Path(tmp)) as server:
            time.sleep(1.0)
            after_start = server.rss_mb()
            errors = readers(server, 1, counts)
            errors += settle(server)
            after_one = server.rss_mb()
            with load.RssSampler(server) as sampler:
                errors += readers(server, sessions, counts)
                errors += settle(server)
                after_many = server.rss_mb()
                peak = max(sampler.peak, after_many)
            log = server.log.read_text(encoding="utf-8", errors="replace")
        if "Traceback (most recent call last)" in log:
            errors.append("the server log has a traceback:\n" + log[-3000:])
    if errors:
        raise RuntimeError("memory run had errors:\n" + "\n".join(errors[:20]))
    figures = [
        Figure(SECTION, "server RSS after start", after_start, "MB"),
        Figure(
            SECTION, "server RSS after one session visited every page", after_one, "MB",
            floor=after_start, floor_name="after start", compare="delta",
        ),
        Figure(
            SECTION,
            f"server RSS after {sessions} concurrent sessions closed",
            after_many,
            "MB",
            floor=after_one,
            floor_name="after one session",
            compare="delta",
            target=TARGET_MB,
            detail=f"peak {peak:.0f} MB during the {sessions} sessions",
        ),
    ]  # fmt: skip
    return figures, {
        "sessions": sessions,
        "after_start_mb": after_start,
        "after_one_session_mb": after_one,
        "after_sessions_mb": after_many,
        "peak_mb": peak,
    }
