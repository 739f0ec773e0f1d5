"""The server's C heap: one arena shared by every thread, where the C library lets a program ask for it.

Streamlit runs every script run in a thread of its own, and glibc gives threads heaps (arenas) of their own,
up to eight per core. Each arena kept what the page views that ran in it had touched: a server that 25 readers
had used for 90 seconds held about 40 MB more with the default arenas than with one (docs/performance.md,
"Memory"). Page views are Python work that holds the interpreter lock, so threads sharing one heap wait for
nothing they did not wait for already. Elsewhere (macOS, Windows, other C libraries) this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

M_ARENA_MAX = -8  # mallopt's parameter for the most arenas (glibc's malloc.h)


def share_one_arena() -> bool:
    """Ask glibc for at most one arena from now on; True where it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, 1) == 1
