"""Attachment text by file content: read once, for both the privacy check and the search index.

Both read every attachment (Word, PowerPoint, Excel, PDF, a photo's EXIF). With a build cache
the text is kept under the file's digest, so the other reader, and the next run, find it there.
A result cut short by the time limit is not kept (another run may finish in time).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .keys import FileDigests, code_digest, digest, owner_prefix
from .store import EXTRACT_KIND, Store

KIND = EXTRACT_KIND
MEMO = 256


class Extracts:
    """``guard.read_attachment_text`` backed by the build cache (see :func:`install`)."""

    def __init__(self, store: Store | None):
        self.store, self.files = store, FileDigests()
        self.memo: dict[str, Any] = {}

    def __call__(self, path: Path, extension: str, options, read, owner: str = "") -> Any:
        key = extract_key(owner, self.files.of(path), extension, options)
        if key is None:
            return read(path, extension, options)
        if key in self.memo:
            return self.memo[key]
        # A store closed since (its build ended, or serve moved to another site) is no cache any more: read.
        store = self.store if self.store is not None and not self.store.closed else None
        found = store.get(KIND, key) if store is not None else None
        if found is None:
            found = read(path, extension, options)
            if store is not None and not found.incomplete:
                store.put(KIND, key, found)
        if len(self.memo) >= MEMO:
            self.memo.clear()
        self.memo[key] = found
        return found


def extract_key(owner: str, file_digest: str | None, extension: str, options) -> str | None:
    """The key of a file's extracted text (None for a file that is not a regular file); ``owner`` is the
    address of the item whose file it is, so that a withdrawn item's texts can be dropped."""
    if not file_digest or file_digest.startswith(("link:", "dir", "other")):
        return None
    return owner_prefix(owner) + digest(code_digest(), file_digest, extension, options.extract_chars, options.extract_seconds)


def install(store: Store | None) -> None:
    """Make the guard (and the search index, which reads through it) use the build cache in this process."""
    from .. import guard

    guard.set_extractor(Extracts(store) if store is not None else None)
