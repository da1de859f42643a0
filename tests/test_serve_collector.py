"""`serve`'s garbage collection (plugin.serving.Collector): rebuilds run without automatic collections, and the
garbage is collected soon after each build's page is served, unless the next build has begun by then.

The timer is replaced by a list of what it would run: no sleeps, no timing."""

from __future__ import annotations

import gc

import pytest

from xinyu.plugin.serving import SOON, Collector


@pytest.fixture
def collector(monkeypatch):
    was_enabled = gc.isenabled()
    collector = Collector()
    waiting: list = []
    monkeypatch.setattr(collector, "later", lambda delay, run: waiting.append((delay, run)))
    yield collector, waiting
    gc.enable() if was_enabled else gc.disable()


def test_each_build_s_garbage_is_collected_soon_after_it(collector):
    collector, waiting = collector
    collector.begin(rebuild=False)
    assert gc.isenabled(), "the first build collects as usual: it makes the most garbage"
    collector.end()
    assert [delay for delay, _ in waiting] == [SOON] and collector.pending == 1
    waiting.pop()[1]()
    assert collector.pending == 0 and gc.get_freeze_count() > 0, "collected, and what survives frozen"
    collector.begin(rebuild=True)
    assert not gc.isenabled(), "a rebuild runs without automatic collections"
    collector.end()
    assert gc.isenabled() is False, "not turned on at its end: the page is served first"
    waiting.pop()[1]()
    assert gc.isenabled() and collector.pending == 0


def test_a_build_begun_before_the_collection_skips_it_and_a_run_of_saves_collects_as_usual(collector):
    collector, waiting = collector
    collector.begin(rebuild=False)
    collector.end()
    for _ in range(Collector.UNCOLLECTED - 1):
        collector.begin(rebuild=True)
        assert not gc.isenabled()
        waiting[-1][1]()  # the last build's collection comes after this one began: it does not run
        collector.end()
    assert collector.pending == Collector.UNCOLLECTED
    collector.begin(rebuild=True)
    assert gc.isenabled(), "that many rebuilds' garbage is not left for later: this one collects as usual"
    waiting.clear()
    collector.begin(rebuild=True)  # and a collection due while a build is under way waits for the next build's end
    collector.end()
    collector.begin(rebuild=True)
    waiting[0][1]()
    assert collector.pending > 0
    collector.end()
    waiting[-1][1]()
    assert collector.pending == 0


def test_stop_drops_the_collection_not_yet_started():
    collector = Collector(delay=3600)
    collector.begin(rebuild=True)
    collector.end()
    timer = collector.timer
    collector.stop()
    assert collector.timer is None and not timer.is_alive()
    gc.enable()
