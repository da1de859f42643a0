"""``xinyu init DIR [--district 某某区]``: a new district's site repository, ready to build.

The files come from ``xinyu/starter`` (dot-files are stored as ``dot-…``, which every packaging
tool keeps); ``offline/`` holds the CI files that need no outside actions or downloads
(``--offline``). The vocabulary is the package's own, and CONTRIBUTING.md is generated from
the site's guide page, so a new site passes ``xinyu check`` and ``mkdocs build --strict`` as made.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .. import __version__
from ..content.site import BUILTIN_DATA

STARTER = Path(__file__).resolve().parent.parent / "starter"
OFFLINE = "offline"
TEXT = {".md", ".yml", ".yaml", ".txt", ".py", ".sh", ""}
DISTRICT_RE = re.compile(r"^[^\s:#'\"{}\[\],&*!|>%@`\\/]{1,20}$")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "init",
        help="新建一个区的资源库站点（配置、示例条目、CI、投稿指南）",
        description="在一个新文件夹里生成资源库站点：mkdocs.yml（四个集合）、词表和作者名录、每个集合一个示例条目、"
        "GitHub/GitLab/Gitea 的检查与发布配置、投稿指南、中文 README 和 .gitignore。生成后即可构建。",
    )
    parser.add_argument("dir", metavar="文件夹", help="新站点的文件夹（不存在或是空的）")
    parser.add_argument("--district", default="xx区", metavar="区名", help="区的名称，如 某某区（默认 xx区）")
    parser.add_argument("--offline", action="store_true", help="生成内网版 CI 文件：不使用外部 action、不下载任何东西，从 wheels/ 安装")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    problem = _problem(target, args.district)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    written = write_site(target, args.district, offline=args.offline)
    if shutil.which("git") and not (target / ".git").exists():
        subprocess.run(["git", "init", "-q", str(target)], check=False)
    print(f"已在 {target} 生成{args.district}心育资源库（{written} 个文件）。下一步：", file=sys.stderr)
    print(f"  cd {target}\n  python3 scripts/dev.py serve     # 预览（Windows：py scripts\\dev.py serve）", file=sys.stderr)
    print("  python3 scripts/dev.py check     # 检查全部内容并严格构建", file=sys.stderr)
    print(
        f"它们从 Python 软件源安装 xinyu {__version__}；这台电脑不能上网，或软件源中还没有这个版本时，"
        f"先在 xinyu 源码仓库运行 python3 scripts/dev.py wheelhouse {target / 'wheels'}（离线安装包）。",
        file=sys.stderr,
    )
    return 0


def _problem(target: Path, district: str) -> str | None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return f"{target} 已存在且不是空文件夹：xinyu init 不会覆盖已有的文件。请换一个新的文件夹名。"
    if not DISTRICT_RE.match(district):
        return f"区名“{district}”不能用：请写 1–20 个字，不含空格和 : # 引号 括号 等符号，如 --district 某某区。"
    return None


def write_site(target: Path, district: str, offline: bool = False) -> int:
    """Every starter file, placeholders filled; returns how many files were written."""
    files = {_dest(path.relative_to(STARTER).as_posix()): path for path in sorted(STARTER.rglob("*")) if _wanted(path)}
    if offline:  # the offline CI files take the place of the usual ones
        files.update({dest[len(OFFLINE) + 1 :]: path for dest, path in list(files.items()) if dest.startswith(OFFLINE + "/")})
    files = {dest: path for dest, path in files.items() if not dest.startswith(OFFLINE + "/")}
    files["data/vocabulary.yml"] = BUILTIN_DATA / "vocabulary.yml"
    for dest, source in files.items():
        out = target / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in TEXT:
            text = source.read_text(encoding="utf-8").replace("@DISTRICT@", district).replace("@VERSION@", __version__)
            out.write_text(text, encoding="utf-8", newline="\n")
        else:
            shutil.copyfile(source, out)
        if dest.startswith("scripts/"):
            out.chmod(0o755)
    _write_guide(target)
    return len(files) + 1


def _wanted(path: Path) -> bool:
    return path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"


def _dest(rel: str) -> str:
    """``dot-github/workflows/check.yml`` → ``.github/workflows/check.yml``."""
    return "/".join("." + part[4:] if part.startswith("dot-") else part for part in rel.split("/"))


def _write_guide(target: Path) -> None:
    """CONTRIBUTING.md from the new site's guide page and its schemas, as ``xinyu guide --out`` writes it."""
    from ..content import load_library
    from .guide import DEFAULT_PAGE, render_contributing
    from .site import load_site

    library = load_library(load_site(target / "mkdocs.yml", every_default=True), only=set())
    text = render_contributing(library, DEFAULT_PAGE, "CONTRIBUTING.md")
    (target / "CONTRIBUTING.md").write_text(text, encoding="utf-8", newline="\n")
