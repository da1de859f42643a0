"""Nav entries and links that point at a section of ours this build does not make.

The sample's mkdocs.yml lists 研修与培训 and 工作室与团队 in its nav, and its about page links
them and 给家长. A district that switches one of them off by configuration (or has nothing in
it yet) must not have to edit the nav or the about page to build ``--strict``: a path under
one of our prefixes (collections, people, rounds, groups, audience pages, statistics, and the
defaults a site may have switched off) is ours, never a page of the site's own. The same holds
for a site page the check refused (a phone number on the about page): the rest of the site must
not link to it as if it were there. When no page is made there, its nav entry is left out (a section left empty goes too) and a link to it
becomes its text; each is said at info level, so the maintainer can reword the sentence.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import Files

# An inline Markdown link (not an image): [text](target "title")
LINK = re.compile(r'(?<!!)\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)')


def missing_section(files: Files, prefixes: set[str], refused: frozenset[str] = frozenset()) -> Callable[[str], bool]:
    """Whether a docs-relative path (``training/index.md``, ``parents/``) is not made this build: a section of
    ours, or a site page in ``refused`` (removed because it did not pass the check)."""

    def missing(path: str) -> bool:
        path = posixpath.normpath(path) if path else "."
        if path.startswith((".", "/")):
            return False
        candidates = [path] if path.endswith(".md") else [posixpath.join(path, "index.md"), path + ".md"]
        if refused and any(c in refused for c in candidates):
            return True
        return path.split("/", 1)[0] in prefixes and all(files.get_file_from_path(c) is None for c in candidates)

    return missing


def unpublished_items(library) -> Callable[[str], bool] | None:
    """Whether a docs-relative path (as unlink_missing gives it) names an item that is not published (draft,
    withdrawn, with errors): ``cases/x/index.md``, ``cases/x/``, ``cases/x``; None when every item is published."""
    paths = set()
    for entry in library.all_entries():
        if not entry.published:
            base = f"{entry.prefix.strip('/')}/{entry.slug}"
            paths |= {f"{base}/index.md", f"{base}.md", base}
    return (lambda path: posixpath.normpath(path) in paths) if paths else None


def unlink_unpublished(markdown: str, src_uri: str, unpublished: Callable[[str], bool] | None) -> tuple[str, list[str]]:
    """An item's links to unpublished items (``unpublished_items``) turned into their text; the targets as written.
    Such a link leaves the item's folder (``../``): a body without one is returned as it is, unread."""
    if unpublished is None or "../" not in markdown:
        return markdown, []
    return unlink_missing(markdown, src_uri, unpublished)


def prune_nav(nav: list[Any], missing: Callable[[str], bool]) -> tuple[list[Any], list[str]]:
    """``nav`` without entries for missing pages of ours (and sections left empty); what was left out, as written."""
    kept, dropped = [], []
    for item in nav:
        if isinstance(item, str):
            if missing(item):
                dropped.append(item)
            else:
                kept.append(item)
            continue
        if not isinstance(item, dict) or len(item) != 1:
            kept.append(item)
            continue
        ((title, value),) = item.items()
        if isinstance(value, list):
            inner, gone = prune_nav(value, missing)
            dropped += [f"{title} → {g}" for g in gone]
            if inner:
                kept.append({title: inner})
        elif isinstance(value, str) and "://" not in value and missing(value):
            dropped.append(f"{title}: {value}")
        else:
            kept.append(item)
    return kept, dropped


def unlink_missing(markdown: str, src_uri: str, missing: Callable[[str], bool]) -> tuple[str, list[str]]:
    """Links from the page ``src_uri`` to missing pages of ours, turned into their text; the targets as written."""
    dropped: list[str] = []

    def replace(m: re.Match) -> str:
        target = m.group(2)
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not path or ":" in path or path.startswith("/"):
            return m.group(0)
        if missing(posixpath.join(posixpath.dirname(src_uri), path)):
            dropped.append(target)
            return m.group(1)
        return m.group(0)

    return LINK.sub(replace, markdown), dropped
