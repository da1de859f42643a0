"""Undeclared real-looking names: found with a cue, then at every occurrence; pseudonym forms are not names."""

from __future__ import annotations

import pytest

from xinyu.guard import scan_text
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
    assert all(f.severity == "error" for f in found)


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


def test_a_name_marked_as_a_pseudonym_in_the_text_is_declared_only_by_pseudonyms() -> None:
    """A teacher who writes the real name and adds （化名） out of habit would publish it (a second red-team round):
    the mark declares nothing; the name listed in pseudonyms does (a reviewer sees that list)."""
    for marked in ("王梓涵（化名）上课时很紧张。", "王梓涵(化名)上课时很紧张。", "王梓涵（化名，下同）上课时很紧张。", "王梓涵（均为化名）上课时很紧张。", "王梓涵（已化名）上课时很紧张。", "学生刘一鸣（化名），男，14岁。"):
        assert [f.severity for f in scan_text(marked)] == ["error"], marked
    assert names("王梓涵（化名）上课时很紧张。", {"王梓涵"}) == []
    assert names("上课时，王梓涵很紧张。", {"王梓涵"}) == []


@pytest.mark.parametrize(
    "text",
    [
        "学生李思琪（化名：小A）在课上哭了。李思琪的妈妈说她最近睡不好。",
        "学生李思琪（化名小A）在课上哭了。",
        "学生李思琪（化名待定）在课上哭了。",
        "学生李思琪（化名未声明）在课上哭了。李思琪的妈妈说她最近睡不好。",
        "学生李思琪（匿名处理前的原名）在课上哭了。",
    ],
)
def test_brackets_holding_more_than_the_mark_do_not_declare_the_name_before_them(text: str) -> None:
    """The name before 化名：小A is the real one; 化名待定 says there is none yet: both are checked as any name."""
    assert "李思琪" in names(text)


# Issue 12 §8: real-looking names are errors; only genuinely unsure candidates are warnings.
def severities(text: str, declared: set[str] | None = None) -> dict[str, str]:
    return {f.value: f.severity for f in scan_names(text, declared or set())}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("张小明上课时总是低着头。", "张小明"),
        ("张小红的同桌反映她最近吃得很少。", "张小红"),
        ("李小龙和几个男生在走廊里推搡。", "李小龙"),
        ("我约王小萌在午休时聊一聊。", "王小萌"),
        ("张伟上课时很紧张。", "张伟"),
        ("刘子轩最近情绪低落。", "刘子轩"),
        ("王建国是孩子的父亲。", "王建国"),
        ("上官宏在心理委员培训中表现得很积极。", "上官宏"),
        ("司徒静是她的小学同学。", "司徒静"),
        ("慕容雪在绘画中反复画同一只鸟。", "慕容雪"),
        ("她的妈妈王丽在电话中说孩子很少说话。", "王丽"),
        ("父亲张军说自己工作忙。", "张军"),
        ("同桌陈浩说她上课时经常发呆。", "陈浩"),
        ("班主任赵红老师联系了心理老师。", "赵红"),
        ("| 1 | 赵俊豪 | 男 | 考试焦虑 |", "赵俊豪"),
        ("| 学生 | 张雨欣 | 班主任 | 王老师 |", "张雨欣"),
        ("梁爽是班里的心理委员。", "梁爽"),
        ("外婆余淑珍在家长会上询问孩子的表现。", "余淑珍"),
    ],
)
def test_real_looking_names_are_errors(text: str, name: str) -> None:
    assert severities(text).get(name) == "error"


@pytest.mark.parametrize(
    "text",
    [
        "高度紧张的状态持续了两周。",
        "他向往大学生活。",
        "常规的辅导流程包括初始访谈。",
        "何时结束辅导，要看目标是否达成。",
        "每周小组活动一次，共六次。",
        "金秋时节，学校开了运动会。",
        "石头剪刀布的游戏让气氛活跃起来。",
        "文明礼仪月里，他在走廊奔跑被记了名。",
        "安全岛技术帮助她找到了安心的地方。",
        "谷雨时节，学校组织学生到农场体验种植。",
        "吴老师说这个孩子上课很认真。",
        "小A的同桌小林也来了，李某某没有来。",
    ],
)
def test_ordinary_phrases_starting_with_a_surname_are_not_names(text: str) -> None:
    assert severities(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "罗杰斯的来访者中心疗法强调共情。",
        "马斯洛的需要层次理论帮助家长理解孩子。",
        "皮亚杰认为儿童的思维分阶段发展。",
        "陶行知先生说：千教万教教人求真。",
        "林崇德教授指出，思维品质可以培养。",
        "我们读了史铁生的《我与地坛》。",
        "孙悟空和猪八戒一路保护唐僧。",
        "司马光砸缸的故事告诉我们要冷静。",
        "讲述孔融让梨和曹冲称象的故事。",
        "张海迪身残志坚的故事感动了学生。",
    ],
)
def test_shipped_public_names_are_allowed(text: str) -> None:
    assert severities(text) == {}


def test_a_word_that_is_also_a_name_is_only_a_warning() -> None:
    assert severities("后来黎明经常做噩梦。") == {"黎明": "warning"}
    assert severities("黎明总是一个人坐在角落。") == {"黎明": "warning"}


# names2: what an independent held-out set showed, by class (sentences written for these tests, not the bench's).
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("訾晓峰的父亲说孩子最近不爱说话。", "訾晓峰"),
        ("来访学生逄雨辰，初二，因失眠前来咨询。", "逄雨辰"),
        ("仝思琪在绘画里把自己画得很小。", "仝思琪"),
        ("庹子航上周三次没有交作业。", "庹子航"),
        ("缑佳怡和妹妹缑佳慧都在五年级。", "缑佳慧"),
        ("解雨辰说他不想去参加比赛。", "解雨辰"),
        ("牛梓萱的奶奶每天来接她。", "牛梓萱"),
        ("于浩然在团辅中一直低着头。", "于浩然"),
        ("钱佳琪说她考试前总是肚子疼。", "钱佳琪"),
        ("甘子豪和同桌吵了一架。", "甘子豪"),
        ("和玉兰是孩子的外婆，一直照顾他的生活。", "和玉兰"),
        ("花思雨的妈妈在家长会后找到了我。", "花思雨"),
    ],
)
def test_uncommon_and_everyday_character_surnames_are_errors(text: str, name: str) -> None:
    assert severities(text).get(name) == "error"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("腼腆的宁静每次发言都会脸红。", "宁静"),
        ("安然告诉我，她被人起了外号。", "安然"),
        ("方圆哭着说她想回家。", "方圆"),
        ("向阳摇了摇头，说他不记得了。", "向阳"),
        ("田野的妈妈说孩子在家很少说话。", "田野"),
        ("同桌白雪经常帮他补笔记。", "白雪"),
        ("家长签名：甘露", "甘露"),
        ("学生姓名：林立　班级：初二（1）班", "林立"),
        ("【常青】老师，我今天不想来学校。", "常青"),
        ("钱多多说她的零花钱都被收走了。", "钱多多"),
        ("雷鸣和王梓涵是同桌。", "雷鸣"),
        ("老师表扬了陶然，说她进步很大。", "陶然"),
        ("请于洋同学回答第一个问题。", "于洋"),
    ],
)
def test_a_name_that_is_a_word_is_an_error_where_a_person_stands(text: str, name: str) -> None:
    assert severities(text).get(name) == "error"


def test_names_in_tables_and_dialogues_are_errors() -> None:
    table = "| 姓名 | 性别 | 年级 |\n| --- | --- | --- |\n| 高峰 | 男 | 初三 |\n| 田野 | 女 | 初二 |\n"
    assert severities(table) == {"高峰": "error", "田野": "error"}
    dialogue = "咨询师：最近睡得好吗？\n方圆：不好，总是做梦。\n咨询师：梦见什么了？\n方圆：考试。\n"
    assert severities(dialogue) == {"方圆": "error"}


@pytest.mark.parametrize(
    "text",
    [
        "劳动课上，同学们在一片田野里拔草。",
        "情绪有高峰和低谷，这是正常的。",
        "我们排演了《白雪公主》，小A演镜子。",
        "夜晚很宁静，她终于睡着了。",
        "台下响起了雷鸣般的掌声。",
        "城里高楼林立，他一个朋友也没有。",
        "没有规矩不成方圆。",
        "经过抢救，他安然无恙。",
        "向阳的窗台上摆着几盆花。",
        "四季常青的植物放在辅导室门口。",
        "孩子平安、健康，是家长最大的心愿。",
        "学生明白了规则以后，秩序好多了。",
        "| 序号 | 化名 | 性别 |\n| 1 | 小A | 女 |\n| 2 | 小林 | 男 |\n",
        "【小P】老师我不想去了。\n【心理老师】发生了什么？\n",
        "家长签名：小R妈妈",
    ],
)
def test_the_same_strings_as_words_stay_clean(text: str) -> None:
    assert severities(text, {"小A", "小林", "小P", "小R"}) == {}


@pytest.mark.parametrize(
    "text",
    [
        "主讲人介绍了彭凯平教授团队的积极教育研究。",
        "钟志农提出的心理辅导活动课模式影响很大。",
        "王阳明主张知行合一。",
        "大国工匠高凤林为火箭发动机焊接了几十年。",
        "航天员杨利伟是第一个进入太空的中国人。",
        "奥运冠军郭晶晶、张继科、樊振东都有赛前仪式。",
        "《城南旧事》的作者林海音出生在日本。",
        "心理学家林默涵的研究表明，同伴支持很重要。",
        "吴增强（2018）指出，学校心理辅导要面向全体学生。",
        "航天员聂海胜、刘伯明、汤洪波在空间站生活了三个月。",
    ],
)
def test_public_figures_and_citing_shapes_are_allowed(text: str) -> None:
    assert severities(text) == {}


def test_citing_verbs_count_only_outside_cases() -> None:
    text = "林默涵认为，学生的自我效能感可以培养。"
    assert severities(text) == {"林默涵": "error"}  # in a case a pupil can 认为 too
    assert {f.value for f in scan_names(text, citing=True)} == set()
    private = "学生林默涵认为自己什么都做不好。"
    assert {f.value for f in scan_names(private, citing=True)} == {"林默涵"}


def test_a_public_figure_beside_kin_is_still_a_pupil() -> None:
    assert severities("学生白雪的妈妈说，孩子喜欢唱歌。").get("白雪") == "error"


@pytest.mark.parametrize(
    "text",
    [
        "每节课后学生给自己打一到五颗星。",
        "她们练习大声说“不”和提出自己的需要。",
        "他大声说“不”时安全离开了那里。",
        "谢谢老师，谢谢您听我说话。",
        "卡片上写着：谢谢王老师这一年的陪伴。",
        "这周明亮的教室里摆满了作品。",
        "每张明信片上都写着一句鼓励的话。",
        "一段文字、三项任务、五路公交，都是孩子们记下的细节。",
        "研磨师宁允展是高铁转向架的工匠。",
    ],
)
def test_numbers_quotes_and_thanks_are_not_names(text: str) -> None:
    assert {name for name, severity in severities(text).items() if severity == "error"} == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("浩然妈妈在电话里说，孩子周末一直关在房间里。", "浩然"),
        ("第二天，梓涵妈妈主动约了我面谈。", "梓涵"),
        ("思琪的妈妈说，这孩子从小就特别敏感。", "思琪"),
        ("辅导结束时，梓萱终于笑了一下。", "梓萱"),
        ("雨桐告诉我，她最怕的是爸爸喝酒以后回家。", "雨桐"),
        ("那天下午，一诺一个人在操场上坐了很久。", "一诺"),
    ],
)
def test_a_given_name_alone_is_an_error_where_a_person_stands(text: str, name: str) -> None:
    found = [f for f in scan_names(text) if f.value == name]
    assert found and all(f.severity == "error" for f in found)


def test_the_given_name_of_a_found_name_is_found_anywhere_and_reported_once() -> None:
    text = "学生王梓涵，初二。\n梓涵说她不想回家。"
    assert [text[f.start : f.end] for f in scan_names(text)] == ["王梓涵", "梓涵"]


@pytest.mark.parametrize(
    "text",
    [
        "学生家长、新生家长、全体家长和各位家长都来了。",
        "全国家长都很关心这个问题。",
        "明天妈妈会来接我。平时奶奶管得很严。",
        "研究告诉我们，经验告诉我，生活告诉我。",
        "青春总是美好的，大家一直很努力。",
        "这位母亲红着眼睛说，她真的尽力了。",
    ],
)
def test_words_before_kin_or_an_act_are_not_given_names(text: str) -> None:
    assert [f for f in scan_names(text) if f.severity == "error"] == []


@pytest.mark.parametrize(
    "text",
    [
        "推荐观看电视剧《小欢喜》，乔英子和妈妈宋倩之间的冲突让人揪心。",
        "播放电影《少年的你》的片段：陈念在学校被同学欺负。",
        "《家有儿女》里的刘星、夏雪和夏雨，是重组家庭的三个孩子。",
        "电影《你好，李焕英》讲的是贾晓玲穿越回过去的故事。",
        "播放刘秀祥的故事：他背着母亲去读大学。",
        "请同学们阅读李华同学的来信。李雷和韩梅梅是好朋友。",
    ],
)
def test_characters_of_works_and_stories_in_lessons_are_not_pupils(text: str) -> None:
    assert scan_names(text, citing=True) == []


def test_a_title_in_a_case_names_a_character_only_as_a_work() -> None:
    assert scan_names("他最喜欢电视剧《少年派》里的林妙妙。") == []
    assert [f.value for f in scan_names("在《我的家》这篇作文里，王梓涵写到了爸爸。")] == ["王梓涵"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("记录：王 梓涵，女，13岁。", "王 梓涵"),
        ("来访学生：李 欣 怡", "李 欣 怡"),
        ("当事人张·伟与同学发生争执。", "张·伟"),
        ("| 陈　建国 | 男 |", "陈　建国"),
        ("学生Wang Zihan在英语作文里写了烦恼。", "Wang Zihan"),
        ("家长群里，ZHANG Wei的妈妈转发了一篇文章。", "ZHANG Wei"),
        ("Li Xinyi（学号2019031）得分偏高。", "Li Xinyi"),
        ("来访者英文名Kevin，初二男生。", "Kevin"),
    ],
)
def test_spaced_dotted_pinyin_and_english_names_are_errors(text: str, shown: str) -> None:
    found = scan_names(text)
    assert [text[f.start : f.end] for f in found] == [shown]
    assert found[0].severity == "error" and "*" in found[0].masked


@pytest.mark.parametrize(
    "text",
    [
        "推荐阅读《简·爱》，欧·亨利和海伦·凯勒的故事。",
        "王梓涵 李沐阳 张欣悦",
        "一、 王 老师的发言",
        "Hong Kong, Feng Shui and Tai Chi. He Said. The Big Five.",
    ],
)
def test_foreign_names_lists_and_english_words_are_not_joined_into_names(text: str) -> None:
    assert [text[f.start : f.end] for f in scan_names(text)] in ([], ["王梓涵", "李沐阳", "张欣悦"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组长：宋奕辰；记录员：郑雨萱；发言人：董子涵。", ["宋奕辰", "董子涵", "郑雨萱"]),
        ("大家都叫陈家乐“乐乐”，他却说自己一点也不快乐。", ["陈家乐"]),
        ("嘉怡和子墨是一对形影不离的好朋友。", ["嘉怡", "子墨"]),
        ("我注意到俊豪的手臂上有几道划痕。", ["俊豪"]),
        ("我给宇航爸爸打了三次电话。", ["宇航"]),
        ("学生王家明天来。同学张家的孩子来了。", []),
    ],
)
def test_roles_family_given_names_and_pairs(text: str, expected: list[str]) -> None:
    assert names(text) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "美国学者莱斯利·林德和凯文·科恩的模型。",
        "史蒂夫·德·沙泽尔和茵素·金·伯格发展了焦点解决。",
        "很多老师在练习时红了眼眶。上课时明显走神。",
        "夏令营和冬令营，严令禁止，时令水果。",
    ],
)
def test_parts_of_foreign_names_and_when_clauses_are_not_names(text: str) -> None:
    assert scan_names(text, citing=True) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("孔令杰在周记里写：“我没用。”", "孔令杰"),
        ("她更希望别人叫她欣然。", "欣然"),
        ("同学时雨桐哭着说不想回家。", "时雨桐"),
    ],
)
def test_names_after_naming_words_and_with_ling(text: str, name: str) -> None:
    assert name in names(text)


def test_a_given_name_called_at_the_start_of_speech_is_a_name() -> None:
    assert names("“浩然，你先坐下，喝口水。”") == ["浩然"]
    assert names("“同学，你好！”“好的，我知道了。”") == []


def test_names_of_schools_hospitals_and_streets_are_not_persons() -> None:
    assert scan_names("转介到广州惠爱医院、深圳康宁医院，活动在明德小学和建国路举行。") == []
    assert names("学生王梓涵小学时成绩很好。") == ["王梓涵"]


def test_western_first_names_only_warn_and_entrepreneurs_are_public() -> None:
    found = scan_names("安妮·沙利文是海伦·凯勒的老师，大家都叫她安妮老师。艾莉是一只勇敢的小狐狸。", citing=True)
    assert {f.value for f in found} == {"安妮", "艾莉"} and all(f.severity == "warning" for f in found)
    assert scan_names("雷军创业的故事激励了很多人，董明珠的自律也值得学习。", citing=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周平和吴静是同一个小区的邻居。", ["吴静", "周平"]),
        ("夏天的妈妈在家长会上哭了。", ["夏天"]),
        ("杜鹃低着头，半天没有说话。", ["杜鹃"]),
        ("明天的家长会在三楼。周末的妈妈们都很忙。夏天的作业很多。平和和安静是两种状态。", []),
    ],
)
def test_names_before_a_conjunction_and_word_names_with_a_family(text: str, expected: list[str]) -> None:
    assert names(text) == sorted(expected)


def test_kin_of_a_cited_public_figure_is_cited_in_lectures_only() -> None:
    text = "傅雷先生给远在海外的儿子傅聪写了上百封信。"
    assert scan_names(text, citing=True) == []
    assert names("鲁迅说过一句话，学生王梓涵的妈妈很认同。") == ["王梓涵"]


def test_a_word_name_is_not_reported_inside_an_idiom() -> None:
    found = scan_names("林立的同桌说他最近很少说话。窗外高楼林立。")
    assert [f.start for f in found] == [0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我让梓涵先说说那天发生了什么。", "梓涵"),
        ("第二次谈话时，我问浩宇：“你最近睡得怎么样？”", "浩宇"),
        ("放学后我陪欣怡在操场上走了两圈。", "欣怡"),
        ("对雨萱来说，转学是一件很可怕的事。", "雨萱"),
        ("子轩的性格比较内向，不爱说话。", "子轩"),
        ("来访者小B，原名唐诗雨，以下用小B称呼。", "唐诗雨"),
    ],
)
def test_given_names_as_objects_and_real_names_behind_a_pseudonym(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "考试前一晚他总是胡思乱想，大家齐心协力，马到成功。",
        "我让同学们安静下来，和平时一样，对学生来说，陪孩子成长。",
        "郝思嘉是《飘》的女主角。简·爱说：“我们是平等的。”",
    ],
)
def test_idioms_verbs_and_characters_are_not_given_names(text: str) -> None:
    assert [f for f in scan_names(text, citing=True) if f.severity == "error"] == []


@pytest.mark.parametrize(
    "text",
    [
        # ABB and AABB descriptive words whose first character is a surname
        "屋里冷冰冰的，很快就热乎乎的了。",
        "窗外的露珠亮晶晶的，稻田一片黄澄澄的。",
        "桌上堆着白花花的米饭，小猫的毛黄灿灿的。",
        "妈妈冷冰冰地说：“快去写作业。”",
        "孩子们高高兴兴地走进教室，白白净净的脸上笑开了花。",
        "冷冷清清的教室里只剩下他，大家明明白白地看见了。",
        # verbs done briefly
        "查一查这个字怎么读。",
        "查一查，想一想，再写下来；他查了查资料。",
        # a span or an order at a clause start
        "全程低着头，一句话也不说。",
        "全程哭着，谁劝都不听。",
        "妈妈冷冰冰的态度让孩子害怕。",
        "五、课后延伸：回家查一查秋天还有哪些颜色，画一画。",
    ],
)
def test_reduplicated_and_span_words_are_not_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("学生黄晶晶，女，12岁。", "黄晶晶"),
        ("黄晶晶的妈妈来学校了。", "黄晶晶"),
        ("她叫冷冰冰，是初二学生。", "冷冰冰"),
        ("王丽丽说她不想上学。", "王丽丽"),
        ("学生查一凡，男。", "查一凡"),
    ],
)
def test_doubled_given_names_are_still_names(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "韦纳的归因理论认为，成败可以归于能力、努力、任务难度和运气。韦纳认为，归于努力的学生更愿意坚持。",
        "这就是罗森塔尔效应。根据艾宾浩斯遗忘曲线，复习要及时。",
        "耶克斯—多德森定律告诉我们，适度的焦虑最好。",
        "根据帕累托法则，百分之二十的事情决定了百分之八十的结果。",
        "霍兰德职业兴趣模型包括六种类型；卡特尔的人格特质理论提出了十六种根源特质。",
        "萨提亚的冰山理论告诉我们，行为只是冰山一角；哈洛的恒河猴实验说明接触安慰的重要。",
        "詹姆斯-兰格情绪理论认为先有身体反应；墨菲定律说，会出错的事总会出错。",
        "韦纳把成败归因分成三个维度。",
    ],
)
def test_theories_named_after_a_person_cite_them(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "推荐阅读：《被讨厌的勇气》（岸见一郎、古贺史健）",
        "推荐书目：《被讨厌的勇气》（岸见一郎、古贺史健 著）",
        "参考书：《窗边的小豆豆》（黑柳彻子 著，赵玉皎 译）",
        "《如何说孩子才会听》（阿黛尔·法伯、伊莱恩·玛兹丽施 著，安燕玲 译）",
        "《教育心理学》（陈琦、刘儒德 主编）",
        "三、推荐书目\n《被讨厌的勇气》（岸见一郎、古贺史健）\n《好妈妈胜过好老师》（尹建莉）",
        "1.《被讨厌的勇气》/岸见一郎，古贺史健 著",
        "《中小学心理健康教育》（俞国良 主编；赵军燕、王浩 副主编）",
        "推荐岸见一郎和古贺史健合著的《被讨厌的勇气》。",
        "[3] 陈琦，刘儒德. 当代教育心理学[M]. 北京：北京师范大学出版社，2007.",
    ],
)
def test_authors_after_a_book_title_are_cited(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "作文《我的妈妈》（王梓涵）写得很感人。",
        "王梓涵说他喜欢理论。",
        "学生王梓涵的理论考试没通过。",
        "王梓涵的《我的妈妈》获得了一等奖。",
        "《我的妈妈》/王梓涵",
    ],
)
def test_titles_and_theory_words_do_not_hide_a_pupil(text: str) -> None:
    assert names(text) == ["王梓涵"]


def test_patterns_tried_only_at_their_anchors_find_what_a_full_scan_finds() -> None:
    """given_names tries PAIR, CALLED and VOCATIVE only where their literal anchors stand (name_context.anchored), and
    join_spaced looks for spaced names only before a separator: the same matches as scanning the whole text."""
    import random
    import re

    from xinyu.guard import given_names as g
    from xinyu.guard import name_context as ctx
    from xinyu.guard import name_forms

    rnd = random.Random(17)
    pieces = '和 跟 与 是 一起 都 叫 她 名叫 名字是 叫做 小名 就 “ ” 「 " ， ！ , 你 快 梓涵 欣然 浩然 雨桐 子墨 王 张 欧阳 的 。'.split()
    pieces += [" ", "·", "\u3000"]
    texts = [
        "他名叫欣然。",
        "妈妈叫她梓涵。",
        "名字是浩然，",
        "小名叫“雨桐”。",
        "“浩然，你先坐下。”",
        "嘉怡和子墨是好朋友，梓涵跟浩然都来了",
    ]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(4000)]
    old_separator = re.compile(rf"[{name_forms._SURNAME}](?=[ \u3000·・•])")
    found = 0
    for text in texts:
        called = (s for p in ctx.places(text, "叫") for s in (p, p - 1, p - 2) if s >= 0)
        for pattern, starts in (
            (g.PAIR, [p - 2 for p in ctx.places(text, "和跟与") if p >= 2]),
            (g.CALLED, [*called, *(m.start() for m in re.finditer("名字是", text))]),
            (g.VOCATIVE, list(ctx.places(text, '“"「'))),
        ):
            full = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in ctx.anchored(pattern, text, starts)] == full, (pattern.pattern[:20], text)
            found += len(full)
        separated = [p - 1 for p in ctx.places(text, name_forms.SEPARATORS) if p and text[p - 1] in name_forms.SURNAMES]
        assert sorted(separated) == [m.start() for m in old_separator.finditer(text)]
    assert found > 100  # the texts do exercise the patterns


@pytest.mark.parametrize(
    ("text", "shown", "value"),
    [
        ("小A的同桌林\n浩宇常和她一起复习。", "林\n浩宇", "林浩宇"),
        ("她的父亲陈\n  建国来电说明情况。", "陈\n  建国", "陈建国"),
        ("同桌林浩\n宇常来找她。", "林浩\n宇", "林浩宇"),
        ("> 来访学生王\n> 梓涵，初二。", "王\n> 梓涵", "王梓涵"),
        ("- 同桌林\n  浩宇常来找她。", "林\n  浩宇", "林浩宇"),
        ("记录人说，当事学生赵\r\n思远情绪低落。", "赵\r\n思远", "赵思远"),
        ("> 同桌林\n浩宇常来找她。", "林\n浩宇", "林浩宇"),  # a quote's paragraph goes on without ">" (lazy)
    ],
)
def test_a_name_split_across_the_lines_of_a_paragraph_is_found(text: str, shown: str, value: str) -> None:
    """A browser shows the lines of a paragraph as one: text wrapped by an editor or pasted from a PDF shows 林浩宇."""
    found = scan_names(text)
    assert [(text[f.start : f.end], f.value) for f in found] == [(shown, value)]
    assert found[0].severity == "error"


@pytest.mark.parametrize(
    "text",
    ["## 一、基本情况\n王老师说明了情况。", "- 林\n- 浩宇", "| 林 |\n浩宇", "他说林\n\n浩宇来了", "他说林\n> 浩宇来了"],
)
def test_lines_a_reader_sees_apart_are_not_joined(text: str) -> None:
    """A heading or a table row ends at its line; list items, paragraphs and a quote after a paragraph stand apart."""
    assert [f.value for f in scan_names(text) if "林浩宇" in f.value or "情况王" in f.value] == []


# A following word that swallows the name's last character: jieba reads 张小|明说, 周/明说, 孙文说/nrfg, 何/平和/同桌,
# 赵雨/晴天/天哭, and the name was missed or reported cut short (张晓). Every sentence here does segment that way.
SWALLOWED = [
    ("学生张小明说他很紧张。", "张小明"),  # 明说
    ("张小明说他很紧张。", "张小明"),
    ("同桌张小明说他不想上学。", "张小明"),
    ("我问张小明说了什么，他不肯回答。", "张小明"),  # 问张/小/明说
    ("学生曹小明说他很害怕。", "曹小明"),
    ("学生张晓明说他很紧张。", "张晓明"),  # was 张晓
    ("学生宋佳明说他不想考试。", "宋佳明"),
    ("同桌周明说他昨晚没睡好。", "周明"),
    ("学生杜明说他很孤独。", "杜明"),
    ("学生赵子文说自己很累。", "赵子文"),  # 文说
    ("学生薛佳文说她很难过。", "薛佳文"),
    ("妈妈王文说她最近总失眠。", "王文"),
    ("学生孙文说他想转学。", "孙文"),  # 孙文说/nrfg
    ("学生许文问我怎么办。", "许文"),  # 许文问/nr (found before too)
    ("学生吴天问我能不能换座位。", "吴天"),  # 天问
    ("学生谢子文问老师能不能回家。", "谢子文"),  # 文问
    ("同学何平和同桌吵了一架。", "何平"),  # 何/r 平和
    ("学生陈思想了想，还是摇了摇头。", "陈思"),  # 思想
    ("学生韩梦想了想，没说话。", "韩梦"),  # 梦想
    ("同桌陈思远方才说他不舒服。", "陈思远"),  # 远方
    ("学生彭思远方才说了实话。", "彭思远"),
    ("同桌欧阳小明说他不想来。", "欧阳小明"),
    ("学生上官小明说他很害怕。", "上官小明"),
    ("学生欧阳思远方才哭了。", "欧阳思远"),  # (a rare compound surname was read without the tokens: found before too)
    ("同桌欧阳文说他不想来。", "欧阳文"),
    ("同桌欧阳子文说他很害怕。", "欧阳子文"),
    ("学生赵雨晴天天哭。", "赵雨晴"),  # 晴天
    ("学生周雨晴天天迟到。", "周雨晴"),
    ("学生吴敏感到很委屈。", "吴敏"),  # 敏感
    ("学生李然后来哭了。", "李然"),  # 然后
    ("学生唐宇都不说话。", "唐宇"),  # 宇都
    ("学生徐丽都哭了。", "徐丽"),  # 丽都
    ("学生张东来找我。", "张东"),  # 东来
    ("学生王海上课睡觉。", "王海"),  # 海上
]


@pytest.mark.parametrize(("text", "name"), SWALLOWED)
def test_a_name_whose_last_character_a_following_word_swallowed_is_found(text: str, name: str) -> None:
    """The whole name, at its place, as an error: a person cue before it or speech, an act or kin after it."""
    found = scan_names(text)
    start = text.index(name)
    assert [(f.start, f.end, f.value, f.masked, f.severity) for f in found] == [
        (start, start + len(name), name, name[0] + "*" * (len(name) - 1), "error")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "高明说得对，我们都同意。",  # 高明 is a word that is also a name: at most the unsure warning it always had
        "王道不在于强大，而在于人心。",
        "老师常说，慢慢来比较快。",
        "何时说出来都不晚。",
        "我们常明说自己的想法。",  # 常/d 明说: no surname
        "他常明说自己不喜欢数学。",
        "离别时奶奶常表现出不舍。",  # 常/d 表现: a person before it, none after
        "小航不理睬，母亲向父亲告状。",  # 向/p 父亲
        "一名四年级班主任任协同领导者观察。",  # 任协|同: no given name
        "老师雷厉风行，严于律己。",  # 雷厉风行: a word starting at the surname character
        "妈妈说：“谢谢王老师这一年的陪伴。”",  # 谢谢/王老师
        "明说吧，我不同意。",
        "文明说到底是一种习惯。",
        "于是说起了自己的事。",
        "何必说得那么难听。",
        "时常说起小时候的事。",
        "明明说好了却又反悔。",
        "毕竟说出口需要勇气。",
        "这个办法高明，说明他想得很周到。",
        "孩子向老师说了实话。",
        "学生宁可说谎也不认错。",
        "孩子向来说话算话。",
    ],
)
def test_words_that_start_with_a_surname_character_before_such_words_are_no_names(text: str) -> None:
    assert [f.value for f in scan_names(text) if f.severity == "error"] == []


def test_a_cut_name_is_not_lengthened_into_a_word_after_it() -> None:
    """学生张晓明天来: 张晓|明天 (张晓明|天来 would leave a stray 天), as before."""
    assert [(f.value, f.severity) for f in scan_names("学生张晓明天来。")] == [("张晓", "error")]


def test_a_swallowed_name_fails_xinyu_check_at_its_column(site) -> None:
    from test_guard_check import write_case

    write_case(site, "学生张小明说他很紧张。\n我问张小明说了什么。\n同桌何平和同桌吵了一架。")
    result = site.check()
    assert result.code == 1
    out = result.out
    assert "张小明" not in out + result.err and "何平" not in out + result.err
    for line, column, masked in ((15, 3, "张**"), (16, 3, "张**"), (17, 3, "何*")):
        assert any(f"cases/a/index.md:{line}: 正文: 第 {column} 列的“{masked}”" in row for row in out.splitlines()), out
