"""What MkDocs collects from docs/ is published only when our check passed it.

MkDocs walks ``docs_dir`` following links (``os.walk(followlinks=True)``) before any
plugin sees the files. A link to a folder takes that walk outside the repository
(names only: nothing there is read, and everything under the link is dropped
below); one that leads round a loop or into a huge tree would never end, so it
stops the build before the walk (``refuse_endless_links``, from ``on_pre_build``). Every other file of docs/
outside the collections is kept only if the content core vetted it without an
error (``keep_vetted``, from ``on_files``): links, unsafe static files and pages
with errors are removed and reported, like an item with errors.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from ..content.appended import without_files
from ..content.discover import name_problem
from ..content.docs import DocsFile, check_docs_file, docs_link
from ..content.library import Library
from ..content.problems import Problem
from ..content.site import SiteSpec
from ..guard import GuardContext
from ..guard.files import LINK_MESSAGE, in_leftover, undecodable, walk

WALK_BUDGET = 5000  # entries MkDocs may list through links in docs/ before the build stops instead


def refuse_docs_link(site: SiteSpec) -> None:
    """Stop when docs/ itself is a link: MkDocs would publish whatever it points to, unvetted."""
    link = docs_link(site)
    if link is not None:
        raise PluginError(f"{LINK_MESSAGE.format(name=link)}（MkDocs 会发布它指向的全部文件，因此停止构建。）")


def refuse_endless_links(docs_dir: Path, shown: str) -> None:
    """Stop before MkDocs walks through a folder link in docs/ into a loop or a huge tree.

    MkDocs lists what a link to a folder holds (names only; ``keep_vetted`` then drops all of
    it), so a link to a folder of ordinary size costs nothing but its report. A loop (two loops
    are 2^40 paths) or a link to ``/`` would make that listing endless: then the build stops here.
    """
    own, links = 0, []
    for found in walk(docs_dir, limit=None, leftovers=True):  # MkDocs lists a leftover too
        own += 1
        if found.kind == "link" and os.path.isdir(found.path):
            links.append(f"{shown}/{found.rel}")
    if links and _reach(docs_dir, own + WALK_BUDGET) > own + WALK_BUDGET:
        raise PluginError(
            "docs/ 中有指向文件夹的符号链接，MkDocs 会跟随它列出文件，而它指向的地方形成循环或文件极多，构建无法结束，因此停止构建："
            + "、".join(links)
            + "。请删除这些链接，把文件本身放进仓库。"
        )


def _reach(docs_dir: Path, budget: int) -> int:
    """How many entries MkDocs' walk of docs/ (following links) lists, counting no further than just past ``budget``."""
    seen = 0
    for _folder, folders, names in os.walk(docs_dir, followlinks=True):
        seen += len(folders) + len(names)
        if seen > budget:
            break
    return seen


def keep_vetted(files: Files, docs_dir: Path, library: Library, context: GuardContext) -> tuple[list[Problem], frozenset[str]]:
    """Remove every file of docs/ that the check did not pass; returns problems of files vetted only now,
    and the pages removed (links to them and nav entries are dropped: navigation.py)."""
    found: list[Problem] = []
    refused: set[str] = set()
    site = library.site
    links = {uri for uri, vetted in library.docs.items() if vetted.kind == "link"}
    for file in list(files):
        if getattr(file, "generated_by", None) or not file.abs_src_path or file.inclusion == InclusionLevel.EXCLUDED:
            continue
        try:
            Path(file.abs_src_path).relative_to(docs_dir)
        except ValueError:
            continue  # the theme's own files
        if links and _under(file.src_uri, links):  # listed through a folder link, which is reported itself
            files.remove(file)
            continue
        if in_leftover(file.src_uri):  # an editor's or the system's: never content
            files.remove(file)
            continue
        if undecodable(file.src_uri):  # a name not UTF-8 (a Windows zip): never read, never published
            files.remove(file)
            found += _unreadable_name(library, file.src_uri)
            if file.is_documentation_page():
                refused.add(file.src_uri)
            continue
        vetted = library.docs.get(file.src_uri)
        if vetted is None:  # excluded by our reading of exclude_docs, but not by MkDocs'
            vetted = library.docs[file.src_uri] = check_docs_file(site, file.src_uri, context)
            found += vetted.problems
        if not vetted.publishable:
            files.remove(file)
            if file.is_documentation_page():
                refused.add(file.src_uri)
    return found, frozenset(refused)


def _unreadable_name(library: Library, src_uri: str) -> list[Problem]:
    """The problem of a file MkDocs listed whose name, or a folder's on its way, is not UTF-8: none when the check
    named that file or folder already (content.docs.check_docs), else one, kept so that it is named once."""
    parts = src_uri.split("/")
    first = next(i for i, part in enumerate(parts) if undecodable(part))
    where = "/".join(parts[: first + 1])
    if where in library.docs:
        return []
    rel = f"{library.site.docs}/{where}"
    problem = name_problem(rel)
    library.docs[where] = DocsFile(where, problem.path, "badname", [problem])
    return [problem]


def _under(src_uri: str, links: set[str]) -> bool:
    parts = PurePosixPath(src_uri).parts[:-1]
    return any("/".join(parts[:n]) in links for n in range(1, len(parts) + 1))


def refuse_appended(library: Library, config: MkDocsConfig, serve: bool = False) -> str | None:
    """Stop the build when a file that a Markdown extension adds to every page has an error (content.appended):
    its text would be published on every page, so no page can be left out instead.

    A preview (``serve``) comes up all the same, as it does with any content error: this build's pages are converted
    without those files (the error is in the log and the preview's banner); returns the line that says so."""
    errors = [p for page in library.appended.values() for p in page.problems if p.is_error]
    if not errors:
        return None
    files = "、".join(sorted({p.path for p in errors}))
    what = f"xinyu：{files} 由 mkdocs.yml 的 markdown_extensions（如 pymdownx.snippets 的 auto_append）加到每个页面，其中有 {len(errors)} 处错误（逐条说明见上）。"
    refused = {(library.site.root / p.path).resolve() for p in errors}
    kept = without_files(config["mdx_configs"], refused, library.site.root) if serve else None
    if kept is None:
        raise PluginError(f"{what}请改正这个文件，或从 mkdocs.yml 中去掉它，再构建。")
    config["mdx_configs"] = kept
    return f"{what}这次预览的页面都不带它的内容；改正后预览自动恢复（正式构建会因这些错误停止）。"
