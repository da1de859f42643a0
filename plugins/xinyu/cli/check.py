"""``xinyu check``: every problem of every item, one a line (command contract).

``PATHS`` and ``--changed`` narrow the check to the items those files belong
to (an attachment stands for its item; a change to site configuration for all
items). ``--format github|gitlab`` put the problems on the lines of a request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..content.batch import WHOLE_KIND, EntryCache
from ..content.commands import command
from ..content.problems import Problem, count_errors
from ..content.site import ConfigError
from ..content.state import check_state
from ..pipeline import memory
from . import annotations
from .changes import GitError, Targets, changed_files, items_for, repo_prefix
from .site import load_site

WHOLE_KEY = "last"  # (state, items, docs pages, errors, warnings, text report)
PROBLEMS_KEY = "last-problems"  # (state, problems): read for the other formats


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check",
        help="检查条目，逐行列出每个问题",
        description="检查条目的元数据、附件和隐私，每个问题一行：文件:行: 字段: 说明。没有错误时退出码为 0。",
    )
    parser.add_argument("paths", nargs="*", help="只检查这些文件所属的条目（条目文件、附件或条目文件夹，相对于站点根目录）")
    parser.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="REF",
        help="只检查相对于 git 版本 REF 改动过的条目（含未提交和未跟踪的文件）；"
        "不写 REF 时与 origin/main（或 main）的分叉点比较，在 CI 中自动使用请求的目标分支",
    )
    parser.add_argument(
        "--format",
        choices=annotations.FORMATS,
        default="text",
        help="输出格式：text（默认，每行一个问题）、json、github（GitHub 工作流注释）、gitlab（GitLab 代码质量报告）",
    )
    parser.add_argument("--output", metavar="FILE", help="把报告写入 FILE（如 gl-code-quality-report.json）；屏幕上仍逐行列出问题")
    parser.add_argument("--no-cache", action="store_true", help="不使用构建缓存（.cache/xinyu/），每个条目都重新检查")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_file = Path(args.config_file)
    try:
        site = load_site(config_file)
        targets, touched = _targets(args, site, config_file)
        cache = item_cache(site.root, args.no_cache)
        result = _checked(site, config_file, targets, cache, need_problems=args.format != "text")
    except _config_errors() as exc:  # evaluated only when something was raised
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    except GitError as exc:
        print(f"无法确定改动的文件：{exc}\n请在 git 仓库中运行，或写明比较的版本，如 {command('check --changed origin/main')}。", file=sys.stderr)
        return 2
    if _nothing_named(args, site, targets, result):
        print("没有检查任何条目：上面写的路径都不存在。请检查路径和拼写（相对于站点根目录，如 cases/我的案例/index.md）。", file=sys.stderr)
        return 2
    if not targets.everything:
        result = Result.of(_relevant(result.problems, targets, touched), result.checked, result.docs)
    _report(result, args, site.root)
    errors = result.errors
    pages = f"和 {result.docs} 个网站页面或文件" if result.docs else ""
    summary = f"检查了 {result.checked} 个条目{pages}：{errors} 个错误，{result.warnings} 个警告（{time.perf_counter() - started:.1f} 秒）。"
    print(summary if errors else summary + " 没有需要修改的错误。", file=sys.stderr)
    return 1 if errors else 0


@dataclass
class Result:
    """What a check found: how many items and docs pages, errors and warnings, the text report, and the problems
    (None when a kept result was shown as text: they are not read then)."""

    checked: int
    docs: int
    errors: int
    warnings: int
    text: str
    problems: list[Problem] | None = None

    @classmethod
    def of(cls, problems: list[Problem], checked: int, docs: int) -> Result:
        errors = count_errors(problems)
        return cls(checked, docs, errors, len(problems) - errors, annotations.text(problems), problems)

    def counts(self) -> tuple:
        return self.checked, self.docs, self.errors, self.warnings, self.text


def _checked(site, config_file: Path, targets: Targets, cache: EntryCache | None, need_problems: bool) -> Result:
    """What the check finds.

    A whole-site check whose inputs have not changed since the last one (content.state: the stamps
    of every file it reads, nothing read) shows the last one's result again; otherwise it loads the
    library (re-checking only the items that changed) and keeps the result for next time."""
    store = cache.store if cache is not None else None
    state = check_state(site, config_file, _today()) if store is not None and targets.everything else None
    if state is not None:
        kept = _kept(store, state, need_problems)
        if kept is not None:
            return kept
    memory.hold_collections()  # as a build's load: thousands of entries live to the end, almost no cyclic garbage
    try:
        library = _load(site, targets, cache)
        result = Result.of(library.problems(), len(library.all_entries()), len(library.docs) + len(library.appended))
    finally:
        memory.loaded()  # collections on, for what the command makes next; not of what it loaded (it ends soon)
    withdrawn = any(entry.withdrawn for entry in library.all_entries())
    if store is not None and (targets.everything or withdrawn):
        # Kept only with a trusted state; a partial check that met a withdrawn item drops it (it quotes the item's text).
        keep = state is not None and targets.everything
        kept = {WHOLE_KEY: (state, *result.counts()), PROBLEMS_KEY: (state, result.problems)}
        store.put_many(WHOLE_KIND, kept if keep else dict.fromkeys(kept))
        if withdrawn:
            store.erase()  # the replaced result leaves the write-ahead log too
    return result


def _load(site, targets: Targets, cache: EntryCache | None):
    """The library, checked in worker processes when there are many items: each chunk's entries reach this
    process as soon as they are checked, so storing them overlaps the checks still running."""
    from ..content.library import load_library
    from ..pipeline import workers

    count = workers.worker_count()
    pool = workers.Workers(count) if count > 1 else None  # started only if there are enough items to check
    if pool is not None and targets.everything and _many_to_check(site, cache):
        workers.warm_up()  # the fork server imports what workers need while this process reads the site
    try:
        return load_library(site, only=targets.only, cache=cache, pool=pool)
    finally:
        if pool is not None:
            pool.close()
            workers.settle()


def _many_to_check(site, cache: EntryCache | None) -> bool:
    """Whether workers are likely to check this run's items: many names in the collections' folders and few items
    in the cache."""
    from ..content.batch import KIND, PARALLEL_FROM
    from ..content.discover import names_in_collections

    if names_in_collections(site) < PARALLEL_FROM:
        return False
    return cache is None or cache.store is None or len(cache.store.keys(KIND)) < PARALLEL_FROM


def _kept(store, state: str, need_problems: bool) -> Result | None:
    """The last whole check's result if it was made from this ``state`` (its problems only when needed)."""
    kept = store.get(WHOLE_KIND, WHOLE_KEY)
    if not (isinstance(kept, tuple) and len(kept) == 6 and kept[0] == state):
        return None
    result = Result(*kept[1:])
    if need_problems:
        problems = store.get(WHOLE_KIND, PROBLEMS_KEY)
        if not (isinstance(problems, tuple) and len(problems) == 2 and problems[0] == state):
            return None
        result.problems = problems[1]
    return result


def _config_errors() -> tuple[type[Exception], ...]:
    from ..content.schema import SchemaError  # imported when needed: the validator is slow to load

    return ConfigError, SchemaError


def _today() -> str:
    """The day the check runs as (a round's notice period ends): today and XINYU_TODAY (rounds.state.today)."""
    return f"{dt.date.today().isoformat()}:{os.environ.get('XINYU_TODAY', '')}"


def item_cache(root: Path, off: bool) -> EntryCache | None:
    """Checked items from the site's build cache (shared with the build), unless switched off."""
    from ..pipeline.store import open_store

    if off:
        os.environ["XINYU_NO_CACHE"] = "1"
        return None
    store = open_store(root)  # None when XINYU_NO_CACHE is set: then the items' keys would serve nothing
    return EntryCache(store=store) if store is not None else None


def _targets(args: argparse.Namespace, site, config_file: Path) -> tuple[Targets, list[str]]:
    """What to check, and the files that led there (for narrowing site-level problems)."""
    touched: list[str] = list(args.paths)
    if args.changed is not None:
        files, label = changed_files(site.root, args.changed or None)
        print(f"与 {label} 比较：{len(files)} 个文件有改动。", file=sys.stderr)
        touched += files
    elif not args.paths:
        return Targets(everything=True), []
    targets = items_for(touched, site, config_file)
    if targets.everything:
        print(f"检查所有条目：{targets.reason}。", file=sys.stderr)
    elif args.paths:
        explicit = [p for p in targets.unmatched if p in {a.replace("\\", "/").removeprefix("./").rstrip("/") for a in args.paths}]
        for rel in explicit:
            why = "不属于任何条目" if (site.root / rel).exists() else "不存在（请检查路径和拼写）"
            print(f"提示：{rel} {why}，已跳过。", file=sys.stderr)
    return targets, [t.replace("\\", "/").removeprefix("./") for t in touched]


def _nothing_named(args: argparse.Namespace, site, targets: Targets, result: Result) -> bool:
    """Every path named on the command line is missing and nothing was checked: an all-clear would be misread."""
    if not args.paths or args.changed is not None or targets.everything or result.checked or result.docs:
        return False
    return not any((site.root / path).exists() for path in args.paths)


def _relevant(problems: list[Problem], targets: Targets, touched: list[str]) -> list[Problem]:
    """Problems of the checked items (also those about a file in an item's folder, e.g. a link), and
    site-level ones only about the touched files."""
    folders = tuple(item.removesuffix("index.md") for item in targets.items if item.endswith("/index.md"))
    return [
        p
        for p in problems
        if p.path in targets.items
        or p.path.startswith(folders)
        or any(t == p.path or t.startswith(p.path) and p.path.endswith("/") for t in touched)
    ]


def _report(result: Result, args: argparse.Namespace, root: Path) -> None:
    prefix = repo_prefix(root) if args.format in ("github", "gitlab") else ""
    report = result.text if args.format == "text" else annotations.FORMATTERS[args.format](result.problems, prefix)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
        if args.format != "text":
            sys.stdout.write(result.text)
    else:
        sys.stdout.write(report)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(annotations.github_summary(result.problems, prefix))
        except OSError:
            pass  # the summary page is a convenience; the annotations are already out
