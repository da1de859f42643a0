"""``xinyu compare``: which published items would stop being published, and why.

Against a previous build's ``catalog.json`` (``--catalog``; the default is the
site folder's own) it is the report to read before upgrading xinyu: run it with
the new version over an existing site and it lists every item the new rules
leave out. Against a git version (``--base REF``; ``--base`` alone takes the
request's target branch, as ``check --changed`` does) it is the CI step that
fails a request which drops a published item without withdrawing it. Both
sides are read with the rules installed now. Exit 1 when an item would be lost
(withdrawn items are listed, not lost), 2 when there is nothing to compare with.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.site import ConfigError, read_mkdocs_yml
from .changes import GitError, default_base, git, repo_prefix
from .site import load_site

if TYPE_CHECKING:
    from ..content.outcome import Lost


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "compare",
        help="对比：哪些已发布的条目将不再发布（升级前、合并前）",
        description="与上一次构建的 catalog.json 或某个 git 版本相比，列出将不再发布的已发布条目和原因。"
        "升级 xinyu 前用新版本运行它，就知道新规则会让哪些条目下线。有条目将下线（已撤下的除外）时退出码为 1。",
    )
    parser.add_argument("--catalog", metavar="FILE", help="上一次构建的 catalog.json（默认：站点输出文件夹 site/ 里的）")
    parser.add_argument(
        "--base",
        nargs="?",
        const="",
        metavar="REF",
        help="与 git 版本 REF 发布的条目比较；不写 REF 时与请求的目标分支（或 origin/main）的分叉点比较",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..content.library import load_library  # here, not at the top: every other command would load the checker too
    from ..content.outcome import lost_items
    from ..content.schema import SchemaError

    config_file = Path(args.config_file)
    try:
        site = load_site(config_file)
        previous, label = _previous(args, site.root, config_file)
        if previous is None:
            print(label, file=sys.stderr)
            return 2
        lost = lost_items(previous, load_library(site))
    except (ConfigError, SchemaError) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    except GitError as exc:
        print(f"无法读取 git 版本：{exc}", file=sys.stderr)
        return 2
    _report(lost, label, len(previous), args.format)
    return 1 if any(not item.withdrawn for item in lost) else 0


def _previous(args: argparse.Namespace, root: Path, config_file: Path) -> tuple[list[dict] | None, str]:
    """The items published before, and what they were read from (or None and why not)."""
    if args.base is not None:
        return _published_at(args.base, root, config_file)
    site_dir = read_mkdocs_yml(config_file).get("site_dir") or "site"
    path = Path(args.catalog) if args.catalog else root / str(site_dir) / "catalog.json"
    from ..content.outcome import read_catalog

    items = read_catalog(path)
    if items is None:
        return None, f"找不到 {path}（或它不是 catalog.json）：请用 --catalog 指明上一次构建的 catalog.json，或用 --base 与 git 版本比较。"
    return items, str(path)


def _published_at(ref: str, root: Path, config_file: Path) -> tuple[list[dict], str]:
    """What the site at git version ``ref`` publishes, read with the rules installed now."""
    from ..content.library import load_library
    from ..content.outcome import published_records

    if ref:
        commit, label = git(["rev-parse", "--verify", ref + "^{commit}"], root).strip(), ref
    else:
        commit, label = default_base(root)
    top, prefix = git(["rev-parse", "--show-toplevel"], root).strip(), repo_prefix(root)
    archive = subprocess.run(["git", "archive", "--format=tar", commit, *([prefix] if prefix else [])], cwd=top, capture_output=True)
    if archive.returncode != 0:
        raise GitError(archive.stderr.decode("utf-8", "replace").strip())
    safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    with tempfile.TemporaryDirectory(prefix="xinyu-compare-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, members=[m for m in tar.getmembers() if m.isfile() or m.isdir()], **safe)  # no links, no devices
        site = load_site(Path(tmp) / prefix / config_file.name)
        return published_records(load_library(site)), f"git 版本 {label}"


def _report(lost: list[Lost], label: str, before: int, form: str) -> None:
    if form == "json":
        print(json.dumps([asdict(item) for item in lost], ensure_ascii=False, indent=2))
        return
    gone = [item for item in lost if not item.withdrawn]
    withdrawn = [item for item in lost if item.withdrawn]
    for item in gone:
        print(f"将不再发布：{item.line}")
    for item in withdrawn:
        print(f"已撤下（不算丢失）：{item.line}")
    verdict = f"{len(gone)} 个将不再发布" if gone else "没有条目会丢失"
    print(f"与 {label} 相比（当时发布 {before} 个条目）：{verdict}，{len(withdrawn)} 个已撤下。", file=sys.stderr)
