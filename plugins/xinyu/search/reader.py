"""Answer queries from a written index in Python: the reference for search.js and the tests."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .analyze import Dictionary, Query, facet_term, query_terms
from .encode import decode_postings, read_data_file
from .writer import shard_key

RELAX = 0.5  # with no item matching every term, show items matching at least this share


@dataclass
class Hit:
    id: int
    score: float
    url: str


@dataclass
class Answer:
    hits: list[Hit]
    query: Query
    relaxed: bool = False


class Searcher:
    """Loads meta once and term shards on demand, like the browser does."""

    def __init__(self, index_dir: Path):
        self.dir = Path(index_dir)
        self.meta = self._load("meta")
        self.dictionary = Dictionary(frozenset(self.meta["dictionary"]))
        self.urls = self._load("urls")
        self._shards: dict[str, dict] = {}

    def _load(self, key: str):
        found, payload = read_data_file((self.dir / f"{key}.js").read_text(encoding="utf-8"))
        assert found == key, (found, key)
        return payload

    def postings(self, term: str) -> dict[int, int]:
        key = shard_key(term, self.meta["shards"])
        if key not in self._shards:
            self._shards[key] = self._load(key)
        code = self._shards[key].get(term)
        return dict(decode_postings(code, self.meta["width"])) if code else {}

    def record(self, doc_id: int) -> dict:
        return self._load(f"d/{doc_id // self.meta['bucket']}/{doc_id}")

    def allowed(self, filters: dict[str, list[str]] | None) -> set[int] | None:
        """Items matching every facet (any of its values), or None for no filter."""
        allowed: set[int] | None = None
        for key, values in (filters or {}).items():
            if not values:
                continue
            matching: set[int] = set()
            for value in values:
                matching.update(self.postings(facet_term(key, value)))
            allowed = matching if allowed is None else allowed & matching
        return allowed

    def search(self, text: str, filters: dict[str, list[str]] | None = None) -> Answer:
        query = query_terms(text, self.dictionary)
        allowed = self.allowed(filters)
        if not query.terms:
            ids = sorted(allowed) if allowed is not None else []
            return Answer([Hit(i, 0.0, self.urls[i]) for i in ids], query)
        lists = [self.postings(t) for t in query.terms]
        n = self.meta["docs"]
        scores: dict[int, float] = {}
        matched: dict[int, int] = {}
        for plist in lists:
            idf = math.log(1 + n / max(1, len(plist)))
            for doc_id, weight in plist.items():
                if allowed is None or doc_id in allowed:
                    scores[doc_id] = scores.get(doc_id, 0.0) + idf * weight
                    matched[doc_id] = matched.get(doc_id, 0) + 1
        need, relaxed = len(lists), False
        if not any(m == need for m in matched.values()) and need > 1:
            need, relaxed = max(1, math.ceil(need * RELAX)), True
        ids = [i for i, m in matched.items() if m >= need]
        ids.sort(key=lambda i: (-matched[i], -scores[i], i))
        return Answer([Hit(i, scores[i], self.urls[i]) for i in ids], query, relaxed)
