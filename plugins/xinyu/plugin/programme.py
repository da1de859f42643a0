"""The programme's generated pages (groups, audience pages such as 给家长, the statistics page) and the home's live counts.

Which of them exist, their titles and their URLs come from the plugin options
(``content.programme``); a page with nothing to show is not generated.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..content.entry import Entry
from ..content.groups import KIND_LIST
from ..index import SiteIndex
from ..index.groups import GroupPage, memberships
from ..index.report import annual_tables
from .context import card, person_view
from .pages import PageSpec

STATISTICS_WORKBOOK = "statistics.xlsx"


def programme_pages(index: SiteIndex) -> list[tuple[str, PageSpec]]:
    """(src_uri, spec) of every programme page this site has data for."""
    spec = index.library.site.programme
    out: list[tuple[str, PageSpec]] = []
    if spec.groups is not None and index.groups:
        shown = [(g.id, g.group.name, [p.person.id for p in g.people], [e.key for e in g.works]) for g in index.groups.values()]
        out.append((f"{spec.groups.prefix}/index.md", PageSpec("groups", spec.groups.label, "xinyu/groups.html", extra={"inputs": shown})))
        for page in index.groups.values():
            inputs = [page.group, [(e.key, e.title, e.digest) for e in page.works + page.reviewed]]
            out.append((f"{spec.groups.prefix}/{page.id}/index.md", PageSpec("group", page.group.name, "xinyu/group.html", extra={"group": page, "inputs": inputs})))
    for audience in spec.audience_pages:
        entries = audience_entries(index, audience.term)
        if entries:
            extra = {"audience": audience, "entries": entries, "inputs": [(e.key, e.title, e.digest) for e in entries]}
            out.append((f"{audience.prefix}/index.md", PageSpec("audience", audience.title, "xinyu/audience.html", extra=extra)))
    if has_statistics_page(index):
        extra = {"inputs": annual_tables(index)}  # what it shows (made for the workbook anyway): an edit that changes none of its figures does not render it
        out.append((f"{spec.statistics.prefix}/index.md", PageSpec("statistics", spec.statistics.title, "xinyu/statistics.html", extra=extra, internal=True)))
    return out


def has_statistics_page(index: SiteIndex) -> bool:
    return index.library.site.programme is not None and index.library.site.programme.statistics is not None and bool(index.entries())


def audience_entries(index: SiteIndex, term: str) -> list[Entry]:
    """Published items of every collection written for this audience, newest first."""
    found = [e for e in index.entries() if term in (e.data.get("audience") or [])]
    return sorted(found, key=lambda e: (str(e.data.get("date", "")), e.slug), reverse=True)


def programme_context(spec: PageSpec, index: SiteIndex) -> dict[str, Any]:
    """The template data of one programme page."""
    if spec.kind == "groups":
        return {"group_kinds": groups_by_kind(index)}
    if spec.kind == "group":
        page: GroupPage = spec.extra["group"]
        groups = index.library.site.programme.groups
        # Each member's counts by role cover items this page lists (成果 or 点评), as their own page does.
        people = [dict(person_view(p.person, index), role=page.role(p.person.id), roles=p.role_counts()) for p in page.people]
        return {
            "group": page.group, "members": people, "count": len(page.works), "index_title": groups.label, "index_url": f"{groups.prefix}/",
            "sections": [(label, [card(e, index, []) for e in group]) for label, group in _grouped(page.works, index)],
            "reviewed": [card(e, index, []) for e in page.reviewed],
        }
    if spec.kind == "audience":
        entries = spec.extra["entries"]
        return {"audience": spec.extra["audience"], "sections": [(label, [card(e, index, []) for e in group]) for label, group in _grouped(entries, index)]}
    if spec.kind == "collection" and spec.collection is not None:
        return {"round_results": round_links(index, spec.collection.spec.name)}
    if spec.kind == "statistics":
        return {"tables": annual_tables(index), "workbook": STATISTICS_WORKBOOK}
    if spec.kind == "person" and spec.person is not None and index.groups:
        prefix = index.library.site.programme.groups.prefix
        found = memberships(index.groups, spec.person.person.id)
        return {"person_groups": [{"name": g.group.name, "kind": g.group.kind, "role": role, "url": f"{prefix}/{g.id}/"} for g, role in found]}
    return {}


def groups_by_kind(index: SiteIndex) -> list[tuple[str, list[dict[str, Any]]]]:
    """Groups in the order of their kinds' vocabulary, then the registry's."""
    vocabulary = index.library.vocabulary
    order = {t: i for i, t in enumerate(vocabulary[KIND_LIST].terms)} if KIND_LIST in vocabulary else {}
    prefix = index.library.site.programme.groups.prefix
    kinds: dict[str, list[dict[str, Any]]] = {}
    for page in index.groups.values():
        group = page.group
        host = person_view(group.host, index) if group.host else None
        kinds.setdefault(group.kind or "其他", []).append(
            {"name": group.name, "url": f"{prefix}/{group.id}/", "host": host, "members": len(page.people), "works": len(page.works), "period": group.period}
        )
    return sorted(kinds.items(), key=lambda kv: order.get(kv[0], len(order)))


def _grouped(entries: list[Entry], index: SiteIndex) -> list[tuple[str, list[Entry]]]:
    out: dict[str, list[Entry]] = {}
    for name, col in index.collections.items():
        mine = [e for e in entries if e.collection == name]
        if mine:
            out[col.spec.label] = mine
    return list(out.items())


def home_programme(index: SiteIndex) -> dict[str, Any]:
    """Live counts for the home page: groups and members, items per collection and year, audience pages, latest winners."""
    spec = index.library.site.programme
    groups = None
    if spec.groups is not None and index.groups:
        members = {p.person.id for g in index.groups.values() for p in g.people}
        kinds = [(kind, len(items)) for kind, items in groups_by_kind(index)]
        groups = {"label": spec.groups.label, "url": f"{spec.groups.prefix}/", "count": len(index.groups), "members": len(members), "kinds": kinds}
    audiences = [{"title": a.title, "url": f"{a.prefix}/", "count": len(n)} for a in spec.audience_pages if (n := audience_entries(index, a.term))]
    return {"groups": groups, "years": years_table(index), "audiences": audiences, "winners": latest_winners(index)}


def years_table(index: SiteIndex) -> dict[str, Any]:
    """Items of each collection per year (cases per year, training sessions per year …), newest year first, with links."""
    years = sorted({e.year for e in index.entries() if e.year}, reverse=True)[:6]
    rows = []
    for col in index.collections.values():
        if not col.entries:
            continue
        facet = col.facet("year")
        counts = Counter(e.year for e in col.entries)
        cells = [{"count": counts[y], "url": f"{col.spec.prefix}/year/{facet.slugs[y]}/" if facet and y in facet.slugs else None} for y in years]
        rows.append({"label": col.spec.label, "url": f"{col.spec.prefix}/", "cells": cells})
    return {"years": years, "rows": rows}


def round_links(index: SiteIndex, collection: str) -> list[dict[str, str]]:
    """The results pages of the rounds held in this collection, newest first (its index page links them)."""
    from ..rounds.publish import round_views

    views = [v for v in round_views(index.library).values() if v["collection_name"] == collection]
    return [{"title": v["title"], "url": f"rounds/{v['name']}/"} for v in sorted(views, key=lambda v: v["title"], reverse=True)]


def latest_winners(index: SiteIndex) -> dict[str, Any] | None:
    """The latest selection round with results (its results page, ``rounds/<name>/``), or None before any."""
    from ..rounds.config import load_round
    from ..rounds.publish import round_views

    views = round_views(index.library)
    if not views:
        return None
    name = max(views, key=lambda n: (load_round(index.library.site, n).year, n))
    view = views[name]
    return {
        "title": view["title"], "url": f"rounds/{name}/", "in_notice": view["in_notice"],
        "groups": [(g["award"], [{"title": i.get("title", ""), "school": i.get("school", ""), "url": i["url"]} for i in g["items"]]) for g in view["groups"] if g["items"]],
        "waiting": view["waiting"],  # winners not published yet: only counted (a draft appears nowhere)
    }
