"""Output formats of xinyu check: text and json (command contract), GitHub workflow commands, GitLab Code Quality."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import Site
from xinyu.cli import annotations
from xinyu.content.problems import Problem, warning

# GitLab's documented Code Quality report: a list of issues with these keys (docs.gitlab.com/ci/testing/code_quality/).
GITLAB_REPORT = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}

# ::error file=…,line=…,title=…::message — properties are key=value separated by commas, nothing unescaped inside.
GITHUB_COMMAND = re.compile(r"^::(error|warning) file=([^,:\r\n]+),line=(\d+),title=([^,:\r\n]+)::([^\r\n]*)$")

PROBLEMS = [
    Problem("cases/a,b/index.md", 7, "grade", "“初四”不是有效的学段。\n您是不是想写：初中？完成 100%"),
    Problem("cases/x/index.md", 1, "title", "缺少必填字段“标题”（title）。"),
    Problem("cases/x/index.md", 12, "正文", "手机号 138…"),
    Problem("cases/x/index.md", 30, "正文", "手机号 138…"),
    warning("cases/x/index.md", 3, "正文", "可能是真实姓名：张三"),
]


@pytest.mark.parametrize(
    "raw, data, prop",
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("key: a,b", "key: a,b", "key%3A a%2Cb"),
        ("%0A", "%250A", "%250A"),  # an already-escaped-looking text stays literal
    ],
)
def test_github_escaping(raw: str, data: str, prop: str):
    assert annotations.escape_data(raw) == data
    assert annotations.escape_property(raw) == prop


def test_github_one_command_per_problem():
    out = annotations.github(PROBLEMS, prefix="site/")
    lines = out.splitlines()
    assert len(lines) == len(PROBLEMS)
    parsed = [GITHUB_COMMAND.match(line) for line in lines]
    assert all(parsed), lines
    first = parsed[0]
    assert first.group(1) == "error"
    assert first.group(2) == "site/cases/a%2Cb/index.md"
    assert first.group(3) == "7"
    assert first.group(4) == "xinyu check%3A grade"
    # A problem is one line (its line break written out, content.problems.shown); % is still escaped.
    assert first.group(5) == "“初四”不是有效的学段。\\n您是不是想写：初中？完成 100%25"
    assert parsed[-1].group(1) == "warning"


def test_gitlab_report_matches_the_documented_shape():
    report = json.loads(annotations.gitlab(PROBLEMS, prefix="site/"))
    jsonschema.validate(report, GITLAB_REPORT)
    assert [i["severity"] for i in report] == ["major", "major", "major", "major", "minor"]
    assert report[0]["location"] == {"path": "site/cases/a,b/index.md", "lines": {"begin": 7}}
    assert report[0]["check_name"] == "xinyu/grade"
    fingerprints = [i["fingerprint"] for i in report]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab shows only the first of equal fingerprints


def test_gitlab_fingerprint_survives_a_line_shift():
    before = json.loads(annotations.gitlab([Problem("a.md", 5, "grade", "m")]))[0]["fingerprint"]
    after = json.loads(annotations.gitlab([Problem("a.md", 9, "grade", "m")]))[0]["fingerprint"]
    assert before == after


def test_text_and_json_keep_the_contract(site: Site, valid_case: str):
    site.write("cases/bad/index.md", valid_case.replace("grade: 初一", "grade: 初四"))
    text = site.check()
    assert text.code == 1
    assert re.match(r"^cases/bad/index\.md:6: grade: “初四”不是有效的学段", text.lines[0])
    items = site.check_json()
    assert items and set(items[0]) == {"path", "line", "field", "severity", "message"}
    assert items[0]["path"] == "cases/bad/index.md" and items[0]["line"] == 6


def test_check_github_and_gitlab_from_the_command(site: Site, valid_case: str, tmp_path):
    site.write("cases/bad/index.md", valid_case.replace("grade: 初一", "grade: 初四"))
    gh = site.check("--format", "github")
    assert gh.code == 1
    assert all(GITHUB_COMMAND.match(line) for line in gh.lines)
    report = tmp_path / "gl-code-quality-report.json"
    gl = site.check("--format", "gitlab", "--output", str(report))
    assert gl.code == 1
    assert gl.lines[0].startswith("cases/bad/index.md:6: grade:")  # the log still reads as text
    jsonschema.validate(json.loads(report.read_text(encoding="utf-8")), GITLAB_REPORT)


def test_clean_site_gives_an_empty_gitlab_report(site: Site, valid_case: str):
    site.write("cases/ok/index.md", valid_case)
    result = site.check("--format", "gitlab")
    assert result.code == 0
    assert json.loads(result.out) == []


def test_github_step_summary_lists_every_problem(site: Site, valid_case: str, tmp_path, monkeypatch):
    from xinyu.cli.main import main

    site.write("cases/bad/index.md", valid_case.replace("grade: 初一", "grade: 初四"))
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(site.root)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "--format", "github"]) == 1
    table = summary.read_text(encoding="utf-8")
    assert "| cases/bad/index.md | 6 | grade |" in table
