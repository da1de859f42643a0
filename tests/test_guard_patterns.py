"""Personal-data patterns: each rule, masking, and what must not be flagged."""

from __future__ import annotations

import pytest

from xinyu.guard import scan_text
from xinyu.guard.findings import mask_middle
from xinyu.guard.patterns import scan_personal_data, valid_id18


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.masked) for f in scan_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("身份证号11010519491231002X。", "id_card", "110105********002X"),
        ("身份证 11010519491231002x", "id_card", "110105********002x"),
        ("证件 110105 19491231 002X", "id_card", "110105********002X"),
        ("旧身份证 110105491231002", "id_card", "110105******002"),
        ("身份证号 110105194912310021", "id_card", "110105********0021"),  # check character mistyped, but labelled
        ("证件号码：110101200801011234", "id_card", "110101********1234"),
        ("妈妈电话13812345678。", "mobile", "138****5678"),
        ("家长电话13812345678ab。", "mobile", "138****5678"),  # a Latin letter after a number does not make it a code
        ("地点13812345678xx区实验中学", "mobile", "138****5678"),
        ("13812345678x", "mobile", "138****5678"),
        ("妈妈电话 138 1234 5678", "mobile", "138****5678"),
        ("妈妈电话 138-1234-5678", "mobile", "138****5678"),
        ("电话 +8613812345678", "mobile", "138****5678"),
        ("手机：１３８１２３４５６７８", "mobile", "138****5678"),
        ("家里电话 010-62345678", "landline", "010-******78"),
        ("家里电话 0571 88887777", "landline", "0571-******77"),
        ("家里电话（0755）26543210", "landline", "0755-******10"),
        ("邮箱 zhangwei@example.com", "email", "z***@example.com"),
        ("QQ号：12345678", "qq", "12****78"),
        ("他的qq是 987654321", "qq", "98*****21"),
        ("微信号 wxid_abc123", "wechat", "wx*******23"),
        ("微信：zhang_wei_2010", "wechat", "zh**********10"),
        ("学号20230101", "student_no", "20****01"),
        ("学籍号：G110105201003150021", "student_no", "G1***************21"),
        ("他家住在北京路12号，离学校很近。", "address", "北京***号"),
        ("住址：解放大道三百号", "address", "解放****号"),
        ("她家在阳光小区3栋2单元501室。", "address", "阳光**********室"),
        ("住在12栋1单元302室", "address", "12*******室"),
        ("她于2010年3月15日出生。", "birth_date", "2010年**月**日"),
        ("出生日期：2011-09-01", "birth_date", "2011年**月**日"),
        ("生日是2012.5.6，", "birth_date", "2012年**月**日"),
    ],
)
def test_pattern_found_and_masked(text: str, kind: str, masked: str) -> None:
    assert (kind, masked) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "编号110105194912310021已作废。",  # 18 digits, wrong check digit
        "编号110105194913310026",  # month 13
        "编号990105194912310020",  # no such province
        "全国心理援助热线 400-161-9995",
        "青少年服务台 12355，心理援助 12356。",
        "心理援助热线：010-82951332",
        "请拨打希望热线 021-64383562 求助。",
        "北京心理危机研究与干预中心电话 010-82951332",
        "2024年5月20日，小A第一次来辅导室。",
        "日期 2024-05-20，成绩从85分提高到92分。",
        "SCL-90 总分 162，SDS 标准分 62。",
        "每周二下午3:00—4:00，共8次。",
        "订单号 12345678901234567890123456",
        "他的生日快到了，大家准备了礼物。",
        "第3栋教学楼",
        "微信群里讨论",
        "wxyz 这样的英文单词",
    ],
)
def test_not_personal_data(text: str) -> None:
    assert kinds(text) == []


def test_valid_id_checksum() -> None:
    assert valid_id18("11010519491231002X")
    assert not valid_id18("110105194912310020")


def test_several_numbers_in_one_run() -> None:
    found = kinds("13812345678 13987654321")
    assert found == [("mobile", "138****5678"), ("mobile", "139****4321")]


def test_positions_point_at_value() -> None:
    text = "家长电话：13812345678。"
    (finding,) = scan_personal_data(text)
    assert text[finding.start : finding.end] == "13812345678"


@pytest.mark.parametrize(
    ("value", "start", "end", "masked"),
    [("13812345678", 2, 2, "13*******78"), ("ab", 1, 1, "a*"), ("abcdef", 2, 2, "ab***f"), ("abcd", 3, 3, "a**d"), ("x", 1, 1, "*")],
)
def test_mask_middle_hides_at_least_half(value: str, start: int, end: int, masked: str) -> None:
    assert mask_middle(value, start, end) == masked
    assert masked.count("*") >= len(value) / 2


def test_masked_value_never_contains_whole_value() -> None:
    text = "电话13812345678，身份证11010519491231002X，邮箱zhangwei@example.com，住北京路12号，学号20230101"
    for finding in scan_text(text):
        assert finding.value not in finding.masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("小B是初二（3）班的学生", "初二（*）班"),
        ("初二3班", "初二*班"),
        ("高一(5)班", "高一(*)班"),
        ("三年级2班", "三年级*班"),
        ("五（2）班", "五（*）班"),
        ("七年级（1）班", "七年级（*）班"),
        ("初三年级（12）班", "初三年级（**）班"),
        ("高二（十）班的同学", "高二（*）班"),
        ("职高一（3）班", "职高一（*）班"),
    ],
)
def test_class_number_is_a_masked_warning(text: str, masked: str) -> None:
    (finding,) = scan_personal_data(text)
    assert (finding.kind, finding.masked, finding.severity) == ("class_no", masked, "warning")


@pytest.mark.parametrize(
    "text",
    [
        "初二年级共有12个班。",
        "初二年级共有45名学生。",
        "全校三个班参加。",
        "三年级2个班",
        "第3班",
        "每班30人",
        "周一（3）班会课",
        "星期五（2）班会",
    ],
)
def test_grades_and_counts_of_classes_are_not_class_numbers(text: str) -> None:
    assert [f for f in scan_personal_data(text) if f.kind == "class_no"] == []


# Issue 12 §9: disguised values are found (the text is normalised before matching), and a hotline exempts only itself.
@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("妈妈电话138\u200b1234\u200b5678。", "mobile", "138****5678"),
        ("妈妈电话1\u200c3\u200d8\u20601234\ufeff5678", "mobile", "138****5678"),
        ("妈妈电话138.1234.5678，晚上打。", "mobile", "138****5678"),
        ("妈妈电话(138)1234-5678", "mobile", "138****5678"),
        ("妈妈电话（138）1234 5678", "mobile", "138****5678"),
        ("妈妈电话1381234\n5678", "mobile", "138****5678"),
        ("妈妈电话 138　1234　5678", "mobile", "138****5678"),
        ("邮箱 zhangwei＠example.com", "email", "z***@example.com"),
        ("邮箱 zhang\u200bwei@qq.com", "email", "z***@qq.com"),
        ("身份证号11010519491231002Ｘ", "id_card", "110105********002X"),
        ("身份证号１１０１０５１９４９１２３１００２ｘ", "id_card", "110105********002x"),
        ("证件 110105  19491231  002X", "id_card", "110105********002X"),
        ("证件 1101 0519 4912 3100 2X", "id_card", "110105********002X"),
        ("证件 110105\u00a019491231\u3000002X", "id_card", "110105********002X"),
        ("心理援助热线12355，妈妈手机13812345678。", "mobile", "138****5678"),
        ("可拨打希望热线 400-161-9995 或班主任电话 13912345678", "mobile", "139****5678"),
        ("心理援助热线：010-82951332，家里电话 010-62345678", "landline", "010-******78"),
    ],
)
def test_disguised_values_are_found(text: str, kind: str, masked: str) -> None:
    found = [(f.kind, f.masked) for f in scan_text(text, names=False)]
    assert (kind, masked) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "学生**李**思琪在课上哭了。",
        "学生李*思*琪在课上哭了。",
        "学生李_思琪_在课上哭了。",
        "学生李`思琪`在课上哭了。",
        "学生李~~~~思琪在课上哭了。",
        "学生李<span>思琪</span>在课上哭了。",
        '学生李<b class="x">思</b>琪在课上哭了。',
        "学生李\\\n思琪在课上哭了。",
        "学生&#26446;思琪在课上哭了。",
        "学生&#x674E;&#x601D;琪在课上哭了。",
    ],
)
def test_a_name_split_by_markup_or_written_as_entities_is_found(text: str) -> None:
    """What the page shows joined is checked joined: emphasis, tags, a hard line break or a numeric entity inside a name."""
    found = [f for f in scan_text(text) if f.kind == "name"]
    assert [f.value for f in found] == ["李思琪"], found
    assert text[found[0].start : found[0].end].startswith(("李", "&#"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("妈妈电话138**1234**5678。", "mobile"),
        ("妈妈电话138<b>1234</b>5678。", "mobile"),
        ("妈妈电话138_1234_5678", "mobile"),
        ("身份证110105<span>19491231</span>002X", "id_card"),
    ],
)
def test_a_number_split_by_markup_is_found(text: str, kind: str) -> None:
    assert kind in [f.kind for f in scan_text(text, names=False)]


def test_masked_numbers_and_sums_stay_as_they_are() -> None:
    assert scan_text("电话138****5678，证件110105********002X，3*4=12，2023~2024学年", names=False) == []


def test_digits_written_as_entities_are_read() -> None:
    text = "妈妈电话&#49;&#51;&#56;12345678。"
    (finding,) = scan_text(text, names=False)
    assert (finding.kind, finding.masked) == ("mobile", "138****5678")
    assert text[finding.start :].startswith("&#49;")


def test_markup_between_words_joins_nothing_that_the_page_shows_apart() -> None:
    assert scan_text("**小A**和**小B**是同桌，*本课*目标是认识情绪。<b>注意</b>：3*4=12。") == []


def test_disguised_value_is_located_in_the_original_text() -> None:
    text = "小A的妈妈电话138\u200b1234\u200b5678，已删除。"
    (finding,) = scan_text(text, names=False)
    assert text[finding.start : finding.end] == "138\u200b1234\u200b5678"


@pytest.mark.parametrize(
    "text",
    [
        "心理援助热线：010-82951332",
        "全国心理援助热线 400-161-9995（24小时）",
        "青少年服务台12355，心理援助热线12356。",
        "成绩依次是 85.5、92.0 和 78.5 分。",
        "版本 13.1.2024 已发布",
        "日期 2024.05.20，第 3.2 节。",
        "SCL-90 总分 162，SDS 标准分 62。",
    ],
)
def test_normalising_does_not_invent_numbers(text: str) -> None:
    assert [f for f in scan_text(text, names=False) if f.severity == "error"] == []


def test_every_normalised_character_is_placed_back_where_it_was() -> None:
    """normalise drops invisible characters and markup inside words and reads entities; each character it keeps maps
    to its own place in the original (an entity's to the entity's start), in order."""
    import random

    from xinyu.guard.patterns import normalise

    pieces = ["李", "思", "琪", "*", "**", "_", "`", "~~", "<b>", "</b>", "\\\n", "&#26446;", "&#x601D;", "\u200b", "a", " ", "1", "&#49;"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        plain, offsets = normalise(text)
        if offsets is None:
            assert plain == text
            continue
        places = [offsets[i] for i in range(len(plain))]
        assert places == sorted(set(places)), (text, plain)
        assert all(text[p] == c or text.startswith("&#", p) for p, c in zip(places, plain, strict=True)), (text, plain)


@pytest.mark.parametrize("text", ["他在八年级三班。", "初二三班的学生", "三年二班", "九（3）班", "2023级5班", "初2025届3班", "高二·7班"])
def test_a_class_written_other_ways_is_found(text: str) -> None:
    """Grade and class in words, by year of entry or with a dot (a second red-team round): a warning, as 初二（3）班."""
    from xinyu.guard import scan_text

    assert [(f.kind, f.severity) for f in scan_text(text)] == [("class_no", "warning")], text


@pytest.mark.parametrize("text", ["这一班人", "一班学生都来了", "这三年二十个班", "星期三（2）班会", "三年来，班上", "全年级十个班", "第二班车"])
def test_words_around_a_class_are_not_a_class(text: str) -> None:
    from xinyu.guard import scan_text

    assert scan_text(text) == [], text
