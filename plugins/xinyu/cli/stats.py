"""``xinyu stats``: the annual figures as an Excel workbook, with page views and downloads from access logs.

    xinyu stats --out 年度统计.xlsx
    xinyu stats --access-log /var/log/nginx/access.log /var/log/nginx/access.log.1.gz --out 年度统计.xlsx

The figures are the statistics page's (published items only); the access logs add views
and downloads per item and per school. Nothing is tracked in the reader's browser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..content.site import read_mkdocs_yml


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stats",
        help="生成年度统计表格（Excel），可加访问日志统计浏览和下载次数",
        description="按学校和年份统计投稿、获奖、参评，列出尚无投稿的学校和各栏目每年的条目数，写成 Excel 表格。"
        "加 --access-log 时，从 nginx 访问日志统计每个条目和每所学校的浏览、下载次数（网站本身不记录任何访问）。",
    )
    parser.add_argument("--access-log", nargs="+", metavar="日志文件", default=[], help="nginx 访问日志（combined 格式，可以是 .gz 压缩的轮转日志）")
    parser.add_argument("--base", metavar="路径", help="网站在服务器上的路径，如 /xinyu/（默认取 mkdocs.yml 中 site_url 的路径）")
    parser.add_argument("--out", metavar="FILE", default="年度统计.xlsx", help="输出的 Excel 文件（默认 年度统计.xlsx）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every other command would load the checker and the spreadsheet writer too.
    from ..content import ConfigError, load_library, load_site
    from ..content.schema import SchemaError
    from ..index import build_index
    from ..index.access_log import read_access_logs
    from ..index.report import annual_tables
    from ..index.workbook import workbook_bytes

    config_file = Path(args.config_file)
    try:
        site = load_site(config_file)
        index = build_index(load_library(site))
    except (ConfigError, SchemaError) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    access = None
    if args.access_log:
        paths = [Path(p) for p in args.access_log]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            print(f"找不到访问日志：{'、'.join(missing)}。请写日志文件的完整路径，如 /var/log/nginx/access.log。", file=sys.stderr)
            return 2
        base = args.base if args.base is not None else urlsplit(str(read_mkdocs_yml(config_file).get("site_url") or "/")).path
        try:
            access = read_access_logs(paths, index, base or "/")
        except OSError as exc:
            print(f"无法读取访问日志：{exc}", file=sys.stderr)
            return 2
        print(f"访问日志：{access.lines} 行，{access.period()}；浏览 {sum(access.views.values())} 次，下载 {sum(access.downloads.values())} 次。", file=sys.stderr)
        if access.lines and not (access.views or access.downloads):
            print(f"提示：日志中没有找到本站条目的访问。网站若不在服务器根路径，请用 --base 写明路径（现在是 {base or '/'}）。", file=sys.stderr)
    out = Path(args.out)
    try:
        out.write_bytes(workbook_bytes(annual_tables(index, access)))
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror}（文件是否正在 Excel 中打开？）", file=sys.stderr)
        return 2
    print(f"已写入 {out}", file=sys.stderr)
    return 0
