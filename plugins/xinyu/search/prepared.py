"""Each document's part of the index, analysed once: kept in the build cache between builds.

Indexing a document means stripping its Markdown, reading its attachments and counting its
terms; joining the documents' terms into term shards is quick. So what one document
contributes (its terms with their weights in the order they were found, the excerpt of its
text and its attachments' text) is kept under a key made of everything it depends on: the
document's fields, its attachments' contents, the dictionary and the plugin's code. The
index written from kept parts is byte for byte the one written from scratch.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from dataclasses import dataclass, field
from itertools import accumulate

from ..pipeline.store import SEARCH_KIND
from .analyze import _ATTACHED_ONLY, _QUANTIZED, Counts, Dictionary, DocumentAnalyzer, attached_only, attachment_counts, document_counts
from .document import SearchDoc, plain_text

KIND = SEARCH_KIND
_STORE_EVERY = 500  # analyses packed before they are stored (not every document's at once)


@dataclass
class Terms:
    """Terms of one kind with their quantized weights, in the order the analysis found them.

    Bigrams (nearly every term of Chinese text) are kept apart as an ``array`` of their codes
    (analyze.bigram_code): four bytes each, where a list of ints costs forty; the other terms
    (dictionary words, latin words, single characters) are strings.
    """

    bigrams: array = field(default_factory=lambda: array("I"))
    bigram_weights: bytes = b""
    words: list[str] = field(default_factory=list)
    word_weights: bytes = b""

    def __len__(self) -> int:
        return len(self.bigrams) + len(self.words)

    @staticmethod
    def of(counts: Counts, table: list[int]) -> Terms:
        bigrams, words = counts
        return Terms(array("I", bigrams), _quantized(bigrams, table), list(words), _quantized(words, table))


@dataclass
class DocTerms:
    """One document's terms, quantized; and what its records show."""

    text: Terms = field(default_factory=Terms)  # terms of its text and fields
    attached: Terms = field(default_factory=Terms)  # terms found only in the attachments
    excerpt: str = ""
    chunks: list[list[tuple[str, str]]] = field(default_factory=list)  # each attachment's text, for excerpt files

    def pack(self) -> bytes:
        """Its strings go as UTF-8 bytes made here: pickling a str makes CPython keep a UTF-8 copy inside it for
        as long as it lives, and these (the excerpt, every word) stay in memory until the index is written."""
        text, attached = self.text, self.attached
        state = (*_packed(text), *_packed(attached), _utf8(self.excerpt), [[(_utf8(w), _utf8(t)) for w, t in c] for c in self.chunks])
        return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), 1)

    @staticmethod
    def unpack(data: bytes) -> DocTerms:
        state = pickle.loads(zlib.decompress(data))
        text, attached, (excerpt, chunks) = _unpacked(state[0:5]), _unpacked(state[5:10]), state[10:]
        return DocTerms(text, attached, _str(excerpt), [[(_str(w), _str(t)) for w, t in c] for c in chunks])


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _str(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _packed(terms: Terms) -> tuple:
    """A :class:`Terms` as picklable parts whose words are one UTF-8 string and their lengths."""
    return terms.bigrams, terms.bigram_weights, _utf8("".join(terms.words)), array("I", map(len, terms.words)), terms.word_weights


def _unpacked(parts: tuple) -> Terms:
    bigrams, bigram_weights, joined, lengths, word_weights = parts
    text, ends = _str(joined), list(accumulate(lengths))
    return Terms(bigrams, bigram_weights, list(map(text.__getitem__, map(slice, [0, *ends[:-1]], ends))), word_weights)


def analyse(doc: SearchDoc, analyzer: DocumentAnalyzer, excerpt_chars: int) -> DocTerms:
    """The terms of a document whose text is plain and whose attachments have their text."""
    counts = document_counts(doc, analyzer)
    only = attached_only(counts, attachment_counts(doc, analyzer))
    return DocTerms(
        text=Terms.of(counts, _QUANTIZED),
        attached=Terms.of(only, _ATTACHED_ONLY),
        excerpt=doc.text[:excerpt_chars],
        chunks=[list(a.chunks) for a in doc.attachments],
    )


def _quantized(counts: dict, table: list[int]) -> bytes:
    try:
        return bytes(map(table.__getitem__, counts.values()))
    except IndexError:  # a weight beyond the table: very long, very repetitive text
        return bytes(table[min(n, len(table) - 1)] for n in counts.values())


class Analysis:
    """Every document's :class:`DocTerms`: from the build cache (``store``) when kept, else made here."""

    def __init__(self, words: Dictionary, excerpt_chars: int, store=None, base: str = ""):
        self.analyzer = DocumentAnalyzer(words)
        self.excerpt_chars, self.store, self.base = excerpt_chars, store, base

    def keys(self, docs: list[SearchDoc]) -> list[str]:
        """Each document's key in the build cache: everything its analysis depends on."""
        from ..pipeline.keys import FileDigests, digest, owner_prefix

        files = FileDigests()
        return [
            owner_prefix(doc.url) + digest(self.base, _fields(doc), [files.of(a.path) if a.path else a.chunks for a in doc.attachments])
            for doc in docs
        ]

    def all(self, docs: list[SearchDoc], markdown: bool, options, keys: list[str] | None = None) -> list[DocTerms]:
        """Terms of every document; with ``markdown``, texts are stripped and attachments read here, only for those not kept."""
        if self.store is None:  # nothing kept, nothing to keep: no keys to make, nothing to pack
            self._prepare(docs, markdown, options)
            return [self._analysed(doc, markdown) for doc in docs]
        found = self.some(docs, keys or self.keys(docs), range(len(docs)), markdown, options)
        return [found[i] for i in range(len(docs))]

    def some(self, docs: list[SearchDoc], keys: list[str], wanted, markdown: bool, options) -> dict[int, DocTerms]:
        """Terms of the ``wanted`` documents (by index), from the cache or analysed (and kept)."""
        kept = self.store.get_many_raw(KIND, [keys[i] for i in wanted])
        self._prepare([docs[i] for i in wanted if keys[i] not in kept], markdown, options)
        out, fresh = {}, {}
        for i in wanted:
            if keys[i] in kept:
                out[i] = DocTerms.unpack(kept.pop(keys[i]))
                continue
            out[i] = self._analysed(docs[i], markdown)
            fresh[keys[i]] = out[i].pack()
            if len(fresh) >= _STORE_EVERY:
                self.store.put_many_raw(KIND, fresh)
                fresh = {}
        self.store.put_many_raw(KIND, fresh)
        return out

    def _analysed(self, doc: SearchDoc, markdown: bool) -> DocTerms:
        """The document's terms. With ``markdown`` the documents are the index's own (their texts are stripped in
        place: the build hands them over), and a text is let go once analysed: only its terms and excerpt are needed."""
        found = analyse(doc, self.analyzer, self.excerpt_chars)
        if markdown:
            doc.text = ""
        return found

    def keep(self, keys: list[str]) -> None:
        """The cache keeps these documents' terms and no others (once the kept index no longer needs the old ones)."""
        self.store.keep(KIND, keys)

    @staticmethod
    def _prepare(todo: list[SearchDoc], markdown: bool, options) -> None:
        """With ``markdown``, strip the texts to be analysed; read their attachments."""
        from .attachments import read_attachments

        if markdown:
            for doc in todo:
                doc.text = plain_text(doc.text)
        read_attachments(todo, options)


def _fields(doc: SearchDoc) -> list:
    return [
        doc.url,
        doc.collection,
        doc.collection_label,
        doc.title,
        doc.summary,
        doc.text,
        doc.facets,
        doc.people,
        doc.school,
        doc.tags,
        doc.date,
        [(a.title, a.url) for a in doc.attachments],
    ]
