"""A written item page lets go of its Markdown and HTML, unless another plugin sees pages.

MkDocs keeps every page's Markdown and HTML until the build ends, though it reads neither
once the page is written: at 10,000 items that is every body twice more. When no other
plugin (or hook) listens to a page event, the build lets them go as each item page is
written (plugin.bodies ``ItemBodies.written``). A plugin or hook that can reach the pages (a
page event, or ``on_files``, ``on_nav``, ``on_env``, which hand it the files and navigation that
hold them) may read them later (in ``on_post_build``) and finds them whole.
"""

from __future__ import annotations

import json

from conftest import MINIMAL_CONFIG, VALID_CASE

HOOK = """
import json
from pathlib import Path

seen = {}


def on_files(files, config):
    seen["files"] = files


def on_post_build(config):
    pages = [f.page for f in seen["files"].documentation_pages() if f.src_uri.startswith("cases/c")]
    lengths = {p.file.src_uri: [len(p.markdown or ""), len(p.content or "")] for p in pages}
    Path(config.config_file_path).with_name("lengths.json").write_text(json.dumps(lengths))
"""

SEES_PAGES = """

def on_post_page(output, page, config):
    return output
"""

# A hook that cannot reach the pages (as Material's offline plugin: on_config and on_post_build): the test finds the
# pages MkDocs still holds through the garbage collector.
BLIND = """
import gc
import json
from pathlib import Path

from mkdocs.structure.pages import Page


def on_post_build(config):
    pages = [o for o in gc.get_objects() if isinstance(o, Page) and o.file.src_uri.startswith("cases/c")]
    lengths = {p.file.src_uri: [len(p.markdown or ""), len(p.content or "")] for p in pages}
    Path(config.config_file_path).with_name("lengths.json").write_text(json.dumps(lengths))
"""


def lengths(site, hook: str) -> dict:
    site.write("hooks.py", hook)
    built = site.build()
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    return json.loads((site.root / "lengths.json").read_text())


def test_item_pages_let_go_of_their_body_unless_a_plugin_sees_pages(site):
    site.write("mkdocs.yml", MINIMAL_CONFIG + "hooks:\n  - hooks.py\n")
    for slug in ("c1", "c2"):
        site.write(f"cases/{slug}/index.md", VALID_CASE)
    alone = lengths(site, BLIND)
    assert sorted(alone) == ["cases/c1/index.md", "cases/c2/index.md"], alone
    assert all(found == [0, 0] for found in alone.values()), alone
    page = (site.out / "cases/c1/index.html").read_text(encoding="utf-8")
    assert "基本情况" in page  # written whole before it let go
    for hook in (HOOK, HOOK + SEES_PAGES):  # on_files only, then a page event too: both read them whole later
        seeing = lengths(site, hook)
        assert sorted(seeing) == sorted(alone)
        assert all(markdown > 0 and html > markdown for markdown, html in seeing.values()), seeing
