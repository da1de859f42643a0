"""In Chromium, ?q= finds attachment-only phrases, site pages and synonyms; a no-result query offers a suggestion that works."""

from __future__ import annotations

import shutil
import threading
from functools import partial

import pytest

from conftest import QuietHTTPServer, address_holds, minimal_docx
from test_search_browser import ASSETS, PAGE, _Quiet, results
from test_search_meaning import DICTIONARY, ITEMS, PAGES, SYNONYMS
from xinyu.search import Searcher, write_index


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    top = tmp_path_factory.mktemp("served-meaning")
    root = top / "xinyu"
    write_index(ITEMS, root / "search", dictionary=DICTIONARY, synonyms=SYNONYMS, pages=PAGES)
    (root / "assets/xinyu").mkdir(parents=True)
    for name in ("search.js", "search.css"):
        shutil.copy(ASSETS / name, root / "assets/xinyu" / name)
    (root / "index.html").write_text(PAGE.format(root="./"), encoding="utf-8")
    server = QuietHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(top)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}/xinyu/", "root": root}
    server.shutdown()
    server.server_close()


def status(page) -> str:
    page.wait_for_function("!/正在搜索/.test(document.querySelector('.xinyu-search__status').textContent)")
    return page.text_content(".xinyu-search__status")


def test_attachment_only_phrase_says_where_it_was_found(page, harness):
    page.goto(harness["url"] + "?q=彩虹日记")
    found = results(page)
    assert [r["href"] for r in found] == [harness["url"] + "cases/refusal/"]
    assert "附件《家长访谈记录》中：" in found[0]["text"]
    assert "<mark>彩虹日记</mark>" in found[0]["html"]
    assert not page.errors


def test_site_pages_are_found_after_items(page, harness):
    page.goto(harness["url"] + "?q=投稿")
    found = results(page)
    assert [r["href"] for r in found] == [harness["url"] + "contribute/"] and "站内页面" in found[0]["text"]
    page.goto(harness["url"] + "?q=考试焦虑")
    hrefs = [r["href"] for r in results(page)]
    assert hrefs[0].endswith("cases/exam/") and hrefs[1:] == [harness["url"] + "contribute/", harness["url"] + "people/wang/"]


def test_synonym_matches_come_after_and_are_marked(page, harness):
    page.goto(harness["url"] + "?q=厌学")
    found = results(page)
    assert [r["href"] for r in found] == [harness["url"] + "cases/yanxue/", harness["url"] + "cases/refusal/"]
    assert "同义词" not in found[0]["text"] and "同义词：不想上学" in found[1]["text"]
    assert "<mark>不想上学</mark>" in found[1]["html"]


def test_a_typo_offers_a_suggestion_that_works(page, harness):
    page.goto(harness["url"] + "?q=考式焦虑")
    assert "没有找到" in status(page) and "您是不是要找" in status(page)
    page.click(".xinyu-search__suggestion >> text=考试焦虑")
    page.wait_for_function("document.querySelectorAll('.xinyu-search__result').length === 3")
    assert page.input_value("#xinyu-search-input") == "考试焦虑"
    assert address_holds(page, "q=%E8%80%83%E8%AF%95%E7%84%A6%E8%99%91")
    assert not page.errors


@pytest.mark.parametrize("typed", ["kaoshijiaolv", "ksjl"])
def test_pinyin_shows_the_word_s_results(page, harness, typed):
    page.goto(harness["url"] + "?q=" + typed)
    found = results(page)
    assert found[0]["href"] == harness["url"] + "cases/exam/"
    assert f"按拼音“{typed}”显示“考试焦虑”的结果" in status(page)


def test_browser_agrees_with_python_on_meaning(page, harness):
    page.goto(harness["url"])
    searcher = Searcher(harness["root"] / "search")
    for q in ["厌学", "初中 厌学", "彩虹日记", "投稿", "考试焦虑", "情绪温度计使用", "考试焦虑怎么办", "如何学", "网瘾学生辅导", "考式焦虑", "考试焦率", "ksjl",
              "kaoshi jiaolv", "量子力学"]:
        js = page.evaluate("q => xinyuSearch.analyze(q)", q)
        py = searcher.search(q)
        groups = [{"words": g.words, "alternatives": g.alternatives} for g in py.query.groups]
        assert (js["terms"], js["marks"], js["groups"], js["phrase"]) == (py.query.terms, py.query.marks, groups, py.query.phrase), q
        got = page.evaluate("""q => xinyuSearch.query(q, {}, {urls: true}).then(a => ({
            hits: a.results.map(r => [r.url, r.synonyms, r.phrase, r.attached, r.page]),
            suggestions: a.suggestions.map(s => [s.text, s.total, s.pinyin]), relaxed: a.relaxed}))""", q)
        want = [[harness["url"] + h.url, h.synonyms, h.phrase, h.attached, h.page] for h in py.hits]
        assert got["hits"] == want and got["relaxed"] == py.relaxed, q
        assert got["suggestions"] == [[s.text, s.total, s.pinyin] for s in py.suggestions], q


@pytest.mark.slow
def test_real_build_searches_attachments_pages_and_synonyms(page, site, valid_case):
    """The plugin passes attachment files, the guide and people pages, and data/synonyms.txt."""
    site.write("cases/exam/index.md", valid_case.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments:\n  - {file: 记录表.docx, title: 放松记录表}"))
    site.write("cases/exam/记录表.docx", minimal_docx("每天睡前做一次蝴蝶拍安抚练习"))
    site.write("docs/contribute/index.md", "---\ntitle: 投稿指南\n---\n# 投稿指南\n\n欢迎投稿，新建一个文件夹即可。\n")
    site.write("data/synonyms.txt", "情绪温度计 心情尺子\n")
    result = site.build()
    assert result.code == 0, result.err
    base = (site.out / "index.html").as_uri()
    for q, expected in [("蝴蝶拍", "cases/exam/"), ("投稿", "contribute/"), ("心情尺子", "cases/exam/")]:
        page.goto(base + "?q=" + q)
        hrefs = [r["href"] for r in results(page)]
        assert any(h.endswith(expected) or h.endswith(expected + "index.html") for h in hrefs), (q, hrefs)
    page.goto(base + "?q=蝴蝶拍")
    assert "附件《放松记录表》中：" in results(page)[0]["text"]
    assert not page.errors
