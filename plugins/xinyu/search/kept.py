"""The last build's index kept in the build cache, patched when a few documents changed.

Inverting every document's terms and encoding every shard again costs the same whatever
changed. But a term's posting list holds one posting per document, in id order, and an edit
changes the postings of few terms (weights are counted occurrences, not shares of the
text): the title's terms, a new sentence's. So each build keeps its shards' and records'
bytes (kind ``searchindex``) and a :class:`Manifest` of what they were made from. When the
next build has the same documents at the same ids (same base, same count) and only some of
them changed, the shards holding a term whose posting changed are patched: the changed
documents' postings taken out of the rows and put in again, and the shard's terms put in
the order a clean build gives them (bigrams, then the other terms, each by the first
document that has them and that document's own order: see writer._invert). Every other
shard and record is the kept bytes. The index is byte for byte a clean build's
(tests/test_search_kept.py compares them); when anything does not fit (a row lacking a
posting it should hold, a kept row missing, the shard count changing) the index is
written from scratch instead.

Kept rows are named by the build that wrote them (a random mark) and the manifest lists
those in use: two builds at once cannot mix their rows, and a withdrawn item takes the
whole kept index along (Store.drop_owner).
"""

from __future__ import annotations

import json
import pickle
import secrets
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from ..pipeline.store import INDEX_KIND, SEARCH_KIND
from .analyze import _is_cjk_run, bigram_text
from .encode import CALLBACK, WEIGHT_SLOTS, decode_postings, encode_posting, fnv1a, script_json
from .prepared import DocTerms

MANIFEST = "manifest"
MOST_CHANGED = 64  # documents changed at most for a patch (beyond, writing it all is as quick)
_FLUSH_BYTES = 16 << 20  # rows held before they are stored


@dataclass
class Manifest:
    """What the kept index was made from, and which kept rows hold its files."""

    base: str  # the code, dictionary, limits and shard size (everything but the documents)
    keys: list[str]  # each document's analysis key (search.prepared), in id order
    facets: list[list[str]]  # each document's facet terms
    shard_count: int
    term_count: int
    posting_count: int
    total: int  # bytes of all shards
    shards: list[str] = field(default_factory=list)  # the row of each shard
    records: list[str] = field(default_factory=list)  # the row of each document's record files
    written: str = ""  # the mark of the build that wrote it: its folder, if kept (serve), holds these files


@dataclass
class Counts:
    """What meta.js and the statistics need from the shards."""

    shard_count: int
    term_count: int
    posting_count: int
    total: int
    in_place: bool = False  # patched in the last build's folder (writer.write_index's ``previous``)


class KeptIndex:
    """The build cache's copy of the index: read for a patch, written by every build that has a store."""

    def __init__(self, store, base: str):
        self.store, self.base, self.mark = store, base, secrets.token_hex(6)
        self.previous: Manifest | None = None
        self.shard_rows: dict[int, str] = {}
        self.record_rows: dict[int, str] = {}
        self.pending: dict[str, bytes] = {}
        self.pending_bytes = 0
        self.manifest_key = f"{MANIFEST}-{base}"  # another version of the plugin (another base) finds none
        try:
            found = pickle.loads(store.get_many_raw(INDEX_KIND, [self.manifest_key]).get(self.manifest_key, b"N."))
        except Exception:  # noqa: BLE001 - written by another version or cut short: write it all again
            found = None
        if isinstance(found, Manifest) and found.base == base:
            self.previous = found

    # writing ------------------------------------------------------------------------------------------------

    def shard(self, number: int, data: bytes) -> None:
        self.shard_rows[number] = self._put(f"t{number:x}-{self.mark}", data)

    def record(self, doc_id: int, files: list[bytes]) -> None:
        self.record_rows[doc_id] = self._put(f"d{doc_id}-{self.mark}", pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))

    def _put(self, key: str, data: bytes) -> str:
        self.pending[key] = data
        self.pending_bytes += len(data)
        if self.pending_bytes > _FLUSH_BYTES:
            self._flush()
        return key

    def _flush(self) -> None:
        self.store.put_many_raw(INDEX_KIND, self.pending)
        self.pending, self.pending_bytes = {}, 0

    def finish(self, keys: list[str], facets: list[list[str]], counts: Counts) -> None:
        """Store the manifest of the index just written (its rows first), and drop every other kept row."""
        old = self.previous
        shards = [self.shard_rows.get(n) or old.shards[n] for n in range(counts.shard_count)]
        records = [self.record_rows.get(i) or old.records[i] for i in range(len(keys))]
        manifest = Manifest(
            self.base, keys, facets, counts.shard_count, counts.term_count, counts.posting_count, counts.total, shards, records,
            self.mark,
        )
        self._flush()
        owners = {key.split("-", 1)[0] + "-" for key in keys}  # keys.owner_prefix of each document's address
        # Store.drop_owner drops the whole kept index when an item it holds is withdrawn (and only then).
        data = pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
        self.store.put_many_raw(INDEX_KIND, {self.manifest_key: data}, mentions={self.manifest_key: owners})
        self.store.keep(INDEX_KIND, [self.manifest_key, *shards, *records])

    # patching -----------------------------------------------------------------------------------------------

    def changed(self, keys: list[str]) -> list[int] | None:
        """The ids of the documents that changed since the kept index, or None when it cannot be patched."""
        old = self.previous
        if old is None or len(old.keys) != len(keys):
            return None
        changed = [i for i, (a, b) in enumerate(zip(old.keys, keys, strict=True)) if a != b]
        return changed if len(changed) <= MOST_CHANGED else None

    def before(self, changed: list[int]) -> dict[int, DocTerms] | None:
        """The changed documents' terms as the kept index has them (read before the analysis drops them from the cache)."""
        old = self.previous
        raw = self.store.get_many_raw(SEARCH_KIND, [old.keys[i] for i in changed])
        if any(old.keys[i] not in raw for i in changed):
            return None
        return {i: DocTerms.unpack(raw[old.keys[i]]) for i in changed}

    def patch(
        self, before: dict[int, DocTerms], after: dict[int, DocTerms], facets: list[list[str]], keys: list[str], width: int
    ) -> Patch | None:
        """The patched shards (not yet written), or None when the kept index does not fit."""
        old = self.previous
        patch = Patch(self, keys, after, width)
        for i, found in before.items():
            was, now = _weights(found, old.facets[i]), _weights(after[i], facets[i])
            patch.postings += len(now) - len(was)
            terms = [term for term in was.keys() | now.keys() if was.get(term) != now.get(term)]
            # Terms whose posting is the same but that come elsewhere in the document's order: where the
            # document is their first, their shard's order changes.
            terms += _disordered(_orders(found, old.facets[i]), _orders(after[i], facets[i]), was, now)
            for term in terms:
                patch.changes[fnv1a(term) & (old.shard_count - 1)].append((term, i, was.get(term), now.get(term)))
        return patch if patch.apply(facets) else None

    def rows(self, keys: list[str], size: int = 256):
        """The kept bytes of these rows, in order, a few at a time (a row that is missing raises KeyError)."""
        for start in range(0, len(keys), size):
            part = keys[start : start + size]
            found = self.store.get_many_raw(INDEX_KIND, part)
            yield from (found[key] for key in part)


class Stale(Exception):
    """A kept row does not hold what the manifest says: write the whole index instead."""


@dataclass
class Patch:
    """The changed documents' postings, by shard, and the shards patched with them."""

    kept: KeptIndex
    keys: list[str]
    after: dict[int, DocTerms]
    width: int
    postings: int = 0  # postings added (or removed, when negative)
    terms: int = 0
    total: int = 0
    changes: dict = field(default_factory=lambda: defaultdict(list))  # shard → [(term, doc id, old weight, new weight)]
    shards: dict[int, bytes] = field(default_factory=dict)
    orders: dict = field(default_factory=dict)  # (doc id, bigram?) → {term: place in that document's order}

    def apply(self, facets: list[list[str]]) -> bool:
        old = self.kept.previous
        numbers = sorted(self.changes)
        try:
            for number, data in zip(numbers, self.kept.rows([old.shards[n] for n in numbers]), strict=True):
                self.shards[number] = self._shard(number, data, facets)
                self.total += len(self.shards[number]) - len(data)
        except (KeyError, ValueError, Stale):
            return False
        return True

    def _shard(self, number: int, data: bytes, facets: list[list[str]]) -> bytes:
        head = f'{CALLBACK}("t/{number:x}",'
        text = data.decode()
        if not text.startswith(head):
            raise Stale
        entries: dict[str, str] = json.loads(text[len(head) : text.rindex(");")])
        place = {term: n for n, term in enumerate(entries)}
        moved = {i for _, i, _, _ in self.changes[number]}  # whose own order places their terms
        for term, doc_id, before, now in self.changes[number]:
            row = entries.get(term, "")
            first = _first(row, self.width)
            if before is not None:
                row = _without(row, doc_id, before, self.width)
            if now is not None:
                row = _with(row, doc_id, now, self.width)
            if row:
                if _first(row, self.width) != first:
                    moved.add(_first(row, self.width))
                self.terms += term not in entries
                entries[term] = row
            elif term in entries:
                del entries[term]
                self.terms -= 1

        def order(term: str) -> tuple:
            bigram = len(term) == 2 and _is_cjk_run(term)
            first = _first(entries[term], self.width)
            at = self._order(first, bigram, facets)[term] if first in moved else place[term]
            return (not bigram, first, at)

        body = ",".join(f'{_name(term)}:"{entries[term]}"' for term in sorted(entries, key=order))
        return f"{head}{{{body}}});\n".encode()

    def _order(self, doc_id: int, bigram: bool, facets: list[list[str]]) -> dict[str, int]:
        """Where each term of the document comes in the document's own order (writer._invert's)."""
        if (doc_id, bigram) not in self.orders:
            found = self.after.get(doc_id)
            if found is None:
                key = self.keys[doc_id]
                found = DocTerms.unpack(self.kept.store.get_many_raw(SEARCH_KIND, [key])[key])
            terms = _orders(found, facets[doc_id])[0 if bigram else 1]
            self.orders[doc_id, bigram] = {term: n for n, term in enumerate(terms)}
        return self.orders[doc_id, bigram]


def _orders(found: DocTerms, facets: list[str]) -> tuple[list[str], list[str]]:
    """A document's bigrams and its other terms, each in the order writer._invert hands them to the shards."""
    bigrams = [*map(bigram_text, found.text.bigrams), *map(bigram_text, found.attached.bigrams)]
    return bigrams, found.text.words + facets + found.attached.words


def _disordered(before: tuple, after: tuple, old: dict[str, int], new: dict[str, int]) -> list[str]:
    """Unchanged terms (same weight before and after) that are not in the same order among themselves:
    all but a longest run that kept its order."""
    out = []
    for old_order, new_order in zip(before, after, strict=True):
        at = {term: n for n, term in enumerate(new_order)}
        same = [term for term in old_order if term in at and old[term] == new[term]]
        kept = set(_longest_increasing(same, [at[term] for term in same]))
        out += [term for term in same if term not in kept]
    return out


def _longest_increasing(items: list, values: list[int]) -> list:
    """The items of a longest strictly increasing run of ``values`` (not necessarily contiguous)."""
    tails: list[int] = []  # tails[k]: the index of the smallest last value of a run of length k + 1
    ends: list[int] = []  # those values
    parent = [-1] * len(values)
    for n, value in enumerate(values):
        k = bisect_left(ends, value)
        if k:
            parent[n] = tails[k - 1]
        if k == len(tails):
            tails.append(n)
            ends.append(value)
        else:
            tails[k], ends[k] = n, value
    out, n = [], tails[-1] if tails else -1
    while n >= 0:
        out.append(items[n])
        n = parent[n]
    return out


def _weights(found: DocTerms, facets: list[str]) -> dict[str, int]:
    """Every term of one document with its posting's weight (facet terms weigh 0)."""
    weights: dict[str, int] = {}
    for part in (found.text, found.attached):
        weights.update(zip(map(bigram_text, part.bigrams), part.bigram_weights, strict=True))
        weights.update(zip(part.words, part.word_weights, strict=True))
    weights.update(dict.fromkeys(facets, 0))
    return weights


def _name(term: str) -> str:
    return f'"{term}"' if term[:2] != "f:" else script_json(term)  # as writer._encode_shard writes it


def _doc_at(row: str, n: int, width: int) -> int:
    return decode_postings(row[n * width : (n + 1) * width], width)[0][0]


def _first(row: str, width: int) -> int | None:
    return _doc_at(row, 0, width) if row else None


def _find(row: str, doc_id: int, width: int) -> int:
    """Where ``doc_id``'s posting is, or would go, in a row (postings are in id order)."""
    low, high = 0, len(row) // width
    while low < high:
        mid = (low + high) // 2
        if _doc_at(row, mid, width) < doc_id:
            low = mid + 1
        else:
            high = mid
    return low


def _without(row: str, doc_id: int, weight: int, width: int) -> str:
    at = _find(row, doc_id, width) * width
    if row[at : at + width] != encode_posting(doc_id * WEIGHT_SLOTS + weight, width):
        raise Stale
    return row[:at] + row[at + width :]


def _with(row: str, doc_id: int, weight: int, width: int) -> str:
    at = _find(row, doc_id, width) * width
    if at < len(row) and _doc_at(row, at // width, width) == doc_id:
        raise Stale
    return row[:at] + encode_posting(doc_id * WEIGHT_SLOTS + weight, width) + row[at:]
