"""What a build leaves out, and which once-published items it would lose: nothing drops silently.

``summary`` is the one Chinese paragraph a build ends with (items and pages left out,
drafts, withdrawals). ``lost_items`` compares the items of an earlier catalog (the
previous build's ``catalog.json``, or the items a git version publishes) with what
the library publishes now, and says why each missing one is missing; a withdrawn
item is not lost, it was taken down on purpose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .entry import Entry
from .library import Library


@dataclass(frozen=True)
class Lost:
    """An item that was published and is not any more."""

    collection: str
    slug: str
    url: str
    title: str
    reason: str
    withdrawn: bool = False

    @property
    def line(self) -> str:
        return f"{self.url}《{self.title}》：{self.reason}"


def read_catalog(path: Path) -> list[dict] | None:
    """The items of a catalog.json, or None when there is none (or it is not one)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8")).get("items")
    except (OSError, ValueError, AttributeError):
        return None
    return [i for i in items if isinstance(i, dict) and i.get("collection") and i.get("slug")] if isinstance(items, list) else None


def published_records(library: Library) -> list[dict]:
    """The catalog keys of what a library publishes (for comparing two versions of a site)."""
    return [{"collection": e.collection, "slug": e.slug, "url": e.url, "title": e.title} for e in library.published()]


def lost_items(previous: list[dict], library: Library) -> list[Lost]:
    """Items of ``previous`` that the library does not publish now, each with the reason."""
    now = {e.key: e for e in library.all_entries()}
    published = {e.key for e in library.published()}
    lost = []
    for item in previous:
        key = f"{item['collection']}/{item['slug']}"
        if key in published:
            continue
        entry = now.get(key)
        url = str(item.get("url") or f"{item['collection']}/{item['slug']}/")
        title = str(item.get("title") or item["slug"])
        reason = _why(entry) if entry is not None else _why_missing(library, str(item["collection"]), str(item["slug"]))
        lost.append(Lost(str(item["collection"]), str(item["slug"]), url, title, reason, bool(entry and entry.withdrawn)))
    return lost


def _why_missing(library: Library, collection: str, slug: str) -> str:
    """No item any more: a problem at its place (a link, an index.MD) says why, else it is gone."""
    spec = library.site.collections.get(collection)
    if spec is not None:
        place = f"{spec.source.strip('/')}/{slug}"
        found = [p for p in library.site_problems if p.path == place or p.path.startswith((place + "/", place + "."))]
        if found:
            return f"有错误——{found[0].format()}"
    return "条目文件夹或文件已不在（删除、改名或移动了）"


def _why(entry: Entry) -> str:
    if entry.withdrawn:
        return f"已撤下（{entry.data.get('withdrawn_date') or '未写撤下日期'}）"
    if entry.draft:
        return "改成了草稿（status: draft）"
    errors = [p for p in entry.problems if p.is_error]
    first = errors[0]
    more = f"等 {len(errors)} 个错误" if len(errors) > 1 else ""
    return f"有错误{more}——{first.format()}"


def summary(library: Library) -> tuple[list[str], int]:
    """The end-of-build lines, in Chinese (how many items were published, what was left out, by name),
    and how many items and pages were left out because of errors."""
    entries = library.all_entries()
    broken = [e for e in entries if not e.valid and not e.withdrawn]
    drafts = [e for e in entries if e.valid and e.draft]
    withdrawn = [e for e in entries if e.withdrawn]
    pages = [p for p in library.docs.values() if not p.publishable]
    lines = [f"共 {len(entries)} 个条目，发布 {len(library.published())} 个。"]
    if broken or pages:
        lines.append(f"有 {len(broken) + len(pages)} 个条目或页面因错误没有发布（原因见上面的逐条说明）：")
        lines += [f"  - {e.rel}：{_fields(e)}" for e in sorted(broken, key=lambda e: e.rel)]
        lines += [f"  - {p.rel}：{_fields(p)}" for p in sorted(pages, key=lambda p: p.rel)]
    if drafts:
        lines.append(f"{len(drafts)} 个草稿不发布：" + "、".join(e.rel for e in drafts))
    if withdrawn:
        lines.append(f"{len(withdrawn)} 个已撤下的条目不发布（列在 withdrawn.json）：" + "、".join(e.key for e in withdrawn))
    return lines, len(broken) + len(pages)


def _fields(item) -> str:
    fields = list(dict.fromkeys(p.field for p in item.problems if p.is_error))
    return "、".join(fields[:5]) + ("等" if len(fields) > 5 else "")
