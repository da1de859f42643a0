"""Where a text puts a person, and where it cites a public figure.

A name that is also an ordinary word (田野, 安然, 方圆, 钱多多) or that starts with an everyday character used as a
surname (和玉梅, 花雨晴) cannot be told from the word by its shape; the sentence around it can. ``slot_at`` reads
what stands left and right of a possible name:

- left: a person cue (同桌, 妈妈, 名叫, 家长签名：), a personality word and 的 (阳光的|, 内向的|), a confirmed name
  and a conjunction (张梓涵和|), or the start of a clause (a punctuation mark, a line start, 后来, 那天);
- right: a role (|同学, |的妈妈), something only a person does (|哭着, |低着头, |点了点头, |说他…, |告诉我),
  a conjunction and a confirmed name (|和张梓涵), the end of a field (|。 |） |】), or a predicate (|总是, |在).

``labels`` finds the places that hold nothing but a person: table cells under 姓名/学生/…, cells of a row with
男/女, chat speakers (【宁静】…) and dialogue speakers (方圆：…) in a transcript that has other speakers.

``public_shape`` is the other side: a shape in which a lecture or lesson cites someone (航天员|, 心理学家|,
|教授, |院士, |（2018）, |等（, |著, 《…》作者|, |提出的…理论). None of these can be a pupil or a parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .name_lexicon import PERSON_CUES

CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _words(words: Iterable[str]) -> str:
    """An alternation of ``words`` that matches as the longest-first list ``a|b|…`` does (at each place the longest word
    there first, then shorter ones on backtracking), written as a trie (同(?:学|桌)…): the regex engine tests each
    character once rather than once per word."""
    root: dict[str, dict] = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie(root)


def first_chars(words: Iterable[str]) -> str:
    """A character class of the first characters of ``words``: a lookahead of it before a word alternation that does
    not start a pattern lets the regex engine turn down most places with one test."""
    return "[" + "".join(sorted({re.escape(word[0]) for word in words})) + "]"


def anchored(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying only at ``starts``: every place a match of ``pattern`` can begin (found by a
    cheaper scan, e.g. of a rare literal), none of its matches being empty. The same matches: leftmost first, and none
    that begins inside the one before."""
    end = 0
    for start in sorted(set(starts)):
        if start >= end:
            m = pattern.match(text, start)
            if m:
                yield m
                end = m.end()


def places(text: str, chars: str) -> Iterator[int]:
    """Every position of each of ``chars`` in ``text`` (str.find skips ahead far faster than a character class)."""
    for char in chars:
        pos = text.find(char)
        while pos != -1:
            yield pos
            pos = text.find(char, pos + 1)


def _trie(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends = "" in node
    group = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
    return group + "?" if ends else group  # greedy: the longer words first


# --- left of a name ---------------------------------------------------------------------------------------------------

# Labels of forms and records that are followed by a person's name (家长签名：白雪, 监护人：钱多多).
FORM_LABELS = frozenset(
    "签名 签字 家长签名 学生签名 本人签名 填表人 监护人 联系人 紧急联系人 记录人 受访者 负责人 学生姓名 家长姓名 姓名 "
    "原名 真名 本名 真实姓名 全名 曾用名".split()
)
PERSON_BEFORE = PERSON_CUES | FORM_LABELS | {"签字", "监护人签字", "家长签字", "学生签字"}
# Cues after which nothing but a name can follow (姓名：, 名叫, 签名：); after 孩子 or 妈妈 a word can (孩子成才).
NAMING_CUES = FORM_LABELS | {"名叫", "叫做", "名字是", "姓名是"}
# Words for a person's character or look, before 的 and a name: 阳光的田野总是第一个举手, 内向的安然很少说话.
PERSONALITY = frozenset(
    "阳光 开朗 内向 外向 文静 活泼 腼腆 害羞 敏感 懂事 乖巧 倔强 聪明 调皮 好动 沉默 胆小 爱哭 爱笑 要强 自卑 自信 善良 热心 热情 细心 "
    "认真 勤奋 优秀 可爱 淘气 顽皮 孤僻 多疑 暴躁 急躁 固执 叛逆 冲动 任性 温柔 坚强 勇敢 机灵 伶俐 憨厚 老实 内敛 沉稳 稳重 乐观 悲观 "
    "瘦小 瘦弱 高大 矮小 高个子 爱说爱笑 少言寡语 沉默寡言 品学兼优 成绩优异 人缘很好 平时很安静 一向很乖".split()
)
# Words after which a clause begins, as after a punctuation mark: 后来田野…, 那天安然….
CLAUSE_OPENERS = frozenset(
    "后来 那天 那时 这时 当时 今天 昨天 前天 第二天 上周 这周 下午 上午 中午 晚上 早上 课后 课间 放学后 下课后 开学后 最近 这学期 "
    "上学期 入学后 回家后 于是 然后 接着 最后 后面 其中 只有 就连 连 可是 但是 不过 而 "
    # after these a name follows as at a clause start (请田野回答, 我和方圆说)
    "请 让 找 关注 我和 他和 她和 我跟 他跟 她跟 我们和 我与".split()
)
# Verbs whose object is a person: 表扬了向阳，…, 约白雪聊一聊.
PERSON_OBJECT = frozenset(
    f"{verb}{suffix}" for verb in "表扬 批评 鼓励 安慰 提醒 邀请 询问 陪伴 陪 约 约了 劝 开导 叮嘱 夸".split() for suffix in ("", "了")
)
NAMING_LEFT = re.compile(rf"(?:{_words(NAMING_CUES)})[:： ]?\Z")
PERSON_LEFT = re.compile(rf"(?:{_words(PERSON_BEFORE)})[:： ]?\Z")
ADJ_LEFT = re.compile(rf"(?:{_words(PERSONALITY)})的\Z")
OPENER_LEFT = re.compile(rf"(?:{_words(CLAUSE_OPENERS)})\Z")
OBJECT_LEFT = re.compile(rf"(?:{_words(PERSON_OBJECT)})\Z")
CONJ = "和与跟及、"

# --- right of a name --------------------------------------------------------------------------------------------------

# Kin and classmates after a name, with or without 的 (田野的妈妈, 常青妈妈, 方舟的同桌).
KIN_AFTER = frozenset(
    "同学 妈妈 爸爸 父亲 母亲 家长 奶奶 爷爷 外婆 外公 姥姥 姥爷 姐姐 哥哥 弟弟 妹妹 父母 同桌 一家 家人 舅舅 姑姑 阿姨 叔叔 继父 继母 "
    "班主任 老师".split()
)
# What only a pupil has: 权浩的成绩, 田野的日记.
PUPIL_THINGS = frozenset("成绩 作业 日记 周记 作文 座位 书包 学号".split())
# What only a person does, right after the subject: 方圆哭着…, 向阳低着头…, 明亮摇了摇头.
ANIMATE_AFTER = frozenset(
    "哭 笑着 笑了 微笑 低着头 低下头 低头 点了点头 点点头 点头 摇了摇头 摇摇头 摇头 举手 举起手 举起了手 抬起头 抬头 红着眼 红了眼 "
    "叹了口气 叹气 沉默了 愣了 愣住 咬着 攥着 躲在 趴在 蹲在 缩在 站起来 站了起来 跑出 跑到 跑过来 跑了 喊 嘟囔 小声 轻声 大声 哽咽 抽泣 "
    "觉得 想了想 犹豫 皱着眉 皱了皱眉 回答 答道 写道 不肯 不愿 不想 不敢 害怕 担心 喜欢 讨厌 承认 坦言 主动 拒绝 同意".split()
)
# Speech after the subject; with a person or a quote after it (说他, 说：, 告诉我), nothing but a person speaks.
SPEECH_AFTER = frozenset("说 告诉 问 讲 解释 提到 回忆 表示".split())
NOT_SPEECH = frozenset("说明 说服 说法 说话 讲话 讲座 讲解 问题 问卷 表示法 提到的 回忆录".split())
# What a pupil is in a class: 水欣然是班里的文艺委员.
ROLES_AFTER_SHI = frozenset(
    "孩子 儿子 女儿 学生 委员 文艺委员 体育委员 学习委员 心理委员 班长 组长 课代表 女生 男生 男孩 女孩 小男孩 小女孩 姑娘 小姑娘 小伙子".split()
)
# Kin right after a name, with no 的 between (田野同学, 常青妈妈): nothing but a person stands there.
BARE_KIN = frozenset("同学 妈妈 爸爸 家长 奶奶 爷爷 外婆 外公 老师".split())
KIN_RIGHT = re.compile(
    rf"的?(?:{_words(KIN_AFTER)})"
    rf"|是[\u4e00-\u9fffA-Z]{{0,6}}?的(?:{_words(KIN_AFTER | ROLES_AFTER_SHI)})"  # 白玉洁是学生的母亲
    rf"|的(?:{_words(PUPIL_THINGS)})"  # 权浩的成绩: what only a pupil has
    r"|等?[两三四五六七八九十几]+(?:个人|人|位|名)|等人|等同学"  # 王梓涵、李欣怡和白雪三人…: counted people
)
ANIMATE_RIGHT = re.compile(rf"(?:{_words(ANIMATE_AFTER)})")
SPEECH_RIGHT = re.compile(
    rf"(?!{_words(NOT_SPEECH)})(?:{_words(SPEECH_AFTER)})(?P<then>(?:[他她我你](?!们)|自己|老师|妈妈|爸爸|班主任|[：:“，,])?)"
)
FIELD_END = "。，；：、！？（）()【】[]」』”\"'\n\t |\u3000"

# Kinds of context, left and right.
NAMING, PERSON, ADJ, START, CONJUNCT, NONE = "naming", "person", "adj", "start", "conj", ""
KIN, KIN_BARE, ANIMATE, SPEECH, SPEECH_TO, END, PRED = "kin", "kin_bare", "animate", "speech", "speech_to", "end", "pred"
# |的老师, |的班主任: after an adjective as often as after a pupil (高明的老师, 优秀的班主任).
KIN_TEACHER = "kin_teacher"


# A measure word or a time unit after a number or a demonstrative is no surname: 一到五周|明亮, 这段|文字, 一张|明信片.
MEASURE_SURNAMES = frozenset("周张段项路曲封双门支车台家方元米包班成章季时席步年代户种寸毛万")
COUNTING = frozenset("一二三四五六七八九十两几半每这那某各该本上下前后第零〇百千万0123456789０１２３４５６７８９")


def counted(text: str, pos: int) -> bool:
    """The character at ``pos`` is a measure word after a number or a demonstrative (五|周, 这|段, 每|张), or 时 (when)
    right after a word (练习|时红了眼眶; but 同学|时雨桐)."""
    char = text[pos : pos + 1]
    if char == "时" and pos and CJK_CHAR.match(text[pos - 1]):
        return not PERSON_LEFT.search(text, max(0, pos - 8), pos)
    return char in MEASURE_SURNAMES and text[pos - 1 : pos] in COUNTING


def left_of(text: str, pos: int, confirmed: Iterable[str]) -> str:
    """What stands just before ``pos``: a person cue, a personality word + 的, a confirmed name + 和, a clause start."""
    before = text[max(0, pos - 12) : pos]
    if NAMING_LEFT.search(before):
        return NAMING
    if PERSON_LEFT.search(before) or OBJECT_LEFT.search(before):
        return PERSON
    if ADJ_LEFT.search(before):
        return ADJ
    if before[-1:] in CONJ and any(before[:-1].endswith(name) for name in confirmed):
        return CONJUNCT
    if not before or not CJK_CHAR.match(before[-1]) or OPENER_LEFT.search(before):
        return START
    return NONE


def right_of(text: str, end: int, confirmed: Iterable[str]) -> str:
    """What stands just after a name ending at ``end`` (PRED is decided by the caller from the tokens)."""
    after = text[end : end + 12]
    if not after or after[0] in FIELD_END:
        return END
    if after[0] in CONJ and (any(after[1:].startswith(name) for name in confirmed) or KIN_RIGHT.match(after, 1)):
        return CONJUNCT  # 雷鸣和张梓涵, 云浩和同桌
    kin = KIN_RIGHT.match(after)
    if kin:
        return KIN_BARE if kin.group() in BARE_KIN else KIN_TEACHER if kin.group() in ("的老师", "的班主任") else KIN
    if ANIMATE_RIGHT.match(after):
        return ANIMATE
    speech = SPEECH_RIGHT.match(after)
    if speech:
        return SPEECH_TO if speech.group("then") else SPEECH
    return NONE


# --- places that hold only a person ------------------------------------------------------------------------------------

PERSON_HEADERS = re.compile(r"姓名|名字|学生|化名|成员|组员|家长|监护人|联系人|签名|记录人|负责人|来访者|当事人|辅导对象|观察对象|同学")
TABLE_ROW = re.compile(r"^[ \t]*\|.*$", re.M)
HEADER_WORDS = re.compile(
    r"姓名|名字|学生|化名|成员|组员|家长|监护人|联系人|签名|记录人|负责人|来访者|当事人|对象|同学|序号|编号|性别|年龄|年级|班级|问题|情况|"
    r"备注|日期|时间|内容|结果|原因|类型|表现|学校|电话|联系方式|跟进|主要"
)
SEX_CELL = re.compile(r"^[男女](?:生|孩)?$")
CELL_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
CHAT_SPEAKER = re.compile(r"【([\u4e00-\u9fff]{2,4}?)(?:妈妈|爸爸|家长|同学)?】")
DIALOGUE_SPEAKER = re.compile(r"^[ \t>*-]*([\u4e00-\u9fffA-Za-z]{1,6})[：:]", re.M)
# Speakers of a counselling transcript or a lesson record that are roles, not names (咨询师：…, 生：…).
ROLE_SPEAKERS = re.compile(r"^(?:咨询师|老师|心理老师|辅导老师|班主任|来访者|学生|妈妈|爸爸|家长|我|师|生|小[A-Z\u4e00-\u9fff])$")


def labels(text: str) -> list[tuple[int, int]]:
    """Spans that hold nothing but a person: table cells of a person column or of a row with 男/女, chat and dialogue
    speakers."""
    spans = _table_cells(text) if "|" in text else []
    spans += [(m.start(1), m.end(1)) for m in CHAT_SPEAKER.finditer(text)]
    speakers = list(DIALOGUE_SPEAKER.finditer(text)) if text.count("：") + text.count(":") >= 3 else []
    if sum(1 for m in speakers if ROLE_SPEAKERS.match(m.group(1))) >= 1 and len(speakers) >= 3:
        spans += [(m.start(1), m.end(1)) for m in speakers if not ROLE_SPEAKERS.match(m.group(1))]
    return spans


def _table_cells(text: str) -> list[tuple[int, int]]:
    """Name-like cells of Markdown tables: under a person header, in a row that has a 男/女 cell, or after a person
    label cell (| 学生 | 田野 |)."""
    spans: list[tuple[int, int]] = []
    columns: set[int] = set()
    last_end = -1
    for row in TABLE_ROW.finditer(text):
        if row.start() != last_end + 1:
            columns = set()  # not the next line: a new table
        last_end = row.end()
        cells = _cells(row.group(), row.start())
        values = [value for value, _, _ in cells]
        if _is_header(values):
            columns = {i for i, value in enumerate(values) if PERSON_HEADERS.search(value)}
            continue
        sexed = any(SEX_CELL.match(v) for v in values)
        for i, (value, start, _) in enumerate(cells):
            label_before = i and PERSON_HEADERS.search(values[i - 1]) and len(values[i - 1]) <= 6
            if i in columns or sexed or label_before:
                spans += _cell_items(value, start)
    return spans


def _is_header(values: list[str]) -> bool:
    """A header row: most of its cells are column titles (| 姓名 | 性别 | 年级 |, | 序号 | 学生 | 班级 | 跟进情况 |)."""
    titles = sum(1 for value in values if HEADER_WORDS.search(value))
    return titles >= 2 and titles * 2 > len(values)


def _cell_items(value: str, start: int) -> list[tuple[int, int]]:
    """The items of a cell that are a name and nothing else (孙思远、马晓彤; not 初一 in 初一（2）班)."""
    spans, pos = [], start
    for item in re.split(r"([、，,；;/ ]+)", value):
        if CELL_NAME.fullmatch(item):
            spans.append((pos, pos + len(item)))
        pos += len(item)
    return spans


def _cells(line: str, offset: int) -> list[tuple[str, int, int]]:
    """(stripped text, start, end) of each cell of a Markdown table row, in text offsets."""
    cells, pos = [], line.index("|") + 1
    for part in line[pos:].rstrip("\n").split("|")[:-1] if line.rstrip().endswith("|") else line[pos:].split("|"):
        lead = len(part) - len(part.lstrip())
        value = part.strip()
        cells.append((value, offset + pos + lead, offset + pos + lead + len(value)))
        pos += len(part) + 1
    return cells


# --- public figures ----------------------------------------------------------------------------------------------------

# Roles in front of a name that no pupil or parent has (航天员杨利伟, 心理学家金树人, 奥运冠军郭晶晶).
PUBLIC_ROLES = frozenset(
    "心理学家 教育家 教育学家 哲学家 思想家 文学家 作家 诗人 词人 画家 书法家 音乐家 艺术家 科学家 数学家 物理学家 化学家 生物学家 "
    "医学家 地质学家 气象学家 天文学家 历史学家 史学家 社会学家 经济学家 语言学家 翻译家 革命家 军事家 政治家 外交家 企业家 发明家 "
    "探险家 作曲家 歌唱家 表演艺术家 剧作家 小说家 散文家 评论家 学者 院士 教授 研究员 航天员 宇航员 名将 大国工匠 工匠 劳模 劳动模范 "
    "时代楷模 道德模范 楷模 烈士 先烈 元勋 感动中国人物 感动中国年度人物 国学大师 著名 知名 奥运冠军 世界冠军 全国冠军 "
    "亚运冠军 冬奥冠军 跳水冠军 游泳冠军 乒乓球冠军 体操冠军 举重冠军 射击冠军 短跑名将 女排队长".split()
)
PUBLIC_BEFORE = re.compile(rf"(?:(?:{_words(PUBLIC_ROLES)})[:：]?|》的?作者[:：]?|正如)\Z")
THEORY = "理论|模型|效应|疗法|学说|概念|定律|原理|框架|模式|观点|思想|法则|量表"
PUBLIC_AFTER = re.compile(
    rf"(?:教授|院士|研究员|博导|老先生|大师|等人?[（(]|[（(]\s*(?:1[5-9]|20)\d\d|著《|主编|编著|译《|的研究(?:表明|发现|指出|显示)"
    rf"|提出(?:了|的)[^。；，！？\n]{{0,8}}?(?:{THEORY})|在《[^》\n]{{1,30}}》(?:一书|中指出|中提到|中写道)|的《[^》\n]{{1,30}}》一书|合著"
    r"|是《[^》\n]{1,30}》(?:里|中)?的(?:女主角|男主角|主人公|主角|人物|角色|作者)"
    r"|的名言|有句名言|名言|所说的)"
)
# A theory, effect, law or model named after its author (罗森塔尔效应, 韦纳的归因理论, 马斯洛需要层次): a cited figure. With
# 的 only the words no pupil's work is called (王梓涵的模型 may be a pupil's model).
_THEORY_WORD = r"(?:效应|定律|法则|理论|学说|模型|需要层次|曲线|假说|原理|量表|疗法|悖论)(?!课|考|成绩|作业|题|知识)"
_TERM = r"[^\s\W的说是在了和很不也都就要会想让把被给对跟与得地着过我你他她它们这那有没]"
NAMED_THEORY = re.compile(rf"(?:[—-]?{_TERM}{{0,6}}?|的{_TERM}{{1,8}}?){_THEORY_WORD}")
# Authors of a book, cited: in parentheses after its title (《被讨厌的勇气》（岸见一郎、古贺史健 著）; without 著/编/译 only
# after a reading cue, 推荐阅读 or a 推荐书目 heading above, as 《我的妈妈》（王梓涵） may be a pupil's essay), after it with
# a role (《…》，岸见一郎、古贺史健著), before it with a role (…合著的《…》, …主编的《…》), and in a reference
# entry (陈琦，刘儒德. 当代教育心理学[M]).
AUTHORS_OPEN = re.compile(r"》\s*[（(][^（）()《》\n。]{0,30}\Z")
AUTHORS_CLOSE = re.compile(r"[^（）()《》\n。]{0,30}?[）)]")
AUTHORS_AFTER_TITLE = re.compile(r"》\s*[，,/／：:—-]?\s*[^（）()《》\n。；]{0,30}\Z")
AUTHOR_ROLE = re.compile(r"著|编|译|主编|编著|绘|等")
ROLE_AHEAD = re.compile(r"[^（）()《》\n。；]{0,30}?(?:著|编著|主编|编|译)(?:[，,。；\s]|$)")
_CO = r"(?:\s*[、，,和与及]\s*[^\s、，,。；《》\n]{2,8}?){0,5}"
AUTHORS_BEFORE_TITLE = re.compile(rf"{_CO}(?:合著|编著|所著|主编)的?《")
REFERENCE_ENTRY = re.compile(
    r"(?:\s*[,，、]\s*[^\s,，、.。\n]{2,8}){0,5}(?:\s*[,，]?\s*等)?\s*[.．]\s*[^\n]{1,60}?\[(?:M|J|D|C|N|R|Z|EB/OL)\]"
)
READING = re.compile(r"阅读|书目|书单|参考|读物|文献|推荐|共读|读书|好书|延伸|拓展|资料|书籍|著作")


def author_list(text: str, start: int, end: int) -> bool:
    """The name at ``start:end`` is one of the authors of a book cited by its title or as a reference entry."""
    if AUTHORS_BEFORE_TITLE.match(text, end) or REFERENCE_ENTRY.match(text, end):
        return True
    if text.find("》", max(0, start - 32), start) == -1:
        return False  # (the tests below all need a title just before)
    if AUTHORS_AFTER_TITLE.search(text, max(0, start - 32), start) and ROLE_AHEAD.match(text, end):
        return True
    opening = AUTHORS_OPEN.search(text, max(0, start - 32), start)
    closing = AUTHORS_CLOSE.match(text, end)
    if not opening or not closing:
        return False
    if AUTHOR_ROLE.search(text, opening.start(), closing.end()):
        return True
    lines = text[max(0, start - 400) : start].split("\n")
    for line in reversed(lines):  # the line, or the heading above a list of titles (三、推荐书目 / 《…》（…） / …)
        if READING.search(line):
            return True
        if not line.lstrip(" \t-*>0123456789.、").startswith("《"):
            return False
    return False


# Lectures, lessons and reports cite with verbs too (彭凯平认为, 钟志农老师指出); in a case the same verbs can follow a
# pupil (张伟认为自己很笨), so these count only outside cases.
CITING_AFTER = re.compile(
    r"(?:老师|先生|教授|博士)?(?:认为|指出|强调|提出|主张|倡导|总结|概括|论述|阐述|发现|曾说|说过|曾经说过|所说|所言)"
    r"|的(?:理论|观点|研究|著作|名言|话说|思想|学说)"
)


# A story told or shown in a lesson: 播放刘秀祥的故事, 讲述了江梦南的经历.
STORY_BEFORE = re.compile(r"(?:播放|讲述|讲|介绍|分享|观看|阅读|学习|朗读)了?\Z")
STORY_AFTER = re.compile(r"的(?:故事|事迹|经历|演讲|视频|纪录片|报道|采访|先进事迹|成长故事)")


def public_shape(text: str, start: int, end: int, citing: bool = False) -> bool:
    """The name at ``start:end`` stands where a lecture or lesson cites a public figure (``citing``: the text is a
    lecture, lesson or report, not a case)."""
    if PUBLIC_BEFORE.search(text, max(0, start - 10), start) or PUBLIC_AFTER.match(text, end) or in_work(text, start, citing):
        return True
    if NAMED_THEORY.match(text, end) or author_list(text, start, end):
        return True
    if citing and STORY_BEFORE.search(text, max(0, start - 4), start) and STORY_AFTER.match(text, end):
        return True
    return citing and bool(CITING_AFTER.match(text, end))


SENTENCE_ENDS = "。！？!?\n"
# A title, then where in it the name stands: 《小欢喜》里，乔英子…; 电影《少年的你》的片段：陈念…; 《草房子》中的桑桑.
WORK_PLACE = re.compile(
    r"《[^《》\n]{1,30}》(?:[里中]|当中|里面|的片段|片段|讲的是|讲述|写了|写的是|描写|塑造|的主人公|主人公|的主角|主角|的作者|作者|笔下)"
)
# In a case only a title named as a work counts (电影《…》里); 《我的家》这篇作文里 may be a pupil's essay.
WORK_KIND = re.compile(r"(?:电影|电视剧|剧集|动画片?|动漫|小说|绘本|名著|纪录片|课文|童话|漫画)$")


def in_work(text: str, start: int, citing: bool) -> bool:
    """The name at ``start`` is a character of a book, film or series the sentence is about (或 inside its title, in a
    lecture or lesson)."""
    reach = max(0, start - 60)
    if text.find("《", reach, start) == -1:
        return False  # (both tests below need a title in the sentence)
    opening = max(text.rfind(mark, reach, start) for mark in SENTENCE_ENDS) + 1 or reach  # (str.rfind: no regex scan)
    sentence = text[opening:start]
    if citing and sentence.rfind("《") > sentence.rfind("》"):
        return True  # 电影《你好，李焕英》
    for m in WORK_PLACE.finditer(sentence):
        if citing or WORK_KIND.search(sentence, 0, m.start()):
            return True
    return False


# Kin, classmates and introductions: a name next to one of these is somebody's pupil or parent, public or not.
PRIVATE_BEFORE = re.compile(rf"(?:{_words(PERSON_BEFORE - {'作者', '老师', '班主任'})})[:： ]?\Z")
PRIVATE_AFTER = re.compile(rf"的?(?:{_words(KIN_AFTER - {'老师', '班主任'})})|[，,（(][男女]")


def private_shape(text: str, start: int, end: int) -> bool:
    """The name at ``start:end`` stands next to kin, classmates or an introduction (学生|, |的妈妈, |，男)."""
    return bool(PRIVATE_BEFORE.search(text, max(0, start - 10), start) or PRIVATE_AFTER.match(text, end))
