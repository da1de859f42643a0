"""Write the sharded search index: term shards, document records, meta and urls."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .analyze import Dictionary, DocumentAnalyzer, document_terms, facet_term
from .document import SearchDoc
from .encode import WEIGHTS, data_file, encode_ids, encode_weights, fnv1a, number_table

FORMAT = 1
BUCKET = 1000  # document records per folder
EXCERPT_CHARS = 3000  # body text kept per record for highlighted excerpts
SHARD_BYTES = 16_000  # aim for term shards about this size
FACET_LABELS = {
    "collection": "栏目", "grade": "学段", "topics": "主题", "type": "类型", "year": "年份",
    "kind": "资源类型", "event": "活动", "level": "级别", "status_of_work": "状态",
}
SHOWN_FACETS = ("grade", "topics", "type", "kind", "year")  # metadata shown under a result's title
OWNED = ("t", "d", "meta.js", "urls.js")
PARALLEL_FROM = 1000  # below this many items, starting processes costs more than it saves
MAX_WORKERS = 4  # what write_index replaces inside out_dir


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
    # Millions of small containers: the cyclic GC would rescan them again and again (5x slower).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _write_index(docs, Path(out_dir), dictionary, excerpt_chars, shard_bytes, started)
    finally:
        if gc_was_enabled:
            gc.enable()


def start_index(docs: Iterable[SearchDoc], out_dir: Path, *, dictionary: Path | None) -> Future:
    """Run :func:`write_index` in another process while the caller goes on rendering pages.

    MkDocs renders on one core; on a machine with two or more, indexing alongside
    costs almost no wall time. ``.result()`` returns the statistics (or raises).
    """
    pool = ProcessPoolExecutor(max_workers=1)
    future = pool.submit(write_index, list(docs), Path(out_dir), dictionary=dictionary)
    future.add_done_callback(lambda _: pool.shutdown(wait=False))
    return future


def _write_index(docs, out_dir: Path, dictionary, excerpt_chars: int, shard_bytes: int, started: float) -> dict:
    ordered = sorted(docs, key=lambda d: d.date, reverse=True)  # id order = newest first
    words = Dictionary.load(dictionary, extra=_frequent_tags(ordered))
    postings = _invert(ordered, words)
    term_count = len(postings)
    # ~2.2 characters a posting plus the key: enough to pick the shard count before encoding.
    estimate = sum(map(len, postings.values())) * 2.2 + sum(map(len, postings)) * 3
    shard_count = _shard_count(int(estimate), shard_bytes)
    _clear(out_dir)
    total = _write_shards(postings, shard_count, len(ordered), out_dir)
    _write_records(ordered, out_dir, excerpt_chars)
    version = hashlib.sha1(f"{FORMAT}:{len(ordered)}:{total}:{term_count}:{sorted(words.words)}".encode()).hexdigest()[:10]
    meta = {
        "format": FORMAT, "version": version, "docs": len(ordered), "shards": shard_count, "bucket": BUCKET,
        "dictionary": sorted(words.long_words), "facets": _facet_summary(ordered),
    }
    (out_dir / "meta.js").write_text(data_file("meta", meta), encoding="utf-8")
    (out_dir / "urls.js").write_text(data_file("urls", [d.url for d in ordered]), encoding="utf-8")
    return {
        "docs": len(ordered), "terms": term_count, "shards": shard_count, "postings_bytes": total,
        "dictionary_words": len(words.words), "seconds": round(time.perf_counter() - started, 3), "version": version,
    }


def _frequent_tags(docs: list[SearchDoc], limit: int = 2000) -> list[str]:
    """Tags used by two items or more join the dictionary: contributors name domain terms there."""
    counts = Counter(tag for d in docs for tag in set(d.tags))
    return [tag for tag, n in counts.most_common(limit) if n >= 2]


def _invert(docs: list[SearchDoc], words: Dictionary, workers: int | None = None) -> dict[str, array]:
    """term → array of ``id << 6 | weight`` in id order, using several processes for large corpora."""
    workers = workers or min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(docs) < PARALLEL_FROM:
        return _invert_range(0, docs, words.words)
    size = -(-len(docs) // workers)
    chunks = [(start, docs[start : start + size], words.words) for start in range(0, len(docs), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_invert_chunk, chunks))
    except (OSError, BrokenProcessPool):  # no processes allowed here: do it in this one
        return _invert_range(0, docs, words.words)
    postings = parts[0]
    for part in parts[1:]:
        for term, row in part.items():
            mine = postings.get(term)
            if mine is None:
                postings[term] = row
            else:
                mine.extend(row)
    return postings


def _invert_chunk(chunk: tuple[int, list[SearchDoc], frozenset[str]]) -> dict[str, array]:
    gc.disable()
    return _invert_range(*chunk)


def _invert_range(first_id: int, docs: list[SearchDoc], words: frozenset[str]) -> dict[str, array]:
    """term → array of ``id << 6 | weight`` in id order (4 bytes a posting, no Python ints kept)."""
    analyzer = DocumentAnalyzer(Dictionary(words))
    postings: dict[str, array] = {}
    get = postings.get
    for doc_id, doc in enumerate(docs, first_id):
        base = doc_id << 6
        for term, weight in document_terms(doc, analyzer).items():
            row = get(term)
            if row is None:
                row = postings[term] = array("I")
            row.append(base | weight)
        facets = {**doc.facets, "collection": [doc.collection]}
        for key, values in facets.items():
            for value in dict.fromkeys(values):
                term = facet_term(key, str(value))
                row = get(term)
                if row is None:
                    row = postings[term] = array("I")
                row.append(base)
    return postings


def _encode(terms: list[str], postings: dict[str, array], table: list[str]) -> tuple[dict[str, list[str] | str], int]:
    """term → [ids, weights] (weights omitted for facet terms), taking the terms out of ``postings``."""
    encoded: dict[str, list[str] | str] = {}
    total = 0
    for term in terms:
        row = postings.pop(term)
        if len(row) == 1 and not term.startswith("f:"):  # most terms: one item (fast path)
            v = row[0]
            code = table[v >> 6]
            encoded[term] = [code, WEIGHTS[v & 63]]
            total += len(code) + len(term) * 3 + 10
            continue
        ids = [v >> 6 for v in row]
        code = encode_ids(ids, table)
        if term.startswith("f:"):
            encoded[term] = code
            total += len(code) + len(term) + 6
        else:
            weights = encode_weights([v & 63 for v in row])
            encoded[term] = [code, weights]
            total += len(code) + len(weights) + len(term) * 3 + 9
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


def _write_shards(postings: dict[str, array], shard_count: int, doc_count: int, out_dir: Path) -> int:
    """Encode and write one shard at a time, freeing postings as it goes (peak memory stays low)."""
    table = number_table(max(doc_count, 1))
    buckets: list[list[str]] = [[] for _ in range(shard_count)]
    mask = shard_count - 1
    for term in postings:
        buckets[fnv1a(term) & mask].append(term)
    total = 0
    for number, terms in enumerate(buckets):
        shard, size = _encode(terms, postings, table)
        total += size
        key = f"t/{number:x}"
        (out_dir / f"{key}.js").write_text(data_file(key, shard), encoding="utf-8")
    return total


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
