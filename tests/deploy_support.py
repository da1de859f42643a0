"""Shared by the intranet and deployment tests: build the sample site for a sub-path, crawl it.

The crawler follows every internal link of every HTML page (href and src of
links, scripts, images, media), plus the URLs listed in catalog.json, the Atom
feeds and the sitemap, and reports what does not resolve, what escapes the
sub-path and what loads a resource from another origin.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from conftest import COPY_IGNORE, ROOT, Site, bin_path

# The address the test deployment claims to live at: feeds, sitemap and canonical links use it.
SITE_URL = "http://intranet.test/xinyu/"
PREFIX = "/xinyu/"
# Tags whose URL attributes make the browser load something (an <a> is only a link).
LOADING = {"script", "img", "video", "audio", "source", "iframe", "embed", "object", "track", "input"}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "preconnect", "dns-prefetch"}


def copy_sample(dest: Path, site_url: str = SITE_URL) -> Site:
    """This repository's site (config, data, content) in ``dest``, with ``site_url`` set for the deployment."""
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {site_url}", text)
    if not count:
        text = f"site_url: {site_url}\n" + text
    config.write_text(text, encoding="utf-8")
    return Site(dest)


def build_sample(dest: Path, site_url: str = SITE_URL, **env: str) -> Site:
    site = copy_sample(dest, site_url)
    proc = subprocess.run(
        [bin_path("mkdocs"), "build"],
        cwd=site.root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
    )
    assert proc.returncode == 0, proc.stderr
    return site


@dataclass
class Link:
    page: str  # URL of the page it was found in
    url: str  # as written
    tag: str
    rel: str = ""

    @property
    def loads(self) -> bool:
        return self.tag in LOADING or (self.tag == "link" and bool(set(self.rel.split()) & LOADING_RELS))


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, url, rel)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src", "poster", "data"):
            if values.get(name):
                self.found.append((tag, values[name], values.get("rel") or ""))


def links_in(html: str, page_url: str) -> list[Link]:
    parser = _LinkParser()
    parser.feed(html)
    return [Link(page_url, url, tag, rel) for tag, url, rel in parser.found]


@dataclass
class CrawlReport:
    pages: list[str] = field(default_factory=list)  # HTML pages visited
    fetched: set[str] = field(default_factory=set)  # every URL fetched, without query and fragment
    broken: list[str] = field(default_factory=list)
    escaping: list[str] = field(default_factory=list)  # root-absolute links outside the sub-path
    outside_loads: list[str] = field(default_factory=list)  # resources from another origin
    outside_links: set[str] = field(default_factory=set)  # plain hyperlinks elsewhere (allowed)
    responses: dict[str, dict] = field(default_factory=dict)  # URL → headers of the response (lower-case names)

    def problems(self) -> list[str]:
        return (
            [f"断链 {b}" for b in self.broken] + [f"越出子路径 {e}" for e in self.escaping] + [f"外部资源 {o}" for o in self.outside_loads]
        )


def ascii_url(url: str) -> str:
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def fetch(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(ascii_url(url), headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def crawl(base: str, site_url: str = SITE_URL) -> CrawlReport:
    """Fetch ``base`` (e.g. http://127.0.0.1:port/xinyu/) and everything it links to on the same origin."""
    report = CrawlReport()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    prefix = urlsplit(base).path
    queue: deque[tuple[str, str]] = deque([(base, "(start)")])
    extra = [base + name for name in ("catalog.json", "sitemap.xml", "feed.xml", "404.html")]
    queue.extend((url, "(site files)") for url in extra)
    while queue:
        url, found_in = queue.popleft()
        clean = url.split("#", 1)[0].split("?", 1)[0]
        if clean in report.fetched:
            continue
        report.fetched.add(clean)
        status, headers, body = fetch(clean)
        report.responses[clean] = headers
        if status != 200:
            report.broken.append(f"{clean} ({status}; 来自 {found_in})")
            continue
        kind = headers.get("content-type", "")
        if "text/html" in kind:
            report.pages.append(clean)
            for link in links_in(body.decode("utf-8", "replace"), clean):
                target = _classify(link, report, origin, prefix, site_url, base)
                if target:
                    queue.append((target, clean))
        for target in _data_urls(clean, body, base, site_url):
            queue.append((target, clean))
    return report


def _classify(link: Link, report: CrawlReport, origin: str, prefix: str, site_url: str, base: str) -> str | None:
    """The URL to fetch for an internal link, or None (recording what is wrong or outside)."""
    url = link.url.strip()
    if url.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "blob:")):
        return None
    if url.startswith(site_url):  # canonical and feed links are absolute by design
        return base + url[len(site_url) :]
    if url.startswith("/") and not url.startswith("//"):
        # Only the 404 page may be root-absolute (the server shows it at any depth), and only under the sub-path.
        if not url.startswith(prefix) or not link.page.endswith("/404.html"):
            report.escaping.append(f"{url}（{link.page}）")
            return None
    target = urljoin(link.page, url)
    if urlsplit(target).scheme in ("http", "https") and not target.startswith(origin):
        if link.loads:
            report.outside_loads.append(f"<{link.tag}> {url}（{link.page}）")
        else:
            report.outside_links.add(url)
        return None
    return target


def _data_urls(url: str, body: bytes, base: str, site_url: str) -> list[str]:
    """URLs listed by the site's data files, made fetchable under ``base``."""
    name = url.rsplit("/", 1)[-1]
    out: list[str] = []
    if name == "catalog.json":
        for item in json.loads(body)["items"]:
            out.append(base + item["url"])
            out.extend(base + a["url"] for a in item.get("attachments", []))
    elif name.endswith(".xml") and body.lstrip().startswith(b"<?xml"):
        root = ET.fromstring(body)
        for node in root.iter():
            value = node.text if node.tag.endswith("}loc") else node.get("href") if node.tag.endswith("}link") else None
            if value:
                out.append(base + value[len(site_url) :] if value.startswith(site_url) else "outside:" + value)
        if any(u.startswith("outside:") for u in out):
            raise AssertionError(f"{url} 含有不以 site_url 开头的链接：{[u for u in out if u.startswith('outside:')][:3]}")
    return out


def files_for(site_dir: Path, url_path: str) -> Path:
    """The file a URL path under the site root maps to (directories → index.html)."""
    path = site_dir / unquote(url_path)
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path
