"""Answer queries from a written index in Python: the reference for search.js and the tests.

Ranking, in order: items before site pages; more of the query's groups matched; matched as
written before matched only through a synonym; the written text as one phrase before its
words apart; then the score (``Σ idf × weight``). ``search.js`` does exactly the same.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .analyze import _TOKENS, ATTACHED, Dictionary, Query, Synonyms, facet_term, normalize, query_terms
from .encode import decode_postings, read_data_file
from .writer import shard_key

RELAX = 0.5  # with no item matching every group, show items matching at least this share
SUGGESTIONS = 3  # at most this many "did you mean" queries, each checked to find something
TRIES = 6  # candidate queries checked for a no-result query
_PINYIN = re.compile(r"[a-z]{2,}")


@dataclass
class Hit:
    id: int
    score: float
    url: str
    matched: int = 0
    synonyms: list[str] = field(default_factory=list)  # the synonyms it was found by, if not as written
    phrase: bool = False  # the written query as one phrase (not only its words apart)
    attached: bool = False  # some of what it matched occurs only in its attachments
    page: bool = False  # a site page (guide, about, people), not a collection item


@dataclass
class Suggestion:
    text: str
    total: int
    pinyin: bool = False  # the query was pinyin for this word (shown at once, not only offered)


@dataclass
class Answer:
    hits: list[Hit]
    query: Query
    relaxed: bool = False
    suggestions: list[Suggestion] = field(default_factory=list)


class Searcher:
    """Loads meta once and term shards on demand, like the browser does."""

    def __init__(self, index_dir: Path):
        self.dir = Path(index_dir)
        self.meta = self._load("meta")
        self.dictionary = Dictionary(frozenset(self.meta["dictionary"]))
        self.synonyms = Synonyms(self.meta.get("synonyms", []))
        self.urls = self._load("urls")
        self.items = self.meta.get("items", self.meta["docs"])
        self._shards: dict[str, dict] = {}
        self._pinyin: PinyinTable | None = None

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

    def search(self, text: str, filters: dict[str, list[str]] | None = None, *, suggest: bool = True) -> Answer:
        query = query_terms(text, self.dictionary, self.synonyms)
        allowed = self.allowed(filters)
        if not query.groups:
            ids = sorted(allowed) if allowed is not None else []
            return Answer([Hit(i, 0.0, self.urls[i]) for i in ids], query)
        lists = {t: self.postings(t) for t in query.loaded}
        hits, relaxed = rank(query, lists, self.meta["docs"], self.items, allowed)
        for hit in hits:
            hit.url = self.urls[hit.id]
        answer = Answer(hits, query, relaxed)
        if (relaxed or not hits) and suggest:  # nothing, or only part of the query: offer what would find it all
            answer.suggestions = self.suggest(text, filters)
        return answer

    def pinyin(self) -> PinyinTable:
        if self._pinyin is None:
            self._pinyin = PinyinTable(self._load("pinyin"))
        return self._pinyin

    def suggest(self, text: str, filters: dict[str, list[str]] | None = None) -> list[Suggestion]:
        """Close queries that find something (each something else): pinyin → words, same sound, one character off."""
        found: list[Suggestion] = []
        seen: set[tuple[int, ...]] = set()
        for candidate, by_pinyin in candidate_queries(normalize(text), self.pinyin())[:TRIES]:
            answer = self.search(candidate, filters, suggest=False)
            ids = tuple(h.id for h in answer.hits)
            if ids and not answer.relaxed and ids not in seen:
                seen.add(ids)
                found.append(Suggestion(candidate, len(ids), by_pinyin))
            if len(found) == SUGGESTIONS:
                break
        return found


def rank(query: Query, lists: dict[str, dict[int, int]], docs: int, items: int, allowed: set[int] | None) -> tuple[list[Hit], bool]:
    """The matching items and pages in ranking order, and whether the match was relaxed."""
    idf = {t: math.log(1 + docs / max(1, len(p))) for t, p in lists.items()}
    hits: dict[int, Hit] = {}
    for group in query.groups:
        done: set[int] = set()
        written = len(group.alternatives[0])
        for k, alternative in enumerate(group.alternatives):
            plists = [lists[t] for t in alternative]
            for doc in min(plists, key=len):
                if doc in done or (allowed is not None and doc not in allowed) or not all(doc in p for p in plists):
                    continue
                done.add(doc)
                hit = hits.get(doc) or hits.setdefault(doc, Hit(doc, 0.0, "", page=doc >= items))
                hit.matched += 1
                hit.score += sum(idf[t] * lists[t][doc] for t in alternative) * (written / len(alternative))
                hit.attached = hit.attached or any(lists[t][doc] < ATTACHED for t in alternative)
                if k:
                    hit.synonyms.append(group.words[k])
    need, relaxed = len(query.groups), False
    if need > 1 and not any(h.matched == need for h in hits.values()):
        need, relaxed = max(1, math.ceil(need * RELAX)), True
    found = [h for h in hits.values() if h.matched >= need]
    for hit in found:
        hit.phrase = not hit.synonyms and hit.matched == len(query.groups) and all(hit.id in lists[t] for t in query.phrase)
    found.sort(key=lambda h: (h.page, -h.matched, bool(h.synonyms), not h.phrase, -h.score, h.id))
    return found, relaxed


class PinyinTable:
    """``pinyin.js``: the words suggestions are made of, with their pinyin, and each character's readings."""

    def __init__(self, payload: dict):
        self.words: list[tuple[str, list[str]]] = [(w, p.split()) for w, p in payload["w"]]
        self.readings: dict[str, set[str]] = {}
        for syllable, chars in payload["c"].items():
            for ch in chars:
                self.readings.setdefault(ch, set()).add(syllable)

    def by_pinyin(self, latin: str) -> list[str]:
        """Words whose full pinyin (kaoshijiaolv) or initials (ksjl) are ``latin``."""
        full = [w for w, p in self.words if "".join(p) == latin]
        return full + [w for w, p in self.words if "".join(s[0] for s in p) == latin and w not in full]

    def sounds_like(self, text: str, word: str, syllables: list[str]) -> bool:
        return (
            len(word) == len(text) and word != text and all(s in self.readings.get(ch, ()) for ch, s in zip(text, syllables, strict=True))
        )


def one_off(a: str, b: str) -> bool:
    """One character replaced, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def candidate_queries(text: str, table: PinyinTable) -> list[tuple[str, bool]]:
    """Queries to try, best first: pinyin read as words, then a part of the query that sounds like a
    word, then a part with one character replaced (parts of three characters or more), then a whole
    token with one character added or dropped."""
    tokens = _TOKENS.findall(text)
    out: list[tuple[str, bool]] = []

    def replace(i: int, start: int, end: int, word: str, by_pinyin: bool = False) -> None:
        changed = tokens[:i] + [tokens[i][:start] + word + tokens[i][end:]] + tokens[i + 1 :]
        out.append((" ".join(changed), by_pinyin))

    if len(tokens) > 1 and all(_PINYIN.fullmatch(t) for t in tokens):
        out.extend((w, True) for w in table.by_pinyin("".join(tokens)))
    for i, token in enumerate(tokens):
        if _PINYIN.fullmatch(token):
            for word in table.by_pinyin(token):
                replace(i, 0, len(token), word, True)
    for tier in ("sound", "one_off"):
        for i, token in enumerate(tokens):
            for start, end in _parts(token):
                part = token[start:end]
                for word, syllables in table.words:
                    if table.sounds_like(part, word, syllables) if tier == "sound" else _one_off_part(token, part, word):
                        replace(i, start, end, word)
    first: dict[str, bool] = {}
    for text, by_pinyin in out:
        first.setdefault(text, by_pinyin)
    return list(first.items())


def _one_off_part(token: str, part: str, word: str) -> bool:
    """A part of three characters or more with one replaced, or the whole token with one added or dropped."""
    if len(part) == len(word):
        return len(part) >= 3 and one_off(part, word)
    return part == token and len(word) >= 2 and one_off(part, word)


def _parts(token: str) -> list[tuple[int, int]]:
    """Substrings of a Chinese token of two characters or more, longest first (at most 8 long)."""
    if _PINYIN.fullmatch(token) or len(token) < 2:
        return []
    return [(s, s + n) for n in range(min(len(token), 8), 1, -1) for s in range(len(token) - n + 1)]
