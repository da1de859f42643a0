"""Atom feeds: well-formed, the newest published items of the catalog, absolute links from site_url."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from deploy_support import SITE_URL, build_sample

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_sample(tmp_path_factory.mktemp("feeds") / "sample")


def read_feed(path):
    root = ET.parse(path).getroot()  # raises on anything not well-formed
    assert root.tag == f"{A}feed"
    return root


def entry_links(root) -> list[str]:
    return [e.find(f"{A}link[@rel='alternate']").get("href") for e in root.findall(f"{A}entry")]


def test_library_feed_lists_the_newest_items_across_collections(built):
    root = read_feed(built.out / "feed.xml")
    catalog = built.catalog()
    newest = sorted(catalog, key=lambda i: str(i["date"]), reverse=True)[:50]
    assert sorted(entry_links(root)) == sorted(SITE_URL + i["url"] for i in newest)
    dates = [e.findtext(f"{A}updated") for e in root.findall(f"{A}entry")]
    assert dates == sorted(dates, reverse=True)
    assert root.findtext(f"{A}updated") == dates[0]


@pytest.mark.parametrize("collection", ["cases", "courses", "lectures", "research"])
def test_collection_feed_matches_catalog(built, collection):
    items = [i for i in built.catalog() if i["collection"] == collection]
    assert items, f"示例内容里没有 {collection}"
    root = read_feed(built.out / collection / "feed.xml")
    assert sorted(entry_links(root)) == sorted(SITE_URL + i["url"] for i in items)
    by_url = {SITE_URL + i["url"]: i for i in items}
    for entry in root.findall(f"{A}entry"):
        item = by_url[entry.findtext(f"{A}id")]
        assert entry.findtext(f"{A}title") == item["title"]
        assert entry.findtext(f"{A}summary") == item["summary"]
        assert entry.findtext(f"{A}published").startswith(str(item["date"])[:7])
        names = [a.findtext(f"{A}name") for a in entry.findall(f"{A}author")]
        assert set(item.get("authors") or item.get("speakers") or item.get("leaders") or []) <= set(names)


def test_feed_links_are_absolute_and_point_at_built_pages(built):
    for path in [built.out / "feed.xml", *built.out.glob("*/feed.xml")]:
        root = read_feed(path)
        self_link = root.find(f"{A}link[@rel='self']").get("href")
        assert self_link == SITE_URL + path.relative_to(built.out).as_posix()
        for node in root.iter(f"{A}link"):
            href = node.get("href")
            assert href.startswith(SITE_URL), href
            target = built.out / href[len(SITE_URL) :]
            assert (target / "index.html").is_file() or target.is_file(), href


def test_pages_announce_their_feeds(built):
    home = (built.out / "index.html").read_text(encoding="utf-8")
    # "alternate feed": feed readers find it by the alternate token; Material's language switcher (exact rel=alternate) ignores it.
    assert '<link rel="alternate feed" type="application/atom+xml"' in home and 'href="feed.xml"' in home
    assert '<link rel="alternate"' not in home
    cases = (built.out / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'href="../feed.xml"' in cases and 'href="feed.xml"' in cases


def test_drafts_are_not_in_feeds(built):
    text = "".join(p.read_text(encoding="utf-8") for p in built.out.rglob("feed.xml"))
    drafts = [p.parent.name for p in (built.root / "cases").glob("*/index.md") if "status: draft" in p.read_text(encoding="utf-8")]
    assert drafts, "示例内容里应有一个草稿"
    for slug in drafts:
        assert f"/{slug}/" not in text


def test_no_site_url_means_no_feed_and_no_link(site, valid_case):
    site.write(
        "mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8").replace("site_url: http://example.test/xinyu/\n", "")
    )
    site.write("cases/a-case/index.md", valid_case)
    result = site.build()
    assert result.code == 0, result.err
    assert not (site.out / "feed.xml").exists()
    assert "application/atom+xml" not in (site.out / "index.html").read_text(encoding="utf-8")


def test_markup_like_text_stays_well_formed(site, valid_case):
    # Control characters are refused by check and taken out of every value (test_check_bad_input: hidden characters).
    site.write("cases/a-case/index.md", valid_case.replace("summary: 一名", 'summary: "成绩<60 & 3>2 ]]> 一名'))
    site.write(
        "cases/a-case/index.md", site.root.joinpath("cases/a-case/index.md").read_text(encoding="utf-8").replace("情绪。\n", '情绪。"\n', 1)
    )
    result = site.build()
    assert result.code == 0, result.err
    root = read_feed(site.out / "cases" / "feed.xml")
    summary = root.find(f"{A}entry").findtext(f"{A}summary")
    assert summary.startswith("成绩<60 & 3>2 ]]> ")  # markup itself is refused by check (tests/test_escape_check.py)
    assert root.find(f"{A}entry").findtext(f"{A}id") == "http://example.test/xinyu/cases/a-case/"


def test_a_feed_with_no_dated_item_is_the_same_at_every_build(site, valid_case):
    site.write("cases/a-case/index.md", valid_case.replace("date: 2024-05-20\n", "date: 2024-05-20\nstatus: draft\n"))
    result = site.build()
    assert result.code == 0, result.err
    first = (site.out / "feed.xml").read_bytes()
    assert read_feed(site.out / "feed.xml").findtext(f"{A}updated") == "1970-01-01T00:00:00Z"
    assert site.build().code == 0
    assert (site.out / "feed.xml").read_bytes() == first
