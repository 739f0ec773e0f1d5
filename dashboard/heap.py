"""The server's C heap: readers' script runs share the arenas already made, where the C library lets a program ask.

Streamlit runs every script run in a thread of its own, and glibc gives threads heaps (arenas) of their own,
up to eight per core. Each arena kept what the page views that ran in it had touched: a server that 25 readers
had used for 90 seconds held about 25 MB less once later threads made no arena of their own (docs/performance.md,
"Memory"). Page views are Python work that holds the interpreter lock, so threads sharing a heap wait for
nothing they did not wait for already. Elsewhere (macOS, Windows, other C libraries) this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

M_ARENA_MAX = -8  # mallopt's parameter for the most arenas (glibc's malloc.h)


def share_one_arena() -> bool:
    """Ask glibc to make no more arenas (at most one, and those made already are kept); True where it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, 1) == 1
