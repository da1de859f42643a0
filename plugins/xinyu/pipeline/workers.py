"""Worker processes that never outlive their parent.

When ``mkdocs serve``, ``mkdocs build`` or ``xinyu check`` is ended by SIGTERM (an IDE's stop
button, a service manager), Python exits without shutting its process pools down and their
workers wait for work forever. So every worker watches its parent and leaves when it is gone.

On POSIX the workers come from a fork server (a small clean process started once), not from
forking the build itself: a fork of a process with threads (``serve``) can deadlock, and a
forked worker would carry the parent's whole memory.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

WATCH_SECONDS = 0.5
_PROC = os.path.isdir("/proc/self")  # Linux: a process's state (zombie or not) can be read
# Imported once by the fork server, so that every worker starts with them loaded (rjieba: its dictionary, 34 MB and
# 0.1 s to load, then shared by the workers).
PRELOAD = ["xinyu.content.library", "xinyu.guard", "xinyu.guard.names", "rjieba", "xinyu.search.writer", "markdown", "yaml"]


def worker_count() -> int:
    """Worker processes to use: ``XINYU_WORKERS`` (0 or 1 = none), else the cores up to 4."""
    raw = os.environ.get("XINYU_WORKERS", "").strip()
    return int(raw) if raw.isdigit() else max(1, min(os.cpu_count() or 1, 4))


def parallel(items: int, threshold: int) -> int:
    """Workers for ``items`` tasks: none below ``threshold`` (starting them costs more), unless
    ``XINYU_WORKERS`` asks for them (tests, machines with many cores)."""
    count = worker_count()
    if count < 2 or not items:
        return 0
    return count if items >= threshold or os.environ.get("XINYU_WORKERS", "").strip() else 0


# The fork server listens on a socket file in the temporary folder (<TMPDIR>/pymp-XXXXXXXX/listener-XXXXXXXX): its
# path must fit a Unix socket address (104 bytes on macOS, 108 on Linux, with the closing NUL).
SOCKET_PATH_MAX = 103
_SOCKET_NAME = len("/pymp-XXXXXXXX/listener-XXXXXXXX")


def _context():
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods() and _socket_fits():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _socket_fits() -> bool:
    """Whether the fork server's socket path fits in this temporary folder. A long TMPDIR (macOS's per-user
    folders, a CI runner's work folder) made every pool fail with 'AF_UNIX path too long', and the build with it;
    there the workers are spawned instead (slower to start, same results)."""
    return len(os.fsencode(tempfile.gettempdir())) + _SOCKET_NAME <= SOCKET_PATH_MAX


def warm_up() -> None:
    """Start the fork server now, without waiting for it: it imports PRELOAD (a second or more) while this process
    reads the site, instead of while the first pool waits for its first worker. It lives as the pools' server
    would: until this process ends (it leaves when its last client is gone)."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        try:
            forkserver.ensure_running()
        except OSError:  # no processes here (a sandbox): the pools say so themselves, and fall back
            pass


def pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A process pool whose workers leave as soon as the process that made it is gone."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_start, initargs=(os.getpid(), initializer, initargs)
    )


def _start(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    # Ctrl+C in a terminal reaches every process of the command: the command ends its workers itself (or they
    # see it gone), and a worker stopped by it printed a KeyboardInterrupt traceback for the teacher to read.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def watch_parent(parent: int) -> None:
    """Exit this process when ``parent`` is gone (checked twice a second on a daemon thread).

    The worker's own parent may be the fork server; it leaves when the build does, and then
    the worker is re-parented, which is caught too.
    """
    first = os.getppid()
    handle = multiprocessing.parent_process() if sys.platform == "win32" else None

    def gone() -> bool:
        if handle is not None:  # Windows neither re-parents nor has a harmless os.kill(pid, 0)
            return not handle.is_alive()
        return os.getppid() != first or not _alive(parent)

    def run() -> None:
        while not gone():
            time.sleep(WATCH_SECONDS)
        os._exit(0)

    threading.Thread(target=run, name="xinyu-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    """True while ``pid`` runs. A parent killed but not yet reaped is a zombie and counts as gone: whoever
    started it (an IDE, ``subprocess.communicate``) may reap it only once its output ends, which the
    workers, holding that output open, would otherwise delay forever."""
    if _PROC:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
        except FileNotFoundError:
            return False
        except (OSError, IndexError):
            pass
    try:  # no /proc (macOS): ask the kernel
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def run_all(function: Callable[[Any], Any], tasks: list, workers: int, initializer=None, initargs: tuple = ()) -> list:
    """``[function(t) for t in tasks]`` in a fresh pool, in order; raises when no pool can be made.

    Stopped (Ctrl+C: the workers ignore it), what is queued is dropped, not waited for."""
    executor = pool(workers, initializer, initargs)
    try:
        return list(executor.map(function, tasks))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


class Workers:
    """The worker processes of one build, started on first use and shared by its stages (checks,
    conversions); ``close`` lets them go without waiting for queued work."""

    def __init__(self, count: int, initializer: Callable | None = None, initargs: tuple = ()):
        self.count, self.initializer, self.initargs = count, initializer, initargs
        self.executor: ProcessPoolExecutor | None = None

    def start(self) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = pool(self.count, self.initializer, self.initargs)
        return self.executor

    def map(self, function: Callable, tasks: list) -> list:
        return list(self.imap(function, tasks))

    def imap(self, function: Callable, tasks: list) -> Iterator:
        """The results in order, each as soon as it and those before it are done (all tasks are sent at once)."""
        return self._sent(lambda executor: executor.map(function, tasks))

    def submit(self, function: Callable, *args):
        return self._sent(lambda executor: executor.submit(function, *args))

    def _sent(self, send: Callable[[ProcessPoolExecutor], Any]) -> Any:
        """``send`` to the pool; a pool broken earlier (a worker killed: out of memory) is replaced once, so that
        one lost worker costs only its own tasks (their callers redo them), not every stage after it."""
        try:
            return send(self.start())
        except BrokenProcessPool:
            self.close()
            return send(self.start())

    def close(self) -> None:
        if self.executor is not None:
            retire(self.executor, cancel=True)
            self.executor = None


_RETIRING: list[threading.Thread] = []
_RETIRING_LOCK = threading.Lock()


def retire(executor: ProcessPoolExecutor, cancel: bool = False) -> None:
    """Shut ``executor`` down without waiting for it here (``cancel``: drop its queued work; what runs, and
    with ``cancel`` false what is queued, still finishes). :func:`settle` waits for it.

    Not ``shutdown(wait=False)``: then the pool's manager thread closes its wakeup pipe on its own time, and
    if the process is ending meanwhile, CPython's exit hook (``concurrent.futures.process._python_exit``, before
    3.12) writes to that pipe without a lock: ``OSError: [Errno 9] Bad file descriptor`` and a traceback after
    a build that succeeded. A pool is therefore shut down on a thread of ours that waits for it, and the
    commands wait for those threads before they end.
    """
    thread = threading.Thread(
        target=executor.shutdown, kwargs={"wait": True, "cancel_futures": cancel}, name="xinyu-pool-retire", daemon=True
    )
    with _RETIRING_LOCK:
        _RETIRING[:] = [t for t in _RETIRING if t.is_alive()]
        _RETIRING.append(thread)
    thread.start()


def settle(timeout: float = 60.0) -> bool:
    """Wait (at most ``timeout`` seconds in all) until every retired pool has shut down; True if all have.
    Call it before the process ends (the end of a build, of ``serve``, of ``xinyu check``)."""
    deadline = time.monotonic() + timeout
    with _RETIRING_LOCK:
        threads = list(_RETIRING)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in threads)
