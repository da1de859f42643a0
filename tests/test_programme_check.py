"""The programme's data and fields get the checks every field gets: located Chinese messages, all at once, no traceback."""

from __future__ import annotations

import gzip
import io
import re
import subprocess

import pytest

from conftest import ROOT, Site, bin_path, minimal_pdf

AUTHORS = """\
zhou-min: {name: 周敏, school: xx区实验中学, title: 研究员级教师}
lin-jing: {name: 林静, school: xx区第二小学}
he-qian: {name: 何倩, school: xx区实验小学}
"""

GOOD_GROUP = """\
studio:
  name: 名师工作室
  kind: 工作室
  host: zhou-min
  members: [lin-jing, he-qian]
  period: 2021-09 至今
  description: 研究员级教师主持的工作室。
"""

COURSE = """\
---
title: 家长课：读懂孩子的情绪
summary: 家长学校的一课。
date: 2024-03-15
grade: 初中
topics: [家庭教育]
kind: 教学设计
authors: [lin-jing]
school: {school}
{extra}
---
## 活动过程

家长分组讨论。
"""


@pytest.fixture
def programme_site(site: Site) -> Site:
    site.write("data/authors.yml", AUTHORS)
    site.write("data/groups.yml", GOOD_GROUP)
    site.write("data/schools.yml", "xx区第二小学: [区二小]\nxx区实验小学: []\nxx区第四中学: []\n")
    return site


def course(school: str = "xx区第二小学", extra: str = "") -> str:
    return COURSE.format(school=school, extra=extra)


def lines_of(result, path: str) -> list[str]:
    return [ln for ln in result.lines if ln.startswith(path + ":")]


def test_a_broken_groups_registry_is_reported_line_by_line_and_the_good_groups_stay(programme_site):
    programme_site.write(
        "data/groups.yml",
        GOOD_GROUP
        + """\
Team_2:
  name: 坏编号
broken:
  name: 测试团队
  kind: 工作组
  host: 周敏
  members: lin-jing, he-qin
  leader: x
  description: 联系电话 13912345678。
nameless:
  kind: 专委会
""",
    )
    programme_site.write("docs/courses/c/index.md", course())
    result = programme_site.check()
    assert result.code == 1 and "Traceback" not in result.err
    found = "\n".join(lines_of(result, "data/groups.yml"))
    expected = [
        ":8: Team_2: 团队编号“Team_2”无效",
        ":12: broken.kind: “工作组”不是有效的团队类型。您是不是想写：",
        ":13: broken.host: 主持人要写作者编号：“周敏”的编号是 zhou-min",
        ":14: broken.members: 警告：“lin-jing, he-qin”已按 2 人读取",
        ":14: broken.members[1]: 作者名录中没有编号“he-qin”。您是不是想写：he-qian",
        ":15: broken.leader: 未知字段“leader”",
        ":16: broken.description: ",
        ":17: nameless: 每个团队都要写 name",
    ]
    for part in expected:
        assert part in found, (part, found)
    assert "139****5678" in found and "13912345678" not in found
    build = programme_site.build()
    assert build.code == 0, build.err
    catalog = io.StringIO((programme_site.out / "catalog.json").read_text(encoding="utf-8")).read()
    assert '"id":"studio"' in catalog and '"id":"broken"' not in catalog
    assert (programme_site.out / "groups/studio/index.html").is_file() and not (programme_site.out / "groups/broken").exists()
    assert programme_site.build("--strict").code == 1


def test_comments_and_audience_are_checked_like_every_field(programme_site):
    extra = """audience: [家长们]
comments:
  - by: zhou-mn
    title: <b>好课</b>
    text: 很好。
  - by: 某大学心理学部
  - 一句话"""
    programme_site.write("docs/courses/c/index.md", course(extra=extra))
    found = "\n".join(lines_of(programme_site.check(), "docs/courses/c/index.md"))
    assert ":10: audience: “家长们”不是有效的适用对象。您是不是想写：家长" in found, found
    assert ":12: comments[0].by: 作者名录中没有编号“zhou-mn”。您是不是想写：zhou-min" in found
    assert ":13: comments[0].title: “点评标题”是纯文本，不能包含 HTML 标签" in found
    assert "comments[1].text: 缺少必填字段“点评内容”" in found
    assert ":16: comments[2]: " in found


def test_a_name_in_a_comment_is_a_privacy_finding_and_a_commenter_is_not(programme_site):
    extra = """comments:
  - by: 某大学李教授
    text: 课后学生张伟的家长打来电话 13812345678。"""
    programme_site.write("docs/courses/c/index.md", course(extra=extra))
    found = "\n".join(lines_of(programme_site.check(), "docs/courses/c/index.md"))
    assert "comments[0].text: " in found and "138****5678" in found
    assert "comments[0].by" not in found


def test_an_unlisted_school_is_a_warning_with_the_closest_names(programme_site):
    programme_site.write("docs/courses/c/index.md", course(school="xx区第二小"))
    result = programme_site.check()
    assert result.code == 0
    assert any(": school: 警告：学校“xx区第二小”不在学校名单" in ln and "xx区第二小学" in ln for ln in result.lines), result.lines
    programme_site.write("docs/courses/c/index.md", course(school="区二小"))  # an alias of the list
    assert not any(": school: " in ln for ln in programme_site.check().lines)
    programme_site.write("docs/courses/c/index.md", course(school="xx区第二小", extra="audience: [家长们]"))
    found = lines_of(programme_site.check(), "docs/courses/c/index.md")  # an item with an error: both in one run
    assert any(": audience: " in ln for ln in found) and any(": school: 警告：" in ln for ln in found), found


def test_markup_in_the_school_list_is_reported_at_its_line(programme_site):
    """The statistics page prints every name of the list: plain text, as the groups' and authors' registries are."""
    programme_site.write("data/schools.yml", "xx区第二小学: [区二小]\n'<b>xx区实验小学</b>': []\nxx区第四中学: [<i>四中</i>]\n")
    found = lines_of(programme_site.check(), "data/schools.yml")
    assert any(ln.startswith("data/schools.yml:2: ") and "纯文本" in ln and "<b>" in ln for ln in found), found
    assert any(ln.startswith("data/schools.yml:3: ") and "纯文本" in ln and "<i>" in ln for ln in found), found


def test_a_school_list_entry_of_another_shape_is_reported_at_its_line(programme_site):
    """A school's other names are a list of texts; a mapping, a number for a name or a list inside the list is said
    at its line with the form to use, and the rest of the list still counts."""
    programme_site.write(
        "data/schools.yml",
        "xx区第二小学: [区二小]\nxx区坏学校: {a: 1}\n12345: 678\nxx区第四中学: [四中, [x]]\n",
    )
    found = lines_of(programme_site.check(), "data/schools.yml")
    for line in (2, 3, 4):
        assert any(ln.startswith(f"data/schools.yml:{line}: ") and "学校全称: [简称, 别称]" in ln for ln in found), (line, found)
    assert not any(ln.startswith("data/schools.yml:1: ") for ln in found)


def test_markup_in_the_vocabulary_is_a_located_configuration_error(programme_site):
    """Facets and item pages print a vocabulary's labels and terms: plain text there too, or check says where."""
    path = programme_site.root / "data/vocabulary.yml"
    vocabulary = (
        path.read_text(encoding="utf-8")
        .replace("    中职: [", '    "<b>中职</b>": [')
        .replace("  label: 主题\n", "  label: 主题<i>·</i>\n")
    )
    programme_site.write("data/vocabulary.yml", vocabulary)
    result = programme_site.check()
    assert result.code == 2 and "Traceback" not in result.err
    lines = vocabulary.splitlines()
    for tag, key in (("<b>", "grade"), ("<i>", "topics")):
        line = next(n for n, text in enumerate(lines, 1) if tag in text)
        assert f"data/vocabulary.yml:{line}: {key}: " in result.err and "纯文本" in result.err, result.err


@pytest.mark.parametrize(
    "option, message",
    [
        ("collections: {courses: {defaults: {audience: [访客]}}}", "defaults"),
        ("collections: {courses: {defaults: {colour: red}}}", "colour"),
        ("groups: {file: data/groups.yml, prefix: courses}", "courses"),
        ("audience_pages: {家长: {title: 给家长}}", "prefix"),
        ("statistics: [yes]", "statistics"),
    ],
)
def test_broken_programme_options_are_configuration_errors(programme_site, option, message):
    programme_site.write("mkdocs.yml", f"site_name: 测试\ntheme: {{name: material, language: zh}}\nplugins:\n  - xinyu:\n      {option}\n")
    programme_site.write("docs/courses/c/index.md", course())
    result = programme_site.check()
    assert result.code == 2 and "Traceback" not in result.err and message in result.err, result.err


def test_xinyu_new_training_scaffolds_a_valid_session(programme_site):
    programme_site.write(
        "mkdocs.yml",
        "site_name: 测试\nplugins:\n  - xinyu:\n      collections: {training: {label: 研修与培训, source: training, schema: training}}\n",
    )
    args = [
        "--title",
        "沙盘游戏入门工作坊",
        "--summary",
        "摘要",
        "--kind",
        "工作坊",
        "--trainers",
        "zhou-min",
        "xx大学心理学部",
        "--skills",
        "个辅,团辅",
    ]
    proc = subprocess.run(
        [bin_path("xinyu"), "new", "training", "--yes", *args], cwd=programme_site.root, capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = next((programme_site.root / "training").glob("*/index.md")).read_text(encoding="utf-8")
    assert "# 九会技能（必填）" in text and "skills: [个辅, 团辅]" in text and "# 培训专家（必填）" in text
    assert programme_site.check().code == 0


def test_stats_counts_views_and_downloads_from_access_logs(programme_site):
    from openpyxl import load_workbook

    programme_site.write("mkdocs.yml", "site_name: 测试\nsite_url: http://intranet.example/xinyu/\nplugins:\n  - xinyu\n")
    programme_site.write("docs/courses/c/index.md", course(extra="attachments: [{file: 回应卡.pdf, title: 回应卡}]"))
    (programme_site.root / "docs/courses/c/回应卡.pdf").write_bytes(minimal_pdf())
    agent = '"-" "Mozilla/5.0 (Windows NT 10.0)"'
    log = "\n".join(
        [
            f'10.0.0.1 - - [10/Mar/2025:08:00:00 +0800] "GET /xinyu/courses/c/ HTTP/1.1" 200 512 {agent}',
            f'10.0.0.1 - - [10/Mar/2025:08:05:00 +0800] "GET /xinyu/courses/c/ HTTP/1.1" 304 0 {agent}',  # a reload: one view
            f'10.0.0.2 - - [10/Mar/2025:09:00:00 +0800] "GET /xinyu/courses/c/index.html HTTP/1.1" 200 512 {agent}',
            f'10.0.0.1 - - [10/Mar/2025:08:06:00 +0800] "GET /xinyu/courses/c/%E5%9B%9E%E5%BA%94%E5%8D%A1.pdf HTTP/1.1" 200 900 {agent}',
            f'10.0.0.1 - - [10/Mar/2025:08:06:01 +0800] "GET /xinyu/courses/c/%E5%9B%9E%E5%BA%94%E5%8D%A1.pdf HTTP/1.1" 206 100 {agent}',
            '10.0.0.9 - - [10/Mar/2025:10:00:00 +0800] "GET /xinyu/courses/c/ HTTP/1.1" 200 512 "-" "Baiduspider/2.0"',
            f'10.0.0.3 - - [10/Mar/2025:10:00:00 +0800] "GET /xinyu/courses/c/ HTTP/1.1" 404 0 {agent}',
            "garbage line",
        ]
    )
    programme_site.write("logs/access.log", log + "\n")
    with gzip.open(programme_site.root / "logs/access.log.1.gz", "wt", encoding="utf-8") as fh:
        fh.write(f'10.0.0.4 - - [09/Mar/2025:10:00:00 +0800] "GET /xinyu/courses/c/ HTTP/1.1" 200 512 {agent}\n')
    cmd = [bin_path("xinyu"), "stats", "--access-log", "logs/access.log", "logs/access.log.1.gz", "--out", "年度统计.xlsx"]
    proc = subprocess.run(cmd, cwd=programme_site.root, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    book = load_workbook(programme_site.root / "年度统计.xlsx")
    rows = [[c.value for c in row] for row in book["浏览与下载（按条目）"].iter_rows()]
    item = next(r for r in rows if r[1] == "家长课：读懂孩子的情绪")
    assert item[3:5] == [3, 1], rows  # views: 10.0.0.1 once, 10.0.0.2, 10.0.0.4; the robot and the 404 left out
    schools = {r[0]: r for r in ([c.value for c in row] for row in book["浏览与下载（按学校）"].iter_rows())}
    assert schools["xx区第二小学"][2:4] == [3, 1]
    assert "1 行格式无法识别" in rows[1][0] and "1 次为搜索引擎" in rows[1][0]
    missing = subprocess.run(
        [bin_path("xinyu"), "stats", "--access-log", "nope.log"], cwd=programme_site.root, capture_output=True, text=True, encoding="utf-8"
    )
    assert missing.returncode == 2 and "找不到访问日志" in missing.stderr and "Traceback" not in missing.stderr


def test_statistics_workbook_keeps_formula_like_text_as_text(programme_site):
    from openpyxl import load_workbook

    from xinyu.index.report import Table
    from xinyu.index.workbook import workbook_bytes

    data = workbook_bytes([Table("t", "表", ["学校", "数"], [['=HYPERLINK("http://x")', 1]])])
    cell = load_workbook(io.BytesIO(data))["表"]["A3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_a_site_without_programme_data_builds_without_programme_pages(site, valid_case):
    site.write("docs/index.md", "---\ntemplate: xinyu/home.html\n---\n# 首页\n")
    site.write("cases/x/index.md", valid_case)
    result = site.build("--strict")
    assert result.code == 0, result.err
    assert not (site.out / "groups").exists() and not (site.out / "parents").exists()
    home = (site.out / "index.html").read_text(encoding="utf-8")
    assert "xy-programme-home" in home and "xy-stats--programme" not in home  # counts per year, no groups or 给家长
    assert (ROOT / "data/groups.yml").is_file()  # the sample site has them; this one has none


ROUND_STATE = """\
codes: {2025-001: cases/calm, 2025-002: cases/other}
results:
  announced: 2025-07-01
  notice_until: 2025-07-08
  submissions: 2
  ranking:
    - {code: 2025-001, key: cases/calm, slug: calm, title: 平静下来的小A, school: 区二小, award: 一等奖}
    - {code: 2025-002, key: cases/other, slug: other, title: 未获奖的案例, school: xx区实验小学}
"""


def test_home_and_figures_show_the_latest_selection_round(programme_site, valid_case):
    config = "site_name: 测试\ntheme: {name: material, language: zh}\nplugins:\n  - xinyu:\n      rounds:\n"
    config += "        '2025': {title: 2025年度优秀案例评选, criteria: [{name: 过程与方法, max: 40}]}\n"
    programme_site.write("mkdocs.yml", config)
    programme_site.write("docs/index.md", "---\ntemplate: xinyu/home.html\n---\n# 首页\n")
    winner = valid_case.replace(
        "school: xx区实验中学", "school: xx区第二小学\nround: '2025'\naward: {level: 区级, rank: 一等奖, year: 2025}"
    )
    programme_site.write("cases/calm/index.md", winner.replace("用情绪温度计帮助初一学生识别情绪", "平静下来的小A"))
    programme_site.write("data/rounds/2025.yml", ROUND_STATE)
    result = programme_site.build("--strict")
    assert result.code == 0, result.err
    home = (programme_site.out / "index.html").read_text(encoding="utf-8")
    block = home[home.index("xy-programme-home") :]
    assert 'href="rounds/2025/"' in block and "2025年度优秀案例评选" in block
    assert 'href="cases/calm/"' in block and "一等奖" in block and "未获奖的案例" not in block
    from openpyxl import load_workbook

    sheet = load_workbook(programme_site.out / "statistics.xlsx")["各校参评（按年份）"]
    rows = {r[0]: r for r in ([c.value for c in row] for row in sheet.iter_rows())}
    assert rows["学校"][1] == "2025" and rows["xx区第二小学"][1] == 1 and rows["xx区实验小学"][1] == 1


def test_a_privacy_finding_in_a_data_file_names_the_fix_that_works_there(programme_site):
    """A YAML registry has no Markdown line for a marker and no front matter: the site allow file is the way."""
    programme_site.write(
        "data/groups.yml",
        GOOD_GROUP.replace("研究员级教师主持的工作室。", "工作室电话 13812345678，顾问欧阳娜娜老师。"),
    )
    programme_site.write("docs/courses/c/index.md", course())
    found = lines_of(programme_site.check(), "data/groups.yml")
    assert len(found) >= 2 and all("data/privacy-allow.txt" in ln for ln in found), found
    assert not any(word in ln for ln in found for word in ("xinyu-allow", "privacy_allow", "front matter")), found
    # Doing what the messages say: one line each in the site allow file.
    name_line = re.search(r"加一行\s*(\S+?#[0-9a-f]{4})", "\n".join(found)).group(1)
    programme_site.write("data/privacy-allow.txt", f"{name_line}\n138 1234 5678\n")
    assert lines_of(programme_site.check(), "data/groups.yml") == []


def test_the_authors_registry_texts_pass_the_privacy_guard_and_an_error_reaches_no_output(programme_site):
    """A person's title and bio are on their page, beside their items and in the search index: a phone, an e-mail or
    a student's name there is an error at its line, and the person is shown by name only until it is fixed."""
    programme_site.write(
        "data/authors.yml",
        AUTHORS
        + "shen-yiming:\n  name: 沈一鸣\n  school: xx区实验中学\n  title: 心理教师 电话13612345678\n"
        "  bio: 邮箱 shen.yiming@example.edu.cn，学生李小龙曾在此咨询。\n",
    )
    programme_site.write("docs/courses/c/index.md", course().replace("authors: [lin-jing]", "authors: [lin-jing, shen-yiming]"))
    found = lines_of(programme_site.check(), "data/authors.yml")
    assert [": ".join(ln.split(": ")[:2]) for ln in found] == [
        "data/authors.yml:7: shen-yiming.title",
        "data/authors.yml:8: shen-yiming.bio",
        "data/authors.yml:8: shen-yiming.bio",
    ], found
    assert programme_site.build().code == 0
    leaked = [p for p in programme_site.out.rglob("*") if p.is_file() and re.search(rb"13612345678|shen\.yiming|\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99", p.read_bytes())]
    assert leaked == []
    page = (programme_site.out / "people/shen-yiming/index.html").read_text(encoding="utf-8")
    assert "沈一鸣" in page and "心理教师" not in page
    assert "研究员级教师" in (programme_site.out / "people/zhou-min/index.html").read_text(encoding="utf-8")


def test_a_page_marked_internal_is_in_no_sitemap_and_no_search(site, valid_case):
    """Any page we mark internal (front matter internal: true, like the statistics page): noindex, not in sitemap.xml, not in search."""
    from xinyu.search import Searcher

    site.write("cases/a/index.md", valid_case)
    site.write("docs/notes.md", "---\ntemplate: xinyu/page.html\ninternal: true\n---\n# 评审会议纪要\n\n内部使用的纪要。\n")
    site.write("docs/plain-notes.md", "---\ninternal: true\n---\n# 值班表\n\n内部值班安排。\n")
    site.write("docs/public.md", "# 公开页面\n\n对外公开的说明。\n")
    result = site.build("--strict")
    assert result.code == 0, result.err
    sitemap = (site.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/public/" in sitemap and "/cases/a/" in sitemap
    assert "/notes/" not in sitemap and "/plain-notes/" not in sitemap
    urls = Searcher(site.out / "search").urls
    assert "public/" in urls and "notes/" not in urls and "plain-notes/" not in urls
    assert 'name="robots" content="noindex"' in (site.out / "notes/index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex"' in (site.out / "plain-notes/index.html").read_text(encoding="utf-8")
    assert "noindex" not in (site.out / "public/index.html").read_text(encoding="utf-8")
