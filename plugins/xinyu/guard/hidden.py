"""Text a file carries outside its pages: where a real name or number hides after the body is anonymised.

A reader who downloads an attachment gets all of it, so the guard reads all of it:

- Office parts: text in attributes (a picture's alt text, the author of a tracked change or a
  comment, the people of a presentation's comments), which the part text drops with the tags;
- PDF: document information (author, title, subject, keywords), XMP metadata, annotations (sticky
  notes and their authors), form field values, bookmarks, names of embedded files;
- images: PNG text chunks (tEXt, zTXt, iTXt), JPEG comments and XMP/IPTC segments, WebP XMP.

Every reader is bounded (bytes read, chunks walked, decompressed size) and returns lines of text.
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from typing import BinaryIO

# Attributes that hold words a person wrote or a person's name (w:author, descr, p:cmAuthor name …).
OFFICE_ATTRIBUTES = re.compile(r'\s(?:[\w]+:)?(?:descr|title|author|initials|userId)="([^"]+)"|<p:cmAuthor\b[^>]*?\sname="([^"]+)"')
META_LIMIT = 1024 * 1024  # bytes of one metadata chunk or segment, decompressed
MAX_CHUNKS = 4096
PRINTABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f\ufffd]{2,}")
TAGS = re.compile(r"<[^>]*>")
XML_ATTRIBUTE = re.compile(r'="([^"]{2,})"')


def office_attributes(xml: str) -> str:
    """Alt text, titles and authors written in attributes of an Office part, one a line."""
    return "\n".join(html.unescape(a or b) for a, b in OFFICE_ATTRIBUTES.findall(xml) if (a or b).strip())


def xmp_text(xml: str) -> str:
    """Element text and attribute values of an XMP packet (both forms hold dc:creator, dc:description …)."""
    values = [html.unescape(v) for v in XML_ATTRIBUTE.findall(xml) if not v.startswith(("http:", "https:", "uuid:", "xmp.", "adobe:"))]
    return "\n".join([html.unescape(TAGS.sub("\n", xml)), *values])


def pdf_hidden(reader, deadline_passed) -> list[tuple[str, str]]:
    """(where, text) of a PDF's document information, XMP, annotations, form fields, bookmarks and embedded files."""
    chunks = []
    info = reader.metadata or {}
    lines = [f"{'作者' if key == '/Author' else key.lstrip('/')}：{value}" for key, value in info.items() if isinstance(value, str)]
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        lines.append(xmp_text(root["/Metadata"].get_object().get_data()[:META_LIMIT].decode("utf-8", "replace")))
    chunks.append(("文档属性", "\n".join(lines)))
    notes = []
    for number, page in enumerate(reader.pages, 1):
        if deadline_passed():
            break
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            notes += [f"第 {number} 页：{annot[key]}" for key in ("/T", "/Contents", "/Subj") if isinstance(annot.get(key), str)]
    chunks.append(("批注", "\n".join(notes)))
    fields = reader.get_fields() or {}
    chunks.append(("表单", "\n".join(f"{name}：{field.get('/V')}" for name, field in fields.items() if isinstance(field.get("/V"), str))))
    chunks.append(("书签", "\n".join(_outline_titles(reader.outline))))
    chunks.append(("嵌入文件", "\n".join(str(name) for name in (reader.attachments or {}))))
    return [(where, text) for where, text in chunks if text.strip()]


def _outline_titles(outline, depth: int = 0) -> list[str]:
    titles = []
    for entry in outline[:MAX_CHUNKS] if depth < 8 else []:
        if isinstance(entry, list):
            titles += _outline_titles(entry, depth + 1)
        elif getattr(entry, "title", None):
            titles.append(str(entry.title))
    return titles


def image_text(handle: BinaryIO) -> str:
    """Text chunks and segments of a PNG, JPEG or WebP image (EXIF is read by exifread)."""
    head = handle.read(12)
    handle.seek(0)
    if head.startswith(b"\x89PNG"):
        parts = _png_text(handle)
    elif head.startswith(b"\xff\xd8"):
        parts = _jpeg_text(handle)
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        parts = _webp_text(handle)
    else:
        parts = []
    return "\n".join(part for part in parts if part.strip())


def _png_text(handle: BinaryIO) -> list[str]:
    return [_png_chunk(kind, data) for kind, data in _chunks(handle, 8, ">I4s", {b"tEXt", b"zTXt", b"iTXt"})]


def _chunks(handle: BinaryIO, start: int, header: str, wanted: set[bytes]) -> list[tuple[bytes, bytes]]:
    """(kind, first bytes) of the wanted chunks of a PNG (length, kind; CRC after) or a RIFF/WebP (kind, length; padded)."""
    handle.seek(start)
    found = []
    for _ in range(MAX_CHUNKS):
        head = handle.read(8)
        if len(head) < 8:
            break
        first, second = struct.unpack(header, head)
        length, kind, after = (first, second, 4) if header.startswith(">") else (second, head[:4], second % 2)
        data = handle.read(min(length, META_LIMIT)) if kind in wanted else b""
        handle.seek(length - len(data) + after, 1)
        if kind in wanted:
            found.append((kind, data))
    return found


def _png_chunk(kind: bytes, data: bytes) -> str:
    keyword, _, rest = data.partition(b"\x00")
    if kind == b"tEXt":
        return rest.decode("latin-1")
    if kind == b"zTXt":
        return _inflate(rest[1:]).decode("latin-1")
    compressed, rest = rest[:1] == b"\x01", rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    translated, _, text = rest.partition(b"\x00")
    text = _inflate(text) if compressed else text
    return "\n".join(part.decode("utf-8", "replace") for part in (translated, text))


def _inflate(data: bytes) -> bytes:
    """At most META_LIMIT bytes of a deflate stream (a small chunk cannot unpack into gigabytes)."""
    try:
        return zlib.decompressobj().decompress(data, META_LIMIT)
    except zlib.error:
        return b""


def _jpeg_text(handle: BinaryIO) -> list[str]:
    """COM segments and APPn segments other than EXIF (APP1 XMP, APP13 IPTC …), up to the image data."""
    handle.seek(2)
    parts = []
    for _ in range(MAX_CHUNKS):
        marker = handle.read(4)
        if len(marker) < 4 or marker[0] != 0xFF or marker[1] in (0xDA, 0xD9):
            break
        length = struct.unpack(">H", marker[2:])[0] - 2
        data = handle.read(min(max(length, 0), META_LIMIT))
        handle.seek(max(0, length - META_LIMIT), 1)
        if marker[1] == 0xFE or (0xE1 <= marker[1] <= 0xEF and marker[1] != 0xE2 and not data.startswith(b"Exif\x00")):
            parts.append(_segment_text(data))
    return parts


def _webp_text(handle: BinaryIO) -> list[str]:
    return [_segment_text(data) for _, data in _chunks(handle, 12, "<4sI", {b"XMP "})]


def _segment_text(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    if "<x:xmpmeta" in text or "<rdf:" in text:
        return xmp_text(text[text.find("<") :])
    return "\n".join(PRINTABLE.findall(text))
