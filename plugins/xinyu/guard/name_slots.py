"""Names the shape alone cannot give away, found where the text puts a person.

A name that is an ordinary word (田野, 安然, 甘露, 钱多多) or starts with an everyday character used as a surname
(和玉梅, 花雨晴) is a name when the sentence has a person there: 阳光的田野总是第一个举手, 方圆哭着跑出了教室,
家长签名：白雪, 【宁静】老师…, 雷鸣和张梓涵是同桌. The same string used as a word (一片田野, 高峰和低谷,
白雪公主, 孩子平安) has no person slot around it and stays clean. ``name_context`` says what stands left and right;
this module decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from . import name_context as ctx
from .name_lexicon import (
    COMPOUND_SURNAMES,
    CUE_SURNAMES,
    CUED_NOT_GIVEN,
    GIVEN_CHARS,
    NOT_GIVEN_START,
    NOT_NAMES,
    SURNAMES,
    WORD_TAGS,
)
from .segment import CJK_AFTER, has_word, tag, word_freq

ALL_SURNAMES = SURNAMES | CUE_SURNAMES
# Surnames whose names only this module finds: everyday characters, and 于/向, which jieba reads as prepositions.
SLOT_ONLY = CUE_SURNAMES | {"于", "向"}
_FIRST_CHARS = ALL_SURNAMES | {c[0] for c in COMPOUND_SURNAMES}
_ALL_FIRST = "".join(sorted(_FIRST_CHARS))
# Given-name characters of names that are words (田野, 方舟, 路遥), beyond those of ordinary given names.
WORD_NAME_CHARS = frozenset("野舟遥露川园")
NAME_CHARS = GIVEN_CHARS | WORD_NAME_CHARS
# Ordinary words that stand where a subject would (学生明白了, 同桌安静地…, 安静的同学): never a name.
ORDINARY_SUBJECTS = frozenset(
    "安静 明白 高兴 平静 冷静 温柔 温和 安心 安全 阳光 文明 成功 成长 关心 齐声 时光 平常 平时 安稳 安详 平和 和气 和善 和蔼 严肃 "
    "严厉 冷漠 冷淡 宁可 宁愿 甘心 向来 高度 明显 明确 连忙 时常 经常 通常 常常 明明 全体 全班 全校 同时 和谐 和好 宁静致远 "
    # adverbs and reporting nouns of jieba's dictionary that start like a name (居然哭了, 来信说：…, 常言说：…)
    "居然 原先 厉声 高声 全新 全然 连声 公然 高新 全真 尚可 相声 连天 成天 时时 来信 通知 相信 官方 常言 文章 双方 一向".split()
)
NAMEISH_TAGS = frozenset("nr nrt nrfg nz ns n ng".split())
# A word-like name with one of these tags (甘露/v, 平安/a, 夏天/t) needs a person on both sides.
WORDISH_TAGS = frozenset("a an ad d v vn i l t m b".split())
NAME_TAGS_SURE = frozenset("nr nrt nrfg".split())
NOT_PRED = frozenset("地 得 了 着 过 起来 下来 过来 下去 出来 上去 进来 般 似的 一样 的".split())
PRED_TAGS = frozenset("v vd d p ad c".split())
NOUN_TAGS = frozenset("n ng nr nrt nrfg nz ns nt s f vn an x eng".split())
STRONG_RIGHT = (ctx.KIN, ctx.KIN_BARE, ctx.ANIMATE, ctx.CONJUNCT, ctx.SPEECH_TO)
PERSON_PRE = re.compile(rf"(?:{ctx._words(ctx.PERSON_BEFORE | ctx.PERSON_OBJECT)})[:： ]?(?=[{_ALL_FIRST}])")
AFTER_DE = re.compile(rf"的(?=[{_ALL_FIRST}])")
# A surname after a punctuation mark, a space or a line break, or after a clause opener (后来, 那天): a clause start.
# (Then what _may_start asks, loosely: a given-name character, a doubled one or the end, after one or two characters.)
_NAME_CHARS = "".join(sorted(NAME_CHARS))
CLAUSE_SURNAME = re.compile(rf"[^\u4e00-\u9fff]([{_ALL_FIRST}])(?=[\s\S]?(?:[{_NAME_CHARS}]|\Z|([\s\S])\2))")
OPENER_SURNAME = re.compile(rf"(?:{ctx._words(ctx.CLAUSE_OPENERS)})(?=[{_ALL_FIRST}])")
# …followed within a few characters by a role, a person's act or speech (安然说, 常青的妈妈), or 是…的 and a role
# (白玉洁是学生的母亲).
_AHEAD_WORDS = ctx.KIN_AFTER | ctx.PUPIL_THINGS | ctx.ANIMATE_AFTER | ctx.SPEECH_AFTER
RIGHT_CUE_AHEAD = re.compile(
    rf"[\u4e00-\u9fff]{{1,3}}?(?={ctx.first_chars((*_AHEAD_WORDS, '的', '是'))})(?:的?(?:{ctx._words(_AHEAD_WORDS)})"
    rf"|是[\u4e00-\u9fff]{{0,6}}?的(?:{ctx._words(ctx.KIN_AFTER | ctx.ROLES_AFTER_SHI)}))"
)
BARE_KIN = re.compile(ctx._words(ctx.BARE_KIN))
GIVEN_AHEAD = re.compile(rf"[{''.join(sorted(GIVEN_CHARS))}]{{2}}")


def slot_names(text: str, confirmed: dict[str, bool]) -> dict[str, bool]:
    """Names (and whether sure) at the places where the text puts a person, beyond those already ``confirmed``."""
    found: dict[str, bool] = {}
    for start, end in ctx.labels(text):
        name = _label_name(text[start:end])
        if name:
            found[name] = True
    sure_names = tuple(name for name, sure in confirmed.items() if sure)
    for pos in sorted(_slot_starts(text)):
        if not text.startswith(sure_names, pos):
            _keep(found, slot_name_at(text, pos, confirmed))
    for _ in range(3):  # 雷鸣和张梓涵, 王梓涵、李欣怡和白雪: names listed with a confirmed one, a few links deep
        sure = [name for name, is_sure in {**confirmed, **found}.items() if is_sure]
        before = len(found)
        for pos in _beside(text, sure):
            if not text.startswith((*confirmed, *found), pos):
                _keep(found, slot_name_at(text, pos, sure))
        for name in sure:
            for start in find_all(text, name):
                if start and text[start - 1] in ctx.CONJ and not text.endswith((*confirmed, *found), 0, start - 1):
                    _keep(found, _before_conj(text, start - 1, sure))
        if len(found) == before:
            break
    return found


def _keep(found: dict[str, bool], name: tuple[str, bool] | None) -> None:
    if name:
        found[name[0]] = found.get(name[0], False) or name[1]


def _slot_starts(text: str) -> set[int]:
    """Positions after a person cue or a personality word + 的, clause starts before a role, a person's act or speech
    (or, for surnames only this module looks for, before two given-name characters: 花雨晴在…), and positions right
    before bare kin (请田野同学…)."""
    starts = {m.end() for m in PERSON_PRE.finditer(text)}
    starts.update(m.end() for m in AFTER_DE.finditer(text) if ctx.ADJ_LEFT.search(text, max(0, m.end() - 8), m.end()))
    clause_starts = {m.start(1) for m in CLAUSE_SURNAME.finditer(text)} | {m.end() for m in OPENER_SURNAME.finditer(text)}
    if text[:1] in _FIRST_CHARS:
        clause_starts.add(0)
    for p in clause_starts:
        if _may_start(text, p) and (RIGHT_CUE_AHEAD.match(text, p + 1) or text[p] in SLOT_ONLY and GIVEN_AHEAD.match(text, p + 1)):
            starts.add(p)  # (a name with a common surname and no cue is the main pass's)
    for m in BARE_KIN.finditer(text):
        starts.update(
            s for s in (m.start() - 2, m.start() - 3, m.start() - 4) if s >= 0 and text[s] in _FIRST_CHARS and _may_start(text, s)
        )
    return starts


def _may_start(text: str, pos: int) -> bool:
    """A surname at ``pos`` and then a character that can begin a given name, not a measure word (slot_name_at's first
    test, done early here: most places after a clause start or before kin are no name and need no regex)."""
    surname = _surname_len(text, pos)
    if not surname:
        return False
    given = text[pos + surname : pos + surname + 2]
    return (given[:1] in NAME_CHARS or given[:1] == given[1:]) and not ctx.counted(text, pos)


def _beside(text: str, names: Iterable[str]) -> set[int]:
    """Positions just after ``name和`` and just before ``和name`` (and 与, 跟, 及, 、)."""
    starts: set[int] = set()
    for name in names:
        for start in find_all(text, name):
            end = start + len(name)
            if text[end : end + 1] in ctx.CONJ:
                starts.add(end + 1)
            if start and text[start - 1] in ctx.CONJ:
                starts.update(s for s in (start - 3, start - 4, start - 5) if s >= 0 and _surname_len(text, s))
    return starts


@lru_cache(maxsize=256)
def find_all(text: str, word: str) -> tuple[int, ...]:
    """Every position of ``word`` in ``text``; kept, as one scan asks for each name's places several times (the name
    detector clears it after each text, so that no text is held)."""
    found, pos = [], text.find(word)
    while pos != -1:
        found.append(pos)
        pos = text.find(word, pos + 1)
    return tuple(found)


def _surname_len(text: str, pos: int) -> int:
    if text[pos : pos + 1] not in _FIRST_CHARS:
        return 0
    return 2 if text[pos : pos + 2] in COMPOUND_SURNAMES else 1 if text[pos] in ALL_SURNAMES else 0


def slot_name_at(text: str, pos: int, confirmed: Iterable[str]) -> tuple[str, bool] | None:
    """The name starting at ``pos`` if the text puts a person there, and whether the detector is sure."""
    if not _may_start(text, pos):
        return None  # 学生都是…, 孩子能够…: no given name starts here (钱多多 does); 一到五周|明亮: a measure word
    surname = _surname_len(text, pos)
    left = ctx.left_of(text, pos, confirmed)
    if left == ctx.NONE and text[pos] in CUE_SURNAMES:
        return None  # 那元同学: an everyday character in running text is that character
    tokens = tag(CJK_AFTER.match(text, pos).group())  # from the name on: 和解思远 must not take the surname
    if not tokens:
        return None
    # 和/c 平时, 向/p 老师: the surname is a function word; but 于/p 欣然的妈妈 is a name (于 is a common surname)
    function_word = tokens[0][1] == surname and tokens[0][3] in WORD_TAGS
    if function_word and left not in (ctx.START, ctx.NONE):
        return None
    for length, single in _readings(tokens, surname):
        name = text[pos : pos + length]
        right = ctx.right_of(text, pos + length, confirmed)
        if function_word and length == surname + 2 and _preposition_name(tokens, left):
            return name, True
        if function_word and right not in STRONG_RIGHT:
            continue
        if left == ctx.NONE and right != ctx.KIN_BARE:
            continue
        if right == ctx.NONE and _predicate_follows(tokens, length, left, _tagged_as_name(name, surname, tokens, single)):
            right = ctx.PRED
        if left == ctx.START and right != ctx.NONE and _tagged_as_name(name, surname, tokens, single):
            return name, True  # 花雨晴/nr 在…, 帅/nr 宇航/nr 在…: jieba made a person of unknown characters
        if left == ctx.START and FAMILY_RIGHT.match(text, pos + length) and _part(name, single) in FAMILY_OWNER_TAGS:
            if _kind(name, surname, single):
                return name, True  # 夏天的妈妈: summer has no mother (but 安静的同学, 明天的家长会)
        sure = _verdict(name, surname, left, right, single)
        if sure is not None:
            return name, sure
    return None


# A family member after 的: only a person has one (夏天的妈妈, 陆地的爸爸), whatever word the name is.
FAMILY_RIGHT = re.compile(r"的(?:妈妈|爸爸|父亲|母亲|奶奶|爷爷|外婆|外公|姥姥|姥爷|继父|继母)(?!们)")
FAMILY_OWNER_TAGS = frozenset("t n nr nz v vn".split())


def _before_conj(text: str, conj: int, confirmed: Iterable[str]) -> tuple[str, bool] | None:
    """周平|和吴静: the name ends right before the conjunction, whatever jieba makes of it (周/平和)."""
    for start in (conj - 2, conj - 3):
        surname = _surname_len(text, start) if start >= 0 else 0
        name = text[start:conj]
        if surname and ctx.left_of(text, start, confirmed) != ctx.NONE and _kind(name, surname, "") in ("made", "nr"):
            return name, True
    return None


def _readings(tokens: tuple, surname: int) -> list[tuple[int, str]]:
    """Lengths the name may have, longest first, with the part of speech when it is one token ('' otherwise)."""
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else None
    readings = []
    if second and first[1] == surname + 1 and (second[1] - second[0] == 1 or second[2][-1] in CUED_NOT_GIVEN):
        readings.append((surname + 2, ""))  # 言子/墨, 白玉/洁是: jieba glued the characters to the wrong neighbour
    if surname < first[1] <= surname + 2:
        readings.append((first[1], first[3]))  # 田野/nr, 甘露/v
    if second and first[1] == surname and 1 <= second[1] - second[0] <= 2:
        readings.append((second[1], ""))  # 钱/多多, 和/玉梅
    return readings


def _preposition_name(tokens: tuple, left: str) -> bool:
    """于/p 浩然/a 在…: at a clause start, a two-character given name and then a predicate after 于 or 向 is a name."""
    if left != ctx.START or len(tokens) < 3 or tokens[0][2] not in ("于", "向"):
        return False
    given, following = tokens[1], tokens[2]
    return (
        given[1] - given[0] == 2
        and GIVEN_CHARS.issuperset(given[2])
        and given[2] not in ORDINARY_SUBJECTS
        and given[3] in ("a", "nr", "nz", "n")
        and following[3] in PRED_TAGS
    )


def _tagged_as_name(name: str, surname: int, tokens: tuple, single: str) -> bool:
    """A surname and two given-name characters that jieba does not know as a word and reads as a person (花雨晴/nr,
    帅/nr 宇航/nr) or cannot read at all (云梦/琪/g)."""
    if len(name) != surname + 2 or has_word(name) or not GIVEN_CHARS.issuperset(name[surname:]) or len(tokens) < 2:
        return False
    if single in ("nr", "nrfg"):
        return True
    first, second = tokens[0], tokens[1]
    if first[1] == surname:
        return first[3] == "nr" and second[3] in NAMEISH_TAGS
    return first[1] == surname + 1 and second[1] - second[0] == 1 and second[3] in ("nr", "ng", "g", "nrfg")


def _predicate_follows(tokens: tuple, length: int, left: str, broad: bool = False) -> bool:
    """The token after the name starts a predicate (总是, 在, 经常), not a noun or a place word (田野上, 武力/地说).
    After a personality word + 的 or a confirmed name + 和 anything but a noun will do (阳光的高峰这学期…)."""
    following = next((t for t in tokens if t[0] == length), None)
    if not following or following[2] in NOT_PRED or following[2][0] in "地得的着了过般":
        return False
    if left in (ctx.ADJ, ctx.CONJUNCT) or broad:
        return following[3] not in NOUN_TAGS
    return following[3] in PRED_TAGS


def _verdict(name: str, surname: int, left: str, right: str, single: str) -> bool | None:
    """Sure (True), unsure (False) or not a name (None), by what kind of word ``name`` is and what surrounds it."""
    kind = _kind(name, surname, single)
    if kind is None:
        return None
    if left == ctx.NONE:  # only before bare kin (请田野同学…); not a place name (江西同学)
        return True if kind in ("made", "nr") else None
    if left == ctx.START:
        if right == ctx.SPEECH_TO:  # 平安说他…, 于洋告诉我…; but 来信说：…, 通知说：… (words), 官方说：… (nouns)
            return True if kind in ("made", "nr") or _part(name, single) in ("ns", "nz", "a", "an", "ad") else False
        if right in (ctx.ANIMATE, ctx.CONJUNCT):
            return True  # 方圆哭着…, 雷鸣和张梓涵…
        if right in (ctx.KIN, ctx.KIN_BARE):
            return _before_kin(name, kind)  # 常青的妈妈, 方舟的同桌; not 安静的同学, 全国家长
        if right == ctx.KIN_TEACHER:
            return True if kind == "made" else None  # 梁爽的老师; not 高明的老师
        if right == ctx.SPEECH:
            return {"made": True, "nr": False}.get(kind)  # 梁爽说想…; 黎明说… is unsure; 爱国告诉我们 is no name
        return None
    # left: a person cue (同桌, 签名：), a personality word + 的, a confirmed name + 和
    if right in STRONG_RIGHT or right == ctx.SPEECH:
        return True
    if left == ctx.NAMING and right == ctx.END:
        return True  # 家长签名：平安
    if kind == "word":
        return None  # 孩子平安。 学生安心学习
    if kind == "noun" and left in (ctx.PERSON,):
        return None  # 孩子成才。 学生武力解决: a noun after 孩子 or 学生 is mostly the word
    if right in (ctx.END, ctx.PRED):
        return True
    return True if kind == "made" and left in (ctx.PERSON, ctx.NAMING) else None


# A dictionary word seen this often is that word before kin (全国家长, 智慧家长), not a name (常青的妈妈, 田野同学).
COMMON_NOUN = 300
COMMON_NAME_WORD = 1000


def _before_kin(name: str, kind: str) -> bool | None:
    """Sure, unsure or no name for a word at a clause start right before kin."""
    if kind == "word" or kind == "noun" and _part(name, "") in ("n", "ns", "ng") and word_freq(name) >= COMMON_NOUN:
        return None  # (和平/nz 的父母 stays a name)
    return not (kind == "nr" and word_freq(name) >= COMMON_NAME_WORD)


def _kind(name: str, surname: int, single: str) -> str | None:
    """'made' (not a dictionary word: jieba made it up), 'nr' (its dictionary has it as a name: 白雪, 安然), 'noun'
    (方圆, 于洋/ns), 'word' (an adjective, verb or time word that can be a name: 平安, 甘露, 夏天) or None."""
    given = name[surname:]
    if not 1 <= len(given) <= 2 or given[0] in NOT_GIVEN_START or CUED_NOT_GIVEN.intersection(given):
        return None
    if name in ORDINARY_SUBJECTS or name in NOT_NAMES or len(name) == 2 and name[0] == name[1]:
        return None  # 谢谢, 常常: a doubled character is a word
    if len(name) == 2 and (name[0] in "全第" or name[1] in "后前") and has_word(name):
        return None  # a span or an order (全程, 全体, 第一, 会后, 课前): 全程低着头 is the whole time, not 全程
    doubled = len(given) == 2 and given[0] == given[1] and given[0] not in "地得的着了过们些"  # 钱多多, 甘甜甜
    if not doubled and not NAME_CHARS.issuperset(given):
        return None
    if not has_word(name):
        return "made"
    part = _part(name, single)
    return "nr" if part in NAME_TAGS_SURE else "noun" if part in NAMEISH_TAGS else "word" if part in WORDISH_TAGS else None


def _part(name: str, single: str) -> str:
    """The part of speech of ``name`` as one token ('' when jieba splits it)."""
    if single:
        return single
    tokens = tag(name)
    return tokens[0][3] if len(tokens) == 1 else ""


def _label_name(cell: str) -> str | None:
    """A table cell or a speaker that is a name: a surname and one or two given-name characters."""
    surname = _surname_len(cell, 0)
    if not surname or not 1 <= len(cell) - surname <= 2:
        return None
    return cell if _kind(cell, surname, "") else None
