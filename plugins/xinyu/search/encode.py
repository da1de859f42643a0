"""The index's text encodings, shared with search.js: term hash, posting lists, data files.

Every data file is a small JavaScript file that hands its JSON to the page
(``__xinyuSearchData("<key>", {...})``), so it loads with a ``<script>`` tag
over HTTP and from ``file://`` alike (``fetch`` of local files is refused there).

A posting (item id, weight 0..63) is the number ``id * 64 + weight`` written with a fixed
number of digits (``width``, in ``meta.js``: 3 up to 12,167 items) in base 92, digits being
the printable ASCII characters that need no escaping in a JSON string. A term's posting list
is its postings in id order, concatenated. Fixed width lets the writer append each posting's
bytes as it reads the items (no encoding pass per term) and the browser decode with
arithmetic alone; a posting costs ``width`` bytes.
"""

from __future__ import annotations

import json
from itertools import islice, product

DIGITS = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"\\')  # 92 characters
BASE = len(DIGITS)
WEIGHT_SLOTS = 64  # weights 0..63 (0: a facet term, which has no weight)
CALLBACK = "__xinyuSearchData"
_VALUE = {ch: i for i, ch in enumerate(DIGITS)}


def fnv1a(term: str) -> int:
    """32-bit FNV-1a over the term's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def posting_width(doc_count: int) -> int:
    """Digits a posting needs so that every ``id * 64 + weight`` fits."""
    width, limit = 1, BASE
    while limit < max(doc_count, 1) * WEIGHT_SLOTS:
        width, limit = width + 1, limit * BASE
    return width


def encode_posting(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, digit = divmod(value, BASE)
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


def item_codes(doc_id: int, width: int) -> list[bytes]:
    """The 64 postings of one item (weights 0..63), as ASCII bytes, indexed by weight."""
    base = doc_id * WEIGHT_SLOTS
    return [encode_posting(base + w, width).encode("ascii") for w in range(WEIGHT_SLOTS)]


def posting_table(doc_count: int, width: int) -> list[bytes]:
    """Every posting of ``doc_count`` items as ASCII bytes, indexed by ``id * 64 + weight``.

    Fixed-width base-92 numbers in order are the ``width``-fold product of the digits in order,
    so the table is made in C with no arithmetic per posting.
    """
    digits = [ch.encode("ascii") for ch in DIGITS]
    return list(map(b"".join, islice(product(digits, repeat=width), doc_count * WEIGHT_SLOTS)))


def encode_postings(postings: list[tuple[int, int]], width: int) -> str:
    """[(id, weight)] in id order → the posting list's string (tests and small callers)."""
    return "".join(encode_posting(i * WEIGHT_SLOTS + w, width) for i, w in postings)


def decode_postings(code: str, width: int) -> list[tuple[int, int]]:
    """A posting list's string → [(id, weight)] (search.js does the same)."""
    out = []
    for start in range(0, len(code), width):
        value = 0
        for ch in code[start : start + width]:
            value = value * BASE + _VALUE[ch]
        out.append(divmod(value, WEIGHT_SLOTS))
    return out


def script_json(value: object) -> str:
    """Compact JSON for a script file; U+2028/U+2029 (valid JSON, but line ends in older JavaScript) as escapes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def data_file(key: str, payload: object) -> str:
    return f'{CALLBACK}("{key}",{script_json(payload)});\n'


def read_data_file(text: str) -> tuple[str, object]:
    """The inverse of :func:`data_file` (tests and the Python searcher use it)."""
    head = f'{CALLBACK}("'
    if not text.startswith(head):
        raise ValueError("not a xinyu search data file")
    key_end = text.index('",', len(head))
    body = text[key_end + 2 : text.rindex(");")]
    return text[len(head) : key_end], json.loads(body)
