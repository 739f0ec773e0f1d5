"""`python -m benchmarks`: measure the app against its floors and print a table.

    python -m benchmarks [--quick] [--only store,pages,...] [--store PATH] [--growth 10,100] [--sessions 20] [--out FILE]

Sections (see each module's docstring and docs/performance.md):
    store    open_store + build_frames vs yaml.load(CSafeLoader), real store and 10x / 100x synthetic
    pages    AppTest script run of every page, warm, vs its page floor (benchmarks.floor); on a 10x store vs 1x
    export   `python -m dashboard export` per chart vs kaleido's per-figure time with a warm browser; the deck vs its PNGs
    browser  headless Chromium: every page loaded, reached from the sidebar, and a cold start, vs the floor app
    ingest   a whole announcement (PDF, HTML) read into a validated draft; figures found, missed, wrong
    memory   server RSS after start, after one session, after 20 concurrent sessions

Every figure is a median over repeated runs. Writes benchmarks/results.json (git-ignored); exits 0
even when a target is missed (it is a measurement, not a test), 2 on bad arguments, 1 when a
section fails to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import sys
import time
import traceback
from pathlib import Path

from benchmarks.report import Figure, load_average, machine, table, write_results

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results.json"
SECTIONS = ("store", "ingest", "pages", "export", "browser", "memory")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats (about half the time; noisier)")
    p.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections (default: all: {','.join(SECTIONS)})")
    p.add_argument("--store", type=Path, default=None, help="metric store (default: metrics.yaml beside app.py)")
    p.add_argument("--growth", default="10", help="bigger stores for the pages section, e.g. 10,100 (default 10)")
    p.add_argument("--sessions", type=int, default=20, help="concurrent sessions for the memory section (default 20)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default: {DEFAULT_OUT.name})")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        _parser().error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if not 1 <= args.sessions <= 200:
        _parser().error("--sessions must be between 1 and 200")
    try:
        growth = tuple(int(f) for f in args.growth.split(",") if f.strip())
    except ValueError:
        _parser().error("--growth takes factors such as 10,100")
    if not all(2 <= f <= 1000 for f in growth):
        _parser().error("--growth factors must be between 2 and 1000")

    from dashboard.data import APP_DIR

    store = (args.store or APP_DIR / "metrics.yaml").resolve()
    # clearing st.cache_resource outside a script run makes streamlit warn, harmlessly, every time
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )

    started = time.monotonic()
    load_before = load_average()
    figures: list[Figure] = []
    details: dict[str, object] = {}
    failed: list[str] = []
    for section in (s for s in SECTIONS if s in only):
        t0 = time.monotonic()
        print(f"[{section}] running...", file=sys.stderr, flush=True)
        try:
            extra = {"pages": {"growth": growth}, "memory": {"sessions": args.sessions}}.get(section, {})
            figs, det = importlib.import_module(f"benchmarks.{section}").run(store, quick=args.quick, **extra)
        except Exception as exc:
            traceback.print_exc()
            failed.append(f"{section}: {type(exc).__name__}: {exc}")
            continue
        figures += figs
        details[section] = {**det, "seconds": round(time.monotonic() - t0, 1)}
        print(f"[{section}] done in {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)

    elapsed = time.monotonic() - started
    meta = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "store": str(store),
        "sections": only,
        "seconds": round(elapsed, 1),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "machine": machine(),
        "failed": failed,
    }
    write_results(args.out, figures, details, meta)
    print()
    print(table(figures))
    misses = [f for f in figures if f.status == "MISS"]
    print(
        f"\n{sum(f.status == 'PASS' for f in figures)} PASS, {len(misses)} MISS in {elapsed:.0f} s "
        f"(load average before {load_before}, after {meta['load_average_after']}); written: {args.out}"
    )
    for f in failed:
        print(f"FAILED {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
