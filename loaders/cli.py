"""`python -m loaders`: check the store and hand its data to other tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from loaders.derive import conflicts
from loaders.errors import StoreError
from loaders.frames import build_frames
from loaders.store import DEFAULT_STORE, open_store

DUMP_COLUMNS = [
    "metric", "period", "period_end", "fiscal_label", "calendar_label", "value", "unit", "basis",
    "yoy_pct", "source", "publisher", "url", "quote", "note", "line",
]  # fmt: skip


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        loaded = open_store(args.path)
    except StoreError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {args.path}", file=sys.stderr)
        return 1
    frames = build_frames(loaded)
    store = loaded.model
    n_obs = sum(len(m.observations) for m in store.metrics.values())
    n_conf = conflicts(frames.observations).groupby(["metric", "period", "basis"]).ngroups
    print(
        f"{args.path}: valid: {len(store.metrics)} metrics, {n_obs} observations, {len(store.sources)} sources, "
        f"{len(store.events)} events, {n_conf} conflicts"
    )
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    try:
        loaded = open_store(args.path)
    except StoreError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    obs = build_frames(loaded).observations
    out = obs[DUMP_COLUMNS].copy()
    out["period_end"] = out["period_end"].dt.date
    out.to_csv(sys.stdout, index=False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Check and read the metric store.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the store; print every problem as PATH:LINE:COLUMN: message")
    v.add_argument("path", nargs="?", default=str(DEFAULT_STORE))
    v.set_defaults(func=cmd_validate)
    d = sub.add_parser("dump", help="the tidy observations as CSV on stdout")
    d.add_argument("path", nargs="?", default=str(DEFAULT_STORE))
    d.set_defaults(func=cmd_dump)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
