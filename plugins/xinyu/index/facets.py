"""Facets: how items are grouped and filtered (学段, 主题, 年份 …), and their value slugs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..content.entry import Entry
from ..content.library import Library, suggest_slug
from ..content.site import facet_key
from ..content.vocabulary import Terms

# Reading order of award levels and ranks, best first, for sorting by award.
AWARD_ORDER = {t: i for i, t in enumerate(["国家级", "省级", "市级", "区级", "校级"])}
RANK_ORDER = {t: i for i, t in enumerate(["特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"])}


@dataclass
class Facet:
    """One facet of a collection: its URL key, the field it reads, its Chinese label."""

    key: str
    field: str
    label: str
    terms: Terms | None = None
    values: dict[str, list[Entry]] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)

    def of(self, entry: Entry) -> list[str]:
        """The entry's values for this facet, always a list of text."""
        if self.field == "year":
            return [entry.year] if entry.year else []
        value: Any = entry.data
        for part in self.field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or value == "":
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def ordered_values(self) -> list[str]:
        """Vocabulary order for controlled terms, newest first for years, else by count."""
        if self.terms:
            return [t for t in self.terms.terms if t in self.values]
        if self.field == "year":
            return sorted(self.values, reverse=True)
        return sorted(self.values, key=lambda v: (-len(self.values[v]), v))

    def aliases(self) -> dict[str, str]:
        return {a: t for a, t in self.terms.aliases.items() if a != t} if self.terms else {}


def parse_facet(spec: Any, library: Library, collection: str) -> Facet:
    """A facet from config: ``grade``, ``award.level`` or ``{field, key, label}``."""
    field_path = str(spec["field"]) if isinstance(spec, dict) else str(spec)
    key, label = facet_key(spec), spec.get("label") if isinstance(spec, dict) else None
    prop = _property(library, collection, field_path)
    terms = library.vocabulary[prop["x-vocabulary"]] if prop.get("x-vocabulary") in library.vocabulary else None
    label = label or ("年份" if field_path == "year" else (terms.label if terms else prop.get("title", key)))
    return Facet(str(key), field_path, str(label), terms)


def _property(library: Library, collection: str, field_path: str) -> dict:
    prop: dict = {"properties": library.schemas[collection].properties}
    for part in field_path.split("."):
        prop = (prop.get("properties") or {}).get(part) or {}
    return prop


def group(facet: Facet, entries: list[Entry]) -> None:
    """Each value's entries, in the order given."""
    for entry in entries:
        for value in facet.of(entry):
            facet.values.setdefault(value, []).append(entry)


def name(facet: Facet, slugs: dict[str, str]) -> None:
    """Give every value a URL slug (pinyin, unique); ``slugs``: suggest_slug of values made before (index.memo)."""
    taken: set[str] = set()
    for value in facet.ordered_values():
        base = (slugs[value] if value in slugs else suggest_slug(value)) or "v"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        facet.slugs[value] = slug


def award_sort_key(entry: Entry) -> tuple:
    award = entry.data.get("award") or {}
    return (AWARD_ORDER.get(award.get("level"), 9), RANK_ORDER.get(award.get("rank"), 9), -int(award.get("year") or 0))
