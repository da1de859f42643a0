#!/usr/bin/env python3
"""Accessibility and page-speed benchmark: axe-core on every page type, Lighthouse on four.

    python scripts/bench_a11y.py                     # builds the sample site, serves it through deploy/nginx
    python scripts/bench_a11y.py --site /tmp/x/site  # an already built site (built for the /xinyu/ sub-path)
    python scripts/bench_a11y.py --skip-lighthouse   # axe counts only
    python scripts/bench_a11y.py --runs 3            # Lighthouse median of three runs a page

What it does:
- serves the built site with Debian's nginx loading the shipped ``deploy/nginx/xinyu.conf``
  unchanged but for the port and the site folder (as tests/test_deploy_nginx.py does);
- runs axe-core (npm ``axe-core`` 4.14.1 from ``scripts/lighthouse/package-lock.json``,
  else the copy bundled with the test extra's ``axe-playwright-python``) on every page
  type of ``tests/a11y_support.py`` at 1280 and 390 px, collection indexes also after a
  facet click, and counts violations (rules × pages, and elements);
- runs Lighthouse 12.2.3 (npm, with Debian's Chromium) in its default mobile mode
  (simulated slow 4G, 4× CPU slowdown) on home, the cases index, a case and a search,
  and prints the accessibility and performance scores.

This is a benchmark, not a test: it needs nginx, Chromium and npm (``npm ci`` runs in
``scripts/lighthouse/`` on first use, from the npm registry). Goals (issue 13): axe 0
violations everywhere; Lighthouse accessibility 100, mobile performance ≥ 95.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "scripts" / "lighthouse"
sys.path.insert(0, str(ROOT / "tests"))

from a11y_support import WIDTHS, audit  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from deploy_support import PREFIX, build_sample  # noqa: E402
from test_deploy_nginx import Nginx  # noqa: E402

LIGHTHOUSE_PAGES = {"home": "", "cases-index": "cases/", "case": None, "search": "?q=情绪"}


def ensure_tools() -> None:
    if not (TOOLS / "node_modules" / "lighthouse").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)
    axe = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
    if axe.is_file():
        os.environ.setdefault("XINYU_AXE_JS", str(axe))


def axe_counts(base: str, site: Path) -> dict[str, dict[str, int]]:
    """{"desktop home": {rule: elements}, …} for every page type and width."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, int]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            for name, violations in audit(context, base, site).items():
                found[f"{width_name} {name}"] = {v["id"]: len(v["nodes"]) for v in violations}
            context.close()
        browser.close()
    return found


def lighthouse(url: str, out: Path) -> dict[str, float]:
    command = [
        str(TOOLS / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=accessibility,performance",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS[1:]]),
    ]
    subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=CHROMIUM))
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(cat["score"] * 100) for name, cat in report["categories"].items()}
    scores["lcp_s"] = round(report["audits"]["largest-contentful-paint"]["numericValue"] / 1000, 2)
    failed = [a for a in report["categories"]["accessibility"]["auditRefs"] if report["audits"][a["id"]].get("score") == 0]
    scores["a11y_failed"] = [a["id"] for a in failed]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build the sample site)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs a page (the median is reported)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    ensure_tools()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = args.site.resolve() if args.site else build_sample(work / "sample").out
        server = Nginx(work / "nginx", site).start()
        base = server.base + PREFIX
        try:
            figures = {"axe": axe_counts(base, site)}
            if not args.skip_lighthouse:
                figures["lighthouse"] = lighthouse_all(base, site, work, args.runs)
        finally:
            server.stop()
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


def lighthouse_all(base: str, site: Path, work: Path, runs: int) -> dict[str, dict]:
    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["items"]
    pages = dict(LIGHTHOUSE_PAGES, case=next(i["url"] for i in items if i["collection"] == "cases"))
    out = {}
    for name, path in pages.items():
        results = [lighthouse(base + path, work / f"lh-{name}-{n}.json") for n in range(runs)]
        median = statistics.median_low(r["performance"] for r in results)
        out[name] = next(r for r in results if r["performance"] == median) | {"url": path, "runs": [r["performance"] for r in results]}
    return out


def report(figures: dict) -> None:
    rules, elements = Counter(), Counter()
    for page, found in figures["axe"].items():
        print(f"axe {page:28} {found or '0'}")
        for rule, count in found.items():
            rules[rule] += 1
            elements[rule] += count
    print(
        f"axe: {sum(rules.values())} violations (rule × page) on {len(figures['axe'])} page states; {sum(elements.values())} elements: {dict(elements)}"
    )
    for name, scores in figures.get("lighthouse", {}).items():
        print(
            f"lighthouse {name:12} accessibility {scores['accessibility']:3}  performance {scores['performance']:3} "
            f"(runs {scores['runs']})  LCP {scores['lcp_s']} s  failed: {scores['a11y_failed'] or '-'}"
        )


if __name__ == "__main__":
    main()
