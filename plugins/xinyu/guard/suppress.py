"""Reviewed false positives: inline markers in the body and allow lists.

An inline marker is an HTML comment, visible in review and dropped from the
built page by the sanitiser::

    <!-- xinyu-allow: 陶行知 -->            a value (a name, a number)
    <!-- xinyu-allow: 电话 -->              a kind (姓名 电话 邮箱 地址 …)
    <!-- xinyu-allow -->                    every personal-data finding

It applies to its own line and to the line after it. The front-matter list
``privacy_allow`` and the site allow file take values (not kinds: a kind for a
whole item or site would switch its check off unseen) for the whole item / the
whole site. Unsafe HTML can never be allowed.

A name can also be allowed by its token, ``张**#3fa1`` (masked name and a short
hash): the line a finding's message tells the contributor to paste, so that the
check's output never holds the whole name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .files import read_list_file
from .findings import Finding, LineMap, mask_name
from .patterns import fold_characters

MARKER = re.compile(r"<!--\s*xinyu-allow\b\s*:?(.*?)-->", re.S)
SEPARATORS = re.compile(r"[,，、;；\s]+")
KIND_WORDS = {
    "姓名": {"name"},
    "人名": {"name"},
    "名字": {"name"},
    "身份证": {"id_card"},
    "身份证号": {"id_card"},
    "电话": {"mobile", "landline"},
    "手机": {"mobile"},
    "手机号": {"mobile"},
    "固定电话": {"landline"},
    "座机": {"landline"},
    "邮箱": {"email"},
    "电子邮箱": {"email"},
    "email": {"email"},
    "qq": {"qq"},
    "微信": {"wechat"},
    "学号": {"student_no"},
    "地址": {"address"},
    "住址": {"address"},
    "出生日期": {"birth_date"},
    "生日": {"birth_date"},
    "班级": {"class_no"},
}
PRIVACY_KINDS = frozenset(k for kinds in KIND_WORDS.values() for k in kinds)


def normalise(value: str) -> str:
    """A value as compared: no spaces, dashes or brackets, lower case, traditional characters as simplified (a finding's
    value is in the detector's folded text: 張曉明 is found as 张晓明)."""
    return re.sub(r"[\s\-()（）]", "", fold_characters(value)).lower()


def allow_token(name: str) -> str:
    """张小明 → 张**#1a2b: names one name to allow without writing it out (16 bits: a guess stays a guess)."""
    return f"{mask_name(name)}#{hashlib.blake2s(name.encode('utf-8'), digest_size=2).hexdigest()}"


@dataclass
class Allowance:
    """What one marker or list allows: values, kinds, or everything."""

    values: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    everything: bool = False

    @classmethod
    def of(cls, items: Iterable[str], kinds_allowed: bool = True) -> Allowance:
        allowance = cls()
        for item in items:
            word = normalise(str(item))
            if kinds_allowed and word in KIND_WORDS:
                allowance.kinds |= KIND_WORDS[word]
            elif word:
                allowance.values.add(word)
        return allowance

    def covers(self, finding: Finding) -> bool:
        if finding.kind not in PRIVACY_KINDS:
            return False
        if self.everything or finding.kind in self.kinds or normalise(finding.value) in self.values:
            return True
        return finding.kind == "name" and normalise(allow_token(finding.value)) in self.values  # (Wang Zihan → w*********#…)


@dataclass
class Markers:
    """Inline markers of a body: by 0-based line, and their spans (not scanned)."""

    by_line: dict[int, Allowance] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def covers(self, finding: Finding, line_index: int) -> bool:
        return any(a.covers(finding) for i in (line_index, line_index - 1) if (a := self.by_line.get(i)))

    def blank(self, text: str) -> str:
        """The text with markers replaced by spaces, so a marker's own words are not findings."""
        for start, end in self.spans:
            text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
        return text


def find_markers(text: str, lines: LineMap) -> Markers:
    markers = Markers()
    if "xinyu-allow" not in text:
        return markers
    for m in MARKER.finditer(text):
        words = [w for w in SEPARATORS.split(m.group(1).strip()) if w]
        allowance = Allowance.of(words) if words else Allowance(everything=True)
        last_line = lines.line_index(m.end() - 1)
        markers.by_line[last_line] = allowance
        markers.spans.append((m.start(), m.end()))
    return markers


_site_lists: dict[tuple[str, int], list[str]] = {}


COMMENT = re.compile(r"(?:^|\s)#")  # a comment starts a line or follows a space: 张**#3fa1 is a token, not a comment


def read_allow_file(path: Path) -> list[str]:
    """The site allow list: one value a line, `` #`` starts a comment. Cached by mtime."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return []
    key = (str(path), stamp)
    if key not in _site_lists:
        text = read_list_file(path)  # never through a link (to a secret, or to /dev/zero)
        values = (COMMENT.split(line, 1)[0].strip() for line in text.splitlines())
        _site_lists[key] = [value for value in values if value]
    return _site_lists[key]
