"""Nothing of the plugin runs on once the command has ended (on_shutdown: also after Ctrl+C), nor after a failed build.

What runs on at the process's end can print a traceback (a pool shutting down as CPython's exit hook wakes it: see
workers.retire), make a pool too late to be waited for, or write into the site folder MkDocs removes next under
``serve`` (then its rmtree fails). The interleavings are made here, not waited for.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from concurrent.futures.process import BrokenProcessPool
from types import SimpleNamespace

import pytest

from conftest import HUNG
from xinyu.pipeline import workers
from xinyu.plugin.plugin import XinyuPlugin
from xinyu.plugin.serving import SearchLater


def test_serve_background_work_is_stopped_or_waited_for_when_serve_ends(tmp_path):
    plugin = XinyuPlugin()
    plugin.search_later = SearchLater(delay=3600)  # a search index due after this build: it must be called off, not outwaited
    before = set(threading.enumerate())
    made, wrote, go = [], [], threading.Event()
    plugin.search_later.start(lambda previous: made.append("index"), tmp_path / "search")
    plugin.later(lambda: (go.wait(120), wrote.append("catalogs")))  # the catalogs, still being written
    ours = set(threading.enumerate()) - before
    ending = threading.Thread(target=plugin.on_shutdown)
    ending.start()
    ending.join(0.5)
    assert ending.is_alive(), "serve ended while its catalogs were still being written into the site folder"
    go.set()
    ending.join(120)
    assert not ending.is_alive() and wrote == ["catalogs"] and made == []
    assert not [t.name for t in ours if t.is_alive()]


def test_a_failed_build_lets_its_workers_go():
    plugin = XinyuPlugin()
    plugin.workers = workers.Workers(2)
    pool = plugin.workers.start()
    plugin.on_build_error(error=RuntimeError("失败的构建"))
    assert workers.settle(120)
    with pytest.raises(RuntimeError):
        pool.submit(abs, -1)  # shut down, not left to the interpreter's exit


def test_a_serve_after_another_in_the_same_process_still_indexes(tmp_path):
    """The plugin instance outlives a serve in one process (MkDocs keeps it): a stopped SearchLater starts anew."""
    later = SearchLater(delay=0)
    later.stop()
    done = threading.Event()
    later.start(lambda previous: done.set(), tmp_path / "search")
    assert done.wait(120)
    later.stop()


def test_a_called_off_search_job_ends_its_process_instead_of_being_waited_for(tmp_path, monkeypatch):
    """A failed build's or a stopped serve's search index is called off (SearchJob.cancel removes its work folder) and
    its process leaves then; it was waited for (up to a minute) to the end of an index nobody would read. Here the job
    cannot go on (its cache is locked), so only the call-off ends it."""
    from xinyu.search import writer

    monkeypatch.setattr(writer, "HERE_BELOW", 0)  # the indexing process, as on a larger site
    cache = tmp_path / ".cache" / "xinyu" / "cache.sqlite"
    cache.parent.mkdir(parents=True)
    holder = sqlite3.connect(cache, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    work = tmp_path / "work"
    work.mkdir()
    try:
        future = writer.start_index([], work / "search", dictionary=None, cache=cache)
        shutil.rmtree(work)  # SearchJob.cancel
        with pytest.raises(BrokenProcessPool):
            future.result(timeout=HUNG)
    finally:
        holder.close()
    assert workers.settle(HUNG)


def test_a_failed_build_calls_its_search_job_off():
    plugin = XinyuPlugin()
    called = []
    plugin.search_job = SimpleNamespace(cancel=lambda: called.append("cancel"))
    plugin.on_build_error(error=RuntimeError("失败的构建"))
    assert called == ["cancel"] and plugin.search_job is None


def test_a_stopped_serve_calls_its_running_search_index_off(tmp_path):
    later = SearchLater(delay=0)
    writing, off = threading.Event(), threading.Event()

    class Job:
        placed = None

        def __init__(self, previous) -> None:
            assert previous is None  # no index was placed before

        def finish(self, target) -> None:
            writing.set()
            off.wait(HUNG)

        def cancel(self) -> None:
            off.set()

    later.start(Job, tmp_path / "search")
    assert writing.wait(HUNG)
    later.stop(timeout=60)  # the old code waited this long, for an index nobody would read
    assert off.is_set() and not [t for t in later.threads if t.is_alive()]
