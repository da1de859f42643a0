"""The words a no-result query is corrected to, with their pinyin (``pinyin.js``).

A teacher who types 考式焦虑, ``kaoshijiaolv`` or ``ksjl`` should be offered 考试焦虑. The
browser loads this table only when a query finds nothing (or is pinyin), and tries, in order:
pinyin (full or initials) read as a word; a part of the query that sounds like a word (same
pinyin, e.g. 考式 → 考试); a part one character off a word. Words are the dictionary's and the
synonyms' (curated, first), then tags and words of item titles (segmented with jieba), most used
first. Readings come from pypinyin: words in context (银行 → yin hang), characters with all
their readings (the characters of GB 2312 and of the words), so a typo's sound can be matched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .analyze import _NOT_CJK, normalize

MAX_WORDS = 4000  # enough for a district's vocabulary; keeps the file near 100 KB


def pinyin_table(dictionary: Iterable[str], synonyms: list[list[str]], items: list) -> dict:
    """``{"w": [[word, "kao shi jiao lv"], …], "c": {syllable: characters}}``."""
    from pypinyin import Style, lazy_pinyin, pinyin

    words = ranked_words(dictionary, synonyms, items)
    rows = [[w, " ".join(lazy_pinyin(w, style=Style.NORMAL))] for w in words]
    chars = {chr(c) for c in range(0x4E00, 0x9FA6) if len(chr(c).encode("gb2312", "ignore")) == 2}
    chars.update(ch for w in words for ch in w)
    readings: dict[str, list[str]] = {}
    for ch in sorted(chars):
        for syllable in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
            readings.setdefault(syllable, []).append(ch)
    return {"w": rows, "c": {s: "".join(cs) for s, cs in sorted(readings.items())}}


def ranked_words(dictionary: Iterable[str], synonyms: list[list[str]], items: list, limit: int = MAX_WORDS) -> list[str]:
    """Curated words first, then tags and title words; each part most used first."""
    titles = [normalize(d.title) for d in items]
    tags = Counter(normalize(t) for d in items for t in set(d.tags))
    shown = "\n".join(titles + list(tags))
    curated = {w for w in dictionary} | {w for group in synonyms for w in group}
    curated = {w for w in curated if _is_word(w)}
    found = Counter({w: n for w, n in tags.items() if _is_word(w)})
    found.update(w for w in _title_words(titles) if _is_word(w))
    first = sorted(curated, key=lambda w: (-shown.count(w), w))
    rest = [w for w, _ in sorted(found.items(), key=lambda x: (-x[1], x[0])) if w not in curated]
    return (first + rest)[:limit]


def _title_words(titles: list[str]) -> list[str]:
    import rjieba

    return [w for title in titles for w in rjieba.cut(title)]


def _is_word(word: str) -> bool:
    return 2 <= len(word) <= 12 and _NOT_CJK.search(word) is None
