"""Pages and files of docs/ outside the collections are contributions: checked and sanitised like items."""

from __future__ import annotations

import pytest

from conftest import bin_path, minimal_pdf
from test_yaml_limits import alias_bomb, limited

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def scripts_in(site_dir) -> list[str]:
    """Built files that carry the hostile markers (the theme's own scripts carry none of them)."""
    markers = (b"alert(31337)", b"XSS-MARK")
    return [str(p) for p in site_dir.rglob("*") if p.is_file() and any(m in p.read_bytes() for m in markers)]


def test_hostile_pages_and_files_in_docs_are_reported_and_never_run(site):
    site.write("docs/notice.md", "# 通知\n\n正文。\n\n<script>alert(31337)</script>\n\n<img src=x onerror=alert(31337)>\n")
    site.write("docs/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(31337)</script></svg>')
    site.write("docs/embed/page.html", "<!DOCTYPE html><html><body><script>alert(31337)</script></body></html>")
    site.write("docs/fake.png", b"<svg onload=alert(31337)>XSS-MARK</svg>")
    site.write("docs/tool.pdf", b"MZ\x90\x00XSS-MARK")
    site.write("docs/guide.md", "# 指南\n\n![示意图](fig.png)\n\n[下载手册](manual.pdf)\n")
    site.write("docs/fig.png", PNG)
    site.write("docs/manual.pdf", minimal_pdf())
    found = site.check()
    assert found.code == 1 and "Traceback" not in found.err
    assert any(line.startswith("docs/notice.md:5: 正文: ") for line in found.lines), found.out
    assert any(line.startswith("docs/notice.md:7: 正文: ") for line in found.lines), found.out
    for rel in ("docs/logo.svg", "docs/embed/page.html", "docs/fake.png", "docs/tool.pdf"):
        assert any(line.startswith(f"{rel}:1: 文件: ") for line in found.lines), (rel, found.out)
    assert not any(line.startswith(("docs/guide.md", "docs/fig.png", "docs/manual.pdf")) for line in found.lines), found.out
    built = site.build()
    assert built.code == 0 and "Traceback" not in built.err
    assert "docs/notice.md" in built.err and "docs/logo.svg" in built.err
    assert scripts_in(site.out) == []
    assert (site.out / "guide/index.html").is_file() and (site.out / "fig.png").is_file() and (site.out / "manual.pdf").is_file()
    assert site.build("--strict").code != 0


def test_personal_data_on_a_site_page_is_an_error_and_the_page_is_left_out(site):
    site.write("docs/team.md", "# 联系我们\n\n值班老师手机 13812345678。\n")
    found = site.check()
    assert found.code == 1
    assert any(line.startswith("docs/team.md:3: 正文: ") for line in found.lines), found.out
    site.build()
    assert not (site.out / "team/index.html").exists()
    assert not any(b"13812345678" in p.read_bytes() for p in site.out.rglob("*") if p.is_file())


def test_files_named_by_the_configuration_are_the_maintainers_and_pass(site):
    site.write(
        "mkdocs.yml",
        (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  logo: images/logo.svg\n")
        + "extra_css: [stylesheets/extra.css]\n",
    )
    site.write("docs/images/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    site.write("docs/stylesheets/extra.css", ".md-header { color: teal; }\n")
    found = site.check()
    assert found.code == 0, found.out
    built = site.build("--strict")
    assert built.code == 0, built.err
    assert (site.out / "images/logo.svg").is_file() and (site.out / "stylesheets/extra.css").is_file()


CLEAN_PAGE = (
    '<h2 id="jihua">计划<a class="headerlink" href="#jihua" title="Permanent link">&para;</a></h2>'
    '<p>文字 &amp; “引号”<br />换行 <a href="https://example.com">外链</a> <img alt="图" src="fig.png" /></p><hr />'
    '<div class="admonition note"><p class="admonition-title">注意</p><p>x</p></div><p>open'
)


@pytest.mark.parametrize(
    "hostile",
    [
        '<body onload="alert(31337)">',  # ignored in a fragment, but merged into the page's own <body>
        "<html onclick=alert(31337)>",
        '<x-card onclick="alert(31337)">y</x-card>',
        '<a href="https://example.com/">never closed',  # would swallow the theme's markup after it
        "<table><tr><td>x",
        "<!-- a comment --><p>x</p>",
        '<img src=x onerror="alert(31337)">',
        '<h2 id="__config">x</h2>',
        '<a href="jav&#x61;script:alert(31337)">x</a>',
        '<p style="position:fixed">x</p>',
    ],
)
def test_a_page_keeps_its_bytes_only_when_the_policy_removes_nothing(hostile):
    from xinyu.guard.sanitize import sanitize_html, sanitize_page

    assert sanitize_page(CLEAN_PAGE) == CLEAN_PAGE  # a host site's own page: byte for byte
    assert sanitize_page(CLEAN_PAGE + hostile) == sanitize_html(CLEAN_PAGE + hostile)


@pytest.mark.parametrize(
    "opening",
    ["---\n", "--- \t\n", "\ufeff---\r\n"],  # MkDocs' rule: dashes, spaces or tabs, any line ending, a BOM
    ids=["plain", "trailing-blanks", "bom-crlf"],
)
def test_front_matter_of_a_docs_page_is_parsed_within_our_limits(site, opening):
    """MkDocs parses a page's front matter itself, without limits: an alias bomb or a huge one is ours to refuse."""
    newline = "\r\n" if "\r" in opening else "\n"
    bomb = opening + newline.join(["title: 通知", *alias_bomb()]) + newline + "---" + newline + "# 通知" + newline
    site.write("docs/bomb.md", bomb.encode("utf-8"))
    site.write("docs/huge.md", "---\ntitle: 很长\nnote: " + "长" * 300_000 + "\n...\n# 很长\n")
    site.write("docs/about.md", "---\ntitle: 关于\n---\n# 关于\n\n正文。\n")
    check = limited([bin_path("xinyu"), "check"], site.root)
    lines = check.stdout.splitlines()
    assert "Traceback" not in check.stderr
    assert any(line.startswith("docs/bomb.md:") and ": 元数据: " in line and "&" in line for line in lines), check.stdout
    assert any(line.startswith("docs/huge.md:") and ": 元数据: " in line and "太长" in line for line in lines), check.stdout
    assert not any(line.startswith("docs/about.md") for line in lines), check.stdout
    built = limited([bin_path("mkdocs"), "build"], site.root, timeout=180)
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr[-3000:]
    assert "docs/bomb.md" in built.stderr and "docs/huge.md" in built.stderr
    assert not (site.out / "bomb").exists() and not (site.out / "huge").exists()
    assert (site.out / "about/index.html").is_file()


def test_a_refused_site_page_leaves_no_link_to_it(site, valid_case):
    """Neither the nav nor another page links to a page the check left out (a raw ``team.md`` href was broken)."""
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", config + "nav:\n  - 首页: index.md\n  - 联系我们: team.md\n  - 说明: about.md\n")
    site.write("cases/a-case/index.md", valid_case)
    site.write("docs/team.md", "# 联系我们\n\n值班老师手机 13812345678。\n")
    site.write("docs/about.md", "# 说明\n\n有事请看[联系我们](team.md)。\n")
    built = site.build()
    assert built.code == 0, built.err
    assert "“联系我们: team.md”" in built.err and "已从导航中略去" in built.err
    assert not (site.out / "team/index.html").exists()
    pages = [p for p in site.out.rglob("*.html")]
    assert pages and not [p for p in pages if "team.md" in p.read_text(encoding="utf-8") or 'team/"' in p.read_text(encoding="utf-8")]
    assert "有事请看联系我们。" in (site.out / "about/index.html").read_text(encoding="utf-8")


def test_markup_in_a_site_pages_front_matter_is_an_error_at_its_line(site):
    """A page's title, description … are plain text, as an item's fields are: check names the field and line, the page stays out."""
    site.write(
        "docs/notice.md",
        "---\ntitle: 通知<script>alert(31337)</script>\ndescription: '说明\"><img src=x onerror=alert(31337)>'\n"
        "extra:\n  - <b>XSS-MARK</b>\n---\n\n正文。\n",
    )
    site.write("docs/courses/index.md", "---\ntitle: 课程<i>XSS-MARK</i>\n---\n\n课程介绍。\n")
    site.write("docs/about.md", "---\ntitle: 关于 a < b\n---\n\n成绩<60分的学生。\n")
    found = site.check()
    assert found.code == 1 and "Traceback" not in found.err
    for start in ("docs/notice.md:2: title: “标题”", "docs/notice.md:3: description: “页面描述”", "docs/notice.md:5: extra[0]: ",
                  "docs/courses/index.md:2: title: “标题”"):  # fmt: skip
        assert any(line.startswith(start) and "纯文本" in line for line in found.lines), (start, found.out)
    assert not any(line.startswith("docs/about.md") for line in found.lines), found.out
    built = site.build()
    assert built.code == 0 and "docs/notice.md" in built.err
    assert not (site.out / "notice").exists() and (site.out / "about/index.html").is_file()
    assert scripts_in(site.out) == []
