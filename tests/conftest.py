"""Shared fixtures: write a small site into tmp_path, check it, build it, open it in Chromium."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("XINYU_CHROMIUM", "/usr/bin/chromium")
# fmt: off
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# fmt: on

MINIMAL_CONFIG = """\
site_name: 测试资源库
site_url: http://example.test/xinyu/
theme:
  name: material
  language: zh
  font: false
plugins:
  - xinyu:
      site_pages: checked
"""


def free_port() -> int:
    """A free port for a server that binds it later (``mkdocs serve`` only after its first build, nginx once started).

    Not one the kernel hands out (``bind(("", 0))``): until the server binds it, any process's next bind to port 0
    (a test's HTTP server) may be given the same. Ports below the kernel's ephemeral range are never handed out
    so; one is picked at random there, and taken only when nothing listens on it now.
    """
    import random
    import socket

    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768  # Linux's default; macOS and Windows hand out 49152 and above
    for _ in range(200):
        port = random.SystemRandom().randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port below the ephemeral range")


def interruptible(command: list[str]) -> list[str]:
    """``command`` with Ctrl+C's default action, for a test that sends it SIGINT: a command inherits an ignored
    SIGINT (a shell's background job ignores it, and so do its children), and then never sees the signal."""
    default = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"
    return [sys.executable, "-c", default, *command]


def bin_path(name: str) -> str:
    """A console script of the running interpreter's environment."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return name


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


OUT_OF_CPU = {-getattr(signal, name) for name in ("SIGXCPU", "SIGKILL") if hasattr(signal, name)}  # RLIMIT_CPU's soft, hard
HUNG = 600  # seconds after which a test's build or check is taken as hung: it fails with a message, CI goes on


def run(command: list[str], cwd: Path, env: dict | None = None, cpu: int | None = None) -> Result:
    """Run a command of the site to its end; a hang fails the test (``HUNG``, generous: the machine may be loaded).

    ``cpu``: the CPU seconds each of its processes may spend (``RLIMIT_CPU``; POSIX): a bound on the work done,
    which a loaded machine does not stretch as it stretches wall time. Past it the command is stopped and the test fails.
    """
    limit = None
    if cpu is not None and os.name == "posix":
        import resource

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 10))

    try:
        proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=HUNG, preexec_fn=limit)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{Path(command[0]).name} {command[1]} did not end within {HUNG} s (hung?); its log ends: {_tail(exc.stderr)}")
    if cpu is not None and proc.returncode in OUT_OF_CPU:
        pytest.fail(f"{Path(command[0]).name} {command[1]} spent more than {cpu} CPU seconds; its log ends: {_tail(proc.stderr)}")
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _tail(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return (text or "")[-2000:]


class Site:
    """A site in a temporary folder: write files, then check or build it."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def check(self, *args: str, cpu: int | None = None) -> Result:
        return run([bin_path("xinyu"), "check", *args], self.root, cpu=cpu)

    def check_json(self, *args: str) -> list[dict]:
        return json.loads(self.check("--format", "json", *args).out)

    def build(self, *args: str, engine: str = "mkdocs", cpu: int | None = None) -> Result:
        return run([bin_path(engine), "build", *args], self.root, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), cpu=cpu)

    @property
    def out(self) -> Path:
        return self.root / "site"

    def catalog(self) -> list[dict]:
        return json.loads((self.out / "catalog.json").read_text(encoding="utf-8"))["items"]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty site with the default vocabulary and a minimal mkdocs.yml."""
    s = Site(tmp_path / "site-src")
    s.write("mkdocs.yml", MINIMAL_CONFIG)
    s.write("data/vocabulary.yml", (ROOT / "plugins/xinyu/data/vocabulary.yml").read_text(encoding="utf-8"))
    s.write("docs/index.md", "# 首页\n")
    return s


# What a copy of this repository's site leaves out: not the site's, and the tools' caches (another xdist worker's
# Hypothesis writes .hypothesis/ while a copy runs: a file listed and then renamed away failed the copy).
COPY_IGNORE = shutil.ignore_patterns(
    "site", ".venv", ".git", "__pycache__", ".cache", "tests", "plugins", "*.egg-info", "dist",
    ".hypothesis", ".pytest_cache", ".ruff_cache", ".mypy_cache", "wheels",
)  # fmt: skip


@pytest.fixture
def sample_site(tmp_path: Path) -> Site:
    """A copy of this repository's own site (config, data, sample content)."""
    dest = tmp_path / "sample"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    return Site(dest)


VALID_CASE = """\
---
title: 用情绪温度计帮助初一学生识别情绪
summary: 一名初一学生入学后情绪波动大，辅导教师用情绪温度计帮助她识别和表达情绪。
date: 2024-05-20
topics: [情绪调适]
grade: 初一
authors: [王老师]
school: xx区实验中学
type: 个体辅导
anonymized: true
pseudonyms: [小A]
---
## 基本情况

小A，初一女生。
"""


@pytest.fixture
def valid_case() -> str:
    return VALID_CASE


def _browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium via Playwright; a skip on a developer machine, a failure in CI."""
    if not _browser_available():
        message = f"需要 Playwright 和 Chromium（{CHROMIUM}）才能运行浏览器测试"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "；CI 中不能跳过。")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records script errors in ``page.errors``."""
    context = browser.new_context()
    p = context.new_page()
    p.errors = []
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    yield p
    context.close()


def address_holds(page, part: str, present: bool = True) -> bool:
    """Wait (30 s at most) until the page's address holds ``part`` (``present=False``: no longer holds it).

    Not ``part in page.url``: Playwright learns of ``history.replaceState`` from an event of the browser, and
    read right after a click or a key press, ``page.url`` can still be the old address on a loaded machine."""
    page.wait_for_function("([part, present]) => location.href.includes(part) === present", arg=[part, present], timeout=30_000)
    return True


class QuietHTTPServer(http.server.ThreadingHTTPServer):
    """A test's static server: a browser that drops a connection mid-reply (a page left, a request cancelled) is
    not an error worth a traceback in the test log."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_directory(directory: Path, prefix: str = "/xinyu/"):
    """Start a threaded HTTP server serving `directory` at `prefix`; returns (server, base_url)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            clean = path.split("?", 1)[0].split("#", 1)[0]
            if not clean.startswith(prefix):
                return str(directory / "__outside_prefix__")
            return super().translate_path("/" + clean[len(prefix) :])

        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(directory))
    server = QuietHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture
def serve():
    """serve(site_dir) → base URL under /xinyu/; servers stop after the test."""
    servers = []

    def start(directory: Path, prefix: str = "/xinyu/") -> str:
        server, url = serve_directory(directory, prefix)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()


def minimal_pdf(text: str = "xinyu") -> bytes:
    """A small valid one-page PDF."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def minimal_docx(text: str = "学习单") -> bytes:
    """A small valid Word document."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()
