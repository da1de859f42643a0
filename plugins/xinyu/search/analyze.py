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
import re
import sys
import unicodedata
from array import array
from collections import _count_elements  # type: ignore[attr-defined]  # Counter's C loop
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path

from ..guard.files import read_list_file

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NOT_CJK = re.compile(f"[^{CJK}]+")
_TOKENS = re.compile(f"[{CJK}]+|[a-z0-9]+")
_LATIN = re.compile(r"[a-z0-9]+")

# A field's weight multiplies each occurrence of a term in that field.
FIELD_WEIGHTS = {"title": 10, "tags": 8, "people": 8, "school": 6, "summary": 3, "facets": 3, "text": 1}
MAX_WEIGHT = 63  # weights are stored as one character of a 64-letter alphabet
# Weights 1..7 say "only in the item's attachments" (the lowest field); any other text weighs 8..63.
# The browser tells an attachment-only match from the postings alone, with no extra data.
ATTACHED = 8
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


_QUANTIZED = [0] + [max(ATTACHED, quantize(n)) for n in range(1, 1 << 14)]  # 0 stays 0: facet terms
_ATTACHED_ONLY = [0] + [min(ATTACHED - 1, n.bit_length()) for n in range(1, 1 << 14)]  # occurrences → 1..7


@dataclass
class Dictionary:
    """Domain words (考试焦虑, 团体辅导 …): kept whole in documents and queries."""

    words: frozenset[str]

    @classmethod
    def load(cls, path: Path | None, extra: Iterable[str] = ()) -> Dictionary:
        words: set[str] = set()
        if path is not None:
            for line in read_list_file(path).splitlines():
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


# A bigram of two BMP characters a, b is the integer ord(a) | ord(b) << 16 while documents are
# analysed: counting machine integers read straight from UTF-16 bytes is twice as fast as making
# two-character strings, and an int key costs a third of the memory. ``bigram_text`` turns it back.
_BIG_ENDIAN = sys.byteorder == "big"
_NONZERO = bytes([0] + [1] * 255)  # a byte → 1 unless it is 0 (bytes.translate table)


def bigram_code(gram: str) -> int:
    return ord(gram[0]) | ord(gram[1]) << 16


def bigram_text(code: int) -> str:
    return chr(code & 0xFFFF) + chr(code >> 16)


class DocumentAnalyzer:
    """Counts the terms of a document's fields; built once per index (dictionary lookups prepared).

    Terms come out as two dicts (:data:`Counts`): CJK bigrams as ints (see :func:`bigram_code`),
    and everything else (dictionary words, latin words, single characters) as strings.
    """

    def __init__(self, dictionary: Dictionary):
        self.by_first: dict[int, list[tuple[str, frozenset[int]]]] = {}  # each word with its bigrams
        for word in sorted(dictionary.long_words):  # a fixed order: the same index from the same input
            bigrams = frozenset(bigram_code(word[i : i + 2]) for i in range(len(word) - 1))
            self.by_first.setdefault(bigram_code(word), []).append((word, bigrams))

    def text_terms(self, text: str) -> Counts:
        """Bigrams, and dictionary words and latin words, of a normalised text, with their counts."""
        squeezed = _NOT_CJK.sub(" ", text).encode("utf-16-le")
        bigrams: dict = {}
        # every other bigram from offset 0, then every other from offset 1 (2 bytes a character)
        for start in (0, 2):
            raw = squeezed[start : start + (len(squeezed) - start) // 4 * 4]
            codes = array("I", raw)
            if _BIG_ENDIAN:
                codes.byteswap()
            # Only CJK characters (high byte ≥ 0x34) and spaces (high byte 0) are left: a bigram
            # with a space has a zero high byte. Found on whole byte strings, skipped by compress.
            both = int.from_bytes(raw[1::4].translate(_NONZERO), "little") & int.from_bytes(raw[3::4].translate(_NONZERO), "little")
            _count_elements(bigrams, compress(codes, both.to_bytes(len(codes), "little")))
        words: dict = {}
        present = bigrams.keys()
        for first in self.by_first.keys() & present:
            for word, needs in self.by_first[first]:
                # searched for only when the text has all its bigrams (19 times in 20 it has not)
                if needs <= present and (found := text.count(word)):
                    words[word] = found
        _count_elements(words, _LATIN.findall(text))
        return bigrams, words

    def field_terms(self, text: str) -> Counts:
        """Terms of a short metadata field: single Chinese characters too."""
        bigrams, words = self.text_terms(text)
        _count_elements(words, (ch for ch in text if _NOT_CJK.match(ch) is None))
        return bigrams, words


Counts = tuple  # (bigram code → count, other term → count): kept apart, so the index stores bigrams compactly


def _add(counts: Counts, terms: Counts, weight: int) -> None:
    for into, found in zip(counts, terms, strict=True):
        get = into.get
        for term, n in found.items():
            into[term] = get(term, 0) + n * weight


def document_counts(doc, analyzer: DocumentAnalyzer) -> Counts:
    """All text terms of a :class:`SearchDoc` with their summed field weights (before quantizing)."""
    counts = analyzer.text_terms(normalize(doc.text))
    _add(counts, analyzer.text_terms(normalize(doc.summary)), FIELD_WEIGHTS["summary"])
    _add(counts, analyzer.field_terms(normalize(doc.title)), FIELD_WEIGHTS["title"])
    for name, values in (("tags", doc.tags), ("people", doc.people), ("school", [doc.school] if doc.school else [])):
        for value in values:
            _add(counts, analyzer.field_terms(normalize(value)), FIELD_WEIGHTS[name])
    for values in doc.facets.values():
        for value in values:
            _add(counts, analyzer.text_terms(normalize(str(value))), FIELD_WEIGHTS["facets"])
    return counts


def attachment_counts(doc, analyzer: DocumentAnalyzer) -> Counts:
    """Terms of a document's attachments, with their occurrences."""
    texts = [text for attachment in doc.attachments for _, text in attachment.chunks]
    return analyzer.text_terms(normalize("\n".join(texts))) if texts else ({}, {})


def quantized(counts: dict, table: list[int] = _QUANTIZED):
    """The counts' quantized weights (8..63; 1..7 with the attachment table), in the dict's order, as an iterator."""
    try:
        return iter(list(map(table.__getitem__, counts.values())))
    except IndexError:  # a weight beyond the table: very long, very repetitive text
        return (table[min(n, len(table) - 1)] for n in counts.values())


def attached_only(counts: Counts, attached: Counts) -> Counts:
    """The attachment terms that ``counts`` (the rest of the document) lacks."""
    return tuple({term: n for term, n in found.items() if term not in known} for known, found in zip(counts, attached, strict=True))


def document_terms(doc, analyzer: DocumentAnalyzer) -> dict[str, int]:
    """All text terms of a :class:`SearchDoc` (as strings) with their quantized weights (1..63)."""
    counts = document_counts(doc, analyzer)
    only = attached_only(counts, attachment_counts(doc, analyzer))
    pairs = [*(pair for part in counts for pair in zip(part, quantized(part), strict=True))]
    pairs += [pair for part in only for pair in zip(part, quantized(part, _ATTACHED_ONLY), strict=True)]
    return {bigram_text(t) if type(t) is int else t: w for t, w in pairs}


def facet_term(key: str, value: str) -> str:
    return f"f:{key}={value}"


@dataclass
class Group:
    """One thing the query asks for: ``alternatives[0]`` are the written piece's terms, the others its synonyms'.

    An item matches the group when it has every term of one alternative; ``words`` name the
    alternatives (``words[0]`` is what was written), for marking synonym matches.
    """

    words: list[str]
    alternatives: list[list[str]]


@dataclass
class Query:
    """What a query asks for.

    ``terms`` are the written query's terms (each a group of its own unless it is a synonym's);
    ``groups`` are what an item must match (all of them, or half when nothing matches all);
    ``phrase`` are the bigrams across the edges of dictionary words and synonyms: an item that
    has them too has the written text as one phrase, and ranks first. ``marks`` are highlighted.
    """

    terms: list[str]
    marks: list[str]
    groups: list[Group] = field(default_factory=list)
    phrase: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> list[str]:
        """Every term whose postings the query reads, written terms first."""
        synonyms = [t for g in self.groups for alt in g.alternatives[1:] for t in alt]
        return list(dict.fromkeys(self.terms + synonyms + self.phrase))


class Synonyms:
    """Groups of words that mean the same (厌学 · 不想上学 …), from ``data/synonyms.txt``.

    One group a line, words separated by spaces, commas or 、; ``#`` starts a comment.
    A word in several groups has all their words as synonyms. Applied to queries only.
    """

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self.groups = [
            g for g in ([w for w in dict.fromkeys(normalize(w) for w in group) if _is_synonym(w)] for group in groups) if len(g) >= 2
        ]
        self.others: dict[str, list[str]] = {}
        for group in self.groups:
            for word in group:
                known = self.others.setdefault(word, [])
                known.extend(w for w in group if w != word and w not in known)

    @classmethod
    def load(cls, path: Path | None) -> Synonyms:
        lines = read_list_file(path).splitlines()  # never through a link
        return cls(_SEPARATORS.split(line.split("#", 1)[0].strip()) for line in lines)

    @property
    def words(self) -> frozenset[str]:
        return frozenset(w for w in self.others if _is_cjk_run(w))


def _is_synonym(word: str) -> bool:
    """Chinese words of two characters or more (single characters are too loose), latin words."""
    return (len(word) >= 2 and _is_cjk_run(word)) or bool(_LATIN.fullmatch(word))


_SEPARATORS = re.compile(r"[\s,，、;；/]+")


def word_terms(word: str, dictionary: Dictionary) -> list[str]:
    """The terms a whole word is found by: itself if the index keeps it whole, else its bigrams."""
    if word in dictionary.long_words or len(word) < 2 or not _is_cjk_run(word):
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


# Question words a teacher may type around what she looks for (如何缓解考试焦虑, 考试焦虑怎么办): dropped
# from a longer query, so that they are not required of every result.
QUESTION_WORDS = frozenset("如何 怎么 怎样 怎么办 怎么样 什么 什么是 哪些 为什么 有没有 有关".split())


def query_terms(query: str, dictionary: Dictionary, synonyms: Synonyms | None = None) -> Query:
    """Segment a query like a document: dictionary words whole, other Chinese as bigrams.

    Words of ``synonyms`` are found too (a query for 厌学 also asks for 不想上学); the index
    does not change. Question words are dropped from a longer query.
    """
    synonyms = synonyms or Synonyms()
    splitter = Dictionary(dictionary.words | synonyms.words | QUESTION_WORDS)
    out = Query([], [])
    for token in _TOKENS.findall(normalize(query)):
        out.marks.append(token)
        if not _is_cjk_run(token) or len(token) == 1:
            _add_piece(out, token, [token], synonyms, dictionary)
            continue
        offset, no_edge = 0, False  # no_edge: the piece before was a synonym or a dropped question word
        for piece, is_word in splitter.segment(token):
            if piece in QUESTION_WORDS and piece != token:
                offset, no_edge = offset + len(piece), True
                continue
            synonym = piece in synonyms.others
            if is_word and (len(piece) >= MIN_WORD or synonym):
                terms = word_terms(piece, dictionary)
            elif len(piece) >= 2:
                terms = [piece[i : i + 2] for i in range(len(piece) - 1)]
            else:  # one loose character: pair it with a neighbour
                start = offset - 1 if offset > 0 and not no_edge else offset
                terms = [token[start : start + 2]]
            _add_piece(out, piece, terms, synonyms, dictionary)
            if len(piece) >= 2 and piece != token:
                out.marks.append(piece)
            if offset and not synonym and not no_edge:  # a synonym's alternatives lack the written edge
                out.phrase.append(token[offset - 1 : offset + 1])
            offset, no_edge = offset + len(piece), synonym
    out.terms = list(dict.fromkeys(out.terms))
    out.marks = list(dict.fromkeys(out.marks + [w for g in out.groups for w in g.words[1:]]))
    out.phrase = [t for t in dict.fromkeys(out.phrase) if t not in out.terms]
    return out


def _add_piece(out: Query, piece: str, terms: list[str], synonyms: Synonyms, dictionary: Dictionary) -> None:
    """A synonym's piece is one group with its alternatives; any other piece's terms are a group each."""
    out.terms.extend(terms)
    if piece in synonyms.others:
        others = synonyms.others[piece]
        out.groups.append(Group([piece, *others], [terms, *(word_terms(w, dictionary) for w in others)]))
        return
    seen = {t for g in out.groups if len(g.alternatives) == 1 for t in g.alternatives[0]}
    out.groups.extend(Group([t], [[t]]) for t in dict.fromkeys(terms) if t not in seen)
