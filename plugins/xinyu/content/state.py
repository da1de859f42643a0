"""What a whole-site ``xinyu check`` depends on, from file stamps alone: nothing is read.

A check of every item reads the site's configuration (mkdocs.yml, ``data/``, vocabulary, people,
allow-lists, schemas), every file and folder under ``docs/`` and under each collection's folder
(items, attachments, anything beside them), the plugin's own files and today's date (a round's
notice period ends). :func:`check_state` is one digest of all of them: the lstat stamp (type,
size, times, inode) of every file and folder there, links not followed. While it is unchanged,
the check's result is too, and the last run's result can be shown again (``cli/check.py``).

A file changed within :data:`RACY_SECONDS` may change again within its time stamp's resolution;
then the state is not trusted (None) and the result is not kept.
"""

from __future__ import annotations

import hashlib
import os
import platform
import time
from pathlib import Path

from ..pipeline.keys import PACKAGE, RACY_SECONDS, library_versions, walk_sorted
from .appended import appended_files
from .batch import site_files
from .site import SiteSpec

SKIP_IN_PACKAGE = ("__pycache__",)


def check_state(site: SiteSpec, config_file: Path, today: str) -> str | None:
    """The digest of everything a whole check of ``site`` reads; None when a file changed too recently."""
    stamps = _Stamps()
    stamps.add(platform.python_version(), today, repr(_canonical(site)), os.path.abspath(config_file))
    stamps.add(*library_versions())
    stamps.tree(PACKAGE, skip=SKIP_IN_PACKAGE)
    appended = appended_files(site.extensions, site.root)  # files extensions add to pages (content.appended)
    for path in [config_file, site.root, *site_files(site), *appended]:
        stamps.file(os.fspath(path))
    for root in _roots(site):
        stamps.tree(root)
    return None if stamps.racy else stamps.sha.hexdigest()


def _canonical(site: SiteSpec) -> tuple:
    """The site as resolved, with its sets in order (their repr depends on the process's hash seed)."""
    return (site.root, site.collections, site.vocabulary, site.authors, site.repo_edit_base, site.options,
            site.programme, site.docs, site.docs_exclude, sorted(site.config_assets))  # fmt: skip


def _roots(site: SiteSpec) -> list[Path]:
    """``docs/``, ``data/`` and every collection's folder, each once (a folder inside another is walked with it)."""
    folders = sorted(
        {os.path.normpath(site.root / rel) for rel in [site.docs, "data", *(s.source.strip("/") for s in site.collections.values())]}
    )
    kept: list[str] = []
    for folder in folders:
        if not any(folder.startswith(outer + os.sep) for outer in kept):
            kept.append(folder)
    return [Path(folder) for folder in kept]


class _Stamps:
    """A running SHA-1 of stamps; notes whether any of them is too recent to trust."""

    def __init__(self) -> None:
        self.sha = hashlib.sha1()
        self.racy = False
        self.since = time.time() - RACY_SECONDS

    def add(self, *parts: str) -> None:
        for part in parts:
            self.sha.update(part.encode("utf-8", "surrogatepass") + b"\0")

    def stamp(self, path: str, st: os.stat_result | None) -> None:
        if st is None:
            self.add(path, "-")
            return
        if st.st_mtime > self.since or st.st_ctime > self.since:
            self.racy = True
        self.add(path, f"{st.st_mode}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")

    def file(self, path: str) -> None:
        try:
            self.stamp(path, os.lstat(path))
        except (OSError, ValueError):
            self.stamp(path, None)

    def tree(self, root: Path, skip: tuple[str, ...] = ()) -> None:
        """The folder and everything under it, by name; links are stamped, not followed."""
        self.file(os.fspath(root))
        for child in walk_sorted(root, skip):
            try:
                self.stamp(child.path, child.stat(follow_symlinks=False))
            except OSError:
                self.stamp(child.path, None)
