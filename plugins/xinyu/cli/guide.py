"""``xinyu guide``: the contributor guide's field reference, and CONTRIBUTING.md generated from the site page.

The guide is written once, in the site page ``docs/contribute/index.md``,
whose marker ``<!-- xinyu:field-reference -->`` the plugin fills at build
time. CONTRIBUTING.md (read on GitHub/GitLab/Gitea, never built) is that page
with the reference filled in: ``xinyu guide --out CONTRIBUTING.md`` writes it,
``xinyu guide --check CONTRIBUTING.md`` fails when it is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.commands import command
from ..content.guide import MARKER, field_reference_markdown, replace_marker
from ..content.library import Library
from .site import open_library

DEFAULT_PAGE = "docs/contribute/index.md"
HEADER = "<!-- 本文件由 `xinyu guide --out {out}` 从 {page} 生成，请修改 {page} 后重新生成，不要直接编辑本文件。 -->\n\n"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "guide", help="生成投稿指南的字段说明（CONTRIBUTING.md）", description="不带选项时在屏幕上输出字段说明（Markdown）。"
    )
    parser.add_argument("--out", metavar="FILE", help="由投稿指南页面生成 FILE（如 CONTRIBUTING.md），字段说明填入其中")
    parser.add_argument("--check", metavar="FILE", help="检查 FILE 是否与当前的投稿指南和字段模式一致；不一致时退出码为 1")
    parser.add_argument("--page", default=DEFAULT_PAGE, help=f"投稿指南页面（默认 {DEFAULT_PAGE}）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    library = open_library(args)
    if library is None:
        return 2
    site = library.site
    if not args.out and not args.check:
        sys.stdout.write(field_reference_markdown(library))
        return 0
    target = args.out or args.check
    try:
        expected = render_contributing(library, args.page, Path(target).name)
    except OSError as exc:
        print(f"无法读取投稿指南页面 {args.page}：{exc.strerror}", file=sys.stderr)
        return 2
    path = site.root / target if not Path(target).is_absolute() else Path(target)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current.replace("\r\n", "\n") != expected:
            print(f"{target} 已过期：请运行 {command('guide --out ' + target)} 重新生成并提交。", file=sys.stderr)
            return 1
        print(f"{target} 是最新的。", file=sys.stderr)
        return 0
    path.write_text(expected, encoding="utf-8", newline="\n")
    print(f"已写入 {target}", file=sys.stderr)
    return 0


def render_contributing(library: Library, page: str, out_name: str) -> str:
    """The site page without its front matter, with the field reference filled in."""
    text = (library.site.root / page).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            text = text[end + 5 :].lstrip("\n")
    if MARKER not in text:
        raise OSError(0, f"页面中没有标记 {MARKER}")
    return HEADER.format(out=out_name, page=page) + replace_marker(text, field_reference_markdown(library))
