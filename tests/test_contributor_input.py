"""Contributor input is never silently wrong: joined lists, school years as written, commands that work."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from test_check_bad_input import case_with
from xinyu.content.slug import slug_of
from xinyu.content.vocabulary import Vocabulary

GRADE = Vocabulary.load(ROOT / "plugins/xinyu/data/vocabulary.yml")["grade"]
SEPARATORS = [",", "，", "、", ";", "；"]


@pytest.mark.parametrize("sep", SEPARATORS)
@pytest.mark.parametrize(
    "field,line,values",
    [
        ("tags", "tags: {joined}", ["情绪", "焦虑"]),
        ("tags", 'tags: "{joined}"', ["考试焦虑", "放松训练"]),
        ("authors", "authors: {joined}", ["陈思雨", "李明"]),
        ("pseudonyms", "pseudonyms: [{joined}]", ["小A", "小林"]),
        ("topics", "topics: {joined}", ["情绪调适", "人际交往"]),
        ("grade", "grade: [{joined}]", ["初中", "高中"]),
    ],
)
def test_one_string_with_several_values_is_split_and_check_says_so(site, field, line, values, sep):
    """Every list field, every separator: read as a list, with a notice at the line that shows the list syntax."""
    text = line.format(joined=sep.join(values))
    if "[" in text and sep == ",":
        pytest.skip("in a YAML flow list the comma already separates items")
    content = case_with({field: text}) if f"\n{field}:" in case_with() else case_with(add=text)
    site.write("cases/a/index.md", content)
    problems = site.check_json()
    mine = [p for p in problems if p["field"] == field]
    assert len(mine) == 1, problems
    notice = mine[0]
    assert notice["severity"] == "warning" and notice["line"] == content.splitlines().index(text) + 1
    assert f"{field}: [{', '.join(values)}]" in notice["message"]
    assert not [p for p in problems if p["severity"] == "error"], problems


def test_split_values_reach_the_catalog_as_lists(site):
    site.write("cases/a/index.md", case_with({"authors": "authors: 陈思雨、李明"}, add="tags: 考试焦虑；放松训练"))
    assert site.build().code == 0
    [item] = site.catalog()
    assert item["tags"] == ["考试焦虑", "放松训练"]
    assert [a if isinstance(a, str) else a["name"] for a in item["authors"]] == ["陈思雨", "李明"]


def test_split_names_are_declared_people_for_the_privacy_guard(site):
    """`authors: 陈思雨、李明`: both are declared authors, so neither trips the name rule in the body."""
    site.write("cases/a/index.md", case_with({"authors": "authors: 陈思雨、李明"}) + "\n陈思雨老师和李明老师共同完成了辅导。\n")
    errors = [p for p in site.check_json() if p["severity"] == "error"]
    assert errors == []


@pytest.mark.parametrize(
    "written,term",
    [
        ("初二年级", "初中"),
        ("初四", "初中"),
        ("七年级", None),
        ("７年级", "初中"),
        ("8年级", "初中"),
        ("高一年级", "高中"),
        ("高１", "高中"),
        ("职一", "中职"),
        ("职三年级", "中职"),
        ("三年级学段", "小学中年级"),
        ("小学５年级", "小学高年级"),
        ("初２", "初中"),
    ],
)
def test_school_years_as_written_get_exactly_their_stage(written, term):
    if term is None:
        assert GRADE.normalise(written) == "初中"
        return
    assert GRADE.normalise(written) is None
    assert GRADE.suggest(written) == [term]


def test_grade_message_names_the_one_stage_and_an_accepted_spelling(site):
    site.write("cases/a/index.md", case_with({"grade": "grade: 初二年级"}))
    [problem] = [p for p in site.check_json() if p["field"] == "grade"]
    assert "您是不是想写：初中（写“初二”也可以）？" in problem["message"]
    assert "小学低年级、" not in problem["message"].split("可选")[0]


@pytest.mark.parametrize("content", ["", "# 只有正文\n"])
def test_messages_name_the_command_that_works_from_the_readme(site, content):
    site.write("cases/a/index.md", content)
    [problem] = site.check_json()
    assert "python3 scripts/dev.py xinyu new case" in problem["message"]


def test_messages_on_windows_name_the_readme_windows_form(monkeypatch):
    """`python3` on a Windows PC may open the Microsoft Store: printed messages there say `py scripts\\dev.py`."""
    from xinyu.content import commands

    monkeypatch.setattr(commands.os, "name", "nt")
    assert commands.command("new case") == "py scripts\\dev.py xinyu new case"
    assert commands.command("check cases/a/index.md") == "py scripts\\dev.py check cases/a/index.md"
    assert commands.command("new case", commands.RUNNER) == "python3 scripts/dev.py xinyu new case"  # written documents


def test_no_message_names_a_bare_xinyu_command():
    """A teacher has no `xinyu` on the PATH: every message naming a command goes through scripts/dev.py."""
    offenders = []
    for path in (ROOT / "plugins/xinyu").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if "prog=" in code or "escape_property(" in code:
                continue  # argparse's own name for the program; a GitHub annotation's title
            if any(
                f"{q}xinyu {c}" in code or f"：xinyu {c}" in code or f"运行 xinyu {c}" in code
                for q in "\"'"
                for c in ("new", "check", "guide", "import", "round")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    "title,slug",
    [
        ("高三学生考前失眠：陪他走过睡不着的这一个月", "gao-san-xue-sheng-kao-qian-shi-mian"),
        ("睡不着的夜晚", "shui-bu-zhao-de-ye-wan"),
        ("用情绪温度计帮助初一学生识别情绪的个体辅导", "yong-qing-xu-wen-du-ji-bang-zhu"),
        ("小A的考试焦虑", "xiao-a-de-kao-shi-jiao-lv"),
        ("A very long English title that goes on and on and on", "a-very-long-english-title-that-goes-on"),
    ],
)
def test_slugs_read_well_and_are_cut_between_words(title, slug):
    assert slug_of(title) == slug
    assert len(slug) <= 40


def test_xinyu_new_cuts_the_slug_between_words(site):
    import subprocess

    from conftest import bin_path

    title = "高三学生考前失眠：陪他走过睡不着的这一个月"
    args = ["new", "case", "--yes", "--title", title, "--summary", "s", "--topics", "情绪调适", "--grade", "高三"]
    args += ["--authors", "王老师", "--school", "xx中学", "--type", "个体辅导", "--anonymized", "true"]
    proc = subprocess.run([bin_path("xinyu"), *args], cwd=site.root, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert Path(site.root / "cases/gao-san-xue-sheng-kao-qian-shi-mian/index.md").is_file()
