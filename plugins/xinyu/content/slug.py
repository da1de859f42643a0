"""Slugs that read well: the pinyin of a title, cut between words, never inside one.

``高三学生考前失眠：陪他走过睡不着的这一个月`` becomes
``gao-san-xue-sheng-kao-qian-shi-mian`` (the first clause, whole), not
``…-shui-bu-zhe-yi`` (a word cut in half, and 着 read as zhe). Words come from
rjieba, readings from pypinyin, with the few common phrases it reads wrongly fixed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_LENGTH = 40
# Words that make a poor last word of a slug (…-de, …-he): a cut drops them.
WEAK_ENDINGS = {"de", "le", "he", "yu", "ji", "zhi", "yi", "dui", "zai", "ba", "bei", "gei", "ta", "ni", "wo"}
# pypinyin reads 着 as zhe in these; they are zhao.
PHRASES = {
    w: [[s] for s in r.split()]
    for w, r in {
        "睡不着": "shuì bù zháo",
        "睡得着": "shuì de zháo",
        "找不着": "zhǎo bù zháo",
        "用不着": "yòng bù zháo",
        "摸不着": "mō bù zháo",
        "够不着": "gòu bù zháo",
        "着急": "zháo jí",
        "着迷": "zháo mí",
        "着火": "zháo huǒ",
    }.items()
}
_CLAUSE = re.compile(r"[：:，,。；;！!？?、（）()—\-\s]+")  # quotes and 《》 stay inside their clause
_QUOTES = re.compile(r"[《》“”‘’\"'「」]")


@lru_cache(maxsize=1)
def _reader():
    from pypinyin import lazy_pinyin, load_phrases_dict

    load_phrases_dict(PHRASES)
    return lazy_pinyin


def word_syllables(text: str) -> list[list[str]]:
    """Each word of ``text`` as its ASCII syllables (``['gao', 'san']``); punctuation gives ``[]`` (a clause break)."""
    import rjieba

    lazy_pinyin = _reader()
    words: list[list[str]] = []
    for clause in _CLAUSE.split(_QUOTES.sub("", unicodedata.normalize("NFKC", text))):
        for word in rjieba.cut(clause) if clause else []:
            syllables = [s for part in lazy_pinyin(word) for s in re.split(r"[^a-z0-9]+", part.lower()) if s]
            if syllables:
                words.append(syllables)
        words.append([])
    return words


def slug_of(text: str, limit: int = MAX_LENGTH) -> str:
    """A slug of at most ``limit`` characters, cut between words; the first clause whole when it fits well."""
    words = word_syllables(text)
    picked: list[list[str]] = []
    clause_end = 0  # how many words the last complete clause that fits ends after
    for word in words:
        if not word:
            clause_end = len(picked)
        elif _length(picked + [word]) > limit:
            break
        else:
            picked.append(word)
    else:
        return "-".join(s for w in picked for s in w) or _ascii_cut(text, limit)  # it all fits
    if clause_end and _length(picked[:clause_end]) >= limit // 2:
        picked = picked[:clause_end]
    while len(picked) > 1 and "".join(picked[-1]) in WEAK_ENDINGS:
        picked.pop()
    slug = "-".join(s for w in picked for s in w)
    return slug if slug else _ascii_cut(text, limit)


def _length(words: list[list[str]]) -> int:
    return len("-".join(s for w in words for s in w))


def _ascii_cut(text: str, limit: int) -> str:
    """Text without Chinese words: lower-case ASCII, cut at a hyphen."""
    slug = "-".join(p for p in re.split(r"[^a-z0-9]+", text.lower()) if p)
    if len(slug) > limit:
        slug = slug[: limit + 1]
        slug = slug[: slug.rfind("-")] if "-" in slug else slug[:limit]
    return slug.strip("-")
