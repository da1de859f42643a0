"""Slugs and docs/ paths that clash with a generated page are errors, never silently replaced."""

from __future__ import annotations

import json

import pytest

from conftest import VALID_CASE
from xinyu.content.site import reserved_slugs, site_from_options

COURSE = """\
---
title: 认识情绪
summary: 初一情绪单元第一课。
date: 2024-03
topics: 情绪
grade: 初一
authors: [李老师]
school: xx区实验中学
kind: 教学设计
series: 初一·情绪单元
---
认识基本情绪。
"""


def test_reserved_slugs_follow_the_configured_facets(tmp_path):
    site = site_from_options(
        tmp_path,
        {
            "collections": {
                "cases": {
                    "label": "案例",
                    "source": "cases",
                    "schema": "cases",
                    "facets": ["grade", {"field": "school", "key": "xuexiao"}, "award.level"],
                },
            }
        },
    )
    reserved = reserved_slugs(site.collections["cases"])
    assert {"grade", "xuexiao", "award"} <= reserved  # derived from the configuration
    assert {"tags", "school", "year", "series", "event", "index", "search", "assets"} <= reserved  # always


@pytest.mark.parametrize("slug", ["tags", "grade", "school", "year", "award", "index", "search", "assets"])
def test_a_case_named_like_a_generated_page_is_an_error(site, slug):
    site.write(f"cases/{slug}/index.md", VALID_CASE)
    found = site.check()
    assert found.code == 1
    assert any(line.startswith(f"cases/{slug}/index.md:1: 目录名: ") and "重名" in line for line in found.lines), found.out


def test_clashing_items_are_left_out_and_nothing_links_to_them(site):
    site.write("cases/tags/index.md", VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\ntags: [考试焦虑]"))
    site.write("cases/good/index.md", VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\ntags: [考试焦虑]"))
    site.write("docs/courses/series.md", COURSE)
    site.write("docs/courses/lesson-one.md", COURSE)
    found = site.check()
    assert any(line.startswith("docs/courses/series.md:1: 目录名: ") for line in found.lines), found.out
    site.build()
    keys = {(i["collection"], i["slug"]) for i in site.catalog()}
    assert ("cases", "good") in keys and ("cases", "tags") not in keys and ("courses", "series") not in keys
    tags_page = (site.out / "cases/tags/index.html").read_text(encoding="utf-8")
    assert "按标签" in tags_page  # the facet page, not a case
    home = (site.out / "index.html").read_text(encoding="utf-8")
    assert 'href="cases/tags/"' not in home and 'href="courses/series/"' not in home


def test_docs_pages_where_generated_pages_go_are_errors(site):
    site.write("cases/one/index.md", VALID_CASE)  # the cases collection is on (its folder has items)
    site.write("docs/people/index.md", "# 我们的老师\n")
    site.write("docs/cases/tags.md", "# 标签\n")
    site.write("docs/catalog.json", json.dumps({"items": []}))
    site.write("docs/parents/index.md", "# 给家长\n")  # the default audience page's prefix (programme options)
    site.write("docs/rounds/2025.md", "# 评选\n")
    site.write("docs/Search.md", "# 搜索\n")  # any case: on Windows, macOS and IIS Search/ is search/
    site.write("docs/Feed.XML", "<rss/>")
    found = site.check()
    assert found.code == 1
    shown = ("docs/people/index.md", "docs/cases/tags.md", "docs/catalog.json", "docs/parents/index.md", "docs/rounds/2025.md")
    for rel in (*shown, "docs/Search.md", "docs/Feed.XML"):
        assert any(line.startswith(f"{rel}:1: 文件: ") and "自动生成" in line for line in found.lines), (rel, found.out)
