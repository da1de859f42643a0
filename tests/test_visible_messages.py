"""Messages that quote contributors' text never let it drive a terminal or CI log.

A value with ANSI escapes, a carriage return, a bidi override or a zero-width character is
quoted by `xinyu check`, by the build's log and by every other `xinyu` command: each such
character must arrive written out (``\\x1b``, ``\\r``, ``\\u202e``), never raw. Output is read as
bytes: text mode would turn a raw ``\\r`` into a line break and hide it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

from conftest import VALID_CASE, bin_path
from xinyu.content.problems import Problem, shown

# One of each kind: clear screen + red, carriage return, bidi override and isolate, zero-width,
# BOM, a C1 control, a line separator, a Hangul filler, an astral tag character.
HIDDEN = "\x1b[2J\x1b[31m\r\u202e\u2066\u200b\ufeff\x9b\u2028\u3164\U000e0041\b\x07"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\u3164\ufeff\U000e0000-\U000e007f]")


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (YAML refuses most of these characters raw, not escaped)."""
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in value) + '"'


def run(command: list[str], cwd) -> tuple[int, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(command, cwd=cwd, capture_output=True, env=env)
    return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8")


def assert_nothing_raw(output: str) -> None:
    found = {f"U+{ord(c):04X}" for c in RAW.findall(output)}
    assert not found, f"raw {sorted(found)} in:\n{output[-3000:]}"


def test_shown_writes_every_hidden_character_out_and_keeps_text():
    assert shown(HIDDEN) == "\\x1b[2J\\x1b[31m\\r\\u202e\\u2066\\u200b\\ufeff\\x9b\\u2028\\u3164\\U000e0041\\x08\\x07"
    text = "初一（3）班 “情绪” a<b 　全角空格 é 😀 \\x1b"
    assert shown(text) == text  # Chinese, full-width space, emoji, a typed backslash: as they are
    assert shown("a\nb\tc", keep="\n\t") == "a\nb\tc" and shown("a\nb") == "a\\nb"
    assert shown(shown(HIDDEN)) == shown(HIDDEN)
    problem = Problem(f"cases/x{HIDDEN}/index.md", 3, f"tags{HIDDEN}", f"值“{HIDDEN}”")
    assert_nothing_raw(problem.format())
    assert "\n" not in problem.format() and problem.path.endswith(f"x{HIDDEN}/index.md")  # the real name, for tools


def test_check_and_its_reports_quote_values_visibly(site):
    head, body = VALID_CASE.split("\n---\n", 1)
    bad = head.replace("grade: 初一", f"grade: {quoted('初四' + HIDDEN)}").replace(
        "school: xx区实验中学", f"school: {quoted('<b>' + HIDDEN)}"
    )
    site.write("cases/c1/index.md", bad + f"\ntags: [{quoted(HIDDEN)}]\n---\n" + body)
    code, output = run([bin_path("xinyu"), "check"], site.root)
    assert code == 1, output
    assert "cases/c1/index.md:6: grade: " in output and "\\x1b" in output and "\\u202e" in output, output
    assert_nothing_raw(output)
    for form in ("json", "github", "gitlab"):
        code, output = run([bin_path("xinyu"), "check", "--format", form], site.root)
        assert code == 1 and "\\u202e" in output, output
        assert_nothing_raw(output)
    report = subprocess.run([bin_path("xinyu"), "check", "--format", "json"], cwd=site.root, capture_output=True).stdout
    assert any("\\x1b" in p["message"] for p in json.loads(report))  # still JSON


def test_build_log_quotes_values_visibly(site):
    """MkDocs' own lines too (a link target written in a page), through `mkdocs build` and `xinyu build`."""
    site.write("docs/page.md", f"# 页面\n\n[链接](missing{HIDDEN}.md)\n")
    head, body = VALID_CASE.split("\n---\n", 1)
    site.write("cases/c1/index.md", head.replace("grade: 初一", f"grade: {quoted('初四' + HIDDEN)}") + "\n---\n" + body)
    for command in ([bin_path("mkdocs"), "build"], [bin_path("xinyu"), "build"]):
        code, output = run(command, site.root)
        assert "missing\\x1b[2J" in output and "grade: " in output, output
        assert_nothing_raw(output)


def test_ci_summary_table_shows_values_as_text():
    """The job summary ($GITHUB_STEP_SUMMARY) is Markdown that GitHub renders: a quoted value stays text."""
    import markdown

    from hostile import scan_html
    from xinyu.cli.annotations import github_summary

    value = '<img src="http://tracker.example/x.png"> [点此修复](javascript:alert(1)) **粗** a|b `c` \\ &lt;'
    table = github_summary([Problem("cases/a_b/index.md", 2, "school", f"值“{value}”")])
    html = markdown.markdown(table, extensions=["tables"])
    assert "<img" not in html and "<a " not in html and "<strong>" not in html and "<code>" not in html, html
    assert scan_html(html, set()) == []
    cells = html.split("<td>")
    assert len(cells) == 5 and "a|b" in cells[4] and "&lt;img" in cells[4], html  # one row, four cells, text kept
