"""Links and images in an item's body whose target the site will not have: check says so, as the build would."""

from __future__ import annotations

from conftest import VALID_CASE, minimal_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def with_body(body: str, add: str = "") -> str:
    """The valid case (its header ends on line 12, so the body's first line is line 13) with ``body``."""
    head = VALID_CASE.split("\n---\n")[0]
    return f"{head}\n{add}---\n{body}"


def lines_of(site, path: str) -> list[str]:
    return [ln for ln in site.check().lines if ln.startswith(path + ":")]


def test_missing_picture_and_file_in_the_bundle_are_errors_at_their_line(site):
    site.write("cases/a/index.md", with_body("# 过程\n\n![记录表](记录表.png)\n\n下载[教案](files/教案.pdf)。\n"))
    mine = lines_of(site, "cases/a/index.md")
    assert any(ln.startswith("cases/a/index.md:15: 正文: 链接或图片“记录表.png”找不到") and "警告" not in ln for ln in mine), mine
    assert any(ln.startswith("cases/a/index.md:17: 正文: ") and "files/教案.pdf" in ln and "放进条目的文件夹" in ln for ln in mine), mine
    assert site.check().code == 1


def test_a_header_that_does_not_parse_does_not_lose_its_pictures(site):
    broken = with_body("![记录表](记录表.png)\n").replace("title: ", 'title: "', 1)
    site.write("cases/a/index.md", broken)
    site.write("cases/a/记录表.png", PNG)
    mine = lines_of(site, "cases/a/index.md")
    assert any(": 元数据: " in ln for ln in mine) and not any("记录表.png" in ln for ln in mine), mine


def test_wrong_case_of_a_picture_is_named(site):
    site.write("cases/a/index.md", with_body("![记录表](Photo.PNG)\n"))
    site.write("cases/a/photo.png", PNG)
    mine = lines_of(site, "cases/a/index.md")
    assert any(":13: 正文: " in ln and "photo.png" in ln for ln in mine), mine


def test_links_to_a_missing_and_a_drafted_case_are_warnings_at_their_line(site):
    site.write("cases/draft/index.md", with_body("草稿。\n", add="status: draft\n"))
    site.write("cases/a/index.md", with_body("见[另一个案例](../no-such-case/index.md)。\n\n也见[草稿](../draft/)。\n"))
    result = site.check()
    mine = [ln for ln in result.lines if ln.startswith("cases/a/index.md:")]
    assert any(
        ln.startswith("cases/a/index.md:13: 正文: 警告：") and "../no-such-case/index.md" in ln and "cases/no-such-case/index.md" in ln
        for ln in mine
    ), mine
    assert any(ln.startswith("cases/a/index.md:15: 正文: 警告：") and "cases/draft/index.md" in ln and "草稿" in ln for ln in mine), mine
    assert result.code == 0, result.out  # warnings: someone else's draft does not take this case down


def test_checking_one_file_judges_the_items_it_links_to_as_a_whole_check_does(site):
    """`xinyu check cases/a/index.md` (what the guide tells a contributor to run) loads the items the case links to
    or names in related: a draft, a withdrawn or a broken one is reported as by the whole check, the others are not."""
    site.write("cases/draft/index.md", with_body("草稿。\n", add="status: draft\n"))
    site.write("cases/broken/index.md", with_body("坏的。\n").replace("anonymized: true", "anonymized: 是"))
    site.write("cases/fine/index.md", with_body("好的。\n", add="status: draft\n").replace("status: draft\n", ""))
    body = "见[草稿](../draft/index.md)。\n\n见[坏的](../broken/)。\n\n见[好的](../fine/index.md)。\n"
    site.write("cases/a/index.md", with_body(body, add="related: [cases/draft, cases/fine]\n"))
    result = site.check("cases/a/index.md")
    mine = [ln for ln in result.lines if ln.startswith("cases/a/index.md:")]
    assert any(":14: 正文: 警告：" in ln and "cases/draft/index.md" in ln and "草稿" in ln for ln in mine), mine
    assert any(":16: 正文: 警告：" in ln and "cases/broken/index.md" in ln for ln in mine), mine
    assert any("related[0]" in ln and "草稿" in ln for ln in mine), mine
    assert not any("fine" in ln for ln in mine), mine
    assert not any(ln.startswith(("cases/draft/", "cases/broken/")) for ln in result.lines), result.out  # theirs: not this run's
    assert result.code == 0, result.out


def test_valid_links_of_every_kind_and_links_in_code_are_fine(site):
    site.write("docs/about.md", "# 关于\n")
    site.write("cases/other/index.md", with_body("别的案例。\n", add="attachments:\n  - file: 方案.pdf\n"))
    site.write("cases/other/方案.pdf", minimal_pdf())
    body = """# 过程 {#process}

![记录表](记录表.png) ![同一张](./记录表.png "标题") ![编码](%E8%AE%B0%E5%BD%95%E8%A1%A8.png)
<!-- xinyu-allow: 邮箱 -->
[本节](#process) [外站](https://example.org/x.png) [邮件](mailto:a@example.org) [本页](./) [本页](index.md#process)
[另一个](../other/index.md) [另一个](../other/) [它的方案](../other/方案.pdf) [列表](../index.md) [按学段](../grade/index.md)
[关于](../../about.md) [引用式][r] <https://example.org/>

`![代码](没有.png)` 和 ``[代码](../nope/index.md)``

```markdown
![围栏中](也没有.png)
[围栏中](../nope/index.md)
```

    ![缩进代码](还是没有.png)

[r]: ../other/index.md
[unused]: 从未使用.png
"""
    site.write("cases/a/index.md", with_body(body))
    site.write("cases/a/记录表.png", PNG)
    result = site.check()
    assert result.code == 0 and result.out == "", result.out
    built = site.build("--strict")  # MkDocs finds nothing wrong with them either
    assert built.code == 0 and (site.out / "cases/a/记录表.png").is_file(), built.err


def test_check_formats_carry_them(site):
    site.write("cases/a/index.md", with_body("\n![记录表](记录表.png)\n"))
    found = [p for p in site.check_json() if p["path"] == "cases/a/index.md"]
    assert [(p["line"], p["field"], p["severity"]) for p in found] == [(14, "正文", "error")], found
    github = site.check("--format", "github").out
    assert "::error file=cases/a/index.md,line=14" in github and "记录表.png" in github, github


def test_the_build_agrees_and_still_builds_the_rest(site):
    site.write("cases/good/index.md", with_body("好的案例。\n"))
    site.write("cases/a/index.md", with_body("![记录表](记录表.png)\n"))
    site.write("cases/b/index.md", with_body("见[另一个案例](../no-such-case/index.md)。\n"))
    result = site.build()
    assert (site.out / "cases/good/index.html").is_file() and (site.out / "cases/b/index.html").is_file(), result.err
    assert not (site.out / "cases/a/index.html").exists()  # an error: not published, as with a missing attachment
    assert "cases/a/index.md:13: 正文: 链接或图片“记录表.png”找不到" in result.err, result.err
    assert "cases/b/index.md:13: 正文: 警告：链接或图片“../no-such-case/index.md”找不到" in result.err, result.err


def test_only_links_to_files_are_looked_at():
    """Footnotes, other sites and anchors are not converted at all (a body costs nothing then); a path is found at its line."""
    from pathlib import Path

    from xinyu.content.entry import Entry
    from xinyu.content.links import MAYBE_LINK, body_links

    for text in ["脚注[^1]\n\n[^1]: 出处。", "[外站](https://example.org)", "[r]: https://example.org", "[本节](#x)", "[a](<mailto:a@b>)"]:
        assert not MAYBE_LINK.search(text), text
    entry = Entry(
        "cases",
        "a",
        Path("index.md"),
        "cases/a/index.md",
        Path("."),
        "cases",
        body="脚注[^1]\n\n[^1]: 出处。\n\n[r]: ../b/x.pdf\n见[此][r]。\n",
        body_line=20,
    )
    assert [(link.url, link.target, link.line) for link in body_links(entry)] == [("../b/x.pdf", "cases/b/x.pdf", 24)]


def test_links_that_climb_above_the_site_root_are_warnings(site):
    """Whatever the target's name (a file, a folder, percent-encoded dots): the reader gets a dead link."""
    body = "[系统](../../../../etc/passwd)\n\n[上级](../../../)\n\n[编码](..%2F..%2F..%2Fsecret.pdf)\n"
    site.write("cases/a/index.md", with_body(body))
    result = site.check()
    mine = [ln for ln in result.lines if ln.startswith("cases/a/index.md:")]
    for line, url in [(13, "../../../../etc/passwd"), (15, "../../../"), (17, "..%2F..%2F..%2Fsecret.pdf")]:
        assert any(ln.startswith(f"cases/a/index.md:{line}: 正文: 警告：") and url in ln and "根目录" in ln for ln in mine), mine
    assert result.code == 0, result.out


def test_a_broken_link_to_another_item_is_one_line_in_a_build_and_strict_still_fails(site):
    """Our line (with its line number) stands in for MkDocs' own warning about the same link, at MkDocs' level; a
    link to a draft is no broken link (the draft is on its way): its line is at info level, the link is text."""
    site.write("cases/draft/index.md", with_body("草稿。\n", add="status: draft\n"))
    site.write("cases/b/index.md", with_body("见[另一个案例](../no-such-case/index.md)。\n\n[草稿](../draft/index.md)\n"))
    result = site.build()
    for line, url, level in [(13, "../no-such-case/index.md", "WARNING"), (15, "../draft/index.md", "INFO")]:
        about = [ln for ln in result.err.splitlines() if f"“{url}”" in ln]
        assert len(about) == 1 and f"cases/b/index.md:{line}: 正文: " in about[0] and level in about[0], result.err
    strict = site.build("--strict")
    assert strict.code != 0 and sum("“../no-such-case/index.md”" in ln for ln in strict.err.splitlines()) == 1, strict.err


def test_a_link_to_a_draft_item_never_fails_strict_and_names_no_draft_in_the_page(site):
    """A draft (or withdrawn, or not yet valid) item is on its way: a published item linking to it shows the link's
    text, not the draft's address, and --strict does not fail on it (the check's 警告 says so, at info level).
    A link to nothing stays MkDocs' to judge (the test above)."""
    site.write("cases/draft/index.md", with_body("草稿。\n", add="status: draft\n"))
    site.write("cases/broken/index.md", with_body("有错误。\n", add="grade: 大学\n"))
    site.write("cases/b/index.md", with_body("见[草稿案例](../draft/index.md)和[另一个](../broken/)。\n"))
    strict = site.build("--strict")
    assert "cases/b/index.md:13: 正文: 警告：" in strict.err and "../draft/index.md" in strict.err, strict.err
    html = (site.out / "cases/b/index.html").read_text(encoding="utf-8")
    assert "草稿案例" in html and "另一个" in html and "draft" not in html.split("md-content")[1] and "broken" not in html
    about_links = [ln for ln in strict.err.splitlines() if "WARNING" in ln and ("cases/b/" in ln or "draft" in ln)]
    assert about_links == [], strict.err  # only the broken item's own errors fail --strict
    site.write("cases/broken/index.md", with_body("已改好。\n"))
    fixed = site.build("--strict")
    assert fixed.code == 0, fixed.err


RAW_HTML = """段落里的图片 <img src="记录.png" alt="记录"> 和 <a href="files/教案.pdf">教案</a>。

<div>
<img src="a&amp;b.png" alt="实体写法">
</div>

<video poster="封面.jpg" controls><source src="片段.mp4" type="video/mp4"></video>

<img srcset="小图.png 1x, 大图.png 2x" src="在.png" alt="有的">

代码里的不算：`<img src="代码.png">`

```html
<img src="围栏.png">
```

    <img src="缩进.png">
"""


def test_a_file_named_in_raw_html_is_checked_like_one_named_in_markdown(site):
    """<img src>, <a href>, <video poster>, <source src>, srcset, an entity in the value: each reference to a file of
    the item is an error at its line, with the same fix as a Markdown image's; code is text; the build agrees."""
    site.write("cases/a/index.md", with_body(RAW_HTML))
    site.write("cases/a/在.png", PNG)
    site.write("cases/good/index.md", with_body("好的案例。\n"))
    mine = [ln for ln in lines_of(site, "cases/a/index.md") if "找不到" in ln]
    expected = [(13, "img", "src", "记录.png"), (13, "a", "href", "files/教案.pdf"), (16, "img", "src", "a&b.png")]
    expected += [(19, "video", "poster", "封面.jpg"), (19, "source", "src", "片段.mp4"), (21, "img", "srcset", "小图.png")]
    expected += [(21, "img", "srcset", "大图.png")]
    for line, tag, attribute, url in expected:
        start = f"cases/a/index.md:{line}: 正文: HTML 标签 <{tag}> 的 {attribute}“{url}”找不到：网站中没有 cases/a/{url}。"
        assert any(ln.startswith(start) and "请把文件放进条目的文件夹" in ln for ln in mine), (start, mine)
    assert len(mine) == len(expected), mine  # nothing in code, nothing about the picture that is there
    built = site.build()
    assert (site.out / "cases/good/index.html").is_file() and not (site.out / "cases/a/index.html").exists(), built.err
    assert "cases/a/index.md:13: 正文: HTML 标签 <img> 的 src“记录.png”找不到" in built.err, built.err


def test_raw_html_leaving_the_item_is_judged_like_a_markdown_link(site):
    site.write("cases/a/index.md", with_body('见 <a href="../no-such-case/index.md">另一个案例</a>。\n\n<img src="../../../x.png">\n'))
    result = site.check()
    mine = lines_of(site, "cases/a/index.md")
    assert any(ln.startswith("cases/a/index.md:13: 正文: 警告：HTML 标签 <a> 的 href“../no-such-case/index.md”找不到") for ln in mine), mine
    assert any(ln.startswith("cases/a/index.md:15: 正文: 警告：HTML 标签 <img> 的 src“../../../x.png”指向网站根目录之外") for ln in mine), (
        mine
    )
    assert result.code == 0, result.out


def test_a_site_page_names_its_files_in_markdown_or_html_and_check_and_build_say_the_same(site):
    """A page of docs/ is checked too: a Markdown link from its file's folder, raw HTML from its address (about.md is
    about/, so <img src="img/p.png"> there asks for about/img/p.png): warnings at their lines, and --strict fails on
    either way of writing it, as MkDocs fails on the Markdown one."""
    site.write("docs/img/p.png", PNG)
    site.write(
        "docs/guide/index.md", '# 指南\n\n<img src="../img/p.png" alt="对的">\n\n<img src="缺.png"> <a href="../sitemap.xml">地图</a>\n'
    )
    body = '# 关于\n\n![md](缺的.png)\n\n<img src="img/p.png" alt="写错的">\n\n<a href="../gone.pdf">下载</a>\n\n![对](img/p.png)\n'
    site.write("docs/about.md", body)
    check = [ln for ln in site.check().lines if ln.startswith("docs/")]
    assert any(ln.startswith("docs/about.md:3: 正文: 警告：链接或图片“缺的.png”找不到：网站中没有 缺的.png。") for ln in check), check
    img = "docs/about.md:5: 正文: 警告：HTML 标签 <img> 的 src“img/p.png”找不到：网站中没有 about/img/p.png。"
    assert any(ln.startswith(img) and "请写成“../img/p.png”" in ln for ln in check), check
    assert any(
        ln.startswith("docs/about.md:7: 正文: 警告：HTML 标签 <a> 的 href“../gone.pdf”找不到：网站中没有 gone.pdf") for ln in check
    ), check
    assert any(
        ln.startswith("docs/guide/index.md:5: 正文: 警告：HTML 标签 <img> 的 src“缺.png”找不到：网站中没有 guide/缺.png") for ln in check
    ), check
    assert len(check) == 4, check
    built = site.build()
    warned = [ln for ln in built.err.splitlines() if ln.startswith("WARNING") and "docs/" in ln]
    assert len(warned) == 4 and all(any(c in ln for ln in warned) for c in check), built.err
    assert (site.out / "about/index.html").is_file(), built.err  # a warning: the page is published
    assert site.build("--strict").code != 0
    site.write("docs/about.md", "# 关于\n")
    assert site.build("--strict").code != 0  # the raw HTML one alone (in guide/) fails it too
    site.write("docs/guide/index.md", "# 指南\n")
    assert site.build("--strict").code == 0


def test_a_collection_intro_page_is_link_checked_like_a_page(site):
    """``cases/index.md`` is the collection page's text: its links are read from that page's address (cases/)."""
    site.write("cases/good/index.md", VALID_CASE)
    site.write("docs/about.md", "# 关于\n")
    site.write(
        "cases/index.md",
        "# 案例\n\n[好案例](good/index.md) [关于](../about.md)\n\n[没有的案例](gone/index.md)\n\n"
        '[没有的页面](../nowhere.md) <a href="../gone.pdf">表</a>\n',
    )
    lines = [ln for ln in site.check().lines if ln.startswith("cases/index.md")]
    assert any(ln.startswith("cases/index.md:5: 正文: 警告：") and "gone/index.md" in ln for ln in lines), lines
    assert any(ln.startswith("cases/index.md:7: 正文: 警告：") and "nowhere.md" in ln for ln in lines), lines
    assert any(ln.startswith("cases/index.md:7: 正文: 警告：") and "gone.pdf" in ln for ln in lines), lines
    assert not any(ln.startswith("cases/index.md:3:") for ln in lines), lines
