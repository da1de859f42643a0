"""Keys are named as the contributor wrote them: YAML reads `null:`, `true:`, `1.5:` as None, True, 1.5, and a
message naming field "None" at line 1 helps nobody. Every YAML the project reads from contributors."""

from __future__ import annotations

import pytest

from conftest import MINIMAL_CONFIG
from test_check_bad_input import case_with
from xinyu.content.source import parse_front_matter

KEYS = ["null", "~", "Null", "true", "No", "on", "1", "0x1F", "2024-01-01", "1.5", ".inf", "'null'", '"true"']


@pytest.mark.parametrize("key", KEYS)
def test_a_front_matter_key_yaml_reads_as_no_string_is_named_as_written_at_its_line(site, key):
    content = case_with(add=f"{key}: 1")
    site.write("cases/a/index.md", content)
    [problem] = site.check_json()
    written = key.strip("'\"")
    assert problem["field"] == written and problem["line"] == content.splitlines().index(f"{key}: 1") + 1
    assert problem["message"].startswith(f"未知字段“{written}”。")


def test_nested_keys_are_text_and_their_duplicates_are_reported_at_every_depth():
    front, problems = parse_front_matter("consent:\n  null: a\n  form: b\n  form: c\ntitle: x\ntitle: y\n", "x.md", first_line=2)
    assert front.data["consent"] == {"null": "a", "form": "c"}
    assert [(p.line, p.field) for p in problems] == [(5, "consent.form"), (7, "title")]
    assert "另一次在第 4 行" in problems[0].message


@pytest.mark.parametrize("key", ["? [a, b]\n: c", "? {a: 1}\n: c", "[a, b]: c"])
def test_a_key_that_is_a_list_or_a_mapping_is_a_located_problem_and_the_rest_is_read(key):
    front, problems = parse_front_matter(f"title: x\n{key}\nsummary: y\n", "x.md", first_line=2)
    assert front.data == {"title": "x", "summary": "y"}
    [problem] = problems
    assert problem.line == 3 and "字段名要写成一个词" in problem.message


def test_data_file_keys_are_text_with_the_nearest_field_at_their_own_line(site):
    site.write("mkdocs.yml", MINIMAL_CONFIG.replace("  - xinyu:\n", "  - xinyu:\n      authors: data/authors.yml\n"))
    site.write("data/authors.yml", "true:\n  name: 某\nzhou-min:\n  name: 周敏\n  shcool: 一中\n  1.5: x\n")
    site.write("cases/a/index.md", case_with())
    found = {(p["line"], p["field"], p["message"]) for p in site.check_json() if p["path"] == "data/authors.yml"}
    assert (5, "zhou-min.shcool", "未知字段“shcool”。您是不是想写 school？") in found
    assert any(line == 6 and field == "zhou-min.1.5" and "“1.5”" in message for line, field, message in found), found
    assert not any("None" in message or "True" in message for _line, _field, message in found), found


@pytest.mark.parametrize("key", ["null", "true", "1.5"])
def test_a_plugin_option_yaml_reads_as_no_string_is_named_as_written(site, key):
    site.write("mkdocs.yml", MINIMAL_CONFIG.replace("  - xinyu:\n", f"  - xinyu:\n      {key}: 1\n"))
    site.write("cases/a/index.md", case_with())
    checked, built = site.check(), site.build()
    assert checked.code != 0 and f"xinyu → {key}：没有这个选项" in checked.out + checked.err
    assert built.code != 0 and f"option '{key}': 没有这个选项" in built.err
