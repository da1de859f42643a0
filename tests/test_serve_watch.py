"""`serve`: docs/ and the collections watched by inotify (plugin.serving.Watcher), MkDocs polling one signal file.

Every change MkDocs' polling would see (a write, a new file, a deletion, a folder moved out or in, a time set
back) changes the signal file; stopping ends every thread it started and removes its folder. The real
`mkdocs serve` steps (edit, break, fix, move out, copy in, an attachment moved away and back) are in
tests/test_serve_rebuild.py and run through it. No timing is asserted: each wait is for something that happens.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from xinyu.plugin import serving
from xinyu.plugin.serving import Watcher, file_system

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify: Linux only (elsewhere MkDocs polls)")


def changed(watcher: Watcher, before: str, timeout: float = 60) -> str:
    """The signal's new text once a change has reached it (fails only if none comes within ``timeout``)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        now = watcher.signal.read_text(encoding="utf-8")
        if now and now != before:  # not "": read while it was being written
            return now
        time.sleep(0.05)
    raise AssertionError("the change did not reach the signal file")


def poll_here(monkeypatch) -> None:
    """As on a network or shared folder (nfs, cifs, WSL's drvfs, a container's fuse): no inotify, polled."""
    monkeypatch.setattr(serving, "LOCAL_FILE_SYSTEMS", frozenset())
    monkeypatch.setattr(Watcher, "POLL", 0.1)


@pytest.fixture(params=["inotify", "polled"])
def watched_or_polled(tmp_path, request, monkeypatch):
    yield from watching(tmp_path, request.param, monkeypatch)


@pytest.fixture
def watched(tmp_path, monkeypatch):
    yield from watching(tmp_path, "inotify", monkeypatch)


def watching(tmp_path, how, monkeypatch):
    tree = tmp_path / "cases"
    (tree / "a").mkdir(parents=True)
    (tree / "a" / "index.md").write_text("---\ntitle: 甲\n---\n", encoding="utf-8")
    if how == "polled":
        poll_here(monkeypatch)
    elif file_system(tree) not in serving.LOCAL_FILE_SYSTEMS or not sys.platform.startswith("linux"):
        pytest.skip(f"{file_system(tree)!r} on {sys.platform}: polled, not watched")
    threads = set(threading.enumerate())
    watcher = Watcher()
    assert watcher.take([tree]) == [tree]
    assert watcher.polled == (how == "polled")
    try:
        yield watcher, tree, tmp_path
    finally:
        folder = watcher.signal.parent
        watcher.stop()
        assert not folder.exists()
        assert set(threading.enumerate()) <= threads, "every thread it started has ended"


def test_every_kind_of_change_reaches_the_signal(watched_or_polled):
    watcher, tree, tmp_path = watched_or_polled
    text = watcher.signal.read_text(encoding="utf-8")
    md = tree / "a" / "index.md"
    steps = [
        lambda: md.write_text("---\ntitle: 乙\n---\n", encoding="utf-8"),
        lambda: os.utime(md, (1, 1)),  # a time set back (cp -p, unzip): polling sees it too
        lambda: (tree / "a" / "new.pdf").write_bytes(b"%PDF"),
        lambda: (tree / "a" / "new.pdf").unlink(),
        lambda: shutil.copytree(tree / "a", tree / "b"),
        lambda: (tree / "b" / "index.md").write_text("---\ntitle: 丙\n---\n", encoding="utf-8"),  # inside a new folder
        lambda: shutil.move(str(tree / "b"), str(tmp_path / "moved")),  # out of the tree: no end inside it
        lambda: shutil.move(str(tmp_path / "moved"), str(tree / "c")),
        lambda: shutil.rmtree(tree / "c"),
    ]
    for step in steps:
        step()
        text = changed(watcher, text)


def test_a_folder_inotify_would_miss_edits_in_is_polled(tmp_path, monkeypatch):
    """A network or shared folder (nfs, WSL's drvfs, a container's fuse): polled by the plugin, which cannot say what
    changed (every folder is walked at a rebuild, as under MkDocs' polling)."""
    poll_here(monkeypatch)
    threads = set(threading.enumerate())
    watcher = Watcher()
    assert watcher.take([tmp_path]) == [tmp_path]
    assert watcher.polled and watcher.changes() is None
    watcher.stop()
    assert watcher.observer is None and watcher.signal is None
    assert set(threading.enumerate()) <= threads


def test_a_folder_removed_and_made_again_is_watched_again(watched_or_polled):
    """inotify watches a folder, not a path, and a poll of a folder that went stops: ``git checkout``, a folder restored
    from a copy or moved away and back."""
    watcher, tree, tmp_path = watched_or_polled
    kept = tmp_path / "kept"
    shutil.copytree(tree, kept)
    text = watcher.signal.read_text(encoding="utf-8")
    steps = [
        lambda: shutil.rmtree(tree),
        lambda: shutil.copytree(kept, tree),
        lambda: (tree / "a" / "index.md").write_text("---\ntitle: 丁\n---\n", encoding="utf-8"),
        lambda: (tree / "b").mkdir(),
        lambda: (tree / "b" / "index.md").write_text("---\ntitle: 戊\n---\n", encoding="utf-8"),
        lambda: shutil.move(str(tree), str(tmp_path / "away")),
        lambda: shutil.move(str(tmp_path / "away"), str(tree)),
        lambda: (tree / "b" / "index.md").write_text("---\ntitle: 己\n---\n", encoding="utf-8"),
    ]
    for step in steps:
        step()
        text = changed(watcher, text)


@pytest.mark.parametrize("how", ["inotify", "polled"])
def test_a_folder_not_there_yet_is_watched_once_it_appears(tmp_path, monkeypatch, how):
    """A new site's first case (no cases/ when serve started), a data folder made later, even two levels down."""
    if how == "polled":
        poll_here(monkeypatch)
    elif file_system(tmp_path) not in serving.LOCAL_FILE_SYSTEMS:
        pytest.skip("not a local file system here")
    cases, data = tmp_path / "cases", tmp_path / "more" / "data"
    threads = set(threading.enumerate())
    watcher = Watcher()
    assert watcher.take([cases, data]) == [cases, data]
    try:
        text = watcher.signal.read_text(encoding="utf-8")
        steps = [
            lambda: (cases / "a").mkdir(parents=True),
            lambda: (cases / "a" / "index.md").write_text("---\ntitle: 甲\n---\n", encoding="utf-8"),
            lambda: (cases / "a" / "index.md").write_text("---\ntitle: 乙\n---\n", encoding="utf-8"),
            lambda: (tmp_path / "more").mkdir(),
            lambda: data.mkdir(),
            lambda: (data / "authors.yml").write_text("王老师: {}\n", encoding="utf-8"),
        ]
        for step in steps:
            step()
            text = changed(watcher, text)
    finally:
        watcher.stop()
    assert set(threading.enumerate()) <= threads


def test_a_failed_start_leaves_nothing_running(tmp_path, monkeypatch):
    """Out of inotify watches: polled instead. Any failure of that too: nothing taken, no thread or folder left, MkDocs polls."""
    from watchdog.observers.inotify import InotifyObserver
    from watchdog.observers.polling import PollingObserver

    if file_system(tmp_path) not in serving.LOCAL_FILE_SYSTEMS:
        pytest.skip("not a local file system here")

    def out_of_watches(*args, **kwargs):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(InotifyObserver, "schedule", out_of_watches)
    threads = set(threading.enumerate())
    watcher = Watcher()
    assert watcher.take([tmp_path]) == [tmp_path] and watcher.polled
    watcher.stop()
    monkeypatch.setattr(PollingObserver, "schedule", out_of_watches)
    assert watcher.take([tmp_path]) == []
    assert watcher.observer is None and watcher.signal is None
    assert set(threading.enumerate()) <= threads


def test_the_file_system_of_a_folder_is_its_mount_point_s(tmp_path):
    assert file_system(tmp_path) != ""
    assert file_system(Path("/proc")) == "proc"


def heard(watcher: Watcher, tree: Path, name: str, timeout: float = 60) -> None:
    """Every event before it has reached the watcher: a marker file's (inotify reports a folder's events in order)."""
    marker = tree / f".{name}"
    marker.write_text(name, encoding="utf-8")
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with watcher.lock:
            if str(marker) in watcher.paths:
                return
        time.sleep(0.05)
    raise AssertionError("the marker's event did not reach the watcher")


def test_the_watcher_names_the_folders_that_changed(watched):
    """content.unchanged walks only the item folders an event concerns: a changed file's, a new or moved folder's
    (always, from then on: it may have no watch of its own), not its neighbours'."""
    from xinyu.content.batch import Job

    watcher, tree, tmp_path = watched
    root = str(tree)
    (tree / "b").mkdir()
    (tree / "b" / "index.md").write_text("---\ntitle: 乙\n---\n", encoding="utf-8")
    heard(watcher, tree, "start")
    first = watcher.changes()
    assert first is not None and first.roots == (root,)
    assert {str(tree / "b"), str(tree / "b" / "index.md")} <= first.paths and str(tree / "b") in first.subtrees
    a, b, c = (Job("cases", slug, tree / slug / "index.md") for slug in "abc")
    untouched = first.untouched()
    assert untouched(a) and not untouched(b)
    (tree / "a" / "new.pdf").write_bytes(b"%PDF")
    heard(watcher, tree, "attachment")
    told = watcher.changes()
    assert told.epoch == first.epoch and str(tree / "b" / "index.md") not in told.paths, "each call names what came after the last"
    untouched = told.untouched()
    assert not untouched(a) and not untouched(b), "a folder made under the watch is walked at every load"
    assert not untouched(Job("cases", "x", tmp_path / "x" / "index.md")), "outside the watched folders: walked"
    shutil.copytree(tree / "a", tmp_path / "c")
    shutil.move(str(tmp_path / "c"), str(tree / "c"))
    heard(watcher, tree, "moved in")
    untouched = watcher.changes().untouched()
    assert not untouched(c) and untouched(Job("cases", "d", tree / "d" / "index.md"))


def test_lost_events_and_a_watched_folder_made_again_are_not_trusted(watched):
    """watchdog's warning (the system's queue overflowed) starts a new epoch (every folder walked once) and a rebuild;
    so does the watched folder itself removed and made again (what was made in it before its new watch is in no event)."""
    import logging

    watcher, tree, tmp_path = watched
    before, text = watcher.changes().epoch, watcher.signal.read_text(encoding="utf-8")
    logging.getLogger("watchdog.observers.inotify_c").warning("Inotify queue overflowed; filesystem events were lost")
    assert watcher.changes().epoch != before
    assert watcher.signal.read_text(encoding="utf-8") != text, "a rebuild follows"
    logger = logging.getLogger("watchdog.observers.inotify")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        assert watcher.changes() is None, "its warnings turned off: lost events would go unnoticed"
    finally:
        logger.setLevel(level)
    for change in (lambda: shutil.rmtree(tree), lambda: (tree / "a").mkdir(parents=True)):
        before = watcher.changes().epoch
        change()
        end = time.monotonic() + 60
        while watcher.changes().epoch == before:
            assert time.monotonic() < end, "the change did not reach the watcher"
            time.sleep(0.05)
