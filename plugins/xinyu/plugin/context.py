"""Template context: plain data for Jinja templates (they build all HTML and escape it)."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from ..content.comments import comment_fields, is_creator_field, paragraphs
from ..content.entry import Entry, Person
from ..content.schema import Schema
from ..content.site import SiteSpec
from ..index import SiteIndex, explicit_related
from ..index.facets import Facet, award_sort_key
from .pages import PageSpec

FILE_KINDS = {
    "pdf": ("PDF", "pdf"),
    "doc": ("Word", "word"),
    "docx": ("Word", "word"),
    "ppt": ("PPT", "ppt"),
    "pptx": ("PPT", "ppt"),
    "xls": ("Excel", "excel"),
    "xlsx": ("Excel", "excel"),
    "mp4": ("视频", "video"),
    "mp3": ("音频", "audio"),
    "png": ("图片", "image"),
    "jpg": ("图片", "image"),
    "jpeg": ("图片", "image"),
    "gif": ("图片", "image"),
    "webp": ("图片", "image"),
    "zip": ("压缩包", "zip"),
}


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


class Card(Mapping):
    """A card (see :func:`card`) shared by every page of a build that shows it: read like a dict by the
    templates; written once for the page cache's keys (``printed``, see plugin.outputs)."""

    __slots__ = ("data", "printed", "frozen")

    def __init__(self, data: dict[str, Any], frozen: str | None = None):
        self.data, self.printed, self.frozen = data, None, frozen

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self):
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class CardCache:
    """Each item's card rendered once per link it needs, and reused on every listing with that link.

    A case appears on ten or so taxonomy pages; its card's only page-dependent part is the
    relative link to the item, the same from every page whose relative path to the item is the
    same (all of ``cases/grade/*/``, say); so one rendering serves them all. The link, not the
    page's depth, is the key: ``courses/`` and ``parents/`` are equally deep but link to a
    course differently. The card is still the overridable template ``xinyu/partials/card.html``.

    ``keep`` (``serve``): one CardCache lives across rebuilds, so that a listing re-renders only the
    cards whose item changed. The key of a rendered card is then everything our card template reads (the
    card's values, the link, ``show_collection``); a site's own card template may read more (the item
    itself), so with one nothing is kept from one build to the next. What a build did not use is dropped
    at the next :meth:`begin`; the cards made (:meth:`card`, keyed by ids) are never kept.

    Under ``serve`` a card's values are kept too (``values``), by the item's key, the digest of its Markdown
    and the facets' fields, while ``version`` is the same: the digest of the site's data files,
    configuration, templates and item-check key (plugin.site_version, batch.site_key), which is all a
    card's values are made from beside the item's Markdown.
    """

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self.rendered: dict[tuple, Markup] = {}
        self.made: dict[tuple, Card] = {}
        self.used: set[tuple] = set()
        self.source: str | None = None
        self.version = ""  # set by the plugin each build (serve)
        self.values: dict[tuple, tuple[dict, str | None]] = {}  # serve: an earlier build's cards (without their item)
        self.fresh: dict[tuple, Card] = {}  # this build's, by what they are made from
        self.kept = None  # plugin.outputs.PageOutputs: rendered cards from the build cache (a build, not serve)
        self.page = None  # the page whose listing's cards were last asked of the build cache at once

    def begin(self, env, ours: Path) -> None:
        """Before a build's pages render: ``env`` is its Jinja environment, ``ours`` the folder of our templates."""
        self.made = {}  # keyed by ids of this build's objects: an earlier build's ids may be anyone's now
        self.page = None
        if self.fresh:  # the last build's cards, without its items (they would stay in memory)
            self.values = {k: _values(c, self.values.get(k)) for k, c in self.fresh.items()}
            self.fresh = {}
        source = our_source(env, CARD_TEMPLATE, ours)  # None: the site's own card template may read more than the card's values
        if not self.keep or source is None or source != self.source:
            self.rendered = {}
        self.rendered = {k: v for k, v in self.rendered.items() if k in self.used}
        self.used, self.source = set(), source

    def card(self, entry: Entry, index: SiteIndex, facets: list[Facet]) -> Card:
        """:func:`card`, made once a build for an item and a collection's facets: every listing showing it
        shares it. A new CardCache each build (the key holds ids: unique only while the build's objects live)."""
        key = (id(entry), tuple(map(id, facets)))
        found = self.made.get(key)
        if found is not None:
            return found
        if not self.keep or not entry.digest or not self.version:
            found = self.made[key] = Card(card(entry, index, facets))
            return found
        made_of = (self.version, entry.key, entry.digest, tuple((f.key, f.field) for f in facets))
        kept = self.values.get(made_of)
        found = Card({**kept[0], "entry": entry}, kept[1]) if kept is not None else Card(card(entry, index, facets))
        self.made[key] = self.fresh[made_of] = found
        return found

    @pass_context
    def render(self, context, c: dict, show_collection: bool = False) -> Markup:
        link = context.environment.filters["url"](context, c["url"])  # what the card's link is from this page
        values = _frozen(c) if self.keep else c.get("role")
        key = (c["entry"].key, values, link, context.get("base_url"), bool(show_collection))
        html = self.rendered.get(key)
        if html is None:
            html = self._stored(context, c, key[2:])
            if html is None:
                template = context.environment.get_template(CARD_TEMPLATE)
                html = Markup(template.render(context.get_all() | {"c": c, "show_collection": show_collection}))
                if self.kept is not None and isinstance(c, Card):
                    self.kept.card_rendered(c, key[2:], html)
            self.rendered[key] = html
        self.used.add(key)
        return html

    def _stored(self, context, c: Mapping, variant: tuple) -> Markup | None:
        """A card rendered by an earlier build with the same link (``variant``: link, base_url, show_collection):
        the first card of a page asks for all of its listing's cards at once."""
        if self.kept is None or not isinstance(c, Card):
            return None
        page = context.get("page")
        if page is not self.page:
            self.page, url = page, context.environment.filters["url"]
            listing = [x for x in context.get("listing") or () if isinstance(x, Card)]
            self.kept.ask_cards([(x, (url(context, x["url"]), *variant[1:])) for x in listing])
        return self.kept.stored_card(c, variant)


CARD_TEMPLATE = "xinyu/partials/card.html"


def our_source(env, name: str, ours: Path) -> str | None:
    """The source of template ``name`` when the one the theme finds is ours (in the folder ``ours``), else None: a
    site's own, which may read more than ours does, or none (it fails where it is rendered, as before)."""
    try:
        source, found, _ = env.loader.get_source(env, name)
    except Exception:  # noqa: BLE001 - not found, or a loader that cannot say
        return None
    return source if found is not None and Path(found).resolve() == ours.resolve() / name else None


def _values(c: Card, kept: tuple | None) -> tuple[dict[str, Any], str | None]:
    """A card's values without its item, for the next build: those it was made from when it was made from kept ones
    (the same values under the same key; copying thousands of cards' values every rebuild cost more)."""
    if kept is not None:
        return kept if kept[1] is not None else (kept[0], c.frozen)
    return {n: v for n, v in c.data.items() if n != "entry"}, c.frozen


def _frozen(c: Mapping) -> str:
    """A card's values (not its item object) as a key: their repr, complete for the text, numbers, dates and lists they are
    (made once for a :class:`Card`)."""
    if isinstance(c, Card):
        if c.frozen is None:
            c.frozen = _frozen(c.data)
        return c.frozen
    return repr([(k, v) for k, v in c.items() if k != "entry"])


def site_context(index: SiteIndex, site: SiteSpec, is_serve: bool) -> dict[str, Any]:
    """Available on every page (home, navigation, banners)."""
    problems = index.library.problems() if is_serve else []
    return {
        "index": index,
        "collections": list(index.collections.values()),
        "problems": [p for p in problems if p.is_error][:50],
        "preview": is_serve,  # a contributor previewing their edit, not a reader
        "person_url": index.person_url,
        "card": card,
        "counts": index.counts,
        "newest": index.newest,
        "awarded": index.awarded,
    }


def page_context(spec: PageSpec, index: SiteIndex, site: SiteSpec, cards: CardCache | None = None) -> dict[str, Any]:
    """``cards``: the build's cards, shared by every page that shows one (made here without it)."""
    make = cards.card if cards is not None else card
    out: dict[str, Any] = {"spec": spec}
    if spec.kind == "item" and spec.entry is not None:
        out["item"] = item_view(spec.entry, index, site, make)
    elif spec.kind == "collection" and spec.collection is not None:
        out["listing"] = [make(e, index, spec.collection.facets) for e in spec.collection.entries]
        out["groups"] = _groups(out["listing"], spec.collection, index)
        out["facets"] = [facet_view(f) for f in spec.collection.facets]
    elif spec.kind == "term" and spec.facet is not None:
        entries = spec.facet.values.get(spec.value or "", [])
        if spec.facet.key in ("series", "event"):
            entries = in_programme_order(entries)
        out["listing"] = [make(e, index, spec.collection.facets if spec.collection else []) for e in entries]
    elif spec.kind == "facet" and spec.facet is not None:
        out["facet"] = facet_view(spec.facet)
    elif spec.kind == "people":
        out["people"] = sorted(index.people.values(), key=lambda p: (-len(p.works), p.person.name))
    elif spec.kind == "round":
        out["round"] = spec.extra["round"]
    elif spec.kind == "person" and spec.person is not None:
        # 成果 (what they made) and 点评 (what they only commented on) apart, as on their groups' pages
        out["works"] = [dict(make(e, index, []), role=role) for role, e in spec.person.made]
        out["reviewed"] = [dict(make(e, index, []), role=role) for role, e in spec.person.reviewed]
    return out


def facet_view(facet: Facet) -> dict[str, Any]:
    return {
        "key": facet.key,
        "label": facet.label,
        "values": [{"value": v, "slug": facet.slugs[v], "count": len(facet.values[v])} for v in facet.ordered_values()],
        "aliases": facet.aliases(),
    }


def card(entry: Entry, index: SiteIndex, facets: list[Facet]) -> dict[str, Any]:
    """What a listing shows of an item, and the facet values the browser filters on."""
    data = entry.data
    award = data.get("award") or {}
    return {
        "entry": entry,
        "url": entry.url,
        "title": entry.title,
        "summary": data.get("summary", ""),
        "date": data.get("date", ""),
        "year": entry.year,
        "collection": index.collections[entry.collection].spec.label,
        "school": data.get("school", ""),
        "people": _people_names(entry),
        "badges": [v for k in ("type", "kind", "level", "status_of_work") if (v := data.get(k))],
        "grade": data.get("grade") or [],
        "topics": data.get("topics") or [],
        "award": f"{award.get('year', '')}{award.get('level', '')}{award.get('rank', '')}" if award else "",
        "award_order": "".join(str(n) for n in award_sort_key(entry)[:2]) if award else "99",
        "facet_values": {f.key: f.of(entry) for f in facets},
    }


def _people_names(entry: Entry) -> list[str]:
    """Everyone named on an item (authors, speakers, leaders), each once."""
    return list(dict.fromkeys(p.name for key, people in entry.people.items() if is_creator_field(key) for p in people))


def _groups(listing: list[dict], col, index: SiteIndex) -> list[tuple[str, list[dict]]]:
    """Group cards by the collection's ``group_by`` fields (year by default), in vocabulary order."""
    groups: dict[str, list[dict]] = {}
    for item in listing:
        entry = item["entry"]
        parts = [entry.year if name == "year" else str(entry.data.get(name) or "") for name in col.spec.group_by]
        label = " · ".join(p for p in parts if p) or "其他"
        groups.setdefault(label, []).append(item)
    if col.spec.group_by == ["year"]:
        return sorted(groups.items(), key=lambda kv: kv[0], reverse=True)
    order = {}
    for name in col.spec.group_by:
        prop = index.library.schemas[col.spec.name].properties.get(name, {})
        terms = index.library.vocabulary.lists.get(prop.get("x-vocabulary", ""))
        order[name] = {t: i for i, t in enumerate(terms.terms)} if terms else {}

    def rank(label: str) -> tuple:
        parts = label.split(" · ")
        return tuple(order.get(name, {}).get(part, 99) for name, part in zip(col.spec.group_by, parts, strict=False))

    return sorted(groups.items(), key=lambda kv: rank(kv[0]))


def item_view(entry: Entry, index: SiteIndex, site: SiteSpec, make_card=None) -> dict[str, Any]:
    """Everything the item page shows beside the rendered body (``make_card``: how its related items' cards are made)."""
    make = make_card or card
    col = index.collections[entry.collection]
    schema = index.library.schemas[entry.collection]
    data = entry.data
    rows = []
    said, fields = _row_fields(schema)
    for key, prop in fields:
        if key not in data:
            continue
        value = data[key]
        if key in entry.people:
            rows.append({"key": key, "label": prop.get("title", key), "people": [person_view(p, index) for p in entry.people[key]]})
            continue
        if key == "award" and isinstance(value, dict):
            value = f"{value.get('year', '')}年 {value.get('level', '')}{value.get('rank', '')}".strip("年 ")
        facet = col.facet(key)
        values = value if isinstance(value, list) else [value]
        terms = index.library.vocabulary.lists.get(prop.get("x-vocabulary", ""))  # the vocabulary names a controlled field
        rows.append(
            {
                "key": key,
                "label": terms.label if terms else prop.get("title", key),
                "values": [
                    {
                        "text": str(v),
                        "url": f"{col.spec.prefix}/{facet.key}/{facet.slugs[str(v)]}/" if facet and str(v) in facet.slugs else None,
                    }
                    for v in values
                ],
            }
        )
    prev, nxt = index.neighbours.get(entry.key, (None, None))
    named = explicit_related(index, entry)  # shown once, as 关联资源, not again among 相关
    media = {k: a for a in entry.attachments for k in ("video", "slides") if a.field.startswith(k)}
    return {
        "entry": entry,
        "collection": col,
        "rows": rows,
        "summary": data.get("summary", ""),
        "award": data.get("award"),
        "attachments": [attachment_view(a, entry) for a in entry.attachments],
        "video": attachment_view(media["video"], entry) if "video" in media else None,
        "related": [make(e, index, []) for e in index.related.get(entry.key, []) if e not in named],
        "cross": [make(e, index, []) for e in named],
        "prev": prev,
        "next": nxt,
        "citation": citation(entry, index),
        "speakers": [person_view(p, index) for p in entry.people.get("speakers", [])],
        "series": series_view(entry, col),
        "comments": [comments_view(entry, key, schema.properties[key], index) for key in said if data.get(key)],
        "source_path": entry.rel,
    }


NOT_IN_ROWS = frozenset(
    (
        "title",
        "summary",
        "attachments",
        "status",
        "related",
        "privacy_allow",
        "anonymized",
        "pseudonyms",
        "video",
        "slides",
        "speakers",
        "consent",
    )
)
_ROW_FIELDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _row_fields(schema: Schema) -> tuple[list[str], list[tuple[str, dict]]]:
    """A schema's comment fields, and the fields an item page lists in its rows (in the schema's order): once a
    schema, not once an item page (a schema is not changed after it is loaded)."""
    found = _ROW_FIELDS.get(schema)
    if found is None:
        said = comment_fields(schema.properties)
        fields = [(k, p) for k, p in schema.properties.items() if k not in NOT_IN_ROWS and k not in said]
        found = _ROW_FIELDS[schema] = (said, fields)
    return found


def in_programme_order(entries: list[Entry]) -> list[Entry]:
    """Lessons of a series and talks of a forum: by ``order``, then date."""
    return sorted(entries, key=lambda e: (e.data.get("order") or 999, str(e.data.get("date", ""))))


def series_view(entry: Entry, col) -> dict[str, Any] | None:
    """The lessons of this item's series in order, for the lesson page's series box."""
    facet = col.facet("series")
    name = entry.data.get("series")
    if facet is None or not name or name not in facet.values:
        return None
    lessons = in_programme_order(facet.values[name])
    return {
        "name": name,
        "url": f"{col.spec.prefix}/series/{facet.slugs[name]}/",
        "lessons": [
            {"title": e.title, "url": e.url, "order": e.data.get("order"), "duration": e.data.get("duration"), "current": e is entry}
            for e in lessons
        ],
    }


def comments_view(entry: Entry, key: str, prop: dict[str, Any], index: SiteIndex) -> dict[str, Any]:
    """One comments field (专家点评): its heading from the schema, each comment with its author linked."""
    items = []
    for comment in entry.data.get(key) or []:
        person, _ = index.library.registry.lookup(str(comment.get("by", "")))
        by = person_view(person, index) if person else {"name": str(comment.get("by", "")), "url": None, "title": "", "affiliation": ""}
        items.append({"by": by, "title": comment.get("title") or "", "paragraphs": paragraphs(comment.get("text", ""))})
    return {"key": key, "label": prop.get("title", key), "items": items}


def person_view(person: Person, index: SiteIndex) -> dict[str, Any]:
    return {"name": person.name, "url": index.person_url(person), "title": person.title, "affiliation": person.affiliation or person.school}


def attachment_view(attachment, entry: Entry) -> dict[str, Any]:
    label, icon = FILE_KINDS.get(attachment.extension, (attachment.extension.upper() or "文件", "file"))
    return {
        "title": attachment.title,
        "file": attachment.file,
        "url": entry.url + attachment.href,
        "size": human_size(attachment.size),
        "kind": label,
        "icon": icon,
        "extension": attachment.extension,
    }


def citation(entry: Entry, index: SiteIndex) -> str:
    """引用格式, in the style of GB/T 7714 for a grey-literature item."""
    names = "，".join(_people_names(entry)) or "佚名"
    col = index.collections[entry.collection].spec.label
    school = entry.data.get("school") or entry.data.get("event") or ""
    where = f"［{col}］. {school}，" if school else f"［{col}］. "
    return f"{names}. {entry.title}{where}{entry.data.get('date', '')}."
