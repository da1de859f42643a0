"""Given names written without the surname: 浩然妈妈, 梓萱终于笑了一下, 雨桐告诉我….

Teachers write a pupil's given name alone as soon as the family knows the child by it. Two characters of given
names (梓萱, 子轩, 欣怡) say nothing by themselves, since most such pairs are also parts of words; so a pair is
looked at only where the text puts a person right after it (|妈妈, |的父亲, |告诉我, |哭着, |终于, |一个人), and only
when the pair is no ordinary word (一天, 平安, 明天) and begins at a word boundary. The given name of a confirmed
full name is found anywhere (王梓涵 … 梓涵说).
"""

from __future__ import annotations

import re

from . import name_context as ctx
from .name_lexicon import GIVEN_CHARS, NOT_NAMES, RARE_GIVEN
from .name_slots import ORDINARY_SUBJECTS, find_all
from .segment import has_word, tag, word_freq

_GIVEN = "".join(sorted(GIVEN_CHARS))
KIN_AFTER_GIVEN = "妈妈 爸爸 奶奶 爷爷 外婆 外公 姥姥 姥爷 家长 父亲 母亲 同学 阿姨 叔叔 这孩子 这个孩子".split()
# What follows the subject of a clause about a pupil: time and manner adverbs, 一个人, a first time.
SUBJECT_ADVERBS = (
    "今天 昨天 又 也 终于 一直 总是 经常 常常 最近 主动 一个人 第一次 已经 突然 悄悄 默默 始终 从小 平时 这学期 这几天 那天 仍然 还是 竟然 "
    "低声 小声 红着眼 哭着 笑着 在作文里 在周记里 在日记里".split()
)
# What only a pupil has, after 的: the kin of a person, their things and body (俊豪的手臂, 雨桐的日记).
OWNED = "手臂 手腕 胳膊 眼睛 脸上 头发 日记 周记 作文 作业 成绩 座位 书包 情况 变化 性格 脾气".split()
# A pair of given-name characters and the cue after it (the regex engine skips ahead on the pair's characters; the
# cue words' first characters, tested first, turn most places down at once).
_RIGHT_FIRST = ctx.first_chars((*KIN_AFTER_GIVEN, *ctx.ANIMATE_AFTER, *SUBJECT_ADVERBS, *ctx.SPEECH_AFTER, "的"))
RIGHT = re.compile(
    rf"[{_GIVEN}]{{2}}(?={_RIGHT_FIRST})(?=(?P<kin>(?:{ctx._words(KIN_AFTER_GIVEN)})|的(?:{ctx._words(KIN_AFTER_GIVEN + OWNED)}))"
    rf"|(?:{ctx._words(ctx.ANIMATE_AFTER)})|(?:{ctx._words(SUBJECT_ADVERBS)})"
    rf"|(?:{ctx._words(ctx.SPEECH_AFTER)})(?:[他她我你]|自己|老师|妈妈|爸爸|[：:“，,]))"
)
# Two given names as the subject of a clause: 嘉怡和子墨是一对好朋友, 思远跟浩宇都…. (Tried only two characters before a
# 和, 跟 or 与; CALLED only at a 叫, one or two characters before it, or at 名字是; VOCATIVE at its quote: keep these
# anchors in given_names when changing the patterns.)
PAIR = re.compile(rf"[{_GIVEN}]{{2}}[和跟与](?P<two>[{_GIVEN}]{{2}})(?=是|一起|都|两人|俩|两个|总是|经常|常常|从小)")

# After 叫她, 名叫, 小名叫 a pair of given-name characters is what the pupil is called (叫她欣然).
CALLED = re.compile(
    rf"(?:叫[她他我]|名叫|叫做|名字叫|名字是|小名叫|大名叫|就叫)[“\"「]?(?P<pair>[{_GIVEN}]{{2}})(?=[”\"」。，；！？、\s]|$)"
)
CALLED_WORD = 1000
# Calling a pupil by the given name at the start of what is said: “浩然，你先坐下。” “雨涵，妈妈不是这个意思。”
VOCATIVE = re.compile(rf"[“\"「](?P<pair>[{_GIVEN}]{{2}})[，,！!](?=[你我咱别快来过听妈爸老])")
# Verbs and person words right before a given name used as their object or apposition: 我让|梓涵先说, 问|浩宇,
# 陪|欣怡, 和|嘉豪一起, 对|雨萱来说, 爸爸|建华在电话里说.
LEFT_WORDS = (
    "让 叫 请 问 陪 和 跟 找 帮 给 对 把 被 同 与 约 劝 夸 喊 带 接 送 等 鼓励 表扬 批评 提醒 安慰 告诉 关注 注意到 发现 看到 看见 见到 遇到 "
    "联系 通知 邀请 关心 担心 心疼 陪伴 帮助 引导 鼓励了 表扬了 批评了 提醒了 安慰了 告诉了".split()
)
_LEFT_BY_LAST: dict[str, tuple[str, ...]] = {}
for _word in {*LEFT_WORDS, *ctx.PERSON_BEFORE}:
    _LEFT_BY_LAST[_word[-1]] = (*_LEFT_BY_LAST.get(_word[-1], ()), _word)
# The last character of such a word and then two given-name characters (the whole word is checked in Python: one
# character class first lets the regex engine skip ahead).
LEFT = re.compile(rf"[{''.join(sorted(_LEFT_BY_LAST))}](?=[{_GIVEN}]{{2}})")
# A dictionary word this rare, tagged as an adjective or an idiom, may be a given name (浩然/a, 欣怡/i); one tagged as
# a name may be more frequent (宇航/nr).
RARE_WORD = 60
RARE_NAME_WORD = 500
WORDLIKE_NAME_TAGS = frozenset("a i n nz".split())


def given_names(text: str, confirmed: dict[str, bool]) -> dict[str, bool]:
    """Given names used alone (always sure: the pair is no word and a person stands there)."""
    found: dict[str, bool] = {}
    for m in RIGHT.finditer(text):
        pair, start = m.group(), m.start()
        if pair not in found and _is_given(pair) and _starts_word(text, start):
            if m.group("kin") or ctx.left_of(text, start, confirmed) != ctx.NONE:
                found[pair] = True
    for m in ctx.anchored(PAIR, text, (p - 2 for p in ctx.places(text, "和跟与") if p >= 2)):
        one, two = m.group()[:2], m.group("two")
        if _is_given(one) and _is_given(two) and _starts_word(text, m.start()) and ctx.left_of(text, m.start(), confirmed) != ctx.NONE:
            found[one] = found[two] = True
    called = (s for p in ctx.places(text, "叫") for s in (p, p - 1, p - 2) if s >= 0)  # (名叫, 名字叫)
    for m in (*ctx.anchored(CALLED, text, (*called, *find_all(text, "名字是"))), *ctx.anchored(VOCATIVE, text, ctx.places(text, '“"「'))):
        pair = m.group("pair")
        if pair[0] != pair[1] and pair not in NOT_NAMES and pair not in ORDINARY_SUBJECTS and word_freq(pair) < CALLED_WORD:
            found[pair] = True
    for m in LEFT.finditer(text):
        start = m.end()
        pair = text[start : start + 2]
        if pair in found or not text.endswith(_LEFT_BY_LAST[m.group()], 0, start):
            continue
        if _is_given(pair) and _ends_token(text, start):
            found[pair] = True
    for name, sure in confirmed.items():
        given = name[1:]
        if sure and len(name) == 3 and given not in found and _is_given(given) and not has_word(given):
            if any(text[s - 1 : s] != name[0] for s in find_all(text, given)):
                found[given] = True  # 王梓涵 … 梓涵说
    return found


def _ends_token(text: str, start: int) -> bool:
    """The pair at ``start`` is a token of its own in the few characters around it (陪|欣怡|在; not 和|平时|一样)."""
    window = CJK_RUN.match(text, start).group()[:5]
    return any(end == 2 for _, end, _, _ in tag(window)) and not _common_after(window)


def _common_after(window: str) -> bool:
    """The pair's second character begins a common word with what follows (和嘉|宾们: 宾 is no name character)."""
    return len(window) > 2 and has_word(window[1:3]) and word_freq(window[1:3]) >= 300


CJK_RUN = re.compile(r"[\u4e00-\u9fff]*")


def _is_given(pair: str) -> bool:
    """Two characters that read as a given name and as no ordinary word: 梓萱, 子轩, 浩然 (a rare word); not 一天, 平安."""
    if pair[0] == pair[1] or pair in NOT_NAMES or pair in ORDINARY_SUBJECTS:
        return False
    tokens = tag(pair)
    part = tokens[0][3] if len(tokens) == 1 else ""
    if not has_word(pair):
        return bool(RARE_GIVEN.intersection(pair)) or part in ("nr", "nrfg")
    freq = word_freq(pair)
    if part in ("nr", "nrfg"):
        return freq < RARE_NAME_WORD  # 宇航/nr, 一诺
    return bool(RARE_GIVEN.intersection(pair)) and part in WORDLIKE_NAME_TAGS and freq < RARE_WORD  # 浩然/a, 欣怡/i


def _starts_word(text: str, start: int) -> bool:
    """The pair is not the end of a word that starts before it (夏|天妈妈, 学|生家长)."""
    before = text[start - 1 : start]
    if not before or not ("\u4e00" <= before <= "\u9fff"):
        return True
    return not (has_word(before + text[start]) and word_freq(before + text[start]) >= 100) and not has_word(text[start - 1 : start + 2])
