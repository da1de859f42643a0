"""Names in the forms that hide them from a character-by-character reader: spaced or dotted (王 梓涵, 李 欣 怡, 张·伟),
in pinyin (Wang Zihan, ZHANG Wei, Xinyi Li) and English names given as a pupil's (英文名Kevin).

``join_spaced`` gives the text with such separators removed inside a name, and the offsets to map findings back;
``latin_names`` finds pinyin and English names directly.
"""

from __future__ import annotations

import re

from .name_context import places as _places
from .name_lexicon import FOREIGN_CHARS, GIVEN_CHARS, SURNAMES

_GIVEN = "".join(sorted(GIVEN_CHARS - FOREIGN_CHARS))
_SURNAME = "".join(sorted(SURNAMES))
CJK = "\u4e00-\u9fff"
# A lone surname, a space (or two) and one or two given-name characters, possibly spaced too: a form's 王 梓涵, 李 欣 怡.
# Before and after: no Chinese character (a name list 王梓涵 李沐阳 has no lone surname). A space is any of them (the
# text is normalised: no-break, thin, en and ideographic spaces are spaces), and a hyphen or slash spaces too (王-梓涵).
_SPACE = r"[ \u3000/\-]"
SPACED = re.compile(rf"[{_SURNAME}](?:(?:{_SPACE}{{1,2}}[{_GIVEN}]){{1,2}}|{_SPACE}{{1,2}}[{_GIVEN}]{{2}})(?![{CJK}])")
# The same inside running text (学生王 梓涵说, 学生张 小 明, a YAML folded line 张 小明): the separators are dropped and the
# name detector decides on the joined text whether a name stands there, as it does for any text.
INLINE_SPACED = re.compile(rf"[{_SURNAME}]{_SPACE}{{1,2}}[{_GIVEN}小](?:{_SPACE}{{1,2}}[{_GIVEN}])?")
# 张·伟, 李·欣怡: a dot between a Chinese surname and given name (foreign names have no Chinese given name after it:
# 海伦·凯勒, 欧·亨利); then nothing or a function character.
DOTTED = re.compile(rf"[{_SURNAME}][·・•][{_GIVEN}]{{1,2}}(?![·・•])(?=$|[^{CJK}]|[与和说的在是也都就把被跟对])")
SEPARATOR = re.compile(r"[ \u3000·・•/\-]")
SEPARATORS = " \u3000·・•/-"  # (a surname right before one of them: found by str.find, far faster than a character class)
CJK_OR_DOT = re.compile(rf"[{CJK}·・•]")
# A line break inside a paragraph between two Chinese characters: a browser shows the two lines as one, so 林\n浩宇 is
# 林浩宇 to a reader (text wrapped by an editor, pasted from a PDF). Indentation and a quote's ">" go with the break.
SOFT_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\r?\n([ \t>]*)(?=[{CJK}])")


def join_lines(text: str) -> tuple[str, list[int] | None]:
    """``text`` with the line breaks a reader does not see removed (see SOFT_BREAK), and the original offset of each
    character of the result (None when nothing was removed). A heading or a table row ends at its line; a quoted
    line does not continue a paragraph before the quote (a line without ">" does continue a quote's paragraph)."""
    drop: list[int] = []
    for m in SOFT_BREAK.finditer(text) if "\n" in text else ():
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].lstrip(" \t")
        if line.startswith(("#", "|")) or (">" in m.group(1) and not line.startswith(">")):
            continue
        drop += range(m.start(), m.end())
    return _without(text, drop)


def join_spaced(text: str) -> tuple[str, list[int] | None]:
    """``text`` with the separators inside spaced or dotted names removed, and the original offset of each character
    of the result (None when nothing was removed)."""
    drop: list[int] = []
    for start in sorted(p - 1 for p in _places(text, SEPARATORS) if p and text[p - 1] in SURNAMES):
        if start < (drop[-1] if drop else -1):
            continue
        before = text[start - 1 : start]
        dotted = text[start + 1] in "·・•"
        inline = bool(before and CJK_OR_DOT.match(before))
        if inline and dotted and before not in "人生者叫名":
            continue
        m = DOTTED.match(text, start) if dotted else (not inline and SPACED.match(text, start)) or INLINE_SPACED.match(text, start)
        if m:
            drop += [i for i in range(m.start(), m.end()) if SEPARATOR.match(text, i)]
    return _without(text, drop)


def _without(text: str, drop: list[int]) -> tuple[str, list[int] | None]:
    """``text`` without the characters at ``drop``, and the original offset of each one left (None: nothing dropped)."""
    if not drop:
        return text, None
    dropped = set(drop)
    offsets = [i for i in range(len(text)) if i not in dropped]
    return "".join(text[i] for i in offsets), offsets


# --- pinyin and English ------------------------------------------------------------------------------------------------

PINYIN_SURNAMES = frozenset(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han "
    "Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Du Ye Cheng Su Wei Lyu Lv Ding Ren Shen Yao Lu Cui "
    "Zhong Tan Fan Jin Shi Liao Jia Xia Fu Fang Bai Zou Meng Xiong Qin Qiu Yin Xue Yan Duan Lei Hou Long Tao Gu Mao Hao "
    "Gong Shao Wan Qian Dai Mo Kong Xiang Chang Wen Kang Niu Qi Qiao Geng Guan Lan Jiao Zhuang Ou Ouyang Situ Shangguan".split()
)
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = "(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)"
_SYLLABLE = f"{_INITIAL}{_FINAL}"
SYLLABLE = re.compile(_SYLLABLE)
LATIN_PAIR = re.compile(r"([A-Z][a-zA-Z]{0,7})[ \u00a0]([A-Z][a-z]{1,11}(?:-[a-zA-Z]{1,6})?)(?![A-Za-z])")
UPPER = re.compile("[A-Z]")
# An English name given as a pupil's: 英文名Kevin, 英文名字叫 Lucy.
ENGLISH_NAME = re.compile(r"(?:英文名字?|英语名字?)(?:叫|是)?[:： ]?\s*([A-Z][a-z]{2,11})")
# English words that are also pinyin syllables (He Said), and pinyin phrases that are no names.
ENGLISH_WORDS = frozenset("He She Ban Can Man Pin Ping Ring Sang Sing Van Die Lie Tie Hen".split())
NOT_LATIN_NAMES = frozenset(
    ["Feng Shui", "Yin Yang", "Hong Kong", "Ping Pong", "Tai Chi", "Qi Gong", "Gong Fu", "Mao Zedong", "Deng Xiaoping", "Xi Jinping"]
)


def latin_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of pinyin names (Wang Zihan, Zihan Wang, ZHANG Wei) and English names given as a pupil's."""
    if not UPPER.search(text):
        return []
    found = [(m.start(1), m.end(1), m.group(1)) for m in ENGLISH_NAME.finditer(text)]
    for m in LATIN_PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        if m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # the end of a longer word (…ed Wang)
        if m.group() in NOT_LATIN_NAMES:
            continue
        if _pinyin_name(first, second) or _pinyin_name(second, first) and len(_syllables(first)) == 2:
            found.append((m.start(), m.end(), m.group()))
    return found


def _pinyin_name(surname: str, given: str) -> bool:
    """``surname`` is a pinyin surname (Wang, WANG) and ``given`` one or two pinyin syllables (Zihan, Xin-yi)."""
    if surname.capitalize() not in PINYIN_SURNAMES or given in ENGLISH_WORDS or surname in ENGLISH_WORDS:
        return False
    return bool(_syllables(given))


def _syllables(word: str) -> list[str]:
    """The pinyin syllables of ``word`` (Zihan → zi, han), or [] when it is not one or two syllables."""
    plain = word.replace("-", "").lower()
    return next(
        ([plain[:cut], plain[cut:]] for cut in range(1, len(plain)) if SYLLABLE.fullmatch(plain[:cut]) and SYLLABLE.fullmatch(plain[cut:])),
        [plain] if SYLLABLE.fullmatch(plain) else [],
    )
