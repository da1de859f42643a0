#!/usr/bin/env python3
"""The faceted browser at scale: the cases index page of a 5,000-item site in headless Chromium.

    python scripts/bench_facets.py                  # 5,000 items (builds the site: a few minutes)
    python scripts/bench_facets.py --n 500 --runs 3 # a quick look
    python scripts/bench_facets.py --site /tmp/x/site   # an already built site

It builds a generated corpus (``scripts/corpus.py``), serves the site on 127.0.0.1
with gzip (as nginx does with ``gzip on``), and measures on ``cases/``:

- first render: navigation start → ``performance.mark('xinyu-facets-ready')`` (set
  by xinyu.js once the list is read, the URL state applied and the counts live),
  and navigation start → first contentful paint;
- bytes transferred for the page and everything it loads (gzip), and the page's own
  HTML gzipped: the browser's data is the list in the page;
- a facet click: click → list, counts and URL updated and painted (two frames).

Goals (issue 3): first render ≤ 1 s, data for the browser ≤ 1 MB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

CHROMIUM = os.environ.get("XINYU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the browser accepts it; no caching."""

    def send_head(self):  # noqa: ANN201 - SimpleHTTPRequestHandler's hook
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the URL with a slash
            path = path / "index.html"
        if path.suffix.lower() not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def build(n: int, work: Path, seed: int, existing: str | None = None) -> Path:
    site = Path(existing) if existing else work / "corpus"
    if not existing:
        print(f"generating {n} items …", file=sys.stderr, flush=True)
        corpus.generate(site, n, seed=seed)
    print("building …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")],
        cwd=site,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return work / "site"


READY = """() => new Promise(done => {
  const look = () => {
    const mark = performance.getEntriesByName('xinyu-facets-ready')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    if (mark) done({ready: mark.startTime, fcp: paint ? paint.startTime : null,
                    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd});
    else setTimeout(look, 20);
  };
  look();
})"""

TRANSFER = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return {page: nav.transferSize, page_decoded: nav.decodedBodySize,
          total: nav.transferSize + res.reduce((s, e) => s + e.transferSize, 0),
          resources: res.length, cards: document.querySelectorAll('.xy-card').length};
}"""

CLICK = """key => new Promise(done => {
  const link = document.querySelector('.xy-facet[data-facet="' + key + '"] .xy-value');
  const t0 = performance.now();
  link.click();
  requestAnimationFrame(() => requestAnimationFrame(() => done({ms: performance.now() - t0,
    shown: document.querySelectorAll('.xy-card:not([hidden])').length, url: location.search})));
})"""


def measure(browser, url: str) -> dict:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url + "cases/", wait_until="load")
    timing = page.evaluate(READY)
    transfer = page.evaluate(TRANSFER)
    clicks = [page.evaluate(CLICK, key) for key in ("grade", "topics", "type")]
    ctx.close()
    return {**timing, **transfer, "clicks": clicks}


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(args.work)
    site = Path(args.site) if args.site else build(args.n, work, args.seed, args.corpus)
    html = (site / "cases" / "index.html").read_bytes()
    result = {"n": args.n, "page_html_bytes": len(html), "page_html_gzip": len(gzip.compress(html, 6)), "runs": []}
    httpd, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(args.runs):
                r = measure(browser, url)
                result["runs"].append(r)
                print(
                    f"run {i + 1}: ready {r['ready']:.0f} ms, FCP {r['fcp'] or 0:.0f} ms, {r['total'] / 1024:.0f} KB transferred, "
                    f"{r['cards']} cards, clicks {[round(c['ms']) for c in r['clicks']]} ms",
                    file=sys.stderr,
                    flush=True,
                )
            browser.close()
    finally:
        httpd.shutdown()
    return result


def summary(result: dict) -> str:
    runs = result["runs"]
    med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    clicks = [c["ms"] for r in runs for c in r["clicks"][1:]]  # the first click also warms up the engine
    first = [r["clicks"][0]["ms"] for r in runs]
    return "\n".join(
        [
            "| items | cards on cases/ | first render (ready) ms | first contentful paint ms | transferred (gzip) KB | page HTML KB (gzip) | facet click ms (first / later) |",
            "|---|---|---|---|---|---|---|",
            f"| {result['n']} | {runs[0]['cards']} | {med('ready'):.0f} | {med('fcp') or 0:.0f} | {med('total') / 1024:.0f} | "
            f"{result['page_html_bytes'] / 1024:.0f} ({result['page_html_gzip'] / 1024:.0f}) | {statistics.median(first):.0f} / {statistics.median(clicks):.0f} |",
            f"\nMedians of {len(runs)} cold loads (new browser context each).",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", help="a built site to measure instead of building one")
    parser.add_argument("--corpus", help="a generated corpus (scripts/corpus.py) to build instead of generating one")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xinyu-bench-facets"))
    parser.add_argument("--out", type=Path, default=Path("bench_facets.json"))
    args = parser.parse_args()
    result = run(args)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(summary(result))


if __name__ == "__main__":
    main()
