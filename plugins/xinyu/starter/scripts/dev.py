#!/usr/bin/env python3
"""本站的命令。第一次运行时自动准备好一切（虚拟环境 .venv 和 xinyu），之后直接运行。

    python3 scripts/dev.py serve     # 预览网站 http://127.0.0.1:8000/（修改后自动刷新）
    python3 scripts/dev.py check     # 检查全部条目，再严格构建一次网站（提交前、合并前都用它）
    python3 scripts/dev.py build     # 构建网站到 site/（发布用）
    python3 scripts/dev.py xinyu …   # 任何 xinyu 命令，如 xinyu new case

Windows 上把 python3 换成 py：py scripts\\dev.py serve。
仓库里有 wheels/ 文件夹（离线安装包）时只从那里安装，不连外网。
只用 Python 标准库，Linux、macOS、Windows 都能运行（Python 3.10 及以上）。
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = "wheels"


INSTALL_FAILED = (
    "[xinyu] 安装没有成功（原因见上面 pip 的输出）。常见的是：这台电脑连不上 Python 软件源，"
    "或 requirements.txt 中的 xinyu 版本还没有发布到软件源。两种情况都可以用离线安装包："
    "在 xinyu 源码仓库中运行 python3 scripts/dev.py wheelhouse（Windows：py scripts\\dev.py wheelhouse），"
    "把生成的 wheels/ 文件夹复制到本站根目录，再运行一次本命令。"
)


def say(message: str) -> None:
    print(f"[xinyu] {message}", flush=True)


class Environment:
    """The site's .venv: created on first use, installed again only when what it installs changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.venv = root / ".venv"
        self.bin = self.venv / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")
        self.stamp = self.venv / ".xinyu-installed"

    def ensure(self, requirements: list[str], inputs: list[Path]) -> None:
        """pip install ``requirements`` (pip arguments), from wheels/ alone when it is there."""
        if sys.version_info < (3, 10):  # noqa: UP036 - users may run an older Python; tell them what to do
            sys.exit("需要 Python 3.10 或更高版本。请从 https://www.python.org/downloads/ 安装后重试。")
        wheels = self.root / WHEELS
        digest = hashlib.sha256(repr(requirements).encode() + b"".join(p.read_bytes() for p in inputs if p.is_file())).hexdigest()
        if self.python.exists() and self.stamp.is_file() and self.stamp.read_text(encoding="utf-8").strip() == digest:
            return
        if not self.python.exists():
            say("首次运行：正在创建虚拟环境 .venv（只需一次）…")
            venv.EnvBuilder(with_pip=True).create(self.venv)
        offline = ["--no-index", "--find-links", str(wheels)] if wheels.is_dir() else []
        say(f"正在安装（{'从 wheels/ 离线安装' if offline else '从软件源下载'}），首次需要几分钟…")
        quiet = [] if os.environ.get("CI") else ["-q"]
        pip = [str(self.python), "-m", "pip", "install", *quiet, "--disable-pip-version-check", *offline, *requirements]
        if self.run(pip, exit_on_error=False):
            sys.exit(INSTALL_FAILED)
        self.stamp.write_text(digest, encoding="utf-8")

    def tool(self, name: str) -> str:
        for candidate in (self.bin / name, self.bin / f"{name}.exe"):
            if candidate.exists():
                return str(candidate)
        return name

    def run(self, command: list[str], exit_on_error: bool = True) -> int:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
        code = subprocess.call(command, cwd=self.root, env=env)
        if code and exit_on_error:
            sys.exit(code)
        return code


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    env = Environment(ROOT)
    if command not in ("serve", "check", "build", "xinyu"):
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)
    env.ensure(["-r", "requirements.txt"], [ROOT / "requirements.txt"])
    xinyu = env.tool("xinyu")
    if command == "check":
        checked = env.run([xinyu, "check", *rest], exit_on_error=False)
        built = env.run([xinyu, "build", "--strict"], exit_on_error=False)
        sys.exit(checked or built)
    env.run([xinyu, *rest] if command == "xinyu" else [xinyu, command, *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
