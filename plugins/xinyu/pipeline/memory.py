"""Memory a process has let go of, given back to the system.

CPython frees a large structure (a list of millions of terms, arrays of postings) with ``free``,
and glibc's allocator keeps the freed pages for later use by the same process: the process
keeps its peak size until it ends. ``malloc_trim(0)`` returns every whole free page to the
system (from the middle of the heap too). Elsewhere (macOS, Windows, musl) nothing is done.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from functools import cache


@cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on: glibc's has it
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Return the memory the allocator keeps free to the system (a few milliseconds for a heap of hundreds of MB)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def hold_collections() -> None:
    """A build's loading (the checked items from the cache, the index, the pages) makes millions of objects that live
    until it ends and almost no cyclic garbage; every automatic full collection walks them all (a fifth of a one-edit
    rebuild's main thread at 5,000 items). So collections are off while it loads (:func:`loaded`), and what exists
    then is frozen for the rendering (:func:`release_collections` at the build's end). ``serve`` has its own
    (plugin.serving.Collector)."""
    gc.disable()


def loaded() -> None:
    """What the build loaded is left out of automatic collections (``gc.freeze``); they go on for what comes next."""
    gc.freeze()
    gc.enable()


def release_collections() -> None:
    """At the build's end, however it ends: the frozen objects are collectable again, collections are on."""
    gc.unfreeze()
    gc.enable()
