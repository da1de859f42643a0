"""Atom feeds of new items: one for the whole library, one per collection.

Written from the site index rather than by mkdocs-rss-plugin: that plugin dates
pages from git history or page meta and walks MkDocs' page list, while our
items are generated pages whose date is the contract's ``date`` field and whose
metadata (summary, authors, topics) is already normalised here. Pure code: no
MkDocs import, so it is testable alone.

Links are absolute (built from ``site_url``), as feed readers require; a site
without ``site_url`` gets no feeds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..content.entry import Entry
from . import SiteIndex

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50  # entries per feed: readers only need what is new
TIMEZONE = "+08:00"  # contract dates are local dates in China
LIBRARY_FEED = "feed.xml"
UNDATED = "1970-01-01T00:00:00Z"  # Atom requires a date; an undated feed or entry gets the epoch
# Characters XML 1.0 forbids (control characters other than tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ET.register_namespace("", ATOM)


@dataclass
class Feed:
    """One feed file: where it goes (relative to the site root) and what it lists."""

    path: str
    title: str
    page: str  # the HTML page the feed mirrors, relative to the site root
    entries: list[Entry]


def collection_feed_path(prefix: str) -> str:
    return f"{prefix.strip('/')}/feed.xml"


def feeds_of(index: SiteIndex, site_name: str, limit: int = LIMIT) -> list[Feed]:
    """The library feed, then one feed per collection, newest items first."""
    out = [Feed(LIBRARY_FEED, f"{site_name}：最新条目", "", index.newest(limit))]
    for col in index.collections.values():
        out.append(
            Feed(
                collection_feed_path(col.spec.prefix),
                f"{site_name}：{col.spec.label}",
                f"{col.spec.prefix.strip('/')}/",
                col.entries[:limit],
            )
        )
    return out


def atom_date(date: object) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` as an RFC 3339 timestamp at local midnight."""
    text = str(date or "")
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3) or "01"
    return f"{year}-{month}-{day}T00:00:00{TIMEZONE}"


def feed_xml(feed: Feed, index: SiteIndex, site_url: str) -> bytes:
    """The Atom document of one feed, as UTF-8 bytes with an XML declaration."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    page_url = urljoin(base, feed.page)
    _text(root, "id", page_url)
    _text(root, "title", feed.title)
    dates = [d for d in (atom_date(e.data.get("date")) for e in feed.entries) if d]
    _text(root, "updated", max(dates) if dates else UNDATED)  # never the build's clock: same sources, same bytes
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": urljoin(base, feed.path)})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page_url})
    ET.SubElement(root, f"{{{ATOM}}}generator").text = "xinyu"
    for entry in feed.entries:
        _entry(root, entry, index, base)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _entry(root: ET.Element, entry: Entry, index: SiteIndex, base: str) -> None:
    node = ET.SubElement(root, f"{{{ATOM}}}entry")
    url = urljoin(base, entry.url)
    _text(node, "id", url)
    _text(node, "title", entry.title)
    date = atom_date(entry.data.get("date")) or UNDATED
    _text(node, "published", date)
    _text(node, "updated", date)
    ET.SubElement(node, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
    for person in (p for people in entry.people.values() for p in people):
        _text(ET.SubElement(node, f"{{{ATOM}}}author"), "name", person.name)
    col = index.collections[entry.collection].spec
    categories = [col.label] + [str(v) for key in ("grade", "topics") for v in _as_list(entry.data.get(key))]
    for term in dict.fromkeys(categories):
        ET.SubElement(node, f"{{{ATOM}}}category", {"term": _clean(term)})
    if entry.data.get("summary"):
        _text(node, "summary", str(entry.data["summary"]))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = _clean(text)
    return node


def _clean(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else ([value] if value else [])


def write_feeds(index: SiteIndex, site_dir: Path, *, site_url: str, site_name: str, limit: int = LIMIT) -> list[str]:
    """Write every feed under ``site_dir``; returns their paths relative to it (none without site_url)."""
    if not site_url:
        return []
    written = []
    for feed in feeds_of(index, site_name, limit):
        target = Path(site_dir) / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed_xml(feed, index, site_url))
        written.append(feed.path)
    return written
