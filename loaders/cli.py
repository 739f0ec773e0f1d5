"""`python -m loaders`: check the store and hand its data to other tools."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from loaders import calendar
from loaders.cells import safe_for_csv
from loaders.curation import (
    QuarterCodeError,
    check_quarter_code,
    freshness,
    freshness_line,
    gaps_frame,
    gaps_report,
    new_quarter_notes,
    new_quarter_template,
    overdue_report,
    store_latest_quarter,
)
from loaders.derive import conflicts
from loaders.errors import StoreError
from loaders.frames import Frames, build_frames
from loaders.paths import STORE_ENV, store_path
from loaders.store import open_store

DUMP_COLUMNS = [
    "metric", "period", "period_end", "fiscal_label", "calendar_label", "value", "unit", "basis",
    "yoy_pct", "value_usd", "source", "publisher", "grade", "grade_label", "url", "quote", "note", "line",
    "preferred", "evidence", "recipe", "inputs",
]  # fmt: skip


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        loaded = open_store(args.path, dt.date.today())
    except StoreError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {args.path}", file=sys.stderr)
        return 1
    for warning in loaded.warnings:
        print(warning.as_warning())
    frames = build_frames(loaded)
    store = loaded.model
    n_obs = sum(len(m.observations) for m in store.metrics.values())
    found = conflicts(frames.observations)
    # two stated figures, or a stated year and the sum of its stated quarters, that do not agree
    n_conf = found[found["kind"].isin(("values differ", "recipe differs"))].groupby(["metric", "period", "basis"]).ngroups
    print(
        f"{args.path}: valid: {len(store.metrics)} metrics, {n_obs} observations, {len(store.sources)} sources, "
        f"{len(store.events)} events, {n_conf} conflicts" + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else "")
    )
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    try:
        loaded = open_store(args.path, dt.date.today())
    except StoreError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    obs = build_frames(loaded).observations
    out = obs[DUMP_COLUMNS].copy()
    out["period_end"] = out["period_end"].dt.date
    out["inputs"] = [" ".join(i) for i in out["inputs"]]  # a derived value's input sources, space-separated
    safe_for_csv(out).to_csv(sys.stdout, index=False)
    return 0


def _open_or_report(path: str) -> Frames | None:
    """The store's frames, or None after printing every problem to stderr."""
    try:
        loaded = open_store(path, dt.date.today())
    except StoreError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {path}; run `python -m loaders validate` after fixing", file=sys.stderr)
        return None
    return build_frames(loaded)


def cmd_gaps(args: argparse.Namespace) -> int:
    frames = _open_or_report(args.path)
    if frames is None:
        return 1
    obs = frames.observations
    latest = store_latest_quarter(obs)
    today = calendar.today()
    sys.stdout.write(gaps_report(gaps_frame(obs, latest), latest, args.path))
    sys.stdout.write(overdue_report(obs, today))
    print(freshness_line(freshness(obs, frames.sources, today)))
    return 0


def cmd_new_quarter(args: argparse.Namespace) -> int:
    try:
        check_quarter_code(args.quarter)
    except QuarterCodeError as exc:
        print(f"new-quarter: {exc}", file=sys.stderr)
        return 2
    frames = _open_or_report(args.path)
    if frames is None:
        return 1
    for note in new_quarter_notes(frames.observations, args.quarter, calendar.today()):
        print(f"note: {note}", file=sys.stderr)
    sys.stdout.write(new_quarter_template(frames.observations, args.quarter, args.path))
    return 0


STORE_HELP = f"the store (default: ${STORE_ENV}, else metrics.yaml here, else the project's)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Check and read the metric store.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the store; print every problem as PATH:LINE:COLUMN: message")
    v.add_argument("path", nargs="?", type=str, default=None, help=STORE_HELP)
    v.set_defaults(func=cmd_validate)
    d = sub.add_parser("dump", help="the tidy observations as CSV on stdout")
    d.add_argument("path", nargs="?", type=str, default=None, help=STORE_HELP)
    d.set_defaults(func=cmd_dump)
    g = sub.add_parser("gaps", help="quarters missing per quarterly metric, and metrics behind the latest quarter")
    g.add_argument("path", nargs="?", type=str, default=None, help=STORE_HELP)
    g.set_defaults(func=cmd_gaps)
    n = sub.add_parser("new-quarter", help="print (never write) YAML observation stubs for QUARTER, one per quarterly metric")
    n.add_argument("quarter", help="fiscal quarter code, e.g. FY2026Q3")
    n.add_argument("path", nargs="?", type=str, default=None, help=STORE_HELP)
    n.set_defaults(func=cmd_new_quarter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.path = str(store_path(args.path))
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except calendar.PeriodError as exc:  # ALIBABA_AI_TODAY set to something that is not a date
        print(f"python -m loaders: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
