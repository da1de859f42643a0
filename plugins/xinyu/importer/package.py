"""What a .docx holds besides the text a reader sees: read from its XML parts, never copied.

Deleted revisions, comments and document properties often carry real names
(the reviewer, the student's parent in a deleted sentence, the teacher who
typed the file); they are reported as privacy findings and left behind.
Equations, embedded objects, charts and SmartArt are parts the converter drops:
the import report lists them. Heading styles (Word's, and WPS's Chinese-named
ones with numeric ids) become a style map for the converter.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 64 * 1024 * 1024  # a part larger than this is not read (zip bomb)
PROPERTY_PARTS = {
    "docProps/core.xml": {
        "creator": "作者",
        "lastModifiedBy": "最后修改者",
        "title": "标题",
        "subject": "主题",
        "description": "备注",
        "keywords": "关键词",
    },
    "docProps/app.xml": {"Company": "单位", "Manager": "经理"},
}
HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


@dataclass
class Inside:
    """The hidden and dropped parts of one document."""

    deleted: list[str] = field(default_factory=list)  # texts of tracked deletions
    comments: list[tuple[str, str]] = field(default_factory=list)  # (author, text)
    properties: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    dropped: dict[str, int] = field(default_factory=dict)  # what the converter leaves out → count
    text_boxes: int = 0
    heading_styles: dict[str, int] = field(default_factory=dict)  # style name → level (1 = top)
    wps: bool = False


def inspect(archive: zipfile.ZipFile) -> Inside:
    inside = Inside()
    names = set(archive.namelist())
    document = _part(archive, "word/document.xml") or ""
    inside.deleted = [t for t in (_texts(d, "delText") for d in re.findall(r"<w:del\b.*?</w:del>", document, re.S)) if t.strip()]
    inside.text_boxes = document.count("<w:txbxContent")
    for label, pattern in (
        ("公式", r"<m:oMath\b"),
        ("嵌入对象（如 Excel 表格、Visio 图）", r"<w:object\b|<o:OLEObject\b"),
        ("图表", r'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"'),
        ("SmartArt 图形", r'uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"'),
    ):
        count = len(re.findall(pattern, document))
        if count:
            inside.dropped[label] = count
    inside.comments = _comments(_part(archive, "word/comments.xml"))
    for part, labels in PROPERTY_PARTS.items():
        inside.properties += _properties(_part(archive, part), labels)
    custom = _part(archive, "docProps/custom.xml") or ""
    inside.wps = "KSOProductBuildVer" in custom or any(n.startswith("customXml/") and "wps" in n.lower() for n in names)
    inside.heading_styles = _heading_styles(_part(archive, "word/styles.xml"))
    return inside


def style_map(inside: Inside) -> str:
    """mammoth's style map: every heading style of this document (by its own name) to h2, h3 … (h1 is the page title)."""
    lines = []
    for name, level in sorted(inside.heading_styles.items()):
        quoted = name.replace("\\", "\\\\").replace("'", "\\'")
        lines.append(f"p[style-name='{quoted}'] => h{min(level + 1, 6)}:fresh")
    return "\n".join(lines)


def _part(archive: zipfile.ZipFile, name: str) -> str | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        return None
    return archive.read(info).decode("utf-8", errors="replace")


def _parse(xml: str | None) -> ET.Element | None:
    if not xml:
        return None
    try:
        return ET.fromstring(xml)
    except ET.ParseError:
        return None


def _texts(xml: str, tag: str) -> str:
    return "".join(re.findall(rf"<w:{tag}\b[^>]*>([^<]*)</w:{tag}>", xml))


def _comments(xml: str | None) -> list[tuple[str, str]]:
    root = _parse(xml)
    if root is None:
        return []
    return [(c.get(f"{W}author", ""), "".join(t.text or "" for t in c.iter(f"{W}t"))) for c in root.iter(f"{W}comment")]


def _properties(xml: str | None, labels: dict[str, str]) -> list[tuple[str, str]]:
    root = _parse(xml)
    if root is None:
        return []
    found = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local in labels and (element.text or "").strip():
            found.append((labels[local], element.text.strip()))
    return found


def _heading_styles(xml: str | None) -> dict[str, int]:
    """Paragraph styles that are headings: named so (Heading 2, 标题 2) or carrying an outline level."""
    root = _parse(xml)
    if root is None:
        return {}
    styles: dict[str, int] = {}
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        name_el = style.find(f"{W}name")
        name = name_el.get(f"{W}val", "") if name_el is not None else ""
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        named = HEADING_NAME.match(name.strip())
        if named and 1 <= int(named.group(1)) <= 6:
            styles[name] = int(named.group(1))
        elif outline is not None and (outline.get(f"{W}val") or "9").isdigit() and int(outline.get(f"{W}val")) < 6:
            styles[name] = int(outline.get(f"{W}val")) + 1
    return {n: lvl for n, lvl in styles.items() if n and n.lower() not in ("title", "标题")}
