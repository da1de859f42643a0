"""`serve` rebuilds: an item whose folder did not change since the last load is not looked at again.

The build cache (batch.EntryCache) already finds an unchanged item by its content, but asking it
costs a digest of the item's Markdown and of every file beside it, for every item, every rebuild.
Under ``serve`` one stat walk of the bundles' folders says which items may have changed: an item
whose folder holds the same names with the same stamps (size, times, inode, type) and whose site
key (configuration files, plugin, options) is the same keeps its last checked entry; the others go
through the cache as before. Cross-item rules (slugs, related items, the programme) always run on
the whole library afterwards.

What is not trusted, and so always checked again: a flat item (``<slug>.md``: its attachments lie
beside other items), a folder with a file changed within ``RACY_SECONDS`` of the walk (a file saved
twice within its time stamp's resolution keeps its stamp), a withdrawn item, a very large folder.

Where the system's change notifications watch the collections (plugin.serving.Watcher, Linux), the walk
itself is skipped for a folder they report no change in since the last load (:class:`Changes`); the
folders they do report are walked as above. They are trusted only while nothing can have been missed:
the same watch, unbroken, since the load that took the kept stamps ended; else every folder is walked.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..pipeline.keys import RACY_SECONDS, walk_sorted
from .batch import Job
from .entry import Entry

MAX_STAMPED = 2000  # entries of one item folder; a larger one is checked again every time


@dataclass(frozen=True)
class Changes:
    """What the watch saw change since it was last asked: every path an event named (``paths``), the folders
    made, moved, removed or changed in their attributes since it started (``subtrees``: everything under them
    is walked again, every load: a folder made later may have no watch of its own), within ``roots``.
    ``epoch`` is new whenever events may have been lost (the watch started again, the system's queue overflowed)."""

    epoch: int
    roots: tuple[str, ...]
    paths: frozenset[str]
    subtrees: frozenset[str]

    def untouched(self) -> Callable[[Job], bool]:
        """Whether no reported change can concern a bundle's folder."""
        touched: set[str] = set()
        for path in self.paths:  # a path and every folder above it: a change in a folder changes its item
            while path not in touched and path not in self.roots and os.path.dirname(path) != path:
                touched.add(path)
                path = os.path.dirname(path)

        inside = tuple(root + os.sep for root in self.roots)

        def untouched(job: Job) -> bool:
            folder = os.path.dirname(os.fspath(job.md))  # job.md.parent as text, without making a Path (thousands a load)
            if folder in touched or not folder.startswith(inside):
                return False
            above = folder
            while above not in self.roots and os.path.dirname(above) != above:
                if above in self.subtrees:
                    return False
                above = os.path.dirname(above)
            return True

        return untouched


@dataclass
class Unchanged:
    """The last load's checked entries with the stamp of their folders (kept by the plugin across rebuilds)."""

    site_key: str = ""
    kept: dict[Job, tuple[tuple, Entry]] = field(default_factory=dict)
    stamps: dict[Job, tuple | None] = field(default_factory=dict)  # this load's, taken before anything is read
    changes: Callable[[], Changes | None] | None = None  # serve's watch (plugin.serving.Watcher.changes), if any
    epoch: int | None = None  # the watch's epoch when the load that left ``kept`` began; None: walk every folder
    heard: int | None = None  # this load's

    def reuse(self, jobs: list[Job], site_key: str) -> dict[int, Entry]:
        """Copies of the entries (by job position) whose folder and site key are as they were."""
        if site_key != self.site_key:
            self.site_key, self.kept = site_key, {}
        told = self.changes() if self.changes is not None else None  # taken before any folder is looked at
        untouched = told.untouched() if told is not None and told.epoch == self.epoch else None
        self.epoch, self.heard = None, told.epoch if told is not None else None  # trusted again once remember() ran
        now = time.time()
        self.stamps, found = {}, {}
        for i, job in enumerate(jobs):  # one lookup of each job (hashing a job hashes its path)
            hit = self.kept.get(job)
            stamp = self.stamps[job] = hit[0] if hit is not None and untouched is not None and untouched(job) else folder_stamp(job, now)
            if hit is not None and stamp is not None and hit[0] == stamp:
                found[i] = hit[1].copy()
        return found

    def remember(self, jobs: list[Job], checked: dict[int, Entry]) -> None:
        """Keep this load's entries: ``checked`` by position were checked now, the others were reused."""
        kept = {}
        for i, job in enumerate(jobs):
            stamp = self.stamps.get(job)
            if stamp is None:
                continue
            if i not in checked:
                kept[job] = self.kept[job]
            elif not checked[i].withdrawn:
                kept[job] = (stamp, checked[i].copy().decoded())  # every rebuild reads every body
        self.kept, self.stamps, self.epoch = kept, {}, self.heard


def folder_stamp(job: Job, now: float) -> tuple | None:
    """Every name under a bundle's folder with its lstat stamp, or None when it cannot be trusted."""
    folder = job.md.parent
    if job.md.name != "index.md" or folder.name != job.slug:
        return None
    try:
        top = os.lstat(folder)
    except OSError:
        return None
    racy = (now - RACY_SECONDS) * 1e9
    stamps = [("", top.st_mode, top.st_mtime_ns, top.st_ctime_ns, top.st_ino)]
    for child in walk_sorted(folder):
        try:
            st = child.stat(follow_symlinks=False)
        except OSError:
            return None
        if max(st.st_mtime_ns, st.st_ctime_ns) > racy or len(stamps) > MAX_STAMPED:
            return None
        stamps.append((child.path, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(stamps) if max(top.st_mtime_ns, top.st_ctime_ns) <= racy else None
