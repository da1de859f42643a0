"""What ``mkdocs serve`` keeps from one rebuild to the next (the plugin instance lives across them).

MkDocs makes a new Jinja environment for every build, so every template the build renders is
compiled again (about a second for Material's and ours). :class:`CompiledTemplates` keeps the
compiled code of each template by its name, file, source text and the environment's compiler
settings: a template whose file changed is compiled again, the others are not. One is kept for
the whole process (:data:`COMPILED`): serve's rebuilds, and any build after another in the same
process, take from it; a build cache's folder (pipeline.store.template_cache) sits behind it.

:class:`SearchLater`: under ``serve`` the search index is made after the pages are written, in the
background, so that the edited page does not wait for it; only the newest build's index is kept.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.plugins import get_plugin_logger

from ..content.commands import command
from ..content.problems import count_errors
from ..content.unchanged import Changes
from ..guard.files import leftover
from ..pipeline import scratch
from ..pipeline.store import compiler_settings
from .context import our_source
from .logs import SIGNAL_FOLDER

log = get_plugin_logger(__name__)


IDLE = 2.5  # seconds without a new build after which serve's background work starts (a save 1–2 s after the last is common)
SOON = 0.3  # seconds after a serve build before its garbage is collected: its page is served first


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, in memory: code objects by template and source (Jinja's own checksum).
    ``behind`` (another bytecode cache, a folder's) is asked for what is not in memory, and given what is compiled."""

    def __init__(self, codes: dict[tuple, object] | None = None, behind: BytecodeCache | None = None) -> None:
        self.codes: dict[tuple, object] = {} if codes is None else codes
        self.behind = behind

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.codes.get(_where(bucket))
        if bucket.code is None and self.behind is not None:
            self.behind.load_bytecode(bucket)
            if bucket.code is not None:
                self._keep(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._keep(bucket)
        if self.behind is not None:
            self.behind.dump_bytecode(bucket)

    def _keep(self, bucket: Bucket) -> None:
        if len(self.codes) > 2000:  # templates edited again and again under serve: start over
            self.codes.clear()
        self.codes[_where(bucket)] = bucket.code

    def backed_by(self, behind: BytecodeCache | None) -> CompiledTemplates:
        """The same code objects in memory, with a folder's cache behind them."""
        return CompiledTemplates(self.codes, behind) if behind is not None else self


COMPILED = CompiledTemplates()  # the process's: serve's rebuilds and every build after the first in one process


def _where(bucket: Bucket) -> tuple:
    return (tuple(compiler_settings(bucket.environment)), bucket.key, bucket.checksum)


class SearchLater:
    """The search index of each ``serve`` build, gathered and written in a background thread once its pages are out.

    It starts ``delay`` seconds after the build, and not at all when another build has begun by then: a
    contributor saving again and again does not pay for an index per save (at 5,000 items, many CPU seconds),
    and a save soon after the page showed is not slowed by gathering the documents (this thread holds the GIL).
    One index is written at a time: a job due while another still runs waits for it and then, if it is still the
    newest build's, patches the index that one placed. (Started side by side, each found no index placed yet and
    wrote a whole one; at 5,000 items they piled up, one more each save, and every rebuild grew slower.)
    """

    def __init__(self, delay: float = IDLE) -> None:
        self.lock = threading.Lock()
        self.one_at_a_time = threading.Lock()  # held while a job is made and written
        self.generation = 0
        self.delay = delay
        self.stopped = threading.Event()
        self.threads: list[threading.Thread] = []
        self.running: object | None = None  # the job being written (exports.SearchJob)
        self.placed: tuple[Path, str] | None = None  # the index the last job put in the site folder (SearchJob.placed)

    def next_build(self) -> None:
        self.generation += 1

    def start(self, make_job: Callable[[tuple | None], object], target: Path) -> None:
        """``make_job(previous)`` gathers the documents and starts the indexing process (exports.SearchJob); a newer
        build's wins. ``previous`` is the index the last job put at ``target``, for the new one to patch there: handed
        over once (the job moves the folder away; what is there next is that job's)."""
        generation = self.generation

        def run() -> None:
            if self.stopped.wait(self.delay):
                return  # serve is ending
            try:
                with self.one_at_a_time:  # the job under way ends first: this one patches what it placed
                    with self.lock:
                        if generation != self.generation or self.stopped.is_set():
                            return  # a newer build has started: it indexes its own documents
                        previous, self.placed = self.placed, None
                        job = self.running = make_job(previous if previous is not None and previous[0] == target else None)
                    if job is not None:
                        job.finish(target)
                        self.placed = job.placed
            except Exception as exc:  # noqa: BLE001 - in a background thread under serve: report, never crash serve
                log.warning(f"搜索索引没有生成：{exc}")

        thread = threading.Thread(target=run, daemon=True, name="xinyu-search")
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """At the end of ``serve``: no index is started any more, and the one being written is called off and
        waited for, so that no pool is made while the process ends (workers.retire) and nothing is written into the
        site folder MkDocs then removes. A later ``serve`` in this process (the plugin instance is kept) starts anew."""
        self.stopped.set()
        with self.lock:  # a job being made now is there once the lock is free
            job, self.running = self.running, None
            self.generation += 1  # a job still queued behind one that outlasts the wait below never starts
        if job is not None:
            job.cancel()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.threads = [t for t in self.threads if t.is_alive()]
        self.stopped.clear()


class Collector:
    """Python's garbage collector under ``serve``, out of the rebuilds' way.

    A 5,000-item library is millions of objects that live from one rebuild to the next; every full
    collection walks them all (about a second of CPU at 5,000 items), and a rebuild (which makes a new
    library, index and pages) sets off two or three. So a rebuild runs without automatic collections (the
    first build keeps them: it makes the most garbage), and the garbage is collected, and what survives
    frozen (``gc.freeze``: no automatic collection walks it), once nothing new has started for ``delay``
    seconds after a build; the next such collection unfreezes it first, so that what the last build left
    behind is freed then. ``soon`` seconds after the first build (its page is served by then; a contributor's
    first save comes later) and after the ``UNCOLLECTED``-th rebuild without a collection (saves less than
    ``delay`` apart), the collection comes sooner, so that no rebuild has to run with collections on; only when
    a save comes before even that does the next rebuild collect as usual. A build that fails
    (``on_build_error``) ends the same way.
    """

    UNCOLLECTED = 3

    def __init__(self, delay: float = IDLE, soon: float = SOON) -> None:
        self.delay, self.soon = delay, soon
        self.generation = 0
        self.building = self.rebuild = False
        self.pending = 0  # builds since the last collection
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def begin(self, rebuild: bool) -> None:
        with self.lock:
            self.generation += 1
            self.building, self.rebuild = True, rebuild
            if rebuild and self.pending < self.UNCOLLECTED:
                gc.disable()
            else:
                gc.enable()

    def end(self) -> None:
        with self.lock:
            self.building = False
            self.pending += 1
            generation = self.generation
            soon = not self.rebuild or self.pending >= self.UNCOLLECTED
        self.later(self.soon if soon else self.delay, lambda: self.collect(generation))

    def collect(self, generation: int) -> None:
        """The garbage of the builds since the last collection, unless a build newer than ``generation`` has begun."""
        with self.lock:
            if generation == self.generation and not self.building:
                gc.unfreeze()
                gc.collect()
                gc.freeze()
                gc.enable()
                self.pending = 0

    def later(self, delay: float, run: Callable[[], None]) -> None:
        self.stop()  # only the newest build's collection is waited for
        self.timer = threading.Timer(delay, run)
        self.timer.daemon = True
        self.timer.name = "xinyu-collect"
        self.timer.start()

    def stop(self) -> None:
        """At the end of ``serve`` (and before each new wait): the collection not yet started is dropped, one under way ends."""
        timer, self.timer = self.timer, None
        if timer is not None:
            timer.cancel()
            timer.join()


class Later:
    """Work a ``serve`` build leaves for after it (the catalogs, feeds, workbook), so that the page reloads first;
    one job after the other, in a background thread. The next build :meth:`wait`s for them before it starts."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None

    def __call__(self, function: Callable[..., object], *args: object) -> None:
        before = self.thread

        def run() -> None:
            if before is not None:
                before.join()
            try:
                function(*args)
            except Exception as exc:  # noqa: BLE001 - in a background thread under serve: report, never crash serve
                log.warning(f"目录、统计或订阅源文件没有写出：{exc}")

        self.thread = threading.Thread(target=run, daemon=True, name="xinyu-later")
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None


class Published:
    """What this serve's last build wrote into catalog.json, as the next build's ``read_catalog`` would read it back
    (collection, slug, url, title: all ``lost_items`` uses), so that a rebuild does not parse the whole catalog again.
    Used only while the file is the one that build wrote (same stamp); else the file is read."""

    def __init__(self) -> None:
        self.stamp: tuple | None = None
        self.items: list[dict] = []

    def wrote(self, catalog: Path, entries) -> None:
        fields = ("collection", "slug", "url")
        self.items = [{**{k: getattr(e, k) for k in fields}, "title": e.data.get("title")} for e in entries]
        self.stamp = file_stamp(catalog)

    def read(self, catalog: Path, read_catalog: Callable[[Path], list[dict] | None]) -> list[dict] | None:
        if self.stamp is not None and file_stamp(catalog) == self.stamp:
            return [dict(item) for item in self.items]
        return read_catalog(catalog)


def file_stamp(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def changes(problems: list, before: frozenset, new: int) -> None:
    """A `serve` rebuild's one line about the problems it did not list again (the ``new`` ones were).

    ``problems`` has no repeats (Library.settle), so those also in ``before`` number ``len(problems) - new``.
    A warning while any error remains, so that ``serve --strict`` still fails on an old error."""
    solved = len(before) - (len(problems) - new)
    errors = count_errors(problems)
    if not problems and not solved:
        return
    line = (
        f"与上次构建相比：新问题 {new} 条{'（见上）' if new else ''}，已解决 {solved} 条；现有错误 {errors} 条、警告 {len(problems) - errors} 条"
        f"（与上次相同的不再重复列出；完整清单请运行 {command('check')}）。"
    )
    log.log(logging.WARNING if errors else logging.INFO, line)


class SiteFolder:
    """What each `serve` build put in the site folder, for the next ``--dirty`` build, which only adds to it.

    That build removes what it no longer makes (the page and files of an item made draft, withdrawn or moved,
    a site page the check now refuses, the feed of a collection left empty) and copies again a file whose
    source changed even when its time went back (MkDocs copies one only when the source is newer: a redacted
    attachment saved earlier, ``cp -p``, unzip)."""

    def __init__(self) -> None:
        self.made: set[str] = set()  # what the last build left in the folder
        self.files: set[str] = set()  # this build's files (MkDocs' own), known from on_env
        self.sources: dict[str, tuple | None] = {}

    def before_copy(self, files, site_dir: Path) -> None:
        """From ``on_env``: this build's files are known, nothing is copied yet."""
        sources = {f.dest_uri: file_stamp(Path(f.abs_src_path)) for f in files if f.abs_src_path and not f.is_documentation_page()}
        for uri, stamp in sources.items():
            if uri in self.sources and self.sources[uri] != stamp:
                (site_dir / uri).unlink(missing_ok=True)
        self.sources = sources
        self.files = {f.dest_uri for f in files}

    def after_build(self, site_dir: Path, written: list[str]) -> None:
        """From ``on_post_build``: ``written`` are the files the plugin wrote itself (catalogs, feeds)."""
        made = self.files | set(written)
        for uri in self.made - made:
            (site_dir / uri).unlink(missing_ok=True)
        self.made = made


class Sitemap:
    """``serve --dirty``: MkDocs writes sitemap.xml (rendering every page's entry, a tenth of a rebuild at 5,000 items)
    at each build; this leaves the last one in place while what it lists is the same. Only with our sitemap template
    (``ours``, which reads no more than the pages' addresses, dates and ``internal``): a site's own may read more."""

    NAME = "sitemap.xml"

    def __init__(self, ours: Path) -> None:
        self.ours = ours  # the folder of our templates
        self.last: tuple | None = None  # what the last written sitemap listed
        self.held: set[str] | None = None  # the set it was taken out of for this build

    def before_templates(self, env, config, files) -> None:
        """From ``on_env``, before MkDocs builds the theme's templates."""
        templates = config.theme.static_templates
        if self.NAME not in templates or our_source(env, self.NAME, self.ours) is None:
            self.last = None
            return
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        listed = (config.site_url, [(p.is_link, p.canonical_url, p.abs_url, p.update_date, p.meta.get("internal") is True) for p in pages])
        if listed == self.last and (Path(config.site_dir) / self.NAME).is_file():
            templates.discard(self.NAME)
            self.held = templates
        self.last = listed

    def after_build(self, failed: bool = False) -> None:
        """The template back where it was taken from; after a failed build, the next one writes it."""
        if self.held is not None:
            self.held.add(self.NAME)
            self.held = None
        if failed:
            self.last = None


class Ahead:
    """``serve``: the next rebuild's library loaded as soon as the watcher hears a change (:class:`Watcher`), in a
    background thread, while MkDocs waits for its next poll of the signal file (up to 0.5 s) and starts the rebuild.

    ``on_files`` takes the result (:meth:`take`) when nothing was heard since that load began and its inputs (``inputs()``:
    the site as configured, the files MkDocs polls itself) are the rebuild's; else (an edit during the load, mkdocs.yml
    or a polled registry changed, the load failed) it loads as before. A change heard during a load loads again once
    that one ends; none starts while a build runs (from :meth:`take` to :meth:`resume`): the next build's starts then."""

    QUIET = 0.05  # seconds without a new event before a load starts (one save is several events)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inputs: Callable[[], object] | None = None  # what a load reads besides the watched folders (the plugin's)
        self.load: Callable[[object], object] | None = None  # the plugin's: from those inputs, the library, index …
        self.heard = 0  # the watcher's count at its last change
        self.taken = 0  # the count the last build took (or loaded at)
        self.building = False
        self.thread: threading.Thread | None = None
        self.done: tuple | None = None  # (count, inputs, result or None when the load failed)

    def change(self, count: int) -> None:
        """From :meth:`Watcher.changed` (on watchdog's thread): a new count was signalled."""
        with self.lock:
            self.heard = count
            self._start()

    def _start(self) -> None:
        """A load, unless one runs, a build runs, or no one asked for loads; with the lock held."""
        if self.load is None or self.building or (self.thread is not None and self.thread.is_alive()):
            return
        self.thread = threading.Thread(target=self._run, daemon=True, name="xinyu-ahead")
        self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                count = self.heard
            time.sleep(self.QUIET)
            with self.lock:
                if self.building:
                    return
                if self.heard != count:
                    continue  # still saving
                load, inputs = self.load, self.inputs
            try:
                before = inputs()
                result = load(before)
            except Exception as exc:  # noqa: BLE001 - the rebuild loads again and reports it
                log.debug(f"serve: the library was not loaded ahead ({exc})")
                before = result = None
            with self.lock:
                self.done = (count, before, result)
                if self.building or self.heard == count:
                    return

    def take(self) -> object | None:
        """From ``on_files``: the result of a load that began after the last change and read what the rebuild would
        read, or None (it loads itself). No load starts from now until :meth:`resume`."""
        with self.lock:
            self.building = True
            thread = self.thread
        if thread is not None:
            thread.join()  # a load under way is waited for: never two at once
        with self.lock:
            done, self.done, self.taken = self.done, None, self.heard
        if done is None or done[0] != self.taken or done[2] is None or self.inputs is None:
            return None
        return done[2] if done[1] == self.inputs() else None

    def resume(self) -> None:
        """At the end of a build: a change heard since it took its load starts the next one."""
        with self.lock:
            self.building = False
            if self.heard != self.taken:
                self._start()

    def stop(self) -> None:
        """At the end of ``serve``: no load starts any more, the one under way ends."""
        with self.lock:
            self.building, self.load = True, None
            thread = self.thread
        if thread is not None:
            thread.join()
        with self.lock:
            self.building, self.done = False, None


# File systems whose changes Linux's inotify reports, made by this machine: not a network or shared folder
# (nfs, cifs, 9p and drvfs of WSL, fuse and virtiofs of containers' shared folders), whose edits made elsewhere it misses.
LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "bcachefs", "jfs", "reiserfs"})


class Watcher:
    """``serve``: the big folders (docs/ and the collections) and data/ watched by the plugin, MkDocs polling one signal file.

    MkDocs' server polls every folder it watches twice a second: at 5,000 items a poll stats 10,000 paths, about
    0.1 s of CPU holding the GIL, during rebuilds too, and a save waits for the poll's end before it is seen. Where
    Linux's inotify can watch every folder (a local file system, enough watches), the plugin watches them by it;
    elsewhere (another system, a network or shared folder, out of watches) it polls them as MkDocs would (``POLL``).
    Either way MkDocs polls only a file of the plugin's (``signal``), into which every change writes a new count:
    MkDocs sees the save at its next poll and rebuilds as before. Reading a file (builds do) is no change: writes,
    creations, deletions, moves and attribute changes are; a leftover's (guard.files.leftover: an editor's swap,
    an office lock) is none either. :meth:`stop` ends its threads (the plugin's on_shutdown).

    A watched folder may be missing (a new site's first case, a data folder to come) or be removed and made again
    (``git checkout``, a folder restored from a copy): inotify watches a folder, not a path, and a poll of a folder
    that went stops for good. So each one's parent is watched too, and when the folder appears, goes or comes back,
    it is watched anew and the change signalled."""

    POLL = 0.5  # seconds between two polls where inotify cannot watch (MkDocs' own interval)

    def __init__(self) -> None:
        self.observer = None
        self.polled = False  # polled, not watched by inotify: changes() cannot say what changed
        self.signal: Path | None = None
        self.count = 0
        self.lock = threading.Lock()
        self.roots: dict[Path, object] = {}  # each watched folder → its watch (None while it is missing)
        self.parent = _Parent(self)
        self.paths: set[str] = set()  # named by an event since changes() was last asked
        self.subtrees: set[str] = set()  # folders made, moved, removed or changed in their attributes since the start
        self.epoch = 0
        self.broken = False  # a folder could not be watched again: its later changes are not seen
        self.lost = Lost(self)
        self.ahead: Ahead | None = None  # told of every change (serve's library loaded ahead of MkDocs' poll)

    def take(self, folders: list[Path]) -> list[Path]:
        """Watch ``folders``, all or none: by inotify where it can watch every one, else polled; returns them
        (MkDocs is to poll what is not taken: after a failure, all)."""
        self.stop()
        inotify = sys.platform.startswith("linux") and all(file_system(f) in LOCAL_FILE_SYSTEMS for f in folders)
        for polled in (False, True) if inotify else (True,):
            try:
                self._start(folders, polled)
                return list(folders)
            except Exception as exc:  # noqa: BLE001 - out of inotify watches (a folder per item, the system's limit): poll
                log.debug(f"serve: folders not {'polled' if polled else 'watched'} by the plugin ({exc})")
                self.stop()
        return []

    def _start(self, folders: list[Path], polled: bool) -> None:
        if polled:
            from watchdog.observers.polling import PollingObserver as Observer
        else:
            from watchdog.observers.inotify import InotifyObserver as Observer

            # a folder moved into the tree is watched again, and watchdog warns that it was already (harmless)
            warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
        self.signal = scratch.folder(SIGNAL_FOLDER) / "changed"
        self.signal.write_text("0", encoding="utf-8")
        self.polled = polled
        self.observer = Observer(timeout=self.POLL) if polled else Observer()
        self.roots = {}
        self.heard_from()
        for folder in folders:
            self._watch(folder, self.observer)
        self.observer.start()  # raises when inotify is out of watches

    def _watch(self, folder: Path, observer) -> None:
        """Watch ``folder`` anew (its whole tree) if it is there, and its nearest parent that is (that folder alone)."""
        old = self.roots.get(folder)
        if old is not None:
            with contextlib.suppress(KeyError):  # watchdog dropped it when the folder went
                observer.unschedule(old)
        self.roots[folder] = None
        if folder.is_dir() and not folder.is_symlink():
            self.roots[folder] = observer.schedule(self, str(folder), recursive=True, event_filter=list(CHANGES))
        parent = next((p for p in folder.parents if p.is_dir()), None)
        if parent is not None:  # the same handler for a path twice is one watch (watchdog)
            observer.schedule(self.parent, str(parent), recursive=False, event_filter=list(CHANGES))

    def parent_event(self, event) -> None:
        """An event of a watched folder's parent: when it concerns the folder (or a parent of it), watch it anew.
        Not when the parent's list of names changed (a file saved beside the folder): watching anew loses the events
        that come meanwhile; a folder made, removed or moved has an event of its own."""
        if isinstance(event, LISTED):
            return
        paths = {Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        moved = [root for root in self.roots if any(p == root or p in root.parents for p in paths)]
        observer = self.observer
        if not moved or observer is None:
            return
        try:
            for root in moved:
                self._watch(root, observer)
            self.missed()  # what was made in it before its new watch began is not in any event
        except Exception as exc:  # noqa: BLE001 - on watchdog's thread: out of inotify watches, or serve is ending
            self.broken = True
            if self.observer is not None:
                log.warning(f"serve：{root} 里的改动不再自动发现（{exc}），请重新启动预览。")
        self.dispatch(event)

    def heard_from(self) -> None:
        """A new watch: nothing is known of what changed before it (content.unchanged walks every folder once)."""
        with self.lock:
            self.paths, self.subtrees, self.broken = set(), set(), False
            self.epoch = next(EPOCHS)
        for name in INOTIFY_LOGGERS:
            logging.getLogger(name).addHandler(self.lost)

    def dispatch(self, event) -> None:
        """watchdog's handler interface: called on its thread for every event of a watched folder."""
        if not isinstance(event, CHANGES) or self.signal is None:
            return
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if all(self._leftover(p) for p in paths):
            return  # an editor's swap or autosave, an office lock, the system's (guard.files.leftover): never content
        with self.lock:
            self.paths.update(paths)
            if event.is_directory and not isinstance(event, LISTED):
                self.subtrees.update(paths)
            if not isinstance(event, LISTED):  # a folder's list of names changed: the name's own event says if it matters
                self.changed()

    def _leftover(self, path: str) -> bool:
        """Whether ``path`` is, or is inside, a leftover (below one of the watched folders)."""
        for root in self.roots:
            with contextlib.suppress(ValueError):
                return any(leftover(part) for part in Path(path).relative_to(root).parts)
        return leftover(Path(path).name)

    def changed(self) -> None:
        """A new count into the signal file (MkDocs polls it); with the lock held."""
        self.count += 1
        try:
            self.signal.write_text(str(self.count), encoding="utf-8")
        except (OSError, AttributeError):
            pass  # the folder went (the process is ending)
        if self.ahead is not None:
            self.ahead.change(self.count)

    def missed(self) -> None:
        """Events may have been lost (watchdog warned: the system's queue overflowed; a folder watched anew): a new
        epoch (content.unchanged walks every folder once), and a rebuild."""
        with self.lock:
            self.epoch = next(EPOCHS)
            self.changed()

    def changes(self) -> Changes | None:
        """What changed in the watched folders since the last call (content.unchanged), or None when the watch
        cannot say (not watching, stopped, a folder it could not watch again)."""
        with self.lock:
            paths, self.paths = self.paths, set()
            if self.observer is None or self.polled or self.broken or not self.observer.is_alive() or not _warnings_heard():
                return None
            return Changes(self.epoch, tuple(str(root) for root in self.roots), frozenset(paths), frozenset(self.subtrees))

    def stop(self) -> None:
        for name in INOTIFY_LOGGERS:
            logging.getLogger(name).removeHandler(self.lost)
        observer, self.observer = self.observer, None
        self.roots = {}
        if observer is not None:
            observer.stop()
            if observer.is_alive():
                observer.join()
        if self.signal is not None:
            with contextlib.suppress(OSError):  # gone already (a cleaner of the temporary folder)
                self.signal.unlink(missing_ok=True)
                self.signal.parent.rmdir()
            self.signal = None


class _Parent:
    """watchdog's handler for the parents of the watched folders (:meth:`Watcher.parent_event`)."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def dispatch(self, event) -> None:
        self.watcher.parent_event(event)


def _changes() -> tuple:
    from watchdog import events as e

    # Every kind but opening and closing unwritten (reads). The folders' own kinds too: without them, watchdog does not
    # report a folder moved out of the tree (a case removed with `mv`).
    names = ["FileCreatedEvent", "FileDeletedEvent", "FileModifiedEvent", "FileMovedEvent", "FileClosedEvent", "FileAttribEvent"]
    names += ["DirCreatedEvent", "DirDeletedEvent", "DirMovedEvent", "DirModifiedEvent", "DirAttribEvent"]
    return tuple(getattr(e, name) for name in names if hasattr(e, name))


CHANGES = _changes()
EPOCHS = itertools.count(1)


def _listed() -> tuple:
    from watchdog.events import DirModifiedEvent

    return (DirModifiedEvent,)


LISTED = _listed()  # a folder's list of names changed: its own item's, not those of the folders below it


INOTIFY_LOGGERS = ("watchdog.observers.inotify", "watchdog.observers.inotify_c")


def _warnings_heard() -> bool:
    """Whether watchdog's inotify warnings reach :class:`Lost` (no one turned them off)."""
    loggers = [logging.getLogger(name) for name in INOTIFY_LOGGERS]
    return all(logger.isEnabledFor(logging.WARNING) for logger in loggers)


class Lost(logging.Handler):
    """watchdog's inotify warnings (and worse) mean events were lost: the queue overflowed, a folder could not be
    watched again. Its handler is on those loggers themselves (not on "watchdog": the polling MkDocs does
    warns of a missing folder at every poll)."""

    def __init__(self, watcher: Watcher) -> None:
        super().__init__(logging.WARNING)
        self.watcher = watcher

    def emit(self, record: logging.LogRecord) -> None:
        self.watcher.missed()


def file_system(folder: Path) -> str:
    """The type of the file system ``folder`` is on (Linux: /proc/self/mounts), or "" when unknown."""
    try:
        path = os.path.realpath(folder)
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            found = [line.split()[1:3] for line in mounts if len(line.split()) > 2]
    except OSError:
        return ""
    best, kind = "", ""
    for point, fs in found:
        point = point.replace("\\040", " ")
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fs
    return kind
