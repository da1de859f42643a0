"""Chinese full-text search for the library: a sharded static index and a small browser client.

The MkDocs plugin calls :func:`start_index` (another process) with one :class:`SearchDoc` per
published collection item and per site page; ``plugin/assets/search.js`` answers queries in
the browser from the files written. Nothing here imports MkDocs.
"""

from __future__ import annotations

from .analyze import Dictionary, Synonyms, query_terms
from .attachments import read_attachments
from .document import SearchAttachment, SearchDoc, plain_text
from .reader import Searcher
from .writer import start_index, write_index

__all__ = [
    "Dictionary", "SearchAttachment", "SearchDoc", "Searcher", "Synonyms", "plain_text", "query_terms", "read_attachments", "start_index",
    "write_index",
]
