#!/usr/bin/env python3
"""One command for everything: sets up .venv on first use, then runs what you ask.

    python3 scripts/dev.py serve     # 预览网站 http://127.0.0.1:8000/
    python3 scripts/dev.py test      # 运行全部测试
    python3 scripts/dev.py check     # 检查所有条目（xinyu check）
    python3 scripts/dev.py build     # 构建网站到 site/
    python3 scripts/dev.py xinyu …   # 任何 xinyu 子命令，如 new case
    python3 scripts/dev.py bundle    # 离线包 dist/xinyu-offline-YYYYMMDD.zip（解压后双击 index.html）
    python3 scripts/dev.py wheelhouse [文件夹]  # 内网安装包 wheels/：所有依赖的 wheel（Linux、Windows，本版和下一版 Python）

Where a wheels/ folder is present, every install comes from it alone (no network).

Works with only Python 3.10+ on Linux, macOS and Windows (``py scripts\\dev.py serve``).
Uses only the standard library until the virtual environment exists.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / "wheels"
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
    `test` (which needs the test extra) and `serve`/`check` never reinstalls, and a reinstall
    after a pyproject.toml change keeps every extra installed before (a later direct
    `python -m pytest` still finds the test dependencies).
    """
    if sys.version_info < (3, 10):  # noqa: UP036 - users may run an older Python; tell them what to do
        sys.exit("需要 Python 3.10 或更高版本。请从 https://www.python.org/downloads/ 安装后重试。")
    if not PYTHON.exists():
        say("首次运行：正在创建虚拟环境 .venv（只需一次）…")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest, installed = "", set()
    if STAMP.exists():
        digest, _, names = STAMP.read_text(encoding="utf-8").strip().partition(" ")
        installed = set(filter(None, names.split(",")))
    wanted = set(filter(None, extras.split(",")))
    if digest == requirements_digest() and wanted <= installed:
        return
    extras = ",".join(sorted(wanted | installed))
    target = f".[{extras}]" if extras else "."
    offline = ["--no-index", "--find-links", str(WHEELS)] if WHEELS.is_dir() else []
    what = "xinyu 和测试用的工具" if "test" in wanted | installed else "xinyu 和它用到的 MkDocs 等软件"
    say(f"正在安装 {what} 到 .venv（{'只从 wheels/ 离线安装，' if offline else ''}首次需要几分钟）…")
    quiet = [] if os.environ.get("CI") else ["-q"]
    run([str(PYTHON), "-m", "pip", "install", *quiet, "--disable-pip-version-check", *offline, "-e", target])
    STAMP.write_text(f"{requirements_digest()} {extras}", encoding="utf-8")


def run(command: list[str], **extra: str) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", **extra)
    child = subprocess.Popen(command, cwd=ROOT, env=env)
    code = _wait(child)
    if code:
        sys.exit(code)


def _wait(child: subprocess.Popen) -> int:
    """The command's exit code. Ctrl+C reaches the command too (the terminal signals the whole group): it stops in
    its own way ("正在停止预览……") while this waits, and the teacher sees no traceback of ours; a command still
    running 30 seconds after Ctrl+C is ended."""
    stopped = None
    while True:
        try:
            return child.wait(timeout=None if stopped is None else max(0.1, stopped + 30 - time.monotonic()))
        except KeyboardInterrupt:
            stopped = stopped or time.monotonic()
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()


def tool(name: str) -> str:
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return name


# Where the district's machines are: Linux servers and CI runners, teachers' Windows PCs.
PLATFORMS = {
    "Linux": ["manylinux1_x86_64", "manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64", "linux_x86_64"],
    "Windows": ["win_amd64"],
}
# Published with Linux wheels only; their sources fall back to pure Python when the C part cannot be
# built, which CC=false forces here: the py3-none-any wheel then serves Windows (and any other Python).
PURE_FALLBACK = ["rjsmin", "rcssmin"]


def wheelhouse_commands(out: Path, wheel: Path) -> list[list[str]]:
    """pip commands that fill ``out`` with every wheel xinyu and its tests need, for each platform and
    for this Python and the next (a school PC a year from now); ``wheel`` is xinyu's own."""
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check"]
    wanted = [f"xinyu[test]=={wheel.name.split('-')[1]}", "setuptools>=68", "wheel"]  # the last two: `pip install -e .` offline
    # Here first, building what is published only as source (jieba) into wheels the others then find in out.
    commands = [pip + ["wheel", "-q", "-w", str(out), "--find-links", str(out), *wanted],
                pip + ["wheel", "-q", "--no-deps", "-w", str(out), "--no-binary", ",".join(PURE_FALLBACK), *PURE_FALLBACK]]
    minor = sys.version_info[1]
    for version in (f"3.{minor}", f"3.{minor + 1}"):
        for platforms in PLATFORMS.values():
            tags = [arg for tag in platforms for arg in ("--platform", tag)]
            commands.append(pip + ["download", "-q", "-d", str(out), "--find-links", str(out), "--only-binary=:all:",
                                   "--implementation", "cp", "--python-version", version, *tags, *wanted])
    return commands


def wheelhouse(rest: list[str]) -> None:
    out = Path(rest[0]).resolve() if rest else WHEELS
    ensure_venv()
    out.mkdir(parents=True, exist_ok=True)
    say(f"正在生成 xinyu 的 wheel 和全部依赖，写入 {out}（需要联网，几百 MB）…")
    run([str(PYTHON), "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)])
    (wheel,) = sorted(out.glob("xinyu-*.whl"), key=lambda p: p.stat().st_mtime)[-1:]
    for command in wheelhouse_commands(out, wheel):
        run(command, CC="false")  # CC only matters to PURE_FALLBACK's builds: see there
    count = len(list(out.glob("*.whl")))
    say(f"完成：{count} 个 wheel。把 {out.name}/ 复制到内网电脑的仓库根目录（或 xinyu init 生成的站点根目录），"
        "两条命令就只从这里安装。")


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "serve":
        ensure_venv()
        # The address is said by xinyu serve once it serves there (not before: the port may be taken).
        say("正在准备网站预览（第一次要构建整个网站，请稍候）……")
        # xinyu serve: mkdocs serve --dirty (only pages whose content changed are rendered again), in Chinese,
        # and a busy port said so before the build instead of in a traceback after it.
        run([tool("xinyu"), "serve", *rest])
    elif command == "build":
        ensure_venv()
        run([tool("mkdocs"), "build", *rest])
    elif command == "check":
        ensure_venv()
        run([tool("xinyu"), "check", *rest])
    elif command == "xinyu":
        ensure_venv()
        run([tool("xinyu"), *rest])
    elif command == "wheelhouse":
        wheelhouse(rest)
    elif command == "bundle":
        ensure_venv()
        run([str(PYTHON), str(ROOT / "scripts" / "bundle.py"), *rest])
    elif command == "test":
        ensure_venv("test")
        # worksteal: a worker that runs out of tests takes queued ones from the other (a few tests take minutes each)
        workers = ["-n", "auto", "--dist", "worksteal"] if not any(a.startswith("-n") for a in rest) else []
        run([str(PYTHON), "-m", "pytest", *workers, *rest])
    else:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
