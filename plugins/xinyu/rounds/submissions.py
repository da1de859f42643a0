"""The submissions of a round: items of its collection whose front matter says ``round: <name>``."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.entry import Entry
from ..content.library import Library
from .config import Round
from .state import RoundState


@dataclass
class Submission:
    code: str
    entry: Entry

    @property
    def school(self) -> str:
        return str(self.entry.data.get("school") or "")

    @property
    def authors(self) -> list[str]:
        return [p.name for people in self.entry.people.values() for p in people if p.name]


def submissions(library: Library, round_: Round) -> list[Entry]:
    """Every item of the round (drafts and items with errors too), by slug."""
    entries = library.entries.get(round_.collection, [])
    return sorted((e for e in entries if str(e.data.get("round", "")) == round_.name), key=lambda e: e.slug)


def assign_codes(entries: list[Entry], round_: Round, state: RoundState) -> list[Submission]:
    """Codes like 2025-017: existing ones kept, new submissions numbered after the highest."""
    taken = [int(c.rsplit("-", 1)[-1]) for c in state.codes if c.rsplit("-", 1)[-1].isdigit()]
    number = max(taken, default=0)
    out = []
    for entry in entries:
        code = state.code_of(entry.key)
        if code is None:
            number += 1
            code = f"{round_.year}-{number:03d}"
            state.codes[code] = entry.key
        out.append(Submission(code, entry))
    return sorted(out, key=lambda s: s.code)


def unknown_rounds(library: Library) -> None:
    """An item that names a round (``round: 2099``) the site does not configure is in no round: a warning at its line,
    with the rounds there are (a typo would otherwise leave a case out of the selection without a word)."""
    from ..content.problems import warning
    from ..content.source import written_key
    from .config import configured

    names = [written_key(name) for name in configured(library.site)]
    for entry in library.all_entries():
        value = entry.data.get("round")
        if value in (None, "") or str(value) in names:
            continue
        known = f"本站配置的评选：{'、'.join(names)}" if names else "本站还没有配置任何评选（mkdocs.yml 的 rounds）"
        message = f"评选“{value}”没有配置（{known}），这个案例不在任何评选里。请核对名称；不参加评选时删去 round 这一行。"
        entry.problems.append(warning(entry.rel, entry.line_of("round"), "round", message))
