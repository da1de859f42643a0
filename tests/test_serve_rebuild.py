"""`mkdocs serve` rebuilds after edits without stale pages: edit, break, fix, delete, add one case.

The plugin keeps checked items cached by content across rebuilds; these steps are
the ways that cache could go stale. Correctness only; scripts/bench_preview.py
measures the time on 2,000 items.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_preview import Server, set_field  # noqa: E402
from corpus import generate  # noqa: E402

SLUG = "case-00002"


@pytest.fixture(params=[False, True], ids=["full", "dirty"])
def served(tmp_path, request):
    """`mkdocs serve` as is, and with --dirty as the README's serve command runs it."""
    site = tmp_path / "site"
    generate(site, 12, seed=5)
    server = Server(site, dirty=request.param)
    try:
        server.wait(lambda: SLUG in server.page("cases/"), timeout=180, every=0.2)
        yield server, site
    finally:
        server.stop()


def unlisted(server: Server, slug: str) -> bool:
    """The index is served (not mid-rebuild, when `serve` has emptied its folder) and does not link the item."""
    page = server.page("cases/")
    return "</html>" in page and f'href="{slug}/"' not in page and f'href="./{slug}/"' not in page


def listed(server: Server, slug: str) -> bool:
    """A card links to the item (the preview banner may name its file: that is not a listing)."""
    page = server.page("cases/")
    return f'href="{slug}/"' in page or f'href="./{slug}/"' in page


def test_serve_follows_every_edit(served):
    server, site = served
    md = site / "cases" / SLUG / "index.md"
    other = site / "cases" / "case-00001" / "index.md"

    set_field(md, "title", "改过的标题甲")
    server.wait(lambda: "改过的标题甲" in server.page(f"cases/{SLUG}/"), timeout=120)
    assert "改过的标题甲" in server.page("cases/")
    assert any(item.get("title") == "改过的标题甲" for item in _catalog(server))

    set_field(other, "tags", "[预览测试标签]")  # a facet value appears on the index and as a taxonomy page
    server.wait(lambda: "预览测试标签" in server.page("cases/"), timeout=120)

    date = _value(md, "date")
    set_field(md, "date", "'2023-02-30'")
    server.wait(lambda: unlisted(server, SLUG) and f"cases/{SLUG}/" not in _urls(server), timeout=120)
    server.wait(lambda: any(f"cases/{SLUG}/index.md" in line and "date" in line for line in server.output), timeout=10)
    assert "预览测试标签" in server.page("cases/"), "the other items stay"
    assert "改过的标题甲" not in server.page(f"cases/{SLUG}/"), "a broken item's old page is not shown"

    set_field(md, "date", date)
    server.wait(lambda: listed(server, SLUG) and f"cases/{SLUG}/" in _urls(server), timeout=120)
    assert "改过的标题甲" in server.page(f"cases/{SLUG}/")

    shutil.move(str(md.parent), str(site.parent / "moved"))
    server.wait(lambda: unlisted(server, SLUG) and f"cases/{SLUG}/" not in _urls(server), timeout=120)
    assert "改过的标题甲" not in server.page(f"cases/{SLUG}/"), "a deleted item's old page is not shown"

    shutil.copytree(site.parent / "moved", site / "cases" / "case-added")
    server.wait(lambda: listed(server, "case-added") and "cases/case-added/" in _urls(server), timeout=120)
    assert "改过的标题甲" in server.page("cases/case-added/")


def test_serve_follows_attachment_changes(served):
    """An attachment removed without touching index.md: the item becomes invalid, and back when restored."""
    server, site = served
    bundle = next(p.parent for p in sorted(site.glob("cases/*/index.md")) if "attachments:" in p.read_text(encoding="utf-8"))
    slug = bundle.name
    attachment = next(p for p in bundle.iterdir() if p.suffix in (".pdf", ".docx"))
    kept = site.parent / attachment.name
    shutil.move(str(attachment), kept)
    server.wait(lambda: unlisted(server, slug), timeout=120)
    shutil.move(str(kept), attachment)
    server.wait(lambda: listed(server, slug), timeout=120)


def _catalog(server: Server) -> list[dict]:
    import json

    try:
        return json.loads(server.page("catalog.json"))["items"]
    except (ValueError, KeyError):
        return []


def _urls(server: Server) -> set[str]:
    return {item["url"] for item in _catalog(server)}


def _value(md: Path, key: str) -> str:
    return next(line for line in md.read_text(encoding="utf-8").split("\n") if line.startswith(f"{key}:")).split(": ", 1)[1]
