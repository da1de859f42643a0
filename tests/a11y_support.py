"""Accessibility checks shared by the axe and phone tests and scripts/bench_a11y.py.

PAGE_TYPES lists one page of every kind the site generates, found in the built site
(so a new kind of page is one line here). axe-core comes from the PyPI package
``axe-playwright-python``, which bundles it: nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # relative to the site root; may hold a query
    click_facet: bool = False  # also check the page after choosing its first facet value


def _first_dir(site: Path, folder: str) -> str | None:
    base = site / folder
    found = sorted(p for p in base.glob("*/index.html")) if base.is_dir() else []
    return found[0].parent.relative_to(site).as_posix() + "/" if found else None


def _page(site: Path, path: str) -> str | None:
    return path + "/" if (site / path / "index.html").is_file() else None


def page_types(site: Path) -> list[PageType]:
    """One page of every kind present in the built ``site`` folder.

    Every collection in catalog.json gives its index (checked again after a facet click) and its
    first item; the rest are found by folder, so a page kind that a site lacks is left out.
    """
    pages = [PageType("home", ""), PageType("search", "?q=情绪"), PageType("404", "404.html")]
    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["items"]
    firsts = {}
    for item in items:
        firsts.setdefault(item["collection"], item["url"])
    for collection, url in firsts.items():
        if _page(site, collection):
            pages.append(PageType(f"{collection}-index", _page(site, collection), click_facet=True))
        pages.append(PageType(f"{collection}-item", url))
    candidates = {
        "people": _page(site, "people"),
        "person": _first_dir(site, "people"),
        "taxonomy": _page(site, "cases/grade"),
        "term": _first_dir(site, "cases/grade"),
        "series": _first_dir(site, "courses/series"),
        "event": _first_dir(site, "lectures/event"),
        "round": _first_dir(site, "rounds"),
        "groups": _page(site, "groups"),
        "group": _first_dir(site, "groups"),
        "parents": _page(site, "parents"),
        "statistics": _page(site, "statistics"),
        "about": _page(site, "about"),
        "contribute": _page(site, "contribute"),
    }
    pages += [PageType(name, path) for name, path in candidates.items() if path]
    return pages


def axe_script() -> str:
    """axe-core's source: the bundled copy, or the file named by XINYU_AXE_JS (to try another version)."""
    override = os.environ.get("XINYU_AXE_JS")
    if override:
        return Path(override).read_text(encoding="utf-8")
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def run_axe(page) -> list[dict]:
    """Violations on the page as it is now: [{id, impact, help, nodes: [{target, summary}]}].

    Every rule axe runs by default, and target-size too (WCAG 2.5.8, touch targets of 24 px).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def click_first_facet(page) -> str:
    """Choose the first facet value as a reader would (opening the filter panel on phones)."""
    toggle = page.locator(".xy-filter-toggle")
    if toggle.count() and toggle.is_visible():
        toggle.click()
    value = page.locator(".xy-facet .xy-value").first
    label = value.get_attribute("data-value") or ""
    value.click()
    page.wait_for_function("() => /筛选出/.test(document.querySelector('.xy-status').textContent)")
    return label


def audit(context, base: str, site: Path) -> dict[str, list[dict]]:
    """axe-core's violations on every page type of ``site`` served at ``base``, in one browser context;
    collection indexes also after a facet click (named "<index>，选择“<value>”后")."""
    found = {}
    for kind in page_types(site):
        page = context.new_page()
        page.goto(base + kind.path, wait_until="networkidle")
        found[kind.name] = run_axe(page)
        if kind.click_facet:
            value = click_first_facet(page)
            found[f"{kind.name}，选择“{value}”后"] = run_axe(page)
        page.close()
    return found


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} 处")
        for n in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, n['target']))}: {n['summary'].splitlines()[-1] if n['summary'] else ''}")
    return "\n".join(lines)
