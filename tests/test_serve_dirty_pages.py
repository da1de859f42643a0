"""`mkdocs serve --dirty`: the pages of docs/ (home, about) show the library as it is now, never a stale copy."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_preview import Server, set_field  # noqa: E402
from conftest import free_port  # noqa: E402
from corpus import generate  # noqa: E402

BANNER = "预览提示"


def links(page: str, url: str) -> bool:
    """The page links to the item (the preview banner may name its file: that is not a link)."""
    return f'href="{url}"' in page or f'href="./{url}"' in page


def test_home_and_about_follow_edits_under_dirty_serve(tmp_path):
    site = tmp_path / "site"
    generate(site, 12, seed=5)
    server = Server(site, dirty=True, port=free_port())
    try:
        server.wait(lambda: "cases/" in server.page(""), timeout=180, every=0.2)
        url = re.search(r'href="(?:\./)?(cases/[a-z0-9-]+/)"', server.page("")).group(1)
        md = site / url / "index.md"
        set_field(md, "title", "首页上改过的标题")
        server.wait(lambda: "首页上改过的标题" in server.page(""), timeout=120)

        date = next(line for line in md.read_text(encoding="utf-8").split("\n") if line.startswith("date:")).split(": ", 1)[1]
        set_field(md, "date", "'2023-02-30'")  # the item breaks: it leaves the home page, the banner comes
        server.wait(lambda: not links(server.page(""), url) and BANNER in server.page(""), timeout=120)
        assert BANNER in server.page("about/")
        assert "首页上改过的标题" not in server.page("")

        set_field(md, "date", date)
        server.wait(lambda: BANNER not in server.page("about/") and links(server.page(""), url), timeout=120)

        # A disguised file dropped beside index.md (which is not touched) is checked at once, not served from a cache.
        (md.parent / "drawing.png").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
        server.wait(lambda: not links(server.page(""), url) and f"{url}drawing.png" in server.page("about/"), timeout=120)
    finally:
        server.stop()
