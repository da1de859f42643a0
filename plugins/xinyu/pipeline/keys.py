"""What a cached result depends on, as digests.

- :func:`code_digest`: the plugin itself (every file of the installed package: code, schemas,
  templates, the privacy rules and the shipped allow-lists) and the versions of the libraries it
  runs (MkDocs, Material, Markdown, jsonschema …), so that an upgrade of either recomputes all;
- :class:`FileDigests`: the SHA-1 of a file's bytes, remembered by its size, times and inode so
  that an unchanged file is not read again (a fresh clone in CI has new times: it is read once);
- :func:`digest`: one key from several parts.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import sys
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
RACY_SECONDS = 2.0  # a file changed this recently may change again within its time stamp's resolution


def digest(*parts: Any) -> str:
    """A key for these parts (strings, bytes, numbers, and lists/dicts of them)."""
    h = hashlib.sha1()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, ensure_ascii=False, sort_keys=True, default=repr).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def text_digest(*parts: str) -> str:
    """A key for parts that are all text, as :func:`digest` makes one but without JSON: a few per item and run."""
    h = hashlib.sha1()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The plugin's own files and the versions of the installed libraries."""
    h = hashlib.sha1(platform.python_version().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    h.update(json.dumps(library_versions(), sort_keys=True).encode())
    return h.hexdigest()


def library_versions() -> list[str]:
    """Every installed distribution with its version (``name-1.2.dist-info``), from the folder names alone.

    The Markdown extensions a site configures may come from any of them; reading each one's metadata
    instead would take half a second.
    """
    found = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                found.update(e.name for e in listing if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return sorted(found)


def _sha1_of_file(name: str) -> str:
    """Read in blocks: a huge file (refused by the check) must not be held in memory to be hashed."""
    sha = hashlib.sha1()
    with open(name, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


@lru_cache(maxsize=65536)
def owner_prefix(url: str) -> str:
    """The start of every key of what one page shows (its body, its HTML, its search terms), whatever
    their content: all its versions can be found and dropped when its item is withdrawn."""
    return digest("owner", url)[:16] + "-"


class FileDigests:
    """SHA-1 of files by path, read only when a file's stamp (size, times, inode) changed.

    ``known`` is what an earlier run found (from the store); ``changed`` collects what this run
    learnt, for the store to keep. A symbolic link is never followed: its digest is that of
    the link's own text.
    """

    def __init__(self, known: dict[str, tuple[str, str]] | None = None):
        self.known = known or {}
        self.changed: dict[str, tuple[str, str]] = {}

    def of(self, path: Path | str) -> str | None:
        """The digest of the file at ``path`` (None when there is none)."""
        name = os.fspath(path)
        try:
            st = os.lstat(name)
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(st.st_mode):
            try:
                return "link:" + os.readlink(name)
            except OSError:
                return None
        if not stat.S_ISREG(st.st_mode):
            return "dir" if stat.S_ISDIR(st.st_mode) else "other"
        stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
        found = self.changed.get(name) or self.known.get(name)
        if found is not None and found[0] == stamp:
            return found[1]
        try:
            value = _sha1_of_file(name)
        except OSError:
            return None
        if time.time() - st.st_mtime_ns / 1e9 > RACY_SECONDS:
            self.changed[name] = (stamp, value)
        return value

    def of_bytes(self, path: Path | str, data: bytes) -> str:
        """The digest of ``data`` just read from ``path``, remembered for that file."""
        value = hashlib.sha1(data).hexdigest()
        try:
            st = os.stat(path)
            if time.time() - st.st_mtime_ns / 1e9 > RACY_SECONDS:
                self.changed[os.fspath(path)] = (f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}", value)
        except OSError:
            pass
        return value


def tree_state(folder: Path, files: FileDigests, skip: Path | None = None, limit: int = 5000) -> list[tuple[str, str | None]]:
    """(relative path, digest) of everything under ``folder``, by name, links not followed.

    Stands for every file an item's check may read besides its Markdown (attachments, photos,
    anything published from its folder); ``limit`` entries at most (then a marker).
    """
    out: list[tuple[str, str | None]] = []
    root = os.fspath(folder)
    start = len(root.rstrip(os.sep)) + 1  # the listing's paths are root + separator + names (os.scandir)
    skipped = os.path.normcase(os.fspath(skip)) if skip is not None else None
    # Strings, not Path objects: every cached item's folder is listed at every run (a tenth of a one-edit check).
    for child in walk_sorted(root):
        path = child.path
        if skipped is not None and os.path.normcase(path) == skipped:
            continue
        if len(out) >= limit:
            return out + [("…", str(limit))]
        rel = path[start:].replace(os.sep, "/")
        if child.is_dir(follow_symlinks=False):
            out.append((rel + "/", "dir"))
        else:
            out.append((rel, files.of(path)))
    return out


def walk_sorted(folder: Path | str, skip: tuple[str, ...] = ()) -> Iterator[os.DirEntry]:
    """Everything under ``folder`` (each folder's entries by name), links not followed, names in ``skip`` left out."""
    pending = [os.fspath(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        for child in children:
            if child.name in skip:
                continue
            yield child
            if child.is_dir(follow_symlinks=False):
                pending.append(child.path)
