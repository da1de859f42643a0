"""xinyu import: Word and WPS documents (made here with python-docx) into items that check reads."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Site, bin_path

sys.path.insert(0, str(ROOT / "scripts"))
from docx_samples import Submission, build, png, write  # noqa: E402
from xinyu.guard.markup import scan_markup  # noqa: E402
from xinyu.importer.convert import convert_docx  # noqa: E402
from xinyu.importer.pictures import strip_metadata  # noqa: E402


def xinyu(site: Site, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([bin_path("xinyu"), *args], cwd=site.root, capture_output=True, text=True, encoding="utf-8", env=env)


def items(site: Site) -> list[Path]:
    return sorted((site.root / "cases").glob("*/index.md"))


# -- the conversion, in memory ------------------------------------------------------------------


@pytest.fixture(scope="module")
def word() -> str:
    return convert_docx(build(Submission())).markdown


def test_sections_that_are_only_bold_become_headings(word):
    assert "## 一、基本情况" in word and "## 二、问题分析与评估" in word and "### （一）家庭因素" in word
    assert "**一、基本情况**" not in word


def test_bold_italic_footnote_and_accepted_revisions(word):
    assert "性格**内向**" in word and "*失眠、心慌*" in word
    assert "并伴有头痛。[^1]" in word and "[^1]: 本案例已征得监护人书面同意。" in word
    assert "王建国" not in word and "请核实学生姓名" not in word  # deleted text and comments are never copied


def test_nested_lists_are_indented_four_spaces(word):
    assert "- 考前反应\n    - 生理：心跳加快、失眠\n    - 认知：“考不好就完了”\n- 课堂表现" in word
    assert "- 课堂表现\n\n<!-- -->\n\n1. 建立关系\n2. 学习情绪温度计" in word  # a numbered list right after a bulleted one stays its own


def test_merged_cells_stay_merged_with_the_picture_inside_the_table(word):
    assert '<td rowspan="2">第1–2次</td>' in word
    assert '<td><img src="图1.png" alt="图1"></td>' in word
    assert "![图2](图2.png)" in word
    assert "0 表示平静" in word  # the text box's text


def test_cover_table_and_opening_lines_become_metadata_not_body():
    conversion = convert_docx(build(Submission()))
    found = conversion.found
    assert (found.title, found.authors, found.school, found.date) == (
        "用情绪温度计帮助初二学生走出考试焦虑",
        ["陈思雨"],
        "xx区第一中学",
        "2025-03-15",
    )
    assert found.cover["grade"] == "初二" and found.cover["type"] == "个体辅导" and found.cover["topics"] == "情绪调适"
    assert "申报表" not in conversion.markdown and "作者：" not in conversion.markdown and "陈思雨" not in conversion.markdown


def test_school_then_teacher_line():
    found = convert_docx(build(Submission(stated_authors_line=False, cover_table=False, authors=["张老师"]))).found
    assert found.school == "xx区第一中学" and found.authors == ["张老师"]


def test_wps_heading_styles_outline_levels_and_typed_numbers():
    markdown = convert_docx(build(Submission(wps=True, cover_table=False))).markdown
    assert "## 一、基本情况" in markdown and "### （一）家庭因素" in markdown
    assert "1. 考试前紧张，睡不着；" in markdown


def test_text_in_a_document_never_becomes_markup():
    markdown = convert_docx(build(Submission(body_extra="<script>alert(1)</script> *星号* [链接](javascript:x)"))).markdown
    assert "<script>" not in markdown and "&lt;script>" in markdown
    assert "\\*星号\\*" in markdown and "\\[链接\\]" in markdown
    assert scan_markup(markdown) == []  # the check, too, reads it as text


def test_braces_in_a_document_stay_text():
    """attr_list reads a paragraph's last line "{: …}" and a heading's closing "{…}" as attributes: the words vanished."""
    import markdown as python_markdown

    body = convert_docx(build(Submission(body_extra='教学目标 {认知}\n{: onclick="alert(1)" }'))).markdown
    html = python_markdown.markdown(body, extensions=["attr_list", "md_in_html"])
    assert "{认知}" in html and '{: onclick="alert(1)" }' in html and "onclick=" not in html.replace('{: onclick="', "")
    assert scan_markup(body) == []


def test_pictures_keep_their_word_description_or_take_their_caption():
    import io

    import docx

    doc = docx.Document()
    doc.add_paragraph("下图是小C在第三周画的温度计。")
    doc.add_picture(io.BytesIO(png()))
    doc.add_paragraph("图1 小C第三周的情绪温度计", style="Caption")
    doc.add_picture(io.BytesIO(png()))
    doc.inline_shapes[1]._inline.docPr.set("descr", "班级情绪角的布置")  # Word: 编辑替换文字
    doc.add_picture(io.BytesIO(png()))
    doc.inline_shapes[2]._inline.docPr.set("descr", "图片包含 文本 描述已自动生成")
    doc.add_paragraph("两个月后，小C能说出自己的情绪。")
    buffer = io.BytesIO()
    doc.save(buffer)
    markdown = convert_docx(buffer.getvalue()).markdown
    assert "![小C第三周的情绪温度计](图1.png)" in markdown  # the caption's words, not "图1"
    assert "![班级情绪角的布置](图2.png)" in markdown  # the author's own description is kept
    assert "![图3](图3.png)" in markdown  # Word's generated text is no description; a plain paragraph is no caption


def test_exif_is_removed_from_pictures():
    app1 = b"\xff\xe1" + (2 + 12).to_bytes(2, "big") + b"Exif\x00\x00GPS123"
    jpeg = b"\xff\xd8" + app1 + b"\xff\xdb\x00\x04\x00\x00" + b"\xff\xda\x00\x02" + b"DATA\xff\xd9"
    cleaned = strip_metadata(jpeg)
    assert b"GPS123" not in cleaned and cleaned.endswith(b"DATA\xff\xd9") and b"\xff\xdb" in cleaned
    assert strip_metadata(png()) == png()


# -- the command ---------------------------------------------------------------------------------


def test_import_writes_an_item_that_check_reads_with_placeholders_at_their_lines(site: Site, tmp_path: Path):
    doc = write(tmp_path / "没有申报表.docx", Submission(cover_table=False))
    proc = xinyu(site, "import", str(doc))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [item] = items(site)
    text = item.read_text(encoding="utf-8")
    assert "title: 用情绪温度计帮助初二学生走出考试焦虑" in text and "authors: [陈思雨]" in text and "school: xx区第一中学" in text
    assert "python3 scripts/dev.py check（Windows：py scripts\\dev.py check）" in text  # the form for the teacher's PC too
    assert (item.parent / "图1.png").is_file() and (item.parent / "图2.png").is_file()
    lines = text.splitlines()
    reported = {p["field"]: p["line"] for p in site.check_json() if p["severity"] == "error"}
    for key in ("grade", "type", "topics", "anonymized"):
        assert lines[reported[key] - 1] == f"{key}:", (key, reported)
    for secret in ("王建国", "李明华", "请核实学生姓名"):
        assert all(secret not in p.read_text(encoding="utf-8", errors="ignore") for p in item.parent.iterdir() if p.suffix == ".md")
    assert "王**" in proc.stdout and "李**" in proc.stdout and "王建国" not in proc.stdout and "李明华" not in proc.stdout


def test_cover_table_fills_grade_type_topics_and_the_authors_are_declared(site: Site, tmp_path: Path):
    doc = write(tmp_path / "a.docx", Submission(body_extra="本案例由陈思雨老师完成，同桌刘建军也参与了活动。"))
    proc = xinyu(site, "import", str(doc))
    assert proc.returncode == 0, proc.stderr
    text = items(site)[0].read_text(encoding="utf-8")
    assert "grade: [初中]" in text and "type: 个体辅导" in text and "topics: [情绪调适]" in text
    body = [p for p in site.check_json() if p["field"] == "正文"]
    assert any("刘**" in p["message"] for p in body), body  # the guard reports the undeclared name …
    assert not any("陈*" in p["message"] for p in body)  # … and not the declared author
    assert "刘**" in proc.stdout  # printed at import


def test_never_overwrites_and_gives_the_second_copy_its_own_folder(site: Site, tmp_path: Path):
    doc = write(tmp_path / "a.docx", Submission())
    site.write("cases/yong-qing-xu-wen-du-ji-bang-zhu-chu-er/index.md", "原有的条目\n")
    assert xinyu(site, "import", str(doc), str(doc)).returncode == 0
    assert (site.root / "cases/yong-qing-xu-wen-du-ji-bang-zhu-chu-er/index.md").read_text(encoding="utf-8") == "原有的条目\n"
    assert [p.parent.name for p in items(site)][1:] == [
        "yong-qing-xu-wen-du-ji-bang-zhu-chu-er-2",
        "yong-qing-xu-wen-du-ji-bang-zhu-chu-er-3",
    ]


def test_batch_of_a_folder_ends_with_a_summary_table(site: Site, tmp_path: Path):
    inbox = tmp_path / "收稿"
    for i in range(3):
        write(inbox / f"案例{i}.docx", Submission(title=f"第{i}个案例的标题", wps=i == 1))
    (inbox / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (inbox / "坏文件.docx").write_bytes(b"PK\x03\x04 not really")
    env = {k: v for k, v in os.environ.items()} | {"PATH": str(Path(sys.executable).parent)}  # no LibreOffice
    proc = xinyu(site, "import", str(inbox), env=env)
    assert proc.returncode == 1  # not every file was imported
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "另存为" in proc.stdout and "Word 文档（*.docx）" in proc.stdout
    assert "导入了 3/5 个文件" in proc.stdout
    header = next(line for line in proc.stdout.splitlines() if line.startswith("文件"))
    assert "文件夹" in header and "待改错误" in header
    assert len(items(site)) == 3


def test_old_doc_is_converted_when_libreoffice_is_on_the_path(site: Site, tmp_path: Path):
    converted = tmp_path / "converted.docx"
    converted.write_bytes(build(Submission(title="旧格式转换后的案例")))
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(
        f'#!/bin/sh\n# a stand-in for LibreOffice: "--outdir DIR FILE"\nfor a; do last="$a"; done\nwhile [ "$1" != "--outdir" ]; do shift; done\n'
        f'cp "{converted}" "$2/$(basename "${{last%.*}}").docx"\n',
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    env = dict(os.environ, PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    proc = xinyu(site, "import", str(old), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "title: 旧格式转换后的案例" in items(site)[0].read_text(encoding="utf-8")


def test_check_mode_reports_by_paragraph_and_writes_nothing(site: Site, tmp_path: Path):
    doc = write(site.root / "inbox" / "投稿.docx", Submission(body_extra="家长电话13812345678，同桌刘建军。"))
    proc = xinyu(site, "import", "--check", "--format", "github", "inbox")
    assert not (site.root / "cases").exists()
    assert proc.returncode == 1  # a phone number is an error
    lines = proc.stdout.splitlines()
    phone = next(line for line in lines if "手机号" in line)
    assert phone.startswith("::error file=inbox/")
    assert "“四、辅导效果与反思”一节第 2 段" in phone  # where a teacher finds it in Word
    assert "138****5678" in phone and "xinyu-allow" not in phone
    assert any("王**" in line for line in lines)  # the deleted revision, reported, masked
    assert doc.is_file()


def as_emf(data: bytes) -> bytes:
    """The same document with every picture an EMF drawing (Word keeps charts and shapes pasted as pictures so)."""
    import io
    import struct
    import zipfile

    emf = struct.pack("<II", 1, 88) + bytes(32) + b" EMF" + bytes(48)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name, content = info.filename, source.read(info)
            if name.startswith("word/media/"):
                name, content = name.rsplit(".", 1)[0] + ".emf", emf
            elif name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                content = content.replace(b'.png"', b'.emf"').replace(b'"png" ContentType="image/png"', b'"emf" ContentType="image/x-emf"')
            target.writestr(name, content)
    return out.getvalue()


def test_a_picture_browsers_cannot_show_is_one_chinese_error_saying_how_to_redo_it(site: Site):
    (site.root / "inbox").mkdir()
    (site.root / "inbox" / "投稿.docx").write_bytes(as_emf(build(Submission())))
    proc = xinyu(site, "import", "--check", "inbox")
    lines = [line for line in proc.stdout.splitlines() if ".emf" in line]
    assert proc.returncode == 1 and lines, proc.stdout
    assert all("EMF 格式，网页不能显示" in line and "另存为图片" in line and "PNG" in line for line in lines), lines
    assert len(lines) == len({line.split("图片“")[1].split("”")[0] for line in lines})  # one message a picture
    assert not any(word in proc.stdout for word in ("unlikely", "attachments", "Image of type")), proc.stdout


def test_imported_item_builds_with_its_pictures_and_footnote(site: Site, tmp_path: Path):
    site.write(
        "mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8") + "markdown_extensions:\n  - footnotes\n  - tables\n"
    )
    doc = write(tmp_path / "a.docx", Submission())
    assert xinyu(site, "import", str(doc)).returncode == 0
    [item] = items(site)
    item.write_text(item.read_text(encoding="utf-8").replace("anonymized:\n", "anonymized: true\n"), encoding="utf-8")
    assert [p for p in site.check_json() if p["severity"] == "error"] == []
    result = site.build("--strict")
    assert result.code == 0, result.err
    page = (site.out / "cases" / item.parent.name / "index.html").read_text(encoding="utf-8")
    assert 'src="图1.png"' in page or "%E5%9B%BE1.png" in page
    assert (site.out / "cases" / item.parent.name / "图1.png").is_file()
    assert 'rowspan="2"' in page and "footnote" in page


@pytest.mark.parametrize("ci_file", [".github/workflows/check.yml", ".gitlab-ci.yml", ".gitea/workflows/check.yml"])
def test_every_shipped_ci_file_checks_the_inbox(ci_file):
    assert "xinyu import --check inbox" in (ROOT / ci_file).read_text(encoding="utf-8")


def test_check_of_an_absent_or_empty_inbox_passes(site: Site):
    proc = xinyu(site, "import", "--check", "inbox")
    assert proc.returncode == 0 and "没有需要检查的 Word 文档" in proc.stderr


@pytest.mark.parametrize(
    "stated,term",
    [("初二年级", "grade: [初中]"), ("高一、高二", "grade: [高中]"), ("初四", "grade: [初中]"), ("幼儿园", "grade: [幼儿园]")],
)
def test_cover_table_grade_as_written_becomes_its_stage_or_stays_for_check(site: Site, tmp_path: Path, stated, term):
    doc = write(tmp_path / "a.docx", Submission(grade=stated))
    assert xinyu(site, "import", str(doc)).returncode == 0
    assert term in items(site)[0].read_text(encoding="utf-8")


def test_pictures_pass_the_attachment_policy(site: Site, tmp_path: Path):
    """A picture that is not what its name says (here: not a PNG at all) is reported at the line that shows it."""
    from xinyu.cli.site import load_site
    from xinyu.content import load_library
    from xinyu.importer import check_draft, prepare

    library = load_library(load_site(site.root / "mkdocs.yml", every_default=True), only=set())
    spec = library.site.collections["cases"]
    prepared = prepare(write(tmp_path / "a.docx", Submission()), library, spec)
    prepared.draft.conversion.pictures[1].data = b"MZ\x90\x00 not a picture"
    problems = [p for p in check_draft(prepared, library, spec) if "图2.png" in p.message]
    assert problems and problems[0].field == "正文"
    assert prepared.draft.text.split("\n")[problems[0].line - 1] == "![图2](图2.png)"


def test_the_original_is_kept_only_when_asked(site: Site, tmp_path: Path):
    doc = write(tmp_path / "a.docx", Submission())
    assert xinyu(site, "import", str(doc)).returncode == 0
    assert xinyu(site, "import", str(doc), "--keep-original").returncode == 0
    first, second = items(site)
    assert not (first.parent / "原稿.docx").exists()
    assert (second.parent / "原稿.docx").read_bytes() == doc.read_bytes()
    assert "attachments: [{file: 原稿.docx, title: 原稿（Word 文档）}]" in second.read_text(encoding="utf-8")


def test_document_properties_are_reported_only_for_names_the_item_does_not_declare(site: Site, tmp_path: Path):
    """Word writes whoever typed the file into 作者 and 最后修改者: the case's declared author there is no leak and is not
    reported; anyone else still is (masked)."""
    import docx

    doc = write(tmp_path / "own.docx", Submission(property_author="陈思雨"))  # the author stated in the document
    proc = xinyu(site, "import", str(doc))
    assert proc.returncode == 0 and "文档属性" not in proc.stdout, proc.stdout
    assert "条批注，没有导入" in proc.stdout and "批注人" not in proc.stdout, proc.stdout  # her own comment
    proc = xinyu(site, "import", str(write(tmp_path / "theirs.docx", Submission())))
    assert "批注人：李**）" in proc.stdout and "李明华" not in proc.stdout, proc.stdout  # someone else's comment
    other = docx.Document(str(doc))
    other.core_properties.last_modified_by = "刘建军"
    other.save(str(tmp_path / "other.docx"))
    proc = xinyu(site, "import", str(tmp_path / "other.docx"))
    [line] = [ln for ln in proc.stdout.splitlines() if "文档属性" in ln]
    assert "最后修改者“刘**”" in line and "陈" not in line and "刘建军" not in proc.stdout, proc.stdout


def test_the_summary_is_the_first_paragraphs_words_not_its_markdown(site: Site, tmp_path: Path):
    """The summary is plain text: it showed Markdown's escapes (&lt;), link syntax, and lost a typed * with its backslash."""
    import docx
    import yaml
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(build(Submission(cover_table=False))))
    first = next(p for p in document.paragraphs if p.text.startswith("小林"))
    lead = first.insert_paragraph_before("本课适合初一&初二、成绩<60分的学生，分 2*3 个_环节_，参考")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), lead.part.relate_to("https://www.moe.gov.cn/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "[指导纲要]"
    run.append(text)
    link.append(run)
    lead._p.append(link)
    lead.add_run("。")
    document.save(str(tmp_path / "lead.docx"))
    assert xinyu(site, "import", str(tmp_path / "lead.docx")).returncode == 0
    [item] = items(site)
    front = yaml.safe_load(item.read_text(encoding="utf-8").split("---")[1])
    assert front["summary"] == "本课适合初一&初二、成绩<60分的学生，分 2*3 个_环节_，参考[指导纲要]。"
    assert "2\\*3" in item.read_text(encoding="utf-8")  # the body keeps its Markdown escapes


def _swollen(data: bytes, part: str, filler: int) -> bytes:
    """The document with ``filler`` bytes of one XML comment at the start of ``part``: a few hundred KB on disk."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                at = content.index(b"<w:body>") + len(b"<w:body>")
                content = content[:at] + b"<!--" + b" " * filler + b"-->" + content[at:]
            target.writestr(info.filename, content)
    return out.getvalue()


@pytest.mark.parametrize("filler", [30 * 1024 * 1024, 300 * 1024 * 1024])
def test_a_document_that_unpacks_to_hundreds_of_times_its_size_is_refused_at_once(site: Site, tmp_path: Path, filler: int):
    """A 'zip bomb' (a comment of hundreds of MB in a file of a few hundred KB) held the converter for minutes: it
    is one Chinese message saying how to redo the file, the other documents of the batch still come in."""
    bomb = tmp_path / "炸弹.docx"
    bomb.write_bytes(_swollen(build(Submission()), "word/document.xml", filler))
    assert bomb.stat().st_size < 400 * 1024
    good = write(tmp_path / "好的.docx", Submission())
    result = subprocess.run(
        [bin_path("xinyu"), "import", str(bomb), str(good)], cwd=site.root, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert "压缩炸弹" in result.stdout + result.stderr and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert len(items(site)) == 1


@pytest.mark.parametrize("title", ["search", "Tags", "index"])
def test_a_document_titled_like_a_page_the_collection_makes_gets_another_folder(site: Site, tmp_path: Path, title: str):
    """cases/search/ would be the collection's search page: the import picks the next free name and check is clean
    about it (no 目录名 error for a folder the import chose itself)."""
    doc = write(tmp_path / "a.docx", Submission(title=title))
    assert xinyu(site, "import", str(doc)).returncode == 0
    [item] = items(site)
    assert item.parent.name == f"{title.lower()}-2", item
    checked = xinyu(site, "check", str(item.relative_to(site.root)))
    assert "目录名" not in checked.stdout, checked.stdout


def test_the_converters_notes_a_teacher_can_meet_are_said_in_chinese():
    """mammoth writes its notes in English: the ones a Word document can give are said in Chinese with what to do."""
    from xinyu.importer.convert import _notes

    notes = _notes(
        [
            "could not open external image 'file:///C:/Users/teacher/图.png', external file access is disabled",
            "Could not find image file for a:blip element",
            "Unsupported break type: column",
            "A w:sym element with an unsupported character was ignored: char F04A in font Wingdings",
            "A v:imagedata element without a relationship ID was ignored",
        ]
    )
    assert len(notes) == 5 and not [n for n in notes if re.search(r"[A-Za-z]{4,} [a-z]{3,}", n)], notes
    assert "插入 → 图片" in notes[0]
