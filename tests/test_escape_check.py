"""`xinyu check` rejects markup in every text field, at its field path and line, so contributors learn.

The pages escape every value anyway (tests/test_escape_output.py); this is the teaching layer.
"""

from __future__ import annotations

from conftest import VALID_CASE

COURSE = """\
---
title: 情绪调色盘
summary: 初一情绪单元第一课。
date: 2024-03-01
topics: [情绪调适]
grade: 初一
authors: [王老师]
school: xx区实验中学
kind: 教学设计
series: 初一·情绪单元
---
正文
"""

LECTURE = """\
---
title: 积极心理学与心理活动课
summary: 讲座介绍积极心理学在活动课中的运用。
date: 2023-11-18
topics: [认识自我]
speakers:
  - name: 李明远
    affiliation: xx大学心理学部
    title: 教授
event: 2023年xx区心理健康教育论坛
place: 区教师进修学院报告厅
---
正文
"""

RESEARCH = """\
---
title: 中小学生心理危机干预机制研究
summary: 市级课题。
date: 2023-09-01
topics: [生命教育]
authors: [王老师]
leaders: [王老师]
level: 市级
status_of_work: 在研
period: 2023-09 至 2025-06
---
正文
"""

HOSTILE = "<img src=x onerror=alert(1)>"

# (file, text to replace, replacement, expected "path:line: field: ")
CASES = [
    ("cases/c-school/index.md", VALID_CASE, "school: xx区实验中学", f"school: '{HOSTILE}'", "cases/c-school/index.md:8: school: "),
    (
        "cases/c-tags/index.md",
        VALID_CASE,
        "pseudonyms: [小A]",
        "pseudonyms: [小A]\ntags: [考试焦虑, '<script>alert(1)</script>']",
        "cases/c-tags/index.md:12: tags[1]: ",
    ),
    ("cases/c-summary/index.md", VALID_CASE, "summary: 一名", "summary: <b>一名</b>", "cases/c-summary/index.md:3: summary: "),
    ("cases/c-title/index.md", VALID_CASE, "title: 用", "title: 初一<svg onload=alert(1)>用", "cases/c-title/index.md:2: title: "),
    (
        "cases/c-author/index.md",
        VALID_CASE,
        "authors: [王老师]",
        "authors: ['<script>alert(1)</script>']",
        "cases/c-author/index.md:7: authors[0]: ",
    ),
    (
        "cases/c-pseudonym/index.md",
        VALID_CASE,
        "pseudonyms: [小A]",
        "pseudonyms: [小A, '<i>小B</i>']",
        "cases/c-pseudonym/index.md:11: pseudonyms[1]: ",
    ),
    ("docs/courses/k-series.md", COURSE, "series: 初一·情绪单元", f"series: '{HOSTILE}'", "docs/courses/k-series.md:10: series: "),
    (
        "docs/lectures/l-event.md",
        LECTURE,
        "event: 2023",
        "event: <a href=javascript:alert(1)>2023</a>",
        "docs/lectures/l-event.md:10: event: ",
    ),
    (
        "docs/lectures/l-speaker.md",
        LECTURE,
        "  - name: 李明远",
        f"  - name: '{HOSTILE}'",
        "docs/lectures/l-speaker.md:7: speakers[0].name: ",
    ),
    (
        "docs/lectures/l-affiliation.md",
        LECTURE,
        "    affiliation: xx大学心理学部",
        "    affiliation: </div>xx大学",
        "docs/lectures/l-affiliation.md:8: speakers[0].affiliation: ",
    ),
    ("docs/lectures/l-place.md", LECTURE, "place: 区", "place: <!-- x -->区", "docs/lectures/l-place.md:11: place: "),
    ("docs/research/r-period.md", RESEARCH, "period: 2023", "period: <b>2023</b>", "docs/research/r-period.md:10: period: "),
    ("docs/research/r-leader.md", RESEARCH, "leaders: [王老师]", "leaders: [<u>王老师</u>]", "docs/research/r-leader.md:7: leaders[0]: "),
]

REGISTRY = f"""\
zhou-min:
  name: 周敏
  school: xx区实验中学
li-ming:
  name: '{HOSTILE}'
  school: xx区第二中学
  bio: 从事心理健康教育。<script>alert(1)</script>
"""


def test_markup_in_any_text_field_is_a_located_error(site):
    for path, base, old, new, _ in CASES:
        assert old in base, old
        site.write(path, base.replace(old, new, 1))
    site.write("cases/good/index.md", VALID_CASE)
    site.write("data/authors.yml", REGISTRY)
    result = site.check()
    assert result.code == 1, result.out + result.err
    for *_, expected in CASES:
        found = [ln for ln in result.lines if ln.startswith(expected)]
        assert found, f"no line starting {expected!r} in:\n{result.out}"
        assert any("HTML" in ln and "纯文本" in ln for ln in found), found
    speaker = next(ln for ln in result.lines if ln.startswith("docs/lectures/l-speaker.md:7: speakers[0].name: "))
    assert "“姓名”" in speaker, speaker
    assert any(ln.startswith("data/authors.yml:5: li-ming.name: ") and "HTML" in ln for ln in result.lines), result.out
    assert any(ln.startswith("data/authors.yml:7: li-ming.bio: ") and "HTML" in ln for ln in result.lines), result.out
    assert not any(ln.startswith("cases/good/") for ln in result.lines), result.out


def test_angle_brackets_that_are_not_markup_are_fine(site):
    text = VALID_CASE.replace("summary: 一名", "summary: 成绩<60分的学生、a < b、<<情绪>>、1<2，一名")
    text = text.replace("pseudonyms: [小A]", "pseudonyms: [小A]\ntags: ['&lt;script&gt; 是文字', '<3', '->']")
    site.write("cases/fine/index.md", text)
    result = site.check()
    assert result.code == 0, result.out


def test_markup_in_the_site_name_is_a_configuration_error(site):
    """Material prints site_name as it is (header, <title>, tabs): check and build refuse it, naming the fix."""
    site.write("mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8").replace("site_name: 测试资源库", "site_name: 测试<i id=x>"))
    for result in (site.check(), site.build()):
        assert result.code != 0 and "site_name" in result.err and "<i id=x>" in result.err, result.err
    assert not site.out.joinpath("index.html").exists()
