"""Text fields are plain text: markup in any of them is refused by ``check``, at its field and line.

Every page escapes every value anyway (``plugin/escape.py``); this layer tells the contributor,
so that what would have been neutralised is fixed in the source and the reviewer sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# What an HTML parser would read as the start of a tag, a comment or a declaration:
# "<" then a letter, "/", "!" or "?". "成绩<60分", "a < b" and "<<情绪>>" stay text.
MARKUP = re.compile(r"<[A-Za-z/!?]")

Path_ = tuple[str | int, ...]


def markup_in(text: str) -> str | None:
    """The start of the first piece of markup in ``text`` (for the message), or None."""
    if "<" not in text:
        return None
    match = MARKUP.search(text)
    if match is None:
        return None
    end = text.find(">", match.start())
    fragment = text[match.start() : end + 1 if 0 <= end < match.start() + 40 else match.start() + 20]
    return " ".join(fragment.split())


def plain_text_message(label: str, fragment: str) -> str:
    return (
        f"“{label}”是纯文本，不能包含 HTML 标签或注释（这里有“{fragment}”）。请删除尖括号及其中的内容；"
        "要表示“小于”，请在 < 后加一个空格或改用中文。"
    )


def strings(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text value inside a front-matter value, with its path (``speakers``, 0, ``name``)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (str(key),))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, path + (i,))
