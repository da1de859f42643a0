#!/usr/bin/env python3
"""离线包：构建一个解压后双击 index.html 就能用的 zip（给没有服务器的学校）。

    python3 scripts/dev.py bundle                 # → dist/xinyu-offline-YYYYMMDD.zip
    python3 scripts/dev.py bundle --output x.zip  # 指定输出文件

Builds the site into a temporary folder with Material's ``offline`` plugin on
(``OFFLINE=true``: MkDocs writes ``…/index.html`` links instead of directory
URLs), then makes the links our templates write as directory URLs
(``cases/x/``) point at ``cases/x/index.html`` too, because a browser opening
files shows a folder listing for a directory. Links that scripts create at run
time (search results) are fixed by a small inline script when clicked. The
catalog keeps its contract URLs (``cases/x/``). Finally every internal link is
checked against the files, and the folder is zipped. Pages marked internal (the statistics
page, a page with ``internal: true``) and the files only they link to are left out: the bundle
is handed to schools; those are the guidance centre's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
# On file://, a link to a folder opens a file listing: send clicks on such links to its index.html.
# For links made by scripts after the page loaded (search results); the HTML's own links are rewritten.
FILE_LINKS_SCRIPT = (
    "<script>/* xinyu offline */(function(){if(location.protocol!=='file:')return;"
    "function fix(e){var a=e.target&&e.target.closest&&e.target.closest('a[href]');if(!a)return;"
    "var u=new URL(a.href,location.href);if(u.protocol==='file:'&&/\\/$/.test(u.pathname)){"
    "u.pathname+='index.html';a.href=u.href;}}"
    "['mousedown','click','keydown','focusin'].forEach(function(t){document.addEventListener(t,fix,true);});})();</script>"
)
README = """\ufeff心育资源库 离线版（{date} 构建）

使用方法：
1. 先把整个 zip 文件解压（右键 → 全部解压缩 / 解压到当前文件夹），不要在压缩包里直接打开。
2. 打开解压出来的文件夹 {folder}，双击 index.html，用浏览器（Edge、Chrome、360 极速模式等）浏览。
3. 可以按学段、主题筛选，也可以在任意页面搜索；附件（PDF、Word、视频）在各条目页面下载。

说明：
- 离线版不需要网络，也不会访问任何外部网站；内容是构建当天的版本，请以区里下发的最新版为准。
- 如果解压后文件名是乱码、点击附件打不开，请改用 7-Zip 或 Bandizip 解压。
- 案例涉及学生隐私（均已化名），仅供校内教研使用，请勿外传。
"""


def build(site_root: Path, out_dir: Path) -> None:
    """``mkdocs build`` with the offline plugin on, into ``out_dir``."""
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out_dir)]
    proc = subprocess.run(command, cwd=site_root, env=env)
    if proc.returncode:
        sys.exit(f"构建失败（退出码 {proc.returncode}），请先修正上面列出的问题。")


def file_url(value: str) -> str:
    """A relative link to a folder (``x/``, ``..``, ``.``) as a link to its index.html; others unchanged."""
    if not value or value.startswith(("#", "/", "?")) or SCHEME.match(value):
        return value
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    path, rest = value[:cut], value[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path.rsplit("/", 1)[-1] in (".", ".."):
        path += "/index.html"
    return path + rest


def rewrite_page(html: str) -> str:
    html = URL_ATTRIBUTE.sub(lambda m: m.group(1) + file_url(m.group(2)) + m.group(3), html)
    if "xinyu offline" not in html:
        html = html.replace("</head>", FILE_LINKS_SCRIPT + "\n</head>", 1)
    return html


def rewrite_site(site_dir: Path) -> int:
    """Rewrite every HTML page for file://; returns how many pages."""
    pages = 0
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(rewrite_page(text), encoding="utf-8")
        pages += 1
    return pages


# How our templates mark a page for the guidance centre (front matter ``internal: true``, the statistics page).
INTERNAL_PAGE = '<meta name="robots" content="noindex">'
# Exports of the internal statistics page that no page links to (tools read them on the server).
INTERNAL_EXPORTS = ("statistics.json", "statistics.csv")


def leave_out_internal(site_dir: Path) -> list[str]:
    """Remove the pages marked internal and the files only they link to (statistics.xlsx): they are for the
    guidance centre, not for the schools a bundle is handed to. Returns what was removed, site-relative."""
    pages = sorted(site_dir.rglob("*.html"))
    internal = {page for page in pages if INTERNAL_PAGE in page.read_text(encoding="utf-8")}
    linked: dict[bool, set[Path]] = {True: set(), False: set()}
    for page in pages:
        for match in URL_ATTRIBUTE.finditer(page.read_text(encoding="utf-8")):
            value = match.group(2)
            if value and not value.startswith(("#", "?", "/")) and not SCHEME.match(value):
                target = (page.parent / unquote(re.split(r"[?#]", value, maxsplit=1)[0])).resolve()
                if target.is_file():
                    linked[page in internal].add(target)
    only = {t for t in linked[True] - linked[False] if t.suffix != ".html" and site_dir.resolve() in t.parents}
    gone = sorted(internal | only | {site_dir / name for name in INTERNAL_EXPORTS if internal and (site_dir / name).is_file()})
    for path in gone:
        path.unlink()
    return [path.resolve().relative_to(site_dir.resolve()).as_posix() for path in gone]


def broken_links(site_dir: Path) -> list[str]:
    """Relative links of every page that do not name an existing file (the 404 page is skipped: it is for servers)."""
    broken = []
    for page in site_dir.rglob("*.html"):
        if page.name == "404.html" and page.parent == site_dir:
            continue
        for match in URL_ATTRIBUTE.finditer(page.read_text(encoding="utf-8")):
            value = match.group(2)
            if not value or value.startswith(("#", "?")) or SCHEME.match(value) or value.startswith("//"):
                continue
            path = unquote(re.split(r"[?#]", value, maxsplit=1)[0])
            target = page.parent / path if not path.startswith("/") else site_dir / path.lstrip("/")
            if value.startswith("/") or not target.is_file():
                broken.append(f"{page.relative_to(site_dir).as_posix()}: {value}")
    return broken


def write_zip(site_dir: Path, target: Path, folder: str, date: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(f"{folder}/README.txt", README.format(date=date, folder=folder))
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and not path.name.endswith((".map", ".gz")):
                archive.write(path, f"{folder}/{path.relative_to(site_dir).as_posix()}")


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description="构建离线版 zip：解压后双击 index.html 即可浏览。")
    parser.add_argument("--root", type=Path, default=ROOT, help="站点根目录（含 mkdocs.yml），默认本仓库")
    parser.add_argument("--output", type=Path, help="输出的 zip 文件，默认 dist/xinyu-offline-YYYYMMDD.zip")
    args = parser.parse_args(argv)
    today = dt.date.today()
    folder = f"xinyu-offline-{today:%Y%m%d}"
    target = (args.output or args.root / "dist" / f"{folder}.zip").resolve()
    with tempfile.TemporaryDirectory(prefix="xinyu-offline-") as tmp:
        site_dir = Path(tmp) / "site"
        build(args.root.resolve(), site_dir)
        left_out = leave_out_internal(site_dir)
        pages = rewrite_site(site_dir)
        broken = broken_links(site_dir)
        if broken:
            print("[xinyu] 离线版中有打不开的链接：", *broken[:50], sep="\n  ", file=sys.stderr)
            sys.exit(f"共 {len(broken)} 个链接打不开，未生成离线包。")
        write_zip(site_dir, target, folder, today.isoformat())
    size = target.stat().st_size / 1024 / 1024
    if left_out:
        print(f"[xinyu] 只供指导中心使用的页面和文件不放进离线包：{'、'.join(left_out)}。")
    print(f"[xinyu] 离线包：{target}（{pages} 个页面，{size:.1f} MB）。解压后双击 {folder}/index.html 即可浏览。")
    return target


if __name__ == "__main__":
    main()
