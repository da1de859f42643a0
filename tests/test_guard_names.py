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


# A new-user trial: real-looking names with no cue word around them were missed.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("学生王梓涵上课时很紧张。", "王梓涵"),
        ("王梓涵同学总是一个人待着。", "王梓涵"),
        ("来访学生：王梓涵", "王梓涵"),
        ("王梓涵，男，14岁。", "王梓涵"),
        ("王梓涵上课时很紧张。", "王梓涵"),
        ("辅导记录\n王梓涵上课时很紧张。", "王梓涵"),
        ("上课时，王梓涵很紧张。", "王梓涵"),
        ("今天王梓涵来咨询室。", "王梓涵"),
        ("小B（真名王梓涵）说他不想来学校。", "王梓涵"),
        ("小B的妈妈刘秀英说孩子在家很乖。", "刘秀英"),
        ("家长刘秀英来校。", "刘秀英"),
        ("同桌张浩然说他最近不太说话。", "张浩然"),
        ("我和张伟谈了一次。", "张伟"),
        ("放学后薛彤在教室里待了很久。", "薛彤"),
        ("辅导结束时孟梓轩露出了笑容。", "孟梓轩"),
        ("据侯鑫回忆，那次考试后她就不想上学了。", "侯鑫"),
        ("沈建国上课时很紧张。", "沈建国"),
        ("考试前一天欧阳子涵失眠了。", "欧阳子涵"),
    ],
)
def test_name_without_cue_is_found(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "她一进门就显得很紧张，双手张开又握紧。",
        "王国里的国王很孤独，他把李子分给大家。",
        "陈述自己的想法时，他马上高兴起来。",
        "周末他去河边捡石头，觉得金钱不是最重要的。",
        "方法得当，程度适中，文化课成绩有了提高。",
        "组里安静了几秒，随后大家明白了彼此的意思。",
        "告别仪式上交换祝福卡片，老师表达了关怀。",
        "他常站在教室门口张望，非常喜欢安静的角落。",
        "王老师、李某、张某某、小王和老李都参加了。",
        "小林、小A和A同学在沙盘上摆了一座桥。",
        "本课依据罗杰斯的理论和霍兰德职业兴趣测验设计。",
        "高一学生在单元练习中表现出较高的学习动机。",
        "向他们解释时，于是大家都同意了。",
        "一张纸上写着课程安排和健康教育的时间。",
    ],
)
def test_common_words_are_not_names(text: str) -> None:
    assert names(text) == []


def test_pseudonym_in_brackets_declares_an_uncued_name() -> None:
    assert names("王梓涵（化名）上课时很紧张。") == []
    assert names("上课时，王梓涵很紧张。", {"王梓涵"}) == []
