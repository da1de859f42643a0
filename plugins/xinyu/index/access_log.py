"""Page views and downloads per item and per school, from the web server's access logs (no tracking script).

nginx's default ``combined`` format (Apache's too) is read line by line, ``.gz`` rotations
included. A view is a successful GET (2xx or 304) of an item's page; the same client asking
for the same page again within 30 minutes counts once. A download is a successful GET
(200 or 206) of one of the item's attachments, counted once per client, file and day (PDF
viewers and video players fetch a file in many pieces). Robots and scripts are left out.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from . import SiteIndex
    from .report import Table

LINE_RE = re.compile(
    r'^(?P<client>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<target>\S+)(?: [^"]*)?" (?P<status>\d{3}) \S+'
    r'(?: "[^"]*" "(?P<agent>[^"]*)")?'
)
ROBOTS = re.compile(r"bot|spider|crawl|slurp|curl|wget|python|java/|go-http|headless|monitor|check_http", re.I)
VIEW_WINDOW = dt.timedelta(minutes=30)


@dataclass
class Access:
    """What the logs say about the site's items."""

    views: Counter[str] = field(default_factory=Counter)  # item key → page views
    downloads: Counter[str] = field(default_factory=Counter)  # item key → downloads
    lines: int = 0
    unreadable: int = 0
    robots: int = 0
    files: list[str] = field(default_factory=list)
    first: dt.datetime | None = None
    last: dt.datetime | None = None

    def period(self) -> str:
        return f"{self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d}" if self.first and self.last else "（无记录）"


def targets(index: SiteIndex, base: str) -> dict[str, tuple[str, str]]:
    """Decoded URL path → ("view" or "download", item key), for every page and attachment of the site."""
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    out: dict[str, tuple[str, str]] = {}
    for entry in index.entries():
        page = base + entry.url
        out[page] = out[page + "index.html"] = ("view", entry.key)
        for attachment in entry.attachments:
            out[page + attachment.file] = ("download", entry.key)
    return out


def read_access_logs(paths: list[Path], index: SiteIndex, base: str = "/") -> Access:
    """Count views and downloads in the given log files (plain or .gz), in the order given."""
    known = targets(index, base)
    access = Access(files=[str(p) for p in paths])
    seen_views: dict[tuple[str, str], dt.datetime] = {}
    seen_downloads: set[tuple[str, str, dt.date]] = set()
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                _count(line, known, access, seen_views, seen_downloads)
    return access


def _count(line: str, known: dict, access: Access, seen_views: dict, seen_downloads: set) -> None:
    access.lines += 1
    match = LINE_RE.match(line)
    if match is None:
        access.unreadable += 1
        return
    try:
        when = dt.datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        access.unreadable += 1
        return
    if ROBOTS.search(match["agent"] or ""):
        access.robots += 1
        return
    found = known.get(unquote(urlsplit(match["target"]).path))
    if match["method"] != "GET" or found is None:
        return
    kind, key = found
    status = int(match["status"])
    client = match["client"]
    access.first = min(access.first or when, when)
    access.last = max(access.last or when, when)
    if kind == "view" and (200 <= status < 300 or status == 304):
        last = seen_views.get((client, key))
        if last is None or abs(when - last) > VIEW_WINDOW:
            access.views[key] += 1
        seen_views[(client, key)] = when
    elif kind == "download" and status in (200, 206):
        stamp = (client, match["target"], when.date())
        if stamp not in seen_downloads:
            seen_downloads.add(stamp)
            access.downloads[key] += 1


def access_tables(index: SiteIndex, access: Access) -> list[Table]:
    """Views and downloads per item (most read first) and per school."""
    from .report import OTHER, Table, school_of

    note = (f"统计自 {len(access.files)} 个日志文件（{access.period()}），共 {access.lines} 行，"
            f"其中 {access.unreadable} 行格式无法识别，{access.robots} 次为搜索引擎或程序访问（未计入）。")
    items, schools = [], Counter()
    for col in index.collections.values():
        for entry in col.entries:
            views, downloads = access.views[entry.key], access.downloads[entry.key]
            school = school_of(entry, index) or OTHER
            items.append([col.spec.label, entry.title, school, views, downloads, entry.url])
            schools[(school, "views")] += views
            schools[(school, "downloads")] += downloads
            schools[(school, "items")] += 1
    items.sort(key=lambda row: (-row[3], -row[4], row[1]))
    names = sorted({school for school, _ in schools}, key=lambda s: (-schools[(s, "views")], s))
    rows = [[s, schools[(s, "items")], schools[(s, "views")], schools[(s, "downloads")]] for s in names]
    return [
        Table("views_items", "浏览与下载（按条目）", ["栏目", "标题", "学校", "浏览", "下载", "网址"], items, note),
        Table("views_schools", "浏览与下载（按学校）", ["学校", "条目数", "浏览", "下载"], rows, note),
    ]
