"""Attachment text for the index: the privacy guard's extractor, keeping only what a reader sees.

Runs in the indexing process (``writer.start_index``), so that reading Word, PowerPoint,
Excel and PDF files overlaps with page rendering. A scanned PDF without a text layer gives
no text and is simply not indexed (no OCR).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from .analyze import CJK
from .document import SearchAttachment, SearchDoc

INDEXED = frozenset({"docx", "pptx", "xlsx", "pdf"})  # old binary Office files give text runs too rough to show
# The guard's extractor labels each chunk by where it came from. Only these are what a reader of the file
# sees; everything else it reads for privacy (document properties, comments, tracked deletions, glossary,
# slide masters …) stays out of the index, including any part it learns to read later.
VISIBLE = re.compile(r"正文|页眉页脚|脚注|尾注|表格文字|工作表 \d+|第 \d+ (?:页|张幻灯片(?:的备注)?)")
_WRAPPED = re.compile(f"(?<=[{CJK}])\\s*\\n\\s*(?=[{CJK}])")  # a PDF line break inside a Chinese sentence
_BLANK_LINES = re.compile(r"\s*\n\s*")


def read_attachments(docs: Iterable[SearchDoc], options=None) -> None:
    """Fill in the text of every attachment that has a ``path`` and no text yet (each content read once)."""
    from ..guard.options import GuardOptions

    options = options or GuardOptions()
    seen: dict[str, list[tuple[str, str]]] = {}
    for doc in docs:
        for attachment in doc.attachments:
            if attachment.path and not attachment.chunks:
                attachment.chunks = visible_text(Path(attachment.path), options, seen, doc.url)


def visible_text(path: Path, options, seen: dict[str, list[tuple[str, str]]] | None = None, owner: str = "") -> list[tuple[str, str]]:
    """``(where, text)`` chunks a reader of the file sees; ``seen`` shares results between identical files;
    ``owner``: the address of the item the file belongs to."""
    from ..guard import read_attachment_text

    extension = path.suffix.lower().lstrip(".")
    if extension not in INDEXED:
        return []
    try:
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return []
    if seen is not None and digest in seen:
        return seen[digest]
    chunks = []
    for where, text in read_attachment_text(path, extension, options, owner).chunks:
        if not VISIBLE.fullmatch(where):
            continue
        if extension == "pdf":
            text = _WRAPPED.sub("", text)
        text = _BLANK_LINES.sub("\n", text).strip()
        if text:
            chunks.append((where, text))
    if seen is not None:
        seen[digest] = chunks
    return chunks


def attachment_text(doc: SearchDoc) -> str:
    """All of a document's attachment text, one chunk a line (what the index counts)."""
    return "\n".join(text for attachment in doc.attachments for _, text in attachment.chunks)


__all__ = ["INDEXED", "VISIBLE", "SearchAttachment", "attachment_text", "read_attachments", "visible_text"]
