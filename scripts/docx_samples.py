"""Realistic Word submissions, made with python-docx (raw XML where it has no API).

Used by the import tests, the converter fidelity benchmark (``bench_import.py``)
and the selection-round demo (``round_demo.py``). Every binary fixture the
project uses is made here, so how it was made is in the repository.

A submission looks like what schools send to the district's annual selection:
a 申报表 cover table or 作者/单位 lines, a bold title, section titles that are
only bold text (一、基本情况), nested lists, a table with merged cells and a
picture inside it, a text box, a footnote, tracked changes, a comment and
document properties naming a real-looking person. ``wps=True`` saves it the way
WPS does (numeric style ids with Chinese names, outline levels on paragraphs,
KSO custom properties, hard-typed list numbers).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

W = nsdecls("w")
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'
M = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (40, 160, 150)) -> bytes:
    """A small solid PNG (no Pillow needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@dataclass
class Submission:
    """What one generated document states (tests compare the import with it)."""

    title: str = "用情绪温度计帮助初二学生走出考试焦虑"
    authors: list[str] = field(default_factory=lambda: ["陈思雨"])
    school: str = "xx区第一中学"
    date: str = "2025年3月15日"
    grade: str = "初二"
    type: str = "个体辅导"
    topics: str = "情绪调适"
    pseudonym: str = "小林"
    cover_table: bool = True
    wps: bool = False
    deleted_name: str = "王建国"  # in tracked deletions only: must never reach the item
    comment_text: str = "请核实学生姓名"
    property_author: str = "李明华"
    extra_paragraphs: int = 0
    stated_authors_line: bool = True
    body_extra: str = ""  # one more paragraph at the end (e.g. a real-looking name the guard must report)


def build(sub: Submission) -> bytes:
    """The .docx bytes of one submission."""
    doc = docx.Document()
    if sub.wps:
        _wps_styles(doc)
    doc.core_properties.author = sub.property_author
    doc.core_properties.last_modified_by = sub.property_author
    doc.core_properties.title = sub.title
    title = doc.add_paragraph()
    run = title.add_run(sub.title)
    run.bold, run.font.size = True, Pt(18)
    if sub.stated_authors_line:
        doc.add_paragraph(f"作者：{'、'.join(sub.authors)}\u3000单位：{sub.school}")
    else:
        doc.add_paragraph(f"{sub.school} {sub.authors[0]}")
    doc.add_paragraph(sub.date)
    if sub.cover_table:
        _cover_table(doc, sub)
    _section(doc, sub, "一、基本情况", level=1)
    p = doc.add_paragraph(f"{sub.pseudonym}，初二女生，性格")
    p.add_run("内向").bold = True
    p.add_run("，成绩中上。每逢考试前一周就")
    p.add_run("失眠、心慌").italic = True
    _tracked(p, inserted="，并伴有头痛", deleted=f"（其父{sub.deleted_name}反映）")
    p.add_run("。")
    _footnote(doc, p, "本案例已征得监护人书面同意。")
    doc.add_comment(p.runs[0], text=sub.comment_text, author=sub.property_author, initials="LM")
    _section(doc, sub, "二、问题分析与评估", level=1)
    _section(doc, sub, "（一）家庭因素", level=2)
    doc.add_paragraph("父母对成绩期望高。")
    _lists(doc, sub)
    _section(doc, sub, "三、辅导过程", level=1)
    _merged_table(doc)
    _text_box(doc, "情绪温度计：0 表示平静，10 表示非常紧张。")
    doc.add_picture(io.BytesIO(png(12, 8)))
    _equation(doc)
    _section(doc, sub, "四、辅导效果与反思", level=1)
    for i in range(sub.extra_paragraphs):
        doc.add_paragraph(f"第{i + 1}次辅导后，{sub.pseudonym}能用温度计说出自己的紧张程度，并练习腹式呼吸。")
    doc.add_paragraph(f"经过六次辅导，{sub.pseudonym}的考前焦虑明显缓解。")
    if sub.body_extra:
        doc.add_paragraph(sub.body_extra)
    if sub.wps:
        _wps_parts(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write(path: Path, sub: Submission) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build(sub))
    return path


# -- parts of the document --------------------------------------------------------------------


def _cover_table(doc, sub: Submission) -> None:
    rows = [
        ("案例名称", sub.title),
        ("作者", "、".join(sub.authors)),
        ("单位", sub.school),
        ("学段", sub.grade),
        ("案例类型", sub.type),
        ("主题", sub.topics),
        ("是否取得监护人知情同意", "是（书面同意书由学校心理室保存）"),
    ]
    doc.add_paragraph("优秀案例申报表").runs[0].bold = True
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value


def _section(doc, sub: Submission, text: str, level: int) -> None:
    """Word: a bold-only line (what most teachers type). WPS: its own heading style, or an outline level."""
    if sub.wps and level == 1:
        doc.add_paragraph(text, style="WPS标题2")
        return
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = True
    if sub.wps:
        p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="{level}"/>'))
        run._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {W} w:hint="eastAsia"/>'))


def _lists(doc, sub: Submission) -> None:
    if sub.wps:  # WPS users often type the numbers themselves
        for text in ("1. 考试前紧张，睡不着；", "2. 上课注意力不集中。"):
            doc.add_paragraph(text)
        return
    num_id = _multilevel_bullets(doc)
    for level, text in ((0, "考前反应"), (1, "生理：心跳加快、失眠"), (1, "认知：“考不好就完了”"), (0, "课堂表现")):
        item = doc.add_paragraph(text, style="List Paragraph")  # as Word's bullet button and Tab key make it
        item._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    doc.add_paragraph("建立关系", style="List Number")
    doc.add_paragraph("学习情绪温度计", style="List Number")


def _multilevel_bullets(doc) -> int:
    """A two-level bullet list definition, as Word writes one (python-docx's template has single-level lists)."""
    numbering = doc.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{c}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{420 * (i + 1)}" w:hanging="420"/></w:pPr></w:lvl>'
        for i, c in enumerate("●○")
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="20"><w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
    )
    numbering.append(parse_xml(f'<w:num {W} w:numId="20"><w:abstractNumId w:val="20"/></w:num>'))
    return 20


def _merged_table(doc) -> None:
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for i, text in enumerate(("次数", "内容", "记录")):
        table.cell(0, i).text = text
    table.cell(1, 0).text = "第1–2次"
    table.cell(1, 1).text = "建立关系，认识情绪"
    table.cell(2, 1).text = "放松训练"
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge
    table.cell(1, 2).paragraphs[0].add_run().add_picture(io.BytesIO(png(6, 6, (200, 80, 60))))
    table.cell(2, 2).text = "学生自评表"


def _tracked(paragraph, inserted: str, deleted: str) -> None:
    paragraph._p.append(
        parse_xml(f'<w:ins {W} w:id="91" w:author="审阅人" w:date="2025-03-01T00:00:00Z"><w:r><w:t>{inserted}</w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {W} w:id="92" w:author="审阅人" w:date="2025-03-01T00:00:00Z"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'
        )
    )


def _text_box(doc, text: str) -> None:
    xml = (
        f"<w:p {W} {V}>"
        f'<w:r><w:pict><v:shape id="tb1" style="width:200pt;height:40pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
        "</v:shape></w:pict></w:r></w:p>"
    )
    doc.element.body.append(parse_xml(xml))
    doc.element.body.append(doc.element.body.sectPr)  # keep sectPr last


def _equation(doc) -> None:
    xml = f"<w:p {W} {M}><m:oMath><m:r><m:t>S=a+b</m:t></m:r></m:oMath></w:p>"
    doc.element.body.append(parse_xml(xml))
    doc.element.body.append(doc.element.body.sectPr)


def _footnote(doc, paragraph, text: str) -> None:
    footnotes = (
        f'<w:footnotes {W} {nsdecls("r")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        footnotes.encode("utf-8"),
        doc.part.package,
    )
    doc.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))


def _wps_styles(doc) -> None:
    """WPS names its heading styles in Chinese and gives them numeric ids."""
    styles = doc.styles.element
    styles.append(
        parse_xml(
            f'<w:style {W} w:type="paragraph" w:styleId="3"><w:name w:val="WPS标题2"/><w:basedOn w:val="Normal"/>'
            '<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>'
        )
    )


def _wps_parts(doc) -> None:
    custom = (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property>'
        "</Properties>"
    )
    part = Part(
        PackURI("/docProps/custom.xml"),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        custom.encode("utf-8"),
        doc.part.package,
    )
    doc.part.package.relate_to(part, RT.CUSTOM_PROPERTIES)


# -- many submissions, for a selection round -------------------------------------------------

SCHOOLS = ["xx区第一中学", "xx区实验小学", "xx区第二中学", "xx区育才学校", "xx区职业高级中学", "xx区外国语学校"]
TEACHERS = ["陈思雨", "刘静怡", "赵文博", "孙雅琴", "周子涵", "吴海燕", "郑晓东", "冯丽娟", "蒋志强", "韩梦瑶", "杨晓光", "朱婷婷"]
THEMES = [
    ("用情绪温度计帮助初二学生走出考试焦虑", "初二", "个体辅导", "情绪调适"),
    ("“我们是一家人”：新生适应团体辅导", "初一", "团体辅导", "生活和社会适应"),
    ("一次校园危机事件后的班级心理干预", "高一年级", "危机干预", "生命教育"),
    ("沙盘游戏陪伴三年级学生度过父母离异", "三年级", "个体辅导", "家庭教育"),
    ("家校携手化解手机依赖", "初三", "家校共育", "家庭教育"),
    ("职业兴趣岛：中职新生的生涯探索课", "职一", "心理活动课", "升学择业"),
]


def round_submissions(count: int = 20) -> list[Submission]:
    """``count`` distinct submissions from six schools, every fourth saved by WPS, some without a cover table."""
    out = []
    for i in range(count):
        title, grade, kind, topic = THEMES[i % len(THEMES)]
        author = TEACHERS[i % len(TEACHERS)]
        second = [TEACHERS[(i + 5) % len(TEACHERS)]] if i % 3 == 0 else []
        out.append(
            Submission(
                title=f"{title}（{i + 1:02d}）",
                authors=[author, *second],
                school=SCHOOLS[i % len(SCHOOLS)],
                date=f"2025年{3 + i % 3}月{10 + i}日",
                grade=grade,
                type=kind,
                topics=topic,
                pseudonym=["小林", "小A", "小B", "小宇"][i % 4],
                cover_table=i % 5 != 4,
                wps=i % 4 == 3,
                extra_paragraphs=i % 3,
                stated_authors_line=i % 7 != 6,
            )
        )
    return out
