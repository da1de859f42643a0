"""Turn documents and queries into index terms, the same way on both sides.

Chinese has no spaces, so a term is one of:

- a **character bigram** of a run of Chinese characters (焦虑, 虑情 …): every
  substring of two or more characters is covered by its bigrams, so 焦虑 finds
  考试焦虑 and nothing that contains the words is ever missed;
- a **dictionary word** of three or more characters (考试焦虑, 心理健康教育),
  found in documents by exact substring match and in queries by forward maximum
  matching, so a query that names a domain term is answered by one exact term
  instead of several bigrams (dictionary terms are kept whole);
- a **latin word or number** (ppt, 2024), lower-cased;
- a **single character**, only for short metadata fields (title, tags, people,
  school), so a one-character query still finds something;
- a **facet term** ``f:<key>=<value>`` used for filtering, never for matching text.

The browser's ``search.js`` implements :func:`query_terms` again; both sides
must change together (tests compare them).
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NOT_CJK = re.compile(f"[^{CJK}]+")
_TOKENS = re.compile(f"[{CJK}]+|[a-z0-9]+")
_LATIN = re.compile(r"[a-z0-9]+")

# A field's weight multiplies each occurrence of a term in that field.
FIELD_WEIGHTS = {"title": 10, "tags": 8, "people": 8, "school": 6, "summary": 3, "facets": 3, "text": 1}
MAX_WEIGHT = 63  # weights are stored as one character of a 64-letter alphabet
MIN_WORD = 3  # shorter dictionary words are bigrams already
MAX_WORD = 16


# Characters NFKC changes in ways that matter to terms: full-width letters and digits,
# compatibility ideographs. Text without them skips NFKC (1 ms for 5,000 characters).
_FOLDABLE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff\u2460-\u24ff\u3200-\u33ff]")


def normalize(text: str) -> str:
    """Full-width → half-width, compatibility forms folded, lower case (the browser does the same)."""
    if _FOLDABLE.search(text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def quantize(weight: float) -> int:
    """A summed field weight → 1..63 on a log scale (title hits count more than body repetition)."""
    return max(1, min(MAX_WEIGHT, round(math.log2(1 + weight) * 6)))


_QUANTIZED = [quantize(n) for n in range(4096)]


@dataclass
class Dictionary:
    """Domain words (考试焦虑, 团体辅导 …): kept whole in documents and queries."""

    words: frozenset[str]

    @classmethod
    def load(cls, path: Path | None, extra: Iterable[str] = ()) -> Dictionary:
        words: set[str] = set()
        if path is not None and Path(path).exists():
            for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
                word = line.split("#", 1)[0].strip()
                if word:
                    words.add(normalize(word.split()[0]))
        words.update(normalize(w) for w in extra)
        return cls(frozenset(w for w in words if 2 <= len(w) <= MAX_WORD and _is_cjk_run(w)))

    @property
    def long_words(self) -> frozenset[str]:
        """Words indexed as terms of their own (two-character words are already bigrams)."""
        return frozenset(w for w in self.words if len(w) >= MIN_WORD)

    @property
    def max_len(self) -> int:
        return max((len(w) for w in self.words), default=0)

    def segment(self, run: str) -> list[tuple[str, bool]]:
        """Forward maximum matching of one run of Chinese characters: [(piece, is_word)].

        Characters no word covers are kept together as one piece.
        """
        pieces: list[tuple[str, bool]] = []
        rest = ""
        i, longest = 0, self.max_len
        while i < len(run):
            for size in range(min(longest, len(run) - i), 1, -1):
                if run[i : i + size] in self.words:
                    if rest:
                        pieces.append((rest, False))
                        rest = ""
                    pieces.append((run[i : i + size], True))
                    i += size
                    break
            else:
                rest += run[i]
                i += 1
        if rest:
            pieces.append((rest, False))
        return pieces


def _is_cjk_run(word: str) -> bool:
    return bool(word) and not _NOT_CJK.search(word)


class DocumentAnalyzer:
    """Counts the terms of a document's fields; built once per index (dictionary lookups prepared)."""

    def __init__(self, dictionary: Dictionary):
        self.by_first: dict[str, list[str]] = {}
        for word in dictionary.long_words:
            self.by_first.setdefault(word[:2], []).append(word)

    def text_terms(self, text: str) -> Counter:
        """Bigrams, dictionary words and latin words of a normalised text, with their counts."""
        squeezed = _NOT_CJK.sub(" ", text)
        counts = Counter(map(operator.add, squeezed, squeezed[1:]))
        for gram in [g for g in counts if " " in g]:
            del counts[gram]
        for first in self.by_first.keys() & counts.keys():
            for word in self.by_first[first]:
                found = text.count(word)
                if found:
                    counts[word] = found
        counts.update(_LATIN.findall(text))
        return counts

    def field_terms(self, text: str) -> Counter:
        """Terms of a short metadata field: single Chinese characters too."""
        counts = self.text_terms(text)
        counts.update(ch for ch in text if _NOT_CJK.match(ch) is None)
        return counts


def _add(counts: Counter, terms: Counter, weight: int) -> None:
    for term, n in terms.items():
        counts[term] += n * weight


def document_terms(doc, analyzer: DocumentAnalyzer) -> dict[str, int]:
    """All text terms of a :class:`SearchDoc` with their quantized weights (1..63)."""
    counts = analyzer.text_terms(normalize(doc.text))
    _add(counts, analyzer.text_terms(normalize(doc.summary)), FIELD_WEIGHTS["summary"])
    _add(counts, analyzer.field_terms(normalize(doc.title)), FIELD_WEIGHTS["title"])
    for name, values in (("tags", doc.tags), ("people", doc.people), ("school", [doc.school] if doc.school else [])):
        for value in values:
            _add(counts, analyzer.field_terms(normalize(value)), FIELD_WEIGHTS[name])
    for values in doc.facets.values():
        for value in values:
            _add(counts, analyzer.text_terms(normalize(str(value))), FIELD_WEIGHTS["facets"])
    table = _QUANTIZED
    return {term: table[n] if n < 4096 else MAX_WEIGHT for term, n in counts.items()}


def facet_term(key: str, value: str) -> str:
    return f"f:{key}={value}"


@dataclass
class Query:
    """What a query asks for: every term required; ``marks`` are the strings to highlight."""

    terms: list[str]
    marks: list[str]


def query_terms(query: str, dictionary: Dictionary) -> Query:
    """Segment a query like a document: dictionary words whole, other Chinese as bigrams."""
    terms: list[str] = []
    marks: list[str] = []
    for token in _TOKENS.findall(normalize(query)):
        marks.append(token)
        if not _is_cjk_run(token):
            terms.append(token)
            continue
        if len(token) == 1:
            terms.append(token)
            continue
        offset = 0
        for piece, is_word in dictionary.segment(token):
            if is_word and len(piece) >= MIN_WORD:
                terms.append(piece)
            elif len(piece) >= 2:
                terms.extend(piece[i : i + 2] for i in range(len(piece) - 1))
            else:  # one loose character: pair it with a neighbour
                start = offset - 1 if offset > 0 else offset
                terms.append(token[start : start + 2])
            if len(piece) >= 2 and piece != token:
                marks.append(piece)
            offset += len(piece)
    return Query(list(dict.fromkeys(terms)), list(dict.fromkeys(marks)))
