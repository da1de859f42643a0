"""Every file the site publishes, judged one way: resolve without following links, then the policy.

``inspect_file`` is the one entry point: an item's declared attachments, the
undeclared files of its folder (images the body shows), and the static files of
``docs/`` all go through it. ``os.lstat`` first, so a symbolic link is refused
and never read (nothing outside the repository is read on a contributor's
behalf); then a name that works as a link; then type, content and size
(``attachments.check_policy``).

``walk`` lists a folder the same way (links reported, never followed), so a
link loop or a link to ``/`` cannot make a check hang.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .attachments import Verdict, check_policy
from .options import GuardOptions

# Characters that end or escape a URL path (# ? %), or that Windows cannot save (< > : * " | \): a file named
# with them is a broken link, or a repository a teacher on Windows cannot check out (nor IIS serve); a colon
# also makes a relative link a scheme ("javascript:x.pdf" runs as script when its link is clicked).
BAD_IN_NAME = re.compile(r'[#?%\\<>:*"|\x00-\x1f\x7f]')
# Windows drops a trailing dot or space, and keeps these names for devices (with any extension): such a file is lost.
WINDOWS_DEVICE = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.[^/]*)?$", re.I)
# What editors, office suites, the system, file sharing and downloads leave beside a contributor's files while they
# work: never content. Every listing leaves it out (``leftover``): it is never published, never a problem (a teacher
# whose editor or Word is open can build) and never a reason for ``serve`` to rebuild. By class, after what the
# programs write and github/gitignore's Global/*.gitignore; case is ignored (Windows, macOS).
LEFTOVER = re.compile(
    r"""^(?:
      .*~ | \#.*\# | \.\#.*                         # backups (gedit, Kate, Vim, Emacs, Emacs' index.md.~1~); Emacs' autosave, lock
    | ~\$.* | \.~.* | ~.*\.tmp                     # Office and WPS owner files (~$教案.docx), LibreOffice and WPS locks (.~lock.x#)
    | .*\.(?:tmp|temp|bak|backup|old|orig|rej|save|save\.[0-9]+)   # temporary saves, backups, merge leftovers, nano
    | \..*\.(?:sw[a-p]|s[a-v][a-z]) | _.*\.sw[a-p] | .*\.un~ | .*\.kate-swp | .*___jb_(?:tmp|old|bak)___   # swap (Vim, Kate), JetBrains
    | 4913 | (?=[0-9]*[a-f])[0-9a-f]{8}            # Vim's write test; Excel's temporary save (no extension; not a year or date)
    | .*\.(?:crdownload|part|partial|download|downloading|td|td\.cfg|xltd)   # downloads not finished (browsers, 迅雷, 百度网盘)
    | \._.* | \.ds_store | \.appledouble | \.lsoverride | icon\r | \.spotlight-v100 | \.trashes | \.fseventsd
    | \.temporaryitems | \.documentrevisions-v100 | \.volumeicon\.icns | \.com\.apple\..* | __macosx   # macOS
    | thumbs\.db | ehthumbs(?:_vista)?\.db | desktop\.ini | \$recycle\.bin | system\ volume\ information   # Windows
    | \.nfs.* | \.fuse_hidden.* | \.trash-.* | \.directory | \.goutputstream-.*   # NFS, FUSE, Linux desktops, gedit
    | @eadir | \#recycle | \#snapshot | \.@__.* | \.syncthing\..* | ~syncthing~.*   # NAS (Synology, QNAP), Syncthing
    )$""",
    re.I | re.X,
)
MAX_DEPTH = 12  # folders below an item's folder (no real item nests deeper)
MAX_FILES = 2000  # entries read from one folder tree, so that a huge tree cannot stall a check

LINK_MESSAGE = "“{name}”是链接（符号链接、快捷方式或硬链接）：资源库只发布仓库里真实存在的文件，链接不会被跟随，也不会发布。请删除这个链接，把文件本身（一份副本）放进文件夹。"

NOT_UTF8_NAME = "“{name}”：文件名不是 UTF-8 编码（可能来自 Windows 的压缩包），无法读取，也无法发布。请在电脑上把它重命名（重新输入名字）。"


def undecodable(name: str) -> bool:
    """Whether a name read from the disk had bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    return not name.isascii() and any("\udc80" <= c <= "\udcff" for c in name)


def shown_path(rel: str) -> str:
    """A path with its undecodable bytes written as \\xff, so that a message can print it."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace") if undecodable(rel) else rel


@dataclass(frozen=True)
class Found:
    """One entry of a folder, as ``lstat`` sees it (links are not followed)."""

    path: Path
    rel: str  # relative to the walked folder, with /
    kind: str  # file | dir | link | other
    size: int = 0


def kind_of(path: Path) -> tuple[str, int]:
    """(file | dir | link | other | missing, size) without following a link. A file with another name elsewhere (a
    hard link: ``ln`` on Linux, ``mklink /H`` on Windows; git never makes one) is a link: it may be any file of the
    machine, as a symbolic link may point to one."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return "missing", 0
    if stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0):  # any link: symbolic, or a Windows junction
        return "link", 0
    if stat.S_ISDIR(st.st_mode):
        return "dir", 0
    if stat.S_ISREG(st.st_mode):
        return ("link", 0) if st.st_nlink > 1 else ("file", st.st_size)
    return "other", 0


MAX_LIST_BYTES = 4 * 1024 * 1024  # a site's word list (allow-list, dictionary, synonyms) is far smaller


def read_list_file(path: Path | str | None) -> str:
    """A site's plain-text list, or "" when it is missing, a link, a device or too big: never read through a link."""
    if path is None:
        return ""
    kind, size = kind_of(Path(path))
    if kind != "file" or size > MAX_LIST_BYTES:
        return ""
    try:
        return Path(path).read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


def data_links(root: Path) -> list[tuple[str, str]]:
    """(relative path, kind) of every link, special file or name not UTF-8 under ``root`` (e.g. ``data/``): reported, never read."""
    return [(found.rel, found.kind) for found in walk(root) if found.kind in ("link", "other", "badname")]


def first_link(base: Path, parts: tuple[str, ...] | list[str]) -> str | None:
    """The first of ``base/parts…`` (as a relative path) that is a link, or None."""
    current = base
    for i, part in enumerate(parts):
        current = current / part
        if kind_of(current)[0] == "link":
            return "/".join(parts[: i + 1])
    return None


def leftover(name: str) -> bool:
    """Whether a file or folder name is an editor's, an office suite's or the system's leftover (``LEFTOVER``)."""
    return LEFTOVER.match(name) is not None


def in_leftover(rel: str) -> bool:
    """Whether a relative path (with /) is a leftover or lies in one (``.~lock.x#``, ``__MACOSX/a.md``)."""
    return any(leftover(part) for part in rel.split("/"))


def walk(folder: Path, limit: int | None = MAX_FILES, leftovers: bool = False) -> Iterator[Found]:
    """Every entry below ``folder``, in name order; links are yielded and never entered.

    Leftovers (``leftover``) are not listed, nor is anything below them, unless ``leftovers``.
    Bounded in depth (and in count unless ``limit`` is None), so that no tree can stall a check.
    """
    yielded = 0
    stack: list[tuple[Path, str, int]] = [(folder, "", 0)]
    while stack:
        current, prefix, depth = stack.pop()
        try:
            with os.scandir(current) as listing:
                names = sorted(child.name for child in listing if leftovers or not leftover(child.name))
        except OSError:
            continue
        for name in names:
            yielded += 1
            if limit is not None and yielded > limit:
                return
            path = current / name
            if undecodable(name):  # reported by whoever walks (kind "badname"), never read or entered
                yield Found(path, prefix + name, "badname", 0)
                continue
            kind, size = kind_of(path)
            yield Found(path, prefix + name, kind, size)
            if kind == "dir" and depth < MAX_DEPTH:
                stack.append((path, f"{prefix}{name}/", depth + 1))


def name_verdicts(name: str) -> list[Verdict]:
    """A file name must work as a download link: no # ? % (nor backslash or control characters)."""
    bad = sorted(set(BAD_IN_NAME.findall(name)))
    parts = name.split("/")
    shown = "、".join(f"“{c}”" if c.isprintable() else "控制字符" for c in bad)
    if any(p.endswith((".", " ")) for p in parts):
        shown += ("、" if shown else "") + "结尾的点或空格"
    if any(WINDOWS_DEVICE.match(p) for p in parts):
        shown += ("、" if shown else "") + "Windows 保留的设备名（如 con、aux、nul）"
    if not shown:
        return []
    return [
        Verdict(
            "name",
            f"文件名“{name}”中有{shown}：这样的文件在网页上是坏链接（点击后 404），或在 Windows 电脑和服务器上无法保存。"
            f"请把文件改名为“{suggest_name(name)}”，并同步修改引用它的地方。",
        )
    ]


def suggest_name(name: str) -> str:
    """The name with every character that breaks a link replaced by a dash (folders kept)."""
    parts = []
    for part in name.split("/"):
        stem, dot, extension = part.rpartition(".") if "." in part.lstrip(".") else (part, "", "")
        stem = re.sub(r"-{2,}", "-", BAD_IN_NAME.sub("-", stem)).strip("-. ") or "文件"
        stem = stem + "-1" if WINDOWS_DEVICE.match(stem) else stem
        extension = BAD_IN_NAME.sub("", extension).rstrip(". ")
        parts.append(stem + (dot if extension else "") + extension)
    return "/".join(parts)


def inspect_file(path: Path, name: str, options: GuardOptions) -> list[Verdict]:
    """Every verdict on one file that is to be published.

    ``name`` is the path as it will appear in the site (relative to its folder). The file is
    looked at with ``os.lstat``: a link is refused before anything reads it.
    """
    kind, size = kind_of(path)
    if kind == "link":
        return [Verdict("link", LINK_MESSAGE.format(name=name))]
    if kind == "missing":
        return [Verdict("missing", f"找不到文件“{name}”。")]
    if kind != "file":
        return [Verdict("special", f"“{name}”不是普通文件（是文件夹或设备文件），不能发布。")]
    return name_verdicts(name) + check_policy(path, name, size, options)
