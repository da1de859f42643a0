"""A repeated security review's findings, one test per class of hostile contribution.

Each test writes what a contributor controls (item folders, docs/, data/), then asserts on
`xinyu check` (a located error) and on the built site (nothing hostile reaches a reader).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import VALID_CASE, minimal_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def with_attachment(name: str) -> str:
    return VALID_CASE.replace("pseudonyms: [小A]", f"pseudonyms: [小A]\nattachments:\n  - {{file: '{name}', title: 教案}}")


def hrefs(site_dir: Path) -> list[str]:
    """Every link of every built page, as written."""
    found = []
    for page in site_dir.rglob("*.html"):
        found += re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize("name", ["javascript:alert(1).pdf", "vbscript:x.pdf", "DATA:x.pdf"])
def test_a_file_name_that_reads_as_a_url_scheme_is_an_error_and_never_a_script_link(site, name):
    """A relative link "javascript:alert(1).pdf" is a javascript: URL: clicking the download runs it."""
    site.write("cases/good/index.md", VALID_CASE)
    site.write("cases/colon/index.md", with_attachment(name))
    site.write(f"cases/colon/{name}", minimal_pdf())
    site.write(f"cases/colon/photo:{name[:4]}.png", PNG)
    site.write(f"docs/{name}", minimal_pdf())
    found = site.check()
    assert found.code == 1, found.out
    assert any(line.startswith("cases/colon/index.md:") and "attachments[0].file" in line and "“:”" in line for line in found.lines), found.out
    assert any(line.startswith(f"cases/colon/photo:{name[:4]}.png:1: 文件: ") for line in found.lines), found.out
    assert any(line.startswith(f"docs/{name}:1: 文件: ") for line in found.lines), found.out
    built = site.build()
    assert "Traceback" not in built.err
    assert (site.out / "cases/good/index.html").is_file()
    assert not [h for h in hrefs(site.out) if urlsplit(h).scheme.lower() in ("javascript", "vbscript", "data")]


def test_an_attachment_link_never_reads_as_a_scheme():
    """Where a link is made of a file name, a colon is escaped (the output side of the rule above)."""
    from xinyu.content.entry import Attachment

    for name in ("javascript:alert(1).pdf", "sub/x:y.pdf", "教案.pdf"):
        href = Attachment(name, "", Path(name), 0, "attachments[0].file").href
        assert urlsplit(href).scheme == "" and urlsplit("cases/x/" + href).scheme == "", href
