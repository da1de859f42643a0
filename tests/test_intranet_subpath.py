"""Sub-path hosting: the sample site served at /xinyu/ has no broken internal link and nothing escapes the sub-path."""

from __future__ import annotations

import pytest

from deploy_support import PREFIX, build_sample, crawl, files_for


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_sample(tmp_path_factory.mktemp("subpath") / "sample")


@pytest.fixture(scope="module")
def report(built):
    from conftest import serve_directory

    server, base = serve_directory(built.out, PREFIX)
    try:
        yield crawl(base)
    finally:
        server.shutdown()


def test_every_internal_link_resolves_under_the_sub_path(report):
    assert len(report.pages) > 50, "爬取到的页面太少，链接可能没有被跟随"
    assert report.problems() == []


def test_crawl_reaches_every_published_item_and_attachment(built, report):
    fetched = {u.split(PREFIX, 1)[1] for u in report.fetched}
    for item in built.catalog():
        assert item["url"] in fetched
        for attachment in item["attachments"]:
            assert attachment["url"] in fetched


def test_no_html_file_is_left_unlinked(built, report):
    """Every page the build wrote is reachable by following links (no orphan, nothing only the sitemap knows);
    an internal page (statistics/: noindex, in no sitemap) is for maintainers, who type its address from the guide."""
    fetched = {u.split(PREFIX, 1)[1] for u in report.fetched}
    pages = {p.relative_to(built.out).as_posix() for p in built.out.rglob("*.html")}
    internal = {p for p in pages if 'name="robots" content="noindex"' in (built.out / p).read_text(encoding="utf-8")}
    reached = {files_for(built.out, u).relative_to(built.out).as_posix() for u in fetched}
    assert internal == {"statistics/index.html"}
    assert pages - reached - internal - {"404.html"} == set()


def test_catalog_urls_are_relative_to_the_site_root(built):
    for item in built.catalog():
        assert not item["url"].startswith(("/", "http")), item["url"]
        assert files_for(built.out, item["url"]).is_file()


def test_pages_find_their_data_through_a_relative_root(built):
    """Search finds the site root from its own script's address: a relative src on every page but 404."""
    import re

    for page in built.out.rglob("*.html"):
        if page.name == "404.html":
            continue
        src = re.search(r'<script src="([^"]*)assets/xinyu/search\.js"', page.read_text(encoding="utf-8"))
        assert src, page
        assert not src.group(1).startswith(("/", "http")), (page, src.group(1))
