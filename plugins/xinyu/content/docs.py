"""The files of ``docs/`` outside the collections: contributions too, checked like items.

A Markdown page gets the guard's checks of an item (unsafe markup, personal data,
names) and a static file the one file policy (``guard.files.inspect_file``). A
link anywhere in ``docs/`` is an error and is never followed. The build publishes
a file of ``docs/`` only when it was vetted here without an error; what mkdocs.yml
itself names (``extra_css``, the logo …) is reviewed with the configuration and
passes as it is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pathspec

from ..guard import GuardContext, check_address, check_entry
from ..guard.files import first_link, in_leftover, inspect_file, kind_of, name_verdicts, shown_path, walk
from .discover import link_problem, name_problem
from .entry import Entry
from .links import Link, page_links
from .plain import markup_in, plain_text_message, strings
from .problems import FILE, Problem, has_error
from .schema import field_name
from .site import GENERATED_PATHS, SiteSpec
from .source import decode, parse_front_matter

# mkdocs.utils.meta.YAML_RE: a page's YAML front matter as MkDocs finds it (in text read with universal newlines).
MKDOCS_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
MAX_PAGE_BYTES = 5 * 1024 * 1024
# MkDocs' own exclusions (structure/files.py): dot files and a top-level templates/ folder.
DEFAULT_EXCLUDE = (".*", "/templates/")
HELD_BACK = frozenset({"draft", "withdrawn"})
# The front-matter keys a page's reader sees (the theme prints them in the page, its <title> and <meta>).
PAGE_KEYS = {"title": "标题", "description": "页面描述", "subtitle": "副标题"}


@dataclass
class DocsFile:
    """One file of docs/ (outside the collections) and what the check found."""

    src_uri: str  # relative to docs/, as MkDocs names it
    rel: str  # relative to the site root
    kind: str  # page | file | link | draft (a page held back by its status)
    problems: list[Problem] = field(default_factory=list)
    body: str = ""  # a collection's intro page: its Markdown without front matter
    links: tuple[Link, ...] = ()  # a published page's links and images to files of the site (judged by links.site_links)

    @property
    def publishable(self) -> bool:
        return self.kind in ("page", "file") and not has_error(self.problems)


def collection_folders(site: SiteSpec) -> list[str]:
    """Collection folders inside docs/, relative to it (their files are items, not pages)."""
    docs = PurePosixPath(site.docs)
    inside = []
    for spec in site.collections.values():
        source = PurePosixPath(spec.source.strip("/"))
        if source != docs and docs in source.parents:
            inside.append(source.relative_to(docs).as_posix())
    return inside


def check_docs(site: SiteSpec, context: GuardContext, memo: PageMemo | None = None) -> dict[str, DocsFile]:
    """Every file of docs/ outside the collections, by docs-relative path; links anywhere in docs/ too.
    ``memo``: the build cache's (content.batch.EntryCache.page): a page's text checked once while it is unchanged."""
    folder = site.root / site.docs
    link = docs_link(site)
    if link is not None:  # MkDocs would publish what it points to: the build stops (plugin.vetting)
        return {".": DocsFile(".", link, "link", [link_problem(link)])}
    if kind_of(folder)[0] != "dir":
        return {}
    excluded = pathspec.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *site.docs_exclude])
    owned = collection_folders(site)
    found: dict[str, DocsFile] = {}
    for item in walk(folder, limit=None, leftovers=True):
        rel = f"{site.docs}/{item.rel}"
        if in_leftover(item.rel) and not (item.kind == "link" and os.path.isdir(item.path)):
            continue  # an editor's or the system's (not a link MkDocs would follow: plugin.vetting stops the build)
        if item.kind == "badname" and not excluded.match_file(item.rel):  # MkDocs' listing: plugin.vetting drops it
            found[item.rel] = DocsFile(item.rel, shown_path(rel), "badname", [name_problem(rel)])  # rel: as printed
        elif item.kind == "link":
            found[item.rel] = DocsFile(item.rel, rel, "link", [link_problem(rel)])
        elif item.kind == "file" and not excluded.match_file(item.rel) and not any((item.rel + "/").startswith(o + "/") for o in owned):
            found[item.rel] = check_docs_file(site, item.rel, context, memo)
    return found


def docs_link(site: SiteSpec) -> str | None:
    """The docs folder, or a folder above it in the site, when it is a link (as the site names it), else None."""
    parts = [p for p in PurePosixPath(site.docs).parts if p not in ("", ".")]
    link = first_link(site.root, parts) if ".." not in parts else None
    return link + "/" if link else None


def check_docs_file(site: SiteSpec, src_uri: str, context: GuardContext, memo: PageMemo | None = None) -> DocsFile:
    """One file of docs/: a page is checked like an item, any other file by the file policy."""
    path = site.root / site.docs / src_uri
    rel = f"{site.docs}/{src_uri}"
    link = first_link(site.root / site.docs, PurePosixPath(src_uri).parts)
    if link is not None:  # the file, or a folder on its way (MkDocs follows those)
        return DocsFile(src_uri, rel, "link", [link_problem(f"{site.docs}/{link}")])
    kind = kind_of(path)[0]
    clash = generated_clash(site, src_uri)
    if clash:
        return DocsFile(src_uri, rel, kind, [Problem(rel, 1, FILE, clash)])
    if src_uri in site.config_assets:
        return DocsFile(src_uri, rel, "file")
    if not site.pages_checked:  # the site's own pages and files (site_pages: own): published as they are
        return DocsFile(src_uri, rel, "page" if src_uri.lower().endswith(MARKDOWN) else "file")
    named = check_address(rel, src_uri, context)  # its path is its address
    if src_uri.lower().endswith(MARKDOWN):
        problems = [Problem(rel, 1, FILE, v.message) for v in name_verdicts(src_uri)] + named
        checked = page_check(path, rel, context, memo, links_from=src_uri, directory_urls=site.directory_urls)
        if checked.held:
            return DocsFile(src_uri, rel, "draft", problems + list(checked.problems))
        return DocsFile(src_uri, rel, "page", problems + list(checked.problems), links=checked.links)
    verdicts = inspect_file(path, src_uri, context.settings)
    return DocsFile(src_uri, rel, "file", [Problem(rel, 1, FILE, v.message, v.severity) for v in verdicts] + named)


def generated_clash(site: SiteSpec, src_uri: str) -> str | None:
    """Why a file of docs/ would be replaced by a page or file the site generates, if it would."""
    url = src_uri
    if url.lower().endswith(MARKDOWN):
        stem = url.rsplit(".", 1)[0]
        url = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    taken = [spec.prefix.strip("/") + "/" for spec in site.collections.values()] + list(GENERATED_PATHS)
    taken += [prefix + "/" for prefix, _what in site.programme.prefixes()] if site.programme else []
    for path in taken:
        # Without regard to case: on Windows and macOS (building, serving, an IIS intranet) People/ is people/.
        if url.casefold() == path.casefold() or (path.endswith("/") and url.casefold().startswith(path.casefold())):
            return (
                f"这个文件的网址 {url} 属于网站自动生成的页面或文件（{path}），构建时会被覆盖。"
                "请把它移到别的文件夹或改名；集合的介绍请写在集合文件夹的 index.md 里。"
            )
    return None


def check_intros(site: SiteSpec, context: GuardContext, memo: PageMemo | None = None) -> dict[str, DocsFile]:
    """Each collection's ``<source>/index.md`` (the intro of its collection page), by collection: a page like those of docs/.

    A link there is reported by discovery and not read here. Its links are read from the collection page's address.
    """
    found = {}
    for name, spec in site.collections.items():
        parts = [p for p in PurePosixPath(spec.source.strip("/")).parts if p not in ("", ".", "..")]
        rel = "/".join([*parts, "index.md"])
        if first_link(site.root, [*parts, "index.md"]) is None and kind_of(site.root / rel)[0] == "file":
            links_from = f"{spec.prefix.strip('/')}/index.md"
            checked = page_check(site.root / rel, rel, context, memo, links_from=links_from, directory_urls=site.directory_urls)
            found[name] = DocsFile(rel, rel, "page", list(checked.problems), checked.body, checked.links)
    return found


PageMemo = Callable[[Path, str, tuple, Callable[[], "PageCheck"]], "PageCheck"]


@dataclass(frozen=True)
class PageCheck:
    """What a page's own text gives the check: its problems, whether its status holds it back, its links, its body."""

    problems: tuple[Problem, ...]
    held: bool = False
    links: tuple[Link, ...] = ()
    body: str = ""


def page_check(
    path: Path,
    rel: str,
    context: GuardContext,
    memo: PageMemo | None = None,
    links_from: str | None = None,
    directory_urls: bool = True,
    plain: bool = True,
) -> PageCheck:
    """A page read as MkDocs will and checked like an item (``plain``: its front matter's text too); its links
    read as from ``links_from`` (docs-relative). By ``memo`` when given: the same text, site and options, the same check."""

    def check() -> PageCheck:
        page, problems = read_page(path, rel)
        if page is None:
            return PageCheck(tuple(problems))
        problems = problems or [*(plain_front_matter(page) if plain else ()), *check_entry(page, context)]
        links = page_links(links_from, page, directory_urls) if links_from is not None else ()
        return PageCheck(tuple(problems), held_back(page), links, page.body)

    return check() if memo is None else memo(path, rel, (links_from, directory_urls, plain), check)


def plain_front_matter(page: Entry) -> list[Problem]:
    """Every text value of a page's front matter is plain text, as an item's is: markup in any is an error at its line.

    The theme escapes them (the reader would see the tags as text); this tells the contributor, as ``check`` does
    for an item's fields (``schema``'s plain-text rule)."""
    found = []
    for path, text in strings(page.data):
        fragment = markup_in(text)
        if fragment:
            line = next((page.lines[path[:end]] for end in range(len(path), 0, -1) if path[:end] in page.lines), 1)
            label = PAGE_KEYS.get(str(path[0]), field_name(path))
            found.append(Problem(page.rel, line, field_name(path), plain_text_message(label, fragment)))
    return found


def held_back(page: Entry | None) -> bool:
    """A page whose front matter says ``status: draft`` or ``withdrawn``: published nowhere, as an item would not be."""
    return page is not None and str(page.data.get("status") or "").strip().lower() in HELD_BACK


def read_page(path: Path, rel: str) -> tuple[Entry | None, list[Problem]]:
    """A page of the site read as MkDocs will (its front matter within our limits), as an entry for the guard."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PAGE_BYTES + 1)  # a huge file is not read whole
    except OSError as exc:
        return None, [Problem(rel, 1, FILE, f"无法读取文件（{exc.strerror}）。")]
    if len(raw) > MAX_PAGE_BYTES:
        return None, [Problem(rel, 1, FILE, f"页面文件超过 {MAX_PAGE_BYTES // 1048576} MB，请拆分成几个页面。")]
    text, problems = decode(raw, rel)
    if text is None:
        return None, problems
    page = Entry("", PurePosixPath(rel).stem, path, rel, path.parent, "")
    page.body = text
    # The front matter MkDocs will parse (with no limits of its own), found by MkDocs' own rule: ours has them.
    match = MKDOCS_FRONT_MATTER.match(text)
    if match and match.group(1).strip():
        front, problems = parse_front_matter(match.group(1), rel, first_line=2)
        page.body, page.body_line = text[match.end() :], text[: match.end()].count("\n") + 1
        if front is not None:
            page.data, page.lines = front.data, front.lines
    return page, problems
