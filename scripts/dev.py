#!/usr/bin/env python3
"""One command for everything: sets up .venv on first use, then runs what you ask.

    python3 scripts/dev.py serve     # 预览网站 http://127.0.0.1:8000/
    python3 scripts/dev.py test      # 运行全部测试
    python3 scripts/dev.py check     # 检查所有条目（xinyu check）
    python3 scripts/dev.py build     # 构建网站到 site/
    python3 scripts/dev.py xinyu …   # 任何 xinyu 子命令，如 new case
    python3 scripts/dev.py bundle    # 离线包 dist/xinyu-offline-YYYYMMDD.zip（解压后双击 index.html）

Works with only Python 3.10+ on Linux, macOS and Windows (``py scripts\\dev.py serve``).
Uses only the standard library until the virtual environment exists.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".xinyu-installed"


def say(message: str) -> None:
    print(f"[xinyu] {message}", flush=True)


def requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv(extras: str = "") -> None:
    """Create .venv and install the project; again only when pyproject.toml changed.

    The stamp records the digest and the extras installed, so that switching between
    `test` (which needs the test extra) and `serve`/`check` never reinstalls.
    """
    if sys.version_info < (3, 10):  # noqa: UP036 - users may run an older Python; tell them what to do
        sys.exit("需要 Python 3.10 或更高版本。请从 https://www.python.org/downloads/ 安装后重试。")
    if not PYTHON.exists():
        say("首次运行：正在创建虚拟环境 .venv（只需一次）…")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest, installed = "", set()
    if STAMP.exists():
        digest, _, names = STAMP.read_text().strip().partition(" ")
        installed = set(filter(None, names.split(",")))
    wanted = set(filter(None, extras.split(",")))
    if digest == requirements_digest() and wanted <= installed:
        return
    extras = ",".join(sorted(wanted | (installed if digest == requirements_digest() else set())))
    target = f".[{extras}]" if extras else "."
    say(f"正在安装依赖（{target}），首次需要几分钟…")
    quiet = [] if os.environ.get("CI") else ["-q"]
    run([str(PYTHON), "-m", "pip", "install", *quiet, "--disable-pip-version-check", "-e", target])
    STAMP.write_text(f"{requirements_digest()} {extras}")


def run(command: list[str]) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    code = subprocess.call(command, cwd=ROOT, env=env)
    if code:
        sys.exit(code)


def tool(name: str) -> str:
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return name


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "serve":
        ensure_venv()
        say("网站预览：http://127.0.0.1:8000/  （按 Ctrl+C 停止；修改文件后页面会自动刷新）")
        # --dirty: only pages whose content changed are rendered again (the plugin tells MkDocs which).
        run([tool("mkdocs"), "serve", "--dirty", *rest])
    elif command == "build":
        ensure_venv()
        run([tool("mkdocs"), "build", *rest])
    elif command == "check":
        ensure_venv()
        run([tool("xinyu"), "check", *rest])
    elif command == "xinyu":
        ensure_venv()
        run([tool("xinyu"), *rest])
    elif command == "bundle":
        ensure_venv()
        run([str(PYTHON), str(ROOT / "scripts" / "bundle.py"), *rest])
    elif command == "test":
        ensure_venv("test")
        workers = ["-n", "auto"] if not any(a.startswith("-n") for a in rest) else []
        run([str(PYTHON), "-m", "pytest", *workers, *rest])
    else:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
