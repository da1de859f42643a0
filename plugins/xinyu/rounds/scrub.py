"""Blind review: take out every name that points at the authors (their names, school, declared people).

Text: each name, longest first, becomes a neutral mark (（作者）, （学校）). Office files:
the same in every XML part, document properties emptied, comments and custom properties
dropped. Pictures: metadata (EXIF) removed. A PDF is kept only when its text names
nobody; its metadata is rewritten empty.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from html import unescape
from xml.sax.saxutils import escape

from ..guard.name_lexicon import COMPOUND_SURNAMES
from ..importer.pictures import strip_metadata

AUTHOR, SCHOOL, PERSON = "（作者）", "（学校）", "（有关人员）"
OFFICE = {"docx", "xlsx", "pptx"}
DROP_PARTS = re.compile(r"^(docProps/custom\.xml|word/comments.*\.xml|word/people\.xml|customXml/.*)$")
# A paragraph of Word (w:p), PowerPoint (a:p) or a string of Excel (si shared, is inline), and the text of its
# runs, which may be written as character references (openpyxl writes &#38472; for 陈).
PARAGRAPH = re.compile(r"<(w:p|a:p|si|is)(?:\s[^>]*)?(?<!/)>.*?</\1>", re.S)
RUN_TEXT = re.compile(r"(<(?:w:|a:)?t(?:\s[^>]*)?>)([^<]*)(?=</(?:w:|a:)?t>)")
PERSONAL_PROPS = re.compile(r"<((?:dc:creator|cp:lastModifiedBy|Company|Manager|dc:title|dc:subject|cp:keywords|dc:description))>[^<]*</\1>")


@dataclass
class Blind:
    """The names to take out of one submission, each with its replacement."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, authors: list[str], school: str, people: list[str] = (), schools: dict[str, str] | None = None) -> Blind:
        """``schools``: every way of writing a school (the school list's names and aliases) → its full name: the
        submission's school is taken out in each of its ways (区一中, 一中 for xx区第一中学)."""
        names: dict[str, str] = {}
        for person in people:
            names[person] = PERSON
        for author in authors:
            names.update(dict.fromkeys(name_forms(author), AUTHOR))
        full = (schools or {}).get(school.strip(), school.strip())
        ways = [school, *(way for way, name in (schools or {}).items() if name == full)]
        for variant in (v for way in ways for v in _school_variants(way)):
            names[variant] = SCHOOL
        return cls({k: v for k, v in names.items() if k.strip()})

    def text(self, text: str) -> str:
        if not self.names:
            return text
        pattern = re.compile("|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)))
        return pattern.sub(lambda m: self.names[m.group(0)], text)

    def found_in(self, text: str) -> list[str]:
        return [n for n in self.names if n in text]

    def xml(self, xml: str) -> str:
        """Names in the text of an XML part: first in the joined text of each paragraph (Word may split 陈思雨
        into 陈|思雨 when the text was edited or formatted; a writer may spell it &#38472;…), then anywhere
        else in the part (attributes …)."""
        if self.names:
            xml = PARAGRAPH.sub(lambda m: self._paragraph(m.group(0)), xml)
        escaped = Blind({escape(k): v for k, v in self.names.items()})
        return escaped.text(xml)

    def _paragraph(self, xml: str) -> str:
        """One paragraph (w:p, a:p, a shared string): a name spanning runs is replaced in its first run and its
        other characters removed from the runs it spans; runs and their formatting stay."""
        runs = list(RUN_TEXT.finditer(xml))
        texts = [unescape(r.group(2)) for r in runs]
        joined = "".join(texts)
        pattern = re.compile("|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)))
        found = list(pattern.finditer(joined))
        if not found:
            return xml
        owner = [i for i, text in enumerate(texts) for _ in text]  # character → its run
        out = [""] * len(texts)
        position = 0
        for m in found:
            for c in range(position, m.start()):
                out[owner[c]] += joined[c]
            out[owner[m.start()]] += self.names[m.group(0)]
            position = m.end()
        for c in range(position, len(joined)):
            out[owner[c]] += joined[c]
        pieces, last = [], 0
        for run, text in zip(runs, out, strict=True):
            pieces += [xml[last : run.start(2)], escape(text)]
            last = run.end(2)
        return "".join(pieces) + xml[last:]

    def office(self, data: bytes) -> bytes:
        """A .docx/.xlsx/.pptx without the names, its properties, comments and custom parts."""
        source = zipfile.ZipFile(io.BytesIO(data))
        dropped = {info.filename for info in source.infolist() if DROP_PARTS.match(info.filename)}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename in dropped:
                    continue
                content = source.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    text = _without_references(content.decode("utf-8", errors="replace"), info.filename, dropped)
                    if info.filename.startswith("docProps/"):
                        text = PERSONAL_PROPS.sub(lambda m: f"<{m.group(1)}></{m.group(1)}>", text)
                    text = self.xml(text)
                    content = text.encode("utf-8")
                target.writestr(info.filename, content)
        return out.getvalue()

    def attachment(self, data: bytes, extension: str) -> bytes | None:
        """The file as a reviewer may see it, or None when it cannot be made blind."""
        extension = extension.lower()
        if extension in OFFICE:
            try:
                return self.office(data)
            except (zipfile.BadZipFile, OSError, ValueError):
                return None
        if extension in ("jpg", "jpeg", "png", "gif", "webp"):
            return strip_metadata(data)
        if extension == "pdf":
            return self._pdf(data)
        if extension in ("txt", "md", "csv"):
            return self.text(data.decode("utf-8", errors="replace")).encode("utf-8")
        return None

    def _pdf(self, data: bytes) -> bytes | None:
        try:
            from pypdf import PdfReader, PdfWriter

            reader = PdfReader(io.BytesIO(data))
            text = "".join((page.extract_text() or "") for page in reader.pages[:200])
            if self.found_in(text):
                return None
            writer = PdfWriter(clone_from=reader)
            writer.metadata = None
            out = io.BytesIO()
            writer.write(out)
            return out.getvalue()
        except Exception:  # noqa: BLE001 - an unreadable PDF is left out of the packet, not a crash
            return None


RELATIONSHIP = re.compile(r'<Relationship\b[^>]*\bTarget="([^"]*)"[^>]*/>')
OVERRIDE = re.compile(r'<Override\b[^>]*\bPartName="/([^"]*)"[^>]*/>')


def _without_references(text: str, name: str, dropped: set[str]) -> str:
    """A part without its references to the dropped parts (relationships, content types), so that Word and
    python-docx still open the file: a relationship to a missing part makes it "unreadable"."""
    if not dropped:
        return text
    if name == "[Content_Types].xml":
        return OVERRIDE.sub(lambda m: "" if m.group(1) in dropped else m.group(0), text)
    if not name.endswith(".rels"):
        return text
    base = posixpath.dirname(posixpath.dirname(name))  # word/_rels/document.xml.rels → word

    def keep(m: re.Match) -> str:
        target = m.group(1)
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        return "" if path in dropped else m.group(0)

    return RELATIONSHIP.sub(keep, text)


TITLES = ("老师", "校长", "主任")  # how colleagues write a teacher's name in a case


def name_forms(name: str) -> list[str]:
    """A person's name as a case may write it: whole, and for a Chinese name of 2–4 characters the surname (欧阳 too)
    or the given name with a title (林老师, 静老师, 明月老师) and a given name of two characters alone (明月)."""
    name = name.strip()
    forms = [name]
    if not (2 <= len(name) <= 4) or name.endswith(TITLES) or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return forms
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[0]
    given = name[len(surname) :]
    forms += [part + title for part in (surname, given) for title in TITLES]
    if len(given) >= 2:
        forms.append(given)
    return forms


def _school_variants(school: str) -> list[str]:
    """xx区第一中学 → also 第一中学 (the name without its district), when that is still specific."""
    school = school.strip()
    if not school:
        return []
    variants = [school]
    short = re.sub(r"^.{1,8}?[省市区县](?=.{3,})", "", school)
    if short != school and len(short) >= 4:
        variants.append(short)
    return variants
