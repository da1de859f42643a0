"""Write the sharded search index: term shards, document records, meta and urls."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import time
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import repeat
from operator import add, and_, mul, rshift, xor
from pathlib import Path

from .analyze import (
    Dictionary,
    Synonyms,
    facet_term,
)
from .document import SearchDoc
from .encode import CALLBACK, data_file, fnv1a, item_codes, posting_width, script_json

FORMAT = 3
BUCKET = 1000  # document records per folder
EXCERPT_CHARS = 3000  # body text kept per record for highlighted excerpts
ATTACHMENT_CHUNK = 1200  # attachment text per excerpt file, loaded only for results found in attachments
PIECE_OVERLAP = 30
SHARD_BYTES = 8_000  # aim for term shards about this size (a synonym query loads several: 考试焦虑 loads 8)
FACET_LABELS = {
    "collection": "栏目", "grade": "学段", "topics": "主题", "type": "类型", "year": "年份",
    "kind": "资源类型", "event": "活动", "level": "级别", "status_of_work": "状态",
}
SHOWN_FACETS = ("grade", "topics", "type", "kind", "year")  # metadata shown under a result's title
OWNED = ("t", "d", "meta.js", "urls.js", "pinyin.js")  # what write_index replaces inside out_dir


def write_index(
    docs: Iterable[SearchDoc],
    out_dir: Path,
    *,
    dictionary: Path | None,
    synonyms: Path | None = None,
    pages: Iterable[SearchDoc] = (),
    excerpt_chars: int = EXCERPT_CHARS,
    shard_bytes: int = SHARD_BYTES,
    markdown: bool = False,
    options=None,
    store=None,
) -> dict:
    """Index ``docs`` (collection items) and ``pages`` (the site's other pages) into ``out_dir``.

    Items get ids newest first, pages the ids after them (so ranking can put them last).
    Attachments need their text, or a ``path`` to read it from (with the guard's ``options``);
    with ``markdown`` the texts are Markdown. ``store`` (the build cache) keeps each document's
    analysis (search.prepared). Returns build statistics.
    """
    started = time.perf_counter()
    # Millions of small containers: the cyclic GC would rescan them again and again (5x slower).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        items = sorted(docs, key=lambda d: d.date, reverse=True)  # id order = newest first
        job = _Job(Path(out_dir), dictionary, synonyms, excerpt_chars, shard_bytes, markdown, options, store)
        return _write_index(items, list(pages), job, started)
    finally:
        if gc_was_enabled:
            gc.enable()


def start_index(
    docs: Iterable[SearchDoc], out_dir: Path, *, dictionary: Path | None, synonyms: Path | None = None, pages: Iterable[SearchDoc] = (),
    markdown: bool = False, options=None,
    cache: Path | None = None,
) -> Future:
    """Run :func:`write_index` in another process while the caller goes on rendering pages.

    MkDocs renders on one core; on a machine with two or more, indexing alongside
    costs almost no wall time. With ``markdown`` the documents' text is Markdown and is
    stripped there too; attachments with a ``path`` are read there (``options``: the
    guard's extraction limits). ``cache``: the build cache's file (pipeline.store), which keeps
    each document's analysis and its attachments' text. ``.result()`` returns the statistics (or raises).
    """
    from ..pipeline import workers

    pool = workers.pool(1)
    job = (list(docs), list(pages), Path(out_dir), dictionary, synonyms, markdown, options, str(cache) if cache else None)
    future = pool.submit(_write_in_worker, *job)
    future.add_done_callback(lambda _: pool.shutdown(wait=False))
    return future


def _write_in_worker(
    docs, pages, out_dir: Path, dictionary: Path | None, synonyms: Path | None, markdown: bool, options, cache=None
) -> dict:
    """The indexing process: documents as Markdown with attachments by path; ``cache`` the build cache's file."""
    from ..pipeline import extracts
    from ..pipeline.store import Store

    store = Store(Path(cache)) if cache else None
    extracts.install(store)
    try:
        return write_index(
            docs, out_dir, dictionary=dictionary, synonyms=synonyms, pages=pages, markdown=markdown, options=options, store=store
        )
    finally:
        if store is not None:
            store.close()


@dataclass(frozen=True)
class _Job:
    out_dir: Path
    dictionary: Path | None
    synonyms: Path | None
    excerpt_chars: int
    shard_bytes: int
    markdown: bool
    options: object
    store: object


def _write_index(items, pages, job: _Job, started: float) -> dict:
    from ..pipeline.keys import code_digest, digest
    from .prepared import Analysis

    phases = _Phases()
    out_dir, ordered = job.out_dir, items + pages
    words = Dictionary.load(job.dictionary, extra=_frequent_tags(items))
    limits = [getattr(job.options, k, None) for k in ("scan_attachments", "extract_chars", "extract_seconds")]
    analysis = Analysis(words, job.excerpt_chars, job.store, digest(code_digest(), sorted(words.words), job.excerpt_chars, limits))
    terms = analysis.all(ordered, job.markdown, job.options)
    phases("analyse")
    width = posting_width(len(ordered))
    postings, posting_count = _invert(ordered, terms, width, len(items))
    term_count = len(postings)
    phases("invert")
    # postings plus the key and punctuation: enough to pick the shard count before encoding
    shard_count = _shard_count(posting_count * width + term_count * 11, job.shard_bytes)
    _clear(out_dir)
    total = _write_shards(postings, shard_count, out_dir)
    del postings
    phases("shards")
    _write_records(ordered, terms, out_dir)
    phases("records")
    groups = Synonyms.load(job.synonyms).groups
    _write_pinyin(out_dir, words, groups, items)
    phases("pinyin")
    version = hashlib.sha1(f"{FORMAT}:{len(ordered)}:{total}:{term_count}:{sorted(words.words)}:{groups}".encode()).hexdigest()[:10]
    meta = {
        "format": FORMAT, "version": version, "docs": len(ordered), "items": len(items), "shards": shard_count, "bucket": BUCKET,
        "width": width, "dictionary": sorted(words.long_words), "synonyms": groups, "facets": _facet_summary(items),
    }
    (out_dir / "meta.js").write_text(data_file("meta", meta), encoding="utf-8")
    (out_dir / "urls.js").write_text(data_file("urls", [d.url for d in ordered]), encoding="utf-8")
    return {
        "docs": len(ordered), "terms": term_count, "postings": posting_count, "shards": shard_count, "postings_bytes": total,
        "dictionary_words": len(words.words), "seconds": round(time.perf_counter() - started, 3), "version": version,
        "phases": phases.done,
    }


class _Phases:
    """Wall and CPU seconds of each step, for the statistics (the benchmark reports them)."""

    def __init__(self):
        self.done: dict[str, list[float]] = {}
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def __call__(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.done[name] = [round(wall - self.wall, 2), round(cpu - self.cpu, 2)]
        self.wall, self.cpu = wall, cpu


def _frequent_tags(docs: list[SearchDoc], limit: int = 2000) -> list[str]:
    """Tags used by two items or more join the dictionary: contributors name domain terms there."""
    counts = Counter(tag for d in docs for tag in dict.fromkeys(d.tags))  # ties in a fixed order
    return [tag for tag, n in counts.most_common(limit) if n >= 2]


def _invert(docs: list[SearchDoc], terms: list, width: int, item_count: int) -> tuple[dict, int]:
    """term → bytearray of its encoded postings in id order (``width`` bytes a posting).

    Terms are as :mod:`.prepared` keeps them (bigrams as ints), quantized already. The loop
    over a document's terms runs in C: ``map`` extends each term's bytearray (made on first
    use by the defaultdict) with the item's posting for that weight, so there is no Python
    object per posting and nothing left to encode per posting afterwards.
    """
    postings: defaultdict = defaultdict(bytearray)
    row_of = postings.__getitem__
    extend = bytearray.extend
    total = 0
    for doc_id, (doc, found) in enumerate(zip(docs, terms, strict=True)):
        codes = item_codes(doc_id, width)
        deque(map(extend, map(row_of, found.terms), map(codes.__getitem__, found.weights)), 0)
        facets = []
        if doc_id < item_count:  # site pages have no facets: they never match a filter
            for key, values in {**doc.facets, "collection": [doc.collection]}.items():
                facets += [facet_term(key, str(value)) for value in dict.fromkeys(values)]
            facets = list(dict.fromkeys(facets))  # never a text term: those have no "f:"
            deque(map(extend, map(row_of, facets), repeat(codes[0], len(facets))), 0)  # weight 0: facet terms keep ids only
        deque(map(extend, map(row_of, found.attached), map(codes.__getitem__, found.attached_weights)), 0)
        total += len(found.terms) + len(facets) + len(found.attached)
    return postings, total


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


_FNV_OFFSET, _FNV_PRIME, _U32 = 0x811C9DC5, 0x01000193, 0xFFFFFFFF
# FNV-1a state after a bigram's first character, for every BMP character
_FNV_FIRST = [((_FNV_OFFSET ^ c) * _FNV_PRIME) & _U32 for c in range(1 << 16)]


def _bigram_shards(codes: list[int], mask: int) -> map:
    """fnv1a(bigram) & mask for bigram codes, computed in ``map`` calls (no Python loop)."""
    first = map(_FNV_FIRST.__getitem__, map(and_, codes, repeat(0xFFFF)))
    mixed = map(mul, map(xor, first, map(rshift, codes, repeat(16))), repeat(_FNV_PRIME))
    return map(and_, mixed, repeat(mask))


def _bigram_texts(codes: list[int]) -> list[str]:
    """Bigram codes → two-character strings, via one UTF-16 decode."""
    codes_array = array("I", codes)
    if sys.byteorder == "big":
        codes_array.byteswap()
    chars = codes_array.tobytes().decode("utf-16-le")
    return list(map(add, chars[0::2], chars[1::2]))


def _write_shards(postings: dict, shard_count: int, out_dir: Path) -> int:
    """Write the term shards, one at a time; returns the bytes written. Empties ``postings``."""
    mask = shard_count - 1
    # terms and their posting bytes grouped by shard, in the dict's order (no lookups)
    codes: list[list[int]] = [[] for _ in range(shard_count)]
    rows: list[list[bytearray]] = [[] for _ in range(shard_count)]
    others: list[list[tuple[str, bytearray]]] = [[] for _ in range(shard_count)]
    bigram_keys = [k for k in postings if type(k) is int]
    bigram_rows = [r for k, r in postings.items() if type(k) is int]
    shards = list(_bigram_shards(bigram_keys, mask))
    deque(map(list.append, map(codes.__getitem__, shards), bigram_keys), 0)
    deque(map(list.append, map(rows.__getitem__, shards), bigram_rows), 0)
    del bigram_keys, bigram_rows, shards
    for key, row in postings.items():
        if type(key) is not int:
            others[fnv1a(key) & mask].append((key, row))
    postings.clear()  # the rows live on in the buckets until their shard is written
    total = 0
    for number in range(shard_count):
        body = _encode_shard(codes[number], rows[number], others[number])
        codes[number] = rows[number] = others[number] = []
        data = f'{CALLBACK}("t/{number:x}",{{{body}}});\n'.encode()
        total += len(data)
        _write_bytes(out_dir / f"t/{number:x}.js", data)
    return total


def _write_bytes(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _encode_shard(codes: list[int], rows: list[bytearray], others: list[tuple[str, bytearray]]) -> str:
    """The JSON object body of one shard: ``"term":"postings"``.

    Bigrams and other text terms are CJK or ``[a-z0-9]`` and posting digits never need
    escaping, so entries are formatted directly (in ``map`` calls for the bigrams); facet
    terms (``f:key=value``) go through ``script_json``.
    """
    entries = list(map('"{}":"{}"'.format, _bigram_texts(codes), map(bytearray.decode, rows)))
    for term, row in others:
        name = f'"{term}"' if term[:2] != "f:" else script_json(term)
        entries.append(f'{name}:"{row.decode()}"')
    return ",".join(entries)


def _record(doc: SearchDoc, excerpt: str, pieces: int) -> dict:
    shown = [str(v) for key in SHOWN_FACETS for v in doc.facets.get(key, [])]
    record = {
        "t": doc.title, "u": doc.url, "c": doc.collection, "l": doc.collection_label, "m": shown,
        "p": doc.people[:4], "s": doc.school, "y": doc.summary, "x": excerpt,
    }
    if pieces:
        record["a"] = [[a.title, a.url] for a in doc.attachments]
        record["k"] = pieces
    return record


def attachment_pieces(doc: SearchDoc, size: int = ATTACHMENT_CHUNK, chunks: list | None = None) -> list[list]:
    """The attachments' text cut into excerpt files: ``[attachment index, where, text]`` each."""
    pieces = []
    for number, attachment in enumerate(doc.attachments):
        for where, text in chunks[number] if chunks is not None else attachment.chunks:
            # pieces overlap a little, so that a phrase across a cut is still whole in one of them
            pieces += [[number, where, text[i : i + size + PIECE_OVERLAP]] for i in range(0, len(text), size)]
    return pieces


def _write_records(docs: list[SearchDoc], terms: list, out_dir: Path) -> None:
    """One record per document, and its attachments' text in pieces (``d/<bucket>/<id>-<n>.js``)."""
    for doc_id, (doc, found) in enumerate(zip(docs, terms, strict=True)):
        folder = out_dir / "d" / str(doc_id // BUCKET)
        if doc_id % BUCKET == 0:
            folder.mkdir()
        key = f"d/{doc_id // BUCKET}/{doc_id}"
        pieces = attachment_pieces(doc, chunks=found.chunks) if doc.attachments else []
        _write_bytes(out_dir / f"{key}.js", data_file(key, _record(doc, found.excerpt, len(pieces))).encode())
        for number, piece in enumerate(pieces):
            _write_bytes(out_dir / f"{key}-{number}.js", data_file(f"{key}-{number}", piece).encode())


def _write_pinyin(out_dir: Path, words: Dictionary, groups: list[list[str]], items: list[SearchDoc]) -> None:
    """``pinyin.js``, loaded only for a query that finds nothing: see :mod:`.pinyin`."""
    from .pinyin import pinyin_table

    (out_dir / "pinyin.js").write_text(data_file("pinyin", pinyin_table(words.words, groups, items)), encoding="utf-8")


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
