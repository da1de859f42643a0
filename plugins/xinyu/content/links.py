"""Links and images in an item's body whose target the built site will not have (what MkDocs warns about).

MkDocs resolves a relative link from the page's address (``<prefix>/<slug>/index.md``) and warns when
no file of the site has that path. The check finds the same links, in two halves:

- :func:`bundle_links`, per item (cached with it): a link that stays in the item's folder must name a
  file the item publishes (index.md, its attachments, its images). An error, like a missing attachment.
- :func:`site_links`, once per check, after every item is loaded: a link that leaves the folder must name
  a page or file of another published item, or a file of docs/. A warning, like a dangling ``related``:
  someone else drafting or deleting an item must not take down every item that links to it.

Links are found as MkDocs finds them, by converting the body with Python-Markdown: nothing in code,
raw HTML or a reference definition of its own is a link; a reference link is one where it is used.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from .entry import Entry
from .problems import Problem, warning
from .programme import ProgrammeSpec
from .schema import BUILTIN_DIR
from .site import DEFAULT_COLLECTIONS, SiteSpec

BODY = "正文"
AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's placeholder inside obfuscated e-mail links
# A body without one has no link or image to a file (only other sites, anchors, footnotes): not converted.
_PATH = r"(?![\s<]*(?:[A-Za-z][A-Za-z0-9+.-]*:|#|\)))"
MAYBE_LINK = re.compile(rf"\]\({_PATH}|^ {{0,3}}\[(?!\^)[^\]\n]+\]:{_PATH}", re.M)
EXTENSIONS = ["tables", "footnotes", "attr_list", "md_in_html", "pymdownx.superfences"]  # code as MkDocs sees it


@dataclass(frozen=True)
class Link:
    url: str  # as written
    target: str  # the site path MkDocs looks for, relative to the site's root
    line: int  # in the item's file


class _Collect(Treeprocessor):
    def run(self, root) -> None:
        self.urls = [
            url
            for element in root.iter()
            if (url := element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None) is not None
        ]


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
    return list(_links(entry.url, entry.body_line, entry.body))


@lru_cache(maxsize=4096)  # the item check and the cross-item check both ask; serve asks again every rebuild
def _links(url: str, body_line: int, body: str) -> tuple[Link, ...]:
    md, collect = _converter()
    md.reset()
    md.convert(body)
    page_dir = url.rstrip("/")
    found, cursor = [], 0
    for href in collect.urls:
        scheme, netloc, path, _query, _anchor = urlsplit(href)
        if scheme or netloc or not path or href.startswith(("/", "\\")) or AMP_SUBSTITUTE in href:
            continue  # another site, mailto:, an anchor of the page; an absolute link MkDocs reports itself
        at = body.find(href, cursor)
        at = body.find(href) if at < 0 else at
        cursor = max(at + len(href), cursor)  # past it: a later URL may be part of this one (../../ in ../../../)
        line = body_line + (body.count("\n", 0, at) if at >= 0 else 0)
        found.append(Link(href, posixpath.normpath(posixpath.join(page_dir, unquote(path))).lstrip("/"), line))
    return tuple(found)


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
            problems.append(Problem(entry.rel, link.line, BODY, f"链接或图片“{link.url}”找不到：网站中没有 {link.target}。{fix}"))
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


def links_out(entry: Entry) -> list[Link]:
    """The body's links and images that leave the item's folder (``./`` is the page itself)."""
    if entry.withdrawn or not any(mark in entry.body for mark in ("../", "%2")):
        return []
    return [link for link in body_links(entry) if not (link.target + "/").startswith(entry.url)]


def site_links(entries: list[Entry], paths: SitePaths) -> None:
    """Warn about links that leave their item's folder for a page or file the site will not have."""
    for entry in entries:
        for link in links_out(entry):
            message = _outside(link, paths)
            if message:
                entry.problems.append(warning(entry.rel, link.line, BODY, message))


def _outside(link: Link, paths: SitePaths) -> str | None:
    target = link.target
    if target == ".." or target.startswith("../"):
        return f"链接或图片“{link.url}”指向网站根目录之外，读者打不开：请改正路径（链接别的条目写 ../目录名/index.md），或删除这个链接。"
    for prefix, reserved in paths.reserved.items():
        if target.startswith(prefix + "/"):
            seg, _, rest = target[len(prefix) + 1 :].partition("/")
            if seg in reserved or (not rest and posixpath.splitext(seg)[1]):
                return None  # a page the plugin makes (the collection's list, a facet)
            return _to_item(link, paths.items.get(f"{prefix}/{seg}"), rest, f"{prefix}/{seg}" in paths.on_disk)
    if target.split("/", 1)[0] in paths.others or not posixpath.splitext(target)[1]:
        return None
    if paths.docs.get(target) is False:
        return f"链接“{link.url}”指向不发布的 {target}（草稿或有错误），读者打不开：请删除这个链接，或等它发布后再加。"
    if target in paths.docs or (paths.docs_dir is not None and (paths.docs_dir / target).is_file()):
        return None
    return _not_found(link, "请改正路径和文件名（大小写也要一致）。")


def _to_item(link: Link, entry: Entry | None, rest: str, unloaded: bool) -> str | None:
    if entry is None:
        fix = "请检查目录名（链接别的条目写 ../目录名/index.md）。"
        return None if unloaded else _not_found(link, fix)
    if not entry.published:
        return f"链接或图片“{link.url}”指向的条目 {entry.rel} {entry.why_unpublished}，网站中没有它，读者打不开：请删除这个链接，或等它发布后再加。"
    if rest and posixpath.splitext(rest)[1] and rest not in published_names(entry):
        return _not_found(link, f"条目 {entry.rel} 没有发布这个文件：请改正文件名，或把文件放进那个条目的文件夹。")
    return None


def _not_found(link: Link, fix: str) -> str:
    return f"链接或图片“{link.url}”找不到：网站中没有 {link.target}。{fix}"


def our_prefixes(site: SiteSpec) -> set[str]:
    """The top-level folders of the pages the plugin makes, or would make with its defaults (every collection
    the package ships a schema for, such as training, lives at its own name)."""
    shipped = {path.stem for path in BUILTIN_DIR.glob("*.yml")} - {"common"}
    prefixes = {"people", "rounds", *DEFAULT_COLLECTIONS, *shipped, *(spec.prefix for spec in site.collections.values())}
    for programme in (ProgrammeSpec(), site.programme):
        prefixes |= {prefix for prefix, _ in programme.prefixes()} if programme else set()
    return prefixes
