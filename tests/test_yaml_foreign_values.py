"""A YAML value of a kind front matter, data files or options cannot hold is a located error, never a traceback.

`!!binary`, `!!set`, `!!omap`, `!!pairs`, `!!timestamp`, any other tag, infinite or not-a-number floats and whole
numbers beyond 64 bits: each is told at its line with the field it is in; the item is not published and every
other file is still checked and built.
"""

from __future__ import annotations

import pytest

from conftest import VALID_CASE


def case_with(key: str, line: str) -> str:
    """The valid case with the line of ``key`` replaced, or ``line`` added at the end of its front matter."""
    lines = VALID_CASE.split("\n")
    for i, old in enumerate(lines):
        if old.startswith(key + ":"):
            lines[i] = line
            return "\n".join(lines)
    end = lines.index("---", 1)
    return "\n".join(lines[:end] + [line] + lines[end:])


FOREIGN = [
    # (id, key, line written, expected line, expected field, text in the message)
    ("binary", "title", "title: !!binary 5byg5bCP5piO", 2, "title", "!!binary"),
    ("set", "topics", "topics: !!set {情绪调适, 学会学习}", 5, "topics", "!!set"),
    ("timestamp-zone", "date", "date: !!timestamp 2024-05-20T10:00:00+08:00", 4, "date", "!!timestamp"),
    ("timestamp-date", "date", "date: !!timestamp 2024-05-20", 4, "date", "!!timestamp"),
    ("omap", "tags", "tags: !!omap [a: 1, b: 2]", 12, "tags", "!!omap"),
    ("pairs", "tags", "tags: !!pairs [a: 1, b: 2]", 12, "tags", "!!pairs"),
    ("binary-in-list", "pseudonyms", "pseudonyms: [小A, !!binary 5byg5bCP5piO]", 11, "pseudonyms[1]", "!!binary"),
    ("python-tuple", "title", "title: !!python/tuple [a, b]", 2, "title", "!!python/tuple"),
    ("own-tag", "title", "title: !mine 标题", 2, "title", "!mine"),
    ("inf", "summary", "summary: .inf", 3, "summary", "无穷大"),
    ("nan-in-list", "tags", "tags: [.NaN]", 12, "tags[0]", "NaN"),
    ("huge-int", "tags", "tags: [123456789012345678901234567890]", 12, "tags[0]", "30 位的数字"),
]


@pytest.mark.parametrize("key,line_text,line,field,text", [f[1:] for f in FOREIGN], ids=[f[0] for f in FOREIGN])
def test_a_value_of_a_foreign_kind_is_located_and_the_rest_is_checked(site, key, line_text, line, field, text):
    site.write("cases/bad-one/index.md", case_with(key, line_text))
    site.write("cases/other-bad/index.md", VALID_CASE.replace("grade: 初一", "grade: 初四"))
    site.write("cases/good-one/index.md", VALID_CASE)
    result = site.check()
    assert "Traceback" not in result.err, result.err[-2000:]
    assert result.code == 1, result.out + result.err
    expected = f"cases/bad-one/index.md:{line}: {field}: "
    matching = [ln for ln in result.lines if ln.startswith(expected)]
    assert matching and any(text in ln for ln in matching), result.out
    assert len([ln for ln in result.lines if ln.startswith("cases/bad-one/")]) == 1, result.out  # no echo of it
    assert any(ln.startswith("cases/other-bad/index.md:6: grade: ") for ln in result.lines), result.out
    assert not any(ln.startswith("cases/good-one/") for ln in result.lines), result.out


def test_foreign_values_in_a_case_a_page_and_the_data_files_leave_the_rest_of_the_site_built(site):
    site.write("cases/binary/index.md", case_with("title", "title: !!binary 5byg5bCP5piO"))
    site.write("cases/set/index.md", case_with("topics", "topics: !!set {情绪调适}"))
    site.write("cases/good-one/index.md", VALID_CASE)
    site.write("docs/about.md", "---\ntitle: !!binary 5byg5bCP5piO\n---\n# 关于\n")
    site.write("data/authors.yml", "zhou-min:\n  name: 周敏\nwang:\n  name: !!binary 5byg5bCP5piO\n")
    site.write("data/schools.yml", "xx区实验中学: [实验中学]\nxx区一中: !!set {一中}\n")
    result = site.check()
    assert "Traceback" not in result.err, result.err[-2000:]
    assert result.code == 1
    for where in (
        "cases/binary/index.md:2: title: ",
        "cases/set/index.md:5: topics: ",
        "docs/about.md:2: title: ",
        "data/authors.yml:4: wang.name: ",
        "data/schools.yml:2: xx区一中: ",
    ):
        assert any(ln.startswith(where) and "!!" in ln for ln in result.lines), (where, result.out)
    built = site.build("-q")
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    assert (site.out / "cases/good-one/index.html").is_file()
    assert not (site.out / "cases/binary").exists() and not (site.out / "cases/set").exists()
    assert not (site.out / "about").exists()


@pytest.mark.parametrize(
    "option,text",
    [("notice_days: .inf", "inf"), ("title: !!binary 5byg5bCP5piO", "!!binary"), ("level: !!set {区级}", "!!set")],
)
def test_a_foreign_value_in_the_plugin_options_is_a_configuration_error_at_its_line(site, option, text):
    config = (
        "site_name: 测试资源库\nsite_url: http://example.test/xinyu/\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - xinyu:\n      site_pages: checked\n      rounds:\n        \"2025\":\n"
        "          criteria: [{name: 过程与方法, max: 40}]\n"
        f"          {option}\n"
    )
    site.write("mkdocs.yml", config)
    site.write("cases/good-one/index.md", VALID_CASE)
    for result in (site.check(), site.build("-q")):
        assert "Traceback" not in result.err, result.err[-2000:]
        assert result.code != 0
        said = result.out + result.err
        assert "mkdocs.yml 第 13 行" in said and "rounds → 2025" in said and text in said, said
