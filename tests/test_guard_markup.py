"""Unsafe Markdown is reported with its position; the sanitiser ships nothing executable."""

from __future__ import annotations

import pytest

from xinyu.guard import sanitize_html
from xinyu.guard.markup import scan_markup


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan_markup(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<script>alert(1)</script>", "markup_forbidden"),
        ("<SCRIPT src=x></SCRIPT>", "markup_forbidden"),
        ('<iframe src="https://example.com"></iframe>', "markup_forbidden"),
        ('<object data="x.swf"></object>', "markup_forbidden"),
        ('<embed src="x.swf">', "markup_forbidden"),
        ("<style>body{display:none}</style>", "markup_forbidden"),
        ("<svg onload=alert(1)>", "markup_forbidden"),
        ('<img src="x.png" onerror="alert(1)">', "markup_event"),
        ('<p onclick="alert(1)">点我</p>', "markup_event"),
        ('<a href="javascript:alert(1)">链接</a>', "markup_url"),
        ('<a href=" JaVaScRiPt:alert(1)">链接</a>', "markup_url"),
        ('<a href="java&#115;cript:alert(1)">链接</a>', "markup_url"),
        ('<img src="data:image/png;base64,AAAA">', "markup_url"),
        ("[点我](javascript:alert(1))", "markup_url"),
        ("![图](data:image/svg+xml;base64,AAAA)", "markup_url"),
        ("[点我][x]\n\n[x]: javascript:alert(1)", "markup_url"),
        ('段落文字\n{: onclick="alert(1)" }', "markup_event"),
        ("<font color=red>红字</font>", "markup_tag"),
        ("<marquee>滚动</marquee>", "markup_tag"),
        ('<p style="position:fixed">遮罩</p>', "markup_attribute"),
        ('<input type="text">', "markup_attribute"),
        # angle brackets after "](" that are no file name: still markup
        ("[图](<img src=x onerror=alert(1)>)", "markup_event"),
        ("[图](<script >)", "markup_forbidden"),
        ("[图](<Photo 1.png>", "markup_tag"),  # no ")": Markdown reads <Photo …> as a tag
        ("[点我\\\\](javascript:alert(1))", "markup_url"),  # an escaped backslash: the ] still closes the link
        ('段落\n\\\\{: onclick="alert(1)" }', "markup_event"),
    ],
)
def test_unsafe_markup_found(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "<details><summary>展开</summary>内容</details>",
        "按 <kbd>Ctrl</kbd> + <kbd>C</kbd> 复制。",
        '<table><tr><td colspan="2">合并</td></tr></table>',
        '<img src="图片/情绪温度计.png" alt="情绪温度计">',
        '<a href="https://example.com/a">链接</a> <a href="附件/教案.pdf">教案</a>',
        "[链接](https://example.com) ![图](图片/a.png)",
        "```html\n<script>alert(1)</script>\n```",
        "行内代码 `<script>` 不会执行。",
        "<!-- 审核备注：<script> 已删除 -->",
        "成绩 < 60 分、a<b 的比较",
        "<https://example.com> 自动链接",
        # a file name with a space, as Typora and VS Code write it: the link's address, not a tag <photo>
        "![照片](<Photo 1.png>)",
        '[计划](<Plan Final.PDF> "2024 计划")',
        "![图][p]\n\n[p]: <Photo 1.png>",
        # escaped, Markdown shows them as text (what `xinyu import` writes for a Word document's own characters)
        "\\[点我\\](javascript:alert(1))",
        '段落\n\\{: onclick="alert(1)" \\}',
        "\\{#xinyu-search-input\\}",
    ],
)
def test_safe_markup_not_flagged(text: str) -> None:
    assert kinds(text) == []


def test_finding_points_at_the_construct() -> None:
    text = "第一行\n正文<script>alert(1)</script>"
    (finding,) = scan_markup(text)
    assert text[finding.start :].startswith("<script>")


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#115;cript:alert(1)">x</a>',
        '<iframe src="https://example.com"></iframe>',
        '<object data="x"></object><embed src="x">',
        "<svg><script>alert(1)</script></svg>",
        '<img src="data:image/png;base64,AAAA">',
        "<style>*{}</style>",
        '<div onmouseover="alert(1)">x</div>',
        '<form action="javascript:alert(1)"><button>x</button></form>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    ],
)
def test_sanitizer_removes_everything_executable(html: str) -> None:
    clean = sanitize_html(html).lower()
    for needle in ("<script", "onerror", "onmouseover", "javascript:", "<iframe", "<object", "<embed", "data:", "<style", "<svg", "<form"):
        assert needle not in clean


def test_sanitizer_keeps_material_markup() -> None:
    html = (
        '<h2 id="x">标题<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>'
        '<div class="admonition note"><p class="admonition-title">注意</p></div>'
        '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>'
        '<table><thead><tr><th style="text-align: left;">a</th></tr></thead></table>'
        "<details><summary>s</summary>d</details><kbd>Ctrl</kbd>"
        '<img src="a.png" alt="图"><a href="https://example.com/">外链</a>'
    )
    clean = sanitize_html(html)
    for kept in (
        'class="headerlink"',
        'id="x"',
        'class="admonition note"',
        'class="highlight"',
        "<details>",
        "<kbd>",
        'src="a.png"',
        "text-align:left",
    ):
        assert kept in clean


def test_sanitizer_drops_comments_with_markers() -> None:
    assert "xinyu-allow" not in sanitize_html("<p>正文</p><!-- xinyu-allow: 张伟 -->")
