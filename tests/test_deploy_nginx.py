"""The shipped nginx configuration, loaded by Debian's nginx on loopback, serving the built sample site at /xinyu/."""

from __future__ import annotations

import base64
import getpass
import grp
import hashlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port
from deploy_support import PREFIX, ascii_url, build_sample, crawl

NGINX = os.environ.get("XINYU_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
CONF = ROOT / "deploy" / "nginx" / "xinyu.conf"
ACCESS = ROOT / "deploy" / "nginx" / "xinyu-access.conf"
SITE_ROOT_PLACEHOLDER = "/srv/xinyu/site/"


def require_nginx() -> None:
    if not Path(NGINX).exists():
        message = f"需要 nginx（{NGINX}；Debian: apt-get install nginx）才能测试部署配置"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "；CI 中不能跳过。")
        pytest.skip(message)


def mime_types() -> Path:
    """Debian's mime.types, which the shipped config includes by relative path."""
    for candidate in (Path(NGINX).resolve().parent.parent / "etc/nginx/mime.types", Path("/etc/nginx/mime.types")):
        if candidate.is_file():
            return candidate
    pytest.fail("找不到 nginx 的 mime.types")


class Nginx:
    """A foreground nginx with its own prefix, pid, logs and temp paths; the shipped server block included as is."""

    def __init__(self, work: Path, site_dir: Path, *, access: str | None = None):
        self.work = work
        self.port = free_port()
        work.mkdir(parents=True, exist_ok=True)
        shutil.copy(mime_types(), work / "mime.types")
        server = CONF.read_text(encoding="utf-8")
        server = server.replace("listen 80;", f"listen 127.0.0.1:{self.port};").replace(SITE_ROOT_PLACEHOLDER, f"{site_dir}/")
        if access is not None:
            (work / "access.conf").write_text(access, encoding="utf-8")
            server = server.replace("# include /etc/nginx/snippets/xinyu-access.conf;", f"include {work}/access.conf;")
        (work / "xinyu.conf").write_text(server, encoding="utf-8")
        group = grp.getgrgid(os.getgid()).gr_name
        temp = "\n".join(f"    {name}_temp_path {work}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # As root (CI), workers would drop to nobody and could not read pytest's private tmp folders.
        (work / "nginx.conf").write_text(
            f"""
user {getpass.getuser()} {group};
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log notice;
events {{ worker_connections 64; }}
http {{
    access_log {work}/access.log;
{temp}
    include {work}/xinyu.conf;
}}
""",
            encoding="utf-8",
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(self._command("-t"), capture_output=True, text=True)

    def _command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", f"{self.work}/", "-c", f"{self.work}/nginx.conf", "-e", f"{self.work}/error.log", *extra]

    def start(self) -> Nginx:
        self.proc = subprocess.Popen(self._command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60  # a loaded CI machine: nginx may take more than a few seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx 未能启动：{self.proc.stdout.read().decode()} {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx 60 秒内没有开始监听：" + self.log())

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def log(self) -> str:
        path = self.work / "error.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_nginx()
    site = build_sample(tmp_path_factory.mktemp("nginx") / "sample")
    # Media types the sample content has no file of.
    media = site.out / "media-check"
    media.mkdir()
    (media / "clip.mp4").write_bytes(bytes(range(256)) * 64)
    (media / "module.wasm").write_bytes(b"\0asm\1\0\0\0")
    (media / "font.woff2").write_bytes(b"wOF2" + b"\0" * 60)
    return site


@pytest.fixture(scope="module")
def nginx(built, tmp_path_factory):
    server = Nginx(tmp_path_factory.mktemp("nginx-run"), built.out)
    checked = server.check()
    assert checked.returncode == 0, checked.stderr
    server.start()
    yield server
    server.stop()


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(ascii_url(url), headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_crawl_through_nginx_finds_no_broken_link(nginx, built):
    report = crawl(nginx.base + PREFIX)
    assert len(report.pages) > 50
    assert report.problems() == []
    assert {u.split(PREFIX, 1)[1] for u in report.fetched} >= {i["url"] for i in built.catalog()}


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("", "text/html; charset=utf-8"),
        ("catalog.json", "application/json; charset=utf-8"),
        ("catalog.csv", "text/csv; charset=utf-8"),
        ("feed.xml", "application/atom+xml; charset=utf-8"),
        ("cases/feed.xml", "application/atom+xml; charset=utf-8"),
        ("sitemap.xml", "text/xml; charset=utf-8"),
        ("search/meta.js", "application/javascript; charset=utf-8"),
        ("assets/xinyu/xinyu.css", "text/css; charset=utf-8"),
        ("media-check/clip.mp4", "video/mp4"),
        ("media-check/module.wasm", "application/wasm"),
        ("media-check/font.woff2", "font/woff2"),
    ],
)
def test_content_types(nginx, path, content_type):
    status, headers, _ = get(nginx.base + PREFIX + path)
    assert status == 200
    assert headers["content-type"] == content_type
    assert headers["x-content-type-options"] == "nosniff"


def test_fingerprinted_theme_assets_are_cached_for_a_year(nginx, built):
    assets = [p for p in built.out.glob("assets/*/*.min.*") if p.suffix in (".css", ".js")]
    assert assets, "找不到 Material 的带指纹资源"
    for path in assets:
        status, headers, _ = get(nginx.base + PREFIX + path.relative_to(built.out).as_posix())
        assert status == 200
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path.name


@pytest.mark.parametrize("path", ["", "cases/", "catalog.json", "search/meta.js", "feed.xml", "assets/xinyu/xinyu.js", "statistics.json"])
def test_pages_and_data_revalidate_every_time(nginx, path):
    status, headers, _ = get(nginx.base + PREFIX + path)
    assert status == 200
    assert headers["cache-control"] == "no-cache"
    assert "etag" in headers or "last-modified" in headers


def test_attachments_are_cached_for_a_day(nginx, built):
    pdf = next(built.out.rglob("*.pdf")).relative_to(built.out).as_posix()
    status, headers, _ = get(nginx.base + PREFIX + pdf)
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert headers["cache-control"] == "public, max-age=86400"


def test_unchanged_page_is_answered_with_304(nginx):
    _, headers, _ = get(nginx.base + PREFIX + "catalog.json")
    status, _, body = get(nginx.base + PREFIX + "catalog.json", {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""


@pytest.mark.parametrize("path", ["", "catalog.json", "search/meta.js", "assets/xinyu/xinyu.css"])
def test_text_is_gzipped(nginx, path):
    status, headers, body = get(nginx.base + PREFIX + path, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("content-encoding") == "gzip"
    assert "accept-encoding" in headers.get("vary", "").lower()
    import gzip

    assert gzip.decompress(body)


def test_gzip_leaves_media_alone(nginx):
    _, headers, _ = get(nginx.base + PREFIX + "media-check/clip.mp4", {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers


@pytest.mark.parametrize("kind", ["mp4", "pdf"])
def test_range_requests(nginx, built, kind):
    path = "media-check/clip.mp4" if kind == "mp4" else next(built.out.rglob("*.pdf")).relative_to(built.out).as_posix()
    whole = (built.out / path).read_bytes()
    status, headers, body = get(nginx.base + PREFIX + path, {"Range": "bytes=100-199"})
    assert status == 206
    assert headers["content-range"] == f"bytes 100-199/{len(whole)}"
    assert body == whole[100:200]
    status, headers, _ = get(nginx.base + PREFIX + path)
    assert headers.get("accept-ranges") == "bytes"


def test_missing_page_shows_the_sites_404_page_at_any_depth(nginx, built):
    status, headers, body = get(nginx.base + PREFIX + "cases/no-such-case/deeper/")
    assert status == 404
    assert body == (built.out / "404.html").read_bytes()
    assert headers["content-type"].startswith("text/html")
    # Its styles and scripts load from there: they are rooted at site_url's path, /xinyu/.
    html = body.decode("utf-8")
    assert 'href="/xinyu/assets/stylesheets/' in html
    for link in ("/xinyu/assets/xinyu/xinyu.css", "/xinyu/assets/xinyu/xinyu.js"):
        assert link in html and get(nginx.base + link)[0] == 200


def test_redirects_stay_relative_and_under_the_sub_path(nginx):
    status, headers, _ = get(nginx.base + "/xinyu")
    assert status == 301 and headers["location"] == "/xinyu/"
    status, headers, _ = get(nginx.base + PREFIX + "cases")
    assert status == 301 and headers["location"] == "/xinyu/cases/"
    status, headers, _ = get(nginx.base + "/")
    assert status == 302 and headers["location"] == "/xinyu/"


def test_hidden_files_are_not_served(nginx, built):
    (built.out / ".secret").write_text("x")
    status, _, _ = get(nginx.base + PREFIX + ".secret")
    assert status == 404


def test_access_control_example(built, tmp_path):
    """The shipped snippet, with the basic-auth file pointed at a test one: an allowed IP passes, others need the password."""
    password_file = tmp_path / "htpasswd"
    digest = base64.b64encode(hashlib.sha1(b"s3cret").digest()).decode()
    password_file.write_text(f"teacher:{{SHA}}{digest}\n")
    snippet = ACCESS.read_text(encoding="utf-8").replace("/etc/nginx/xinyu.htpasswd", str(password_file))
    assert "allow 127.0.0.1;" in snippet
    outsider = snippet.replace("allow 127.0.0.1;", "# (本机不在白名单里)")
    server = Nginx(tmp_path / "run", built.out, access=outsider)
    checked = server.check()
    assert checked.returncode == 0, checked.stderr
    server.start()
    try:
        url = server.base + PREFIX
        assert get(url)[0] == 401
        bad = base64.b64encode(b"teacher:wrong").decode()
        assert get(url, {"Authorization": f"Basic {bad}"})[0] == 401
        good = base64.b64encode(b"teacher:s3cret").decode()
        assert get(url, {"Authorization": f"Basic {good}"})[0] == 200
    finally:
        server.stop()
    inside = Nginx(tmp_path / "run-inside", built.out, access=snippet)
    inside.start()
    try:
        assert get(inside.base + PREFIX)[0] == 200  # 127.0.0.1 is on the allow list: no password asked
    finally:
        inside.stop()


def test_the_example_deployment_guide_names_the_shipped_files():
    guide = (ROOT / "docs" / "dev" / "deploy.md").read_text(encoding="utf-8")
    for name in ("deploy/nginx/xinyu.conf", "deploy/nginx/xinyu-access.conf", "site_url", "scripts/dev.py bundle"):
        assert name in guide


def test_every_server_the_guide_configures_shows_the_sites_own_404_page():
    """Each server's lines in the guide send a missing page to the site's 404.html by its URL under the sub-path
    (the nginx one is loaded for real above); the IIS web.config is well-formed XML; the guide warns that
    `python -m http.server` answers with its own English page instead."""
    import re
    from xml.etree import ElementTree as ET

    guide = (ROOT / "docs" / "dev" / "deploy.md").read_text(encoding="utf-8")
    nginx = (ROOT / "deploy" / "nginx" / "xinyu.conf").read_text(encoding="utf-8")
    page = f"{PREFIX}404.html"
    assert f"error_page 404 {page};" in nginx
    [web_config] = re.findall(r"```xml\n(.*?)```", guide, re.S)
    errors = ET.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", web_config.strip())).find("system.webServer/httpErrors")
    assert [(e.get("statusCode"), e.get("path"), e.get("responseMode")) for e in errors.iter("error")] == [("404", page, "ExecuteURL")]
    [apache] = re.findall(r"```apache\n(.*?)```", guide, re.S)
    assert f"ErrorDocument 404 {page}" in apache and f"Alias {PREFIX.rstrip('/')} " in apache
    assert "python3 -m http.server" in guide and "英文错误页" in guide
