"""The faceted browser in headless Chromium, compared with catalog.json, under a sub-path."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest

from conftest import address_holds

pytestmark = pytest.mark.browser

GRADES = ["一年级", "四年级", "六年级", "初一", "高二", "中职"]
TOPICS = ["情绪调适", "人际交往", "学会学习", "生命教育"]
TYPES = ["个体辅导", "团体辅导", "危机干预"]


def make_case(i: int) -> str:
    grade = GRADES[i % len(GRADES)]
    topics = sorted({TOPICS[i % len(TOPICS)], TOPICS[(i // 3) % len(TOPICS)]})
    award = f"award: {{level: {['区级', '市级'][i % 2]}, rank: 一等奖, year: 2024}}\n" if i % 4 == 0 else ""
    return f"""---
title: 测试案例{i:02d}
summary: 第 {i} 个测试案例。
date: {2021 + i % 4}-0{1 + i % 9}-1{i % 10}
topics: [{', '.join(topics)}]
grade: {grade}
authors: [王老师]
school: xx区第{1 + i % 3}中学
type: {TYPES[i % len(TYPES)]}
anonymized: true
{award}---
## 基本情况

内容 {i}。
"""


@pytest.fixture(scope="module")
def facet_site(tmp_path_factory):
    from conftest import MINIMAL_CONFIG, ROOT, Site

    site = Site(tmp_path_factory.mktemp("facets"))
    site.write("mkdocs.yml", MINIMAL_CONFIG)
    site.write("data/vocabulary.yml", (ROOT / "plugins/xinyu/data/vocabulary.yml").read_text(encoding="utf-8"))
    site.write("docs/index.md", "# 首页\n")
    for i in range(36):
        site.write(f"cases/case-{i:02d}/index.md", make_case(i))
    result = site.build()
    assert result.code == 0, result.err
    return site


def expected(catalog: list[dict], **facets: list[str]) -> set[str]:
    out = set()
    for item in catalog:
        if item["collection"] != "cases":
            continue
        ok = True
        for key, wanted in facets.items():
            value = item.get(key)
            values = value if isinstance(value, list) else [value]
            if key == "award":
                values = [(item.get("award") or {}).get("level")]
            if key == "year":
                values = [item["year"]]
            ok = ok and any(v in values for v in wanted)
        if ok:
            out.add(item["url"])
    return out


def visible(page) -> set[str]:
    hrefs = page.eval_on_selector_all(".xy-card:not([hidden]) .xy-card__title", "els => els.map(e => e.getAttribute('href'))")
    # hrefs are relative to cases/: "../cases/case-01/" or "case-01/"
    return {"cases/" + h.rstrip("/").split("/")[-1] + "/" for h in hrefs}


COMBOS = [
    ({}, ""),
    ({"grade": ["初中"]}, "grade=初中"),
    ({"grade": ["初中"]}, "grade=初一"),  # an alias is accepted
    ({"grade": ["初中", "高中"]}, "grade=初中,高中"),  # several values of one facet: OR
    ({"grade": ["初中", "高中"]}, "grade=初中&grade=高中"),
    ({"grade": ["初中"], "topics": ["情绪调适"]}, "grade=初中&topics=情绪调适"),  # AND across facets
    ({"topics": ["情绪调适"], "type": ["团体辅导"], "year": ["2022", "2023"]}, "topics=情绪&type=团辅&year=2022,2023"),
    ({"award": ["市级"]}, "award=市级"),
]


@pytest.mark.parametrize("facets,query", COMBOS, ids=[q or "none" for _, q in COMBOS])
def test_facet_url_shows_what_catalog_says(browser, serve, facet_site, facets, query):
    base = serve(facet_site.out)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "cases/?" + quote(query, safe="=&,"))
    want = expected(facet_site.catalog(), **facets)
    assert visible(page) == want
    assert str(len(want)) in page.inner_text(".xy-status")
    assert not errors
    page.close()


def test_live_counts_match_catalog(browser, serve, facet_site):
    base = serve(facet_site.out)
    page = browser.new_page()
    page.goto(base + "cases/?grade=初中")
    catalog = facet_site.catalog()
    for topic in TOPICS:
        count = page.inner_text(f'.xy-facet[data-facet="topics"] .xy-value[data-value="{topic}"] .xy-count')
        assert int(count) == len(expected(catalog, grade=["初中"], topics=[topic])), topic
    # a facet's own values are counted without its own selection (OR within a facet)
    count = page.inner_text('.xy-facet[data-facet="grade"] .xy-value[data-value="高中"] .xy-count')
    assert int(count) == len(expected(catalog, grade=["高中"]))
    page.close()


def test_clicks_keep_state_in_url_and_survive_reload(browser, serve, facet_site):
    base = serve(facet_site.out)
    page = browser.new_page()
    page.goto(base + "cases/")
    page.click('.xy-facet[data-facet="grade"] .xy-value[data-value="初中"]')
    page.click('.xy-facet[data-facet="topics"] .xy-value[data-value="人际交往"]')
    assert address_holds(page, "grade=%E5%88%9D%E4%B8%AD") and address_holds(page, "topics=")
    shown = visible(page)
    assert shown == expected(facet_site.catalog(), grade=["初中"], topics=["人际交往"])
    page.reload()
    assert visible(page) == shown
    assert page.get_attribute('.xy-facet[data-facet="grade"] .xy-value[data-value="初中"]', "aria-pressed") == "true"
    page.keyboard.press("Tab")  # the toggles are reachable by keyboard
    page.focus('.xy-facet[data-facet="grade"] .xy-value[data-value="初中"]')
    page.keyboard.press("Enter")
    assert address_holds(page, "grade=", present=False)
    page.close()


def test_sort_by_title_and_quick_filter(browser, serve, facet_site):
    base = serve(facet_site.out)
    page = browser.new_page()
    page.goto(base + "cases/?sort=title&filter=测试案例0")
    titles = page.eval_on_selector_all(".xy-card:not([hidden]) .xy-card__title", "els => els.map(e => e.textContent.trim())")
    assert titles == sorted(titles) and len(titles) == 10
    page.close()


def test_without_javascript_the_page_is_a_complete_grouped_list(browser, serve, facet_site):
    base = serve(facet_site.out)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "cases/?grade=初中")
    cards = page.eval_on_selector_all(".xy-card .xy-card__title", "els => els.length")
    assert cards == 36  # nothing filtered without JS, but everything reachable
    groups = page.eval_on_selector_all(".xy-group__title", "els => els.map(e => e.textContent)")
    assert groups == ["2024", "2023", "2022", "2021"]
    href = page.get_attribute('.xy-facet[data-facet="grade"] .xy-value[data-value="初中"]', "href")
    page.goto(page.url.split("?")[0] + href)
    assert page.locator(".xy-card").count() == len(expected(facet_site.catalog(), grade=["初中"]))
    context.close()


def test_five_facet_combinations_exhaustively(browser, serve, facet_site):
    """Every pair of one grade and one type agrees with the catalog."""
    base = serve(facet_site.out)
    page = browser.new_page()
    catalog = facet_site.catalog()
    for grade, kind in itertools.product(["小学低年级", "初中", "中职"], TYPES):
        page.goto(base + f"cases/?grade={quote(grade)}&type={quote(kind)}")
        assert visible(page) == expected(catalog, grade=[grade], type=[kind]), (grade, kind)
    page.close()
