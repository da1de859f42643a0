"""Chinese full-text search for the library: a sharded static index and a small browser client.

The MkDocs plugin calls :func:`write_index` with one :class:`SearchDoc` per
published collection item; ``plugin/assets/search.js`` answers queries in the
browser from the files written. Nothing here imports MkDocs.
"""

from __future__ import annotations

from .analyze import Dictionary, query_terms
from .document import SearchDoc, plain_text
from .reader import Searcher
from .writer import write_index

__all__ = ["Dictionary", "SearchDoc", "Searcher", "plain_text", "query_terms", "write_index"]
