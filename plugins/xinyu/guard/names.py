"""Person names that look real and are not declared.

Cheap before any segmentation: a regex finds a surname followed by a
character common in given names (王梓涵, 刘秀英; not 王老师, 李某, 小王), about
one place in 250 characters of ordinary text; frequent words around it (安全,
老师, 非常) drop most of those without segmenting. Next to a cue (学生, 同桌,
妈妈, 名叫, …同学, …说) any given-name characters will do (张子墨).

Only the clause around each candidate (ten characters either side) is tagged
with rjieba, cached. jieba's tags for names are unreliable (梓涵/n, 薛彤/x,
刘/zg 秀英/nr, 张伟谈/nr, and 安静, 明白, 陈述 are nr too), so the test is the
shape of the segmentation: the name starts and ends at token boundaries (or
inside a token jieba made up from unknown characters, never inside a dictionary
word such as 时钟 or 石子), holds no function word or verb, and is not itself
an ordinary dictionary word.

A confirmed name is then reported at every place it occurs in the text, as an
error when the detector is sure (the shape reads as a name: 王梓涵, 张小明, 欧阳娜娜)
and as a warning when it is not (an ordinary word such as 文静 or 向阳 standing where a
name would: 文静的同桌说…). Public figures that fill lesson plans (罗杰斯, 陶行知,
孙悟空…) are in ``public_names.txt``, shipped with the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from . import name_context as ctx
from .findings import ERROR, WARNING, Finding, mask_name
from .given_names import given_names
from .name_context import NAMING_LEFT, PRIVATE_AFTER, _words, counted, first_chars, in_work, private_shape, public_shape
from .name_forms import join_lines, join_spaced, latin_names
from .name_lexicon import (
    CANDIDATE_COMPOUNDS,
    COMPOUND_SURNAMES,
    CUED_NOT_GIVEN,
    FOREIGN_CHARS,
    FUNCTION_TAGS,
    GIVEN_CHARS,
    NAME_TAGS,
    NICKNAME_BEFORE,
    NOT_GIVEN,
    NOT_GIVEN_START,
    NOT_GIVEN_TAGS,
    NOT_NAMES,
    POST_CUES,
    PRE_CUES,
    RARE_COMPOUND,
    RARE_GIVEN,
    STRONG_GIVEN,
    SURNAMES,
    TIME_CUES,
    TRANSLITERATED,
    VERB_TAGS,
    WORD_ENDS,
    WORD_STARTS,
    WORD_TAGS,
    WORDS_LIKE_NAMES,
    XIAO_WORDS,
)
from .name_slots import ALL_SURNAMES, ORDINARY_SUBJECTS, find_all, slot_names
from .patterns import TRADITIONAL, fold_characters, remap
from .segment import clause as _clause
from .segment import has_word as _has_word
from .segment import tag as _tag
from .segment import word_freq

_FIRST = "".join(sorted(SURNAMES | {c[0] for c in CANDIDATE_COMPOUNDS}))


# The surname test is in the patterns, so that a match is already a likely name: few Python-level matches.
PRE_CUE = re.compile(rf"(?:{_words(PRE_CUES)})[:： ]?(?=[{_FIRST}])")
TIME_CUE = re.compile(rf"(?:{_words(TIME_CUES)})$")
POST_CUE = re.compile(rf"[{_FIRST}][\u4e00-\u9fff]{{1,3}}?的?(?={first_chars(POST_CUES)})(?:{_words(POST_CUES)})")
CJK = re.compile(r"[\u4e00-\u9fff]+")
# One character class first, so that the regex engine skips ahead in C; compound surnames (欧阳) are told apart later.
CANDIDATE = re.compile(
    f"[{_FIRST}](?=[{''.join(sorted(GIVEN_CHARS))}{''.join(sorted({c[1] for c in CANDIDATE_COMPOUNDS}))}]|小[\u4e00-\u9fff])"
)
# Dictionary words that jieba tags as names and that end in a rare given-name character, but are mostly ordinary
# words (高峰期, 温馨提示, 明朗的天空): names only where the text puts a person (see name_slots).
# Second characters of the 子X given names of the 2010s (子豪, 子涵, 子轩): 王子豪 is no prince.
ZI_GIVEN = frozenset("豪涵轩墨萱怡琪健航睿杰俊恒诚骞淇晴玥琳瑜悦欣韵钰阳昂铭晨宸萌曦煜瑞")
# A dictionary word seen fewer times than this is rare enough to be the start of a name (解明 in 解明轩).
RARE_WORD = 20
# A dictionary word seen at least this often is an ordinary word a name cannot end inside (礼仪, 一点; not 怡和, a firm).
COMMON_WORD = 300
# Surnames that are also prepositions, conjunctions or 时 (when): before a declared 小X they are that word (时小朵).
FUNCTION_SURNAMES = frozenset("时向和跟与对给让把被叫连于从同及")
PREPOSITIONS = FUNCTION_SURNAMES - {"于"}  # (于 is a common surname)
WORD_LIKE_NAMES = frozenset(
    "高峰 安娜 金刚 温馨 明朗 龙凤 明哲 白鹤 安逸 华硕 阳刚 曲靖 龙岩 黄岩 余晖 甘霖 黄鹤 白芷 冷艳 高淳 石楠 付梓 成渝 沙岩 万豪 "
    "单峰 魏巍 崔巍 高亮".split()
)


def scan_names(text: str, declared: Iterable[str] = (), citing: bool = False) -> list[Finding]:
    """Undeclared real-looking person names, one finding per occurrence: errors when sure, warnings when not.

    ``citing``: the text is a lecture, lesson or report rather than a case, where 彭凯平认为 cites a public figure.
    Names split across lines of a paragraph (林\\n浩宇) and spaced names (王 梓涵) are read joined; pinyin and English names (Wang Zihan, 英文名Kevin) are found too."""
    declared = tuple(fold_characters(d) if TRADITIONAL.search(d) else d for d in declared)  # (the text is folded too)
    read, lines = join_lines(text)  # as a reader sees it: 林\n浩宇 is one name
    joined, offsets = join_spaced(read)
    found = remap(remap(_scan_names(joined, declared, citing), offsets), lines)
    find_all.cache_clear()
    latin = [
        Finding("name", start, end, name, mask_name(name))
        for start, end, name in latin_names(text)
        if name not in declared and not any(f.start < end and start < f.end for f in found)
    ]
    return sorted(found + latin, key=lambda f: f.start)


def _scan_names(text: str, declared: tuple[str, ...], citing: bool) -> list[Finding]:
    names = dict(_short_names(text, citing)) if len(text) <= SHORT_TEXT else _names_in(text, citing)
    if not names:
        return []
    declared_set, joined = _declared_entries(declared)  # not a name the text marks 王梓萱（化名）: pseudonyms declares
    found = [
        finding
        for name, sure in sorted(names.items())
        if not _is_declared(name, declared_set, joined)
        for finding in _occurrences(text, name, ERROR if sure else WARNING)
    ]
    return _outermost(found)


# Front-matter values and attachment chunks are short and come again from item to item (a tag, a school, a
# pseudonym): the names such a text holds, which do not depend on what its item declares, are kept.
SHORT_TEXT = 300


@lru_cache(maxsize=4096)
def _short_names(text: str, citing: bool) -> tuple[tuple[str, bool], ...]:
    return tuple(_names_in(text, citing).items())


def _names_in(text: str, citing: bool) -> dict[str, bool]:
    """The names in ``text`` (name → sure), declared or not."""
    names: dict[str, bool] = {}
    cues = _cue_positions(text)
    starts: tuple[str, ...] = ()  # the names found so far (str.startswith takes them all at once)
    for pos in sorted(cues.keys() | {m.start() for m in CANDIDATE.finditer(text)}):
        cued = pos in cues
        if not cued and _in_word(text, pos) or text.startswith(starts, pos) or counted(text, pos):
            continue
        found = _name_at(text, pos, cued, cues.get(pos, False))
        if found and _plausible(found[0]) and not _public_at(text, pos, found[0]) and not _inside_public_name(text, pos):
            names[found[0]] = names.get(found[0], False) or found[1]
            starts = tuple(names)
    for name, sure in slot_names(text, names).items():
        if looks_like_name(name) and name not in PUBLIC_SET:
            names[name] = names.get(name, False) or sure
    for name, sure in given_names(text, names).items():
        if name not in PUBLIC_SET:
            names[name] = names.get(name, False) or sure
    for name in _cited(text, names, citing) | _institutions(text, names) | _reduplicated(text, names):
        del names[name]
    for name in TRANSLITERATED.intersection(names):
        names[name] = False  # 安妮, 苏珊: mostly foreign people
    return names


def _outermost(found: list[Finding]) -> list[Finding]:
    """One finding per place: a given name inside a full name found too (王|梓涵) is not reported twice."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.end)):
        if kept and finding.end <= kept[-1].end:
            continue
        kept.append(finding)
    return kept


# A school, hospital, street or firm named like a person (明德小学, 惠爱医院, 建国路, 振华中学).
INSTITUTION = re.compile(
    r"(?:医院|大学|中学|小学|学校|学院|幼儿园|中心|研究所|研究院|出版社|书店|公司|集团|基金会|路|街|大道|村|镇|乡|区|县|杯|奖|号)(?!时|的时候|阶段|毕业)"
)


def _institutions(text: str, names: dict[str, bool]) -> set[str]:
    """Names that stand only in the names of institutions and places."""
    return {name for name in names if all(INSTITUTION.match(text, s + len(name)) for s in find_all(text, name))}


# The BB of an ABB word for a state or colour (冷冰冰, 热乎乎, 黄澄澄): no given name.
STATE_BB = frozenset(
    "乎 呼 澄 灿 腾 喷 汪 溜 扑 油 茸 绒 蒙 沉 甸 嘟 滋 飕 嗖 绵 巴 兮 哄 烘 糊 森 邦 梆 淋 漉 眯 吞 悄 糟 墩 碌 晃 洞 "
    "鼓 胀 辣 麻 酥 嘻 咧 哈 晕 忽 融 吁 瑟 巍 皑 涔 沥 簌 啦 答 叽 咕 噜 丢 当 登".split()
)
# The BB of an ABB word that is also a given name (亮晶晶/郭晶晶, 冷冰冰/范冰冰, 喜洋洋): a word after a state or colour
# character, and where the word stands (冷冰冰的, 亮晶晶地) rather than a person (学生黄晶晶, 黄晶晶的妈妈).
STATE_BB_NAMES = frozenset("晶 冰 洋 彤 艳 莹 盈 丝 悠 静 甜 香 暖 柔 滑 乐 闪 灵 湛 晴 雪 绿 蓝 亮 红 花 朗 生 实 松".split())
STATE_HEADS = frozenset(
    "冷热亮黄白红绿蓝紫黑灰金银香甜酸苦辣咸胖瘦高矮长短圆软硬湿干暖凉静慢快乱空满气笑明水油阴喜羞急懒孤沉轻重光清暗粉鲜嫩脆毛雾湿傻呆懒娇"
)
STATE_AFTER = "的地得了，。！？、；,.!?;"


def _reduplicated(text: str, names: dict[str, bool]) -> set[str]:
    """Names found only inside reduplicated words: ABB words for a state or colour (冷冰冰, 亮晶晶的), AABB words
    (高高兴兴, 白白净净) and a verb done briefly (查一查, 看了看)."""
    return {name for name in names if all(_in_reduplication(text, s, s + len(name)) for s in find_all(text, name))}


def _in_reduplication(text: str, start: int, end: int) -> bool:
    if text[start + 1 : start + 2] in ("一", "了") and text[start + 2 : start + 3] == text[start] and end - start <= 3:
        return True  # 查一查, 看了看 (查一 or 查一查)
    if start >= 2 and text[start - 1] in "一了" and text[start - 2] == text[start]:
        return True  # 查一|查秋天: the verb again, not a surname
    for first in range(max(0, start - 3), start + 1):  # an AABB run that overlaps the name (高|高兴兴, 高高兴|兴)
        run = text[first : first + 4]
        if len(run) == 4 and run[0] == run[1] and run[2] == run[3] and run[0] != run[2] and first < end:
            return True
    name = text[start:end]
    if len(name) != 3 or name[1] != name[2]:
        return False
    if name[1] in STATE_BB:
        return True
    return (
        name[1] in STATE_BB_NAMES
        and name[0] in STATE_HEADS
        and text[end : end + 1] in STATE_AFTER
        and (text[end : end + 1] in "地得" or not _person_slot(text, start, end) or _state_word(text, start, end))
    )


STATE_WORD_FREQ = 10


def _state_word(text: str, start: int, end: int) -> bool:
    """A dictionary ABB word after a person (妈妈冷冰冰的态度), not named (叫冷冰冰) nor beside kin."""
    name = text[start:end]
    if word_freq(name) < STATE_WORD_FREQ or PRIVATE_AFTER.match(text, end) or text[start - 1 : start] == "叫":
        return False
    return not NAMING_LEFT.search(text, max(0, start - 4), start)


PERSON_CUE_LEFT = re.compile(rf"(?:{_words(PRE_CUES)})[:： ]?\Z")


def _person_slot(text: str, start: int, end: int) -> bool:
    """A person cue or kin stands next to ``start:end`` (学生黄晶晶，, 黄晶晶的妈妈)."""
    return private_shape(text, start, end) or bool(PERSON_CUE_LEFT.search(text, max(0, start - 6), start))


def _public_at(text: str, pos: int, name: str) -> bool:
    """A shipped public figure starts at ``pos``, and is not a 子X given name's start (晏子|涵, 孟子|轩 are 子涵, 子轩)."""
    public = public_name_at(text, pos)
    return bool(public) and not (public.endswith("子") and name == public + name[-1] and name[-1] in ZI_GIVEN)


def _inside_public_name(text: str, pos: int) -> bool:
    """``pos`` is inside a shipped public figure's name (黄|文秀)."""
    return any(len(public_name_at(text, start)) > pos - start for start in range(max(0, pos - 3), pos))


def _plausible(name: str) -> bool:
    """Looks like a name and is not an ordinary word, nor a preposition or 时 before one (时|安全离开, 向|明白)."""
    if not looks_like_name(name) or name in ORDINARY_SUBJECTS or name in WORDS_LIKE_NAMES:
        return False
    given = name[1:]
    return not (name[0] in PREPOSITIONS and len(given) == 2 and _has_word(given) and _ordinary(given))


def _ordinary(word: str) -> bool:
    """A dictionary word that is not a name (安全/an, 明白, 阳光)."""
    tokens = _tag(word)
    return word in ORDINARY_SUBJECTS or len(tokens) == 1 and tokens[0][3] not in NAME_TAGS


def _cited(text: str, names: dict[str, bool], citing: bool) -> set[str]:
    """Names the text only cites as public figures: in a citing shape (航天员|, |教授, |（2018）) or listed beside a
    shipped public figure (钱学森、邓稼先、于敏), and never beside kin or classmates (学生|, |的妈妈)."""
    occurrences = {name: find_all(text, name) for name in names}
    family = {name for name, starts in occurrences.items() if citing and all(_family_of_public(text, s) for s in starts)}
    private = {
        name
        for name, starts in occurrences.items()
        if name not in family and any(private_shape(text, s, s + len(name)) and not (citing and in_work(text, s, citing)) for s in starts)
    }  # (in a lesson, 《小欢喜》里乔英子和妈妈宋倩: kin of a character)
    cited = family | {
        name
        for name, starts in occurrences.items()
        if name not in private and any(public_shape(text, s, s + len(name), citing) for s in starts)
    }
    for _ in range(4):  # a list is cited as a whole: 郭晶晶的…、张继科的…、樊振东的…
        more = {
            name
            for name, starts in occurrences.items()
            if name not in private | cited and any(_listed_with_public(text, s, s + len(name), cited) for s in starts)
        }
        if not more:
            break
        cited |= more
    return cited


def _family_of_public(text: str, start: int) -> bool:
    """In a lecture or lesson, the sentence before the name cites a shipped public figure whose kin this is:
    傅雷先生给…儿子|傅聪, 梁启超的九个子女…|梁思成."""
    opening = max(text.rfind(mark, max(0, start - 60), start) for mark in "。！？\n")
    sentence = text[opening + 1 : start]
    if not FAMILY_WORDS.search(sentence):
        return False
    return any(public_name_at(sentence, i) for i in range(len(sentence)))


FAMILY_WORDS = re.compile(r"儿子|女儿|子女|孩子|父亲|母亲|妻子|丈夫|夫人|爸爸|妈妈|兄弟|姐妹|哥哥|弟弟|姐姐|妹妹|孙子|孙女")
LIST_SEPARATORS = "、和与及，"


def _listed_with_public(text: str, start: int, end: int, cited: set[str]) -> bool:
    """The name at ``start:end`` is an item of a list whose neighbour item is a public figure: 孙云晓和|李文道,
    李文道|和孙云晓, 郭晶晶的赛前仪式、|张继科."""
    if text[start - 1 : start] in LIST_SEPARATORS:
        before = text[max(0, start - 16) : start - 1]
        item = re.split(LIST_ITEM_END, before)[-1]
        if any(item.endswith(name) or item.startswith(name) for name in cited) or _ends_with_public(item):
            return True
    if text[end : end + 1] in LIST_SEPARATORS:
        after = text[end + 1 : end + 8]
        return any(after.startswith(name) for name in cited) or bool(public_name_at(after, 0))
    return False


LIST_ITEM_END = re.compile(rf"[{LIST_SEPARATORS}。；：:“”《》（）\s]")


def _ends_with_public(item: str) -> bool:
    """The list item ends or begins with a shipped public figure (…讲了孙云晓, 郭晶晶的赛前仪式)."""
    return bool(item and public_name_at(item, 0)) or any(
        public_name_at(item, len(item) - k) == item[-k:] for k in (2, 3, 4) if len(item) >= k
    )


def public_name_at(text: str, pos: int) -> str:
    """The shipped public figure (罗杰斯, 孙悟空) whose name starts at ``pos``, if any."""
    names = PUBLIC_NAMES.get(text[pos : pos + 1])
    if not names or not text.startswith(names, pos):  # (one test for all: mostly none starts here)
        return ""
    return next(name for name in names if text.startswith(name, pos))


def _public_names() -> dict[str, tuple[str, ...]]:
    """public_names.txt by first character, longest first."""
    text = (Path(__file__).with_name("public_names.txt")).read_text(encoding="utf-8")
    words = {w for line in text.splitlines() for w in line.split("#", 1)[0].split()}
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(word)
    return {first: tuple(names) for first, names in by_first.items()}


PUBLIC_NAMES = _public_names()
PUBLIC_SET = frozenset(name for names in PUBLIC_NAMES.values() for name in names)


def _cue_positions(text: str) -> dict[int, bool]:
    """Where a name would begin next to a cue (学生|张伟, 张伟|同学), with a surname there; True for a cue that names a
    person (学生, 同学, 说), False for one that only often comes before a subject (后来, 那天)."""
    positions = {m.end(): not TIME_CUE.search(m.group()) for m in PRE_CUE.finditer(text)}
    for m in POST_CUE.finditer(text):
        positions[m.start()] = True
    return {pos: strong for pos, strong in positions.items() if _surname_at(text, pos)}


def _surname_at(text: str, pos: int) -> bool:
    """A surname at ``pos`` followed by a character that can begin a given name."""
    if pos < 0:
        return False
    if text[pos : pos + 2] in COMPOUND_SURNAMES:
        pos += 1
    elif text[pos : pos + 1] not in SURNAMES:
        return False
    following = text[pos + 1 : pos + 2]
    if following == "家":
        return text[pos + 2 : pos + 3] in JIA_GIVEN  # 同学|陈家乐
    return "\u4e00" <= following <= "\u9fff" and following not in NOT_GIVEN_START


def _in_word(text: str, pos: int) -> bool:
    """No surname here after all (东西, 上一: only 东方, 上官 are), or the surname character is part of a frequent word
    or a nickname (小王, 老李): no need to segment."""
    pair = text[pos : pos + 2]
    xiao = pair[1:] == "小" and "\u4e00" <= text[pos + 2 : pos + 3] <= "\u9fff"  # 张小明, 王小胖
    if pair not in COMPOUND_SURNAMES and (text[pos] not in SURNAMES or not xiao and pair[1:] not in GIVEN_CHARS):
        return True
    if pair in WORD_STARTS and not (pair[1] == "子" and text[pos + 2 : pos + 3] in ZI_GIVEN):
        return True  # 王子, 李子; but 王子豪, 李子涵 are names
    return bool(pos) and (text[pos - 1] in NICKNAME_BEFORE or text[pos - 1 : pos + 1] in WORD_ENDS)


def _name_at(text: str, pos: int, cued: bool = False, person_cue: bool = False) -> tuple[str, bool] | None:
    """The name starting at ``pos`` and whether it is sure, if the tokens of the clause around it read as one, or
    read as one once a word that swallowed the name's last character is split off (张小|明说 as 张小明|说)."""
    lo, hi = _clause(text, pos)
    tokens = _tag(text[lo:hi])
    found = _read_name(text, lo, hi, tokens, pos - lo, cued, person_cue)
    return _unswallowed(text, lo, hi, tokens, pos - lo, cued, person_cue, found) or found


def _read_name(text: str, lo: int, hi: int, tokens: tuple, pos: int, cued: bool, person_cue: bool) -> tuple[str, bool] | None:
    """The name starting at ``pos`` (an offset in the clause ``lo:hi``) if ``tokens`` read as one."""
    index = 0
    while tokens[index][1] <= pos:  # the token holding pos (tokens cover the clause, one after another)
        index += 1
    start, end, word, tag = tokens[index]
    surname = 2 if text[lo + pos : lo + pos + 2] in COMPOUND_SURNAMES else 1
    if start < pos and _has_word(word):
        return None  # the surname character ends a word: 时钟, 石子 before 豪
    given_token = tokens[index + 1] if end - pos == surname and index + 1 < len(tokens) else None
    if given_token and given_token[3] in ("nr", "nrt") and len(given_token[2]) == 2 and not CUED_NOT_GIVEN.intersection(given_token[2]):
        return text[lo + pos : lo + given_token[1]], True  # 余/淑珍, 欧阳/娜娜: a given name jieba knows
    if start == pos and end - pos == surname and tag in WORD_TAGS:
        return None  # 向/p 他们, 常/d, 连/c, 何/r
    if index and tokens[index - 1][3] == "m" and start == pos:
        return None  # 一/m 张/q 纸
    if text[lo + pos + surname : lo + pos + surname + 1] == "小":
        return _xiao_name(text[lo:hi], tokens, pos, surname)
    if start == pos and _made_up_name(word, tag, surname):
        after_place = index and tokens[index - 1][3] in ("ns", "nt") and len(word) == surname + 1  # 中国/商飞: a firm
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if len(word) == surname + 1 and following and len(following[2]) == 1 and following[2] in RARE_GIVEN:
            word += following[2]  # 郑雨/萱: jieba left the last character out
        return (word[:-1] if len(word) == surname + 2 and word[-1] not in GIVEN_CHARS else word), not after_place  # 张伟/谈
    if surname == 2 and text[lo + pos : lo + pos + 2] in RARE_COMPOUND:
        return _compound_name(text[lo:hi], pos)
    for length in (surname + 2, surname + 1):
        name_end = pos + length
        given = text[lo + pos + surname : lo + name_end]
        if cued and _jia_name(text[lo:hi], tokens, pos, name_end, given):
            return text[lo + pos : lo + name_end], True
        if lo + name_end > hi or given[0] in NOT_GIVEN_START:
            continue
        if cued:
            # Next to 同学, 妈妈, 名叫…: any given name that is not a function word (张子墨, 李可).
            if not CJK.fullmatch(given) or CUED_NOT_GIVEN.intersection(given):
                continue
            if not GIVEN_CHARS.issuperset(given) and len(given) == 2 and word_freq(given) >= RARE_WORD:
                continue  # 必要时|建议家长: an ordinary word after a surname character (but 叫陈|家乐: a rare one)
        elif not GIVEN_CHARS.issuperset(given) or len(given) == 1 and given not in STRONG_GIVEN:
            continue
        if (
            person_cue
            and len(given) == 2
            and GIVEN_CHARS.issuperset(given)
            and not _has_word(text[lo + pos : lo + name_end])
            and not _crosses(tokens, name_end)
        ):
            return text[lo + pos : lo + name_end], True  # 袁/欣然/的父亲, 同桌/余/淑珍: tags are unreliable here
        verdict = _reads_as_name(tokens, pos, name_end, surname)
        if verdict is not None and (verdict or person_cue):
            return text[lo + pos : lo + name_end], verdict
    return None


# What comes right after a person, never after a word (|说他, |哭着, |告诉我, |的妈妈, |和同桌): a name whose last
# character a following word swallowed (张小|明说, 周/明说, 何/平和/同桌) is read with that word split off.
PERSON_RIGHT = frozenset((ctx.SPEECH, ctx.SPEECH_TO, ctx.ANIMATE, ctx.KIN, ctx.KIN_BARE, ctx.CONJUNCT))
# After a person cue (学生, 同桌) the rest of the split word may begin the predicate instead (吴敏/感到, 李然/后来,
# 赵雨晴/天天): a verb, an adverb, a preposition or conjunction, or a word of two or more characters; not a stray
# character (学生张晓明天来 stays 张晓: 张晓明|天来 leaves 天).
PREDICATE_START = frozenset("v vd vi d p c ad".split())


def _unswallowed(
    text: str, lo: int, hi: int, tokens: tuple, pos: int, cued: bool, person_cue: bool, found: tuple[str, bool] | None
) -> tuple[str, bool] | None:
    """The name starting at ``pos`` when the token that holds its last character runs on past it (张小|明说, 周/明说,
    孙文说/nrfg, 何/平和/同桌): the clause is tagged again in two parts, before and after the name's end, and the name is
    read as ``_read_name`` reads any name. Only where the text puts a person (a person cue before it, or speech, an act
    or kin after it) and where the surname character is not an ordinary word there (常/d 明说, 何时)."""
    clause = text[lo:hi]
    surname = 2 if clause[pos : pos + 2] in COMPOUND_SURNAMES else 1
    holder = next(t for t in tokens if t[0] <= pos < t[1])
    if holder[0] < pos and _has_word(holder[2]):
        return None  # 时钟, 墙钟: the surname character ends a word
    if holder[1] - pos > surname and _has_word(holder[2]) and holder[3] not in NAME_TAGS:
        return None  # 谢谢/王老师, 雷厉风行: an ordinary word starts at the surname character
    left_cue = bool(ctx.PERSON_LEFT.search(text, max(0, lo + pos - 12), lo + pos))
    function_word = holder[1] - pos == surname and holder[3] in WORD_TAGS  # 常/d 明说, 向/p 父亲, 何/r 平和
    if function_word and not left_cue:
        return None
    xiao = clause[pos + surname : pos + surname + 1] == "小"
    for length in (2,) if xiao else (2, 1):  # (of the given name: 小明, 晓明, 明)
        end = pos + surname + length
        if end >= len(clause) or found and len(found[0]) >= end - pos:
            continue
        if not any(pos <= t[0] < end < t[1] for t in tokens):
            continue  # no token runs across the name's end: nothing swallowed
        if not GIVEN_CHARS.issuperset(clause[pos + surname + xiao : end]):
            continue  # 班主任任协|同: no given name
        split = _split_at(clause, end)
        name = _read_name(text, lo, hi, split, pos, cued, person_cue)
        if not name or len(name[0]) != end - pos:
            continue
        if ctx.right_of(text, lo + end, ()) in PERSON_RIGHT:
            return name  # 张小明|说他, 同学何平|和同桌
        if function_word:
            continue  # 奶奶常|表现出, 母亲向父|亲告状: a person on both sides, or the surname character is that word
        rest = next(t for t in split if t[0] == end)
        if left_cue and (rest[3] in PREDICATE_START or len(rest[2]) >= 2 and _has_word(rest[2])):
            return name  # 学生吴敏|感到, 学生赵雨晴|天天
    return None


def _split_at(clause: str, end: int) -> tuple:
    """The tokens of ``clause`` tagged as two parts, before and after ``end``."""
    head = _tag(clause[:end])
    return head + tuple((start + end, stop + end, word, part) for start, stop, word, part in _tag(clause[end:]))


# Second characters of 家X given names (家乐, 家豪, 家铭): after a cue, 陈家乐 is no family (陈家的孩子, 王家村).
JIA_GIVEN = frozenset("乐豪铭怡辉伟俊宝明琪欣慧骏宁瑞祥兴栋轩熙诚璇颖")


def _jia_name(clause: str, tokens: tuple, pos: int, name_end: int, given: str) -> bool:
    """同学陈家乐, 叫张家豪: a surname and 家X after a person cue, not running into a word (王家明天)."""
    return (
        len(given) == 2
        and given[0] == "家"
        and given[1] in JIA_GIVEN
        and name_end <= len(clause)
        and not _has_word(clause[pos:name_end])
        and not _crosses(tokens, name_end)
    )


def _crosses(tokens: tuple, end: int) -> bool:
    """A common word runs across ``end``: a name cannot end there (文明礼|仪, 江山一|点; but 缑佳怡|和妹妹: 怡和 is
    a rare dictionary word)."""
    clause = "".join(token[2] for token in tokens)
    return any(
        start < end < stop and (word_freq(word) >= COMMON_WORD or word_freq(clause[end - 1 : end + 1]) >= COMMON_WORD)
        for start, stop, word, _ in tokens
    )


def _compound_name(clause: str, pos: int) -> tuple[str, bool] | None:
    """上官宏, 司徒静, 慕容雪在: a rare compound surname and one or two given-name characters."""
    given = clause[pos + 2 : pos + 4]
    length = 2 if len(given) == 2 and GIVEN_CHARS.issuperset(given) and given[1] not in CUED_NOT_GIVEN else 1
    if not given or given[0] not in GIVEN_CHARS:
        return None
    return clause[pos : pos + 2 + length], True


def _made_up_name(word: str, tag: str, surname: int) -> bool:
    """A token jieba's model made up for unknown characters and tagged as a name (梁爽, 慕容雪, 曾晓): not in its
    dictionary, a surname and one or two given-name characters that are not function words."""
    given = word[surname:]
    return tag in NAME_TAGS and 1 <= len(given) <= 2 and not CUED_NOT_GIVEN.intersection(given) and not _has_word(word)


def _xiao_name(clause: str, tokens: tuple, pos: int, surname: int) -> tuple[str, bool] | None:
    """姓 + 小 + X (张小明, 李小龙): a name unless 小X is an ordinary word (每周小组, 高小毕业)."""
    name_end = pos + surname + 2
    given = clause[pos + surname : name_end]
    if len(given) < 2 or given in XIAO_WORDS or given[1] in CUED_NOT_GIVEN:
        return None  # 周小心翼翼, 高小的
    if given[1] not in GIVEN_CHARS and _has_word(given):
        return None  # 每周小组, 高小学生
    last = next(t for t in tokens if t[0] < name_end <= t[1])
    if last[1] != name_end and last[0] >= name_end - 1 and _has_word(last[2]):
        return None  # the name would end inside a word: 张小|明白
    return clause[pos:name_end], True


def _reads_as_name(tokens: tuple, pos: int, name_end: int, surname: int) -> bool | None:
    """True: reads as a name; False: it is also an ordinary word (文静, 向阳), a name only next to a cue; None: not a name."""
    inside = [t for t in tokens if t[0] < name_end and t[1] > pos]
    first, last = inside[0], inside[-1]
    if last[1] != name_end:
        if _has_word(last[2]) or last[0] >= name_end - 1 and len(inside) > 1:
            return None  # the name would end inside a dictionary word
    if len(inside) == 1:
        word, tag = first[2], first[3]
        if first[0] == pos and first[1] == name_end:
            if tag in NOT_GIVEN_TAGS:
                return None
            if _has_word(word):
                # 王建华, 徐琳 yes; 洪亮, 黎明, 安静 are words that are also names (unsure); 焦虑, 高兴 are not names
                if tag not in NAME_TAGS or not GIVEN_CHARS.issuperset(word[surname:]):
                    return None  # 焦虑/a; 龙凤胎/nr
                if word in WORD_LIKE_NAMES:
                    return False  # 高峰, 温馨: mostly ordinary words
                return name_end - pos > surname + 1 or word[surname:] in RARE_GIVEN
        return True  # an unknown word jieba made up: 薛彤, 魏萱, 张伟谈, 据侯鑫
    last_word, last_tag = last[2], last[3]
    if last[1] == name_end and len(last_word) == 1 and last_tag in NOT_GIVEN_TAGS:
        return None  # 张伟/和: the last character is a function word
    if any(t[0] >= pos + surname and (t[3] in FUNCTION_TAGS or t[3] in VERB_TAGS and _has_word(t[2])) for t in inside[1:]):
        return None  # 刘/和/平, 时/建议: a function word or a verb inside
    if first[0] == pos and pos + surname < first[1] < name_end and _has_word(first[2]) and first[3] not in NAME_TAGS:
        if not (word_freq(first[2]) < RARE_WORD and last[2] == last_word and len(last_word) == 1 and last_tag in NAME_TAGS):
            return None  # 林家/豪, 石子/豪: a word, then a character (but 解明/轩: a rare word, then a name's character)
    return True


def looks_like_name(word: str) -> bool:
    """2–4 Chinese characters starting with a surname, not a pseudonym form like 李某 or 小林, nor a doubled word (谢谢)."""
    if not 2 <= len(word) <= 4 or not CJK.fullmatch(word) or word in NOT_NAMES:
        return False
    compound = word[:2] in COMPOUND_SURNAMES
    if not compound and (word[0] not in ALL_SURNAMES or len(word) == 4):
        return False
    given = word[2:] if compound else word[1:]
    if given[:1] == "小" and len(given) == 2:
        given = given[1:]  # 张小明
    if not given or given[0] in NOT_GIVEN or "某" in given or given == word[:1]:
        return False
    return not FOREIGN_CHARS.intersection(given)


# An item's texts (its body, each field, each attachment) are checked against the same declared names.
@lru_cache(maxsize=64)
def _declared_entries(declared: tuple[str, ...]) -> tuple[frozenset[str], str]:
    names = frozenset(d.strip() for d in declared if d and d.strip())
    return names, "\0".join(names)


def _is_declared(name: str, declared: set[str], joined: str) -> bool:
    """Declared exactly, or part of a declared entry (周敏 in “周敏老师”; ``joined``: the entries joined by \\0), or a
    declared 小X after a character that only looks like a surname (一二年级时|小朵)."""
    if name in declared or name in joined:
        return True
    return name[:1] in FUNCTION_SURNAMES and name[1:2] == "小" and name[1:] in declared


DOTS = "·・•"


def _inside_word(text: str, start: int, end: int) -> bool:
    """A word-like name (向阳, 林立) is part of a longer dictionary word here: 向阳花, 高楼林立."""
    spans = ((start, end + 1), (start, end + 2), (start - 1, end), (start - 2, end))
    return any(0 <= a and b <= len(text) and _has_word(text[a:b]) for a, b in spans)


def _occurrences(text: str, name: str, severity: str) -> list[Finding]:
    """Every place of a found name, except where it begins a dictionary word (向阳|花, 白雪|公主)."""
    found = []
    pos = text.find(name)
    while pos != -1:
        end = pos + len(name)
        if pos and text[pos - 1] in DOTS or text[end : end + 1] in DOTS and end < len(text):
            pass  # a part of a foreign name: 莱斯利·|林德, 德·|沙泽尔
        elif not _has_word(name) or not _inside_word(text, pos, end):
            found.append(Finding("name", pos, end, name, mask_name(name), severity))
        pos = text.find(name, end)
    return found
