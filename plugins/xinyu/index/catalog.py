"""Exports for tools and the guidance centre: catalog.json (output contract) and catalog.csv."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from ..content.comments import comment_fields
from ..content.entry import Entry
from . import SiteIndex
from .groups import GroupPage

LIST_FIELDS = ("grade", "topics", "tags", "authors", "audience")
SKIP = {"status", "privacy_allow", "consent"}  # consent: who keeps the forms is for reviewers, not readers


def record(entry: Entry, index: SiteIndex) -> dict[str, Any]:
    """One published item's normalised metadata; multi-valued fields always lists."""
    item: dict[str, Any] = {"collection": entry.collection, "slug": entry.slug, "url": entry.url}
    said = comment_fields(index.library.schemas[entry.collection].properties)
    for key, value in entry.data.items():
        if key in SKIP:
            continue
        if key in ("attachments", "video", "slides"):
            continue
        if key in said:
            item[key] = [comment_record(c, index) for c in value]
            continue
        if entry.people.get(key) is not None:
            item[key] = [p.name for p in entry.people[key]]
            item[f"{key}_ids"] = [p.id for p in entry.people[key]]
            continue
        item[key] = value
    for key in said:
        item.setdefault(key, [])
    for key in LIST_FIELDS:
        if key in item and not isinstance(item[key], list):
            item[key] = [item[key]]
        item.setdefault(key, [])
    item["year"] = entry.year
    item["attachments"] = [{"file": a.file, "title": a.title, "size": a.size, "url": entry.url + a.href} for a in entry.attachments]
    return item


def comment_record(comment: dict[str, Any], index: SiteIndex) -> dict[str, Any]:
    """One 专家点评 with ``by`` as a name and ``by_id`` (the registry id, or null), like ``authors``."""
    person, _ = index.library.registry.lookup(str(comment.get("by", "")))
    name = person.name if person else str(comment.get("by", ""))
    return {"by": name, "by_id": person.id if person else None, "title": str(comment.get("title") or ""), "text": str(comment.get("text", ""))}


def records(index: SiteIndex) -> list[dict[str, Any]]:
    """Every published item's record, in catalog order: made once, read by catalog.json and catalog.csv."""
    return [record(e, index) for e in index.entries()]


def catalog_json(index: SiteIndex, items: list[dict[str, Any]] | None = None) -> str:
    out: dict[str, Any] = {"items": records(index) if items is None else items}
    if index.groups:
        out["groups"] = [group_record(page, index) for page in index.groups.values()]
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def group_record(page: GroupPage, index: SiteIndex) -> dict[str, Any]:
    """One group of the registry: people as names and ids (like ``authors``), its page's URL, its items."""
    group = page.group
    spec = index.library.site.programme.groups
    return {
        "id": group.id, "name": group.name, "kind": group.kind, "url": f"{spec.prefix}/{group.id}/",
        "host": group.host.name if group.host else None, "host_id": group.host.id if group.host else None,
        "members": [p.name for p in group.members], "members_ids": [p.id for p in group.members],
        "period": group.period, "description": group.description, "items": [e.url for e in page.works],
    }


def withdrawn_json(index: SiteIndex) -> str:
    """Items taken down (``status: withdrawn``): where each was and when, nothing of what it said.

    Schools holding an offline copy and mirrors delete ``<prefix>/<slug>/`` for each record.
    """
    items = [{"collection": e.collection, "slug": e.slug, "date": e.data.get("withdrawn_date")}
             for e in sorted(index.library.all_entries(), key=lambda e: e.key) if e.withdrawn]
    return json.dumps({"items": items}, ensure_ascii=False, indent=1)


CSV_COLUMNS = [("collection", "集合"), ("slug", "目录名"), ("title", "标题"), ("summary", "摘要"), ("date", "日期"), ("year", "年份"),
               ("type", "案例类型"), ("kind", "资源类型"), ("series", "系列"), ("event", "活动"), ("level", "课题级别"),
               ("status_of_work", "研究状态"), ("audience", "适用对象"), ("grade", "学段"), ("topics", "主题"), ("tags", "标签"), ("authors", "作者"),
               ("speakers", "主讲人"), ("leaders", "课题负责人"), ("school", "学校"), ("award", "获奖"), ("url", "网址")]


def catalog_csv(index: SiteIndex, site_url: str = "", items: list[dict[str, Any]] | None = None) -> str:
    """A table that opens correctly in Excel (the caller writes it as UTF-8 with BOM).

    With ``site_url`` the 网址 column is absolute, so it can be clicked in Excel.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    labels = {name: spec.label for name, spec in index.library.site.collections.items()}
    base = site_url.rstrip("/") + "/" if site_url else ""
    for item in records(index) if items is None else items:
        row = []
        for key, _ in CSV_COLUMNS:
            value = item.get(key, "")
            if key == "collection":
                value = labels.get(value, value)
            elif key == "award" and isinstance(value, dict):
                value = "".join(str(value.get(k, "")) for k in ("year", "level", "rank"))
            elif key == "url":
                value = base + value
            elif isinstance(value, list):
                value = "、".join(map(str, value))
            row.append(_safe_cell(str(value)))
        writer.writerow(row)
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # full-width forms: an IME converts them


def _safe_cell(text: str) -> str:
    """Keep Excel from running a cell as a formula (CSV injection): such a cell starts with a quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def statistics(index: SiteIndex) -> dict[str, Any]:
    """Counts a district report needs: by collection, school, year and case type."""
    entries = index.entries()
    return {
        "total": len(entries),
        "by_collection": {n: len(c.entries) for n, c in index.collections.items()},
        "by_school": dict(Counter(str(e.data.get("school")) for e in entries if e.data.get("school")).most_common()),
        "by_year": dict(sorted(Counter(e.year for e in entries if e.year).items())),
        "by_type": dict(Counter(str(e.data.get("type")) for e in entries if e.data.get("type")).most_common()),
    }


STAT_SECTIONS = [("by_collection", "集合"), ("by_school", "学校"), ("by_year", "年份"), ("by_type", "案例类型")]


def statistics_csv(index: SiteIndex) -> str:
    """The counts of ``statistics`` as one table for a district report: 分类, 项目, 数量."""
    stats = statistics(index)
    labels = {name: spec.label for name, spec in index.library.site.collections.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["分类", "项目", "数量"])
    writer.writerow(["合计", "全部条目", stats["total"]])
    for key, label in STAT_SECTIONS:
        for value, count in stats[key].items():
            writer.writerow([label, _safe_cell(labels.get(value, value) if key == "by_collection" else str(value)), count])
    return out.getvalue()
