"""Every kind of bad input gets its own located, actionable Chinese message from `xinyu check`."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import VALID_CASE, minimal_pdf


def case_with(replace: dict[str, str | None] = None, add: str = "") -> str:
    """The valid case with some front-matter lines replaced (None drops the line) or added."""
    lines = VALID_CASE.splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if replace and key in replace and line != "---":
            if replace[key] is not None:
                out.append(replace[key])
            continue
        out.append(line)
    if add:
        out.insert(out.index("---", 1), add)
    return "\n".join(out) + "\n"


BAD = [
    # (id, file content, expected line, expected field, text in the message)
    ("malformed-yaml", case_with({"title": 'title: "用情绪温度计', "summary": "summary: 摘要"}), 2, "元数据", "引号"),
    ("tab-indent", case_with(add="tags:\n\t- 考试焦虑"), 13, "元数据", "Tab"),
    ("not-a-mapping", "---\n- 一\n- 二\n---\n正文\n", 2, "元数据", "字段: 值"),
    ("no-front-matter", "# 只有正文\n\n内容\n", 1, "元数据", "---"),
    ("unclosed-front-matter", "---\ntitle: x\n", 1, "元数据", "---"),
    ("empty-file", "", 1, "文件", "空"),
    ("missing-title", case_with({"title": None}), 1, "title", "缺少必填字段"),
    ("missing-summary", case_with({"summary": None}), 1, "summary", "缺少必填字段"),
    ("missing-date", case_with({"date": None}), 1, "date", "缺少必填字段"),
    ("missing-topics", case_with({"topics": None}), 1, "topics", "缺少必填字段"),
    ("missing-grade", case_with({"grade": None}), 1, "grade", "缺少必填字段"),
    ("missing-authors", case_with({"authors": None}), 1, "authors", "缺少必填字段"),
    ("missing-school", case_with({"school": None}), 1, "school", "缺少必填字段"),
    ("missing-type", case_with({"type": None}), 1, "type", "缺少必填字段"),
    ("missing-anonymized", case_with({"anonymized": None}), 1, "anonymized", "缺少必填字段"),
    ("unknown-grade", case_with({"grade": "grade: 初四"}), 6, "grade", "初中"),
    ("unknown-topic", case_with({"topics": "topics: [情绪调节啊]"}), 5, "topics", "情绪调适"),
    ("unknown-type", case_with({"type": "type: 个人辅导"}), 9, "type", "个体辅导"),
    ("wrong-shape-topics", case_with({"topics": "topics: {a: 1}"}), 5, "topics", "列表"),
    ("wrong-shape-number", case_with({"grade": "grade: 3"}), 6, "grade", "不是有效的学段"),
    ("number-for-authors", case_with({"authors": "authors: 3"}), 7, "authors", "列表"),
    ("number-for-pseudonyms", case_with({"pseudonyms": "pseudonyms: 5"}), 11, "pseudonyms", "列表"),
    ("number-for-tags", case_with(add="tags: 7"), 12, "tags", "列表"),
    ("impossible-date", case_with({"date": "date: 2024-02-30"}), 4, "date", "不存在"),
    ("bad-date-shape", case_with({"date": "date: 2024年5月"}), 4, "date", "2024-05-20"),
    ("html-in-title", case_with({"title": "title: 初一<b>情绪</b>辅导"}), 2, "title", "HTML"),
    ("summary-too-long", case_with({"summary": "summary: " + "长" * 301}), 3, "summary", "300"),
    ("not-anonymized", case_with({"anonymized": "anonymized: false"}), 10, "anonymized", "化名"),
    ("unknown-author-id", case_with({"authors": "authors: [zhou-mn]"}), 7, "authors[0]", "zhou-min"),
    ("unknown-field", case_with(add="titel: 拼错"), 12, "titel", "title"),
    ("duplicate-key", case_with(add="school: 另一所学校"), 12, "school", "两次"),
    ("bad-status", case_with(add="status: 草稿"), 12, "status", "draft"),
    ("bad-award", case_with(add="award: {level: 县级, rank: 一等奖}"), 12, "award.level", "区级"),
    # A number longer than Python converts (4,300 digits): located, not "ValueError" at the first line.
    ("huge-number", case_with({"date": "date: " + "7" * 5000}), 4, "元数据", "5000 位的数字"),
    ("huge-number-in-list", case_with(add="tags:\n  - 考试焦虑\n  - " + "1" * 4400), 14, "元数据", "“tags”的值"),
    # Two messages at one place each quoting a 5,000-digit value: sorted, not a crash (ValueError of int()).
    ("huge-quoted-values", case_with({"grade": f"grade: ['{'8' * 5000}', '{'7' * 5000}']"}), 6, "grade", "7777"),
]


@pytest.mark.parametrize("content,line,field,text", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_located_and_explained(site, content, line, field, text):
    site.write("data/authors.yml", "zhou-min:\n  name: 周敏\n")
    site.write("cases/bad-one/index.md", content)
    site.write("cases/good-one/index.md", VALID_CASE)
    result = site.check()
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    expected = f"cases/bad-one/index.md:{line}: {field}: "
    matching = [ln for ln in result.lines if ln.startswith(expected)]
    assert matching, f"no line starting {expected!r} in:\n{result.out}"
    assert any(text in ln for ln in matching), matching
    assert not any(ln.startswith("cases/good-one/") for ln in result.lines), "a valid case was flagged"


def test_gbk_file_tells_windows_user_how_to_resave(site):
    site.write("cases/gbk-case/index.md", VALID_CASE.encode("gbk"))
    result = site.check()
    assert result.code == 1
    line = next(ln for ln in result.lines if ln.startswith("cases/gbk-case/index.md:"))
    assert ": 文件: " in line and "UTF-8" in line and "另存为" in line


def test_bom_and_crlf_are_fine(site):
    site.write("cases/bom-crlf/index.md", b"\xef\xbb\xbf" + VALID_CASE.replace("\n", "\r\n").encode("utf-8"))
    result = site.check()
    assert result.code == 0, result.out


def test_missing_attachment_and_escaping_path(site):
    site.write("cases/attach/index.md", case_with(add="attachments:\n  - file: 不存在.pdf\n  - file: ../other/secret.pdf\n  - {file: 'C:\\\\a.pdf', title: x}"))
    site.write("cases/other/secret.pdf", minimal_pdf())
    lines = site.check().lines
    assert any(ln.startswith("cases/attach/index.md:13: attachments[0].file: ") and "找不到附件" in ln for ln in lines), lines
    assert any(ln.startswith("cases/attach/index.md:14: attachments[1].file: ") and ".." in ln for ln in lines), lines
    assert any(ln.startswith("cases/attach/index.md:15: attachments[2].file: ") and "绝对路径" in ln for ln in lines), lines


def test_attachment_with_wrong_case_is_named(site):
    site.write("cases/attach/index.md", case_with(add="attachments:\n  - file: Plan.PDF"))
    site.write("cases/attach/plan.pdf", minimal_pdf())
    line = next(ln for ln in site.check().lines if "attachments[0].file" in ln)
    assert "plan.pdf" in line and "大小写" in line


@pytest.mark.parametrize("slug", ["小A的故事", "Case_One", "-lead", "UPPER"])
def test_bad_slug(site, slug):
    site.write(f"cases/{slug}/index.md", VALID_CASE)
    lines = site.check().lines
    assert any(ln.startswith(f"cases/{slug}/index.md:1: 目录名: ") for ln in lines), lines


def test_bad_slug_suggests_pinyin(site):
    site.write("cases/小A的故事/index.md", VALID_CASE)
    line = next(ln for ln in site.check().lines if "目录名" in ln)
    assert "xiao-a-de-gu-shi" in line


def test_duplicate_slug(site):
    site.write("cases/same/index.md", VALID_CASE)
    site.write("cases/same.md", VALID_CASE)
    lines = [ln for ln in site.check().lines if ": 目录名: " in ln]
    assert len(lines) == 1 and "重复" in lines[0]


def test_every_problem_in_one_run(site):
    site.write("cases/a/index.md", case_with({"date": "date: 2024-13-01", "grade": "grade: 初四"}))
    site.write("cases/b/index.md", "")
    site.write("cases/c/index.md", case_with({"title": None}))
    result = site.check()
    paths = {ln.split(":")[0] for ln in result.lines}
    assert {"cases/a/index.md", "cases/b/index.md", "cases/c/index.md"} <= paths
    assert len([ln for ln in result.lines if ln.startswith("cases/a/")]) == 2


def test_a_header_that_does_not_parse_still_gets_its_body_checked(site):
    """All problems in one run: a YAML slip must not hide the phone number or the child's name in the body."""
    broken = case_with({"title": 'title: "用情绪温度计'})
    site.write("cases/a/index.md", broken + "\n小A的妈妈（电话 13912345678）说，同桌王志强常和她一起复习。\n")
    result = site.check()
    mine = [ln for ln in result.lines if ln.startswith("cases/a/index.md:")]
    assert any(": 元数据: " in ln and "引号" in ln for ln in mine), mine
    assert any(": 正文: " in ln and "手机" in ln and "警告" not in ln for ln in mine), mine  # personal data: an error as always
    names = [ln for ln in mine if ": 正文: " in ln and "王" in ln]
    assert names and all("警告" in ln for ln in names), mine  # its pseudonyms are unknown: a warning this time


def test_json_format(site):
    site.write("cases/a/index.md", case_with({"date": "date: 2024-02-30"}))
    problems = site.check_json()
    assert problems == [{"path": "cases/a/index.md", "line": 4, "field": "date", "severity": "error",
                         "message": problems[0]["message"]}]


def test_clean_site_exits_zero(site):
    site.write("cases/good/index.md", VALID_CASE)
    result = site.check()
    assert result.code == 0 and result.out == ""


def test_folder_without_index_md(site):
    site.write("cases/no-index/案例.md", VALID_CASE)
    lines = site.check().lines
    assert any(ln.startswith("cases/no-index/") and "index.md" in ln for ln in lines), lines


SLIPS = [
    # what teachers really type → (field, text in the message); each reported at its own line (2 = the title line)
    ("title：用情绪温度计", "元数据", "中文冒号"),
    ("title:用情绪温度计", "元数据", "缺少空格"),
    ("title:\u3000用情绪温度计", "元数据", "全角空格"),
    ('title: "呼吸小熊"帮助初二学生', "元数据", "中文引号"),
    ("title: [初二] 学生", "元数据", "方括号"),
    ("title: #初二 学生", "元数据", "注释"),
    ("title: [用呼吸小熊, 帮助]", "title", "一段文字"),
    # an open quote closed by a later line's quote (here a comment's "2025") is named where it opens
    ('title: "用呼吸小熊帮助初二学生\n# 评选名称，如 "2025"', "元数据", "引号没有配对"),
]


@pytest.mark.parametrize("line,field,text", SLIPS, ids=[s[0] for s in SLIPS])
def test_typing_slips_are_named_at_their_line(site, line, field, text):
    site.write("cases/slip/index.md", case_with({"title": line}))
    lines = [ln for ln in site.check().lines if ln.startswith("cases/slip/index.md:")]
    assert lines and lines[0].startswith(f"cases/slip/index.md:2: {field}: ") and text in lines[0], lines
    assert not any("HTML" in ln for ln in lines)


@pytest.mark.parametrize("line,text", [
    ("grade: 初中, 高中", "grade: [初中, 高中]"),
    ("grade: [初中，高中]", "grade: [初中, 高中]"),
    ("type: 个体辅导、团体辅导", "只能写一个"),
])
def test_several_values_in_one_string_get_the_list_syntax(site, line, text):
    key = line.split(":")[0]
    site.write("cases/many/index.md", case_with({key: line}))
    lines = [ln for ln in site.check().lines if ln.startswith("cases/many/index.md:") and f": {key}: " in ln]
    assert len(lines) == 1 and text in lines[0], lines


def test_plain_attachment_paths_are_accepted(site):
    site.write("cases/plain-attach/index.md", case_with(add="attachments: 练习单.pdf"))
    site.write("cases/plain-attach/练习单.pdf", minimal_pdf())
    assert site.check().code == 0


@pytest.mark.parametrize("key,example", [("date", "例如：date: 2024-05-20"), ("grade", "例如：grade: [初中]"), ("anonymized", "例如：anonymized: true")])
def test_an_empty_value_is_named_as_not_filled_in(site, key, example):
    site.write("cases/empty/index.md", case_with({key: f"{key}:"}))
    [line] = [ln for ln in site.check().lines if f": {key}: " in ln]
    assert "还没有填写" in line and example in line and "引号" not in line, line


def test_wrong_shape_message_shows_an_example(site):
    site.write("cases/award-text/index.md", case_with(add="award: 区级一等奖"))
    line = next(ln for ln in site.check().lines if ": award: " in ln)
    assert "例如：award: {level: 区级, rank: 一等奖" in line


def test_findings_on_one_line_are_listed_left_to_right(site):
    """Several names on one line are read in the order they stand (第 6 列 before 第 25 列), not as text sorts them."""
    site.write("cases/names-line/index.md", case_with() + "\n小B（真名李浩然）与班主任张建国老师和同学刘子轩发生冲突。\n")
    lines = [ln for ln in site.check().lines if ln.startswith("cases/names-line/index.md:") and ": 正文: " in ln]
    columns = [int(ln.split("第 ")[1].split(" 列")[0]) for ln in lines if "列" in ln]
    assert len(columns) >= 3 and columns == sorted(columns), lines


def test_related_item_left_out_says_why(site):
    """A ``related`` entry naming a draft, a withdrawn or a broken item says which and why, not "write collection/slug"
    (the contributor wrote it right); only a name that matches no item asks to check how it is written."""
    site.write("cases/drafted/index.md", case_with(add="status: draft"))
    site.write("cases/taken-down/index.md", case_with(add="status: withdrawn\nwithdrawn_date: 2024-06-01"))
    site.write("cases/broken/index.md", case_with({"grade": "grade: 初四"}))
    refs = "related: [cases/drafted, cases/taken-down, cases/broken, cases/no-such-case]"
    site.write("cases/linking/index.md", case_with(add=refs))
    lines = {ln.split(": ", 2)[1]: ln for ln in site.check().lines if ln.startswith("cases/linking/index.md")}
    assert "cases/drafted/index.md）是草稿（status: draft）" in lines["related[0]"]
    assert "已撤下（status: withdrawn）" in lines["related[1]"]
    assert "有错误，这次不发布" in lines["related[2]"]
    assert all("请写成" not in lines[f"related[{i}]"] for i in range(3))
    assert "找不到相关条目“cases/no-such-case”" in lines["related[3]"] and "请写成“集合/目录名”" in lines["related[3]"]


def test_a_name_in_an_attachments_properties_says_where_to_find_it(site):
    """Word's properties (作者, 最后修改者) have no lines a teacher can find: the message names 文件 → 属性, not 第 N 行."""
    core = "<cp:coreProperties><dc:creator>张建国</dc:creator><cp:lastModifiedBy>13812345678</cp:lastModifiedBy></cp:coreProperties>"
    document = "<w:document><w:body><w:p><w:r><w:t>记录表</w:t></w:r></w:p></w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        parts = {"[Content_Types].xml": "<Types/>", "word/document.xml": document, "docProps/core.xml": core}
        for name, text in parts.items():
            archive.writestr(name, text)
    site.write("cases/props/记录表.docx", buffer.getvalue())
    site.write("cases/props/index.md", case_with(add="attachments:\n  - file: 记录表.docx"))
    found = [ln for ln in site.check().lines if "记录表.docx" in ln]
    assert len(found) == 2, found
    for line in found:
        assert "附件“记录表.docx”文档属性中（Word、WPS 里“文件 → 属性”的作者等信息）" in line and "文档属性第" not in line


@pytest.mark.parametrize("value", ["是", "'true'", "已匿名"])
def test_anonymized_written_in_words_is_told_the_english_true(site, value):
    """A teacher who confirms in Chinese (是) is told to write the English true, not only "don't quote it"."""
    site.write("cases/anon/index.md", case_with({"anonymized": f"anonymized: {value}"}))
    line = next(ln for ln in site.check().lines if ": anonymized: " in ln)
    assert line.startswith("cases/anon/index.md:10: anonymized: ") and "英文的 true" in line and "anonymized: true" in line


def test_hidden_characters_in_any_value_are_refused_at_their_line_and_reach_no_reader(site):
    """Bidi overrides, zero-width characters and terminal controls make a page, a spreadsheet or a terminal show
    other text than was written (tag\u202egnp.exe shows as tagexe.png): an error at each value's line, in an item and
    in a data file alike, and the values a reader gets (a registry's record is kept) have none of them."""
    from xinyu.content.source import parse_front_matter

    case = VALID_CASE.replace("title: 用情绪温度计", 'title: "用情绪\\u202e温度计').replace("帮助初一学生识别情绪", '帮助初一学生识别情绪"', 1)
    case = case.replace("summary: 一名", 'summary: "一名\\x1b[31m').replace("表达情绪。", '表达情绪。\\u200b"', 1)
    site.write("cases/hidden/index.md", case.replace("topics: [情绪调适]", "topics: [情绪调适]\ntags: [tag\u202egnp.exe]"))
    site.write("data/authors.yml", "wang: {name: 王老师, bio: \"简介\\u2066文字\\u2069\"}\n")
    lines = [ln for ln in site.check().lines if "看不见的字符" in ln]
    assert [ln.split(": ")[0] + ": " + ln.split(": ")[1] for ln in lines] == [
        "cases/hidden/index.md:2: title",
        "cases/hidden/index.md:3: summary",
        "cases/hidden/index.md:6: tags[0]",
        "data/authors.yml:1: wang.bio",
    ], lines
    assert "\\u202e" in lines[0] and "\\x1b、\\u200b" in lines[1]
    front, problems = parse_front_matter('bio: "简介\\u2066文字\\u2069"\nlist: [a\u200bb, {k: "c\\x07"}]', "data/x.yml")
    assert front.data == {"bio": "简介文字", "list": ["ab", {"k": "c"}]} and len(problems) == 3


def test_a_folder_or_file_name_is_an_address_and_is_checked_like_a_text(site):
    """A folder name, a file published undeclared beside an item and a file of docs/ are parts of web addresses
    (pages, catalog, sitemap, feeds, the printed QR code): a phone number or a real name there is an error at the file."""
    site.write("cases/13812345678/index.md", VALID_CASE)
    site.write("cases/good/index.md", VALID_CASE)
    site.write("cases/good/王梓涵的画.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    site.write("docs/13912345678.md", "# 页面\n")
    lines = site.check().lines
    assert any(ln.startswith("cases/13812345678/index.md:1: 目录名: ") and "138****5678" in ln for ln in lines), lines
    assert any(ln.startswith("cases/good/王梓涵的画.png:1: 文件: ") and "王**" in ln for ln in lines), lines
    assert any(ln.startswith("docs/13912345678.md:1: 文件: ") and "139****5678" in ln for ln in lines), lines
    assert not any(ln.startswith("cases/good/index.md") for ln in lines), lines


def test_a_phone_or_a_name_in_the_sites_word_lists_stops_the_build_at_its_line(site):
    """The vocabulary's labels and terms are on every item page, the search's dictionary and synonyms in its data
    files: personal data there is a configuration error naming file and line, and nothing is built."""
    site.write("cases/good/index.md", VALID_CASE)
    vocabulary = site.root / "data/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("label: 学段", "label: 学段（咨询13812345678）", 1), encoding="utf-8")
    site.write("data/synonyms.txt", "厌学 不想上学\n焦虑 紧张 王梓涵\n")
    for result in (site.check(), site.build()):
        assert result.code != 0, result.out + result.err
        assert "data/vocabulary.yml:" in result.err and "138****5678" in result.err and "data/synonyms.txt:2:" in result.err, result.err
        assert "13812345678" not in result.err and "王梓涵" not in result.err
    assert not site.out.joinpath("index.html").exists()
