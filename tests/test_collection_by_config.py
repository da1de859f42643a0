"""A fifth collection (心理读本, recommended books) needs only mkdocs.yml, a schema file and labels."""

from __future__ import annotations

import pytest

BOOKS_CONFIG = """\
site_name: 测试资源库
site_url: http://example.test/
theme:
  name: material
  language: zh
  font: false
plugins:
  - xinyu:
      collections:
        cases: {}
        books:
          label: 心理读本
          item_label: 读本
          source: books
          prefix: reading
          schema: schemas/books.yml
          facets: [audience, topics, {field: shelf, key: shelf, label: 书架}, year]
"""

BOOKS_SCHEMA = """\
x-extends: common
title: 心理读本
type: object
required: [title, summary, date, topics, authors, audience]
x-body-sections: [内容简介, 推荐理由]
properties:
  audience:
    title: 适合读者
    type: array
    items: {type: string}
    x-vocabulary: grade
  shelf:
    title: 书架
    type: string
    x-vocabulary: shelf
  publisher:
    title: 出版社
    type: string
"""

VOCAB_EXTRA = """
shelf:
  label: 书架
  terms:
    绘本: [图画书]
    青少年读物: [青春读物]
"""


def book(title: str, audience: str, shelf: str, date: str = "2024-03-01") -> str:
    return f"""---
title: {title}
summary: {title}的推荐语。
date: {date}
topics: [情绪调适]
authors: [某出版社编辑部]
audience: {audience}
shelf: {shelf}
publisher: xx出版社
---
## 内容简介

一本好书。
"""


@pytest.fixture
def books_site(site):
    site.write("mkdocs.yml", BOOKS_CONFIG)
    vocab = site.root / "data/vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + VOCAB_EXTRA, encoding="utf-8")
    site.write("schemas/books.yml", BOOKS_SCHEMA)
    site.write("books/feelings-picture-book/index.md", book("情绪小怪兽", "一年级", "图画书"))
    site.write("books/teen-growing.md", book("少年的你，如此美丽", "初二", "青少年读物", "2023-09"))
    site.write("books/bad-book/index.md", book("坏书", "大学", "漫画"))
    return site


def test_check_validates_the_new_collection(books_site):
    result = books_site.check()
    assert result.code == 1
    bad = [ln for ln in result.lines if ln.startswith("books/bad-book/index.md:")]
    assert any(": audience: " in ln and "学段" in ln for ln in bad), bad
    assert any(": shelf: " in ln and "绘本" in ln for ln in bad), bad
    assert not any(ln.startswith("books/feelings") or ln.startswith("books/teen") for ln in result.lines)


def test_build_makes_pages_index_and_facets(books_site):
    result = books_site.build()
    assert result.code == 0, result.err
    out = books_site.out
    assert (out / "reading/feelings-picture-book/index.html").is_file()
    assert (out / "reading/teen-growing/index.html").is_file()
    assert not (out / "reading/bad-book").exists()
    index = (out / "reading/index.html").read_text(encoding="utf-8")
    assert "心理读本" in index and 'data-facet="shelf"' in index and 'data-facet="audience"' in index
    assert (out / "reading/shelf/hui-ben/index.html").is_file()
    assert (out / "reading/audience/chu-zhong/index.html").is_file()
    items = {i["slug"]: i for i in books_site.catalog()}
    assert items["feelings-picture-book"]["collection"] == "books"
    assert items["feelings-picture-book"]["url"] == "reading/feelings-picture-book/"
    assert items["feelings-picture-book"]["audience"] == ["小学低年级"] and items["feelings-picture-book"]["shelf"] == "绘本"
    page = (out / "reading/feelings-picture-book/index.html").read_text(encoding="utf-8")
    assert "书架" in page and "xx出版社" in page


def test_new_collection_facets_work_in_the_browser(browser, serve, books_site):
    books_site.build()
    base = serve(books_site.out)
    page = browser.new_page()
    page.goto(base + "reading/?shelf=青春读物")
    titles = page.eval_on_selector_all(".xy-card:not([hidden]) .xy-card__title", "els => els.map(e => e.textContent.trim())")
    assert titles == ["少年的你，如此美丽"]
    page.close()
