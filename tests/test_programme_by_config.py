"""A second district renames or removes every part of the programme with mkdocs.yml, schema and data files alone."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

AUTHORS = """\
gao-lan: {name: 高兰, school: yy区实验中学, title: 特级教师}
fang-yu: {name: 方宇, school: yy区第一小学}
"""

TEAMS = """\
gao-studio:
  name: 高兰心理名师工作坊
  kind: 名师工作坊
  host: gao-lan
  members: [fang-yu]
"""

VOCAB_RENAMED = """
audience:
  label: 服务对象
  terms:
    教师: [老师]
    家长: []
    学生: []
skills:
  label: 六项本领
  terms:
    会上课: []
    会辅导: []
group_kind:
  label: 团队类别
  terms:
    名师工作坊: [工作坊]
    教研组: []
"""

RENAMED = """\
site_name: 另一个区
site_url: http://example.test/
theme: {name: material, language: zh, font: false}
plugins:
  - xinyu:
      groups: {file: data/teams.yml, label: 名师团队, prefix: teams}
      schools: data/xuexiao.yml
      audience_pages:
        家长: {title: 家长课堂, prefix: jiazhang, description: 写给家长的课程。}
      statistics: {title: 数据看板, prefix: shuju}
      collections:
        courses:
          defaults: {audience: [家长]}
        talks:
          label: 专题报告
          item_label: 报告
          source: talks
          schema: schemas/talks.yml
          facets: [event, year]
        peixun:
          label: 教师研修
          item_label: 研修
          source: yanxiu
          prefix: yanxiu
          schema: training
          facets: [kind, skills, year]
"""

TALKS_SCHEMA = """\
x-extends: lectures
properties:
  comments: {$ref: "#/$defs/comments", title: 名师点评}
"""

REMOVED = """\
site_name: 第三个区
theme: {name: material, language: zh, font: false}
plugins:
  - xinyu:
      groups: false
      schools: false
      audience_pages: {}
      statistics: false
      collections:
        courses:
          schema: schemas/courses.yml
"""

PLAIN_COURSES = """\
x-extends: courses
properties:
  comments: null
  audience: null
"""

COURSE = """\
---
title: 家长课：陪孩子过好第一个月
summary: 写给一年级家长。
date: 2024-09-01
grade: 一年级
topics: [家庭教育]
kind: 课件
authors: [fang-yu]
school: yy区第一小学
{extra}
---
正文。
"""

TALK = """\
---
title: 教师的自我关怀
summary: 专题报告。
date: 2024-05-01
topics: [情绪调适]
speakers: [gao-lan]
event: 2024年春季专题报告
comments:
  - {by: fang-yu, title: 受益良多, text: 报告贴近一线。}
---
正文。
"""

SESSION = """\
---
title: 心理课听评课研修
summary: 全区研修。
date: 2024-04-01
kind: 工作坊
trainers: [gao-lan]
skills: [会上课]
---
正文。
"""


HOME = "---\ntemplate: xinyu/home.html\n---\n# 首页\n"


@pytest.fixture
def renamed(site):
    site.write("mkdocs.yml", RENAMED)
    vocab = site.root / "data/vocabulary.yml"
    lists = {**yaml.safe_load(vocab.read_text(encoding="utf-8")), **yaml.safe_load(VOCAB_RENAMED)}
    vocab.write_text(yaml.safe_dump(lists, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site.write("docs/index.md", HOME)
    site.write("data/authors.yml", AUTHORS)
    site.write("data/teams.yml", TEAMS)
    site.write("data/xuexiao.yml", "yy区第一小学: []\nyy区第二小学: []\n")
    site.write("schemas/talks.yml", TALKS_SCHEMA)
    site.write("docs/courses/first-month/index.md", COURSE.format(extra=""))
    site.write("talks/self-care/index.md", TALK)
    site.write("yanxiu/lesson-study/index.md", SESSION)
    return site


def test_every_part_can_be_renamed_by_configuration(renamed):
    result = renamed.build("--strict")
    assert result.code == 0, result.err
    out = renamed.out
    team = (out / "teams/gao-studio/index.html").read_text(encoding="utf-8")
    assert "名师工作坊" in team and "../../people/fang-yu/" in team and "名师团队" in team
    assert "名师团队" in (out / "teams/index.html").read_text(encoding="utf-8")
    sessions = (out / "yanxiu/index.html").read_text(encoding="utf-8")
    assert "教师研修" in sessions and "六项本领" in sessions and (out / "yanxiu/lesson-study/index.html").is_file()
    talk = (out / "talks/self-care/index.html").read_text(encoding="utf-8")
    assert "名师点评" in talk and "专家点评" not in talk and "报告贴近一线" in talk
    parents = (out / "jiazhang/index.html").read_text(encoding="utf-8")
    assert "家长课堂" in parents and "陪孩子过好第一个月" in parents  # courses default to 家长 here
    assert "服务对象" in (out / "courses/first-month/index.html").read_text(encoding="utf-8")
    assert "数据看板" in (out / "shuju/index.html").read_text(encoding="utf-8") and (out / "statistics.xlsx").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="jiazhang/"' in home and 'href="teams/"' in home and "名师团队" in home
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    by_slug = {i["slug"]: i for i in catalog["items"]}
    assert by_slug["first-month"]["audience"] == ["家长"] and by_slug["lesson-study"]["collection"] == "peixun"
    assert by_slug["self-care"]["comments"][0]["by_id"] == "fang-yu"
    assert catalog["groups"][0]["url"] == "teams/gao-studio/"
    for gone in ("groups", "parents", "statistics", "training"):
        assert not (out / gone).exists(), gone


def test_renamed_vocabulary_is_what_check_enforces(renamed):
    renamed.write("yanxiu/bad/index.md", SESSION.replace("skills: [会上课]", "skills: [团辅]"))
    renamed.write("data/teams.yml", TEAMS.replace("kind: 名师工作坊", "kind: 名师工作室"))
    lines = renamed.check().lines
    assert any(ln.startswith("yanxiu/bad/index.md:") and ": skills: " in ln and "六项本领" in ln for ln in lines), lines
    assert any(ln.startswith("data/teams.yml:") and "团队类别" in ln for ln in lines), lines


def test_every_part_can_be_removed_by_configuration(site):
    site.write("mkdocs.yml", REMOVED)
    site.write("docs/index.md", HOME)
    site.write("schemas/courses.yml", PLAIN_COURSES)
    site.write("data/authors.yml", AUTHORS)
    site.write("data/groups.yml", TEAMS)  # present, but switched off
    site.write("data/schools.yml", "yy区第一小学: []\n")
    site.write("docs/courses/first-month/index.md", COURSE.format(extra=""))
    result = site.build("--strict")
    assert result.code == 0, result.err
    out = site.out
    for gone in ("groups", "parents", "statistics", "training", "statistics.xlsx"):
        assert not (out / gone).exists(), gone
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "xy-stats--programme" not in home and "给家长" not in home
    item = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"][0]
    assert "comments" not in item and "groups" not in json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    page = (out / "courses/first-month/index.html").read_text(encoding="utf-8")
    assert "适用对象" not in page and "专家点评" not in page
    site.write("docs/courses/first-month/index.md", COURSE.format(extra="comments: [{by: gao-lan, text: 好}]\naudience: 家长"))
    lines = site.check().lines
    assert any(": comments: 未知字段“comments”" in ln for ln in lines) and any(": audience: 未知字段“audience”" in ln for ln in lines), (
        lines
    )


def test_a_district_switching_off_sections_keeps_the_sample_nav_and_about_page(sample_site):
    """The sample's nav and about page name 研修与培训, 给家长 and the groups: switched off by configuration alone, the site
    still builds --strict; the plugin leaves its missing pages out of the nav and turns links to them into text."""
    config = (sample_site.root / "mkdocs.yml").read_text(encoding="utf-8")
    training = config[config.index("        training:\n") : config.index("markdown_extensions:")]
    config = config.replace(training, "").replace("groups: data/groups.yml", "groups: false")
    config = re.sub(r"audience_pages:.*?\n(\s+家长:.*?\n)", "audience_pages: {}\n", config)
    sample_site.write("mkdocs.yml", config)
    shutil.rmtree(sample_site.root / "docs/training")
    result = sample_site.build("--strict")
    assert result.code == 0, result.err
    out = sample_site.out
    assert not (out / "training").exists() and not (out / "parents").exists() and not (out / "groups").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-tabs"') :]
    assert "研修与培训" not in nav and "工作室与团队" not in nav and "作者与名师" in nav
    about = (out / "about/index.html").read_text(encoding="utf-8")
    assert "研修与培训" in about and "给家长" in about  # the sentences stay, as text
    assert not re.search(r'href="[./]*(training|parents|groups)/', about), "no link to a section the site does not have"
    told = result.err + result.out
    assert "training/index.md" in told and "parents/index.md" in told  # said once, at info level
