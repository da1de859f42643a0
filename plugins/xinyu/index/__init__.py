"""The site index: built once from a loaded library, read by every page.

Facet counts, taxonomy pages, related items, people pages, previous/next and the
catalog all come from this one pass, so no page rescans the corpus.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..content.comments import is_creator_field
from ..content.entry import Entry, Person
from ..content.library import Library, suggest_slug
from ..content.site import CollectionSpec
from .facets import Facet, award_sort_key, group, parse_facet
from .facets import name as name_values
from .groups import GroupPage, group_pages
from .memo import IndexMemo
from .related import related_items

if TYPE_CHECKING:
    from ..pipeline.store import Store

ROLES = {"authors": "作者", "speakers": "主讲", "leaders": "负责人", "trainers": "授课"}
COMMENT_ROLE = "点评"


def role_label(people_field: str) -> str:
    """What a person did on an item, from the field that names them (comments: 点评)."""
    return ROLES.get(people_field) or (COMMENT_ROLE if not is_creator_field(people_field) else people_field)


@dataclass
class CollectionIndex:
    """One collection's published entries, newest first, and its facets."""

    spec: CollectionSpec
    entries: list[Entry]
    facets: list[Facet]

    def facet(self, key: str) -> Facet | None:
        return next((f for f in self.facets if f.key == key), None)


@dataclass
class PersonPage:
    """A registry person and their work across collections."""

    person: Person
    slug: str
    works: list[tuple[str, Entry]] = field(default_factory=list)  # (roles joined by 、, entry)
    roles_of: dict[str, list[str]] = field(default_factory=dict)  # entry key → every role the person had in it

    @property
    def made(self) -> list[tuple[str, Entry]]:
        """成果: the items they wrote, gave, led or taught (not those they only commented on)."""
        return [(role, e) for role, e in self.works if self.roles_of.get(e.key) != [COMMENT_ROLE]]

    @property
    def reviewed(self) -> list[tuple[str, Entry]]:
        """The items they only commented on (专家点评)."""
        return [(role, e) for role, e in self.works if self.roles_of.get(e.key) == [COMMENT_ROLE]]

    def role_counts(self) -> list[tuple[str, int]]:
        """Items per role, in the order of ROLES then 点评 (作者 3, 点评 1): an item counts once for each role."""
        counts = Counter(role for roles in self.roles_of.values() for role in roles)
        order = [*ROLES.values(), COMMENT_ROLE]
        return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order) - 1, kv[0]))


@dataclass
class SiteIndex:
    library: Library
    collections: dict[str, CollectionIndex]
    by_key: dict[str, Entry]
    related: dict[str, list[Entry]]
    backlinks: dict[str, list[Entry]]
    neighbours: dict[str, tuple[Entry | None, Entry | None]]
    people: dict[str, PersonPage]
    groups: dict[str, GroupPage] = field(default_factory=dict)  # the groups registry's pages, in its order
    # What more than one page or file of a build derives from the whole index (the annual tables: the statistics
    # page and statistics.xlsx), made once; an index is never changed once built.
    made: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def entries(self) -> list[Entry]:
        return [e for c in self.collections.values() for e in c.entries]

    def newest(self, n: int = 8) -> list[Entry]:
        return sorted(self.entries(), key=lambda e: str(e.data.get("date", "")), reverse=True)[:n]

    def awarded(self, n: int = 6) -> list[Entry]:
        return sorted((e for e in self.entries() if e.data.get("award")), key=award_sort_key)[:n]

    def counts(self, field_name: str) -> list[tuple[str, int]]:
        """Items per value of a field across every collection (vocabulary order where known)."""
        counter: Counter[str] = Counter()
        for entry in self.entries():
            value = entry.year if field_name == "year" else entry.data.get(field_name)
            for v in value if isinstance(value, list) else ([value] if value else []):
                counter[str(v)] += 1
        if field_name == "year":
            return sorted(counter.items())
        terms = self.library.vocabulary.lists.get(field_name)
        if terms:
            return [(t, counter[t]) for t in terms.terms if counter[t]]
        return counter.most_common()

    def person_url(self, person: Person) -> str | None:
        return f"people/{self.people[person.id].slug}/" if person.id and person.id in self.people else None


def build_index(library: Library, store: Store | None = None) -> SiteIndex:
    """One pass over the published entries; ``store``: the build cache, for what an earlier build computed (index.memo)."""
    memo = IndexMemo(store)
    collections: dict[str, CollectionIndex] = {}
    for name, spec in library.site.collections.items():
        entries = sorted(library.published(name), key=lambda e: (str(e.data.get("date", "")), e.slug), reverse=True)
        if not entries:
            continue  # a collection with nothing published has no section, feed or catalog rows
        facets = [parse_facet(f, library, name) for f in spec.facets]
        for facet in facets:
            group(facet, entries)
        collections[name] = CollectionIndex(spec, entries, facets)
    every = [value for col in collections.values() for facet in col.facets for value in facet.values]
    slugs = memo.slugs(every, suggest_slug)
    for col in collections.values():
        for facet in col.facets:
            name_values(facet, slugs)
    by_key = {e.key: e for c in collections.values() for e in c.entries}
    related: dict[str, list[Entry]] = {}
    neighbours: dict[str, tuple[Entry | None, Entry | None]] = {}
    for col in collections.values():
        related.update(related_items(col.entries, memo=memo))
        for i, entry in enumerate(col.entries):
            neighbours[entry.key] = (col.entries[i - 1] if i else None, col.entries[i + 1] if i + 1 < len(col.entries) else None)
    backlinks: dict[str, list[Entry]] = {}
    for entry in by_key.values():
        for ref in entry.data.get("related") or []:
            if ref in by_key:
                backlinks.setdefault(ref, []).append(entry)
    people = _people(library, by_key)
    memo.finish()
    return SiteIndex(library, collections, by_key, related, backlinks, neighbours, people, group_pages(library.groups, people, list(by_key.values())))


def _people(library: Library, by_key: dict[str, Entry]) -> dict[str, PersonPage]:
    pages = {pid: PersonPage(p, pid) for pid, p in library.registry.people.items()}
    for entry in by_key.values():
        roles: dict[str, list[str]] = {}  # one listing per work, with every role the person had in it
        for role_field, people in entry.people.items():
            for person in people:
                if person.id in pages and role_label(role_field) not in roles.setdefault(person.id, []):
                    roles[person.id].append(role_label(role_field))
        for pid, names in roles.items():
            pages[pid].works.append(("、".join(names), entry))
            pages[pid].roles_of[entry.key] = names
    return pages


def explicit_related(index: SiteIndex, entry: Entry) -> list[Entry]:
    """Items this entry names in ``related:`` and items that name it, without repeats."""
    seen, out = {entry.key}, []
    for other in [index.by_key.get(r) for r in entry.data.get("related") or []] + index.backlinks.get(entry.key, []):
        if other is not None and other.key not in seen:
            seen.add(other.key)
            out.append(other)
    return out


__all__ = ["SiteIndex", "CollectionIndex", "Facet", "build_index", "explicit_related", "suggest_slug"]
