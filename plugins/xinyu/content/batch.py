"""Check many items at once: from the cache when unchanged, in worker processes when there are many.

What is known about one item from its own files (parsed front matter, schema problems,
people, attachments, privacy findings) depends only on those files, on the site's
configuration files and on the plugin's code. So it is kept under a key made of all of them
(``serve`` rebuilds and later runs re-check only what changed) and computed in other
processes (both cores on a large build). Cross-item rules (duplicate slugs, related items)
run afterwards, always on the whole library.

The contract with :func:`.library.check_item`: it reads the item's Markdown file, files
under the item's own folder (a bundle) or the attachments it declares (a flat ``<slug>.md``),
and the site files :func:`site_files` names. Anything else it comes to read must join the key.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..guard.files import leftover
from ..pipeline import extracts, workers
from ..pipeline.keys import FileDigests, code_digest, digest, owner_prefix, text_digest, tree_state
from ..pipeline.store import Store
from .entry import Entry

if TYPE_CHECKING:
    from .site import SiteSpec

Progress = Callable[[str], None]
PARALLEL_FROM = 400  # items to check before worker processes pay for their start
CHUNK = 50  # items per task: few round trips, even load
REPORT_FROM = 1000  # items before a load reports its phases
STORE_EVERY = 500  # checked items stored at once
KIND = "item"
PAGE_KIND = "sitepage"  # a site page's check: docs/, a collection's intro, a file the extensions add (content.docs)
SCHEMA_KIND = "schema"  # schemas found valid (jsonschema's own check of a schema), by code version and content
WHOLE_KIND = "check"  # the last whole-site check's result, with the state of its inputs (cli/check.py)


@dataclass(frozen=True)
class Job:
    """One item file to check."""

    collection: str
    slug: str
    md: Path


@dataclass
class EntryCache:
    """Checked items: in memory across ``serve`` rebuilds, in the site's build cache across runs.

    An entry is found by its key (the site's configuration, the plugin, the item's Markdown) and
    used only while the files it read beside its Markdown are unchanged (``deps``). A withdrawn
    item is never kept.
    """

    store: Store | None = None
    site_key: str = ""
    files: FileDigests = field(default_factory=FileDigests)
    memory: dict[str, tuple[tuple, Entry]] = field(default_factory=dict)  # key → (deps, entry)
    fresh: dict[str, bytes] = field(default_factory=dict)  # pickled (deps, entry) to store
    parts: tuple = ()  # (site key, library.site_parts) of the last load: `serve` reuses them while that key holds
    pages: set[str] = field(default_factory=set)  # keys of the site's pages checked (or found) since the last finish

    def begin(self, site: SiteSpec) -> None:
        if self.store is not None and not self.files.known:
            self.files = FileDigests(self.store.file_digests())
        self.site_key = site_key(site, self.files)

    def site_parts(self, site: SiteSpec) -> tuple:
        """The site's vocabulary, registry and schemas, loaded again only when a file they come from (or the plugin,
        or the site's options) changed: the site key covers every file they read."""
        from .library import site_parts

        self.begin(site)
        if not self.parts or self.parts[0] != self.site_key:
            self.parts = (self.site_key, self._with_trusted_schemas(lambda: site_parts(site)))
        return self.parts[1]

    def _with_trusted_schemas(self, load: Callable[[], Any]) -> Any:
        """``load()`` with the schemas an earlier run found valid not checked again (half a second of jsonschema's
        own check at every run), and those found valid now kept. Keyed by the plugin and the libraries' versions
        (keys.code_digest, jsonschema's included) and the schema as loaded: any change is checked again."""
        from .schema import checked_schemas, trust_schemas

        if self.store is None:
            return load()
        prefix = code_digest()[:16] + "-"
        stored = {k for k in self.store.keys(SCHEMA_KIND) if k.startswith(prefix)}
        trust_schemas(frozenset(k[len(prefix) :] for k in stored))
        loaded = load()
        fresh = {prefix + k for k in checked_schemas()} - stored
        if fresh:
            self.store.put_many(SCHEMA_KIND, dict.fromkeys(fresh, True))
            self.store.keep(SCHEMA_KIND, stored | fresh)  # those of another version of the plugin go
        return loaded

    def page(self, path: Path, rel: str, options: tuple, check: Callable[[], Any]) -> Any:
        """A site page's check (content.docs.page_check) from the store while its text, the site (``site_key``) and the
        ``options`` of its reading are the same; else ``check()``, kept unless the page is held back (a withdrawn
        page's text stays nowhere). Before its first call, :meth:`begin` (the site key)."""
        found = self.files.of(path) if self.store is not None and self.site_key else None
        if not found or found.startswith(("link:", "dir", "other")):
            return check()
        key = digest(self.site_key, rel, found, options)
        self.pages.add(key)
        kept = self.store.get(PAGE_KIND, key)
        if kept is not None:
            return kept
        result = check()
        if not result.held:
            self.store.put(PAGE_KIND, key, result)
        return result

    def key(self, job: Job) -> str | None:
        md = self.files.of(job.md)
        if not md or md.startswith(("link:", "dir")):
            return None
        where = os.fspath(job.md)
        return item_prefix(job.collection, where) + text_digest(self.site_key, job.collection, job.slug, where, md)

    def forget(self, job: Job, entry: Entry) -> None:
        """Drop every cached version of this item (it was withdrawn: nothing of it may stay on disk): its
        checks, and whatever was made from it (body, page, search terms, attachments' text: keys.owner_prefix)."""
        prefix = item_prefix(job.collection, os.fspath(job.md))
        self.fresh = {k: v for k, v in self.fresh.items() if not k.startswith(prefix)}
        self.memory = {k: v for k, v in self.memory.items() if not k.startswith(prefix)}
        if self.store is not None:
            self.store.drop_prefix(KIND, prefix)
            self.store.drop_prefix(WHOLE_KIND, "")  # it quotes every item's problems
            self.store.drop_owner(owner_prefix(entry.url))

    def finish(self, used: list[str], everything: bool, site: SiteSpec) -> None:
        """Store what was checked; with ``everything`` (a whole site), drop what this run did not use:
        items, and the text of files that no item has any more (a withdrawn item's too)."""
        self.flush()
        if self.store is not None and everything:
            self.store.keep(KIND, used)
            self.store.keep(extracts.KIND, self.extract_keys(used, site))
            self.store.keep(PAGE_KIND, self.pages)
        self.pages = set()
        if everything:
            wanted = set(used)
            self.memory = {k: v for k, v in self.memory.items() if k in wanted}

    def flush(self) -> None:
        """Store the items checked so far and the digests of the files read (also while workers check the rest)."""
        if self.store is not None:
            self.store.put_many_raw(KIND, self.fresh)
            self.store.put_file_digests(self.files.changed)
        self.fresh = {}
        self.files.known.update(self.files.changed)
        self.files.changed = {}

    def extract_keys(self, used: list[str], site: SiteSpec) -> set[str]:
        """The keys of the attachment text every current item's files may have (pipeline.extracts)."""
        from ..guard.options import GuardOptions

        options = GuardOptions.from_mapping(site.options.get("privacy"))
        keys = set()
        for key in used:
            deps, entry = self.memory.get(key, ((), None))
            for rel, found in deps:
                if isinstance(found, str):
                    keys.add(extracts.extract_key(entry.url, found, rel.rsplit(".", 1)[-1].lower(), options))
        return keys - {None}


def check_items(
    site: SiteSpec,
    jobs: list[Job],
    parts: tuple,
    cache: EntryCache | None,
    progress: Progress | None,
    everything: bool = True,
    pool: workers.Workers | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Entry]:
    """Every job's entry, in job order: cached where unchanged, else checked (in parallel when many). ``meanwhile``
    runs once the workers have every item to check: the caller's own work overlaps with their checks."""
    started = time.perf_counter()
    say = progress if progress and len(jobs) >= REPORT_FROM else None
    keys: list[str | None] = [None] * len(jobs)
    results: dict[int, Entry] = {}
    if cache is not None:
        cache.begin(site)
        keys = [cache.key(job) for job in jobs]
        results = _cached(cache, jobs, keys)
    todo = [i for i in range(len(jobs)) if i not in results]
    store = cache.store if cache is not None else None
    extracts.install(store)
    if say:
        say(f"读取并检查 {len(jobs)} 个条目：{len(jobs) - len(todo)} 个未改动（缓存），{len(todo)} 个需要检查……")
    checked = _check([jobs[i] for i in todo], site, parts, pool, str(store.path) if store else None)
    if meanwhile is not None:
        meanwhile()
    for i, entry in zip(todo, checked, strict=True):
        results[i] = entry
        if cache is not None and entry.withdrawn:
            cache.forget(jobs[i], entry)
        elif cache is not None and keys[i] is not None:
            found = (item_deps(entry, cache.files), entry)
            cache.memory[keys[i]] = found
            if cache.store is not None:  # pickling a str keeps a UTF-8 copy inside it (CPython): only to store it
                cache.fresh[keys[i]] = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
                if len(cache.fresh) >= STORE_EVERY:
                    cache.flush()  # while the workers check the next items
            results[i] = entry.copy()
    if cache is not None:
        cache.finish([k for k in keys if k is not None], everything, site)
    if say:
        say(f"检查完成：{len(jobs)} 个条目，用时 {time.perf_counter() - started:.1f} 秒。")
    return [results[i] for i in range(len(jobs))]


def item_prefix(collection: str, md: str) -> str:
    """The start of every key of one item file (``md``, as a path string), whatever its content: its earlier versions
    can be found and dropped."""
    return text_digest(collection, md)[:16] + "-"


def _cached(cache: EntryCache, jobs: list[Job], keys: list[str | None]) -> dict[int, Entry]:
    """Fresh copies of the entries whose key is known and whose other files are unchanged."""
    missing = [k for k in keys if k is not None and k not in cache.memory]
    if cache.store is not None and missing:
        cache.memory.update(cache.store.get_many(KIND, missing))
    found = {}
    for i, key in enumerate(keys):
        hit = cache.memory.get(key) if key is not None else None
        if hit is not None and item_deps(hit[1], cache.files) == hit[0]:
            found[i] = hit[1].copy()
    return found


def _check(jobs: list[Job], site: SiteSpec, parts: tuple, pool: workers.Workers | None = None, store: str | None = None) -> Iterator[Entry]:
    """Every job's entry, in job order: checked in this process, or in workers (which read attachments through the
    build cache at ``store`` too). The build's workers get every chunk now, and give each as soon as it is checked
    and those before it are given: the caller's work on it overlaps with the checks still running."""
    count = pool.count if pool is not None and len(jobs) >= PARALLEL_FROM else workers.parallel(len(jobs), PARALLEL_FROM)
    if count > 1:
        from .schema import checked_schemas

        size = max(1, min(CHUNK, -(-len(jobs) // (count * 4))))
        trusted = checked_schemas()
        chunks = [(site, store, trusted, jobs[i : i + size]) for i in range(0, len(jobs), size)]
        try:
            done = pool.imap(_check_chunk, chunks) if pool is not None else workers.run_all(_check_chunk, chunks, count)
            return _gathered(done, jobs, site, parts)
        except Exception:  # noqa: BLE001 - no processes here (sandbox, unpicklable options): all of them here
            pass
    return _here(jobs, site, parts)


def _gathered(done: Iterable[list[Entry]], jobs: list[Job], site: SiteSpec, parts: tuple) -> Iterator[Entry]:
    """The workers' entries, chunk by chunk; when they fail (a worker gone), the rest checked here."""
    given = 0
    try:
        for chunk in done:
            yield from chunk
            given += len(chunk)
        return
    except Exception:  # noqa: BLE001 - a worker gone, or a task that could not be sent: the rest here
        pass
    yield from _here(jobs[given:], site, parts)


def _here(jobs: list[Job], site: SiteSpec, parts: tuple) -> Iterator[Entry]:
    from .library import check_item

    schemas, registry, context = parts
    for job in jobs:
        yield check_item(job, site, schemas, registry, context)


_worker: dict[str, Any] = {}


def _check_chunk(task: tuple[SiteSpec, str | None, frozenset[str], list[Job]]) -> list[Entry]:
    """Worker task: check a few items; the site's parts are loaded once per worker and site (the schemas that the
    parent process found valid are not checked again)."""
    from ..pipeline.store import Store
    from .library import check_item, guard_context, site_parts
    from .schema import trust_schemas

    site, store, trusted, jobs = task
    if _worker.get("store") != store:
        extracts.install(Store(Path(store)) if store else None)  # attachments' text shared through the build cache
        _worker["store"] = store
    if _worker.get("site") != site:
        trust_schemas(trusted)
        _vocabulary, registry, _problems, schemas = site_parts(site)
        _worker.update(site=site, schemas=schemas, registry=registry, context=guard_context(site, registry))
    w = _worker
    return [check_item(job, site, w["schemas"], w["registry"], w["context"]) for job in jobs]


def item_deps(entry: Entry, files: FileDigests) -> tuple:
    """What the item's check read besides its Markdown, as digests: a bundle's whole folder; a flat
    item's declared attachments (and, when one is missing, the names beside it: the message suggests one)."""
    if entry.path.name == "index.md":
        return tuple(tree_state(entry.folder, files, skip=entry.path))
    state = []
    for name in declared_files(entry):
        parts = PurePosixPath(name).parts
        # Every folder on the way too: one replaced by a link (same file behind it) changes the verdict.
        state += [("/".join(parts[:n]) + "/", files.of(entry.folder.joinpath(*parts[:n]))) for n in range(1, len(parts))]
        found = files.of(entry.folder.joinpath(*parts))
        state.append((name, found))
        if found is None:
            state.append(
                ("…", tuple(sorted(p.name for p in entry.folder.iterdir() if not leftover(p.name))) if entry.folder.is_dir() else ())
            )
    return tuple(state)


def declared_files(entry: Entry) -> list[str]:
    """Every ``file`` named in the front matter (attachments, video, slides), as written."""
    found: list[str] = []

    def walk(value: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(value, dict):
            name = value.get("file")
            if isinstance(name, str) and name.strip():
                found.append(name.strip().replace("\\", "/"))
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                walk(item, depth + 1)

    walk(entry.data)
    for key in ("video", "slides"):  # also given as a plain relative path
        if isinstance(entry.data.get(key), str):
            found.append(entry.data[key].strip().replace("\\", "/"))
    return found


def site_key(site: SiteSpec, files: FileDigests) -> str:
    """Everything every item's check depends on beyond its own files."""
    # The collections and programme as resolved (defaults, folders found), not only as configured:
    # reserved slugs and the other per-item rules derive from them.
    resolved = [repr(site.collections), repr(site.programme)]
    return digest(code_digest(), str(site.root), site.options, resolved, [(str(p), files.of(p)) for p in site_files(site)])


def site_files(site: SiteSpec) -> list[Path]:
    """The site's configuration files an item's check reads: vocabulary, people, allow-lists, schemas,
    and whatever else sits in ``data/`` (a new list lands there)."""
    from ..guard.files import walk
    from .schema import BUILTIN_DIR, schema_files  # here: the validator need not load when nothing is checked

    privacy = site.options.get("privacy") or {}
    allow = privacy.get("allow_file", "data/privacy-allow.txt") if isinstance(privacy, dict) else "data/privacy-allow.txt"
    found = [site.vocabulary_path(), site.path(site.authors), site.root / str(allow), *sorted(BUILTIN_DIR.glob("*.yml"))]
    programme = site.programme
    if programme is not None:
        found += [site.path(p) for p in (getattr(programme.groups, "file", None), programme.schools) if isinstance(p, str)]
    data = site.root / "data"
    if data.is_dir():
        found += sorted(f.path for f in walk(data) if f.kind == "file")  # links are reported, never read
    for spec in site.collections.values():
        found += schema_files(spec.schema, site.root)  # the x-extends chain too, wherever its files are
    return list(dict.fromkeys(found))
