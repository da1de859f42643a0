"""The text checked is the text a reader sees: hidden markup, entities, other digits and separators, spaced and
traditional names are read as the page shows them (a red-team review published each of these with 0 errors)."""

from __future__ import annotations

import pytest

from xinyu.guard import scan_text
from xinyu.guard.patterns import normalise


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in scan_text(text, {"小A"}) if f.severity == "error"]


def name_values(text: str) -> list[str]:
    return [f.value for f in scan_text(text, {"小A"}) if f.kind == "name" and f.severity == "error"]


# --- 1. hidden markup and entities inside a word ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("家长手机138<!-- -->1234<!-- -->5678。", "mobile"),
        ("家长手机138<!---->1234<!-- x -->5678。", "mobile"),
        ("家长手机138<!-->1234<!--\n-->5678。", "mobile"),
        ("家长手机138&#8203;1234&#8203;5678。", "mobile"),
        ("家长手机138&#x200B;1234&#x200b;5678。", "mobile"),
        ("家长手机138&ZeroWidthSpace;1234&ZeroWidthSpace;5678。", "mobile"),
        ("家长手机138&shy;1234&NoBreak;5678。", "mobile"),
        ("家长手机&#x31;38&#8203<!-- -->1234 5678。", "mobile"),
        ("家长手机１３８&#65297;２３４５６７８。", "mobile"),
        ("家长邮箱 zhangmama&commat;qq.com。", "email"),
        ("家长邮箱 zhangmama&#64;qq&period;com。", "email"),
        ("身份证110105<!-- -->20080101<!-- -->0014。", "id_card"),
    ],
)
def test_numbers_joined_by_hidden_markup_or_entities_are_found(text: str, kind: str) -> None:
    assert kind in [k for k, _ in kinds(text)], kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "学生李<!---->娜哭了。",
        "学生李<!-- x -->娜哭了。",
        "学生李&#8203;娜哭了。",
        "学生李&ZeroWidthSpace;娜哭了。",
        "学生李&shy;娜哭了。",
        "学生李&NoBreak;娜哭了。",
        "学生李&zwj;娜哭了。",
        "学生李\ufe0f娜哭了。",
        "学生李\U000e0101娜哭了。",
        "学生李\u034f娜哭了。",
        "学生李\u2063\ufe00娜哭了。",
        "学生[李娜](#a)哭了。",
        "学生李[娜](#a)哭了。",
        "学生李[娜][1]哭了。",
    ],
)
def test_a_name_joined_by_hidden_markup_entities_or_invisible_characters_is_found(text: str) -> None:
    assert "李娜" in name_values(text), scan_text(text)


def test_a_name_split_by_a_link_is_found() -> None:
    text = "学生张[小明](#a)哭了。"
    (finding,) = [f for f in scan_text(text, {"小A"}) if f.kind == "name"]
    assert finding.value == "张小明"
    assert text[finding.start] == "张"


@pytest.mark.parametrize(
    "text",
    [
        "小A说：“我&nbsp;很好”，然后笑了。&copy; 2024 某某中学",
        "小A<!-- 待补充 -->的情况见下文。[参考资料](#ref)说明了方法。",
        "AT&amp;T 与 R&D 部门；a &lt; b；&unknown; 不是实体。",
        "图标👍🏻和❤️表示喜欢。",
    ],
)
def test_entities_comments_and_links_between_words_invent_nothing(text: str) -> None:
    assert kinds(text) == []


def test_every_decoded_character_is_placed_back_in_order() -> None:
    import random

    pieces = ["李", "娜", "1", "3", "<!-- -->", "<!---->", "&shy;", "&nbsp;", "&commat;", "&#8203;", "[", "](#a)", "\ufe0f", "a", " "]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        plain, offsets = normalise(text)
        if offsets is None:
            continue
        places = [offsets[i] for i in range(len(plain))]
        assert places == sorted(set(places)), (text, plain)
        assert all(0 <= p < len(text) for p in places), (text, plain)


# --- 2. other separators and other digits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "家长手机138–1234–5678。",
        "家长手机138—1234—5678。",
        "家长手机138－1234－5678。",
        "家长手机138、1234、5678。",
        "家长手机138/1234/5678。",
        "家长手机138／1234／5678。",
        "家长手机138\u20091234\u20095678。",
        "家长手机𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖。",
        "家长手机𝟭𝟯𝟴𝟭𝟮𝟯𝟰𝟱𝟲𝟳𝟴。",
        "家长手机①③⑧①②③④⑤⑥⑦⑧。",
        "家长手机١٣٨١٢٣٤٥٦٧٨。",
        "家长手机۱۳۸۱۲۳۴۵۶۷۸。",
        "家长手机一三八一二三四五六七八。",
        "家长手机幺三八 幺二三四 五六七八。",
        "家长手机壹叁捌壹贰叁肆伍陆柒捌。",
    ],
)
def test_a_mobile_with_other_separators_or_digits_is_found(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["mobile"], kinds(text)


@pytest.mark.parametrize(
    "text",
    ["身份证一一〇一〇五二〇〇八〇一〇一〇〇一X。", "身份证号一一零一零五二零零八零一零一零零一四", "证件110105–20080101–0014"],
)
def test_an_id_in_chinese_numerals_or_with_dashes_is_found(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["id_card"], kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "二〇二四年五月二十日，第一二三组依次发言。",
        "一二三四五六七八九十，大家一起数。",
        "步骤①②③完成后，再做⑤。",
        "得分依次是 13、14、15、16、17、18。",
        "日期 2024/05/20 和 2024—2025 学年。",
        "心理援助热线：010–82951332；青少年服务台一二三五五。",
        "希望热线 400—161—9995（二十四小时）",
    ],
)
def test_ordinary_numbers_in_prose_stay_clean(text: str) -> None:
    assert kinds(text) == []


# --- 3. spaced names in running text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("学生王 梓涵说她睡不着。", "王梓涵"),
        ("学生张 小 明很累。", "张小明"),
        ("学生王\u00a0梓涵说她睡不着。", "王梓涵"),
        ("学生王&nbsp;梓涵说她睡不着。", "王梓涵"),
        ("学生王\u2009梓涵说她睡不着。", "王梓涵"),
        ("学生王\u2002梓\u2002涵说她睡不着。", "王梓涵"),
        ("学生王-梓涵说她睡不着。", "王梓涵"),
        ("学生王／梓涵说她睡不着。", "王梓涵"),
        ("来访学生张 小明，初二男生。", "张小明"),
    ],
)
def test_a_spaced_name_inside_running_text_is_found(text: str, name: str) -> None:
    assert name in name_values(text), scan_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "我 很 难 过 ， 不 想 说 话 。",
        "小A和老王 明天一起去。",
        "学生 王老师 说明了规则。",
        "高 兴 的 时 候 会 唱 歌。",
        "第一步-第二步-第三步",
        "选择题 A/B/C，分数 3/5。",
    ],
)
def test_spaces_between_ordinary_words_join_no_name(text: str) -> None:
    assert name_values(text) == []


# --- 4. traditional characters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("學生張曉明今天沒來上課。", "张晓明"),
        ("同桌陳梓涵經常幫助她。", "陈梓涵"),
        ("同桌歐陽娜娜經常幫助她。", "欧阳娜娜"),
        ("她的媽媽劉秀英來學校了。", "刘秀英"),
    ],
)
def test_a_name_in_traditional_characters_is_found(text: str, name: str) -> None:
    assert name in name_values(text), scan_text(text)


def test_a_traditional_name_is_declared_in_either_script() -> None:
    assert [f for f in scan_text("學生張曉明今天沒來上課。", {"張曉明"}) if f.kind == "name"] == []
    assert [f for f in scan_text("學生張曉明今天沒來上課。", {"张晓明"}) if f.kind == "name"] == []


@pytest.mark.parametrize("text", ["小A覺得學習壓力很大，著名的心理學家說過要關心自己。", "老師們開會討論了輔導方案。"])
def test_traditional_prose_stays_clean(text: str) -> None:
    assert name_values(text) == []


# --- end to end --------------------------------------------------------------------------------------------------------


def test_disguised_values_block_the_check(site) -> None:
    from test_guard_check import write_case

    body = "家长手机138<!-- -->1234<!-- -->5678，学生李<!---->娜。\n學生張曉明今天沒來上課。\n学生王 梓涵说她睡不着。\n身份证一一〇一〇五二〇〇八〇一〇一〇〇一X。"
    write_case(site, body)
    result = site.check()
    assert result.code == 1
    out = result.out
    assert "138****5678" in out and "13812345678" not in out
    assert "cases/a/index.md:15: 正文" in out and "cases/a/index.md:16: 正文" in out
    assert "cases/a/index.md:17: 正文" in out and "cases/a/index.md:18: 正文" in out
