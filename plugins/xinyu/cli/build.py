"""``xinyu serve`` and ``xinyu build``: MkDocs' two commands, in Chinese.

They run MkDocs in this process, so its lines pass through our Chinese filter (plugin/logs.py)
and Material's end-of-life banner, which it prints only under the ``mkdocs`` command, stays away.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from pathlib import Path

from ..content.commands import command
from .visible import raw_streams

ABORTS = [
    (re.compile(r"Aborted with (\d+) warnings? in strict mode!"), "有 {0} 个警告，严格模式（--strict）下构建中止。请按上面的提示修改。"),
    (re.compile(r"Aborted with a BuildError!"), "构建出错，已中止。"),
    (re.compile(r"Aborted with (?:a|\d+) configuration errors?!"), "站点配置（mkdocs.yml）有误，已中止。请按上面的提示修改。"),
    (re.compile(r"Config file '(.*)' does not exist\."), "找不到站点配置 {0}：请在站点根目录（mkdocs.yml 所在的文件夹）运行。"),
]

UNREADABLE_CONFIG = "MkDocs encountered an error parsing the configuration file"

NO_CACHE = "不使用构建缓存（.cache/xinyu/），一切从头做起（也可设环境变量 XINYU_NO_CACHE=1）"


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="预览网站：边写边看，修改后页面自动刷新",
        description="在本机预览网站（默认 http://127.0.0.1:8000/）。修改文件后只重新生成改动的页面，浏览器自动刷新。",
    )
    serve.add_argument("-a", "--dev-addr", metavar="地址:端口", help="预览地址（默认 127.0.0.1:8000）")
    serve.add_argument("--full", action="store_true", help="每次改动都完整重建整个网站（较慢）")
    serve.add_argument("-o", "--open", action="store_true", help="构建完成后在浏览器中打开")
    serve.add_argument("--no-cache", action="store_true", help=NO_CACHE)
    serve.set_defaults(run=run_serve)
    build = commands.add_parser(
        "build", help="构建网站到 site/ 文件夹（发布用）", description="构建整个网站到 site/ 文件夹，可直接放到 nginx 等网页服务器上。"
    )
    build.add_argument("-s", "--strict", action="store_true", help="严格模式：有任何内容错误或警告就失败（用于合并前的检查）")
    build.add_argument("-d", "--site-dir", metavar="文件夹", help="输出文件夹（默认 site）")
    build.add_argument("--no-cache", action="store_true", help=NO_CACHE)
    build.set_defaults(run=run_build)


def run_serve(args: argparse.Namespace) -> int:
    no_cache(args)
    busy = address_in_use(args.dev_addr or "127.0.0.1:8000")
    if busy:
        print(busy, file=sys.stderr)
        return 1
    argv = ["serve", "-f", args.config_file] + ([] if args.full else ["--dirty"])
    argv += (["-a", args.dev_addr] if args.dev_addr else []) + (["--open"] if args.open else [])
    return run_mkdocs(argv)


def address_in_use(address: str) -> str:
    """Why the preview cannot start there, in Chinese; "" when the address is free. Asked before MkDocs builds:
    MkDocs finds a busy port only after the whole build, and ends in two English tracebacks."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        # MkDocs would say it in English and blame mkdocs.yml, where the address is not
        return f"错误：预览地址“{address}”要写成 地址:端口（端口是 1–65535 的数字），如 {command('serve -a 127.0.0.1:8001')}"
    try:
        with socket.create_server((host.strip("[]"), int(port))):  # SO_REUSEADDR on POSIX, as MkDocs' server
            return ""
    except OSError:
        pass
    other = f"127.0.0.1:{int(port) + 1}"
    return (
        f"错误：预览地址 {host}:{port} 已被占用：可能已经有一个预览在运行（在浏览器打开 http://{host}:{port}/ 看看），"
        f"请先在那个窗口按 Ctrl+C 停止它再运行；或者换一个端口：{command('serve -a ' + other)}"
    )


def run_build(args: argparse.Namespace) -> int:
    no_cache(args)
    argv = ["build", "-f", args.config_file] + (["--strict"] if args.strict else [])
    return run_mkdocs(argv + (["-d", args.site_dir] if args.site_dir else []))


def no_cache(args: argparse.Namespace) -> None:
    if getattr(args, "no_cache", False):
        os.environ["XINYU_NO_CACHE"] = "1"  # read by the plugin (pipeline.store)


def run_mkdocs(argv: list[str]) -> int:
    """MkDocs' command line in this process; its aborts in Chinese, never a traceback."""
    import click

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the banner again, should anything run `mkdocs` from here
    from mkdocs.__main__ import cli

    try:
        with raw_streams():
            cli.main(args=argv, prog_name="xinyu", standalone_mode=False)
    except click.ClickException as exc:
        config_file = argv[argv.index("-f") + 1] if "-f" in argv[:-1] else "mkdocs.yml"
        print(f"错误：{chinese_abort(exc.format_message(), config_file)}", file=sys.stderr)
        return exc.exit_code or 1
    except click.exceptions.Abort:  # Ctrl+C
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def chinese_abort(message: str, config_file: str = "mkdocs.yml") -> str:
    message = message.strip()
    if message.startswith(UNREADABLE_CONFIG):  # PyYAML's English: read the file again as check does, for its line and fix
        from ..content.site import ConfigError, read_mkdocs_yml

        try:
            read_mkdocs_yml(Path(config_file))
        except ConfigError as exc:
            return str(exc)
    for pattern, text in ABORTS:
        match = pattern.fullmatch(message)
        if match:
            return text.format(*match.groups())
    return message
