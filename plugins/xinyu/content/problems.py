"""Problems found in content: one located, actionable message each."""

from __future__ import annotations

import bisect
import difflib
import itertools
import json
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# Field names for problems that belong to no front-matter key (command contract).
FILE = "文件"
META = "元数据"
SLUG = "目录名"
BODY = "正文"
DIGITS = re.compile(r"\d+")
DIGIT = re.compile(r"\d")


# Characters that change how a terminal, a CI log or a web page shows the text around them instead of
# showing themselves: controls (ANSI escapes, \r, \b), format characters (bidi overrides U+202A–202E
# and U+2066–2069, zero-width U+200B–200F and U+2060, BOM), line/paragraph separators, surrogates;
# and the Hangul fillers, which are letters but show as nothing.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
_BLANK = re.compile("[" + "".join(sorted(BLANK_LETTERS)) + "]")  # one search in C, not a generator over the four


def shown(text: str, keep: str = "") -> str:
    """``text`` with every hidden character written visibly (``\\x1b``, ``\\u202e``, ``\\r``), ``keep`` excepted.

    The one helper for any message that quotes contributors' text: a value can then neither
    colour, move or overwrite a terminal line, reverse what follows, nor hide a character.
    """
    if not hidden_in(text, keep):
        return text  # the common case, at C speed
    return "".join(_visible(c) if c not in keep and _hidden(c) else c for c in text)


def hidden_in(text: str, keep: str = "\n\t") -> list[str]:
    """The hidden characters in ``text`` (as :func:`shown` writes them: ``\\u202e``), each once, ``keep`` excepted."""
    probe = text
    for c in keep:
        probe = probe.replace(c, "")
    if probe.isprintable() and not _BLANK.search(probe):
        return []  # the common case, at C speed: isprintable() is False for every hidden category (and for Zs but " ")
    return list(dict.fromkeys(_visible(c) for c in probe if _hidden(c)))


def without_hidden(text: str, keep: str = "\n\t") -> str:
    """``text`` without its hidden characters (``keep`` excepted)."""
    return "".join(c for c in text if c in keep or not _hidden(c)) if hidden_in(text, keep) else text


def unknown_field(key: str, known: Iterable[str]) -> str:
    """A key no reader knows, as the contributor wrote it, with the nearest known one (or all of them)."""
    known = list(known)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"您是不是想写 {close[0]}？" if close else f"可用的字段：{'、'.join(known)}。"
    return f"未知字段“{key}”。{hint}"


def _hidden(c: str) -> bool:
    return c in BLANK_LETTERS or unicodedata.category(c) in HIDDEN_CATEGORIES


def _visible(c: str) -> str:
    return c.encode("unicode_escape").decode("ascii")  # \\x1b, \\u202e, \\r, \\U000e0041


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is, which field, what to do. Messages are Chinese.

    Field and message quote contributors' text: they are kept as :func:`shown` (one line, nothing
    hidden) for every output at once; the path stays the file's real name (tools use it) and is
    shown so where it is printed (:meth:`format`, :attr:`place`).
    """

    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", shown(str(self.field)))
        object.__setattr__(self, "message", shown(str(self.message)))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def place(self) -> str:
        """The file as a message shows it."""
        return shown(self.path)

    def format(self) -> str:
        return f"{self.place}:{self.line}: {self.field}: {self.message}"


_SEVERITY = operator.attrgetter("severity")


def has_error(problems: Iterable[Problem]) -> bool:
    """Whether any of ``problems`` is an error (at C speed: asked of every item's problems, every build)."""
    return ERROR in map(_SEVERITY, problems)


def count_errors(problems: Iterable[Problem]) -> int:
    return list(map(_SEVERITY, problems)).count(ERROR)


def warning(path: str, line: int, field: str, message: str) -> Problem:
    """An advisory finding; by contract its message starts with 警告：."""
    if not message.startswith("警告："):
        message = "警告：" + message
    return Problem(path, line, field, message, WARNING)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By file, line, field, then message with its numbers as numbers: 第 6 列 before 第 25 列.

    The last result is kept: ``serve`` sorts nearly the same problems at every rebuild (tens of
    thousands on a big site), so only the ones that came or went are placed (the key is a total order:
    the same list as a whole sort)."""
    found = frozenset(problems)
    last, ordered = _LAST
    gone, new = last - found, found - last
    if len(gone) + len(new) > len(found) // 8:
        ordered = _sorted(found)
    else:
        ordered = [p for p in ordered if p not in gone] if gone else list(ordered)
        for problem in new:
            bisect.insort(ordered, problem, key=_order)
    _LAST[:] = [found, ordered]
    return list(ordered)


_LAST: list = [frozenset(), []]  # the last sort_problems: its problems and their order


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    """``sorted(problems, key=_order)``: by place first (a key of plain values, at C speed), then only the problems
    that share a place (file, line, field) by the rest of the order (messages with numbers as numbers)."""
    out: list[Problem] = []
    for _place, group in itertools.groupby(sorted(problems, key=_PLACE), key=_PLACE):
        same = list(group)
        out += sorted(same, key=_order) if len(same) > 1 else same
    return out


_PLACE = operator.attrgetter("path", "line", "field")


def _order(p: Problem) -> tuple:
    """The key of the order, worked out once a problem and kept with it (pickled too: see :func:`keyed`)."""
    key = p.__dict__.get(_KEY)
    if key is None:
        key = p.__dict__[_KEY] = (p.path, p.line, p.field, _numbers_as_numbers(p.message), p.message, p.severity)
    return key


_KEY = "_order"  # not a field: equality, hashing, asdict and replace() do not see it


def keyed(problems: list[Problem]) -> None:
    """Work out now the order of the problems that share a place (file, line, field) with another of them: the ones
    :func:`sort_problems` orders by message. Called where an item is checked (a worker), so that a check or build
    that loads the item from the cache finds the keys already made (a name warning names its column: 第 6 列 …)."""
    places = Counter(map(_PLACE, problems))
    for problem in problems:
        if places[_PLACE(problem)] > 1:
            _order(problem)


def _numbers_as_numbers(text: str) -> str:
    """``text`` written so that comparing two such texts compares their numbers by value (第 6 列 before 第 25 列),
    as comparing the texts split into words and numbers would. Each number becomes NUL, its count of digits (leading
    zeros left out) as one character, and those digits: NUL is below any character a message holds (a Problem's
    text is :func:`shown`: no control character), so a number sorts before any text in its place, as a shorter
    word before a longer one. No conversion to int: a message may quote a contributor's 5,000-digit value."""
    return DIGITS.sub(_number_key, text) if DIGIT.search(text) else text


def _number_key(match: re.Match) -> str:
    digits = match.group()
    if not digits.isascii():  # full-width digits, or another script's: the same values
        digits = "".join(str(unicodedata.digit(c)) for c in digits)
    digits = digits.lstrip("0")
    return "\0" + chr(min(len(digits), 0x10FFFF)) + digits


def to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
