"""The programme on the repository's own sample site: groups, training, 给家长, 专家点评, figures, home counts."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from conftest import COPY_IGNORE, ROOT, Site


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Site:
    dest = tmp_path_factory.mktemp("programme") / "site-src"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
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
    # It records the newest item's date as when it was written, not the build's time: the same content, the same bytes.
    newest = max(str(i["date"])[:10] for i in sample.catalog() if len(str(i.get("date", ""))) >= 10)
    assert book.properties.created.date().isoformat() == book.properties.modified.date().isoformat() == newest


def test_home_shows_live_counts_of_the_programme(sample):
    home = html(sample, "index.html")
    block = home[home.index("xy-programme-home") :]
    groups = json.loads(html(sample, "catalog.json"))["groups"]
    members = {g["host_id"] for g in groups} | {m for g in groups for m in g["members_ids"]}
    assert f"<strong>{len(groups)}</strong>" in block and f"<strong>{len(members)}</strong>" in block
    cases_2024 = len([i for i in sample.catalog() if i["collection"] == "cases" and i["year"] == "2024"])
    assert re.search(rf'href="cases/year/2024/">{cases_2024}</a>', block)


def test_group_pages_are_searchable_after_the_items(sample):
    """Like people pages: every group page is in the index, after the items; the groups listing is not."""
    from xinyu.search import Searcher

    searcher = Searcher(sample.out / "search")
    groups = json.loads(html(sample, "catalog.json"))["groups"]
    pages = searcher.urls[searcher.items :]
    assert {g["url"] for g in groups} <= set(pages) and "groups/" not in searcher.urls
    studio = next(g for g in groups if g["id"] == "mingshi-studio")
    hits = searcher.search("名师带学员").hits  # only in the studio's description
    assert studio["url"] in [h.url for h in hits]
    mixed = [h.url for h in searcher.search("名师工作室").hits]
    first_page = next(i for i, url in enumerate(mixed) if url in pages)
    assert all(url in pages for url in mixed[first_page:]), mixed  # ranked after every item


def test_internal_pages_are_in_no_sitemap_and_no_search(sample):
    import gzip

    from xinyu.search import Searcher

    assert 'name="robots" content="noindex"' in html(sample, "statistics/index.html")
    sitemap = html(sample, "sitemap.xml")
    assert "/groups/" in sitemap and "/cases/" in sitemap  # public pages stay listed
    assert "/statistics/" not in sitemap
    assert "/statistics/" not in gzip.decompress((sample.out / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert not [u for u in Searcher(sample.out / "search").urls if u.startswith("statistics")]


def test_group_members_count_by_role_what_the_group_page_lists(sample):
    """A member's counts on the group page are by role (作者, 主讲, 负责人, 授课, 点评) and count items the page lists."""
    catalog = sample.catalog()
    roles = {"authors_ids": "作者", "speakers_ids": "主讲", "leaders_ids": "负责人", "trainers_ids": "授课"}
    seen_comment = False
    for group in json.loads(html(sample, "catalog.json"))["groups"]:
        page = html(sample, group["url"] + "index.html")
        listed = {i["url"] for i in catalog if f'href="../../{i["url"]}"' in page}
        for pid in [group["host_id"], *group["members_ids"]]:
            row = re.search(rf'<li class="xy-group-person[^"]*">\s*<a href="../../people/{pid}/">.*?</li>', page, re.S).group(0)
            shown = dict((role, int(n)) for role, n in re.findall(r"(作者|主讲|负责人|授课|点评) (\d+) 项", row))
            expected: dict[str, int] = {}
            for item in catalog:
                did = {role for key, role in roles.items() if pid in item.get(key, [])}
                did |= {"点评"} if any(c.get("by_id") == pid for c in item.get("comments") or []) else set()
                for role in did:
                    expected[role] = expected.get(role, 0) + 1
                    assert item["url"] in listed, (group["id"], pid, role, item["url"])
            assert shown == expected, (group["id"], pid, row)
            seen_comment |= "点评" in shown
        made = re.search(r"<h2>成果（(\d+)）</h2>", page).group(1)
        assert int(made) == len(group["items"])
    assert seen_comment, "the sample has a member who commented on an item"


def test_selection_results_have_a_way_in(sample):
    """The results page is linked from the collection's index and the home; it links back and to every winner."""
    rounds = sorted(p.parent.name for p in (sample.out / "rounds").glob("*/index.html"))
    assert rounds, "the sample has a selection round with results"
    name = rounds[-1]
    assert re.search(rf'href="../rounds/{name}/"[^>]*>[^<]*评选结果', html(sample, "cases/index.html"))
    assert f'href="rounds/{name}/"' in html(sample, "index.html")
    page = html(sample, f"rounds/{name}/index.html")
    assert 'href="../../cases/"' in page  # back to the collection (breadcrumbs)
    winners = [i for i in sample.catalog() if i.get("round") == name and i.get("award")]
    assert winners and all(f'href="../../{i["url"]}"' in page for i in winners)


def test_selection_results_are_searchable_after_the_items(sample):
    """评选结果 finds the results page (title, counts, winners as listed), after every item, like people and group pages."""
    from xinyu.search import Searcher

    searcher = Searcher(sample.out / "search")
    rounds = sorted(p.parent.name for p in (sample.out / "rounds").glob("*/index.html"))
    url = f"rounds/{rounds[-1]}/"
    assert url in searcher.urls[searcher.items :]
    assert url in [h.url for h in searcher.search(f"{rounds[-1]}年度优秀案例评选结果").hits]
    assert url in [h.url for h in searcher.search("评选结果").hits]
