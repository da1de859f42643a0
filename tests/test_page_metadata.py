"""MkDocs reads page metadata from the start of every page's Markdown: a contributed body must give it none.

An item's front matter is ours to read (with limits); what follows it is the body. MkDocs
would parse a second YAML block at the start of the body (without limits), or ``key: value``
lines there (``template: …`` picks the page's template). A collection's intro page
(``cases/index.md``) is a contribution too: checked like a page of docs/.
"""

from __future__ import annotations

from conftest import VALID_CASE, bin_path
from test_yaml_limits import alias_bomb, limited

BODY_AT = "## 基本情况"


def with_body_start(text: str) -> str:
    return VALID_CASE.replace(BODY_AT, text + BODY_AT)


def test_a_body_gives_mkdocs_no_metadata(site):
    site.write("cases/yaml-block/index.md", with_body_start("---\ntemplate: main.html\nhide: [toc]\nmark: YAMLBLOCK\n---\n"))
    site.write("cases/key-lines/index.md", with_body_start("template: 404.html\nNote: KEYLINES\n\n"))
    site.write("cases/bomb/index.md", with_body_start("---\n" + "\n".join(alias_bomb(key="hide")) + "\n---\n"))
    built = limited([bin_path("mkdocs"), "build"], site.root, timeout=180)
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr[-3000:]
    for slug, shown in (("yaml-block", "YAMLBLOCK"), ("key-lines", "KEYLINES"), ("bomb", "a0")):
        page = (site.out / f"cases/{slug}/index.html").read_text(encoding="utf-8")
        assert 'class="xy-item' in page, f"{slug}: the body chose the page's template"
        assert shown in page, f"{slug}: MkDocs took the body's first lines as metadata"


def test_a_collection_intro_is_checked_like_a_page(site):
    site.write("cases/good/index.md", VALID_CASE)
    site.write("cases/index.md", "# 案例\n\n联系电话 13812345678。\n\n<script>alert(1)</script>\n")
    site.write("docs/courses/index.md", "---\n" + "\n".join(alias_bomb()) + "\n---\n# 课程\n")
    site.write(
        "docs/courses/one.md",
        "---\ntitle: 认识情绪\nsummary: 初一情绪单元第一课。\ndate: 2024-03\ntopics: 情绪\ngrade: 初一\n"
        "authors: [李老师]\nschool: xx区实验中学\nkind: 教学设计\n---\n认识基本情绪。\n",
    )
    found = limited([bin_path("xinyu"), "check"], site.root)
    lines = found.stdout.splitlines()
    assert "Traceback" not in found.stderr
    assert any(line.startswith("cases/index.md:3: ") for line in lines), found.stdout
    assert any(line.startswith("cases/index.md:5: 正文: ") for line in lines), found.stdout
    assert any(line.startswith("docs/courses/index.md:") and ": 元数据: " in line for line in lines), found.stdout
    alone = site.check("cases/index.md")  # the pre-commit hook, on the intro alone
    assert alone.code == 1 and any(line.startswith("cases/index.md:3: ") for line in alone.lines), alone.out + alone.err
    built = limited([bin_path("mkdocs"), "build"], site.root, timeout=180)
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr[-3000:]
    assert "cases/index.md" in built.stderr
    cases = (site.out / "cases/index.html").read_text(encoding="utf-8")
    assert "13812345678" not in cases and "good/" in cases
    assert (site.out / "courses/index.html").is_file() and (site.out / "courses/one/index.html").is_file()
