"""Check many items at once: from a cache when unchanged, in worker processes when there are many.

What is known about one item from its own files (parsed front matter, schema problems,
people, attachments, privacy findings) depends only on those files and on the site's
configuration files. So it can be reused while they are unchanged (``serve`` rebuilds
re-check only the edited item) and computed in other processes (both cores on a large
build). Cross-item rules (duplicate slugs, related items) run afterwards, always on
the whole library.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .entry import Entry
from .schema import BUILTIN_DIR, _resolve
from .source import MAX_ITEM_BYTES

if TYPE_CHECKING:
    from .site import SiteSpec

Progress = Callable[[str], None]
PARALLEL_FROM = 400  # items to check before worker processes pay for their start (~1 s each)
CHUNK = 50  # items per task: few round trips, even load
REPORT_FROM = 1000  # items before a load reports its phases


@dataclass(frozen=True)
class Job:
    """One item file to check."""

    collection: str
    slug: str
    md: Path


@dataclass
class EntryCache:
    """Checked items by file: (sha1 of the Markdown, stamp of its attachments, entry as checked).

    Valid for one state of the site's configuration files (``site_stamp``); any change to
    them (vocabulary, authors, schemas, privacy allow list, options) empties it.
    """

    site_stamp: tuple = ()
    entries: dict[Path, tuple[str, tuple, Entry]] = field(default_factory=dict)


def check_items(site: SiteSpec, jobs: list[Job], parts: tuple, cache: EntryCache | None, progress: Progress | None) -> list[Entry]:
    """Every job's entry, in job order: cached where unchanged, else checked (in parallel when many)."""
    started = time.perf_counter()
    say = progress if progress and len(jobs) >= REPORT_FROM else None
    schemas, _registry, _context = parts
    if cache is not None:
        stamp = site_stamp(site)
        if stamp != cache.site_stamp:
            cache.site_stamp, cache.entries = stamp, {}
        current = {job.md for job in jobs}  # deleted and renamed items leave the cache
        cache.entries = {md: found for md, found in cache.entries.items() if md in current}
    results: dict[int, Entry] = {}
    todo: list[int] = []
    for i, job in enumerate(jobs):
        hit = _cached(cache, job, schemas[job.collection]) if cache is not None else None
        if hit is not None:
            results[i] = hit
        else:
            todo.append(i)
    if say:
        say(f"读取并检查 {len(jobs)} 个条目：{len(jobs) - len(todo)} 个未改动（缓存），{len(todo)} 个需要检查……")
    checked = _check([jobs[i] for i in todo], site, parts)
    for i, entry in zip(todo, checked, strict=True):
        if cache is not None:
            cache.entries[jobs[i].md] = (entry.digest, attachment_stamp(entry, schemas[entry.collection]), _copy(entry))
        results[i] = entry
    if say:
        say(f"检查完成：{len(jobs)} 个条目，用时 {time.perf_counter() - started:.1f} 秒。")
    return [results[i] for i in range(len(jobs))]


def _check(jobs: list[Job], site: SiteSpec, parts: tuple) -> list[Entry]:
    from .library import check_item

    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) >= PARALLEL_FROM and workers > 1:
        try:
            return _check_parallel(jobs, site, workers)
        except Exception:  # noqa: BLE001 - no processes here (sandbox, unpicklable options): same work, one core
            pass
    schemas, registry, context = parts
    return [check_item(job, site, schemas, registry, context) for job in jobs]


def _check_parallel(jobs: list[Job], site: SiteSpec, workers: int) -> list[Entry]:
    """Chunks of jobs in worker processes; each worker loads the site's parts once."""
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(site,)) as pool:
        return [entry for chunk in pool.map(_check_chunk, chunks) for entry in chunk]


_worker: dict[str, Any] = {}


def _start_worker(site: SiteSpec) -> None:
    from .library import guard_context, site_parts

    _vocabulary, registry, _problems, schemas = site_parts(site)
    _worker.update(site=site, schemas=schemas, registry=registry, context=guard_context(site, registry))


def _check_chunk(jobs: list[Job]) -> list[Entry]:
    from .library import check_item

    w = _worker
    return [check_item(job, w["site"], w["schemas"], w["registry"], w["context"]) for job in jobs]


def _cached(cache: EntryCache, job: Job, schema) -> Entry | None:
    """A fresh copy of the cached entry when its file and attachments are unchanged."""
    found = cache.entries.get(job.md)
    if found is None:
        return None
    digest, stamp, entry = found
    try:
        if job.md.stat().st_size > MAX_ITEM_BYTES:
            return None  # checked again: refused without being read
        raw = job.md.read_bytes()
    except OSError:
        return None
    if hashlib.sha1(raw).hexdigest() != digest or attachment_stamp(entry, schema) != stamp:
        return None
    return _copy(entry)


def _copy(entry: Entry) -> Entry:
    """What later stages change (problems, ``related``) is the copy's own."""
    return replace(entry, data=dict(entry.data), problems=list(entry.problems))


def attachment_stamp(entry: Entry, schema) -> tuple:
    """Size and time of every declared attachment and of its folder (a file added, renamed or edited)."""
    from .library import declared_attachments

    stamp = []
    for _path, item in declared_attachments(entry, schema):
        name = item.get("file")
        if isinstance(name, str):
            target = entry.folder.joinpath(*PurePosixPath(name.strip().replace("\\", "/")).parts)
            stamp.append((name, _stat(target), _stat(target.parent)))
    return tuple(stamp)


def site_stamp(site: SiteSpec) -> tuple:
    """The configuration files every item's check depends on, and the plugin options."""
    privacy = site.options.get("privacy") or {}
    allow = privacy.get("allow_file", "data/privacy-allow.txt") if isinstance(privacy, dict) else "data/privacy-allow.txt"
    files = [site.vocabulary_path(), site.path(site.authors), site.root / str(allow), *sorted(BUILTIN_DIR.glob("*.yml"))]
    for spec in site.collections.values():
        try:
            files += sorted(_resolve(spec.schema, site.root).parent.glob("*.yml"))
        except Exception:  # noqa: BLE001 - a missing schema is reported by load_library itself
            continue
    return tuple((str(p), _stat(p)) for p in files) + (repr(site.options),)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns)
