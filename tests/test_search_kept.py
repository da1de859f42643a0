"""The search index patched from the last build's (search.kept) is byte for byte a clean build's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from xinyu.pipeline.store import INDEX_KIND, Store
from xinyu.search import SearchAttachment, SearchDoc, write_index

CHARS = "焦虑情绪辅导学生家长教师沙盘游戏团体考试压力同伴关系生涯规划心理健康"
WORDS = ["考试焦虑", "团体辅导", "ppt", "2024", "abc"]


def text(rng: random.Random, size: int) -> str:
    parts = [rng.choice(WORDS) if rng.random() < 0.1 else "".join(rng.choices(CHARS, k=rng.randint(1, 6))) for _ in range(size)]
    return "，".join(parts) + "。"


def corpus(rng: random.Random, n: int) -> list[SearchDoc]:
    docs = []
    for i in range(n):
        attachments = [SearchAttachment("附件", f"cases/c{i}/a.docx", chunks=[("", text(rng, 8))])] if i % 7 == 0 else []
        docs.append(
            SearchDoc(
                url=f"cases/c{i}/",
                collection="cases",
                collection_label="优秀案例",
                title=text(rng, 2),
                summary=text(rng, 2),
                text=text(rng, rng.randint(3, 30)),
                facets={"grade": [rng.choice(["初中", "小学", "高中"])], "year": [str(2020 + i % 4)]},
                tags=[rng.choice(WORDS)],
                date=f"2024-01-{i % 28 + 1:02d}-{i:04d}",
                attachments=attachments,
            )
        )
    return docs


def edit(rng: random.Random, doc: SearchDoc) -> None:
    """One change a contributor makes: a title, a sentence added or dropped, the text rewritten, a facet."""
    kind = rng.randrange(6)
    if kind == 0:
        doc.title = text(rng, 2)
    elif kind == 1:
        doc.text += text(rng, 3)
    elif kind == 2:
        doc.text = text(rng, 2) + doc.text  # every bigram after it moves: the terms' order within the document changes
    elif kind == 3:
        doc.text = doc.text[: len(doc.text) // 2]  # terms disappear, some from the whole index
    elif kind == 4:
        doc.facets = {**doc.facets, "grade": [rng.choice(["初中", "小学", "高中", "幼儿园"])]}
    else:
        doc.text = text(rng, rng.randint(1, 30))


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("seed", range(3))
def test_patched_index_equals_a_clean_one(tmp_path, seed):
    rng = random.Random(seed)
    docs = corpus(rng, 80)
    pages = [SearchDoc(url="about/", collection="", collection_label="", title="关于", text=text(rng, 5))]
    store = Store(tmp_path / "cache.sqlite")
    write_index(docs, tmp_path / "first", dictionary=None, pages=pages, store=store, shard_bytes=200)
    patched = 0
    for step in range(6):
        for doc in rng.sample(docs, rng.choice([1, 1, 2, 5])):
            edit(rng, doc)
        stats = write_index(docs, tmp_path / f"kept{step}", dictionary=None, pages=pages, store=store, shard_bytes=200)
        write_index(docs, tmp_path / f"clean{step}", dictionary=None, pages=pages, shard_bytes=200)
        patched += "patch" in stats["phases"]
        assert files(tmp_path / f"kept{step}") == files(tmp_path / f"clean{step}"), f"step {step}"
    assert patched >= 3  # most steps patched the kept index (a step that changes the shard count cannot)
    store.close()


@pytest.mark.parametrize("seed", range(3))
def test_an_index_patched_in_its_folder_equals_a_clean_one(tmp_path, seed):
    """serve keeps its site folder: the last index's folder is moved and patched in place (write_index's ``previous``)."""
    rng = random.Random(seed)
    docs = corpus(rng, 80)
    store = Store(tmp_path / "cache.sqlite")
    folder = tmp_path / "site0"
    stats = write_index(docs, folder, dictionary=None, store=store, shard_bytes=200)
    in_place = 0
    for step in range(1, 7):
        for doc in rng.sample(docs, rng.choice([1, 1, 2, 5])):
            edit(rng, doc)
        if step == 3:
            docs[0].attachments = [SearchAttachment("新附件", "cases/c0/b.docx", chunks=[("", text(rng, 400))])]  # more pieces
        if step == 4:
            docs[0].attachments = []  # its pieces go
        now = tmp_path / f"site{step}"
        stats = write_index(docs, now, dictionary=None, store=store, shard_bytes=200, previous=(folder, stats["mark"]))
        write_index(docs, tmp_path / f"clean{step}", dictionary=None, shard_bytes=200)
        in_place += stats["in_place"]
        assert files(now) == files(tmp_path / f"clean{step}"), f"step {step}"
        assert not folder.exists() or not stats["in_place"]
        folder = now
    assert in_place >= 3
    store.close()


def test_a_folder_of_another_build_is_not_patched(tmp_path):
    """A folder whose mark is not the kept index's (another build wrote the cache since) stays as it is."""
    rng = random.Random(3)
    docs = corpus(rng, 30)
    store = Store(tmp_path / "cache.sqlite")
    first = write_index(docs, tmp_path / "a", dictionary=None, store=store)
    write_index(docs, tmp_path / "b", dictionary=None, store=store)  # the kept index is b's now
    before = files(tmp_path / "a")
    edit(rng, docs[2])
    stats = write_index(docs, tmp_path / "c", dictionary=None, store=store, previous=(tmp_path / "a", first["mark"]))
    write_index(docs, tmp_path / "clean", dictionary=None)
    assert not stats["in_place"] and files(tmp_path / "a") == before
    assert files(tmp_path / "c") == files(tmp_path / "clean")
    store.close()


def test_a_term_gone_from_every_document_leaves_the_index(tmp_path):
    rng = random.Random(7)
    docs = corpus(rng, 20)
    docs[3].text += "独一无二的词语"
    store = Store(tmp_path / "cache.sqlite")
    write_index(docs, tmp_path / "a", dictionary=None, store=store)
    docs[3].text = docs[3].text.replace("独一无二的词语", "")
    stats = write_index(docs, tmp_path / "b", dictionary=None, store=store)
    write_index(docs, tmp_path / "c", dictionary=None)
    assert "patch" in stats["phases"]
    assert files(tmp_path / "b") == files(tmp_path / "c")
    assert not any("独一".encode() in data for data in files(tmp_path / "b").values())


def test_a_withdrawn_item_drops_the_kept_index(tmp_path):
    """Store.drop_owner (an item withdrawn) removes the kept index: it holds every item's terms and records."""
    from xinyu.pipeline.keys import owner_prefix

    rng = random.Random(8)
    docs = corpus(rng, 10)
    docs[2].title = "撤回的条目标题"
    store = Store(tmp_path / "cache.sqlite")
    write_index(docs, tmp_path / "a", dictionary=None, store=store)
    rows = store.db.execute("SELECT value FROM results WHERE kind=?", (INDEX_KIND,)).fetchall()
    assert any("撤回的条目".encode() in value for (value,) in rows)
    store.drop_owner(owner_prefix(docs[2].url))
    assert not store.db.execute("SELECT count(*) FROM results WHERE kind=?", (INDEX_KIND,)).fetchone()[0]
    del docs[2]
    write_index(docs, tmp_path / "b", dictionary=None, store=store)
    write_index(docs, tmp_path / "c", dictionary=None)
    assert files(tmp_path / "b") == files(tmp_path / "c")
    store.close()


def test_an_item_withdrawn_long_ago_leaves_the_kept_index(tmp_path):
    """An item that is not in the kept index (withdrawn builds ago: every load checks it again and forgets it)
    does not drop the index: only an item the index holds takes it along."""
    from xinyu.pipeline.keys import owner_prefix

    rng = random.Random(10)
    docs = corpus(rng, 10)
    store = Store(tmp_path / "cache.sqlite")
    write_index(docs, tmp_path / "a", dictionary=None, store=store)
    before = store.db.execute("SELECT count(*) FROM results WHERE kind=?", (INDEX_KIND,)).fetchone()[0]
    store.drop_owner(owner_prefix("cases/withdrawn-long-ago/"))
    assert store.db.execute("SELECT count(*) FROM results WHERE kind=?", (INDEX_KIND,)).fetchone()[0] == before
    docs[3].text += text(rng, 5)
    stats = write_index(docs, tmp_path / "b", dictionary=None, store=store)
    assert "patch" in stats["phases"]
    store.close()


def test_a_kept_row_that_lies_is_never_served(tmp_path):
    """A shard whose kept bytes do not hold the postings the manifest promises: the index is written whole."""
    rng = random.Random(9)
    docs = corpus(rng, 30)
    store = Store(tmp_path / "cache.sqlite")
    write_index(docs, tmp_path / "a", dictionary=None, store=store, shard_bytes=200)
    store.db.execute(
        "UPDATE results SET value=CAST(replace(CAST(value AS TEXT), '\"', '\"x') AS BLOB) WHERE kind=? AND key LIKE 't%'", (INDEX_KIND,)
    )
    docs[4].text += text(rng, 20)
    stats = write_index(docs, tmp_path / "b", dictionary=None, store=store, shard_bytes=200)
    write_index(docs, tmp_path / "c", dictionary=None, shard_bytes=200)
    assert "patch" not in stats["phases"]
    assert files(tmp_path / "b") == files(tmp_path / "c")
    store.close()


@pytest.mark.parametrize("damage", ["x'00'", "x'80055d'"], ids=["not-a-pickle", "cut-short"])
def test_a_kept_record_that_does_not_read_is_never_served(tmp_path, damage):
    """A record row damaged in the cache: this build and the next write the whole index, as a clean build's."""
    rng = random.Random(11)
    docs = corpus(rng, 30)
    store = Store(tmp_path / "cache.sqlite")
    write_index(docs, tmp_path / "a", dictionary=None, store=store, shard_bytes=200)
    store.db.execute(f"UPDATE results SET value={damage} WHERE kind=? AND key LIKE 'd%'", (INDEX_KIND,))
    for build in ("b", "c"):
        docs[4].text += text(rng, 20)
        write_index(docs, tmp_path / build, dictionary=None, store=store, shard_bytes=200)
        write_index(docs, tmp_path / "clean", dictionary=None, shard_bytes=200)
        assert files(tmp_path / build) == files(tmp_path / "clean")
    store.close()
