"""The build cache's file: keys are listed without reading values, and an older version's file is replaced."""

from __future__ import annotations

import sqlite3

from xinyu.pipeline.store import PAGE_SIZE, SCHEMA, Store


def test_keys_are_listed_and_kept_without_reading_the_values(tmp_path):
    store = Store(tmp_path / "cache.sqlite")
    store.put_many_raw("output", {f"k{i}": b"x" * 60_000 for i in range(3)})
    assert store.keys("output") == {"k0", "k1", "k2"}
    # A covering index answers the key-only queries (listing, keep, drop_prefix): the 60 KB values stay unread.
    for query in ("SELECT key FROM results WHERE kind=?", "SELECT key FROM results WHERE kind=? AND key >= ?"):
        plan = " ".join(row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {query}", ("output", "k")[: query.count("?")]))
        assert "COVERING INDEX" in plan, plan
    assert store.keep("output", ["k1"]) == 2
    assert store.get_many_raw("output", ["k0", "k1"]) == {"k1": b"x" * 60_000}
    assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    store.close()


def test_a_file_an_older_version_wrote_is_made_anew(tmp_path):
    path = tmp_path / "cache.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "PRAGMA journal_mode=WAL; CREATE TABLE results (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key)) WITHOUT ROWID;"
        "INSERT INTO results VALUES ('output', 'old', x'00'); PRAGMA user_version=2;"
    )
    old.close()
    store = Store(path)
    assert store.keys("output") == set()
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    store.put("item", "new", {"a": 1})
    store.close()
    again = Store(path)  # this version's file is kept as it is
    assert again.get("item", "new") == {"a": 1}
    again.close()
