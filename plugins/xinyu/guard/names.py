"""Person names that look real and are not declared.

Two stages keep this fast: a regex finds *cues* (同学, 妈妈, 名叫, 学生…) and a
cheap test keeps only those with a common surname at the right distance; only
the sentences around those cues are segmented with rjieba, whose part-of-speech
tag ``nr`` confirms a person name. A confirmed name is then reported at every
place it occurs in the text, cue or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .findings import WARNING, Finding, mask_name

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔"
    "伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师"
    "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 南宫 西门".split())

# A name usually stands just before a role (张伟同学, 王芳的妈妈) or just after an introduction (学生张伟, 名叫张伟).
# Cues are plain words so that the regex engine can skip ahead on their first characters.
POST_CUES = frozenset(
    "同学 老师 妈妈 爸爸 父亲 母亲 家长 奶奶 爷爷 外婆 外公 姥姥 姥爷 姐姐 哥哥 弟弟 妹妹 阿姨 叔叔 班主任 校长 主任 医生 女士 先生 同志 "
    "说 告诉 主动 总是 经常 一个人 同意 拒绝 表示 哭着 ，男 ，女 （男 （女 ,男 ,女 (男 (女".split()
)
PRE_CUES = frozenset(
    "学生 同学 来访者 当事人 个案 男生 女生 男孩 女孩 孩子 儿子 女儿 同桌 室友 好友 朋友 名叫 叫做 叫 姓名 名字是 班主任 老师 妈妈 爸爸 "
    "父亲 母亲 爷爷 奶奶 外婆 外公 哥哥 姐姐 弟弟 妹妹 家长 患者 作者 后来 那天 下午 上午 发现".split()
)
_FIRST = "".join(sorted(SURNAMES | {c[0] for c in COMPOUND_SURNAMES}))


def _words(words: frozenset[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# The surname test is in the patterns, so that a match is already a likely name: few Python-level matches.
PRE_CUE = re.compile(rf"(?:{_words(PRE_CUES)})[:： ]?(?=[{_FIRST}])")
POST_CUE = re.compile(rf"[{_FIRST}][\u4e00-\u9fff]{{1,3}}?的?(?:{_words(POST_CUES)})")
SENTENCE_MARKS = "。！？!?；;\n"
SENTENCE_END = re.compile(f"[{SENTENCE_MARKS}]")
CJK = re.compile(r"[\u4e00-\u9fff]+")
# Transliterated foreign names (马斯洛, 罗杰斯, 埃里克森) are authors being cited, not clients.
FOREIGN_CHARS = frozenset("斯尔洛弗姆森特克伊亚瑟乔治娅莎琳妮丝")
NOT_GIVEN = frozenset("某氏老小总")
# Characters that do not begin a given name: function words and role words (王老师, 李某, 张同学, 高中).
NOT_GIVEN_START = frozenset(
    "某氏老小总的了是在和与及或也都就不很们个这那有说我你他她它上下中里会要对到着把被让给从向等同学师妈爸家校班年级"
)
# Ordinary words that jieba sometimes tags as person names.
NOT_NAMES = frozenset(
    "师傅 师父 阿姨 叔叔 伯伯 大爷 大妈 老乡 同志 司机 保安 保洁 班长 组长 队长 校长 主任 医生 护士 记者 警察 家长 孩子 宝宝 高三 高一 高二 高考".split()
)
PSEUDONYM_MARK = re.compile(r"\s*[（(]\s*(?:化名|假名|匿名)")
NAME_TAGS = ("nr", "nrfg")


def scan_names(text: str, declared: Iterable[str] = ()) -> list[Finding]:
    """Undeclared real-looking person names, one finding per occurrence (warnings)."""
    sentences = _cue_sentences(text)
    if not sentences:
        return []
    names: set[str] = set()
    for lo, hi in sentences:
        names.update(_tagged_names(text[lo:hi]))
    declared_set = _declared(declared, text, names)
    names = {n for n in names if not _is_declared(n, declared_set)}
    return [finding for name in sorted(names) for finding in _occurrences(text, name)]


def _cue_sentences(text: str) -> list[tuple[int, int]]:
    """Short windows around each cue that has a surname where a name would be.

    Tagging costs ~0.5 µs a character, so only a dozen characters around a
    candidate are segmented, never the whole sentence.
    """
    spans: set[tuple[int, int]] = set()
    for m in PRE_CUE.finditer(text):
        if _surname_at(text, m.end()):
            spans.add(_window(text, m.end()))
    for m in POST_CUE.finditer(text):
        if _surname_at(text, m.start()):
            spans.add(_window(text, m.start()))
    return sorted(spans)


def _surname_at(text: str, pos: int) -> bool:
    """A surname at ``pos`` followed by a character that can begin a given name."""
    if pos < 0:
        return False
    if text[pos : pos + 2] in COMPOUND_SURNAMES:
        pos += 1
    elif text[pos : pos + 1] not in SURNAMES:
        return False
    following = text[pos + 1 : pos + 2]
    return "\u4e00" <= following <= "\u9fff" and following not in NOT_GIVEN_START


def _window(text: str, pos: int, before: int = 4, after: int = 8) -> tuple[int, int]:
    """Characters around a candidate name at ``pos``, not crossing a sentence end."""
    lo = max(0, pos - before)
    lo = max([lo] + [text.rfind(mark, lo, pos) + 1 for mark in SENTENCE_MARKS])
    end = SENTENCE_END.search(text, pos, min(len(text), pos + after))
    return lo, end.start() if end else min(len(text), pos + after)


def _tagged_names(sentence: str) -> set[str]:
    """Person names in one sentence by rjieba's part-of-speech tags."""
    names = set()
    tokens = _tag(sentence)
    skip = False
    for i, (word, tag) in enumerate(tokens):
        if skip:
            skip = False
            continue
        if tag not in NAME_TAGS and word not in COMPOUND_SURNAMES:
            continue
        if (len(word) == 1 or word in COMPOUND_SURNAMES) and i + 1 < len(tokens) and _given_name_token(*tokens[i + 1]):
            word, skip = word + tokens[i + 1][0], True
        if looks_like_name(word):
            names.add(word)
    return names


def _given_name_token(word: str, tag: str) -> bool:
    """jieba often splits 王秀英 into 王/nr + 秀英/nr (or /n, /a): glue them back."""
    return 1 <= len(word) <= 2 and CJK.fullmatch(word) is not None and tag in NAME_TAGS + ("nrt", "n", "ng", "nz", "a", "v", "vn")


@lru_cache(maxsize=4096)
def _tag(sentence: str) -> tuple[tuple[str, str], ...]:
    import rjieba

    return tuple(rjieba.tag(sentence))


def looks_like_name(word: str) -> bool:
    """2–4 Chinese characters starting with a surname, not a pseudonym form like 李某 or 小林."""
    if not 2 <= len(word) <= 4 or not CJK.fullmatch(word) or word in NOT_NAMES:
        return False
    compound = word[:2] in COMPOUND_SURNAMES
    if not compound and (word[0] not in SURNAMES or len(word) == 4):
        return False
    given = word[2:] if compound else word[1:]
    if not given or given[0] in NOT_GIVEN or "某" in given:
        return False
    return not FOREIGN_CHARS.intersection(given)


def _declared(declared: Iterable[str], text: str, found: set[str]) -> set[str]:
    """Declared names plus those the text itself marks as 化名 (张伟（化名）)."""
    names = {d.strip() for d in declared if d and d.strip()}
    for name in found:
        pos = text.find(name)
        while pos != -1:
            if PSEUDONYM_MARK.match(text, pos + len(name)):
                names.add(name)
                break
            pos = text.find(name, pos + 1)
    return names


def _is_declared(name: str, declared: set[str]) -> bool:
    """Declared exactly, or part of a declared entry (周敏 in “周敏老师”)."""
    return name in declared or any(name in d for d in declared if len(d) > len(name))


def _occurrences(text: str, name: str) -> list[Finding]:
    found = []
    pos = text.find(name)
    while pos != -1:
        found.append(Finding("name", pos, pos + len(name), name, mask_name(name), WARNING))
        pos = text.find(name, pos + len(name))
    return found
