"""xinyu in a site it did not make: a school's notes site (Material, its search, nav sections,
admonitions; tests/fixtures/school-notes) built without and with the plugin.

Without items of ours the host's output is byte for byte what it was; with items, the host's
pages and search index stay and the host's search box finds our items too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, VALID_CASE, Site

FIXTURE = ROOT / "tests/fixtures/school-notes"
ZWSP = "\u200b"


def host_site(folder: Path, plugins: str, case: bool = False) -> Site:
    """The fixture with its ``plugins:`` list replaced (``plugins`` is the YAML list's lines)."""
    shutil.copytree(FIXTURE, folder)
    site = Site(folder)
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8").replace("plugins:\n  - search\n", f"plugins:\n{plugins}")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    if case:
        site.write("cases/mood-thermometer/index.md", VALID_CASE)
    return site


def built(folder: Path, plugins: str, case: bool = False) -> Site:
    site = host_site(folder, plugins, case)
    result = site.build("--strict")
    assert result.code == 0, result.err
    assert "WARNING" not in result.err and "Traceback" not in result.err, result.err
    return site


def files(site: Site) -> dict[str, bytes]:
    return {p.relative_to(site.out).as_posix(): p.read_bytes() for p in site.out.rglob("*") if p.is_file() and not p.name.endswith(".gz")}


def search_docs(site: Site) -> list[dict]:
    """The host's index, its words' zero-width separators (jieba's segmentation) taken out."""
    docs = json.loads((site.out / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    return [{k: v.replace(ZWSP, "") if isinstance(v, str) else v for k, v in doc.items()} for doc in docs]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Site]:
    top = tmp_path_factory.mktemp("host")
    return {
        "plain": built(top / "plain", "  - search\n"),
        "host": built(top / "host", "  - search\n  - xinyu\n"),
        "items": built(top / "items", "  - search\n  - xinyu\n", case=True),
        "ours": built(top / "ours", "  - xinyu\n"),
    }


def test_the_host_needs_no_data_files_of_ours():
    assert not (FIXTURE / "data").exists() and "plugins:\n  - search\nmarkdown" in (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")


def test_without_items_the_host_output_is_unchanged(builds):
    """No section, feed, catalog, people page, asset or search index of ours; every host byte the same."""
    plain, host = files(builds["plain"]), files(builds["host"])
    assert set(host) == set(plain), sorted(set(host) ^ set(plain))
    changed = [name for name in plain if plain[name] != host[name]]
    assert changed == [], changed


def test_a_host_folder_named_like_a_collection_stays_its_own_pages(builds):
    """docs/courses/ of plain notes is the host's, not our 课程资源 collection."""
    page = builds["host"].out / "courses/emotion-unit/index.html"
    assert "情绪单元备课笔记" in page.read_text(encoding="utf-8")
    assert not (builds["host"].out / "courses/index.html").exists()


def test_with_items_the_host_pages_and_index_stay(builds):
    plain, items = files(builds["plain"]), files(builds["items"])
    host_pages = [name for name in plain if name.endswith(".html") and name != "404.html"]
    assert host_pages and all(items[name] == plain[name] for name in host_pages)
    locations = {doc["location"] for doc in search_docs(builds["items"])}
    assert {doc["location"] for doc in search_docs(builds["plain"])} <= locations


def test_the_host_search_index_has_our_items_but_not_our_listings(builds):
    docs = search_docs(builds["items"])
    assert any(d["location"] == "cases/mood-thermometer/" and "情绪温度计" in d["title"] for d in docs)
    assert not any(d["location"] == "cases/" for d in docs), "listing pages stay out of search"
    site = builds["items"].out
    assert not (site / "search/meta.js").exists(), "no index of ours beside the host's"
    assert (site / "cases/index.html").is_file() and (site / "catalog.json").is_file()


def test_without_the_host_search_ours_is_the_box_on_every_page(builds):
    site = builds["ours"].out
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/xinyu/search.js"></script>' in about
    assert 'data-md-component="search"' not in about, "one box only"
    assert (site / "search/meta.js").is_file()
    assert not (site / "catalog.json").exists() and not (site / "cases").exists()


def test_our_search_forced_beside_the_host_search_is_a_chinese_error(tmp_path):
    site = host_site(tmp_path / "both", "  - search\n  - xinyu:\n      search: true\n")
    result = site.build()
    assert result.code != 0 and "Traceback" not in result.err
    assert "两个搜索框" in result.err and "- search" in result.err


def result_titles(page) -> list[str]:
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    return [t.replace(ZWSP, "") for t in page.locator(".md-search-result__item h1").all_inner_texts()]


@pytest.mark.browser
def test_the_host_search_box_finds_its_pages_and_our_items(builds, browser, serve):
    base = serve(builds["items"].out)
    page = browser.new_page()
    try:
        for query, expected in (("放松训练", "2024 年春季教研活动"), ("情绪温度计", "用情绪温度计帮助初一学生识别情绪")):
            page.goto(base + "about/")
            # Typed as an input method does: the text arrives, then a key goes up (Material listens for it).
            page.fill("input.md-search__input", query)
            page.press("input.md-search__input", "End")
            assert any(expected in t for t in result_titles(page)), query
        page.goto(base + "resources/books/?q=情绪温度计")  # the output contract's ?q=, answered by the host's box
        assert any("情绪温度计" in t for t in result_titles(page))
    finally:
        page.close()


BLOG = {
    "mkdocs.yml": "site_name: 心理老师的博客\nsite_url: http://blog.example.test/\ntheme:\n  name: material\n  language: zh\n  font: false\n"
    "plugins:\n  - search\n  - blog\n  - tags\n",
    "docs/index.md": "# 首页\n\n欢迎。\n",
    "docs/tags.md": "# 标签\n\n<!-- material/tags -->\n",
    "docs/blog/index.md": "# 博客\n",
    "docs/blog/posts/first.md": "---\ndate: 2024-09-01\ncategories: [教研]\ntags: [情绪]\n---\n\n# 开学第一课\n\n摘要。\n\n<!-- more -->\n\n正文。\n",
}


def test_a_blog_with_tags_builds_as_it_did_without_us(tmp_path):
    """Material's blog and tags plugins read each page's source path after ours has seen the files: the host's
    pages keep their files as they were (blog's own pages, the excerpt marker, the tags index all as without us)."""
    outputs = {}
    for name, plugins in (("plain", ""), ("host", "  - xinyu\n")):
        site = Site(tmp_path / name)
        for path, text in BLOG.items():
            site.write(path, text + (plugins if path == "mkdocs.yml" else ""))
        result = site.build("--strict")
        assert result.code == 0 and "Traceback" not in result.err and "WARNING" not in result.err, result.err
        outputs[name] = files(site)
    assert "blog/2024/09/01/开学第一课/index.html" in outputs["plain"] or any("blog/" in n for n in outputs["plain"])
    assert set(outputs["host"]) == set(outputs["plain"]), sorted(set(outputs["host"]) ^ set(outputs["plain"]))
    assert [n for n in outputs["plain"] if outputs["plain"][n] != outputs["host"][n]] == []


def test_on_a_host_in_another_language_our_content_says_it_is_chinese(tmp_path):
    """A host site in English (<html lang="en">): our pages' content is marked Chinese for screen readers, the
    host's own pages are left as they are."""
    site = host_site(tmp_path / "en", "  - search\n  - xinyu\n", case=True)
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("language: zh", "language: en"))
    result = site.build("--strict")
    assert result.code == 0, result.err
    for page in ("cases/mood-thermometer/index.html", "cases/index.html", "404.html"):
        html = (site.out / page).read_text(encoding="utf-8")
        assert '<html lang="en"' in html and '<article class="md-content__inner md-typeset" lang="zh">' in html, page
    host = (site.out / "about/index.html").read_text(encoding="utf-8")
    assert 'lang="zh"' not in host
