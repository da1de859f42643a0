"""Finding items and the files beside them, without ever following a link.

A collection folder holds bundles (``<slug>/index.md`` with files beside it) and
flat items (``<slug>.md``). Everything is looked at with ``lstat``: a symbolic
link is reported where it is and never read, so a link out of the repository,
a dangling link or a link loop is one located error, not a leak, a traceback or
a hang. A Markdown file that is almost ``index.md`` (``index.MD``,
``index.md.txt``) is named, not silently skipped.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ..guard.files import LINK_MESSAGE, NOT_UTF8_NAME, first_link, kind_of, leftover, shown_path, undecodable, walk
from .entry import Attachment, Entry
from .problems import FILE, Problem, warning

# Undeclared files of a bundle that its body may show: published after the file policy.
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def link_problem(rel: str) -> Problem:
    return Problem(rel, 1, FILE, LINK_MESSAGE.format(name=rel))


def name_problem(rel: str) -> Problem:
    """A file or folder whose name is not UTF-8: skipped, and named as well as it can be shown."""
    return Problem(shown_path(rel), 1, FILE, NOT_UTF8_NAME.format(name=shown_path(rel)))


def source_folder(root: Path, source: str, problems: list[Problem]) -> Path | None:
    """The collection's folder, or None (with a problem) when it or a folder above it is a link."""
    parts = [p for p in PurePosixPath(source).parts if p not in ("", ".")]
    if ".." in parts:
        problems.append(Problem(source + "/", 1, FILE, "集合的文件夹必须在站点根目录之内（不能有“..”）。"))
        return None
    link = first_link(root, parts)
    if link:
        problems.append(link_problem(link + "/"))
        return None
    folder = root.joinpath(*parts)
    return folder if kind_of(folder)[0] == "dir" else None


def discover(folder: Path | None, rel_base: str, problems: list[Problem]) -> list[tuple[str, Path]]:
    """(slug, Markdown file) of every item in a collection folder, in name order."""
    if folder is None:
        return []
    found = []
    try:
        with os.scandir(folder) as listing:
            children = sorted((c.name for c in listing), key=str)
    except OSError:
        return []
    for name in children:
        if name.startswith((".", "_")) or leftover(name):
            continue
        path, rel = folder / name, f"{rel_base}/{name}"
        if undecodable(name):
            problems.append(name_problem(rel))
            continue
        kind = kind_of(path)[0]
        if kind == "link":
            problems.append(link_problem(rel))
        elif kind == "dir":
            index = _bundle_index(path, rel, problems)
            if index is not None:
                found.append((name, index))
            else:  # not an item (yet): a link in it is still an error
                problems += [link_problem(f"{rel}/{f.rel}") for f in walk(path) if f.kind == "link" and f.rel != "index.md"]
                problems += [name_problem(f"{rel}/{f.rel}") for f in walk(path) if f.kind == "badname"]
        elif kind == "file" and name.lower().endswith(".md") and name.lower() not in ("index.md", "readme.md"):
            found.append((name[:-3], path))
        elif kind == "file" and name.lower() == "index.md" and name != "index.md":
            problems.append(_almost_index(rel, name))
        elif kind == "file" and _almost_item(name):
            problems.append(_almost_flat(rel, name))
    return found


def names_in_collections(site) -> int:
    """How many names (item folders or files) the collections' folders hold: a hint of the site's size before it
    is read (whether worker processes will pay for their start), not a discovery (links are not followed)."""
    names = 0
    for spec in site.collections.values():
        folder = source_folder(site.root, spec.source, [])
        if folder is None:
            continue
        try:
            with os.scandir(folder) as found:
                names += sum(1 for _ in found)
        except OSError:
            continue
    return names


def _almost_item(name: str) -> bool:
    """A Markdown file beside the items that is not read as one: another extension, or Windows' hidden .txt."""
    low = name.lower()
    return not low.startswith("readme.") and not low.endswith(".md") and low.removesuffix(".txt").endswith(MARKDOWN_SUFFIXES)


def _almost_flat(rel: str, name: str) -> Problem:
    stem = name[: name.lower().rfind(".md")] if ".md" in name.lower() else name.rsplit(".", 1)[0]
    return Problem(
        rel,
        1,
        FILE,
        f"条目文件的扩展名必须是 .md，现在是“{name}”，这个条目不会被读取。请把它改名为 {stem}.md"
        "（Windows 请先在资源管理器“查看”中勾选“文件扩展名”）。",
    )


def _bundle_index(folder: Path, rel: str, problems: list[Problem]) -> Path | None:
    """``folder/index.md`` when it is a real file; else the reason, when the folder looks like an item."""
    kind = kind_of(folder / "index.md")[0]
    if kind == "file":
        return folder / "index.md"
    if kind == "link":
        problems.append(link_problem(f"{rel}/index.md"))
        return None
    try:
        names = sorted(n for n in os.listdir(folder) if not leftover(n))
    except OSError:
        return None
    almost = [n for n in names if _looks_like_index(n)]
    if almost:
        problems.extend(_almost_index(f"{rel}/{n}", n) for n in almost)
    elif any(n.lower().endswith(MARKDOWN_SUFFIXES) for n in names):
        problems.append(Problem(rel + "/", 1, FILE, "这个文件夹里没有 index.md：条目的正文文件必须命名为 index.md。"))
    return None


def _looks_like_index(name: str) -> bool:
    low = name.lower()
    return name != "index.md" and (low == "index.md" or (low.startswith("index.") and low.endswith(MARKDOWN_SUFFIXES + (".txt",))))


def _almost_index(rel: str, name: str) -> Problem:
    return Problem(
        rel,
        1,
        FILE,
        f"条目的正文文件必须正好叫 index.md（全小写，扩展名 .md），现在是“{name}”，这个条目不会被读取。"
        "请把它改名为 index.md（Windows 请先在资源管理器“查看”中勾选“文件扩展名”）。",
    )


def item_files(entry: Entry, declared: set[str], links_only: bool = False) -> tuple[list[Attachment], list[Problem]]:
    """The undeclared files of a bundle: images to publish (the policy is the guard's), problems for the rest.

    A link anywhere in the folder is an error at its own path; a file that is neither declared
    nor an image is not published, and the contributor is told so. ``links_only``: the item will not
    be published (unreadable, withdrawn), so only its links are reported.
    """
    if entry.path.name != "index.md":
        return [], []
    base = PurePosixPath(entry.rel).parent.as_posix()
    files, problems = [], []
    for found in walk(entry.folder):
        rel = f"{base}/{found.rel}"
        parts = found.rel.split("/")
        if found.kind == "badname":
            problems.append(name_problem(rel))
        elif found.kind == "link" and found.rel not in declared:
            problems.append(link_problem(rel))
        elif links_only or found.kind != "file" or found.rel in declared or found.rel == "index.md" or _never_published(parts):
            continue
        elif PurePosixPath(found.rel).suffix.lower() in IMAGE_EXTENSIONS:
            files.append(Attachment(found.rel, parts[-1], found.path, found.size, FILE))
        else:
            problems.append(
                warning(
                    rel,
                    1,
                    FILE,
                    f"“{found.rel}”没有写进 attachments，不会发布。要提供下载，请在 index.md 的 attachments 中加上它；否则请删除这个文件。",
                )
            )
    return files, problems


def _never_published(parts: list[str]) -> bool:
    """Hidden files and folders (. or _); leftovers (~$教案.docx, Thumbs.db) are not even listed (guard.files.walk)."""
    return any(p.startswith((".", "_")) for p in parts)
