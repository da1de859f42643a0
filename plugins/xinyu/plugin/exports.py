"""Files written after the build: catalog.json, catalog.csv, statistics, search index."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ..content.comments import comments_text
from ..index import SiteIndex
from ..index.catalog import catalog_csv, catalog_json, records, statistics, statistics_csv, withdrawn_json
from ..index.feeds import feeds_of, write_feeds
from ..index.report import annual_tables
from ..index.workbook import build_time, workbook_bytes
from ..pipeline import scratch

log = get_plugin_logger(__name__)
SITE_NAME = "心育资源库"  # the feeds' title when the site has no site_name


def write_all(
    index: SiteIndex,
    site_dir: Path,
    *,
    search: SearchJob | None,
    site_url: str | None = None,
    site_name: str = "",
    later: Callable[..., None] | None = None,
) -> list[str]:
    """``later`` (serve): runs a function after the build, in the background (serving.Later), so that the page
    reloads at once; the catalogs, feeds and workbook follow, and the search index when ready.

    A host site without collections of ours gets no catalog, statistics or feed. Returns the files written
    (relative to ``site_dir``; the search index's folder is not among them).
    """
    ours = bool(index.library.site.collections)
    if ours and not site_url:  # Atom feeds need absolute links: without site_url there are none (logged, not an error)
        log.info("未设置 site_url，不生成订阅源（feed.xml）。")
    written: list[str] = []
    if ours and later is None:
        written = write_exports(index, site_dir, site_url or "", site_name)  # while the search index is made
    elif ours:
        later(write_exports, index, site_dir, site_url or "", site_name)
        feeds = [feed.path for feed in feeds_of(index, site_name or SITE_NAME)] if site_url else []
        written = CATALOGS + workbook_files(index) + feeds
    if search is not None and later is None:
        search.finish(site_dir / "search")
    elif search is not None:
        threading.Thread(target=search.finish, args=(site_dir / "search",), daemon=True).start()
    return written


def write_exports(index: SiteIndex, site_dir: Path, site_url: str, site_name: str) -> list[str]:
    """The catalogs, the statistics workbook and the feeds (none without ``site_url``)."""
    written = write_catalogs(index, site_dir, site_url) + write_workbook(index, site_dir)
    return written + write_feeds(index, site_dir, site_url=site_url, site_name=site_name or SITE_NAME)


def workbook_files(index: SiteIndex) -> list[str]:
    from .programme import STATISTICS_WORKBOOK, has_statistics_page

    return [STATISTICS_WORKBOOK] if has_statistics_page(index) else []


def write_workbook(index: SiteIndex, site_dir: Path) -> list[str]:
    """The statistics page's tables as statistics.xlsx, when the site has the page."""
    names = workbook_files(index)
    if names:
        tables = annual_tables(index)
        when = build_time(str(e.data.get("date", "")) for e in index.entries())
        made_of = repr((tables, when))  # tables of text and numbers: their repr is all they hold
        data = _WORKBOOK.get(made_of) or workbook_bytes(tables, when=when)
        _WORKBOOK.clear()
        _WORKBOOK[made_of] = data
        for name in names:
            (site_dir / name).write_bytes(data)
    return names


# The last workbook by what it was made from: ``serve`` writes it after every rebuild, and an edit seldom changes the
# annual figures (openpyxl took a quarter of a second of each rebuild's background work at 5,000 items).
_WORKBOOK: dict[str, bytes] = {}


CATALOGS = ["catalog.json", "withdrawn.json", "catalog.csv", "statistics.json", "statistics.csv"]


def write_catalogs(index: SiteIndex, site_dir: Path, site_url: str) -> list[str]:
    items = records(index)  # each item's record made once for both catalogs (was twice: ~1.3 s of a rebuild at 5,000)
    (site_dir / "catalog.json").write_text(catalog_json(index, items), encoding="utf-8")
    (site_dir / "withdrawn.json").write_text(withdrawn_json(index), encoding="utf-8")
    # UTF-8 with BOM so that Excel on Windows opens the Chinese text correctly.
    (site_dir / "catalog.csv").write_text(catalog_csv(index, site_url, items), encoding="utf-8-sig", newline="")
    (site_dir / "statistics.json").write_text(json.dumps(statistics(index), ensure_ascii=False, indent=1), encoding="utf-8")
    (site_dir / "statistics.csv").write_text(statistics_csv(index), encoding="utf-8-sig", newline="")
    return CATALOGS


def search_docs(index: SiteIndex, markdown: bool = False) -> list:
    """One SearchDoc per published item (listing and taxonomy pages are never indexed).

    With ``markdown`` the text is left as Markdown for the indexing process to strip,
    so that this process can go on rendering pages; attachments are given by path and
    read there too.
    """
    from ..search import SearchAttachment, SearchDoc, plain_text

    docs = []
    for name, col in index.collections.items():
        for entry in col.entries:
            data = entry.data
            facets = {f.key: f.of(entry) for f in col.facets}
            facets.setdefault("year", [entry.year] if entry.year else [])
            facets["collection"] = [name]
            people = list(dict.fromkeys(p.name for group in entry.people.values() for p in group))
            attachments = [SearchAttachment(a.title or a.file, entry.url + a.href, path=str(a.source)) for a in entry.attachments]
            body = entry.body if markdown else plain_text(entry.body)
            said = comments_text(entry, index.library.schemas[name].properties)  # 专家点评 are found too
            docs.append(
                SearchDoc(
                    url=entry.url,
                    collection=name,
                    collection_label=col.spec.label,
                    title=entry.title,
                    summary=str(data.get("summary", "")),
                    text=f"{body}\n\n{said}" if said else body,
                    facets=facets,
                    people=people,
                    school=str(data.get("school", "")),
                    tags=[str(t) for t in data.get("tags") or []],
                    date=str(data.get("date", "")),
                    attachments=attachments,
                )
            )
    return docs


SITE_PAGE_LABEL = "站内页面"
PEOPLE_LABEL = "作者与名师"


def page_docs(index: SiteIndex, pages: list[tuple[str, str, bytes]], markdown: bool = False) -> list:
    """The site's own pages, searchable after the items: ``pages`` are (src_uri, url, Markdown bytes)
    of the docs/ pages that are not generated (the guide, the about page …), every person's, group's and results page.

    The home page, a page whose front matter says ``search: {exclude: true}`` (Material's
    convention) and a page marked ``internal: true`` are left out; listing and taxonomy pages are generated, so never passed here.
    """
    from ..content.source import read_source
    from ..search import SearchDoc, plain_text

    docs = []
    for src_uri, url, raw in pages:
        source = read_source(raw, src_uri)
        meta = source.front.data if source.front else {}
        if (
            src_uri == "index.md"
            or meta.get("internal") is True
            or (isinstance(meta.get("search"), dict) and meta["search"].get("exclude"))
        ):
            continue
        # the guide's generated field reference is left out: it names every vocabulary term
        heading, body = _split_heading(source.body)
        title = str(meta.get("title") or heading or Path(src_uri).stem)
        docs.append(
            SearchDoc(
                url=url, collection="page", collection_label=SITE_PAGE_LABEL, title=title, text=body if markdown else plain_text(body)
            )
        )
    for person in index.people.values():
        p = person.person
        docs.append(
            SearchDoc(
                url=f"people/{person.slug}/",
                collection="people",
                collection_label=PEOPLE_LABEL,
                title=p.name,
                summary=" ".join(filter(None, [p.title, p.affiliation])),
                text=p.bio,
                people=[p.name],
                school=p.school,
            )
        )
    return docs + group_docs(index) + round_docs(index)


def group_docs(index: SiteIndex) -> list:
    """One SearchDoc per group page (名师工作室, 指导中心 …), like people pages: its name, kind, period, description, people."""
    from ..search import SearchDoc

    groups = index.library.site.programme.groups if index.library.site.programme else None
    if groups is None:
        return []
    return [
        SearchDoc(
            url=f"{groups.prefix}/{page.id}/",
            collection="groups",
            collection_label=groups.label,
            title=page.group.name,
            summary=" ".join(filter(None, [page.group.kind, page.group.period])),
            text=page.group.description,
            people=[p.person.name for p in page.people],
        )
        for page in index.groups.values()
    ]


ROUNDS_LABEL = "评选结果"


def round_docs(index: SiteIndex) -> list:
    """One SearchDoc per selection round's results page: its title, counts, and its winners as the page lists them."""
    from ..rounds.publish import round_views
    from ..search import SearchDoc

    docs = []
    for name, view in round_views(index.library).items():
        rows = [(group["award"], row) for group in view["groups"] for row in group["items"]]
        docs.append(
            SearchDoc(
                url=f"rounds/{name}/",
                collection="rounds",
                collection_label=ROUNDS_LABEL,
                title=view["title"],
                summary=f"共收到参评案例 {view['submissions']} 篇，评出{view['level']}获奖案例 {view['winners']} 篇。",
                text="\n".join(f"{award}：{row.get('title', '')}（{row.get('school', '')}）" for award, row in rows),
                people=sorted({str(a) for _, row in rows for a in row.get("authors") or []}),
                date=view["announced"],
            )
        )
    return docs


def page_sources(files, generated) -> list[tuple[str, str, bytes]]:
    """(src_uri, url, bytes) of the site's Markdown pages that ``generated`` (our page specs) does not hold."""
    return [(f.src_uri, f.url, f.content_bytes) for f in files.documentation_pages() if f.src_uri not in generated and not f.generated_by]


def _split_heading(markdown: str) -> tuple[str, str]:
    """The page's leading ``# heading`` (it repeats the title in results) and the rest."""
    lines = markdown.lstrip("\n").split("\n", 1)
    if lines[0].startswith("# "):
        return lines[0][2:].strip(), lines[1] if len(lines) > 1 else ""
    return "", markdown


_MOVE_LOCK = threading.Lock()


class SearchJob:
    """The search index, built in another process while MkDocs renders pages on this one.

    Everything the search client needs is set up here and in ``search.writer.start_index``:
    the items, the site pages (``pages``, see :func:`page_docs`), ``data/dictionary.txt``,
    ``data/synonyms.txt`` and the guard's limits for reading attachments.
    """

    def __init__(
        self, index: SiteIndex, pages: list[tuple[str, str, bytes]] = (), cache: Path | None = None, previous: tuple[Path, str] | None = None
    ):
        """``previous``: the folder and mark (:attr:`placed`) of the index the last job put in the site folder (serve,
        whose site folder stays from build to build): patched there instead of written again (search.writer)."""
        from ..guard.options import GuardOptions
        from ..search.writer import start_index

        self.workdir = scratch.folder("xinyu-search-")  # gone even if the build is stopped
        site = index.library.site
        dictionary, synonyms = site.path("data/dictionary.txt"), site.path("data/synonyms.txt")
        docs = search_docs(index, markdown=True)
        self.count = len(docs)
        options = GuardOptions.from_mapping(site.options.get("privacy"))
        self.future = start_index(
            docs,
            self.workdir / "search",
            dictionary=dictionary if dictionary.is_file() else None,
            synonyms=synonyms if synonyms.is_file() else None,
            pages=page_docs(index, list(pages), markdown=True),
            markdown=True,
            options=options,
            cache=cache,
            previous=previous,
        )
        SearchJob.latest = self

    latest: SearchJob | None = None  # under serve, only the newest job may replace the index
    placed: tuple[Path, str] | None = None  # where finish() put this job's index, and its mark (search.writer)

    cancelled = False

    def cancel(self) -> None:
        """Call the job off (a failed build, a stopped serve): its process leaves when its work folder is gone."""
        self.cancelled = True
        shutil.rmtree(self.workdir, ignore_errors=True)

    def finish(self, target: Path) -> None:
        try:
            stats = self.future.result()
            with _MOVE_LOCK:
                if SearchJob.latest not in (None, self):
                    return  # a newer rebuild has its own index coming
                if target.exists():
                    shutil.rmtree(target)
                shutil.move(str(self.workdir / "search"), str(target))
                self.placed = (target, stats["mark"]) if stats.get("mark") else None
            patched = "（只重写了改动的部分）" if stats.get("in_place") else ""
            log.info(f"搜索索引：{self.count} 个条目，{stats.get('seconds', '?')} 秒{patched}。")
            log.debug(f"search index phases (wall, CPU s): {stats.get('phases')}")
        except Exception as exc:  # noqa: BLE001 - in a background thread under serve: report, never crash serve
            if not self.cancelled:
                log.warning(f"搜索索引没有生成：{exc}")
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
