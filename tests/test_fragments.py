"""The theme's navigation and tabs, rendered once for the pages that show them alike (plugin/fragments.py),
come out exactly as rendering them on every page: the repository's own site is built with the reuse and
without it (a custom_dir holding an unchanged copy of the theme's nav-item partial turns it off), with
directory URLs and without (the offline bundle's links, relative to every page), and every page compared."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import material
import pytest

from conftest import bin_path
from test_build_cache import files_of

THEME = Path(material.__file__).parent / "templates"


def build(site, out: str, **env: str) -> dict[str, bytes]:
    proc = subprocess.run(
        [bin_path("mkdocs"), "build", "-q", "-d", out],
        cwd=site.root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", XINYU_NO_CACHE="1", **env),
    )
    assert proc.returncode == 0, proc.stderr
    return files_of(site.root / out)


@pytest.mark.parametrize("offline", ["false", "true"])
def test_navigation_rendered_once_equals_every_page(sample_site, offline):
    reused = build(sample_site, "site-reused", OFFLINE=offline)
    config = (sample_site.root / "mkdocs.yml").read_text(encoding="utf-8")
    sample_site.write("mkdocs.yml", config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1))
    sample_site.write("overrides/partials/nav-item.html", (THEME / "partials/nav-item.html").read_text(encoding="utf-8"))
    fresh = build(sample_site, "site-fresh", OFFLINE=offline)
    assert reused.keys() == fresh.keys()
    pages = [name for name in reused if name.endswith(".html")]
    items = [name for name in pages if name.startswith("cases/") and name != "cases/index.html"]
    assert len(items) >= 10 and all(b'class="md-tabs__link"' in reused[name] and b"md-nav--primary" in reused[name] for name in items)
    assert [name for name in reused if reused[name] != fresh[name]] == []
