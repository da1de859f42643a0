"""`serve`: the library loaded ahead, as soon as the watcher hears a change (plugin.serving.Ahead), is taken by the
rebuild only when it is what the rebuild would load; every rebuild still equals a fresh build, byte for byte.

The first tests drive :class:`Ahead` alone (a change, a change during a load or a build, a failed load, other
inputs); the last runs the plugin under the watcher through edits, a data file, a case added, withdrawn and removed,
an edit during the load ahead and a load that fails. No timing is asserted: each wait is for something that happens.
"""

from __future__ import annotations

import shutil
import threading
import time

from xinyu.plugin.serving import Ahead


def settled(ahead: Ahead, timeout: float = 60) -> None:
    """The loads the changes so far started have ended."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        time.sleep(Ahead.QUIET * 2)
        with ahead.lock:
            if ahead.thread is None or not ahead.thread.is_alive():
                return
    raise AssertionError("the load ahead did not end")


def loading(results: list, inputs: object = "site", gate: threading.Event | None = None) -> Ahead:
    """An Ahead whose load gives the next of ``results`` (an exception is raised), waiting for ``gate`` if given."""
    ahead = Ahead()
    calls = iter(results)

    def load(given):
        assert given == inputs
        if gate is not None:
            gate.wait(60)
        result = next(calls)
        if isinstance(result, Exception):
            raise result
        return result

    ahead.inputs, ahead.load = (lambda: inputs), load
    return ahead


def test_a_change_is_loaded_and_taken_once():
    ahead = loading(["first"])
    ahead.change(1)
    settled(ahead)
    assert ahead.take() == "first"
    ahead.resume()
    assert ahead.take() is None, "a build with no change since the last takes nothing: it loads itself"


def test_a_change_during_the_load_is_loaded_again():
    gate = threading.Event()
    ahead = loading(["stale", "fresh"], gate=gate)
    ahead.change(1)
    time.sleep(Ahead.QUIET * 4)  # the first load has begun and waits at the gate
    ahead.change(2)
    gate.set()
    settled(ahead)
    assert ahead.take() == "fresh"


def test_a_change_heard_after_the_load_is_not_taken():
    ahead = loading(["stale"])
    ahead.change(1)
    settled(ahead)
    ahead.building = True  # as during a build: the change starts no load
    ahead.change(2)
    ahead.building = False
    assert ahead.take() is None, "the load began before the last change"


def test_no_load_during_a_build_and_the_next_starts_after_it():
    ahead = loading(["after the build"])
    assert ahead.take() is None
    ahead.change(1)  # heard while the build runs
    time.sleep(Ahead.QUIET * 4)
    assert ahead.thread is None, "no load while a build runs"
    ahead.resume()
    settled(ahead)
    assert ahead.take() == "after the build"


def test_a_failed_load_and_other_inputs_are_not_taken():
    ahead = loading([RuntimeError("读不了")])
    ahead.change(1)
    settled(ahead)
    assert ahead.take() is None
    ahead.resume()
    ahead = loading(["old site"])
    ahead.change(1)
    settled(ahead)
    ahead.inputs = lambda: "mkdocs.yml changed since"
    assert ahead.take() is None


def test_stop_ends_the_load_and_starts_none():
    gate = threading.Event()
    ahead = loading(["never taken"], gate=gate)
    ahead.change(1)
    time.sleep(Ahead.QUIET * 4)
    threading.Timer(0.2, gate.set).start()
    ahead.stop()
    assert not ahead.thread.is_alive()
    ahead.change(2)
    assert not ahead.thread.is_alive() and ahead.load is None


def test_rebuilds_take_the_load_ahead_and_equal_a_fresh_build(tmp_path, monkeypatch):
    """Under the watcher (Linux), each change is loaded ahead; the rebuild takes it (or loads again: an edit during the
    load ahead, a load that failed) and ends in a fresh build's site."""
    import xinyu.plugin.plugin as plugin_module
    from test_serve_rebuild import VOCABULARY, _edit, set_field, watched_site
    from test_serve_watch import heard

    served, plugin, cases = watched_site(tmp_path, monkeypatch)
    site = served.site
    md, other = sorted(cases.glob("*/index.md"))[1:3]
    taken: list[bool] = []
    take = plugin.ahead.take
    monkeypatch.setattr(plugin.ahead, "take", lambda: taken.append((found := take()) is not None) or found)
    load_library = plugin_module.load_library

    def during(*args, **kwargs):  # the load ahead's: a second save while it runs
        monkeypatch.setattr(plugin_module, "load_library", load_library)
        set_field(other, "title", "载入途中又改的标题")
        return load_library(*args, **kwargs)

    def failing(*args, **kwargs):
        monkeypatch.setattr(plugin_module, "load_library", load_library)
        raise RuntimeError("载入失败")

    steps = [  # what changes, and whether the rebuild takes the load ahead
        ("title", lambda: set_field(md, "title", "改过的标题甲"), True),
        (
            "vocabulary",
            lambda: (site / "data" / "vocabulary.yml").write_text(
                VOCABULARY.replace("label: 学段", "label: 学段（年级）"), encoding="utf-8"
            ),
            True,
        ),
        ("people", lambda: _edit(site / "data" / "authors.yml", "name: ", "name: 新"), True),
        ("added", lambda: shutil.copytree(md.parent, cases / "case-added"), True),
        ("withdrawn", lambda: md.write_text("---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n", encoding="utf-8"), True),
        ("removed", lambda: shutil.rmtree(cases / "case-added"), True),
        ("edited during the load ahead", lambda: monkeypatch.setattr(plugin_module, "load_library", during), True),
        ("the load ahead fails", lambda: monkeypatch.setattr(plugin_module, "load_library", failing), False),
        ("mkdocs.yml, before the load ahead", lambda: _edit(site / "mkdocs.yml", "心育资源库", "心育资源库（预览）"), True),
        # MkDocs polls it (and a registry beside it), not the watcher: changed after the load ahead, it is not taken
        ("mkdocs.yml, after the load ahead", lambda: None, False),
        ("collections, after the load ahead", lambda: None, False),
    ]
    after = {
        "mkdocs.yml, after the load ahead": lambda: _edit(site / "mkdocs.yml", "心育资源库（预览）", "心育资源库"),
        "collections, after the load ahead": lambda: _edit(site / "mkdocs.yml", "label: 优秀案例\n", "label: 优秀案例集\n"),
    }
    for number, (step, change, ahead) in enumerate(steps):
        change()
        heard(plugin.watcher, cases, f"step-{number}")
        settled(plugin.ahead)
        after.get(step, lambda: None)()
        served.rebuild()
        assert taken[-1] == ahead, f"{step}: the load ahead {'not ' if ahead else ''}taken"
        served.assert_same(step)
    assert "载入途中又改的标题" in (served.out / "cases" / other.parent.name / "index.html").read_text(encoding="utf-8")
    plugin.on_shutdown()
