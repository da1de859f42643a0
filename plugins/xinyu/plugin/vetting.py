"""What MkDocs collects from docs/ is published only when our check passed it.

MkDocs walks ``docs_dir`` following links (``os.walk(followlinks=True)``) before any
plugin sees the files. A link to a folder can take that walk outside the
repository or round a loop, so it stops the build before the walk
(``refuse_folder_links``, from ``on_pre_build``). Every other file of docs/
outside the collections is kept only if the content core vetted it without an
error (``keep_vetted``, from ``on_files``): links, unsafe static files and pages
with errors are removed and reported, like an item with errors.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from ..content.docs import check_docs_file
from ..content.library import Library
from ..content.problems import Problem
from ..guard import GuardContext
from ..guard.files import walk


def refuse_folder_links(docs_dir: Path, shown: str) -> None:
    """Stop before MkDocs follows a link to a folder in docs/ (a loop, or out of the repository)."""
    links = [f"{shown}/{found.rel}" for found in walk(docs_dir, limit=None) if found.kind == "link" and os.path.isdir(found.path)]
    if links:
        raise PluginError(
            "docs/ 中有指向文件夹的符号链接，MkDocs 会跟随它读取仓库以外的文件（或陷入循环），因此停止构建："
            + "、".join(links)
            + "。请删除这些链接，把文件本身放进仓库。"
        )


def keep_vetted(files: Files, docs_dir: Path, library: Library, context: GuardContext) -> list[Problem]:
    """Remove every file of docs/ that the check did not pass; returns problems of files vetted only now."""
    found: list[Problem] = []
    site = library.site
    for file in list(files):
        if getattr(file, "generated_by", None) or not file.abs_src_path or file.inclusion == InclusionLevel.EXCLUDED:
            continue
        try:
            Path(file.abs_src_path).relative_to(docs_dir)
        except ValueError:
            continue  # the theme's own files
        vetted = library.docs.get(file.src_uri)
        if vetted is None:  # excluded by our reading of exclude_docs, but not by MkDocs'
            vetted = library.docs[file.src_uri] = check_docs_file(site, file.src_uri, context)
            found += vetted.problems
        if not vetted.publishable:
            files.remove(file)
    return found
