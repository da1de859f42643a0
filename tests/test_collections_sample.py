"""Courses, lectures and research on the repository's own sample site: pages, indexes, facets."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    import shutil

    from conftest import COPY_IGNORE, ROOT, Site

    dest = tmp_path_factory.mktemp("sample") / "site-src"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    site = Site(dest)
    result = site.build("--strict")
    assert result.code == 0, result.err
    return site


def text(site, rel: str) -> str:
    return (site.out / rel).read_text(encoding="utf-8")


def by_collection(site, name: str) -> list[dict]:
    return [i for i in site.catalog() if i["collection"] == name]


def test_sample_has_every_collection(sample):
    counts = {name: len(by_collection(sample, name)) for name in ("cases", "courses", "lectures", "research")}
    assert counts["cases"] >= 12 and counts["courses"] >= 4 and counts["lectures"] >= 4 and counts["research"] >= 3, counts
    stats = json.loads(text(sample, "statistics.json"))
    assert stats["by_collection"] == {name: len(by_collection(sample, name)) for name in {i["collection"] for i in sample.catalog()}}


def test_series_page_lists_lessons_in_order(sample):
    lessons = [i for i in by_collection(sample, "courses") if i.get("series")]
    series = max({i["series"] for i in lessons}, key=lambda name: sum(i["series"] == name for i in lessons))  # the longest
    in_series = sorted((i for i in lessons if i["series"] == series), key=lambda i: i["order"])
    assert len(in_series) >= 4
    page_dirs = [p for p in (sample.out / "courses/series").iterdir() if p.is_dir()]
    html = next(text(sample, f"courses/series/{p.name}/index.html") for p in page_dirs if series in text(sample, f"courses/series/{p.name}/index.html"))
    positions = [html.index(i["title"]) for i in in_series]
    assert positions == sorted(positions), "lessons not in `order`"
    lesson = text(sample, in_series[1]["url"] + "index.html")
    assert "本课属于系列" in lesson and in_series[0]["title"] in lesson  # the series box links its siblings


def test_lesson_page_puts_downloads_before_the_lesson(sample):
    lesson = next(i for i in by_collection(sample, "courses") if i["attachments"])
    html = text(sample, lesson["url"] + "index.html")
    article = html[html.index("<article") :]
    assert article.index("附件下载") < article.index('class="xy-body"')
    for attachment in lesson["attachments"]:
        assert (sample.out / attachment["url"]).is_file()


def test_event_pages_group_lectures_in_programme_order(sample):
    lectures = by_collection(sample, "lectures")
    events = {i["event"] for i in lectures}
    assert len(events) >= 2
    for event in events:
        talks = sorted((i for i in lectures if i["event"] == event), key=lambda i: i.get("order") or 99)
        page = next(p for p in (sample.out / "lectures/event").iterdir() if p.is_dir() and event in text(sample, f"lectures/event/{p.name}/index.html"))
        html = text(sample, f"lectures/event/{page.name}/index.html")
        positions = [html.index(t["title"]) for t in talks]
        assert positions == sorted(positions)


def test_lecture_page_has_speaker_cards_linked_to_people_and_slides(sample):
    lecture = next(i for i in by_collection(sample, "lectures") if any(i.get("speakers_ids") or []))
    html = text(sample, lecture["url"] + "index.html")
    assert 'class="xy-speakers"' in html
    pid = next(p for p in lecture["speakers_ids"] if p)
    assert f"people/{pid}/" in html
    assert lecture["title"] in text(sample, f"people/{pid}/index.html")
    assert lecture["attachments"] and all((sample.out / a["url"]).is_file() for a in lecture["attachments"])


def test_research_index_grouped_by_status_and_level(sample):
    html = text(sample, "research/index.html")
    groups = re.findall(r'class="xy-group__title">([^<]+)<', html)
    assert groups and all(" · " in g for g in groups)
    statuses = [g.split(" · ")[0] for g in groups]
    order = ["立项", "在研", "结题"]
    assert statuses == sorted(statuses, key=order.index)
    project = next(i for i in by_collection(sample, "research") if i["title"] == "中小学生心理危机干预机制研究")
    page = text(sample, project["url"] + "index.html")
    assert "结题" in page and "负责人" in page


def test_named_research_projects_exist(sample):
    titles = {i["title"] for i in by_collection(sample, "research")}
    assert {"中小学生心理危机干预机制研究", "家庭因素对青少年心理健康的影响及对策研究"} <= titles


def test_backlinks_across_collections(sample):
    items = sample.catalog()
    source = next(i for i in items if i.get("related"))
    target = next(i for i in items if f"{i['collection']}/{i['slug']}" == source["related"][0])
    assert source["title"] in text(sample, target["url"] + "index.html")  # the target shows who links to it


def test_people_pages_list_every_role(sample):
    html = text(sample, "people/zhou-min/index.html")
    roles = set(re.findall(r'xy-chip--role">([^<]+)<', html))
    assert len(roles) >= 2, roles


@pytest.mark.browser
@pytest.mark.parametrize("collection,facet,field", [("courses", "series", "series"), ("lectures", "event", "event"), ("research", "status", "status_of_work"), ("research", "level", "level"), ("lectures", "year", "year")])
def test_facets_of_other_collections_in_the_browser(browser, serve, sample, collection, facet, field):
    base = serve(sample.out)
    items = by_collection(sample, collection)
    value = sorted({str(i.get(field)) for i in items if i.get(field)})[0]
    page = browser.new_page()
    page.goto(base + f"{collection}/?{facet}={quote(value)}")
    shown = {h.rstrip("/").split("/")[-1] for h in page.eval_on_selector_all(".xy-card:not([hidden]) .xy-card__title", "els => els.map(e => e.getAttribute('href'))")}
    assert shown == {i["slug"] for i in items if str(i.get(field)) == value}
    page.close()
