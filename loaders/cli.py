"""`python -m loaders`: check the store and hand its data to other tools."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

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
    "preferred", "evidence", "recipe", "inputs", "read_at_host", "read_at_url", "link_to_quote",
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
    sys.stdout.write(overdue_report(obs, today, frames.events))
    print(freshness_line(freshness(obs, frames.sources, today, frames.events)))
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


def cmd_ingest(args: argparse.Namespace) -> int:
    from loaders.announcement_text import AnnouncementError
    from loaders.ingest import DraftError, build_draft, check_quarter, read_announcement_figures
    from loaders.schema import check_http_url

    try:
        check_http_url(args.url)
    except ValueError as exc:
        print(f"ingest: --url: {exc}", file=sys.stderr)
        return 2
    try:
        quarter = check_quarter(args.quarter) if args.quarter else None
    except ValueError as exc:
        print(f"ingest: --quarter: {exc}", file=sys.stderr)
        return 2
    try:
        published = dt.date.fromisoformat(args.published) if args.published else None
    except ValueError:
        print(f"ingest: --published {args.published!r} is not a date in the form YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        loaded = open_store(args.path, dt.date.today())
    except StoreError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"ingest: {len(exc.problems)} problem(s) in the store {args.path}; a draft is checked against a valid store",
            file=sys.stderr,
        )
        return 1
    try:
        reading = read_announcement_figures(args.file, quarter)
    except AnnouncementError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 1
    if reading.quarter is None:
        print(
            f"ingest: {args.file}: no quarter found in the text ('quarter ended September 30, 2026'); pass --quarter",
            file=sys.stderr,
        )
        return 1
    if published is None and reading.published is None:
        print(f"ingest: {args.file}: no date found in the text's dateline; pass --published YYYY-MM-DD", file=sys.stderr)
        return 1
    store_text = Path(args.path).read_text(encoding="utf-8")
    try:
        draft = build_draft(reading, loaded.model, store_text, args.url, published, dt.date.today(), args.file)
    except DraftError as exc:
        for line in exc.lines:
            print(f"ingest: {line}", file=sys.stderr)
        return 1
    sys.stdout.write(draft.text)
    print(
        f"ingest: {draft.observations} observation(s) for {reading.quarter} from {args.file}, source {draft.source_id}",
        file=sys.stderr,
    )
    if draft.checks:
        print(f"check these ({len(draft.checks)}), not in the draft:", file=sys.stderr)
        for line in draft.checks:
            print(f"  - {line}", file=sys.stderr)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from loaders.merge import MergeError, merge

    try:
        plan, copy = merge(Path(args.path), Path(args.draft), dt.date.today(), dt.datetime.now())
    except MergeError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        print(f"merge: nothing written to {args.path}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"merge: cannot write {args.path}: {exc.strerror or exc}; the store is as it was", file=sys.stderr)
        return 1
    for line in plan.conflicts:
        print(f"differs: {line}")
    print(
        f"{args.path}: added {len(plan.added_observations)} observation(s), {len(plan.added_sources)} source(s)"
        + (f", {len(plan.added_metrics)} metric(s)" if plan.added_metrics else "")
        + f"; the old file is {copy}"
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from loaders.store_diff import changelog, changelog_text

    old, new = _open_or_report(args.old), _open_or_report(args.new)
    if old is None or new is None:
        return 1
    sys.stdout.write(changelog_text(changelog(old.observations, new.observations), args.old, args.new))
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
    i = sub.add_parser("ingest", help="read a saved results announcement (PDF, HTML, text); print a draft of its figures")
    i.add_argument(
        "file", help="the announcement as saved: the company's PDF, the 6-K exhibit or a Business Wire copy (HTML), or text"
    )
    i.add_argument("--url", required=True, help="the announcement's address (http/https), cited by every figure")
    i.add_argument("--quarter", help="the fiscal quarter it reports, e.g. FY2027Q2 (default: read from the text)")
    i.add_argument("--published", help="its date, YYYY-MM-DD (default: the text's dateline)")
    i.add_argument("--store", dest="path", default=None, help=STORE_HELP)
    i.set_defaults(func=cmd_ingest)
    m = sub.add_parser("merge", help="add a reviewed draft to the store: validated first, lines inserted, old file backed up")
    m.add_argument("draft", help="the draft printed by `ingest` (after review)")
    m.add_argument("--store", dest="path", default=None, help=STORE_HELP)
    m.set_defaults(func=cmd_merge)
    f = sub.add_parser("diff", help="the changelog between two stores: values added, changed, removed; derived and shown values")
    f.add_argument("old")
    f.add_argument("new")
    f.set_defaults(func=cmd_diff, path=None)
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
