"""Files written after the build: catalog.json, catalog.csv, statistics, search index."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ..index import SiteIndex
from ..index.catalog import catalog_csv, catalog_json, statistics
from ..index.feeds import write_feeds

log = get_plugin_logger(__name__)


def write_all(index: SiteIndex, site_dir: Path, *, search: bool, site_url: str | None = None, site_name: str = "") -> None:
    (site_dir / "catalog.json").write_text(catalog_json(index), encoding="utf-8")
    # UTF-8 with BOM so that Excel on Windows opens the Chinese text correctly.
    (site_dir / "catalog.csv").write_text(catalog_csv(index), encoding="utf-8-sig", newline="")
    (site_dir / "statistics.json").write_text(json.dumps(statistics(index), ensure_ascii=False, indent=1), encoding="utf-8")
    if search:
        write_search(index, site_dir)
    # Atom feeds need absolute links: without site_url there are none (logged, not an error).
    if not write_feeds(index, site_dir, site_url=site_url or "", site_name=site_name or "心育资源库"):
        log.info("未设置 site_url，不生成订阅源（feed.xml）。")


def write_search(index: SiteIndex, site_dir: Path) -> None:
    try:
        from ..search import SearchDoc, plain_text, write_index
    except ImportError:
        return  # the search package is not there yet
    docs = []
    for name, col in index.collections.items():
        for entry in col.entries:
            data = entry.data
            facets = {f.key: f.of(entry) for f in col.facets}
            facets["collection"] = [name]
            docs.append(SearchDoc(
                url=entry.url, collection=name, collection_label=col.spec.label, title=entry.title,
                summary=str(data.get("summary", "")), text=plain_text(entry.body), facets=facets,
                people=[p.name for people in entry.people.values() for p in people],
                school=str(data.get("school", "")), tags=[str(t) for t in data.get("tags") or []],
            ))
    dictionary = index.library.site.path("data/dictionary.txt")
    stats = write_index(docs, site_dir / "search", dictionary=dictionary if dictionary.is_file() else None)
    log.info(f"搜索索引：{len(docs)} 个条目 {stats if isinstance(stats, dict) else ''}")
