"""The whole-page cache's keys and its read-ahead (plugin/outputs.py), without a build."""

from __future__ import annotations

from dataclasses import dataclass

from xinyu.index import CollectionIndex
from xinyu.pipeline.keys import owner_prefix
from xinyu.pipeline.store import CARD_KIND, Store
from xinyu.plugin.context import Card
from xinyu.plugin.outputs import KIND, ORDER, PageOutputs, ReadAhead, _store, fingerprint, text_digest


@dataclass
class Spec:
    label: str
    prefix: str


def test_text_digest_tells_every_split_and_none_apart():
    variants = [["a", None], ["a", ""], ["a", "None"], ["ab", "c"], ["a", "bc"], ["a"], [None, "a"], ["a\udcff"]]
    assert len({text_digest(v) for v in variants}) == len(variants)


def test_a_card_or_collection_standing_in_by_digest_still_changes_the_key():
    """Cards and collections are written once a build and stand in by a digest: what they hold still counts."""

    def key(view) -> str:
        return fingerprint(view, {}, set())

    assert key({"c": Card({"title": "甲", "year": "2024"})}) != key({"c": Card({"title": "乙", "year": "2024"})})
    assert key({"c": Card({"title": "甲", "year": "2024"})}) == key({"c": Card({"title": "甲", "year": "2024"})})
    one = CollectionIndex(Spec("案例", "cases"), [], [])
    other = CollectionIndex(Spec("案例集", "cases"), [], [])
    assert key({"collection": one}) != key({"collection": other})


def test_read_ahead_gives_what_the_store_holds_and_nothing_else(tmp_path):
    store = Store(tmp_path / "cache.sqlite")
    pages = {f"k{n}": f'[["a{n}"], {{}}]\n<p>第 {n} 页</p>' for n in range(300)}
    store.put_many_raw(KIND, {key: text.encode() for key, text in pages.items()})
    store.put_many_raw(KIND, {"broken": b"\xff not a page"})
    order = [*pages, "gone", "broken"]  # "gone": in the last build's order, no longer stored
    store.put_many_raw(KIND, {ORDER + "base": "\n".join(order).encode()})
    ahead = ReadAhead(store, ORDER + "base")
    ahead.start()
    for n in range(0, 300, 3):  # pages asked for in order, some skipped (their key changed)
        read, kept = ahead.take(f"k{n}")
        assert read and str(kept.html) == f"<p>第 {n} 页</p>" and kept.anchors == [f"a{n}"]
    assert ahead.take("k0") == (False, None)  # taken once: asked of the store again
    assert ahead.take("new") == (True, None)  # a key the store did not hold: rendered, the store not asked
    assert ahead.take("gone") == (True, None)
    assert ahead.take("broken") == (True, None)  # read but unreadable: rendered again
    ahead.stop()
    assert not ahead.is_alive()
    read, kept = ahead.take("k299")  # after it stopped: never waits, never gives another page
    assert (read, kept) == (False, None) or str(kept.html) == "<p>第 299 页</p>"


def test_read_ahead_on_an_empty_store_asks_for_nothing_and_never_gives_a_later_page(tmp_path):
    """A cold build: no saved order, no stored page. Every page is rendered without a query; a page stored
    after the build began (by this build's writer or another process) is rendered again, never taken."""
    store = Store(tmp_path / "cache.sqlite")
    ahead = ReadAhead(store, ORDER + "base")
    ahead.start()
    assert ahead.take("k1") == (True, None)
    store.put_many_raw(KIND, {"k2": b"[[], {}]\n<p>later</p>"})
    assert ahead.take("k2") == (True, None)
    ahead.stop()
    assert not ahead.is_alive()
    stored = Store(tmp_path / "cache.sqlite")
    later = ReadAhead(stored, ORDER + "base")  # the next build finds it, by its key
    later.start()
    assert later.take("k2") == (False, None) and stored.keys(KIND) == {"k2"}
    later.stop()


def test_a_failed_build_stops_the_read_ahead(tmp_path):
    """A build that fails mid-way never asks for the rest of its pages: the read-ahead, waiting for the rendering
    to come closer, ends with it (on_build_error) instead of holding a thread and its pages."""
    from types import SimpleNamespace

    from xinyu.plugin.outputs import PageOutputs
    from xinyu.plugin.plugin import XinyuPlugin

    store = Store(tmp_path / "cache.sqlite")
    keys = [f"k{n}" for n in range(400)]  # far more than the thread reads ahead of the rendering
    store.put_many_raw(KIND, {key: f"[[], {{}}]\n<p>{key}</p>".encode() for key in keys})
    store.put_many_raw(KIND, {ORDER + "base": "\n".join(keys).encode()})
    plugin = XinyuPlugin()
    plugin.outputs = PageOutputs(SimpleNamespace(plugins={}, theme=SimpleNamespace(dirs=[])), store, plugin, tmp_path)
    ahead = plugin.outputs.ahead = ReadAhead(store, ORDER + "base")
    ahead.start()
    try:
        assert ahead.take("k0")[0]  # the first page rendered; then the build fails
        plugin.on_build_error(error=RuntimeError("失败"))
        assert not ahead.is_alive() and plugin.outputs.ahead is None
    finally:
        ahead.stop()


def test_a_stored_card_is_found_only_by_its_values_link_and_the_shared_key(tmp_path):
    """Rendered cards kept across builds (PageOutputs.card_key): anything that changes a card's HTML changes its key."""
    outputs = PageOutputs.__new__(PageOutputs)
    outputs.store, outputs.base, outputs.card_ids = Store(tmp_path / "cache.sqlite"), "shared", {}
    outputs.card_rows, outputs.cards_asked, outputs.cards_fresh = {}, set(), {}

    def card(title: str) -> Card:
        made = Card({"title": title, "url": "cases/a/"})
        fingerprint({"c": made}, {}, set())  # as a page's key prints it
        return made

    first, variant = card("甲"), ("../a/", "..", False)
    assert outputs.card_key(Card({"title": "甲", "url": "cases/a/"}), variant) is None  # not printed: never kept
    keys = {outputs.card_key(first, variant), outputs.card_key(card("乙"), variant), outputs.card_key(first, ("../../a/", "..", False))}
    keys |= {outputs.card_key(first, ("../a/", "../..", False)), outputs.card_key(first, ("../a/", "..", True))}
    outputs.card_ids = {}
    outputs.base = "another configuration"
    keys.add(outputs.card_key(first, variant))
    assert len(keys) == 6 and all(k.startswith(owner_prefix("cases/a/")) for k in keys)  # a withdrawn item takes them along
    outputs.card_rendered(first, variant, "<li>甲</li>")
    _store(outputs.store, outputs.cards_fresh, None, CARD_KIND)
    outputs.store.put_many_raw(CARD_KIND, {outputs.card_key(card("乙"), variant): b"\xff not UTF-8"})
    outputs.ask_cards([(first, variant), (card("乙"), variant)])
    assert str(outputs.stored_card(first, variant)) == "<li>甲</li>"
    assert outputs.stored_card(card("乙"), variant) is None  # unreadable: rendered again
    assert outputs.stored_card(card("丙"), variant) is None
