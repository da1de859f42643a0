"""Undeclared real-looking names: found with a cue, then at every occurrence; pseudonym forms are not names."""

from __future__ import annotations

import pytest

from xinyu.guard.names import looks_like_name, scan_names


def names(text: str, declared: set[str] | None = None) -> list[str]:
    return sorted({f.value for f in scan_names(text, declared or set())})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我的同学张伟昨天没来上课。", "张伟"),
        ("李娜老师找她谈话。", "李娜"),
        ("小A的妈妈王秀英说她很紧张。", "王秀英"),
        ("来访者陈晓东，初二男生。", "陈晓东"),
        ("他的父亲陈建国是工人。", "陈建国"),
        ("她叫李思琪，是初一学生。", "李思琪"),
        ("姓名：赵子涵", "赵子涵"),
        ("同桌欧阳娜娜经常帮助她。", "欧阳娜娜"),
    ],
)
def test_name_with_cue_is_found(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "班主任李老师发现她情绪低落。",
        "王某某同学和李某的妈妈都来了。",
        "小林和小A是同桌，张同学说他很高兴。",
        "马斯洛认为，罗杰斯的来访者中心疗法很好。",
        "她一进门就显得很紧张，主张自己的事情自己解决。",
        "如何提高学习效率是高中学生普遍关心的问题。",
        "学生把植物送给保洁阿姨、食堂师傅和其他老师。",
        "学生刘一鸣（化名），男，14岁。",
    ],
)
def test_pseudonym_forms_and_ordinary_words_are_not_names(text: str) -> None:
    assert names(text) == []


def test_declared_names_are_not_reported() -> None:
    text = "来访者陈晓东，初二男生。"
    assert names(text, {"陈晓东"}) == []
    assert names("周敏老师在课上讲到了情绪。", {"周敏老师"}) == []


def test_every_occurrence_is_reported_once_found() -> None:
    text = "学生张伟最近情绪低落。\n后来张伟主动来找辅导老师。"
    found = scan_names(text)
    assert [text[f.start : f.end] for f in found] == ["张伟", "张伟"]
    assert {f.masked for f in found} == {"张*"}
    assert all(f.severity == "warning" for f in found)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("张伟", True),
        ("欧阳娜娜", True),
        ("李某", False),
        ("王老师", False),
        ("小林", False),
        ("马斯洛", False),
        ("张", False),
        ("张伟伟伟", False),
        ("A张", False),
    ],
)
def test_looks_like_name(word: str, expected: bool) -> None:
    assert looks_like_name(word) is expected
