"""Personal-data patterns: ID numbers, phones, e-mail, named account ids, addresses, birth dates, classes.

Speed matters (10,000 items of ~5,000 characters in a few seconds), so every
rule is anchored on something cheap: one pass finds all digit runs and a short
classifier decides what each run is; the other rules only run when a plain
substring test (``"@" in text``, ``"出生" in text``) says they might match.

Text is normalised first (``normalise``): full-width letters, digits, ＠ and
spaces become ASCII, and invisible characters (zero-width space, joiners, BOM,
soft hyphen) are dropped, so that 138\u200b1234\u200b5678, ｚｗ＠qq.com or an
ID ending in Ｘ read as what they are. A digit run may be split by spaces,
dashes, dots, brackets or one line break.
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace
from html.entities import html5
from pathlib import Path

from .findings import WARNING, Finding, mask_email, mask_middle

FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
# Full-width ASCII (Ｘ, ＠, ０-９, ａ-ｚ), dashes and every kind of space, folded one to one so that offsets stay.
# (Chinese punctuation such as ，（） stays: the rules know it, and most texts then need no folding at all.)
_SPACES = "\u3000\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"  # ‐ ‑ ‒ – — ― − ﹘ ﹣
_WIDE = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠．－＿＋％／"
WIDTH = str.maketrans(
    _WIDE + _SPACES + _DASHES,
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@.-_+%/" + " " * len(_SPACES) + "-" * len(_DASHES),
)
FOLDABLE = re.compile(f"[{_WIDE}{_SPACES}{_DASHES}]+")
# Digits of other scripts and styles (١٣٨, 𝟏𝟑𝟖, 𝟭𝟯𝟴) read as ASCII digits; circled, parenthesised and super- or
# subscript digits (①③⑧, ⑴, ¹) only two or more in a row (a lone ① numbers a list). One character class: the regex
# engine skips ahead in C.
_ENCLOSED_DIGITS = (
    "\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff"
    "\u2776-\u277e\u2780-\u2788\u278a-\u2792"
)
_ENCLOSED_ASTRAL = "\U0001f100-\U0001f10a"


def _ranges(chars: Iterable[str]) -> str:
    """A character class's body for ``chars``, consecutive ones as ranges (a long list of single characters is slow)."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


_OTHER_DECIMALS = _ranges(re.findall(r"[^\D0-9]", "".join(map(chr, range(0x80, 0x20000)))))  # (Unicode's Nd)
OTHER_DIGIT = re.compile(f"[{_OTHER_DECIMALS}{_ENCLOSED_DIGITS}{_ENCLOSED_ASTRAL}]+")
DECIMAL = re.compile(r"\d")


def _digits(run: str) -> str:
    if len(run) == 1 and not DECIMAL.match(run):
        return run  # a lone ①
    return "".join(str(unicodedata.digit(c, 0)) if len(run) > 1 or DECIMAL.match(c) else c for c in run)


# Characters a browser draws as nothing (Unicode's default-ignorable code points): zero-width space and joiners, BOM,
# soft hyphen, variation selectors (U+FE00–FE0F, U+E0100–E01EF), the grapheme joiner U+034F, bidirectional controls,
# Hangul fillers, tag characters.
INVISIBLE_CHARS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff"
    "\uffa0\ufff0-\ufff8"
)
_INVISIBLE_ASTRAL = "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}{_INVISIBLE_ASTRAL}]+")


def _traditional() -> tuple[dict[int, int], re.Pattern[str]]:
    """traditional.txt: traditional characters and their simplified forms (學生張曉明 → 学生张晓明), one to one."""
    lines = [
        line for line in (Path(__file__).with_name("traditional.txt")).read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return str.maketrans(lines[0], lines[1]), re.compile(f"[{lines[0]}]+")


TO_SIMPLIFIED, TRADITIONAL = _traditional()
# Any character that a step below folds or drops: most texts have none, and one search in C tells (a class of
# characters in the Basic Multilingual Plane is a bitmap; the rest is one range).
_DECIMALS_BMP = _ranges(c for c in re.findall(r"[^\D0-9]", "".join(map(chr, range(0x80, 0x10000)))))
UNUSUAL = re.compile(f"[{_WIDE}{_SPACES}{_DASHES}{_DECIMALS_BMP}{_ENCLOSED_DIGITS}{INVISIBLE_CHARS}{TRADITIONAL.pattern[1:-2]}]")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def unusual(text: str) -> bool:
    """``text`` holds a character that ``fold_characters`` folds or ``normalise`` drops."""
    return bool(UNUSUAL.search(text) or ASTRAL.search(text))


def fold_characters(text: str) -> str:
    """``text`` folded one character to one: full width, spaces, dashes, digits of other scripts, traditional
    characters (the detectors know simplified ones). Offsets stay."""
    if not unusual(text):
        return text
    if FOLDABLE.search(text):
        text = FOLDABLE.sub(lambda m: m.group().translate(WIDTH), text)  # str.translate on the whole text is slow
    if OTHER_DIGIT.search(text):
        text = OTHER_DIGIT.sub(lambda m: _digits(m.group()), text)
    if TRADITIONAL.search(text):
        text = TRADITIONAL.sub(lambda m: m.group().translate(TO_SIMPLIFIED), text)
    return text


# A run of digits, split by spaces, dashes, dots or brackets (138 1234 5678, 010-12345678, (138)1234.5678) or by one
# line break. Starts with a bare character class so the regex engine can skip ahead; the left edge is checked in Python.
SEPARATOR = r"(?:[ \-.()（）/、]{1,3}|\n)"
# A slash or 、 also lists numbers (13、14、15, 2024/05/20): with them every group must be as long as a phone's.
WEAK_SEPARATORS = re.compile(r"[/、]")
GROUPS = re.compile(r"[0-9Xx]+")
# A run of digits ends at the next non-digit: a Latin letter right after it does not make it a code (家长电话13800000110ab,
# 13800000113xx区); one right before it does (G2023…, a hash: _numbers).
NUMBER_RUN = re.compile(rf"[0-9](?:{SEPARATOR}?[0-9]){{4,22}}(?:{SEPARATOR}?[Xx])?(?![0-9])")
NOT_DIGIT = re.compile(r"[^0-9Xx]")
ALNUM = re.compile(r"[0-9A-Za-z０-９]")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_LABEL = re.compile(r"身份证|证件")  # a labelled ID is one even when its check character is mistyped
PROVINCES = {
    11,
    12,
    13,
    14,
    15,
    21,
    22,
    23,
    31,
    32,
    33,
    34,
    35,
    36,
    37,
    41,
    42,
    43,
    44,
    45,
    46,
    50,
    51,
    52,
    53,
    54,
    61,
    62,
    63,
    64,
    65,
    71,
    81,
    82,
    83,
}
MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
LANDLINE_GROUPS = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))[ \-]?([2-9]\d{2,3}[ \-]?\d{4})(?:[ \-]\d{1,5})?")
PAREN_AREA = re.compile(r"[(（]\s*(0(?:10|2\d|[3-9]\d{2}))\s*[)）]\s*$")
# Public service numbers are not personal data (contract): named hotlines and well-known lines.
HOTLINE_WORDS = re.compile(r"热线|援助电话|援助中心|服务电话|求助电话|救助电话|投诉电话|举报电话|心理援助|干预中心|服务中心电话|总机")
# What may not stand between a hotline's name and its number: another number, the end of a clause, or a person.
HOTLINE_BREAK = re.compile(r"[0-9，。；;,、\n]|手机|电话是|妈|爸|家长|本人|私人|个人|班主任|老师|我的|他的|她的")
PUBLIC_NUMBERS = {"01082951332", "8008101117", "4001619995", "12355", "12356", "12320", "02164383562", "02085561024"}

LABELLED = re.compile(
    r"(学号|学籍号|准考证号|考号|QQ|qq|ＱＱ|扣扣|微信|WeChat|wechat|weixin|VX|vx|WX|wx)"
    r"(?:号码|号|群|账号|id|ID)?\s*(?:是|为|[:：])?\s*([A-Za-z0-9][A-Za-z0-9_\-]{3,24})"
)
LABEL_KINDS = {"学号": "student_no", "学籍号": "student_no", "准考证号": "student_no", "考号": "student_no"}
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

NUM = r"(?:[0-9０-９]{1,4}|[一二三四五六七八九十百零〇两]{1,4})"
ROAD = re.compile(r"(?:路|街|巷|弄|胡同|大道)\s*" + NUM + r"\s*(?:号|號)(?:院|楼)?")
ESTATE = re.compile(
    r"(?:小区|花园|公寓|新村|家园|苑|大厦|社区)\s*" + NUM + r"\s*(?:号楼|栋|幢|座)"
    r"(?:\s*[0-9０-９]{1,2}\s*单元)?(?:\s*[0-9０-９]{2,4}\s*(?:室|号|房)?)?"
    r"|(?<![0-9０-９])[0-9０-９]{1,3}\s*(?:号楼|栋|幢)\s*(?:[0-9０-９]{1,2}\s*单元\s*)?[0-9０-９]{2,4}\s*(?:室|号|房)"
)
PLACE_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
# Words before a place name that are not part of it (他家住在|北京路12号): the value starts after the last one.
LIVES_AT = re.compile(r".*(?:住在|家住|住址|地址|位于|在|住|家|是|[:：])")
BIRTH_WORDS = ("出生", "生日", "生于", "诞生", "出世")
BIRTH_CUE = re.compile("|".join(BIRTH_WORDS))
DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*(?:日|号)?")


# A class: grade and class number (初二（3）班, 初二3班, 高一(5)班, 三年级2班, 五（2）班, 七年级（1）班). With the
# school's name it points at a few dozen pupils; a warning, since it can be a public unit (a class's team name).
_CLASS_NUMBER = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
# Also 八年级三班, 初二三班, 三年二班, 九（3）班, 2023级5班, 初2025届3班, 高二·7班.
CLASS_NO = re.compile(
    r"(?:(?:初|高|职高|高职|中职)[一二三1-3](?:年级)?|(?:[一二三四五六七八九]|[1-9])年级|(?<![0-9一二三四五六七八九十])[一二三四五六]年"
    r"|(?:初|高)?(?:19|20)[0-9]{2}[级届])"
    rf"\s*[·・.\-]?\s*(?:[（(]\s*{_CLASS_NUMBER}\s*[)）]|[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*班"
    rf"|(?<!周)(?<!星期)(?<!礼拜)[一二三四五六七八九]\s*[（(]\s*{_CLASS_NUMBER}\s*[)）]\s*班"
)
# Scanning for CLASS_NO itself is slow (it starts with alternatives); its end, a number or bracket before 班, is cheap.
CLASS_END = re.compile(r"[0-9０-９)）一二三四五六七八九十]\s*班")
CLASS_DIGITS = re.compile(r"(?<=[（(])\s*[^)）]+?(?=\s*[)）])|(?:[0-9０-９]+|[一二三四五六七八九十]+)(?=\s*班$)")


# What splits a word in the source but not on the page: inline markup between two Chinese characters or two digits
# (李**思琪**, 李<span>思琪</span>, 李<!-- -->娜, 张[小明](#a), a hard line break 李\⏎思琪, 138**1234**5678).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One piece of markup a match, starting with a character class so that the regex engine skips ahead in C (a pattern
# starting with a lookbehind, a repeated group or alternatives is tried at every position); runs and neighbours in Python.
# An HTML comment ends at --> or --!> (<!--> and <!---> are empty ones); a link's text is between [ and ](…) or ][…].
INLINE_MARKUP = re.compile(
    r"[*_`~\\<\[\]](?:(?<=\*)\*{0,2}|(?<=_)_{0,2}|(?<=`)`{0,2}|(?<=~)~|(?<=\\)\n"
    r"|(?<=<)!--(?:-?>|[\s\S]*?--!?>)"
    r"|(?<=<)/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,200})?/?>"
    r"|(?<=\[)"
    r"|(?<=\])(?:\([^()\s]{0,500}(?:\s+\"[^\"\n]{0,200}\")?\)|\[[^\[\]\n]{0,100}\])?)"
)
CJK_CHAR = re.compile(f"[{_CJK}]")
# An HTML character reference, as a browser reads one in text: numeric (&#26446;, &#x200B, also without the
# semicolon) or named (&commat;, &ZeroWidthSpace;, &shy;, and the old names such as &nbsp without one).
ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8};?|#[0-9]{1,9};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
MARKUP_CHARS = ("*", "_", "`", "~", "\\\n", "<", "[", "]")


def normalise(text: str) -> tuple[str, Offsets | Chain | None]:
    """The text as a reader sees it, as matched: characters folded (``fold_characters``), every HTML entity read
    (numeric and named, as a browser does), invisible characters dropped (also those an entity stands for), then markup
    inside a word dropped (see INLINE_MARKUP); and, if anything was dropped or read, where each character of the result
    was in ``text`` (else None: offsets are the same)."""
    odd = unusual(text)
    text = fold_characters(text) if odd else text
    edits: list[tuple[int, int, str]] = []
    if "&" in text:
        edits += [edit for edit in map(_entity_edit, ENTITY.finditer(text)) if edit]
    if odd and INVISIBLE.search(text):
        edits += [(m.start(), m.end(), "") for m in INVISIBLE.finditer(text)]
    text, offsets = _apply(text, edits)
    if any(mark in text for mark in MARKUP_CHARS):
        edits = [(start, end, "") for start, end in _runs(INLINE_MARKUP.finditer(text)) if _splits_word(text, start, end)]
        text, joined = _apply(text, edits)
        if joined is not None:
            offsets = joined if offsets is None else Chain(joined, offsets)
    return text, offsets


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, Offsets | None]:
    """``text`` with each (start, end, replacement) made, and where each character of the result was."""
    if not edits:
        return text, None
    kept, offsets, last, pos = [], Offsets(), 0, 0  # pos: the length of the edited text so far
    for start, end, replacement in sorted(edits):
        if start < last:
            continue  # inside an earlier edit
        offsets.add(pos, last)
        kept.append(text[last:start])
        pos += start - last
        if replacement:  # an entity's characters, placed from the entity's start
            offsets.add(pos, start)
            kept.append(replacement)
            pos += len(replacement)
        last = end
    offsets.add(pos, last)
    kept.append(text[last:])
    return "".join(kept), offsets


def _entity_edit(m: re.Match[str]) -> tuple[int, int, str] | None:
    """(start, end, characters) of the entity at ``m``, folded and without invisible characters; None when it is none
    (&unknown;). A name without its semicolon is read as long as a browser reads it (&notit → ¬it)."""
    entity, end = m.group(), m.end()
    if entity[1] == "#":
        value = html.unescape(entity)
    elif entity[1:] in html5 or entity.endswith(";") and entity[1:] in html5:
        value = html5[entity[1:]]
    else:
        name = entity[1:].rstrip(";")
        legacy = next((name[:k] for k in range(len(name), 1, -1) if name[:k] in html5), None)  # keys without ";"
        if legacy is None:
            return None
        value, end = html5[legacy], m.start() + 1 + len(legacy)
    if value == m.string[m.start() : end]:
        return None
    value = INVISIBLE.sub("", fold_characters(value))
    if len(value) > end - m.start():
        return None  # (no entity is shorter than what it stands for; offsets rely on it)
    return m.start(), end, value


class Chain:
    """Offsets of a text normalised in two steps: ``outer`` into the first step's text, ``inner`` into the original."""

    __slots__ = ("inner", "outer")

    def __init__(self, outer: Offsets, inner: Offsets) -> None:
        self.outer, self.inner = outer, inner

    def __getitem__(self, index: int) -> int:
        return self.inner[self.outer[index]]


class Offsets:
    """Where each character of a normalised text was in the original: a few runs (each a start in both texts),
    not one number per character (a body with emphasis inside a word would otherwise cost a list of its length)."""

    __slots__ = ("origins", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []  # in the normalised text
        self.origins: list[int] = []  # the same places in the original

    def add(self, start: int, origin: int) -> None:
        """A run that starts at ``start`` in the normalised text and at ``origin`` in the original."""
        self.starts.append(start)
        self.origins.append(origin)

    def __getitem__(self, index: int) -> int:
        run = bisect_right(self.starts, index) - 1
        return self.origins[run] + index - self.starts[run]


def _runs(matches) -> list[tuple[int, int]]:
    """Adjacent matches as one span (李**<b>思琪: the emphasis and the tag together stand between 李 and 思)."""
    spans: list[list[int]] = []
    for m in matches:
        if spans and spans[-1][1] == m.start():
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    return [(a, b) for a, b in spans]


def _splits_word(text: str, start: int, end: int) -> bool:
    """Markup between two Chinese characters or two digits (138**1234**5678): the page shows them joined."""
    if not 0 < start or not end < len(text):
        return False
    before, after = text[start - 1], text[end]
    return (before.isascii() and before.isdigit() and after.isascii() and after.isdigit()) or bool(
        CJK_CHAR.match(before) and CJK_CHAR.match(after)
    )


def scan_personal_data(text: str, normalised: bool = False) -> list[Finding]:
    """Every personal-data finding in a text (not names), sorted by position; ``normalised`` if ``normalise`` was
    applied already (positions are then in the normalised text)."""
    if normalised:
        return _scan(text)
    plain, offsets = normalise(text)
    return remap(_scan(plain), offsets)


def remap(found: list[Finding], offsets: Offsets | None) -> list[Finding]:
    """Findings in a normalised text, placed in the original text."""
    if offsets is None:
        return found
    return [replace(f, start=offsets[f.start], end=offsets[f.end - 1] + 1) for f in found]


def _scan(text: str) -> list[Finding]:
    found = _numbers(text)
    if "@" in text:
        found += [Finding("email", m.start(), m.end(), m.group(), mask_email(m.group())) for m in EMAIL.finditer(text)]
    found += _labelled(text, found)
    if "号" in text or "號" in text:
        found += _places(text, ROAD)
    if any(word in text for word in ("栋", "幢", "号楼")):
        found += _places(text, ESTATE)
    if any(word in text for word in BIRTH_WORDS):
        found += _birth_dates(text)
    if "班" in text:
        found += _classes(text)
    return _without_overlaps(found)


def _numbers(text: str) -> list[Finding]:
    found = []
    for m in NUMBER_RUN.finditer(text):
        if m.start() and ALNUM.match(text, m.start() - 1):
            continue  # part of a longer code (G2023…, a hash)
        raw = m.group().rstrip(" -.()（）/、")
        listed = WEAK_SEPARATORS.search(raw) and any(len(g) < 3 for g in GROUPS.findall(raw))  # 13、14、15…, 2024/05/20
        finding = None if listed else classify_number(raw, m.start(), text)
        if finding is None and (" " in raw.strip() or WEAK_SEPARATORS.search(raw)):
            finding = _classify_parts(raw, m.start(), text)
        if finding is not None:
            found.extend(finding if isinstance(finding, list) else [finding])
    return found + (_chinese_numbers(text) if CHINESE_DIGIT.search(text) else [])


PARTS = re.compile(r"[^ /、]+")


def _classify_parts(raw: str, start: int, text: str) -> list[Finding]:
    """``13812345678 13987654321``, ``13812345678/13987654321``: a run that is several numbers side by side."""
    found = []
    for part in PARTS.finditer(raw):
        finding = classify_number(part.group().translate(FULLWIDTH), start + part.start(), text)
        if finding is not None:
            found.append(finding)
    return found


# A phone or ID number read out in Chinese numerals (一三八一二三四五六七八, 幺三八…, 一一〇一〇五…X, 壹叁捌…), maybe mixed
# with digits and spaced: counted only in the full shape of a mobile (11) or an ID number (18), so that dates, counts
# and lists in prose (二〇二四年, 第一二三组) stay as they are.
_CN_DIGITS = "〇零○洞一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖"
CN_TO_DIGIT = str.maketrans(_CN_DIGITS, "000011122233445566778899")
CHINESE_DIGIT = re.compile(f"[{_CN_DIGITS}]{{3}}")
CHINESE_NUMBER = re.compile(rf"[{_CN_DIGITS}0-9](?:[ \-]?[{_CN_DIGITS}0-9]){{10,17}}(?:[ \-]?[Xx])?(?![{_CN_DIGITS}0-9])")


def _chinese_numbers(text: str) -> list[Finding]:
    found = []
    for m in CHINESE_NUMBER.finditer(text):
        if m.start() and (text[m.start() - 1] in _CN_DIGITS or ALNUM.match(text, m.start() - 1)) or not CHINESE_DIGIT.search(m.group()):
            continue
        raw = m.group().translate(CN_TO_DIGIT)
        digits = NOT_DIGIT.sub("", raw)
        if len(digits) not in (11, 18):
            continue
        finding = classify_number(raw, m.start(), text)
        if finding is not None and finding.kind == ("mobile" if len(digits) == 11 else "id_card"):
            found.append(finding)
    return found


def classify_number(raw: str, start: int, text: str) -> Finding | None:
    """What one digit run is: an ID, a mobile, a landline, or nothing personal."""
    digits = NOT_DIGIT.sub("", raw)
    end = start + len(raw)
    if len(digits) == 18 and (valid_id18(digits) or (id18_shape(digits) and ID_LABEL.search(text, max(0, start - 12), start))):
        return Finding("id_card", start, end, digits, digits[:6] + "*" * 8 + digits[-4:])
    if len(digits) == 15 and digits.isdigit() and valid_id15(digits):
        return Finding("id_card", start, end, digits, digits[:6] + "*" * 6 + digits[-3:])
    if digits[-1] in "Xx":  # only an ID number ends with X; 13800000112x is a mobile and a letter
        digits, raw = digits[:-1], raw.rstrip("Xx -")
        end = start + len(raw)
    if digits in PUBLIC_NUMBERS or _named_hotline(text, start):
        return None
    mobile = MOBILE.fullmatch(digits)
    if mobile:
        number = mobile.group(1)
        return Finding("mobile", start, end, number, number[:3] + "****" + number[-4:])
    return _landline(raw, start, end, text)


def _landline(raw: str, start: int, end: int, text: str) -> Finding | None:
    raw = re.sub(r"[.()（）/、\n]", "-", raw).strip("-")
    match = LANDLINE_GROUPS.fullmatch(raw)
    if match and (raw[len(match.group(1))] in " -"):
        area, local = match.group(1), re.sub(r"\D", "", match.group(2))
        return Finding("landline", start, end, area + local, f"{area}-{'*' * (len(local) - 2)}{local[-2:]}")
    local = NOT_DIGIT.sub("", raw)
    paren = PAREN_AREA.search(text, max(0, start - 12), start)
    if paren and re.fullmatch(r"[2-9]\d{6,7}", local):
        area = paren.group(1)
        return Finding("landline", paren.start(), end, area + local, f"({area}){'*' * (len(local) - 2)}{local[-2:]}")
    return None


def _named_hotline(text: str, start: int) -> bool:
    """A number named as a hotline just before it (热线：010-…, 希望热线 400-…) is a public service number. Only the
    number right after the name is: not one further on (热线12355，妈妈手机138…), nor one labelled as someone's."""
    window = text[max(0, start - 24) : start]
    names = list(HOTLINE_WORDS.finditer(window))
    if not names:
        return False
    between = window[names[-1].end() :]
    return len(between) <= 12 and not HOTLINE_BREAK.search(between)


def id18_shape(digits: str) -> bool:
    """An 18-character ID's province and real birth date (a mistyped check character still names the child)."""
    if not digits[:17].isdigit() or int(digits[:2]) not in PROVINCES:
        return False
    return _real_date(digits[6:10], digits[10:12], digits[12:14]) and 1900 <= int(digits[6:10]) <= 2099


def valid_id18(digits: str) -> bool:
    """GB 11643: province, a real birth date, and the ISO 7064 MOD 11-2 check character."""
    if not id18_shape(digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], ID_WEIGHTS, strict=False))
    return ID_CHECK[total % 11] == digits[17].upper()


def valid_id15(digits: str) -> bool:
    """The old 15-digit form has no check digit: province and a real 19yy date."""
    return int(digits[:2]) in PROVINCES and _real_date("19" + digits[6:8], digits[8:10], digits[10:12])


def _real_date(year: str, month: str, day: str) -> bool:
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _labelled(text: str, already: list[Finding]) -> list[Finding]:
    """QQ, WeChat ids and student numbers count only when named as such."""
    found = []
    for m in LABELLED.finditer(text):
        if m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # "wx" inside an English word
        label, value = m.group(1), m.group(2)
        kind = LABEL_KINDS.get(label) or ("qq" if label.lower() in ("qq", "ｑｑ", "扣扣") else "wechat")
        if kind == "qq" and not value.isdigit() or kind == "wechat" and len(value) < 6:
            continue
        if any(f.start <= m.start(2) < f.end for f in already):
            continue
        found.append(Finding(kind, m.start(2), m.end(2), value, mask_middle(value, 2, 2)))
    return found


def _places(text: str, pattern: re.Pattern[str]) -> list[Finding]:
    """Addresses: anchored on 路…号 / 小区…栋, widened left over the place name."""
    found = []
    for m in pattern.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 6 and PLACE_CHAR.match(text, start - 1):
            start -= 1
        lead = LIVES_AT.match(text, start, m.start())
        start = lead.end() if lead else start
        value = text[start : m.end()].rstrip()
        found.append(Finding("address", start, start + len(value), value, mask_middle(value, 2, 1)))
    return found


def _birth_dates(text: str) -> list[Finding]:
    """A full date (year, month, day) next to 出生/生日 is a birth date."""
    found = []
    for cue in BIRTH_CUE.finditer(text):
        lo, hi = max(0, cue.start() - 20), min(len(text), cue.end() + 25)
        for m in DATE.finditer(text, lo, hi):
            if _real_date(*m.groups()):
                found.append(Finding("birth_date", m.start(), m.end(), m.group(), f"{m.group(1)}年**月**日"))
    return found


def _classes(text: str) -> list[Finding]:
    """初二（3）班: the grade is kept in the masked value, the class number hidden."""
    found = []
    for end in CLASS_END.finditer(text):
        lo = max(0, end.start() - 12)
        m = next((m for m in CLASS_NO.finditer(text, lo, end.end()) if m.end() == end.end()), None)
        if m is None:
            continue
        value = m.group()
        number = CLASS_DIGITS.search(value)
        masked = value[: number.start()] + "*" * len(number.group()) + value[number.end() :] if number else mask_middle(value)
        found.append(Finding("class_no", m.start(), m.end(), value, masked, WARNING))
    return found


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """One finding per span: the first found (numbers before labels before places) wins."""
    kept: list[Finding] = []
    for finding in found:
        if not any(k.start < finding.end and finding.start < k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
