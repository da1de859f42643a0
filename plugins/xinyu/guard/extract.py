"""The text of an attachment, as labelled chunks (第 3 页, 第 2 张幻灯片…), within bounds.

OOXML parts are read with zipfile and turned into text with regular
expressions rather than an XML parser: no entity expansion, no external
references, linear time on any input. Every part that can hold text is read,
not only the body: headers and footers, comments, notes, glossary, masters,
document properties (author, last modified by); a Word document's tracked
deletions come as their own chunk (修订中删除的文字), since a teacher who
anonymised with track changes on still has the real name in the file. PDFs go
through pypdf page by page under a deadline. Old binary Office files give up
their UTF-16 text runs. Photos give up their EXIF text (artist, camera owner,
description) as text and a GPS position as a flag. Every reader returns what
it could get; none raises on a malformed file.
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import media
from .hidden import image_text, office_attributes, pdf_hidden
from .options import GuardOptions

PART_LIMIT = 20 * 1024 * 1024
BREAKS = re.compile(r"</(?:w:p|a:p|si|c|row|dc:creator|cp:lastModifiedBy)>|<(?:w:br|w:cr|a:br)\b[^>]*/?>")
TABS = re.compile(r"<w:tab\b[^>]*/?>")
TAGS = re.compile(r"<[^>]*>")
# ASCII, CJK ideographs (U+4E00–9FFF), CJK punctuation (U+30xx) and full-width forms (U+FFxx) in UTF-16LE
UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00|[\x00-\xff][\x4e-\x9f\x30\xff]){6,}")
SLIDE = re.compile(r"ppt/(slides|notesSlides)/(?:slide|notesSlide)(\d+)\.xml$")
SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml$")
WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments|glossary/document)\.xml$")
WORD_LABELS = {"document": "正文", "footnotes": "脚注", "endnotes": "尾注", "comments": "批注", "glossary/document": "文档部件"}
# Parts that hold no contributor text (formatting, relationships, themes, fonts): not read.
NOT_TEXT = re.compile(
    r"(^|/)(_rels/|\[Content_Types\]|theme/|styles|stylesWithEffects|settings|webSettings|fontTable|numbering|"
    r"presProps|viewProps|tableStyles|calcChain|printerSettings|customXml/itemProps|fonts/|media/|embeddings/)"
)
# A relationship to something outside the file (a hyperlink's address: mailto:…, a web page): what a reader clicks.
EXTERNAL_TARGET = re.compile(r'<Relationship\b(?=[^>]*TargetMode="External")[^>]*\bTarget="([^"]*)"')
# Document properties that name a person: read as “作者：…”, so that the name check sees a name there.
PERSON_PROPERTIES = re.compile(r"<(?:dc:creator|cp:lastModifiedBy|Manager|Author)\b[^>]*>")
# A Word document's tracked deletions (and text moved away): the words a reviewer no longer sees.
DELETED = re.compile(r"<w:(del|moveFrom)\b[^>]*>.*?</w:\1>", re.S)
HIDDEN = "图片说明与作者"  # alt text and authors, from attributes: read for privacy, never indexed for search
EMBEDDED = re.compile(r"(?:^|/)(?:media|embeddings)/[^/]+\.(\w+)$")
PHOTOS = frozenset("jpg jpeg png webp tif tiff heic heif".split())
EXIF_PERSON = ("Image Artist", "Image XPAuthor", "EXIF CameraOwnerName", "Image CameraOwnerName")
EXIF_TEXT = (
    "Image Copyright",
    "Image ImageDescription",
    "Image XPComment",
    "Image XPTitle",
    "Image XPSubject",
    "Image XPKeywords",
    "EXIF UserComment",
)


@dataclass
class Extracted:
    """Text chunks of one file, each with where it came from; ``incomplete`` if bounds were hit."""

    chunks: list[tuple[str, str]] = field(default_factory=list)
    incomplete: str = ""
    chars: int = 0
    flags: list[str] = field(default_factory=list)
    nested: bool = False  # the text of a file embedded in another (not read further down)  # personal data that is not text, e.g. a photo's GPS position

    def add(self, where: str, text: str, limit: int) -> bool:
        room = limit - self.chars
        if room <= 0:
            self.incomplete = self.incomplete or "文字太多，只检查了前面部分"
            return False
        if text.strip():
            self.chunks.append((where, text[:room]))
            self.chars += min(len(text), room)
        return True


def extract_text(path: Path, extension: str, options: GuardOptions) -> Extracted:
    """All the text that can be read from an attachment, never raising.

    Returns ``Extracted``: ``chunks`` is a list of ``(where, text)`` (where: 正文, 页眉页脚, 批注, 文档属性,
    修订中删除的文字, 第 3 页, 第 2 张幻灯片, 照片信息…); ``incomplete`` says why not everything was read; ``flags``
    lists personal data found that is not text (a photo's GPS position), as Chinese phrases. Indexing for search
    may use every chunk but 修订中删除的文字 and 文档属性, which a reader of the file does not see.
    """
    reader = _reader(extension)
    out = Extracted()
    if reader is None:
        return out
    try:
        reader(path, out, options)
    except Exception as exc:  # noqa: BLE001 - untrusted files: any parser error means "could not read"
        out.incomplete = f"文件无法完整读取（{type(exc).__name__}）"
    return out


def _reader(extension: str):
    readers = {
        "docx": _docx,
        "pptx": _pptx,
        "xlsx": _xlsx,
        "pdf": _pdf,
        "doc": _binary_office,  # refused as attachments (attachments.OLD_OFFICE); read when embedded in a docx/pptx/xlsx
        "ppt": _binary_office,
        "xls": _binary_office,
        "mp3": _mp3,
        "mp4": _mp4,
        "m4a": _mp4,
        "mov": _mp4,
        "gif": _gif,
        "zip": _zip,
    }
    return readers.get(extension) or (_photo if extension in PHOTOS else None)


def _source(path):
    """A path or the bytes of a file embedded in another (read from memory)."""
    return io.BytesIO(path.getvalue()) if isinstance(path, io.BytesIO) else open(path, "rb")  # noqa: SIM115 - closed by the caller's with


def xml_text(xml: str) -> str:
    """Paragraphs and cells on their own lines, tags dropped, entities decoded (not expanded)."""
    text = TABS.sub(" ", xml)
    text = BREAKS.sub("\n", text)
    return html.unescape(TAGS.sub("", text))


def _read_parts(path: Path, out: Extracted, options: GuardOptions, label) -> None:
    """Every part that can hold text, main text first; ``label`` names a known part (others get a generic label)."""
    with zipfile.ZipFile(path) as archive:
        parts = [info for info in archive.infolist() if info.filename.endswith(".xml") and not NOT_TEXT.search(info.filename)]
        chosen = sorted(((label(info.filename), info) for info in parts), key=lambda item: (not item[0], _natural(item[1].filename)))
        for where, info in chosen:
            if info.file_size > PART_LIMIT:
                out.incomplete = "部分内容太大，未检查"
                continue
            with archive.open(info) as part:
                xml = part.read(PART_LIMIT).decode("utf-8", "replace")
            if not _add_part(out, where or _part_label(info.filename), xml, options):
                return
        links = [unquote(html.unescape(m.group(1))) for info in archive.infolist() if info.filename.endswith(".rels") for m in
                 EXTERNAL_TARGET.finditer(archive.read(info)[:PART_LIMIT].decode("utf-8", "replace"))]
        if links and not out.add("中的链接地址", "\n".join(links), options.extract_chars):
            return
        if not out.nested:
            _read_embedded(archive, out, options)


def _read_embedded(archive: zipfile.ZipFile, out: Extracted, options: GuardOptions) -> None:
    """Files inside the document (an embedded workbook, a pasted photo), one level deep, read like attachments."""
    for info in archive.infolist():
        m = EMBEDDED.search(info.filename)
        reader = _reader(m.group(1).lower()) if m else None
        if reader is None or info.file_size > PART_LIMIT:
            continue
        inner = Extracted(nested=True)
        try:
            reader(io.BytesIO(archive.read(info)), inner, options)
        except Exception:  # noqa: BLE001 - see extract_text
            out.incomplete = out.incomplete or "嵌入的文件无法完整读取"
        name = info.filename.rsplit("/", 1)[-1]
        out.flags += [f"中嵌入的“{name}”{flag}" for flag in inner.flags]
        for where, text in inner.chunks:
            if not out.add(f"中嵌入的“{name}”{where}", text, options.extract_chars):
                return


def _add_part(out: Extracted, where: str, xml: str, options: GuardOptions) -> bool:
    if where == "文档属性":
        xml = PERSON_PROPERTIES.sub("\n作者：", xml)
    deleted = [m.group() for m in DELETED.finditer(xml)] if "<w:del" in xml or "<w:moveFrom" in xml else []
    if deleted:
        xml = DELETED.sub("", xml)
        if not out.add("修订中删除的文字", "\n".join(xml_text(d) for d in deleted), options.extract_chars):
            return False
    return out.add(where, xml_text(xml), options.extract_chars) and out.add(HIDDEN, office_attributes(xml), options.extract_chars)


def _part_label(name: str) -> str:
    if name.startswith("docProps/"):
        return "文档属性"
    if "comment" in name.lower():
        return "批注"
    return f"文件内部分“{name}”"


def _natural(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _docx(path: Path, out: Extracted, options: GuardOptions) -> None:
    def label(name: str) -> str:
        m = WORD_PARTS.match(name)
        return WORD_LABELS.get(m.group(1), "页眉页脚") if m else ""

    _read_parts(path, out, options, label)


def _pptx(path: Path, out: Extracted, options: GuardOptions) -> None:
    def label(name: str) -> str:
        m = SLIDE.match(name)
        return (f"第 {m.group(2)} 张幻灯片" + ("的备注" if m.group(1) == "notesSlides" else "")) if m else ""

    _read_parts(path, out, options, label)


def _xlsx(path: Path, out: Extracted, options: GuardOptions) -> None:
    def label(name: str) -> str:
        if name == "xl/sharedStrings.xml":
            return "表格文字"
        m = SHEET.match(name)
        return f"工作表 {m.group(1)}" if m else ""

    _read_parts(path, out, options, label)


def _photo(path: Path, out: Extracted, options: GuardOptions) -> None:
    """EXIF of a photo: who took or owns it and what it says (as text), and where it was taken (a flag)."""
    import exifread

    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    with _source(path) as handle:
        tags = exifread.process_file(handle, details=False, extract_thumbnail=False)
    lines = [f"作者：{_exif_value(tags[key])}" for key in EXIF_PERSON if key in tags]
    lines += [_exif_value(tags[key]) for key in EXIF_TEXT if key in tags]
    out.add("照片信息", "\n".join(line for line in lines if line.strip(" 作者：")), options.extract_chars)
    with _source(path) as handle:
        out.add("图片中的文字信息", image_text(handle), options.extract_chars)
    if any(key.startswith("GPS ") and key != "GPS GPSVersionID" for key in tags):
        out.flags.append("含拍摄地点（GPS 位置）")


def _exif_value(tag) -> str:
    """Text of an EXIF tag; Windows' XP* tags are UTF-16 bytes."""
    values = getattr(tag, "values", "")
    if isinstance(values, list) and values and all(isinstance(v, int) for v in values):
        return bytes(v & 0xFF for v in values).decode("utf-16-le", "ignore").rstrip("\x00")
    return str(values if isinstance(values, str) else getattr(tag, "printable", "")).strip("\x00 ")


def _pdf(path: Path, out: Extracted, options: GuardOptions) -> None:
    """Page by page, stopping at the deadline or the character budget."""
    from pypdf import PdfReader

    deadline = time.monotonic() + options.extract_seconds
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(path if isinstance(path, io.BytesIO) else str(path), strict=False)
    if reader.is_encrypted:
        out.incomplete = "PDF 设置了密码"
        return
    for where, text in pdf_hidden(reader, lambda: time.monotonic() > deadline):
        out.add(where, text, options.extract_chars)
    for number, page in enumerate(reader.pages, 1):
        if time.monotonic() > deadline:
            out.incomplete = f"读取超时，只检查了前 {number - 1} 页"
            return
        if not out.add(f"第 {number} 页", page.extract_text() or "", options.extract_chars):
            return
        notes = _pdf_annotations(page)
        if notes and not out.add(f"第 {number} 页的批注和链接", notes, options.extract_chars):
            return


def _pdf_annotations(page) -> str:
    """A page's annotations as a reader opens them: a note's text and author, a link's address (mailto:…)."""
    found = []
    for annotation in page.get("/Annots") or []:
        try:
            note = annotation.get_object()
            action = note.get("/A")
            action = action.get_object() if action is not None else {}
            found += [str(note.get(key)) for key in ("/Contents", "/T", "/Subj") if note.get(key)]
            if action.get("/URI"):
                found.append(unquote(str(action.get("/URI"))))
        except Exception:  # noqa: BLE001 - a broken annotation: the rest of the page is still read
            continue
    return "\n".join(found)


def _media(parse, label: str):
    def read(path: Path, out: Extracted, options: GuardOptions) -> None:
        with _source(path) as handle:
            found = parse(handle)
        out.add(label, found.text(), options.extract_chars)
        if found.gps:
            out.flags.append("含拍摄地点（GPS 位置）")
        if found.unread:
            out.incomplete = out.incomplete or found.unread
        for number, picture in enumerate(found.pictures[:8], 1):
            inner = Extracted(nested=True)
            _photo(io.BytesIO(picture), inner, options)
            out.flags += [f"的封面图片{flag}" for flag in inner.flags]
            for where, text in inner.chunks:
                out.add(f"封面图片 {number} 的{where}", text, options.extract_chars)

    return read


_mp3 = _media(media.mp3_text, "音频信息（标题、歌手、注释等）")
_mp4 = _media(media.mp4_text, "视频信息（标题、作者、注释等）")
_gif = _media(media.gif_text, "图片中的文字信息")


def _zip(path: Path, out: Extracted, options: GuardOptions) -> None:
    """A zip of attachments: its files' names, then each file read as an attachment of its own (the policy has
    refused passwords, nested archives, other types and sizes beyond MEMBER_LIMIT; this reads within them too)."""
    from .attachments import MAX_ARCHIVE_MEMBERS, MEMBER_LIMIT

    deadline = time.monotonic() + options.extract_seconds * 3
    with zipfile.ZipFile(path) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()][:MAX_ARCHIVE_MEMBERS]
        out.add("中的文件名", "\n".join(info.filename for info in members), options.extract_chars)
        for info in members:
            name = info.filename
            reader = _reader(name.rsplit(".", 1)[-1].lower() if "." in name else "")
            if reader is None or reader is _zip or info.flag_bits & 0x1 or info.file_size > MEMBER_LIMIT:
                out.incomplete = out.incomplete or f"中的“{name}”无法读取"
                continue
            if time.monotonic() > deadline:
                out.incomplete = "读取超时，压缩包中只检查了部分文件"
                return
            inner = Extracted()
            try:
                with archive.open(info) as part:
                    reader(io.BytesIO(part.read(MEMBER_LIMIT)), inner, options)
            except Exception as exc:  # noqa: BLE001 - see extract_text
                inner.incomplete = inner.incomplete or f"无法完整读取（{type(exc).__name__}）"
            if inner.incomplete:
                out.incomplete = out.incomplete or f"中的“{name}”{inner.incomplete}"
            out.flags += [f"中的“{name}”{flag}" for flag in inner.flags]
            for where, text in inner.chunks:
                if not out.add(f"中的“{name}”{where}", text, options.extract_chars):
                    return


def _binary_office(path: Path, out: Extracted, options: GuardOptions) -> None:
    """Word/PowerPoint/Excel 97–2003 keep most text as UTF-16 runs: good enough to find numbers and names."""
    with _source(path) as handle:
        data = handle.read(PART_LIMIT)
    runs = [m.group().decode("utf-16-le", "ignore") for m in UTF16_RUN.finditer(data)]
    out.add("文档文字", "\n".join(runs), options.extract_chars)
