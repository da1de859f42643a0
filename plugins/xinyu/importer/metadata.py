"""Read what a submission states about itself, and give its sections their headings.

Works on the converter's tree (top-level ``p``, ``h2``…, ``ul``, ``ol``, ``table``):
the 申报表 cover table and the opening lines (title, ``作者：…　单位：…``,
``xx学校 张老师``, a date) become metadata and leave the body; section titles
that are only bold, or numbered the Chinese way (一、 （一） 1.), become headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LABELS = {
    "title": r"案例(名称|题目)|题目|标题|名称|课题名称|成果名称",
    "authors": r"作者(姓名)?|姓名|申报人|执笔人?|撰写人|教师姓名|主持人",
    "school": r"(作者|所在|工作)?单位|学校(名称)?|所在学校",
    "grade": r"(适用|学生)?(学段|年级)",
    "type": r"案例(类型|类别)|类型|类别",
    "topics": r"(案例|所属)?主题(领域)?|领域",
    "tags": r"关键[词字]",
    "date": r"(填表|完成|撰写)?(日期|时间)",
    "consent": r".*同意.*",
    "contact": r"(联系)?(电话|手机|邮箱|方式)|E-?mail|QQ|微信",
}
LABEL_RE = {key: re.compile(rf"^\s*(?:{rx})\s*[：:]?\s*$", re.I) for key, rx in LABELS.items()}
AUTHOR_LINE = re.compile(
    r"^(?:作\s*者|执\s*笔\s*人?|撰\s*写\s*人)\s*[：:]\s*(?P<authors>.+?)"
    r"(?:[\s\u3000]*(?:单\s*位|学\s*校|工作单位)\s*[：:]\s*(?P<school>.+))?$"
)
SCHOOL_LINE = re.compile(r"^(?:(?:作者|工作|所在)?单\s*位|学\s*校)\s*[：:]\s*(?P<school>.+)$")
SCHOOL_WORDS = r"(?:学校|中学|小学|学院|幼儿园|中心|高中|初中|职高|一中|二中|三中|分校|校区)"
SCHOOL_NAME_LINE = re.compile(
    rf"^(?P<school>[^\s：:，,]{{2,30}}?{SCHOOL_WORDS})[\s\u3000]+(?P<authors>[\u4e00-\u9fff·]{{2,5}}(?:[、，,\s\u3000]+[\u4e00-\u9fff·]{{2,5}})*)$"
)
DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})\s*(?:[月./\-]\s*(?:(\d{1,2})\s*日?)?)?")
FORM_TITLE = re.compile(r"申报表|评选表|登记表|推荐表")
H2 = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+(?:部分|章|节))")
H3 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
H4 = re.compile(r"^(?:\d{1,2}\s*[、.．](?!\d)|[（(]\d{1,2}[)）])")
SENTENCE_END = re.compile(r"[。；;！!？?，,：:]$")
PSEUDONYM = re.compile(r"小[A-Z](?![A-Za-z])|(?<![A-Za-z])[A-Z](?:同学|妈妈|爸爸|老师)")
PSEUDONYM_HAN = re.compile(r"小([\u4e00-\u9fff])(?=[，。、的是在说和也就又还每对把被])")
NOT_NAMES = set("学组时结事的说心孩朋伙班型队测升姐于小区团部块步品样")
SPLIT = re.compile(r"[、，,；;\s\u3000]+")
FOOTNOTE_MARK = re.compile(r"\s?\[\d+\]")  # mammoth's text of a footnote reference


@dataclass
class Found:
    """What the document states; empty where it says nothing."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    school: str = ""
    date: str = ""
    cover: dict[str, str] = field(default_factory=dict)  # 申报表 fields: grade, type, topics, tags, consent
    pseudonyms: list[str] = field(default_factory=list)
    contact_dropped: bool = False
    lead: str = ""  # the body's first paragraph as a reader sees it (the summary starts from it)


def text_of(element: ET.Element) -> str:
    return re.sub(r"[\s\u3000]+", " ", "".join(element.itertext())).strip()


def read_metadata(root: ET.Element) -> Found:
    """Fill a Found from the tree, removing the blocks it came from; then promote section titles."""
    found = Found()
    _cover_table(root, found)
    _opening_lines(root, found)
    promote_headings(root)
    body = " ".join(text_of(e) for e in root)
    found.pseudonyms = _pseudonyms(body)
    found.lead = next((t for t in (_words(e) for e in root if e.tag == "p") if t), "")
    return found


def _words(paragraph: ET.Element) -> str:
    """A paragraph's text without its footnote marks: the document's words, not Markdown (no escapes, no link targets)."""
    marks = [a for a in paragraph.iter("a") if a.get("href", "").startswith("#footnote-")]
    return FOOTNOTE_MARK.sub("", text_of(paragraph)) if marks else text_of(paragraph)


def _cover_table(root: ET.Element, found: Found) -> None:
    """The first table whose cells are mostly form labels (案例名称 | …, 学段 | …)."""
    for position, table in enumerate(list(root)[:12]):
        if table.tag != "table":
            continue
        pairs = _label_pairs(table)
        if len(pairs) < 2:
            continue
        for key, value in pairs:
            if key == "contact":
                found.contact_dropped = True
            elif key in ("title", "school", "date") and not getattr(found, key):
                setattr(found, key, _date(value) if key == "date" else value)
            elif key == "authors" and not found.authors:
                found.authors = _names(value)
            elif key not in ("title", "school", "date", "authors"):
                found.cover.setdefault(key, value)
        before = list(root)[position - 1] if position else None
        root.remove(table)
        if before is not None and before.tag == "p" and FORM_TITLE.search(text_of(before)):
            root.remove(before)
        return


def _label_pairs(table: ET.Element) -> list[tuple[str, str]]:
    """(field, value) from rows of label/value cells, two or four columns wide."""
    pairs = []
    for row in table.iter("tr"):
        cells = [text_of(c) for c in row if c.tag in ("td", "th")]
        for i in range(0, len(cells) - 1, 2):
            key = next((k for k, rx in LABEL_RE.items() if rx.match(cells[i])), None)
            if key and cells[i + 1]:
                pairs.append((key, cells[i + 1]))
    return pairs


def _opening_lines(root: ET.Element, found: Found) -> None:
    """Title, author and school lines, and a date, among the first paragraphs before the first section."""
    for block in list(root)[:10]:
        if block.tag in ("table", "ul", "ol") or (block.tag in HEADINGS and found.title):
            break
        text = text_of(block)
        if not text:
            root.remove(block)
            continue
        if H2.match(text) or H3.match(text):
            break
        title = text.strip("《》 ")
        if _stated(text, found) or (FORM_TITLE.search(text) and len(text) < 40):
            root.remove(block)
        elif _is_title(block, text) and (not found.title or title == found.title):
            found.title = title
            root.remove(block)
        else:
            break


def _is_title(block: ET.Element, text: str) -> bool:
    return block.tag in HEADINGS or (len(text) <= 60 and not SENTENCE_END.search(text))


def _stated(text: str, found: Found) -> bool:
    """An author, school or date line: recorded in ``found``; True when the line says nothing else."""
    match = AUTHOR_LINE.match(text)
    if match:
        found.authors = found.authors or _names(match.group("authors"))
        found.school = found.school or (match.group("school") or "").strip()
        return True
    match = SCHOOL_LINE.match(text)
    if match:
        found.school = found.school or match.group("school").strip()
        return True
    match = SCHOOL_NAME_LINE.match(text)
    if match:
        found.school = found.school or match.group("school")
        found.authors = found.authors or _names(match.group("authors"))
        return True
    date = DATE_RE.search(text)
    if date and len(text) <= 24 and len(DATE_RE.sub("", text).strip(" 　()（）完成于撰写日期时间：:")) <= 2:
        found.date = found.date or _date(text)
        return True
    return False


def _names(text: str) -> list[str]:
    return [n for n in (part.strip("　 ") for part in SPLIT.split(text)) if n]


def _date(text: str) -> str:
    match = DATE_RE.search(text)
    if not match:
        return ""
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    if not 1 <= month <= 12:
        return ""
    return f"{year}-{month:02d}-{int(day):02d}" if day and 1 <= int(day) <= 31 else f"{year}-{month:02d}"


# -- section titles -------------------------------------------------------------------------


def promote_headings(root: ET.Element) -> None:
    """Bold-only or Chinese-numbered section lines become headings; levels start at h2."""
    for block in list(root):
        if block.tag in HEADINGS:
            numbered = _numbered_level(text_of(block))  # a heading style says "heading"; 一、/（一） say which level
            block.tag = f"h{numbered}" if numbered else block.tag
            continue
        if block.tag != "p":
            continue
        level = _heading_level(block)
        if level:
            text = text_of(block)
            block.clear()
            block.tag, block.text = f"h{level}", text
    levels = sorted({int(b.tag[1]) for b in root if b.tag in HEADINGS})
    if levels:
        shift = {old: min(new + 2, 6) for new, old in enumerate(levels)}
        for block in root:
            if block.tag in HEADINGS:
                block.tag = f"h{shift[int(block.tag[1])]}"


def _heading_level(block: ET.Element) -> int:
    text = text_of(block)
    if not text or len(text) > 40 or text.endswith(("。", "；", ";")) or block.find(".//img") is not None:
        return 0
    bold = _all_bold(block)
    if H2.match(text):
        return 2 if bold or len(text) <= 30 else 0
    if H3.match(text):
        return 3 if bold or len(text) <= 30 else 0
    if H4.match(text):
        return 4 if bold else 0
    return 2 if bold and len(text) <= 30 and not SENTENCE_END.search(text) else 0


def _numbered_level(text: str) -> int:
    return next((level for level, rx in ((2, H2), (3, H3), (4, H4)) if rx.match(text)), 0)


def _all_bold(block: ET.Element) -> bool:
    """Every visible character is inside <strong>."""
    if (block.text or "").strip():
        return False
    children = list(block)
    return bool(children) and all(c.tag == "strong" and not (c.tail or "").strip() for c in children)


def _pseudonyms(text: str) -> list[str]:
    names = list(dict.fromkeys(PSEUDONYM.findall(text)))
    counts: dict[str, int] = {}
    for match in PSEUDONYM_HAN.finditer(text):
        if match.group(1) not in NOT_NAMES:
            counts["小" + match.group(1)] = counts.get("小" + match.group(1), 0) + 1
    return names + [n for n, c in counts.items() if c >= 2 and n not in names]
