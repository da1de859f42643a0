"""The index's text encodings, shared with search.js: term hash, posting lists, data files.

Every data file is a small JavaScript file that hands its JSON to the page
(``__xinyuSearchData("<key>", {...})``), so it loads with a ``<script>`` tag
over HTTP and from ``file://`` alike (``fetch`` of local files is refused there).
Postings are plain ASCII inside JSON strings: gzip gains little on them, so the
bytes a browser transfers hardly depend on whether the server compresses.
"""

from __future__ import annotations

import json
from operator import sub

# A number is written in base 32, most significant digit first: every digit but the
# last from CONT, the last from FINAL, so numbers need no separator.
FINAL = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
CONT = "WXYZabcdefghijklmnopqrstuvwxyz-_"
WEIGHTS = FINAL + CONT  # one character per weight 0..63
CALLBACK = "__xinyuSearchData"


def fnv1a(term: str) -> int:
    """32-bit FNV-1a over the term's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def encode_uint(value: int) -> str:
    digits = []
    while True:
        digits.append(value & 31)
        value >>= 5
        if not value:
            break
    digits.reverse()
    return "".join(CONT[d] for d in digits[:-1]) + FINAL[digits[-1]]


def number_table(size: int) -> list[str]:
    """Codes of 0..size-1, so a whole posting list encodes in one ``map`` at C speed."""
    return [encode_uint(v) for v in range(size)]


def encode_ids(ids: list[int], table: list[str]) -> str:
    """Sorted document ids → first id, then gaps, as self-delimiting base-32 numbers."""
    gaps = [ids[0], *map(sub, ids[1:], ids[:-1])]
    return "".join(map(table.__getitem__, gaps))


def decode_ids(code: str) -> list[int]:
    ids, value, last = [], 0, 0
    for ch in code:
        d = FINAL.find(ch)
        if d < 0:
            value = value * 32 + CONT.index(ch)
            continue
        last = (last + value * 32 + d) if ids else value * 32 + d
        ids.append(last)
        value = 0
    return ids


def encode_weights(weights: list[int]) -> str:
    return "".join(map(WEIGHTS.__getitem__, weights))


def decode_weights(code: str, count: int) -> list[int]:
    return [WEIGHTS.index(ch) for ch in code] if code else [1] * count


def data_file(key: str, payload: object) -> str:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f'{CALLBACK}("{key}",{body});\n'


def read_data_file(text: str) -> tuple[str, object]:
    """The inverse of :func:`data_file` (tests and the Python searcher use it)."""
    head = f'{CALLBACK}("'
    if not text.startswith(head):
        raise ValueError("not a xinyu search data file")
    key_end = text.index('",', len(head))
    body = text[key_end + 2 : text.rindex(");")]
    return text[len(head) : key_end], json.loads(body)
