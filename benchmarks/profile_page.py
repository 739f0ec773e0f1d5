"""Profile the warm script runs of one page: where a rerun spends its time.

    python -m benchmarks.profile_page cloud [--runs 20] [--sort tottime] [--limit 40]

Runs app.py on the page under AppTest the way the pages benchmark does (compiled once, caches
warm), with cProfile enabled in the script thread only, and prints the statistics.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import floor, pages
from dashboard.data import APP_DIR
from pagemodels.registry import BY_SLUG


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_page", description=__doc__.split("\n\n")[0])
    parser.add_argument("page", choices=list(BY_SLUG))
    parser.add_argument("--floor", action="store_true", help="profile the page floor's page instead (benchmarks.floor)")
    parser.add_argument("--runs", type=int, default=20, help="warm runs to profile (default 20)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (default cumulative)")
    parser.add_argument("--limit", type=int, default=40, help="rows to print (default 40)")
    args = parser.parse_args(argv)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    from streamlit.runtime.scriptrunner import script_runner

    profile = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script
    state = {"on": False}

    def run_script(self: Any, *a: Any, **kw: Any) -> Any:
        if not state["on"]:
            return original(self, *a, **kw)
        profile.enable()
        try:
            return original(self, *a, **kw)
        finally:
            profile.disable()

    script_runner.ScriptRunner._run_script = run_script  # type: ignore[method-assign]
    try:
        with pages.served_navigation(), pages.compiled_once():
            if args.floor:
                store = APP_DIR / "metrics.yaml"
                at = pages.floor_page(floor.write_floor(floor.page_models(store), Path(tempfile.mkdtemp())), args.page)
            else:
                at = pages.real_page(args.page)
            at.run()
            state["on"] = True
            for _ in range(args.runs):
                at.run()
    finally:
        script_runner.ScriptRunner._run_script = original  # type: ignore[method-assign]
    pstats.Stats(profile, stream=sys.stdout).sort_stats(args.sort).print_stats(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
