"""The text of an attachment, as labelled chunks (第 3 页, 第 2 张幻灯片…), within bounds.

OOXML parts are read with zipfile and turned into text with regular
expressions rather than an XML parser: no entity expansion, no external
references, linear time on any input. PDFs go through pypdf page by page
under a deadline. Old binary Office files give up their UTF-16 text runs.
Every reader returns what it could get; none raises on a malformed file.
"""

from __future__ import annotations

import html
import logging
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .options import GuardOptions

PART_LIMIT = 20 * 1024 * 1024
BREAKS = re.compile(r"</(?:w:p|a:p|si|c|row|dc:creator|cp:lastModifiedBy)>|<(?:w:br|w:cr|a:br)\b[^>]*/?>")
TABS = re.compile(r"<w:tab\b[^>]*/?>")
TAGS = re.compile(r"<[^>]*>")
# ASCII, CJK ideographs (U+4E00–9FFF), CJK punctuation (U+30xx) and full-width forms (U+FFxx) in UTF-16LE
UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00|[\x00-\xff][\x4e-\x9f\x30\xff]){6,}")
SLIDE = re.compile(r"ppt/(slides|notesSlides)/(?:slide|notesSlide)(\d+)\.xml$")
SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml$")
WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
WORD_LABELS = {"document": "正文", "footnotes": "脚注", "endnotes": "尾注", "comments": "批注"}


@dataclass
class Extracted:
    """Text chunks of one file, each with where it came from; ``incomplete`` if bounds were hit."""

    chunks: list[tuple[str, str]] = field(default_factory=list)
    incomplete: str = ""
    chars: int = 0

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
    """All the text that can be read from an attachment, never raising."""
    reader = {
        "docx": _docx,
        "pptx": _pptx,
        "xlsx": _xlsx,
        "pdf": _pdf,
        "doc": _binary_office,
        "ppt": _binary_office,
        "xls": _binary_office,
    }.get(extension)
    out = Extracted()
    if reader is None:
        return out
    try:
        reader(path, out, options)
    except Exception as exc:  # noqa: BLE001 - untrusted files: any parser error means "could not read"
        out.incomplete = f"文件无法完整读取（{type(exc).__name__}）"
    return out


def xml_text(xml: str) -> str:
    """Paragraphs and cells on their own lines, tags dropped, entities decoded (not expanded)."""
    text = TABS.sub(" ", xml)
    text = BREAKS.sub("\n", text)
    return html.unescape(TAGS.sub("", text))


def _read_parts(path: Path, out: Extracted, options: GuardOptions, label) -> None:
    """Each part whose name ``label`` accepts (returning a label), in document order."""
    with zipfile.ZipFile(path) as archive:
        chosen = [(label(info.filename), info) for info in archive.infolist()]
        chosen = sorted(((where, info) for where, info in chosen if where), key=lambda item: _natural(item[1].filename))
        for where, info in chosen:
            if info.file_size > PART_LIMIT:
                out.incomplete = "部分内容太大，未检查"
                continue
            with archive.open(info) as part:
                xml = part.read(PART_LIMIT).decode("utf-8", "replace")
            if not out.add(where, xml_text(xml), options.extract_chars):
                return


def _natural(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _docx(path: Path, out: Extracted, options: GuardOptions) -> None:
    def label(name: str) -> str:
        if name == "docProps/core.xml":
            return "文档属性"
        m = WORD_PARTS.match(name)
        return WORD_LABELS.get(m.group(1), "页眉页脚") if m else ""

    _read_parts(path, out, options, label)


def _pptx(path: Path, out: Extracted, options: GuardOptions) -> None:
    def label(name: str) -> str:
        if name == "docProps/core.xml":
            return "文档属性"
        m = SLIDE.match(name)
        return (f"第 {m.group(2)} 张幻灯片" + ("的备注" if m.group(1) == "notesSlides" else "")) if m else ""

    _read_parts(path, out, options, label)


def _xlsx(path: Path, out: Extracted, options: GuardOptions) -> None:
    def label(name: str) -> str:
        if name == "docProps/core.xml":
            return "文档属性"
        if name == "xl/sharedStrings.xml":
            return "表格文字"
        m = SHEET.match(name)
        return f"工作表 {m.group(1)}" if m else ""

    _read_parts(path, out, options, label)


def _pdf(path: Path, out: Extracted, options: GuardOptions) -> None:
    """Page by page, stopping at the deadline or the character budget."""
    from pypdf import PdfReader

    deadline = time.monotonic() + options.extract_seconds
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        out.incomplete = "PDF 设置了密码"
        return
    for number, page in enumerate(reader.pages, 1):
        if time.monotonic() > deadline:
            out.incomplete = f"读取超时，只检查了前 {number - 1} 页"
            return
        if not out.add(f"第 {number} 页", page.extract_text() or "", options.extract_chars):
            return


def _binary_office(path: Path, out: Extracted, options: GuardOptions) -> None:
    """Word/PowerPoint/Excel 97–2003 keep most text as UTF-16 runs: good enough to find numbers and names."""
    with open(path, "rb") as handle:
        data = handle.read(PART_LIMIT)
    runs = [m.group().decode("utf-16-le", "ignore") for m in UTF16_RUN.finditer(data)]
    out.add("文档文字", "\n".join(runs), options.extract_chars)
