"""Group pages: a group's people (host first) and their work across every collection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..content.comments import is_creator_field
from ..content.entry import Entry
from ..content.groups import Group

if TYPE_CHECKING:
    from . import PersonPage


@dataclass
class GroupPage:
    """One registered group, as its page shows it."""

    group: Group
    people: list[PersonPage] = field(default_factory=list)  # host first, then members
    works: list[Entry] = field(default_factory=list)  # every published item its people made, newest first
    reviewed: list[Entry] = field(default_factory=list)  # items its people only commented on (none of them made it)

    @property
    def id(self) -> str:
        return self.group.id

    def role(self, person_id: str | None) -> str:
        return "主持人" if self.group.host is not None and self.group.host.id == person_id else "成员"


def group_pages(groups: dict[str, Group], people: dict[str, PersonPage], entries: list[Entry]) -> dict[str, GroupPage]:
    """Pages for every group, in the registry's order; a group's works are the items its people made
    (as authors, speakers, leaders, trainers), then the items they only commented on, listed apart."""
    ordered = sorted(entries, key=lambda e: (str(e.data.get("date", "")), e.slug), reverse=True)
    # each item's makers and everyone named in it, in that order (by position: a key is made anew at each use)
    makers = [{p.id for key, group in e.people.items() if is_creator_field(key) for p in group} for e in ordered]
    everyone = [{p.id for group in e.people.values() for p in group} for e in ordered]
    pages = {}
    for gid, group in groups.items():
        ids = {p.id for p in group.people}
        works = [e for e, made in zip(ordered, makers, strict=True) if made & ids]
        reviewed = [e for e, made, named in zip(ordered, makers, everyone, strict=True) if named & ids and not made & ids]
        pages[gid] = GroupPage(group, [people[p.id] for p in group.people if p.id in people], works, reviewed)
    return pages


def memberships(pages: dict[str, GroupPage], person_id: str | None) -> list[tuple[GroupPage, str]]:
    """The groups a person belongs to, with their role in each (for the people page)."""
    return [(page, page.role(person_id)) for page in pages.values() if any(p.person.id == person_id for p in page.people)]
