"""A finding of the guard, before it becomes a located Problem, and value masking.

Masking is applied when a finding is made, so that no later stage (messages,
logs, JSON for CI) ever holds the whole personal value.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing found in a piece of text: its kind, where, and the masked value.

    ``value`` is kept only to match suppression markers and allow lists; it is
    never put into a message.
    """

    kind: str
    start: int
    end: int
    value: str
    masked: str
    severity: str = ERROR
    detail: str = ""


def mask_middle(value: str, keep_start: int = 1, keep_end: int = 1) -> str:
    """Keep a few characters at both ends, star the rest; at least half is always hidden."""
    n = len(value)
    while keep_start + keep_end > n // 2 and keep_start + keep_end > 0:
        if keep_end > 0 and keep_end >= keep_start:
            keep_end -= 1
        else:
            keep_start -= 1
    return value[:keep_start] + "*" * (n - keep_start - keep_end) + value[n - keep_end :] * bool(keep_end)


def mask_name(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧***: the surname alone identifies nobody."""
    return name[:1] + "*" * (len(name) - 1)


def mask_email(address: str) -> str:
    """zhang.wei@example.com → z***@example.com."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


class LineMap:
    """Offsets in a text to (line, column), both 1-based, with ``first_line`` for line 1."""

    def __init__(self, text: str, first_line: int = 1):
        self.first_line = first_line
        self._starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = find("\n", pos + 1)

    def locate(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.first_line + index, offset - self._starts[index] + 1

    def line_index(self, offset: int) -> int:
        """0-based line number of an offset."""
        return bisect.bisect_right(self._starts, offset) - 1
