"""The offline bundle: one command makes a zip that works unzipped and opened from file:// in Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from urllib.parse import quote

import pytest

from conftest import ROOT, address_holds
from deploy_support import copy_sample

sys.path.insert(0, str(ROOT / "scripts"))
import bundle  # noqa: E402


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    work = tmp_path_factory.mktemp("offline")
    site = copy_sample(work / "sample")
    archive = work / "out" / "xinyu-offline.zip"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bundle.py"), "--root", str(site.root), "--output", str(archive)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    assert "离线包" in proc.stdout
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        folders = {n.split("/", 1)[0] for n in names}
        assert len(folders) == 1, folders  # one folder, so unzipping never scatters files
        z.extractall(work / "unzipped")
    return work / "unzipped" / folders.pop()


def test_zip_holds_the_site_and_a_readme(unzipped):
    assert (unzipped / "index.html").is_file()
    assert (unzipped / "README.txt").read_text(encoding="utf-8-sig").startswith("心育资源库 离线版")
    assert (unzipped / "cases" / "index.html").is_file()


def test_pages_for_the_guidance_centre_stay_out_of_the_bundle(unzipped):
    """The statistics page (internal) and its exports are on the district's server, not in what schools are given."""
    assert not (unzipped / "statistics").exists()
    assert not [p.name for p in unzipped.glob("statistics.*")]
    assert not [p for p in unzipped.rglob("*.html") if bundle.INTERNAL_PAGE in p.read_text(encoding="utf-8")]


def test_an_internal_page_leaves_with_the_files_only_it_links_to(tmp_path):
    (tmp_path / "stats").mkdir()
    (tmp_path / "stats/index.html").write_text(f'<head>{bundle.INTERNAL_PAGE}</head><a href="../t.xlsx">表</a><link href="../s.css">')
    (tmp_path / "index.html").write_text('<link href="s.css"><a href="cases/">案例</a>')
    for name in ("t.xlsx", "s.css", "statistics.json", "catalog.json"):
        (tmp_path / name).write_text("x")
    assert bundle.leave_out_internal(tmp_path) == ["statistics.json", "stats/index.html", "t.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["catalog.json", "index.html", "s.css"]


def test_catalog_keeps_contract_urls(unzipped):
    items = json.loads((unzipped / "catalog.json").read_text(encoding="utf-8"))["items"]
    assert items and all(i["url"].endswith("/") and not i["url"].endswith("index.html") for i in items)


def test_every_relative_link_names_a_file(unzipped):
    assert bundle.broken_links(unzipped) == []


@pytest.mark.parametrize(
    "value, expected",
    [
        ("cases/x/", "cases/x/index.html"),
        ("../cases/?grade=初中", "../cases/index.html?grade=初中"),
        ("..", "../index.html"),
        (".", "./index.html"),
        ("../..#top", "../../index.html#top"),
        ("x/#a", "x/index.html#a"),
        ("file.pdf", "file.pdf"),
        ("https://example.com/a/", "https://example.com/a/"),
        ("#top", "#top"),
        ("?q=1", "?q=1"),
        ("/root/", "/root/"),
        ("mailto:a@b.c", "mailto:a@b.c"),
    ],
)
def test_folder_links_become_index_html(value, expected):
    assert bundle.file_url(value) == expected


class FileRecorder:
    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:", "blob:", "about:"))]


@pytest.fixture
def file_page(browser, unzipped):
    context = browser.new_context()
    # A file:// page must never reach the network: abort anything else and record it.
    context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
    page = context.new_page()
    page.recorder = FileRecorder(page)
    yield page
    context.close()


def card_hrefs(page) -> list[str]:
    return page.eval_on_selector_all(".xy-card:not([hidden]) .xy-card__title", "els => els.map(e => e.href)")


@pytest.mark.browser
def test_navigate_filter_and_open_an_item_from_file(file_page, unzipped):
    page = file_page
    items = json.loads((unzipped / "catalog.json").read_text(encoding="utf-8"))["items"]
    page.goto((unzipped / "index.html").as_uri())
    # Navigate: the collection link in the tabs opens its index page, not a folder listing.
    page.locator('a[href$="cases/index.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/cases/index.html")
    all_cases = [i for i in items if i["collection"] == "cases"]
    assert len(card_hrefs(page)) == len(all_cases)
    # Filter by a facet: a click, the state kept in the query string.
    page.click('.xy-facet[data-facet="grade"] .xy-value[data-value="初中"]')
    junior = [i for i in all_cases if "初中" in i["grade"]]
    page.wait_for_function(f"document.querySelectorAll('.xy-card:not([hidden])').length === {len(junior)}")
    assert address_holds(page, "grade=")
    # A facet link opened directly from file:// filters too.
    page.goto((unzipped / "cases" / "index.html").as_uri() + "?grade=" + quote("初中"))
    assert sorted(h.rsplit("/cases/", 1)[1] for h in card_hrefs(page)) == sorted(i["url"][len("cases/") :] + "index.html" for i in junior)
    # Open an item.
    first = junior[0] if junior else all_cases[0]
    page.locator(f'.xy-card__title[href$="{first["slug"]}/index.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/cases/{first['slug']}/index.html")
    assert first["title"] in page.locator("h1").first.inner_text()
    # Attachments are there to open.
    for attachment in first["attachments"]:
        assert (unzipped / attachment["url"]).is_file()
    assert page.recorder.outside() == []
    assert page.recorder.errors == []


@pytest.mark.browser
def test_search_from_file(file_page, unzipped):
    page = file_page
    if not (unzipped / "assets" / "xinyu" / "search.js").exists():
        pytest.xfail("站内搜索（assets/xinyu/search.js）尚未合入")
    page.goto((unzipped / "index.html").as_uri() + "?q=" + quote("焦虑"))
    results = page.locator(".xinyu-search__results a")
    results.first.wait_for(timeout=30_000)  # the index is read and searched: slow on a loaded machine
    assert results.count() >= 1
    title = results.first.inner_text().strip()
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html"), page.url  # an item page, not a folder listing
    assert page.locator("h1").first.inner_text().strip() in title or title.startswith(page.locator("h1").first.inner_text().strip()[:6])
    assert page.recorder.outside() == []
    assert page.recorder.errors == []
