"""Ids and names in contributed content never take those the theme and our scripts look up (DOM clobbering)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import VALID_CASE
from xinyu.guard.html_policy import reserved_id
from xinyu.guard.markup import scan_markup
from xinyu.guard.sanitize import sanitize_html

TEMPLATES = Path(__file__).resolve().parent.parent / "plugins/xinyu/plugin"


def theme_and_script_names() -> set[str]:
    """Every literal id/name Material's templates and ours print, and every id our scripts look up."""
    import material

    theme = Path(material.__file__).parent / "templates"
    sources = [
        *theme.glob("*.html"),
        *theme.joinpath("partials").rglob("*.html"),
        *TEMPLATES.joinpath("templates").rglob("*.html"),
        *TEMPLATES.joinpath("assets").glob("*.js"),
    ]
    names: set[str] = set()
    meta: set[str] = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'\b(?:id|name)="([^"{}]+)', text))  # a Jinja suffix ({{ … }}) leaves the prefix
        names |= {a or b for a, b in re.findall(r'getElementById\("([^"]+)"\)|\[name="([^"]+)"\]', text)}
        names |= set(re.findall(r"window\.(__\w+)", text))
        meta |= set(re.findall(r'<meta\b[^>]*\bname="([^"{}]+)"', text))
    return names - meta  # <meta name=…> is document metadata, not an element id or a form field


def test_every_id_and_name_of_the_theme_and_our_scripts_is_reserved():
    names = theme_and_script_names()
    assert {"__config", "__drawer", "__search", "filter", "sort"} <= names
    assert [n for n in names if not reserved_id(n)] == []
    assert not reserved_id("_1") and not reserved_id("jiben-qingkuang") and not reserved_id("fn:1")


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ('<div id="__config">x</div>', "__config"),
        ('<a name="__xinyuSearchData"></a>', "__xinyuSearchData"),
        ('<span id="xy-status">x</span>', "xy-status"),
        ('<input type="checkbox" name="filter">', "filter"),
        ("## 标题 {#__drawer}", "__drawer"),
        ('段落 {: id="xinyu-search-input" }', "xinyu-search-input"),
    ],
)
def test_check_reports_reserved_ids_at_their_place(markdown, shown):
    found = [f for f in scan_markup("第一行\n" + markdown) if f.kind == "markup_id"]
    assert found and shown in found[0].masked


def test_the_sanitiser_drops_reserved_ids_and_keeps_ordinary_ones():
    html = sanitize_html('<h2 id="__config">a</h2><h2 id="_1">b</h2><a name="xy-count" href="#x">c</a><p id="jiben">d</p>')
    assert "__config" not in html and "xy-count" not in html
    assert 'id="_1"' in html and 'id="jiben"' in html


def test_a_heading_cannot_take_the_themes_config_id(site, browser, serve):
    site.write("cases/clobber/index.md", VALID_CASE + "\n## __config\n\n正文。\n\n## xy-status\n\n正文。\n")
    result = site.build()
    assert result.code == 0, result.err
    html = (site.out / "cases/clobber/index.html").read_text(encoding="utf-8")
    assert html.count('id="__config"') == 1 and 'id="xy-status"' not in html
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(serve(site.out) + "cases/clobber/")
        assert page.evaluate("document.querySelector('#__config').tagName") == "SCRIPT"
        page.wait_for_selector("#xinyu-search-input", state="attached", timeout=15000)
        assert errors == []
    finally:
        page.close()
