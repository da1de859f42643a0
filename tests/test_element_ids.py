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


BREAKOUT_IDS = [
    ("## 小节 { id='q\" onmouseover=\"alert(1)' }", 'q" onmouseover="alert(1)'),
    ('## 小节 {: id="a\'b" }', "a'b"),
    ("## 小节 { id='x<img src=y>' }", "x<img"),
    ('<h3 id="w onfocus=alert(1) autofocus">小节</h3>', "w onfocus"),
    ("## 小节 {#a`b}", "a`b"),
]


@pytest.mark.parametrize(("markdown", "shown"), BREAKOUT_IDS)
def test_check_reports_an_id_that_would_leave_its_attribute(markdown, shown):
    found = [f for f in scan_markup("第一行\n" + markdown) if f.kind == "markup_id_chars"]
    assert found and shown[:6] in found[0].masked, found
    assert not [f for f in scan_markup("## 小节 {#jiben-qingkuang}\n\n<h3 id=\"课后_反思-2\">x</h3>") if f.kind.startswith("markup_id")]


def test_an_id_set_in_content_never_leaves_its_attribute_in_the_table_of_contents(site):
    """Material prints each heading's id into the table of contents unescaped (href="{{ toc_item.url }}"): an id with a
    quote would add an event handler to every page showing it, an item's or a page of docs/. Check says so at its
    line, an error: the page waits for its fix (an item, and a page of docs/ alike)."""
    headings = "\n\n".join(f"{markdown}\n\n正文。" for markdown, _ in BREAKOUT_IDS[:3])
    site.write("cases/toc/index.md", VALID_CASE + "\n" + headings + "\n")
    site.write("docs/about.md", "# 关于\n\n" + headings + "\n")
    check = site.check()
    for path, first in (("cases/toc/index.md", VALID_CASE.count("\n") + 2), ("docs/about.md", 3)):
        found = [ln for ln in check.lines if ln.startswith(f"{path}:{first}: ") and "含有引号、尖括号" in ln]
        assert found, check.out
    result = site.build()
    assert result.code == 0, result.err
    assert not (site.out / "cases/toc/index.html").exists() and not (site.out / "about/index.html").exists()
    assert "alert(1)" not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.out.rglob("*.html"))


def test_the_build_escapes_every_id_the_theme_prints_into_the_table_of_contents():
    """What reaches the theme whatever made the id (an extension, another plugin, a host site's page): each id is
    escaped where it would end the attribute, and ordinary ids are left as they are."""
    import html as html_module

    import markdown
    from mkdocs.structure.toc import get_toc

    from xinyu.guard import safe_toc

    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert("\n\n".join(f"{m}\n\n正文。" for m, _ in BREAKOUT_IDS[:3]) + "\n\n## 基本情况\n\n### 子 {#a&b}\n")
    toc = safe_toc(get_toc(md.toc_tokens))
    items = [*toc, *[c for item in toc for c in item.children]]
    urls = [item.url for item in items]
    assert len(urls) == 5 and not [u for u in urls if re.search(r"[\"'<>]", u)], urls
    assert [html_module.unescape(u) for u in urls[:2]] == ['#q" onmouseover="alert(1)', "#a'b"]  # still the heading's id
    assert urls[3:] == ["#_1", "#a&b"], urls  # ordinary ids unchanged
    assert safe_toc(toc) is toc and [item.url for item in items] == urls  # escaping twice changes nothing
