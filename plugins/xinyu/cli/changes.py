"""Which items a set of changed files touches, and which files changed against a git ref.

Used by ``xinyu check --changed`` (files from git) and by ``xinyu check PATHS``
(files named by pre-commit or a person): an attachment or any file in an
item's folder stands for that item; a change to the site's configuration
(mkdocs.yml, the vocabulary, the authors registry, a schema file) can change
the verdict on every item, so it stands for all of them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..content.site import SiteSpec

# Refs tried, in order, for the default base of --changed.
DEFAULT_BASES = ("origin/main", "main", "origin/master", "master")


class GitError(Exception):
    """git is missing, this is not a repository, or a ref is unknown."""


@dataclass
class Targets:
    """What to check: every item (``everything``) or these item files; and what was ignored."""

    everything: bool = False
    items: set[str] = field(default_factory=set)
    reason: str = ""
    unmatched: list[str] = field(default_factory=list)

    @property
    def only(self) -> set[str] | None:
        return None if self.everything else self.items


def config_files(site: SiteSpec, config_file: Path) -> set[str]:
    """Site-relative files whose change affects every item."""
    files = {site.vocabulary, site.authors}
    try:
        files.add(config_file.resolve().relative_to(site.root).as_posix())
    except ValueError:
        pass
    for spec in site.collections.values():
        if (site.root / spec.schema).is_file():
            files.add(PurePosixPath(spec.schema).as_posix())
    return {f.removeprefix("./") for f in files}


def items_for(paths: list[str], site: SiteSpec, config_file: Path) -> Targets:
    """Map site-relative paths (files or folders, existing or deleted) to the item files they belong to."""
    targets = Targets()
    settings = config_files(site, config_file)
    sources = sorted(((spec.source.strip("/") + "/") for spec in site.collections.values()), key=len, reverse=True)
    for raw in paths:
        rel = _normalise(raw, site.root)
        if rel in settings:
            targets.everything, targets.reason = True, f"{rel} 是站点配置，改动会影响所有条目"
            continue
        item = _item_of(rel, sources, site.root)
        if rel in {source + "index.md" for source in sources}:
            targets.items.add(rel)  # a collection's intro page: checked on its own
        elif item:
            targets.items.add(item)
        elif (rel + "/").startswith(site.docs.strip("/") + "/"):
            targets.items.add(rel)  # a page or file of docs/: checked on its own
        else:
            targets.unmatched.append(rel)
    return targets


def _normalise(raw: str, root: Path) -> str:
    path = Path(raw)
    if path.is_absolute():
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()
    return PurePosixPath(raw.replace("\\", "/")).as_posix().removeprefix("./").rstrip("/")


def _item_of(rel: str, sources: list[str], root: Path) -> str | None:
    """The item file (``src/slug/index.md`` or ``src/slug.md``) that ``rel`` belongs to, if any."""
    for source in sources:
        if source == "/" or not (rel + "/").startswith(source):
            continue
        rest = rel[len(source) :]
        if not rest:
            return None
        first, _, inner = rest.partition("/")
        if first.startswith((".", "_")):
            return None
        if not inner:
            if first.lower().endswith(".md"):
                return None if first.lower() in ("index.md", "readme.md") else source + first
            if (root / source / first).is_dir():
                return source + first + "/index.md"
            return None
        return source + first + "/index.md"
    return None


# -- git ----------------------------------------------------------------------------------


def git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError as exc:
        raise GitError("找不到 git 命令：请先安装 Git（Windows 可从 git-scm.com 下载）。") from exc
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} 失败")
    return proc.stdout


def repo_prefix(root: Path) -> str:
    """The site root's path inside its git repository ('' at the top, 'site/' in a subfolder)."""
    try:
        return git(["rev-parse", "--show-prefix"], root).strip()
    except GitError:
        return ""


def default_base(root: Path) -> tuple[str, str]:
    """(commit, how it was found) to compare against when no ref is given.

    CI first (the request's target branch), then the merge base with the usual
    main branches, then HEAD (only uncommitted and untracked changes).
    """
    env = os.environ
    candidates: list[str] = []
    if env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA"):  # GitLab merge request pipelines
        candidates.append(env["CI_MERGE_REQUEST_DIFF_BASE_SHA"])
    if env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        candidates.append("origin/" + env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"])
    if env.get("GITHUB_BASE_REF"):  # GitHub and Gitea Actions, pull_request events
        candidates.append("origin/" + env["GITHUB_BASE_REF"])
    candidates += DEFAULT_BASES
    for ref in candidates:
        try:
            return git(["merge-base", "HEAD", ref], root).strip(), ref
        except GitError:
            continue
    git(["rev-parse", "--verify", "HEAD"], root)  # raises outside a repository or before the first commit
    return "HEAD", "HEAD"


def changed_files(root: Path, ref: str | None) -> tuple[list[str], str]:
    """Site-relative paths changed since ``ref`` (working tree included) plus untracked files."""
    git(["rev-parse", "--git-dir"], root)
    if ref:
        try:
            base = git(["merge-base", "HEAD", ref], root).strip()
        except GitError:
            base = git(["rev-parse", "--verify", ref + "^{commit}"], root).strip()
        label = ref
    else:
        base, label = default_base(root)
    # --relative: paths relative to the site root and limited to it; -z: names as they are (Chinese, spaces).
    diff = git(["-c", "core.quotepath=off", "diff", "--name-only", "-z", "--relative", "--no-renames", base, "--"], root)
    untracked = git(["ls-files", "-z", "--others", "--exclude-standard"], root)
    names = [n for n in (diff + untracked).split("\0") if n]
    return sorted(set(names)), label
