"""End to end through `xinyu check`: located, masked findings; suppression; options; attachments."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

CASE = """\
---
title: 用情绪温度计帮助初一学生识别情绪
summary: 一名初一学生入学后情绪波动大，辅导教师帮助她识别和表达情绪。
date: 2024-05-20
topics: [情绪调适]
grade: 初一
authors: [王老师]
school: xx区实验中学
type: 个体辅导
anonymized: true
pseudonyms: [小A]
{extra}---
## 基本情况

{body}
"""


def write_case(site, body: str, extra: str = "", slug: str = "a") -> None:
    site.write(f"cases/{slug}/index.md", CASE.format(body=body, extra=extra))


def test_findings_are_located_masked_and_fail_the_check(site) -> None:
    write_case(site, "小A，初一女生。\n妈妈电话13812345678，身份证号11010519491231002X。\n<script>alert(1)</script>")
    result = site.check()
    assert result.code == 1
    out = result.out
    assert "cases/a/index.md:16: 正文: 第 5 列发现手机号“138****5678”" in out
    assert "110105********002X" in out and "第 21 列" in out
    assert "cases/a/index.md:17: 正文: 第 1 列有 <script> 标签" in out
    assert "13812345678" not in out + result.err
    assert "11010519491231002X" not in out + result.err


def test_names_can_be_warnings_or_off(site) -> None:
    write_case(site, "小A的同桌李娜最近也很焦虑。")
    assert site.check().code == 1
    site.write("mkdocs.yml", "site_name: t\nplugins:\n  - xinyu:\n      privacy:\n        names: warning\n")
    result = site.check()
    assert result.code == 0 and "警告：第 6 列的“李*”像是真实姓名" in result.out
    site.write("mkdocs.yml", "site_name: t\nplugins:\n  - xinyu:\n      privacy:\n        names: 'off'\n")
    assert not [line for line in site.check().lines if "姓名" in line or "李*" in line]


def test_pseudonyms_hotlines_and_invalid_ids_are_clean(site) -> None:
    body = "小A和小林是同桌。王老师和李某的妈妈谈了话。\n心理援助热线：010-82951332，青少年服务台12355。\n档案编号110105194912310021。"
    write_case(site, body, extra="")
    assert site.check().code == 0
    assert not [line for line in site.check().lines if "正文" in line]


def test_inline_marker_and_privacy_allow_suppress(site) -> None:
    body = "<!-- xinyu-allow: 电话 -->\n学校总机 010-62345678。\n学生张伟同学。"
    write_case(site, body, extra="privacy_allow: [张伟]\n")
    result = site.check()
    assert result.code == 0, result.out
    assert not [line for line in result.lines if "正文" in line]


def test_marker_covers_only_its_line_and_the_next(site) -> None:
    body = "<!-- xinyu-allow: 电话 -->\n总机 010-62345678。\n\n家长 010-62345679。"
    write_case(site, body)
    lines = [line for line in site.check().lines if "固定电话" in line]
    assert len(lines) == 1 and lines[0].startswith("cases/a/index.md:18:")


def test_site_allow_file(site) -> None:
    site.write("data/privacy-allow.txt", "# 公开人物\n张伟\n")
    write_case(site, "学生张伟同学。")
    assert not [line for line in site.check().lines if "正文" in line]


def test_front_matter_values_are_checked(site) -> None:
    write_case(site, "小A。", extra="tags: [13812345678]\n")
    result = site.check()
    assert "cases/a/index.md:12: tags[0]: 字段值第 1 个字处发现手机号“138****5678”" in result.out


def test_attachment_policy_and_text(site) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:p><w:t>家长电话13812345678</w:t></w:p></w:document>")
    site.write("cases/a/记录表.docx", buffer.getvalue())
    site.write("cases/a/run.pdf", b"MZ\x90\x00")
    extra = "attachments:\n  - file: 记录表.docx\n    title: 记录表\n  - file: run.pdf\n    title: 说明\n"
    write_case(site, "小A。", extra=extra)
    out = site.check().out
    assert "attachments[0].file: 附件“记录表.docx”正文第 1 行发现手机号“138****5678”" in out
    assert "attachments[1].file: 附件扩展名是 .pdf，但内容其实是可执行程序" in out


def test_json_output_has_no_whole_value(site) -> None:
    write_case(site, "邮箱 zhangwei@example.com")
    problems = site.check_json()
    assert any(p["field"] == "正文" and "z***@example.com" in p["message"] and p["severity"] == "error" for p in problems)
    assert "zhangwei@" not in str(problems)


def test_class_number_is_a_warning_and_can_be_allowed(site) -> None:
    write_case(site, "小A是初二（3）班的学生。")
    result = site.check()
    assert result.code == 0
    (line,) = [line for line in result.lines if "正文" in line]
    assert "警告：" in line and "初二（*）班" in line and "xinyu-allow: 班级" in line
    assert "初二（3）班" not in result.out
    write_case(site, "<!-- xinyu-allow: 班级 -->\n小A是初二（3）班的学生。")
    assert not [line for line in site.check().lines if "正文" in line]
    write_case(site, "小A是初二（3）班的学生。", extra="privacy_allow: [初二（3）班]\n")
    assert not [line for line in site.check().lines if "正文" in line]


def test_undeclared_name_blocks_and_says_what_to_paste(site) -> None:
    write_case(site, "小A的同桌张小明最近也很焦虑。")
    result = site.check()
    assert result.code == 1
    (line,) = [line for line in result.lines if "正文" in line]
    assert line.startswith("cases/a/index.md:15: 正文: 第 6 列的“张**”像是真实姓名") and "警告" not in line
    assert "张小明" not in result.out + result.err
    paste = line.split("privacy_allow: ", 1)[1].split("]", 1)[0] + "]"
    assert paste.startswith('["张**#') and "小明" not in paste
    write_case(site, "小A的同桌张小明最近也很焦虑。", extra=f"privacy_allow: {paste}\n")
    assert site.check().code == 0


def test_unsure_name_is_a_warning(site) -> None:
    write_case(site, "后来黎明经常做噩梦。")
    result = site.check()
    assert result.code == 0
    (line,) = [line for line in result.lines if "正文" in line]
    assert "警告：" in line and "黎*" in line and "privacy_allow" in line


def test_names_in_front_matter_and_attachments_block(site) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:p><w:t>来访者刘子轩，初二。</w:t></w:p></w:document>")
    site.write("cases/a/记录.docx", buffer.getvalue())
    extra = "attachments:\n  - file: 记录.docx\n    title: 记录\n"
    write_case(site, "小A。", extra=extra)
    site.write(
        "cases/a/index.md", site.root.joinpath("cases/a/index.md").read_text(encoding="utf-8").replace("帮助她识别", "帮助王梓涵识别")
    )
    result = site.check_json()
    errors = {(p["field"], p["message"][:40]) for p in result if p["severity"] == "error"}
    assert any(field == "summary" and "王**" in message for field, message in errors), result
    assert any(field == "attachments[0].file" and "刘**" in message for field, message in errors), result


def test_a_name_in_an_attachments_file_name_blocks(site) -> None:
    """The page lists the file by its name and its address carries it: 张浩然的记录表.pdf passed check clean."""
    from conftest import minimal_pdf

    site.write("cases/a/张浩然的记录表.pdf", minimal_pdf())
    site.write("cases/a/记录表.pdf", minimal_pdf())
    extra = "attachments:\n  - file: 记录表.pdf\n    title: 记录表\n  - file: 张浩然的记录表.pdf\n    title: 记录表（二）\n"
    write_case(site, "小A。", extra=extra)
    result = site.check()
    assert result.code == 1
    (line,) = [line for line in result.lines if "attachments" in line]
    assert line.startswith("cases/a/index.md:15: attachments[1].file: ") and "张**" in line and "张浩然" not in line, result.out


def test_site_allow_file_extends_the_shipped_list(site) -> None:
    write_case(site, "我们读了罗杰斯的书，也读了李明远老师的书。")
    assert site.check().code == 1
    site.write("data/privacy-allow.txt", "李明远  # 区教研员，公开署名\n")
    assert site.check().code == 0


# Issue 12 §9: personal data in every front-matter field, pseudonyms included, blocks the item (and so the catalog).
@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("pseudonyms: [小A]", "pseudonyms: [小A, 13812345678]", "pseudonyms[1]"),
        ("pseudonyms: [小A]", "pseudonyms: [小A, 小B妈妈138 1234 5678]", "pseudonyms[1]"),
        ("school: xx区实验中学", "school: xx区实验中学（家长 zw＠qq.com）", "school"),
        ("summary: 一名", "summary: 电话138\u200b1234\u200b5678，一名", "summary"),
    ],
)
def test_personal_data_in_any_front_matter_field_blocks(site, old: str, new: str, field: str) -> None:
    site.write("cases/a/index.md", CASE.format(body="小A。", extra="").replace(old, new))
    result = site.check()
    assert result.code == 1
    assert any(line.split(": ")[1] == field and "发现" in line for line in result.lines), result.out
    assert "xinyu-allow" not in result.out  # no line to mark in front matter: the hint names privacy_allow
    write_case(site, "小A。", slug="b")  # a valid item, so that there is a catalog
    site.build()
    catalog = (site.out / "catalog.json").read_text(encoding="utf-8")
    assert '"slug":"b"' in catalog.replace(" ", "") and "1234" not in catalog


def test_photo_with_gps_or_owner_blocks(site) -> None:
    from test_guard_attachments import jpeg_with_exif

    site.write("cases/a/照片/活动照片.jpg", jpeg_with_exif("王梓涵", gps=True))
    write_case(site, "小A。\n\n![活动](照片/活动照片.jpg)")
    result = site.check()
    assert result.code == 1
    assert "拍摄地点" in result.out and "王**" in result.out and "王梓涵" not in result.out


def test_the_printed_allow_line_also_allows_a_pinyin_or_spaced_name(tmp_path) -> None:
    from xinyu.content.entry import Entry
    from xinyu.guard import GuardContext, check_entry

    for body in ("学生Wang Zihan在写作文。\n", "记录：王 梓涵，女，13岁。\n"):
        entry = Entry("cases", "t", tmp_path / "cases/t/index.md", "cases/t/index.md", tmp_path / "cases/t", "cases")
        entry.body, entry.body_line, entry.data = body, 5, {"title": "x", "pseudonyms": ["小A"]}
        problems = check_entry(entry, GuardContext(root=tmp_path))
        token = re.search(r'privacy_allow: \["([^"]+)"\]', problems[0].message).group(1)
        entry.data["privacy_allow"] = [token]
        assert check_entry(entry, GuardContext(root=tmp_path)) == []


def test_a_person_field_naming_a_pupil_or_family_member_is_an_error(site) -> None:
    """Authors and a comment's ``by`` are published as people (their names are taken as declared): a value that names a
    pupil or a family member there is an error at its line; a colleague or an expert written in place is not."""
    extra = "comments:\n  - {by: 学生家长刘子墨, text: 谢谢老师。}\n  - {by: 某大学李教授, text: 方法得当。}\n  - {by: 小A的妈妈, text: 好。}\nconsent: {form: 家长知情同意书, date: 2024-05-01, kept_by: 家长}\n"
    write_case(site, "小A的变化很明显。", extra=extra)
    site.write("cases/b/index.md", CASE.format(body="小A。", extra="").replace("authors: [王老师]", "authors: [王老师, 刘子墨妈妈]"))
    result = site.check()
    found = [ln for ln in result.out.splitlines() if "只能写老师或专家本人的姓名" in ln]
    assert result.code == 1 and len(found) == 2, result.out
    assert any(ln.startswith("cases/a/index.md:13: comments[0].by: “学生家长刘子墨”有“") for ln in found), found
    assert any(ln.startswith("cases/b/index.md:7: authors[1]: “刘子墨妈妈”有“妈妈”，像是学生或学生的家人") for ln in found), found
    assert "李教授" not in "".join(found) and "小A的妈妈" not in "".join(found) and "kept_by" not in result.out


def test_a_whole_kind_in_privacy_allow_does_not_switch_the_check_off(site) -> None:
    """privacy_allow: [姓名, 身份证, 手机] would stop every name, ID and phone of the item being looked for, silently: it
    allows nothing, and a warning at its line says to allow values, or a kind on one line with a marker."""
    body = "小A的同桌王梓涵，身份证11010520080101001X，家长手机13812345678。\n<!-- xinyu-allow: 电话 -->\n学校总机 13912345678。"
    write_case(site, body, extra="privacy_allow: [姓名, 身份证, 手机]\n")
    result = site.check()
    lines = result.out.splitlines()
    assert result.code == 1
    assert [ln.split(": ", 2)[1] for ln in lines if "一整类信息" in ln] == ["privacy_allow[0]", "privacy_allow[1]", "privacy_allow[2]"], result.out
    assert all(ln.startswith("cases/a/index.md:12: ") for ln in lines if "一整类信息" in ln)
    body_errors = [ln for ln in lines if ln.startswith("cases/a/index.md:16: 正文") and "警告" not in ln]
    assert len(body_errors) == 3, result.out  # the name, the ID, the phone
    assert not [ln for ln in lines if ln.startswith("cases/a/index.md:18:")], "a kind on one line, by a marker, still holds"


def test_the_rest_of_a_person_is_prose_and_an_unread_attachment_is_not_published(site) -> None:
    """A speaker's title or affiliation is printed as text (王梓萱的心理老师): names there are errors as in any prose,
    while the speaker's own name is declared. An attachment the guard could not read whole (here: a password) is an
    error, not a warning; a reviewer who read it allows it by its file name (a second red-team round)."""
    lecture = "---\ntitle: 讲座\nsummary: 一次讲座。\ndate: 2023-11-17\ntopics: [情绪调适]\nspeakers:\n  - name: 韩秋实\n    affiliation: xx师范大学\n    title: 王梓萱的心理老师\nevent: 2023年论坛\n---\n\n## 讲座简介\n\n讲座介绍积极心理学。\n"
    site.write("docs/lectures/talk/index.md", lecture)
    result = site.check()
    found = [ln for ln in result.out.splitlines() if ln.startswith("docs/lectures/talk/index.md:")]
    assert any(": speakers[0].title: " in ln and "王**" in ln for ln in found), found
    assert not any("韩**" in ln for ln in found), "the speaker's own name is declared"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    attach = "attachments:\n  - {file: 记录.pdf, title: 记录}\n"
    (site.root / "cases/enc").mkdir(parents=True, exist_ok=True)
    (site.root / "cases/enc/记录.pdf").write_bytes(buffer.getvalue())
    write_case(site, "小A。", extra=attach, slug="enc")
    told = [ln for ln in site.check().out.splitlines() if ln.startswith("cases/enc/index.md:")]
    assert len(told) == 1 and "没能完整检查的附件不能发布" in told[0] and "警告" not in told[0], told
    write_case(site, "小A。", extra=attach + 'privacy_allow: ["记录.pdf"]\n', slug="enc")
    assert not [ln for ln in site.check().out.splitlines() if ln.startswith("cases/enc/index.md:")]
