"""What build_index keeps in the build cache (index.memo) gives the index a build without it gives, and is used."""

from __future__ import annotations

import pytest

from conftest import ROOT
from xinyu import index as index_module
from xinyu.content import load_library
from xinyu.content.site import load_site
from xinyu.index import build_index, related
from xinyu.pipeline.store import Store


def shape(index) -> dict:
    """What the index decides from the memo's inputs: each facet's slugs, each item's related items."""
    slugs = {(name, f.key): dict(f.slugs) for name, col in index.collections.items() for f in col.facets}
    return {"slugs": slugs, "related": {key: [e.key for e in found] for key, found in index.related.items()}}


@pytest.fixture(scope="module")
def library():
    return load_library(load_site(ROOT / "mkdocs.yml"))


def test_kept_results_equal_computed_ones_and_are_used(library, tmp_path, monkeypatch):
    store = Store(tmp_path / "cache.sqlite")
    related._last.clear()
    first = shape(build_index(library, store))
    assert first == shape(build_index(library)) and first["related"] and first["slugs"]

    def computed(*args):
        raise AssertionError("computed again although its inputs are unchanged")

    with monkeypatch.context() as m:  # unchanged inputs: nothing is computed, not even in this process's memo
        m.setattr(related, "_scores", computed)
        m.setattr(index_module, "suggest_slug", computed)
        related._last.clear()
        assert shape(build_index(library, store)) == first

    # Changed inputs: a new facet value, other features and dates: the kept results are not taken for them.
    entries = library.all_entries()
    for n, entry in enumerate(entries[:6]):
        entry.data["topics"], entry.data["tags"] = [f"新主题{n % 2}"], [f"新标签{n % 2}"]
        entry.data["date"] = f"2001-01-0{n + 1}"
    related._last.clear()
    changed = shape(build_index(library, store))
    related._last.clear()
    assert changed == shape(build_index(library)) != first
    made = {slug for slugs in changed["slugs"].values() for slug in slugs.values()}
    assert {"2001", "xin-biao-qian-0", "xin-biao-qian-1"} <= made


def test_a_store_is_pruned_only_when_what_a_build_used_changed(tmp_path, monkeypatch):
    """serve: a rebuild that used the same keys and made none leaves the store alone; another set prunes it,
    so that a value no item has any more (a withdrawn item's) leaves the cache."""
    from xinyu.index.memo import SLUG_KIND, IndexMemo

    store = Store(tmp_path / "cache.sqlite")
    kept: list[str] = []
    keep = store.keep
    monkeypatch.setattr(store, "keep", lambda kind, keys: kept.append(kind) or keep(kind, keys))

    def build(values: list[str]) -> dict[str, str]:
        memo = IndexMemo(store)
        slugs = memo.slugs(values, lambda value: f"slug-{len(value)}")
        memo.finish()
        return slugs

    build(["甲", "乙乙"])
    assert kept, "the first build prunes"
    kept.clear()
    assert build(["甲", "乙乙"]) == {"甲": "slug-1", "乙乙": "slug-2"} and kept == []
    build(["甲"])
    assert SLUG_KIND in kept
    assert len(store.db.execute("SELECT key FROM results WHERE kind=?", (SLUG_KIND,)).fetchall()) == 1, "乙乙's slug is gone"
