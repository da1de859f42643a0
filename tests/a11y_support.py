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
COLLECTIONS = ("cases", "courses", "lectures", "research")


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # relative to the site root; may hold a query
    click_facet: bool = False  # also check the page after choosing its first facet value


def _first_item(site: Path, collection: str) -> str | None:
    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["items"]
    return next((i["url"] for i in items if i["collection"] == collection), None)


def _first_dir(site: Path, folder: str) -> str | None:
    base = site / folder
    found = sorted(p for p in base.glob("*/index.html")) if base.is_dir() else []
    return found[0].parent.relative_to(site).as_posix() + "/" if found else None


def page_types(site: Path) -> list[PageType]:
    """One page of every kind present in the built ``site`` folder."""
    pages = [PageType("home", ""), PageType("search", "?q=情绪"), PageType("404", "404.html")]
    for col in COLLECTIONS:
        if (site / col / "index.html").is_file():
            pages.append(PageType(f"{col}-index", f"{col}/", click_facet=True))
    candidates = {
        "case": _first_item(site, "cases"),
        "course": _first_item(site, "courses"),
        "lecture": _first_item(site, "lectures"),
        "research": _first_item(site, "research"),
        "people": "people/" if (site / "people/index.html").is_file() else None,
        "person": _first_dir(site, "people"),
        "taxonomy": "cases/grade/" if (site / "cases/grade/index.html").is_file() else None,
        "term": _first_dir(site, "cases/grade"),
        "series": _first_dir(site, "courses/series"),
        "event": _first_dir(site, "lectures/event"),
        "round": _first_dir(site, "rounds"),
        "group": _first_dir(site, "groups"),
        "groups": "groups/" if (site / "groups/index.html").is_file() else None,
        "about": "about/" if (site / "about/index.html").is_file() else None,
        "contribute": "contribute/" if (site / "contribute/index.html").is_file() else None,
        "statistics": "statistics/" if (site / "statistics/index.html").is_file() else None,
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


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} 处")
        for n in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, n['target']))}: {n['summary'].splitlines()[-1] if n['summary'] else ''}")
    return "\n".join(lines)
