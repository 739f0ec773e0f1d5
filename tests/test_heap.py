"""The server's C heap (dashboard.heap): readers' script runs share the arenas there are, making none of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# glibc's own count of its heaps before and after threads that allocate and free as script runs do
PROBE = """
import ctypes, sys, tempfile, threading
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
def heaps():
    with tempfile.NamedTemporaryFile() as out:
        f = libc.fopen(out.name.encode(), b"w")
        libc.malloc_info(0, ctypes.c_void_p(f))
        libc.fclose(ctypes.c_void_p(f))
        return open(out.name).read().count("<heap nr=")
if sys.argv[1] == "app":
    import dashboard.router  # the app's frame asks as it is imported
before = heaps()
def run():
    for _ in range(200):
        kept = [bytearray(4096) for _ in range(64)]
        del kept
threads = [threading.Thread(target=run) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(before, heaps())
"""


def heaps_before_and_after_threads(mode: str) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MALLOC_ARENA_MAX", None)
    done = subprocess.run([sys.executable, "-c", PROBE, mode], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = done.stdout.split()
    return int(before), int(after)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's arenas: the server's own machine kind")
def test_script_threads_make_no_arena_of_their_own_once_the_app_is_imported() -> None:
    before, after = heaps_before_and_after_threads("app")
    assert after == before
    before, after = heaps_before_and_after_threads("default")
    assert after > before  # what the app changes: glibc gives threads arenas of their own
