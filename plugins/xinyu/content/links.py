"""Links and images in an item's body whose target the built site will not have (what MkDocs warns about).

MkDocs resolves a relative link from the page's address (``<prefix>/<slug>/index.md``) and warns when
no file of the site has that path. The check finds the same links, in two halves:

- :func:`bundle_links`, per item (cached with it): a link that stays in the item's folder must name a
  file the item publishes (index.md, its attachments, its images). An error, like a missing attachment.
- :func:`site_links`, once per check, after every item is loaded: a link that leaves the folder must name
  a page or file of another published item, or a file of docs/. A warning, like a dangling ``related``:
  someone else drafting or deleting an item must not take down every item that links to it.

Links are found as MkDocs finds them, by converting the body with Python-Markdown: nothing in code or a
reference definition of its own is a link; a reference link is one where it is used. Raw HTML is a way of
referring to a file too (``<img src>``, ``<a href>``, ``<video poster>``, ``<source srcset>`` …): the HTML that
Python-Markdown passes through is parsed (``html.parser``, as Python-Markdown parses it) and every URL attribute
judged by the same rules. MkDocs does not rewrite those: the browser reads them from the page's address, which
for a page of docs/ other than an index is a folder of its own (``about.md`` → ``about/``).

:func:`page_links` finds the links of a page of docs/ (the same rules, reported by :func:`site_links`).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from ..guard.html_policy import URL_ATTRIBUTES
from .entry import Entry
from .problems import Problem, warning
from .programme import ProgrammeSpec
from .schema import BUILTIN_DIR
from .site import DEFAULT_COLLECTIONS, SiteSpec

BODY = "正文"
AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's placeholder inside obfuscated e-mail links
# A body without one has no link or image to a file (only other sites, anchors, footnotes): not converted.
_PATH = r"(?![\s<]*(?:[A-Za-z][A-Za-z0-9+.-]*:|#|\)))"
MAYBE_LINK = re.compile(
    rf"\]\({_PATH}|^ {{0,3}}\[(?!\^)[^\]\n]+\]:{_PATH}|<[A-Za-z][^<>]*?\s(?:{'|'.join(sorted(URL_ATTRIBUTES))})\s*=", re.M | re.I
)
THEME_OUTPUTS = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})  # files of the built site that MkDocs writes itself
MARKDOWN_MADE = {("a", "href"), ("img", "src")}  # what a Markdown link or image becomes; any other URL attribute is HTML
EXTENSIONS = ["tables", "footnotes", "attr_list", "md_in_html", "pymdownx.superfences"]  # code as MkDocs sees it


@dataclass(frozen=True)
class Link:
    url: str  # as written
    target: str  # the site path MkDocs (or, for raw HTML, the browser) looks for, relative to the site's root
    line: int  # in the item's file
    html: str = ""  # raw HTML: its tag and attribute ("img src"); empty for a Markdown link or image
    beside: str = ""  # raw HTML in a page whose address is not its file's folder: the path read from that folder
    written: str = ""  # … and how to write it from the page's address

    def named(self, word: str = "链接或图片") -> str:
        """The link as a message quotes it, in the form the contributor wrote it."""
        if not self.html:
            return f"{word}“{self.url}”"
        tag, attribute = self.html.split()
        return f"HTML 标签 <{tag}> 的 {attribute}“{self.url}”"


class _Collect(Treeprocessor):
    def run(self, root) -> None:
        self.urls = [
            (url, "" if (element.tag, name) in MARKDOWN_MADE else f"{element.tag} {name}")
            for element in root.iter()
            if isinstance(element.tag, str)
            for name, value in element.items()
            if name in URL_ATTRIBUTES
            for url in _urls(name, value)
        ]


class _RawTags(HTMLParser):
    """The URL attributes of raw HTML (values unescaped as a browser reads them), with the line of their tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.found += [(tag, name, url, self.getpos()[0]) for url in _urls(name, value)]

    handle_startendtag = handle_starttag


def _urls(name: str, value: str) -> list[str]:
    """The URLs of one attribute: ``srcset`` holds several (``a.png 1x, b.png 2x``)."""
    if name != "srcset":
        return [value.strip()]
    return [part.split()[0] for part in value.split(",") if part.strip()]


def _raw_urls(md: markdown.Markdown, body: str) -> list[tuple[str, str, str, int]]:
    """(tag, attribute, URL, line within the body from 0) of the raw HTML the conversion passed through."""
    found, after = [], {}
    for block in md.htmlStash.rawHtmlBlocks:
        if not isinstance(block, str) or "=" not in block:
            continue
        parser = _RawTags()
        parser.feed(block)
        parser.close()
        if parser.found:
            at = body.find(block, after.get(block, 0))  # the same tag twice: each at its own line
            after[block] = at + len(block) if at >= 0 else 0
            first = body.count("\n", 0, at) if at >= 0 else 0
            found += [(tag, name, url, first + line - 1) for tag, name, url, line in parser.found]
    return found


@cache
def _converter() -> tuple[markdown.Markdown, _Collect]:
    md = markdown.Markdown(extensions=EXTENSIONS)
    collect = _Collect(md)
    md.treeprocessors.register(collect, "xinyu_collect", 0)
    return md, collect


def body_links(entry: Entry) -> list[Link]:
    """The body's relative links and images to a file of the site, with the line each is written on."""
    if not MAYBE_LINK.search(entry.body):
        return []
    return list(_links(entry.url.rstrip("/"), entry.url.rstrip("/"), entry.body_line, entry.body))


def page_links(src_uri: str, page: Entry, directory_urls: bool = True) -> tuple[Link, ...]:
    """The links of a page of docs/ (``src_uri`` relative to docs/): Markdown ones from its file's folder, as
    MkDocs rewrites them, raw HTML ones from the page's address, as the browser reads them."""
    if not MAYBE_LINK.search(page.body):
        return ()
    stem = posixpath.splitext(src_uri)[0]
    folder, name = posixpath.split(stem)
    address = folder if not directory_urls or name in ("index", "README") else stem
    return _links(folder, address, page.body_line, page.body)


@lru_cache(maxsize=4096)  # the item check and the cross-item check both ask; serve asks again every rebuild
def _links(page_dir: str, html_dir: str, body_line: int, body: str) -> tuple[Link, ...]:
    """Links from ``page_dir`` (Markdown's) or ``html_dir`` (raw HTML's), both relative to the site's root."""
    md, collect = _converter()
    md.reset()
    md.convert(body)
    found, cursor = [], 0
    for href, html in collect.urls:
        if _elsewhere(href):
            continue
        at = body.find(href, cursor)
        at = body.find(href) if at < 0 else at
        cursor = max(at + len(href), cursor)  # past it: a later URL may be part of this one (../../ in ../../../)
        line = body_line + (body.count("\n", 0, at) if at >= 0 else 0)
        found.append(Link(href, _target(page_dir, href), line, html))
    for tag, name, href, line in _raw_urls(md, body):
        if not _elsewhere(href):
            found.append(_raw_link(page_dir, html_dir, href, body_line + line, f"{tag} {name}"))
    return tuple(sorted(found, key=lambda link: link.line))


def _elsewhere(href: str) -> bool:
    """Another site, mailto:, an anchor of the page; an absolute link (MkDocs reports it itself)."""
    scheme, netloc, path, _query, _anchor = urlsplit(href)
    return bool(scheme or netloc or not path or href.startswith(("/", "\\")) or AMP_SUBSTITUTE in href)


def _target(folder: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(folder, unquote(urlsplit(href).path))).lstrip("/")


def _raw_link(page_dir: str, html_dir: str, href: str, line: int, html: str) -> Link:
    target = _target(html_dir, href)
    if html_dir == page_dir:
        return Link(href, target, line, html)
    beside = _target(page_dir, href)
    written = posixpath.relpath(beside, html_dir or ".") + (f"#{urlsplit(href).fragment}" if urlsplit(href).fragment else "")
    return Link(href, target, line, html, beside, written)


def published_names(entry: Entry) -> set[str]:
    """The item's files on the site, relative to its page's folder."""
    return {"index.md", *(a.file for a in entry.attachments + entry.files)}


def bundle_links(entry: Entry) -> list[Problem]:
    """Links that stay in the item's folder and name a file it does not publish."""
    if entry.withdrawn:
        return []
    inside = entry.url  # <prefix>/<slug>/
    names = published_names(entry)
    problems = []
    for link in body_links(entry):
        rel = link.target[len(inside) :] if link.target.startswith(inside) else None
        if rel is not None and posixpath.splitext(rel)[1] and rel not in names and not _refused(entry, rel):
            same = [n for n in names if n.lower() == rel.lower()]
            fix = f"您是不是想写“{same[0]}”？" if same else "请把文件放进条目的文件夹，或改正路径和文件名（大小写也要一致）。"
            problems.append(Problem(entry.rel, link.line, BODY, f"{link.named()}找不到：网站中没有 {link.target}。{fix}"))
    return problems


def _refused(entry: Entry, rel: str) -> bool:
    """The file is in the folder but not published (a type the site refuses, a link): its own problem says why."""
    return os.path.lexists(entry.folder.joinpath(*rel.split("/")))


@dataclass
class SitePaths:
    """What the built site will have, as far as links from items go."""

    items: dict[str, Entry]  # <prefix>/<slug> → item
    reserved: dict[str, frozenset[str]]  # collection prefix → names under it that are generated pages
    docs: dict[str, bool]  # docs-relative path → published
    others: frozenset[str]  # first path parts of pages the plugin makes (people/, rounds/ …): not checked
    on_disk: set[str]  # under a partial check, items not loaded: taken to exist
    docs_dir: Path | None = None  # under a partial check, docs/ (its pages were not all loaded)


OUTWARD = ("../", "%2")  # a link that leaves its item's folder has one of these (%2E%2E/ or %2e./ is ../)


def links_out(entry: Entry) -> list[Link]:
    """The body's links and images that leave the item's folder (``./`` is the page itself)."""
    if entry.withdrawn or not entry.mentions(*OUTWARD):
        return []
    return [link for link in body_links(entry) if not (link.target + "/").startswith(entry.url)]


def site_links(entries: list[Entry], paths: SitePaths, pages=()) -> None:
    """Warn about links that leave their item's folder (or are on a page of docs/, ``pages``: content.docs.DocsFile)
    for a page or file the site will not have."""
    found = [(e.rel, e.problems, links_out(e)) for e in entries] + [(p.rel, p.problems, p.links) for p in pages]
    for rel, problems, links in found:
        for link in links:
            message = _outside(link, paths)
            if message:
                problems.append(warning(rel, link.line, BODY, message))


def _outside(link: Link, paths: SitePaths) -> str | None:
    target = link.target
    if target == ".." or target.startswith("../"):
        return f"{link.named()}指向网站根目录之外，读者打不开：请改正路径（链接别的条目写 ../目录名/index.md），或删除这个链接。"
    for prefix, reserved in paths.reserved.items():
        if target.startswith(prefix + "/"):
            seg, _, rest = target[len(prefix) + 1 :].partition("/")
            if seg in reserved or (not rest and posixpath.splitext(seg)[1]):
                return None  # a page the plugin makes (the collection's list, a facet)
            return _to_item(link, paths.items.get(f"{prefix}/{seg}"), rest, f"{prefix}/{seg}" in paths.on_disk)
    if target.split("/", 1)[0] in paths.others or not posixpath.splitext(target)[1]:
        return None
    if paths.docs.get(target) is False:
        return f"{link.named('链接')}指向不发布的 {target}（草稿或有错误），读者打不开：请删除这个链接，或等它发布后再加。"
    if _in_docs(target, paths):
        return None
    if link.beside and _in_docs(link.beside, paths):
        fix = f"HTML 标签里的地址从本页的网址算起，不是从 Markdown 文件所在的文件夹：请写成“{link.written}”，或改用 Markdown 写法。"
        return _not_found(link, fix)
    return _not_found(link, "请改正路径和文件名（大小写也要一致）。")


def html_link_warning(problem: Problem) -> bool:
    """A warning about a raw-HTML link or image: MkDocs never sees those, so the build shows it at the level MkDocs
    shows a Markdown link's (its ``validation:``), that ``--strict`` treats both ways of linking alike."""
    return problem.field == BODY and not problem.is_error and problem.message.startswith("警告：HTML 标签 <")


def _in_docs(target: str, paths: SitePaths) -> bool:
    return bool(paths.docs.get(target)) or (paths.docs_dir is not None and (paths.docs_dir / target).is_file())


def _to_item(link: Link, entry: Entry | None, rest: str, unloaded: bool) -> str | None:
    if entry is None:
        fix = "请检查目录名（链接别的条目写 ../目录名/index.md）。"
        return None if unloaded else _not_found(link, fix)
    if not entry.published:
        return f"{link.named()}指向的条目 {entry.rel} {entry.why_unpublished}，网站中没有它，读者打不开：请删除这个链接，或等它发布后再加。"
    if rest and posixpath.splitext(rest)[1] and rest not in published_names(entry):
        return _not_found(link, f"条目 {entry.rel} 没有发布这个文件：请改正文件名，或把文件放进那个条目的文件夹。")
    return None


def _not_found(link: Link, fix: str) -> str:
    return f"{link.named()}找不到：网站中没有 {link.target}。{fix}"


def our_prefixes(site: SiteSpec) -> set[str]:
    """The top-level folders of the pages the plugin makes, or would make with its defaults (every collection
    the package ships a schema for, such as training, lives at its own name)."""
    shipped = {path.stem for path in BUILTIN_DIR.glob("*.yml")} - {"common"}
    prefixes = {"people", "rounds", *DEFAULT_COLLECTIONS, *shipped, *(spec.prefix for spec in site.collections.values())}
    for programme in (ProgrammeSpec(), site.programme):
        prefixes |= {prefix for prefix, _ in programme.prefixes()} if programme else set()
    return prefixes
