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
from dataclasses import dataclass, field

from ..pipeline.store import SEARCH_KIND
from .analyze import _ATTACHED_ONLY, _QUANTIZED, Dictionary, DocumentAnalyzer, attached_only, attachment_counts, document_counts
from .document import SearchDoc, plain_text

KIND = SEARCH_KIND


@dataclass
class DocTerms:
    """One document's terms, quantized, in the order the analysis found them; and what its records show."""

    terms: list = field(default_factory=list)  # bigram codes (int) and other terms (str)
    weights: bytes = b""
    attached: list = field(default_factory=list)  # terms found only in the attachments
    attached_weights: bytes = b""
    excerpt: str = ""
    chunks: list[list[tuple[str, str]]] = field(default_factory=list)  # each attachment's text, for excerpt files

    def pack(self) -> bytes:
        return zlib.compress(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL), 1)

    @staticmethod
    def unpack(data: bytes) -> DocTerms:
        return pickle.loads(zlib.decompress(data))


def analyse(doc: SearchDoc, analyzer: DocumentAnalyzer, excerpt_chars: int) -> DocTerms:
    """The terms of a document whose text is plain and whose attachments have their text."""
    counts = document_counts(doc, analyzer)
    only = attached_only(counts, attachment_counts(doc, analyzer))
    return DocTerms(
        terms=list(counts),
        weights=_quantized(counts, _QUANTIZED),
        attached=list(only),
        attached_weights=_quantized(only, _ATTACHED_ONLY),
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
        self.used: list[str] = []

    def all(self, docs: list[SearchDoc], markdown: bool, options) -> list[DocTerms]:
        """Terms of every document; with ``markdown``, texts are stripped and attachments read here, only for those not kept."""
        from ..pipeline.keys import FileDigests, digest, owner_prefix
        from .attachments import read_attachments

        files = FileDigests()
        keys = [
            owner_prefix(doc.url) + digest(self.base, _fields(doc), [files.of(a.path) if a.path else a.chunks for a in doc.attachments])
            for doc in docs
        ]
        kept = self.store.get_many_raw(KIND, keys) if self.store is not None else {}
        todo = [doc for doc, key in zip(docs, keys, strict=True) if key not in kept]
        if markdown:
            for doc in todo:
                doc.text = plain_text(doc.text)
        read_attachments(todo, options)
        out, fresh = [], {}
        for doc, key in zip(docs, keys, strict=True):
            if key in kept:
                out.append(DocTerms.unpack(kept[key]))
                continue
            terms = analyse(doc, self.analyzer, self.excerpt_chars)
            fresh[key] = terms.pack()
            out.append(terms)
        if self.store is not None:
            self.store.put_many_raw(KIND, fresh)
            self.store.keep(KIND, keys)
        self.used = keys
        return out


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
