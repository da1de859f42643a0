"""Privacy and safety checks on an entry (personal data, unsafe Markdown, attachment policy).

``check_entry`` is called by the content core for every entry after its
front matter is validated; it returns problems (errors or ``警告：`` warnings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..content.entry import Entry
    from ..content.problems import Problem


@dataclass
class GuardContext:
    """What the guard knows beyond the entry: declared names and site options."""

    known_names: set[str] = field(default_factory=set)
    options: dict[str, Any] = field(default_factory=dict)


def check_entry(entry: "Entry", context: GuardContext) -> list["Problem"]:
    """All privacy and safety findings for one entry."""
    return []
