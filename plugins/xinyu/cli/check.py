"""``xinyu check``: every problem of every item, one a line (command contract)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..content import ConfigError, load_library, load_site
from ..content.problems import to_json
from ..content.schema import SchemaError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("check", help="检查所有条目，逐行列出每个问题")
    parser.add_argument("paths", nargs="*", help="只检查这些文件（相对于站点根目录）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        site = load_site(Path(args.config_file))
        only = {Path(p).as_posix().removeprefix("./") for p in args.paths} if args.paths else None
        library = load_library(site, only=only)
    except (ConfigError, SchemaError) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    problems = library.problems()
    if args.format == "json":
        print(to_json(problems))
    else:
        for problem in problems:
            print(problem.format())
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    checked = len(library.all_entries())
    summary = f"检查了 {checked} 个条目：{errors} 个错误，{warnings} 个警告（{time.perf_counter() - started:.1f} 秒）。"
    print(summary if errors else summary + " 没有需要修改的错误。", file=sys.stderr)
    return 1 if errors else 0
