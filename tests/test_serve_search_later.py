"""`serve`'s search index after each build (plugin.serving.SearchLater): one index is written at a time.

A save that comes while the last build's index is still being written must not start a second one beside it: the
new one would find no index placed yet and write a whole one, and at 5,000 items the jobs piled up (one more each
save) and every rebuild grew slower (measured: 1.7, 2.9, 4.8, 7.3, 8.9 s for five saves 6 s apart). The job due
next waits for the one under way, then patches what it placed; an older build's job that has not started by then
never starts. Jobs are stand-ins here: no index, no timing."""

from __future__ import annotations

import threading

from conftest import HUNG
from xinyu.plugin.serving import SearchLater


class Jobs:
    """Stand-in search jobs: each records the index it was handed and holds until released."""

    def __init__(self) -> None:
        self.made: list[tuple[str, object]] = []
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.release: dict[str, threading.Event] = {}
        self.started: dict[str, threading.Event] = {}

    def free(self) -> None:
        for event in self.release.values():
            event.set()

    def maker(self, name: str):
        self.release[name], self.started[name] = threading.Event(), threading.Event()
        jobs = self

        class Job:
            cancelled = False

            def __init__(self, previous) -> None:
                jobs.made.append((name, previous))
                self.placed = None

            def finish(self, target) -> None:
                with jobs.lock:
                    jobs.running += 1
                    jobs.most = max(jobs.most, jobs.running)
                jobs.started[name].set()
                jobs.release[name].wait(HUNG)
                self.placed = (target, f"mark-{name}")
                with jobs.lock:
                    jobs.running -= 1

            def cancel(self) -> None:
                jobs.release[name].set()

        return Job


def test_a_job_due_while_another_runs_waits_for_it_and_patches_what_it_placed(tmp_path):
    later, jobs, target = SearchLater(delay=0), Jobs(), tmp_path / "search"
    try:
        later.start(jobs.maker("first"), target)
        assert jobs.started["first"].wait(HUNG)
        later.next_build()  # a save: the rebuild ends while the first index is still being written
        later.start(jobs.maker("second"), target)
        assert not jobs.started["second"].wait(0.3), "a second index was started beside the first"
        jobs.release["first"].set()
        assert jobs.started["second"].wait(HUNG)
        jobs.release["second"].set()
        for thread in later.threads:
            thread.join(30)
        assert jobs.made == [("first", None), ("second", (target, "mark-first"))], "the second patches the first's index"
        assert jobs.most == 1 and later.placed == (target, "mark-second")
    finally:
        jobs.free()
        later.stop(timeout=HUNG)


def test_of_the_builds_that_waited_only_the_newest_writes_an_index(tmp_path):
    later, jobs, target = SearchLater(delay=0), Jobs(), tmp_path / "search"
    try:
        later.start(jobs.maker("first"), target)
        assert jobs.started["first"].wait(HUNG)
        for name in ("second", "third"):  # two more saves while the first index is written
            later.next_build()
            later.start(jobs.maker(name), target)
        jobs.release["first"].set()
        assert jobs.started["third"].wait(HUNG)
        jobs.release["third"].set()
        for thread in later.threads:
            thread.join(30)
        assert [name for name, _ in jobs.made] == ["first", "third"], "an older build's index was written after all"
        assert jobs.made[1][1] == (target, "mark-first")
    finally:
        jobs.free()
        later.stop(timeout=HUNG)


def test_a_stopped_serve_ends_the_job_under_way_and_starts_none_of_those_waiting(tmp_path):
    later, jobs, target = SearchLater(delay=0), Jobs(), tmp_path / "search"
    later.start(jobs.maker("first"), target)
    assert jobs.started["first"].wait(HUNG)
    later.next_build()
    later.start(jobs.maker("second"), target)
    later.stop(timeout=30)  # cancels the first (releases it); the second, waiting, must not start
    jobs.free()
    assert [name for name, _ in jobs.made] == ["first"]
    assert not [t for t in later.threads if t.is_alive()]


def test_a_job_queued_behind_one_that_outlasts_the_stop_never_starts(tmp_path):
    """stop() waits so long for a called-off job; one queued behind it must not start once it ends (serve has ended)."""
    later, jobs, target = SearchLater(delay=0), Jobs(), tmp_path / "search"
    stubborn = jobs.maker("first")
    stubborn.cancel = lambda self: None  # called off, yet it goes on past the wait
    later.start(stubborn, target)
    assert jobs.started["first"].wait(HUNG)
    later.next_build()
    later.start(jobs.maker("second"), target)
    later.stop(timeout=0.2)
    jobs.release["first"].set()  # it ends at last
    for thread in later.threads:
        thread.join(30)
    jobs.free()
    assert [name for name, _ in jobs.made] == ["first"], "a job started after serve had ended"
