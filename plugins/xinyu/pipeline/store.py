"""The persistent build cache: ``.cache/xinyu/cache.sqlite`` beside the site's mkdocs.yml.

One SQLite file (the standard library's; safe with several processes, such as ``serve`` and
``xinyu check`` at once) holds results by *kind* (``item``: a checked item, ``html``: an
item's converted Markdown …) and *key* (a digest of everything the result depends on, see
:mod:`.keys`). A result is never looked up by anything but its key, so a stale one is never
served: it is simply not found.

Each run keeps what it used and removes the rest of the kinds it used (:meth:`Store.keep`), so
the cache holds the current site and nothing else: an item withdrawn or deleted leaves it at
the next build.

The cache is off when ``XINYU_NO_CACHE`` is set (to anything but ``0``), with ``--no-cache``
(which sets it), or when the folder cannot be written; then every run works as a first one.
Values are pickled: the cache is trusted like the working copy it sits in (CI keeps one per
branch, see docs/dev/performance.md), as long as this machine made it: one that git tracks came
with a commit and is never opened (:func:`came_with_repository`).
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FOLDER = ".cache/xinyu"
FILE = "cache.sqlite"
SCHEMA = 3  # 3: results in a rowid table, pages of 16 KB (see Store.__init__)
PAGE_SIZE = 16384
BODY_KIND = "page"  # an item's converted Markdown (plugin.bodies)
OUTPUT_KIND = "output"  # an item page's whole HTML (plugin.outputs)
SEARCH_KIND = "search"  # an item's part of the search index (search.prepared)
EXTRACT_KIND = "extract"  # an attachment's text (pipeline.extracts)
INDEX_KIND = "searchindex"  # the last build's search index, files and manifest (search.kept): every item's terms
CARD_KIND = "card"  # an item's card as a listing shows it, by its link (plugin.outputs)
OWNED_KINDS = (BODY_KIND, OUTPUT_KIND, SEARCH_KIND, EXTRACT_KIND, CARD_KIND)  # keys start with keys.owner_prefix(item url)
_BATCH = 500  # keys per SQL statement (SQLite's limit on variables is 999 on old builds)


def cache_disabled() -> bool:
    return os.environ.get("XINYU_NO_CACHE", "").strip() not in ("", "0")


class Store:
    """Results by (kind, key), and file digests by path (see :class:`.keys.FileDigests`)."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(path.parent.parent)
        self.db = self._connect()
        self.lock = threading.Lock()
        self.closed = False
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA secure_delete=ON")  # a removed result (a withdrawn item's) is overwritten, not left in free pages
        # No memory map (PRAGMA mmap_size): it reads a rebuild's large rows at a third of the CPU, but every page of the
        # file a build touches then counts in the process's memory (gencases 5,000, cold build: PSS peak 1,071 -> 1,452
        # MB), which would take 10,000 items past the 2 GB the build may use.
        # results: a rowid table with its key in an index of its own. In a table WITHOUT ROWID (schema 2) the values sit
        # in the key's B-tree, and SQLite read every value's overflow pages to list or delete keys: a one-edit rebuild
        # at gencases 5,000 made 1.2 million reads of 4 KB. Pages of 16 KB: a page's HTML (~50 KB) in 4 reads, not 13.
        # mentions: the items (keys.owner_prefix of their address) a result shows besides its owner, such as
        # the cards of a listing page: a withdrawn item takes them along (drop_owner).
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS results (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key));"
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT, digest TEXT) WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS mentions (owner TEXT, kind TEXT, key TEXT, PRIMARY KEY (owner, kind, key)) WITHOUT ROWID;"
        )
        if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:  # a new file (a write: not at every open)
            self.db.execute(f"PRAGMA user_version={SCHEMA}")

    def _connect(self) -> sqlite3.Connection:
        """The file, made anew when an older version of the plugin wrote it (its results are of no use to this one:
        keys.code_digest is in every key), so that it gets this version's page size and tables."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        if db.execute("PRAGMA user_version").fetchone()[0] not in (0, SCHEMA):
            db.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # before the first table: a new file only
        db.execute("PRAGMA journal_mode=WAL")
        return db

    @contextmanager
    def transaction(self):
        """One write, all or nothing, one thread at a time."""
        with self.lock:
            self.db.execute("BEGIN")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # results -----------------------------------------------------------------------------------------------

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        """The cached results of those keys that have one (unreadable ones count as missing)."""
        found: dict[str, Any] = {}
        for key, value in self.get_many_raw(kind, keys).items():
            try:
                found[key] = pickle.loads(value)
            except Exception:  # noqa: BLE001 - a result written by another version or cut short: recompute it
                continue
        return found

    def get_many_raw(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored bytes of those keys that have a result (for results kept in a format of their own)."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        with self.lock:
            for i in range(0, len(keys), _BATCH):
                part = keys[i : i + _BATCH]
                query = f"SELECT key, value FROM results WHERE kind=? AND key IN ({','.join('?' * len(part))})"
                found.update(self.db.execute(query, [kind, *part]).fetchall())
        return found

    def present(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Which of these keys have a result (without reading them)."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self.lock:
            for i in range(0, len(keys), _BATCH):
                part = keys[i : i + _BATCH]
                query = f"SELECT key FROM results WHERE kind=? AND key IN ({','.join('?' * len(part))})"
                found.update(key for (key,) in self.db.execute(query, [kind, *part]))
        return found

    def keys(self, kind: str) -> set[str]:
        """Every key of ``kind`` that has a result (without reading the results)."""
        with self.lock:
            return {key for (key,) in self.db.execute("SELECT key FROM results WHERE kind=?", (kind,))}

    def get(self, kind: str, key: str) -> Any | None:
        return self.get_many(kind, [key]).get(key)

    def put_many(self, kind: str, values: dict[str, Any]) -> None:
        self.put_many_raw(kind, {key: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for key, value in values.items()})

    def put_many_raw(self, kind: str, values: dict[str, bytes], mentions: dict[str, Iterable[str]] | None = None) -> None:
        """Results already pickled (by the worker that made them); ``mentions``: key → the owner prefixes
        of the items a result shows (see :meth:`drop_owner`)."""
        rows = [(kind, key, value) for key, value in values.items()]
        if not rows:
            return
        shown = [(owner, kind, key) for key, owners in (mentions or {}).items() for owner in set(owners)]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
            self.db.executemany("INSERT OR IGNORE INTO mentions VALUES (?, ?, ?)", shown)

    def put(self, kind: str, key: str, value: Any) -> None:
        self.put_many(kind, {key: value})

    def keep(self, kind: str, keys: Iterable[str]) -> int:
        """Remove every result of ``kind`` whose key is not in ``keys``; returns how many went."""
        with self.transaction():
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY) WITHOUT ROWID")
            self.db.execute("DELETE FROM kept")
            self.db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in keys))
            gone = self.db.execute("DELETE FROM results WHERE kind=? AND key NOT IN (SELECT key FROM kept)", (kind,)).rowcount
            self.db.execute("DELETE FROM mentions WHERE kind=? AND key NOT IN (SELECT key FROM kept)", (kind,))
        if gone:
            self.erase()
        return gone

    def drop_prefix(self, kind: str, prefix: str) -> int:
        """Remove every result of ``kind`` whose key starts with ``prefix`` (and the log that still holds them); how many went."""
        with self.lock:
            gone = self.db.execute(
                "DELETE FROM results WHERE kind=? AND key >= ? AND key < ?", (kind, prefix, prefix + "\U0010ffff")
            ).rowcount
        if gone:
            self.erase()
        return gone

    def drop_owner(self, owner: str) -> int:
        """Remove every result an item owns (keys starting with ``owner``, see keys.owner_prefix) and every
        result that shows it (a listing with its card, a page naming it as related); how many went."""
        gone = sum(self.drop_prefix(kind, owner) for kind in OWNED_KINDS)
        with self.transaction():
            shown = self.db.execute("SELECT kind, key FROM mentions WHERE owner=?", (owner,)).fetchall()
            for kind, key in shown:
                # The kept search index (its manifest mentions every item it holds) has the item's terms in every row.
                where, args = ("kind=?", (kind,)) if kind == INDEX_KIND else ("kind=? AND key=?", (kind, key))
                gone += self.db.execute(f"DELETE FROM results WHERE {where}", args).rowcount
            self.db.execute("DELETE FROM mentions WHERE owner=?", (owner,))
        if shown:
            self.erase()
        return gone

    def erase(self) -> None:
        """Removed results leave the write-ahead log too (secure_delete has zeroed them in the file)."""
        with self.lock:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # file digests ------------------------------------------------------------------------------------------

    def file_digests(self) -> dict[str, tuple[str, str]]:
        with self.lock:
            return {path: (stamp, digest) for path, stamp, digest in self.db.execute("SELECT path, stamp, digest FROM files")}

    def put_file_digests(self, rows: dict[str, tuple[str, str]]) -> None:
        from ..guard.files import undecodable

        rows = {p: row for p, row in rows.items() if not undecodable(p)}  # a name not UTF-8: reported, never kept
        if not rows:
            return
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", ((p, s, d) for p, (s, d) in rows.items()))

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.db.close()


class Writer:
    """Writes to the store on one thread of its own (SQLite and zlib let go of the GIL), off the caller's time,
    in the order given; :meth:`wait` waits for all of them (raising what one raised) and ends the thread."""

    def __init__(self, name: str):
        self.name = name
        self.executor: ThreadPoolExecutor | None = None
        self.writing: list[Future] = []

    def submit(self, function, *args) -> None:
        if self.executor is None:
            self.executor = ThreadPoolExecutor(1, thread_name_prefix=self.name)
        self.writing.append(self.executor.submit(function, *args))

    def wait(self) -> None:
        writing, self.writing = self.writing, []
        executor, self.executor = self.executor, None
        try:
            for done in writing:
                done.result()
        finally:
            if executor is not None:
                executor.shutdown()


def open_store(root: Path) -> Store | None:
    """The site's cache, or None when it is switched off or cannot be used (then nothing is cached)."""
    if cache_disabled() or came_with_repository(Path(root)):
        return None
    try:
        return Store(Path(root) / FOLDER / FILE)
    except (OSError, sqlite3.Error):
        return None


def template_cache(folder: Path, env) -> Any:
    """Compiled Jinja templates kept beside the store (Jinja checks each one against its template's source).

    The folder is named by the plugin's code, the libraries' versions and the environment's settings (what
    compiling depends on besides the source); folders of other versions are removed."""
    from jinja2 import FileSystemBytecodeCache

    from .keys import code_digest, digest

    target = folder / ("jinja-" + digest(code_digest(), compiler_settings(env))[:16])
    for old in folder.glob("jinja-*"):
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(target))


JINJA_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "finalize",
    "undefined",
    "enable_async",
    "is_async",
)


def compiler_settings(env) -> list[str]:
    """What a template's compiled code depends on besides its source: the environment's extensions, code
    generator and settings (the on-disk cache here and serve's in-memory one, plugin.serving)."""
    return [*sorted(env.extensions), repr(env.code_generator_class), *(repr(getattr(env, name, None)) for name in JINJA_SETTINGS)]


def came_with_repository(root: Path) -> bool:
    """True when git tracks a file under the cache folder: it came in a commit (a pull request can add
    one, a web upload ignores .gitignore), not from this machine's builds. Its pickled values would run
    code when read, so it is never opened; the build works as a first one and says why."""
    try:
        found = subprocess.run(["git", "ls-files", "-z", "--", FOLDER], cwd=root, capture_output=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False  # no git: nothing was committed through it
    if not found:
        return False
    first = found.split(b"\0")[0].decode("utf-8", "replace")
    logging.getLogger("mkdocs.plugins.xinyu").warning(
        f"{FOLDER}/ 中有提交到仓库里的文件（{first}）：构建缓存只能由本机生成，这次不使用缓存。请从仓库中删除：git rm -r --cached {FOLDER}"
    )
    return True


def _ignore_in_git(cache: Path) -> None:
    """``.cache/`` holds nothing to commit: say so inside it, for sites whose .gitignore does not."""
    marker = cache / ".gitignore"
    if not marker.exists():
        try:
            marker.write_text("# xinyu's build cache (safe to delete)\n*\n", encoding="utf-8")
        except OSError:
            pass
