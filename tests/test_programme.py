"""The programme on the repository's own sample site: groups, training, 给家长, 专家点评, figures, home counts."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from conftest import ROOT, Site


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Site:
    dest = tmp_path_factory.mktemp("programme") / "site-src"
    ignore = shutil.ignore_patterns("site", ".venv", ".git", "__pycache__", ".cache", "tests", "plugins", "*.egg-info", "dist")
    shutil.copytree(ROOT, dest, ignore=ignore)
    site = Site(dest)
    result = site.build("--strict")
    assert result.code == 0, result.err
    return site


def html(site: Site, rel: str) -> str:
    return (site.out / rel).read_text(encoding="utf-8")


def links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


def test_studio_page_links_its_host_and_members_and_lists_their_work(sample):
    groups = {g["id"]: g for g in json.loads(html(sample, "catalog.json"))["groups"]}
    studio = next(g for g in groups.values() if g["kind"] == "名师工作室")
    page = html(sample, studio["url"] + "index.html")
    assert studio["name"] in page and "名师工作室" in page
    for pid in [studio["host_id"], *studio["members_ids"]]:
        assert f"../../people/{pid}/" in links(page), pid
    items = {i["url"]: i for i in sample.catalog()}
    assert studio["items"] and all(u in items for u in studio["items"])
    for url in studio["items"][:5]:
        assert items[url]["title"] in page
    people = {studio["host_id"], *studio["members_ids"]}
    made_by = {
        i["url"] for i in items.values() if people & set(i.get("authors_ids", []) + i.get("speakers_ids", []) + i.get("trainers_ids", []))
    }
    assert set(studio["items"]) == made_by  # every item its people made, none they only commented on


def test_groups_index_and_people_pages_show_the_groups(sample):
    index = html(sample, "groups/index.html")
    groups = json.loads(html(sample, "catalog.json"))["groups"]
    assert len(groups) >= 4 and {"名师工作室", "指导中心", "专委会", "学校心理组"} <= {g["kind"] for g in groups}
    for group in groups:
        assert f"../{group['id']}/" in links(index) or f"{group['id']}/" in links(index)
    member = groups[0]["members_ids"][0]
    person = html(sample, f"people/{member}/index.html")
    assert "所在团队" in person and f"../../groups/{groups[0]['id']}/" in links(person)


def test_training_collection_has_sessions_facets_and_materials(sample):
    sessions = [i for i in sample.catalog() if i["collection"] == "training"]
    assert len(sessions) >= 5
    assert {"通识培训", "高级研修班"} <= {s["kind"] for s in sessions}
    assert all(s["skills"] and s["trainers"] for s in sessions)
    index = html(sample, "training/index.html")
    assert 'data-facet="kind"' in index and 'data-facet="skills"' in index
    with_material = next(s for s in sessions if s["attachments"])
    page = html(sample, with_material["url"] + "index.html")
    assert "九会技能" in page and "附件下载" in page
    assert (sample.out / with_material["attachments"][0]["url"]).is_file()
    trainer = next(pid for s in sessions for pid in s["trainers_ids"] if pid)
    assert "授课" in html(sample, f"people/{trainer}/index.html")


def test_every_item_has_an_audience_and_parents_have_their_page(sample):
    items = sample.catalog()
    assert all(isinstance(i["audience"], list) and i["audience"] for i in items)
    for_parents = [i for i in items if "家长" in i["audience"]]
    assert len(for_parents) >= 2 and all(i["collection"] == "courses" for i in for_parents)
    page = html(sample, "parents/index.html")
    for item in for_parents:
        assert item["title"] in page
    home = html(sample, "index.html")
    assert re.search(r'<a[^>]+href="parents/"[^>]*>.*?给家长', home, re.S)
    assert "家长" in html(sample, "courses/index.html") and (sample.out / "courses/audience").is_dir()


def test_expert_comments_show_on_the_page_in_the_catalog_and_in_search(sample):
    from xinyu.search import Searcher

    item = next(i for i in sample.catalog() if len(i.get("comments") or []) >= 2 and "公开课" in i.get("tags", []))
    page = html(sample, item["url"] + "index.html")
    section = page[page.index("专家点评") :]
    for comment in item["comments"]:
        assert comment["by"] in section and comment["title"] in section
    registered = next(c for c in item["comments"] if c["by_id"])
    assert f"../../people/{registered['by_id']}/" in links(section)
    assert "点评" in html(sample, f"people/{registered['by_id']}/index.html")
    only_in_comment = "区初中心理健康活动课资源包"
    assert only_in_comment not in (ROOT / "docs/courses" / item["slug"] / "index.md").read_text(encoding="utf-8").split("---")[2]
    assert item["url"] in {h.url for h in Searcher(sample.out / "search").search(only_in_comment).hits}


def test_statistics_page_and_workbook_have_the_annual_figures(sample):
    from openpyxl import load_workbook

    page = html(sample, "statistics/index.html")
    assert 'name="robots" content="noindex"' in page and "statistics.xlsx" in page
    book = load_workbook(io.BytesIO((sample.out / "statistics.xlsx").read_bytes()))
    assert {"各校投稿（按年份）", "各校获奖（按年份）", "各校参评（按年份）", "尚无投稿的学校", "各栏目条目（按年份）"} <= set(
        book.sheetnames
    )
    silent = [[c.value for c in row] for row in book["尚无投稿的学校"].iter_rows()]
    overall = next(row for row in silent if row[0] == "全部年份")
    assert "xx区第四中学" in overall[2] and "xx区第三中学" not in overall[2]
    rows = {row[0].value: [c.value for c in row] for row in book["各栏目条目（按年份）"].iter_rows() if row[0].value}
    header = next(r for r in rows.values() if r[0] == "栏目")
    trained = dict(zip(header, rows["研修与培训"], strict=True))
    assert trained["合计"] == len([i for i in sample.catalog() if i["collection"] == "training"])
    contributions = {row[0].value: row[-1].value for row in book["各校投稿（按年份）"].iter_rows()}
    assert contributions["xx区第三中学"] == len([i for i in sample.catalog() if i.get("school") == "xx区第三中学"])


def test_home_shows_live_counts_of_the_programme(sample):
    home = html(sample, "index.html")
    block = home[home.index("xy-programme-home") :]
    groups = json.loads(html(sample, "catalog.json"))["groups"]
    members = {g["host_id"] for g in groups} | {m for g in groups for m in g["members_ids"]}
    assert f"<strong>{len(groups)}</strong>" in block and f"<strong>{len(members)}</strong>" in block
    cases_2024 = len([i for i in sample.catalog() if i["collection"] == "cases" and i["year"] == "2024"])
    assert re.search(rf'href="cases/year/2024/">{cases_2024}</a>', block)
