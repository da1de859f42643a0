"""Search in headless Chromium: ?q=, highlighting, facets, file://, and the same analysis as Python."""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import QuietHTTPServer, address_holds
from test_search_index import CORPUS, DICTIONARY
from xinyu.search import Searcher, query_terms, write_index

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "plugins/xinyu/plugin/assets"

PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="xinyu-root" content="{root}"><title>测试</title></head>
<body><header class="md-header"><nav class="md-header__inner"><div class="md-header__source"></div></nav></header>
<h1>页面</h1><script src="{root}assets/xinyu/search.js"></script></body></html>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    """A site under the sub-path /xinyu/: index, assets, an item page and a nested page."""
    top = tmp_path_factory.mktemp("served")
    root = top / "xinyu"
    write_index(CORPUS, root / "search", dictionary=DICTIONARY)
    (root / "assets/xinyu").mkdir(parents=True)
    for name in ("search.js", "search.css"):
        shutil.copy(ASSETS / name, root / "assets/xinyu" / name)
    (root / "index.html").write_text(PAGE.format(root="./"), encoding="utf-8")
    for item in CORPUS:
        page = root / item.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(root="../../"), encoding="utf-8")
    server = QuietHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(top)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}/xinyu/", "root": root}
    server.shutdown()
    server.server_close()


def results(page) -> list[dict]:
    page.wait_for_selector(".xinyu-search__result")
    return page.eval_on_selector_all(
        ".xinyu-search__result a", "as => as.map(a => ({href: a.href, html: a.innerHTML, text: a.textContent}))"
    )


def test_q_parameter_shows_results_on_any_page(page, harness):
    page.goto(harness["url"] + "cases/sand/?q=焦虑")
    found = results(page)
    assert [r["href"] for r in found] == [harness["url"] + "cases/exam/", harness["url"] + "courses/emotion/"]
    assert page.input_value("#xinyu-search-input") == "焦虑"
    assert "找到 2 条结果" in page.text_content(".xinyu-search__status")
    assert not page.errors


def test_results_show_collection_metadata_and_highlight(page, harness):
    page.goto(harness["url"] + "?q=考试焦虑")
    first = results(page)[0]
    assert "<mark>考试焦虑</mark>" in first["html"]
    assert "优秀案例" in first["text"] and "初中" in first["text"] and "王晓红" in first["text"]
    assert "¶" not in first["text"]


def test_typing_searches_and_updates_the_shareable_url(page, harness):
    page.goto(harness["url"])
    page.fill("#xinyu-search-input", "沙盘游戏")
    page.wait_for_selector(".xinyu-search__result")
    assert address_holds(page, "q=%E6%B2%99%E7%9B%98%E6%B8%B8%E6%88%8F")
    page.press("#xinyu-search-input", "ArrowDown")
    assert page.evaluate("document.activeElement.className") == "xinyu-search__link"
    page.keyboard.press("Escape")
    assert page.is_hidden("#xinyu-search-panel")


def test_tab_from_the_box_goes_into_the_open_results_not_the_page_behind_them(page, harness):
    """The panel is the page's last element: Tab from the box went on to the page's links under it."""
    page.goto(harness["url"] + "?q=焦虑")
    results(page)
    page.evaluate("document.querySelector('h1').insertAdjacentHTML('afterend', '<a id=\"behind\" href=\"#x\">正文的链接</a>')")
    page.focus("#xinyu-search-input")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#xinyu-search-panel')"), page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "xinyu-search-input"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # closed, the page's own order again
    assert page.evaluate("document.activeElement.id") == "behind"


def test_search_combines_with_facets(page, harness):
    page.goto(harness["url"] + "?q=焦虑&collection=courses")
    assert [r["href"] for r in results(page)] == [harness["url"] + "courses/emotion/"]
    page.select_option('select[data-facet="collection"]', "")
    page.wait_for_function("document.querySelectorAll('.xinyu-search__result').length === 2")
    page.select_option('select[data-facet="year"]', "2024")
    page.wait_for_function("document.querySelectorAll('.xinyu-search__result').length === 1")
    answer = page.evaluate("xinyuSearch.query('焦虑', {grade: ['初中'], year: '2023,2024'}, {urls: true})")
    assert [r["url"] for r in answer["results"]] == [harness["url"] + "cases/exam/", harness["url"] + "courses/emotion/"]


def test_browser_agrees_with_python(page, harness):
    page.goto(harness["url"])
    searcher = Searcher(harness["root"] / "search")
    for q in ["焦虑", "考试焦虑", "如何缓解考试焦虑", "焦虑症", "ＰＰＴ 课件", "王晓红", "情绪管理 焦虑", "沙盘 量子", "爱"]:
        js = page.evaluate("q => xinyuSearch.analyze(q)", q)
        py = query_terms(q, searcher.dictionary)
        assert (js["terms"], js["marks"]) == (py.terms, py.marks), q
        got = page.evaluate("q => xinyuSearch.query(q, {}, {urls: true}).then(a => a.results.map(r => r.url))", q)
        assert got == [harness["url"] + h.url for h in searcher.search(q).hits], q


def test_works_from_file_urls(page, harness):
    page.goto((harness["root"] / "cases/sand/index.html").as_uri() + "?q=生涯规划")
    found = results(page)
    assert found[0]["href"].endswith("/lectures/lecture/")
    assert found[0]["href"].startswith("file://")
    assert not page.errors


@pytest.mark.slow
def test_real_build_answers_q(page, sample_site):
    result = sample_site.build()
    assert result.code == 0, result.err
    item = sample_site.catalog()[0]
    tag = item["tags"][0]
    target = (sample_site.out / item["url"] / "index.html").as_uri()
    page.goto(target + "?q=" + tag)
    hrefs = [r["href"] for r in results(page)]
    assert any(h.rstrip("/").endswith(item["url"].rstrip("/")) or h.endswith(item["url"] + "index.html") for h in hrefs), hrefs
    assert page.locator(".md-header .xinyu-search__input").count() == 1
    assert not page.errors
