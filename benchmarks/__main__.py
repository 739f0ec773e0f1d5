"""`python -m benchmarks`: what a reader waits for, against fair floors, in one run; a Markdown table.

    python -m benchmarks [--quick] [--only builds,ingest,export,browser] [--store PATH]

Sections: builds (pages built afresh vs the store's load), ingest, export (vs kaleido alone) and browser (loads,
clicks, view switches, a store edit, vs the page floor); each module's docstring gives its floor and budget. Each
figure is a median, taken in turn with its floor. Exits 0 even when a figure is over budget, 1 when a section fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from benchmarks.report import Figure, machine, table

SECTIONS = ("builds", "ingest", "export", "browser")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections (default: {','.join(SECTIONS)})")
    parser.add_argument("--store", type=Path, default=None, help="metric store (default: the app's metrics.yaml)")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := [s for s in only if s not in SECTIONS]:
        parser.error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    from dashboard.data import APP_DIR

    store = (args.store or APP_DIR / "metrics.yaml").resolve()
    load_before, started, figures, failed = os.getloadavg(), time.monotonic(), list[Figure](), list[str]()
    for section in (s for s in SECTIONS if s in only):
        print(f"[{section}] running, load average {os.getloadavg()[0]:.2f}...", file=sys.stderr, flush=True)
        try:
            with tempfile.TemporaryDirectory(prefix=f"bench-{section}-") as tmp:
                figures += importlib.import_module(f"benchmarks.{section}").run(store, args.quick, Path(tmp))
        except Exception as exc:
            traceback.print_exc()
            failed.append(f"{section}: {type(exc).__name__}: {exc}")
    passed, over = (sum(f.status == s for f in figures) for s in ("PASS", "OVER"))
    print(f"{table(figures)}\n\n{passed} PASS, {over} OVER; {time.monotonic() - started:.0f} s, quick={args.quick}, {store}")
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {machine()}; load average before {load_before}, after {os.getloadavg()}"
    )
    for f in failed:
        print(f"FAILED {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
