"""Write the sharded search index: term shards, document records, meta and urls."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import shutil
import sys
import threading
import time
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from operator import add, and_, mul, rshift, xor
from pathlib import Path

from ..pipeline import scratch
from ..pipeline.memory import give_back
from .analyze import (
    Dictionary,
    Synonyms,
    facet_term,
)
from .document import SearchDoc
from .encode import CALLBACK, WEIGHT_SLOTS, data_file, fnv1a, posting_table, posting_width, script_json
from .kept import Counts, KeptIndex

FORMAT = 3
BUCKET = 1000  # document records per folder
EXCERPT_CHARS = 3000  # body text kept per record for highlighted excerpts
ATTACHMENT_CHUNK = 1200  # attachment text per excerpt file, loaded only for results found in attachments
PIECE_OVERLAP = 30
BUCKETS = 256  # the inversion's buckets at most: few enough that the ends being written to stay in the cache
GIVE_BACK_EVERY = 1000  # documents inverted between returns of their terms' memory (pipeline.memory)
SHARD_BYTES = 8_000  # aim for term shards about this size (a synonym query loads several: 考试焦虑 loads 8)
FACET_LABELS = {
    "collection": "栏目",
    "grade": "学段",
    "topics": "主题",
    "type": "类型",
    "year": "年份",
    "kind": "资源类型",
    "event": "活动",
    "level": "级别",
    "status_of_work": "状态",
}
SHOWN_FACETS = ("grade", "topics", "type", "kind", "year")  # metadata shown under a result's title
OWNED = ("t", "d", "meta.js", "urls.js", "pinyin.js")  # what write_index replaces inside out_dir
HERE_BELOW = 200  # documents: fewer are indexed at once in the build's own process (a process and its imports cost more)


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
    parents: bool = True,
    previous: tuple[Path, str] | None = None,
) -> dict:
    """Index ``docs`` (collection items) and ``pages`` (the site's other pages) into ``out_dir``.

    Items get ids newest first, pages the ids after them (so ranking can put them last).
    Attachments need their text, or a ``path`` to read it from (with the guard's ``options``);
    with ``markdown`` the texts are Markdown. ``store`` (the build cache) keeps each document's
    analysis (search.prepared). ``out_dir``'s missing folders are made, but with ``parents`` false
    only ``out_dir`` itself (the build's index process: a stopped build's work folder must stay gone).
    ``previous``: the folder the last index was written into and the ``mark`` its statistics gave (``serve``, whose
    site folder stays): when the kept index is still that folder's and can be patched, the folder is moved to
    ``out_dir`` and only the files that change are written again. Returns build statistics.
    """
    started = time.perf_counter()
    if parents:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    # Millions of small containers: the cyclic GC would rescan them again and again (5x slower).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        items = sorted(docs, key=lambda d: d.date, reverse=True)  # id order = newest first
        job = _Job(Path(out_dir), dictionary, synonyms, excerpt_chars, shard_bytes, markdown, options, store, previous)
        return _write_index(items, list(pages), job, started)
    finally:
        if gc_was_enabled:
            gc.enable()


def start_index(
    docs: Iterable[SearchDoc],
    out_dir: Path,
    *,
    dictionary: Path | None,
    synonyms: Path | None = None,
    pages: Iterable[SearchDoc] = (),
    markdown: bool = False,
    options=None,
    cache: Path | None = None,
    previous: tuple[Path, str] | None = None,
) -> Future:
    """Run :func:`write_index` in another process while the caller goes on rendering pages (on a small site, here:
    :data:`HERE_BELOW`).

    MkDocs renders on one core; on a machine with two or more, indexing alongside
    costs almost no wall time. With ``markdown`` the documents' text is Markdown and is
    stripped there too; attachments with a ``path`` are read there (``options``: the
    guard's extraction limits). ``cache``: the build cache's file (pipeline.store), which keeps
    each document's analysis and its attachments' text. ``previous``: see :func:`write_index`.
    ``.result()`` returns the statistics (or raises).
    """
    from ..pipeline import workers

    docs, pages = list(docs), list(pages)
    if len(docs) + len(pages) < HERE_BELOW and threading.current_thread() is threading.main_thread():
        return _here(docs, out_dir, dictionary, synonyms, pages, markdown, options, cache, previous)
    handed = _hand_over(docs, pages)
    try:
        pool = workers.pool(1)
        future = pool.submit(
            _write_in_worker, handed, Path(out_dir), dictionary, synonyms, markdown, options, str(cache) if cache else None, previous
        )
    except BaseException:
        os.unlink(handed)
        raise
    workers.retire(pool)  # the job still runs; the worker leaves when it is done
    future.add_done_callback(lambda _: Path(handed).unlink(missing_ok=True))
    return future


def _here(docs: list[SearchDoc], out_dir: Path, dictionary, synonyms, pages: list[SearchDoc], markdown: bool, options, cache, previous) -> Future:
    """:func:`write_index` now, in this process (a small site: a second process would take longer to start than the
    index takes to write), as the indexing process would run it. Attachments are read through this process's
    extractor (the build cache's too). Not from a background thread: that extractor's connection is this thread's."""
    from ..pipeline.store import Store

    future: Future = Future()
    store = Store(Path(cache)) if cache else None
    try:
        copies = [replace(doc) for doc in docs], [replace(doc) for doc in pages]  # write_index lets go of each text read
        stats = write_index(
            copies[0], Path(out_dir), dictionary=dictionary, synonyms=synonyms, pages=copies[1], markdown=markdown,
            options=options, store=store, parents=False, previous=previous,
        )
        future.set_result(stats)
    except Exception as exc:  # noqa: BLE001 - given to the caller as the indexing process's failure would be
        future.set_exception(exc)
    finally:
        if store is not None:
            store.close()
    return future


def _hand_over(docs: list[SearchDoc], pages: list[SearchDoc]) -> str:
    """The documents in a temporary file for the indexing process, one at a time, their text as UTF-8 bytes.

    Not through the pool's call queue: its feeder thread keeps the last payload it sent (every item's
    Markdown) alive until the pool shuts down. Nor as text: pickling a str keeps a UTF-8 copy inside it
    (CPython caches it), and these texts are the items' own bodies, kept by this process through the build.
    """
    handle, path = scratch.file("xinyu-search-", suffix=".pickle")  # gone even if the build is stopped
    try:
        with os.fdopen(handle, "wb") as fh:
            pickle.dump(len(docs), fh)
            for doc in [*docs, *pages]:
                text = doc.text.encode("utf-8", "surrogatepass") if isinstance(doc.text, str) else doc.text
                pickle.dump(replace(doc, text=text), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        os.unlink(path)
        raise
    return path


def _take_over(path: str) -> tuple[list[SearchDoc], list[SearchDoc]]:
    """What :func:`_hand_over` wrote (the file is removed): the items' documents and the site pages'."""
    docs = []
    with open(path, "rb") as fh:
        count = pickle.load(fh)
        while fh.peek(1):
            doc = pickle.load(fh)
            docs.append(replace(doc, text=doc.text.decode("utf-8", "surrogatepass")) if isinstance(doc.text, bytes) else doc)
    os.unlink(path)
    return docs[:count], docs[count:]


def _write_in_worker(
    handed: str, out_dir: Path, dictionary: Path | None, synonyms: Path | None, markdown: bool, options, cache=None, previous=None
) -> dict:
    """The indexing process: ``handed`` the documents' file (:func:`_hand_over`); ``cache`` the build cache's file."""
    from ..pipeline import extracts
    from ..pipeline.store import Store

    _leave_when_gone(out_dir.parent)
    docs, pages = _take_over(handed)
    store = Store(Path(cache)) if cache else None
    extracts.install(store)
    try:
        return write_index(
            docs, out_dir, dictionary=dictionary, synonyms=synonyms, pages=pages, markdown=markdown, options=options, store=store,
            parents=False,  # not its parent: a build stopped meanwhile removed its work folder (pipeline.scratch)
            previous=previous,
        )
    finally:
        extracts.install(None)
        if store is not None:
            store.close()


def _leave_when_gone(folder: Path, every: float = 0.5) -> None:
    """End this (indexing) process as soon as ``folder``, its job's work folder, is gone: the job was called off
    (a failed build, a stopped serve: exports.SearchJob.cancel) and nobody will read what it writes. Its pool then
    shuts down at once instead of being waited for to the end of the index."""

    def run() -> None:
        while os.path.isdir(folder):
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=run, name="xinyu-search-folder-watch", daemon=True).start()


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
    previous: tuple[Path, str] | None = None


def _write_index(items, pages, job: _Job, started: float) -> dict:
    from ..pipeline.keys import code_digest, digest
    from .prepared import Analysis

    phases = _Phases()
    out_dir, ordered = job.out_dir, items + pages
    words = Dictionary.load(job.dictionary, extra=_frequent_tags(items))
    limits = [getattr(job.options, k, None) for k in ("scan_attachments", "extract_chars", "extract_seconds")]
    analysis = Analysis(words, job.excerpt_chars, job.store, digest(code_digest(), sorted(words.words), job.excerpt_chars, limits))
    facets = [_facet_terms(doc) if doc_id < len(items) else [] for doc_id, doc in enumerate(ordered)]  # pages never match a filter
    keys = analysis.keys(ordered) if job.store is not None else None
    kept = KeptIndex(job.store, digest(analysis.base, job.shard_bytes, len(items), FORMAT)) if job.store is not None else None
    counts = _patched(ordered, facets, keys, analysis, kept, job, phases) if kept is not None else None
    if counts is None:
        counts = _written(ordered, facets, keys, analysis, kept, job, phases)
    groups = Synonyms.load(job.synonyms).groups
    _write_pinyin(out_dir, words, groups, items)
    phases("pinyin")
    if kept is not None:
        kept.finish(keys, facets, counts)
        analysis.keep(keys)  # only now: a build cut short before the manifest leaves the old terms it names
        phases("kept")
    version = hashlib.sha1(
        f"{FORMAT}:{len(ordered)}:{counts.total}:{counts.term_count}:{sorted(words.words)}:{groups}".encode()
    ).hexdigest()[:10]
    meta = {
        "format": FORMAT,
        "version": version,
        "docs": len(ordered),
        "items": len(items),
        "shards": counts.shard_count,
        "bucket": BUCKET,
        "width": posting_width(len(ordered)),
        "dictionary": sorted(words.long_words),
        "synonyms": groups,
        "facets": _facet_summary(items),
    }
    (out_dir / "meta.js").write_text(data_file("meta", meta), encoding="utf-8")
    (out_dir / "urls.js").write_text(data_file("urls", [d.url for d in ordered]), encoding="utf-8")
    return {
        "docs": len(ordered),
        "terms": counts.term_count,
        "postings": counts.posting_count,
        "shards": counts.shard_count,
        "postings_bytes": counts.total,
        "dictionary_words": len(words.words),
        "seconds": round(time.perf_counter() - started, 3),
        "version": version,
        "phases": phases.done,
        "mark": kept.mark if kept is not None else None,  # names this folder's kept index (write_index's ``previous``)
        "in_place": counts.in_place,
    }


def _written(ordered: list[SearchDoc], facets: list, keys, analysis, kept: KeptIndex | None, job: _Job, phases) -> Counts:
    """The whole index written from every document's terms (kept in the build cache too, with one)."""
    terms = analysis.all(ordered, job.markdown, job.options, keys)
    give_back()  # the documents' texts (stripped, analysed, let go) and the packing for the cache
    phases("analyse")
    width = posting_width(len(ordered))
    buckets, posting_count = _invert(terms, facets, width, job.shard_bytes)
    term_count = sum(bucket.term_count() for bucket in buckets)
    phases("invert")
    # postings plus the key and punctuation
    shard_count = _shard_count(posting_count * width + term_count * 11, job.shard_bytes)
    _clear(job.out_dir)
    total = _write_shards(buckets, shard_count, job.out_dir, posting_table(len(ordered), width), kept)
    del buckets
    give_back()
    phases("shards")
    _write_records(ordered, terms, job.out_dir, kept)
    phases("records")
    return Counts(shard_count, term_count, posting_count, total)


def _patched(ordered: list[SearchDoc], facets: list, keys: list[str], analysis, kept: KeptIndex, job: _Job, phases) -> Counts | None:
    """The kept index patched for the documents that changed (search.kept), or None when it cannot be."""
    changed = kept.changed(keys)
    before = kept.before(changed) if changed is not None else None
    if before is None:
        return None
    after = analysis.some(ordered, keys, changed, job.markdown, job.options)
    phases("analyse")
    width, old = posting_width(len(ordered)), kept.previous
    patch = kept.patch(before, after, facets, keys, width)
    if patch is None:
        return None
    counts = Counts(old.shard_count, old.term_count + patch.terms, old.posting_count + patch.postings, old.total + patch.total)
    if _shard_count(counts.posting_count * width + counts.term_count * 11, job.shard_bytes) != old.shard_count:
        return None
    phases("patch")
    if _taken_over(job, kept):
        try:
            for number, data in patch.shards.items():
                kept.shard(number, data)
                _write_bytes(job.out_dir / f"t/{number:x}.js", data)
            phases("shards")
            for i in changed:
                files = _record_files(i, ordered[i], after[i])
                kept.record(i, files)
                for piece in (job.out_dir / "d" / str(i // BUCKET)).glob(f"{i}-*.js"):
                    piece.unlink()  # its attachments' pieces as they were: there may be fewer now
                _write_record_files(job.out_dir, i, files)
        except OSError:  # the folder moved here is not as it should be: write it all
            kept.shard_rows, kept.record_rows = {}, {}
            return None
        phases("records")
        return replace(counts, in_place=True)
    _clear(job.out_dir)
    try:
        for number, data in enumerate(kept.rows(old.shards)):
            data = patch.shards.get(number, data)
            if number in patch.shards:
                kept.shard(number, data)
            _write_bytes(job.out_dir / f"t/{number:x}.js", data)
        phases("shards")
        fresh = {i: _record_files(i, ordered[i], after[i]) for i in changed}
        for doc_id, data in enumerate(kept.rows(old.records)):
            if doc_id in fresh:
                kept.record(doc_id, fresh[doc_id])
            _write_record_files(job.out_dir, doc_id, fresh.get(doc_id) or pickle.loads(data))
    except Exception:  # noqa: BLE001 - a kept row missing (another build at the same time) or damaged: write it all
        kept.shard_rows, kept.record_rows = {}, {}
        return None
    phases("records")
    return counts


def _taken_over(job: _Job, kept: KeptIndex) -> bool:
    """Whether the last build's folder (``job.previous``) holds the kept index and was moved to ``job.out_dir`` to be
    patched there: every file the patch does not change is then in place already (serve writes a few files an edit
    instead of every shard and record). Its mark says which kept index it holds (Manifest.written); a folder of
    another build, or one that cannot be moved (another file system), is left alone."""
    if job.previous is None or kept.previous is None:
        return False
    folder, mark = job.previous
    if not mark or mark != kept.previous.written:
        return False
    with contextlib.suppress(OSError):
        job.out_dir.rmdir()  # made empty by write_index: a folder cannot be moved onto one on every system
    try:
        os.rename(folder, job.out_dir)
    except OSError:
        return False
    return True


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


class _Bucket:
    """The terms whose hash ends in the same bits, each with its postings: a part of the inverted index.

    While the documents are read, a bucket collects what they give it in order: bigram codes
    and other terms, each with its posting (an index into the posting table). ``invert`` then
    joins each term's postings (bigrams and other terms apart: a shard lists the bigrams first).
    """

    __slots__ = ("bigrams", "bigram_postings", "words", "word_postings")

    def __init__(self) -> None:
        self.bigrams, self.bigram_postings = array("I"), array("I")
        self.words: list[str] | dict = []
        self.word_postings = array("I")

    def term_count(self) -> int:
        """Its distinct terms (counted before joining them, so that each bucket is joined and written in turn)."""
        return len(set(self.bigrams)) + len(set(self.words))

    def invert(self, table: list[bytes]) -> None:
        """term → bytearray of its encoded postings, in id order (each term has one posting per document)."""
        self.bigrams = _joined(self.bigrams, self.bigram_postings, table)
        self.words = _joined(self.words, self.word_postings, table)
        self.bigram_postings = self.word_postings = None


def _joined(terms, postings, table: list[bytes]) -> dict:
    rows: defaultdict = defaultdict(bytearray)
    deque(map(bytearray.extend, map(rows.__getitem__, terms), map(table.__getitem__, postings)), 0)
    return rows


def _invert(terms: list, facets: list[list[str]], width: int, shard_bytes: int) -> tuple[list[_Bucket], int]:
    """The inverted index in buckets by term hash, and the number of postings.

    A posting is the item's id and the term's weight there (``id * 64 + weight``, encoded once
    for every pair in ``table``). Documents are read in id order and their terms handed to the
    bucket of their hash (in ``map`` calls: nothing per posting runs in Python). Each bucket's
    terms are joined later (:func:`_write_shards`, one bucket at a time, so that only one is ever
    joined in memory) while only its terms are in the processor's cache, where one table of
    millions of terms would make every posting a cache miss. There are no more buckets than the
    index has shards (the shard count counts the terms, not yet known), so every shard's terms
    are in one bucket, in the order the documents gave them.
    """
    posting_count = sum(len(found.text) + len(found.attached) for found in terms) + sum(map(len, facets))
    buckets = [_Bucket() for _ in range(min(BUCKETS, _shard_count(posting_count * width, shard_bytes)))]
    mask, word_hash = len(buckets) - 1, lru_cache(maxsize=None)(fnv1a)
    bigram_rows = [b.bigrams for b in buckets]
    bigram_postings = [b.bigram_postings for b in buckets]
    word_rows, word_postings = [b.words for b in buckets], [b.word_postings for b in buckets]
    for doc_id, (found, doc_facets) in enumerate(zip(terms, facets, strict=True)):
        base = repeat(doc_id * WEIGHT_SLOTS)
        for part in (found.text, found.attached):
            at = _bigram_buckets(part.bigrams, mask)
            deque(map(array.append, map(bigram_rows.__getitem__, at), part.bigrams), 0)
            deque(map(array.append, map(bigram_postings.__getitem__, at), map(add, base, part.bigram_weights)), 0)
        words = found.text.words + doc_facets + found.attached.words  # facet terms have weight 0
        weights = found.text.word_weights + bytes(len(doc_facets)) + found.attached.word_weights
        at = list(map(and_, map(word_hash, words), repeat(mask)))
        deque(map(list.append, map(word_rows.__getitem__, at), words), 0)
        deque(map(array.append, map(word_postings.__getitem__, at), map(add, base, weights)), 0)
        found.text = found.attached = None  # read once: the bucket has them now
        if doc_id % GIVE_BACK_EVERY == GIVE_BACK_EVERY - 1:
            give_back()  # the terms read so far: the buckets' growing arrays cannot reuse their small blocks
    return buckets, posting_count


def _facet_terms(doc: SearchDoc) -> list[str]:
    facets = []
    for key, values in {**doc.facets, "collection": [doc.collection]}.items():
        facets += [facet_term(key, str(value)) for value in dict.fromkeys(values)]
    return list(dict.fromkeys(facets))  # never a text term: those have no "f:"


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
    out_dir.mkdir(exist_ok=True)  # not its parents: a stopped build's index process must not make its work folder again
    (out_dir / "t").mkdir()
    (out_dir / "d").mkdir()


_FNV_OFFSET, _FNV_PRIME, _U32 = 0x811C9DC5, 0x01000193, 0xFFFFFFFF
# FNV-1a state after a bigram's first character, for every BMP character
_FNV_FIRST = [((_FNV_OFFSET ^ c) * _FNV_PRIME) & _U32 for c in range(1 << 16)]


def _bigram_shards(codes: list[int], mask: int) -> map:
    """fnv1a(bigram) & mask for bigram codes, computed in ``map`` calls (no Python loop)."""
    first = map(_FNV_FIRST.__getitem__, map(and_, codes, repeat(0xFFFF)))
    mixed = map(mul, map(xor, first, map(rshift, codes, repeat(16))), repeat(_FNV_PRIME))
    return map(and_, mixed, repeat(mask))


# The low 8 bits of a bigram's FNV-1a hash depend only on the low 8 bits of its two characters:
# ((F[a] ^ b) * prime) mod 256, with F[a] the state after the first character, mod 256.
_LOW_FIRST = bytes(((_FNV_OFFSET ^ c) * _FNV_PRIME) & 0xFF for c in range(256))
_LOW_TIMES_PRIME = bytes((c * _FNV_PRIME) & 0xFF for c in range(256))


def _bigram_buckets(codes: array, mask: int) -> bytes:
    """fnv1a(bigram) & mask (``mask`` < 256) for every bigram code, computed on whole byte strings (no step per code)."""
    if sys.byteorder == "big":
        codes = array("I", codes)
        codes.byteswap()
    raw = codes.tobytes()  # per code: first character (2 bytes, low first), then the second
    first, second = raw[0::4].translate(_LOW_FIRST), raw[2::4]
    mixed = (int.from_bytes(first, "little") ^ int.from_bytes(second, "little")).to_bytes(len(first), "little")
    return mixed.translate(_masked(mask))


@lru_cache(maxsize=8)
def _masked(mask: int) -> bytes:
    return bytes(b & mask for b in _LOW_TIMES_PRIME)


def _bigram_texts(codes: list[int]) -> list[str]:
    """Bigram codes → two-character strings, via one UTF-16 decode."""
    codes_array = array("I", codes)
    if sys.byteorder == "big":
        codes_array.byteswap()
    chars = codes_array.tobytes().decode("utf-16-le")
    return list(map(add, chars[0::2], chars[1::2]))


def _write_shards(buckets: list[_Bucket], shard_count: int, out_dir: Path, table: list[bytes], kept: KeptIndex | None = None) -> int:
    """Write the term shards, a bucket at a time (shard ``number + k * len(buckets)`` is all in bucket ``number``);
    returns the bytes written."""
    mask, bits, total = shard_count - 1, len(buckets).bit_length() - 1, 0
    for number, bucket in enumerate(buckets):
        bucket.invert(table)
        parts = range(shard_count >> bits)  # the bucket's shards, by k
        codes, rows, others = [[] for _ in parts], [[] for _ in parts], [[] for _ in parts]
        keys = list(bucket.bigrams)
        at = list(map(rshift, _bigram_shards(keys, mask), repeat(bits)))
        deque(map(list.append, map(codes.__getitem__, at), keys), 0)
        deque(map(list.append, map(rows.__getitem__, at), bucket.bigrams.values()), 0)
        for term, row in bucket.words.items():
            others[(fnv1a(term) & mask) >> bits].append((term, row))
        buckets[number] = None  # written now: its memory goes with it
        if number % 16 == 15:
            give_back()
        for k in parts:
            shard = number + (k << bits)
            data = f'{CALLBACK}("t/{shard:x}",{{{_encode_shard(codes[k], rows[k], others[k])}}});\n'.encode()
            codes[k] = rows[k] = others[k] = []
            total += len(data)
            _write_bytes(out_dir / f"t/{shard:x}.js", data)
            if kept is not None:
                kept.shard(shard, data)
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
        "t": doc.title,
        "u": doc.url,
        "c": doc.collection,
        "l": doc.collection_label,
        "m": shown,
        "p": doc.people[:4],
        "s": doc.school,
        "y": doc.summary,
        "x": excerpt,
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


def _write_records(docs: list[SearchDoc], terms: list, out_dir: Path, kept: KeptIndex | None = None) -> None:
    """One record per document, and its attachments' text in pieces (``d/<bucket>/<id>-<n>.js``)."""
    for doc_id, (doc, found) in enumerate(zip(docs, terms, strict=True)):
        files = _record_files(doc_id, doc, found)
        _write_record_files(out_dir, doc_id, files)
        if kept is not None:
            kept.record(doc_id, files)


def _record_files(doc_id: int, doc: SearchDoc, found) -> list[bytes]:
    """A document's record, then its attachments' pieces: each file's bytes."""
    key = f"d/{doc_id // BUCKET}/{doc_id}"
    pieces = attachment_pieces(doc, chunks=found.chunks) if doc.attachments else []
    files = [data_file(key, _record(doc, found.excerpt, len(pieces))).encode()]
    return files + [data_file(f"{key}-{number}", piece).encode() for number, piece in enumerate(pieces)]


def _write_record_files(out_dir: Path, doc_id: int, files: list[bytes]) -> None:
    folder = out_dir / "d" / str(doc_id // BUCKET)
    if doc_id % BUCKET == 0:
        folder.mkdir(exist_ok=True)  # there already when the folder is patched in place
    _write_bytes(folder / f"{doc_id}.js", files[0])
    for number, data in enumerate(files[1:]):
        _write_bytes(folder / f"{doc_id}-{number}.js", data)


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
