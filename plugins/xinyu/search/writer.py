"""Write the sharded search index: term shards, document records, meta and urls."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .analyze import Dictionary, DocumentAnalyzer, document_terms, facet_term
from .document import SearchDoc
from .encode import data_file, encode_ids, encode_weights, fnv1a, number_table

FORMAT = 1
BUCKET = 1000  # document records per folder
EXCERPT_CHARS = 3000  # body text kept per record for highlighted excerpts
SHARD_BYTES = 16_000  # aim for term shards about this size
FACET_LABELS = {
    "collection": "栏目", "grade": "学段", "topics": "主题", "type": "类型", "year": "年份",
    "kind": "资源类型", "event": "活动", "level": "级别", "status_of_work": "状态",
}
SHOWN_FACETS = ("grade", "topics", "type", "kind", "year")  # metadata shown under a result's title
OWNED = ("t", "d", "meta.js", "urls.js")  # what write_index replaces inside out_dir


def write_index(
    docs: Iterable[SearchDoc],
    out_dir: Path,
    *,
    dictionary: Path | None,
    excerpt_chars: int = EXCERPT_CHARS,
    shard_bytes: int = SHARD_BYTES,
) -> dict:
    """Index ``docs`` into ``out_dir`` (the site's ``search/``) and return build statistics."""
    started = time.perf_counter()
    ordered = sorted(docs, key=lambda d: d.date, reverse=True)  # id order = newest first
    words = Dictionary.load(dictionary, extra=_frequent_tags(ordered))
    postings = _invert(ordered, DocumentAnalyzer(words))
    encoded, total = _encode(postings, len(ordered))
    del postings
    shard_count = _shard_count(total, shard_bytes)
    out_dir = Path(out_dir)
    _clear(out_dir)
    _write_shards(encoded, shard_count, out_dir)
    _write_records(ordered, out_dir, excerpt_chars)
    version = hashlib.sha1(f"{FORMAT}:{len(ordered)}:{total}:{len(encoded)}:{sorted(words.words)}".encode()).hexdigest()[:10]
    meta = {
        "format": FORMAT, "version": version, "docs": len(ordered), "shards": shard_count, "bucket": BUCKET,
        "dictionary": sorted(words.long_words), "facets": _facet_summary(ordered),
    }
    (out_dir / "meta.js").write_text(data_file("meta", meta), encoding="utf-8")
    (out_dir / "urls.js").write_text(data_file("urls", [d.url for d in ordered]), encoding="utf-8")
    return {
        "docs": len(ordered), "terms": len(encoded), "shards": shard_count, "postings_bytes": total,
        "dictionary_words": len(words.words), "seconds": round(time.perf_counter() - started, 3), "version": version,
    }


def _frequent_tags(docs: list[SearchDoc], limit: int = 2000) -> list[str]:
    """Tags used by two items or more join the dictionary: contributors name domain terms there."""
    counts = Counter(tag for d in docs for tag in set(d.tags))
    return [tag for tag, n in counts.most_common(limit) if n >= 2]


def _invert(docs: list[SearchDoc], analyzer: DocumentAnalyzer) -> dict[str, array]:
    """term → array of ``id << 6 | weight`` in id order (4 bytes a posting, no Python ints kept)."""
    postings: dict[str, array] = {}
    get = postings.get
    for doc_id, doc in enumerate(docs):
        base = doc_id << 6
        for term, weight in document_terms(doc, analyzer).items():
            row = get(term)
            if row is None:
                row = postings[term] = array("I")
            row.append(base | weight)
        for key, values in [("collection", [doc.collection]), *doc.facets.items()]:
            for value in values:
                term = facet_term(key, str(value))
                row = get(term)
                if row is None:
                    row = postings[term] = array("I")
                row.append(base)
    return postings


def _encode(postings: dict[str, array], doc_count: int) -> tuple[dict[str, list[str] | str], int]:
    """term → [ids, weights] (weights omitted for facet terms); and the total size in characters."""
    table = number_table(max(doc_count, 1))
    encoded: dict[str, list[str] | str] = {}
    total = 0
    for term, row in postings.items():
        ids = [v >> 6 for v in row]
        code = encode_ids(ids, table)
        if term.startswith("f:"):
            encoded[term] = code
            total += len(code) + len(term) + 6
        else:
            weights = encode_weights([v & 63 for v in row])
            encoded[term] = [code, weights]
            total += len(code) + len(weights) + len(term.encode()) + 9
    return encoded, total


def _shard_count(total: int, shard_bytes: int) -> int:
    count = 4
    while count * shard_bytes < total:
        count *= 2
    return count


def shard_key(term: str, shard_count: int) -> str:
    return f"t/{fnv1a(term) & (shard_count - 1):x}"


def _clear(out_dir: Path) -> None:
    for name in OWNED:
        path = out_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    (out_dir / "t").mkdir(parents=True)
    (out_dir / "d").mkdir()


def _write_shards(encoded: dict, shard_count: int, out_dir: Path) -> None:
    shards: list[dict] = [{} for _ in range(shard_count)]
    mask = shard_count - 1
    for term, value in encoded.items():
        shards[fnv1a(term) & mask][term] = value
    for number, shard in enumerate(shards):
        key = f"t/{number:x}"
        (out_dir / f"{key}.js").write_text(data_file(key, shard), encoding="utf-8")


def _record(doc: SearchDoc, excerpt_chars: int) -> dict:
    shown = [str(v) for key in SHOWN_FACETS for v in doc.facets.get(key, [])]
    return {
        "t": doc.title, "u": doc.url, "c": doc.collection, "l": doc.collection_label, "m": shown,
        "p": doc.people[:4], "s": doc.school, "y": doc.summary, "x": doc.text[:excerpt_chars],
    }


def _write_records(docs: list[SearchDoc], out_dir: Path, excerpt_chars: int) -> None:
    for doc_id, doc in enumerate(docs):
        folder = out_dir / "d" / str(doc_id // BUCKET)
        if doc_id % BUCKET == 0:
            folder.mkdir()
        key = f"d/{doc_id // BUCKET}/{doc_id}"
        (out_dir / f"{key}.js").write_text(data_file(key, _record(doc, excerpt_chars)), encoding="utf-8")


def _facet_summary(docs: list[SearchDoc]) -> dict:
    """For the search box's filters: each facet's label and values (most used first; years newest first)."""
    labels = {d.collection: d.collection_label for d in docs}
    counts: dict[str, Counter] = {"collection": Counter(d.collection for d in docs)}
    for doc in docs:
        for key, values in doc.facets.items():
            counts.setdefault(key, Counter()).update(str(v) for v in values)
    summary = {}
    for key, counter in counts.items():
        values = sorted(counter, reverse=True) if key == "year" else [v for v, _ in counter.most_common()]
        summary[key] = {
            "label": FACET_LABELS.get(key, key),
            "values": [[v, labels.get(v, v) if key == "collection" else v, counter[v]] for v in values],
        }
    return summary


def dump_stats(stats: dict) -> str:
    return json.dumps(stats, ensure_ascii=False)
