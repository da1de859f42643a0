"""rjieba, as the name detector uses it: tokens of one clause with their part of speech, and dictionary look-ups.

Only short clauses around candidates are tagged (cached), so the cost stays a few tagging calls per item.
"""

from __future__ import annotations

import re
from functools import lru_cache

CLAUSE_REACH = 10
CJK_BEFORE = re.compile(rf"[\u4e00-\u9fff]{{0,{CLAUSE_REACH}}}\Z")  # \Z: $ would also match before a final line break
CJK_AFTER = re.compile(rf"[\u4e00-\u9fff]{{0,{CLAUSE_REACH}}}")

Token = tuple[int, int, str, str]  # start, end, word, part of speech


def clause(text: str, pos: int) -> tuple[int, int]:
    """The run of Chinese characters around ``pos``, at most CLAUSE_REACH each side."""
    before = CJK_BEFORE.search(text, max(0, pos - CLAUSE_REACH), pos)
    after = CJK_AFTER.match(text, pos)
    return before.start(), after.end()


@lru_cache(maxsize=1 << 16)  # (asked of most candidates' neighbours: a small cache keeps missing)
def has_word(word: str) -> bool:
    import rjieba

    return rjieba.has_word(word)


@lru_cache(maxsize=8192)
def word_freq(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0 when it is not a dictionary word)."""
    import rjieba

    return rjieba.suggest_freq(word) - 1 if has_word(word) else 0


# Function characters that jieba's model for unknown words glues onto the last character of a name (王子/豪在,
# 白玉/洁是, 晏子/涵在): such a token is split again.
GLUED = frozenset("在是说和的了把被对给从向跟也都就还又很")


@lru_cache(maxsize=4096)
def tag(clause_text: str) -> tuple[Token, ...]:
    """(start, end, word, part of speech) for each token of a clause, by rjieba."""
    import rjieba

    spans, offset = [], 0
    for word, part in rjieba.tag(clause_text):
        end = offset + len(word)
        if end - offset == 2 and word[1] in GLUED and word[0] not in GLUED and not has_word(word):
            spans.append((offset, offset + 1, word[0], "ng"))
            spans.append((offset + 1, end, word[1], rjieba.tag(word[1])[0][1]))
        else:
            spans.append((offset, end, word, part))
        offset = end
    return tuple(spans)
