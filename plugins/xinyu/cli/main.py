"""Entry point of the ``xinyu`` command; one sub-command per module."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from . import check
from .chinese import chinese_argparse
from .visible import visible_streams


def build_parser(only_check: bool = False) -> argparse.ArgumentParser:
    """The command's parser; ``only_check`` leaves the other sub-commands out (and their modules unloaded: a
    ``check`` with nothing changed takes well under a second, a third of which would go to loading them)."""
    parser = argparse.ArgumentParser(prog="xinyu", description="心育资源库：新建和检查条目，预览和构建网站。")
    parser.add_argument("-V", "--version", action="version", version=f"xinyu {__version__}", help="显示版本号并退出")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="站点配置文件（默认 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    if only_check:
        check.register(commands)
        return parser
    from . import build, compare, guide, importing, init, new, round, schema, stats

    new.register(commands)
    check.register(commands)
    compare.register(commands)
    schema.register(commands)
    guide.register(commands)
    importing.register(commands)
    round.register(commands)
    stats.register(commands)
    build.register(commands)
    init.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")  # Windows consoles default to GBK
    # Every parser made while the command runs speaks Chinese, sub-commands added later included.
    with chinese_argparse(), visible_streams():
        parser = build_parser(only_check=_command(sys.argv[1:] if argv is None else argv) == "check")
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return 2
        return args.run(args)


def _command(argv: list[str]) -> str | None:
    """The sub-command named in ``argv`` (its first word that is neither an option nor the value of -f); None when
    an option before it prints the whole command's help or version (``xinyu -h check`` lists every sub-command)."""
    words = iter(argv)
    for word in words:
        if word in ("-f", "--config-file"):
            next(words, None)
        elif not word.startswith("-"):
            return word
        elif not word.startswith(("-f", "--config-file=")):
            return None
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
