"""Unit tests of the content core (no MkDocs): vocabulary, front matter, schema, slugs; fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinyu.content import load_library, site_from_options
from xinyu.content.library import locate_attachment, suggest_slug
from xinyu.content.schema import Schema, load_schema
from xinyu.content.source import read_source
from xinyu.content.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
VOCAB = Vocabulary.load(ROOT / "plugins/xinyu/data/vocabulary.yml")


@pytest.mark.parametrize("alias,term", [
    ("一年级", "小学低年级"), ("二年级", "小学低年级"), ("三年级", "小学中年级"), ("四年级", "小学中年级"),
    ("五年级", "小学高年级"), ("六年级", "小学高年级"), ("初一", "初中"), ("初二", "初中"), ("初三", "初中"),
    ("七年级", "初中"), ("八年级", "初中"), ("九年级", "初中"), ("高一", "高中"), ("高二", "高中"), ("高三", "高中"),
    ("初中", "初中"), ("中职", "中职"),
])
def test_school_years_are_aliases_of_their_grade(alias, term):
    assert VOCAB["grade"].normalise(alias) == term


@pytest.mark.parametrize("name,alias,term", [
    ("topics", "情绪", "情绪调适"), ("type", "个案辅导", "个体辅导"), ("type", "团辅", "团体辅导"),
    ("kind", "ppt", "课件"), ("award_rank", "一等", "一等奖"),
])
def test_short_forms(name, alias, term):
    assert VOCAB[name].normalise(alias) == term


@pytest.mark.parametrize("name,value,first", [("grade", "初四", "初中"), ("topics", "情绪调节啊", "情绪调适"), ("type", "个人辅导", "个体辅导")])
def test_suggestions_name_the_closest_term(name, value, first):
    assert VOCAB[name].normalise(value) is None
    assert VOCAB[name].suggest(value)[0] == first


@pytest.mark.parametrize("text,slug", [("小A的考试焦虑", "xiao-a-de-kao-shi-jiao-lv"), ("Case One!", "case-one"), ("初一·情绪单元", "chu-yi-qing-xu-dan-yuan")])
def test_suggest_slug(text, slug):
    assert suggest_slug(text) == slug


def test_front_matter_keeps_lines():
    source = read_source("---\ntitle: 标题\ntopics:\n  - 情绪\n  - 学习\naward:\n  level: 区级\n---\n正文\n".encode(), "x.md")
    assert not source.problems
    assert source.front.lines[("title",)] == 2
    assert source.front.lines[("topics", 1)] == 5
    assert source.front.lines[("award", "level")] == 7
    assert source.body_line == 9 and source.body.strip() == "正文"


def test_dates_stay_text():
    source = read_source(b"---\ndate: 2024-05-20\n---\n", "x.md")
    assert source.front.data["date"] == "2024-05-20"


def test_a_date_written_another_way_is_answered_with_the_value_to_write():
    for written, fixed in [("2024-11-5", "2024-11-05"), ("2024/5/8", "2024-05-08"), ("2024年5月", "2024-05"), ("2024.05.08", "2024-05-08")]:
        source = read_source(f"---\ndate: {written}\n---\n".encode(), "x.md")
        problems = [p for p in _schema().check(source.front, "x.md").problems if p.field == "date"]
        assert len(problems) == 1 and f"请把“{written}”改成 {fixed}" in problems[0].message, problems
    for wrong in ["2024-02-30", "2024年13月", "昨天"]:  # no date to offer: the message as before
        source = read_source(f"---\ndate: {wrong}\n---\n".encode(), "x.md")
        problems = [p for p in _schema().check(source.front, "x.md").problems if p.field == "date"]
        assert problems and all("改成" not in p.message for p in problems), problems


def test_unclosed_quote_points_at_its_opening_line():
    source = read_source('---\ntitle: "未闭合\nsummary: 摘要\ndate: 2024-01-01\n---\n'.encode(), "x.md")
    assert source.problems[0].line == 2 and source.problems[0].field == "元数据"


def test_an_unclosed_bracket_points_at_its_opening_line():
    for text, line in [("title: 标题\ntopics: [情绪调适, 学习\ntype: 个体辅导\n", 3), ("title: 标题\naward: {level: 区级\ntype: x\n", 3)]:
        source = read_source(f"---\n{text}---\n".encode(), "x.md")
        assert [(p.line, p.field) for p in source.problems] == [(line, "元数据")], source.problems
        assert "没有配对" in source.problems[0].message


def _schema(name: str = "cases") -> Schema:
    return Schema(load_schema(name, ROOT), VOCAB)


def test_a_lone_term_is_a_one_item_list():
    source = read_source("---\ngrade: 初一\ntopics: 情绪\n---\n".encode(), "x.md")
    checked = _schema().check(source.front, "x.md")
    assert checked.data["grade"] == ["初中"] and checked.data["topics"] == ["情绪调适"]


def test_numbers_in_text_fields_are_read_as_typed():
    source = read_source(b"---\nschool: 001\ntitle: 2024\n---\n", "x.md")
    checked = _schema().check(source.front, "x.md")
    assert checked.data["school"] == "001" and checked.data["title"] == "2024"


def test_attachment_paths(tmp_path):
    (tmp_path / "item").mkdir()
    (tmp_path / "item/a.pdf").write_bytes(b"x")
    assert locate_attachment(tmp_path / "item", "a.pdf")[0] is None
    assert locate_attachment(tmp_path / "item", ".\\a.pdf")[0] is None  # Windows separators are fine
    assert "..".join([""]) is not None
    assert ".." in locate_attachment(tmp_path / "item", "../item/a.pdf")[0]
    assert "绝对路径" in locate_attachment(tmp_path / "item", "/etc/passwd")[0]


def test_every_collection_schema_is_valid_json_schema():
    for name in ("cases", "courses", "lectures", "research"):
        _schema(name)


# -- fuzzing: no input, however broken, produces a traceback ---------------------------------

FRONT_MATTER_PIECES = st.sampled_from([
    "title: 标题", "summary: 摘要", "date: 2024-02-30", "date: 2024-05-20", "topics: [情绪", "topics: 情绪", "grade: {a: 1}",
    "grade:\n  - 初一\n  - 火星", "  bad indent: x", "\tx: 1", "- a", "authors: [zhou-x]", "type: 个案辅导", "anonymized: yes",
    "attachments: [{file: ../x}]", "attachments: x.pdf", "award: {level: 省}", "&a [*a]", "x: *undefined", "!!python/object:os.system x",
    "title: '未闭合", "related: [cases/none]", "---", "...", "status: draft", "a: b: c", "? complex", "title: <b>x</b>",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(FRONT_MATTER_PIECES, max_size=12), noise=st.text(max_size=40), fence=st.booleans())
def test_parser_and_schema_never_crash(pieces, noise, fence):
    text = ("---\n" if fence else "") + "\n".join(pieces) + "\n" + noise + "\n---\n正文"
    source = read_source(text.encode("utf-8", "surrogatepass") if "\ud800" not in text else b"\xff", "x.md")
    if source.front is not None:
        _schema().check(source.front, "x.md")


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_reader_never_crashes_on_bytes(raw):
    read_source(raw, "x.md")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(FRONT_MATTER_PIECES, max_size=10), body=st.text(max_size=200))
def test_whole_library_load_never_crashes(tmp_path_factory, pieces, body):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "data").mkdir()
    (root / "data/vocabulary.yml").write_text((ROOT / "plugins/xinyu/data/vocabulary.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "cases/x").mkdir(parents=True)
    (root / "cases/x/index.md").write_text("---\n" + "\n".join(pieces) + "\n---\n" + body, encoding="utf-8", errors="replace")
    library = load_library(site_from_options(root, {}))
    for problem in library.problems():
        assert problem.path and problem.line >= 1 and problem.field and problem.message
