"""`serve`'s garbage collection (plugin.serving.Collector): rebuilds run without automatic collections; the garbage
is collected after a pause with no new build, soon after the first build and after a run of saves that left no
pause; a build begun before a collection runs skips it, and only a save before even the soon one makes a rebuild
collect as usual.

The timer is replaced by a list of what it would run: no sleeps, no timing."""

from __future__ import annotations

import gc

import pytest

from xinyu.plugin.serving import IDLE, SOON, Collector


@pytest.fixture
def collector(monkeypatch):
    was_enabled = gc.isenabled()
    collector = Collector()
    waiting: list = []
    monkeypatch.setattr(collector, "later", lambda delay, run: waiting.append((delay, run)))
    yield collector, waiting
    gc.enable() if was_enabled else gc.disable()


def test_rebuilds_run_without_collections_and_the_garbage_is_collected_between_them(collector):
    collector, waiting = collector
    collector.begin(rebuild=False)
    assert gc.isenabled(), "the first build collects as usual: it makes the most garbage"
    collector.end()
    assert [delay for delay, _ in waiting] == [SOON] and collector.pending == 1, "and soon after it, before the first save"
    waiting.pop()[1]()
    assert collector.pending == 0 and gc.get_freeze_count() > 0, "collected, and what survives frozen"
    collector.begin(rebuild=True)
    assert not gc.isenabled(), "a rebuild runs without automatic collections"
    collector.end()
    assert gc.isenabled() is False, "not turned on at its end: the page is served first"
    assert [delay for delay, _ in waiting] == [IDLE], "a save soon after is not slowed by a collection"
    waiting.pop()[1]()
    assert gc.isenabled() and collector.pending == 0


def test_a_run_of_saves_is_collected_soon_after_and_only_a_save_before_that_collects_as_usual(collector):
    collector, waiting = collector
    collector.begin(rebuild=False)
    collector.end()
    for _ in range(Collector.UNCOLLECTED - 1):
        collector.begin(rebuild=True)
        assert not gc.isenabled()
        waiting[-1][1]()  # the last build's collection comes after this one began: it does not run
        collector.end()
    assert collector.pending == Collector.UNCOLLECTED and waiting[-1][0] == SOON, "that many: collected soon after"
    collector.begin(rebuild=True)  # a save before even that
    assert gc.isenabled(), "that many rebuilds' garbage is not left for later: this one collects as usual"
    waiting[-1][1]()
    assert collector.pending == Collector.UNCOLLECTED, "a collection due while a build is under way waits for its end"
    collector.end()
    waiting[-1][1]()
    assert collector.pending == 0 and gc.isenabled()


def test_stop_drops_the_collection_not_yet_started():
    collector = Collector(delay=3600, soon=3600)
    collector.begin(rebuild=True)
    collector.end()
    timer = collector.timer
    collector.stop()
    assert collector.timer is None and not timer.is_alive()
    gc.enable()
