"""Temporary files and folders of a build (the search documents handed to the index process, its work folder).

Each is named ``<prefix><pid>-<where>-…`` after the process that made it and its process namespace (two
builds in containers that share /tmp may have the same pid: only ours are judged by pid). They go away when the build ends, and
also when it is stopped: on Ctrl+C (SIGINT unwinds, then :func:`_remove_mine` runs at exit) and on SIGTERM
(our handler removes them, then the process ends as it would have: the default action, re-raised). What a
build killed outright leaves (SIGKILL, a power cut) is removed by the next build (:func:`sweep`): an entry
whose process is gone, or one older than a day where that cannot be told (another namespace's, an older name). Another running build's entries
are never touched, nor another user's.
"""

from __future__ import annotations

import atexit
import glob
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import zlib
from pathlib import Path

STALE_SECONDS = 24 * 3600  # an entry whose process cannot be asked about (Windows, an older name): a day old is stale
_LOCK = threading.RLock()  # the SIGTERM handler may run while this thread holds it
_USED: set[str] = set()  # prefixes this process has made entries with (each swept once)
_PID = re.compile(r"(\d+)-([nh]\d+)-")


def _where() -> str:
    """This process's pid namespace (Linux), else its host name: pids are compared only within one."""
    try:
        return f"n{os.stat('/proc/self/ns/pid').st_ino}"
    except OSError:
        import socket

        return f"h{zlib.crc32(socket.gethostname().encode())}"


WHERE = _where()


def file(prefix: str, suffix: str = "") -> tuple[int, str]:
    """``tempfile.mkstemp`` for a build: (open handle, path), removed at exit or SIGTERM if still there."""
    _start(prefix)
    return tempfile.mkstemp(prefix=_mine(prefix), suffix=suffix)


def folder(prefix: str) -> Path:
    """``tempfile.mkdtemp`` for a build, removed at exit or SIGTERM if still there."""
    _start(prefix)
    return Path(tempfile.mkdtemp(prefix=_mine(prefix)))


def _mine(prefix: str) -> str:
    """The start of this process's entries' names: what :func:`_remove_mine` looks for. Found by name, not
    kept in a list, so that an entry is removed even if the build is stopped between its making and its
    listing (the test of a stopped build found one left so)."""
    return f"{prefix}{os.getpid()}-{WHERE}-"


def _start(prefix: str) -> None:
    with _LOCK:
        if prefix in _USED:
            return
        _USED.add(prefix)
    sweep(prefix)
    arm()


def sweep(prefix: str, folder: Path | None = None) -> list[Path]:
    """Remove what stopped builds left in the temporary folder: their process is gone, or (where that cannot
    be told) the entry is a day old. Only this user's entries; never those of a process still running."""
    removed = []
    base = Path(folder or tempfile.gettempdir())
    try:
        entries = list(base.glob(f"{prefix}*"))
    except OSError:
        return removed
    for path in entries:
        if _stale(path, path.name[len(prefix) :]):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _stale(path: Path, rest: str) -> bool:
    try:
        st = path.lstat()
    except OSError:
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    match = _PID.match(rest)
    if match and match.group(2) == WHERE and os.name == "posix":
        return not _alive(int(match.group(1)))
    return time.time() - st.st_mtime > STALE_SECONDS


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # POSIX only: on Windows signal 0 is CTRL_C_EVENT
    except ProcessLookupError:
        return False
    except OSError:
        return True  # there, but not ours to signal
    return True


@atexit.register
def _remove_mine() -> None:
    """This process's entries (a forked child's names carry its own pid: it removes nothing of its parent's)."""
    with _LOCK:
        starts = [_mine(prefix) for prefix in _USED]
    base = Path(tempfile.gettempdir())
    for start in starts:
        try:
            paths = list(base.glob(glob.escape(start) + "*"))
        except OSError:
            continue
        for path in paths:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)


def arm() -> None:
    """On SIGTERM, remove this build's entries, then end as the default action would. Only where nobody else
    handles SIGTERM (MkDocs does not) and only from the main thread (where handlers are set): the plugin
    calls it at startup, since under ``serve`` the entries are made on other threads."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return

    def terminate(signum, _frame) -> None:
        _remove_mine()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, terminate)
