"""What editors, office suites and the system leave beside a contributor's files is never content.

A teacher whose Word, WPS, LibreOffice, Vim or Emacs is open (or whose Mac or NAS wrote its metadata) must still
build: no leftover is published, none is a problem in `xinyu check` or the build, none is imported from the inbox,
none makes `serve` rebuild. Every place that lists files shares one rule (guard.files.leftover); each place is
given every kind here and the real site is checked and built.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import VALID_CASE, minimal_pdf
from test_reserved_names import COURSE
from test_serve_watch import changed, watching
from xinyu.guard.files import leftover

# name → what leaves it (the name is made beside index.md, 教案.docx and the folder's own files)
LEFTOVERS = {
    "#index.md#": "Emacs autosave",
    ".index.md.swp": "Vim swap",
    ".index.md.swo": "Vim second swap",
    "_index.md.swp": "Vim swap where a name cannot start with a dot",
    "4913": "Vim's test of a folder it may write in",
    "index.md~": "backup of gedit, Kate, Vim, Emacs",
    "index.md.~1~": "Emacs numbered backup",
    ".index.md.kate-swp": "Kate swap",
    "index.md___jb_tmp___": "JetBrains safe write",
    ".goutputstream-AB12CD": "gedit's save in progress",
    ".~lock.教案.docx#": "LibreOffice lock",
    "~$教案.docx": "Word or WPS owner file",
    ".~教案.docx": "WPS lock",
    "~WRL0003.tmp": "Word temporary save",
    "lu1234abcd.tmp": "LibreOffice temporary save",
    "1A2B3C4D": "Excel temporary save",
    "教案.docx.bak": "a backup",
    "index.md.orig": "git mergetool",
    "讲座.pdf.crdownload": "Chrome download not finished",
    "讲座.pdf.td": "迅雷 download not finished",
    "._index.md": "macOS AppleDouble",
    ".DS_Store": "macOS Finder",
    "Icon\r": "macOS folder icon",
    "Thumbs.db": "Windows thumbnails",
    "desktop.ini": "Windows folder settings",
    ".nfs000000000123abcd00000001": "NFS file deleted while open",
    ".fuse_hidden0000000100000002": "FUSE file deleted while open",
    ".directory": "KDE folder settings",
}
# folders of the system or a NAS: nothing in them is listed
LEFTOVER_FOLDERS = ["__MACOSX", "@eaDir", ".Trash-1000", "$RECYCLE.BIN"]
CONTENT = [
    "2024",
    "20240315",
    "index.md",
    "教案.docx",
    "教案.pdf",
    "photo.png",
    "_logo.svg",
    "x.swf",
    "2024年报告.pdf",
    "old-case.md",
    "temp.md",
    ".pages",
]


def test_the_rule_names_leftovers_not_content():
    assert [name for name in [*LEFTOVERS, *LEFTOVER_FOLDERS] if not leftover(name)] == []
    assert [name for name in CONTENT if leftover(name)] == []


def sprinkle(folder: Path, links: bool = True) -> None:
    """Every kind of leftover in ``folder``; Emacs' lock is a dangling link to ``user@host.pid:time``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in LEFTOVERS:
        (folder / name).write_bytes(b"leftover \x00\xff")
    for name in LEFTOVER_FOLDERS:
        (folder / name).mkdir(exist_ok=True)
        (folder / name / "index.md~").write_bytes(b"leftover")
        (folder / name / "x.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    if links and hasattr(os, "symlink") and os.name != "nt":
        os.symlink("teacher@pc.1234:1700000000", folder / ".#index.md")
        os.symlink("/etc/hostname", folder / "#outside#")  # a link named like a leftover is never read either


def test_leftovers_everywhere_are_never_published_and_never_a_problem(site):
    site.write(
        "cases/good/index.md", VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments: [{file: 教案.pdf, title: 教案}]")
    )
    site.write("cases/good/教案.pdf", minimal_pdf())
    site.write("docs/courses/unit-1/index.md", COURSE)
    site.write("docs/about.md", "# 关于\n")
    site.write("inbox/README.md", "把 Word 文档放在这里。\n")
    for place in ["cases/good", "cases", "docs/courses/unit-1", "docs/courses", "docs", "docs/sub", "data", "inbox"]:
        sprinkle(site.root / place)
    found = site.check_json()
    assert found == [], found
    checked = site.check()
    assert checked.code == 0 and "Traceback" not in checked.out + checked.err, checked.out + checked.err

    built = site.build("--strict")
    assert built.code == 0, built.err
    assert "Traceback" not in built.err
    names = {p.name for p in site.out.rglob("*")}
    published = sorted(names & {*LEFTOVERS, *LEFTOVER_FOLDERS, ".#index.md", "#outside#"})
    assert published == [], published
    assert not [p for p in site.out.rglob("*") if leftover(p.name)]
    assert (site.out / "cases/good/教案.pdf").is_file(), "the item's own attachment is published"
    assert {item["slug"] for item in site.catalog()} >= {"good", "unit-1"}


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need POSIX")
def test_a_folder_link_named_like_a_leftover_in_docs_is_still_an_error(site):
    """MkDocs follows a link to a folder in docs/ whatever its name: the check says so, as the build does."""
    os.symlink("/", site.root / "docs" / "#backup#")
    found = site.check_json()
    assert [p["path"] for p in found] == ["docs/#backup#"], found
    built = site.build()
    assert built.code == 1 and "docs/#backup#" in built.err and "Traceback" not in built.err


def test_the_inbox_imports_documents_not_their_locks(tmp_path):
    from xinyu.cli.importing import expand

    inbox = tmp_path / "inbox"
    sprinkle(inbox, links=False)
    (inbox / "~$教案.docx").write_bytes(b"owner")
    (inbox / "教案.docx").write_bytes(b"PK")
    files, missing = expand([str(inbox)])
    assert [p.name for p in files] == ["教案.docx"] and missing == []


@pytest.fixture(params=["inotify", "polled"])
def watcher_on_cases(tmp_path, request, monkeypatch):
    yield from watching(tmp_path, request.param, monkeypatch)


def test_a_leftover_written_under_serve_is_no_reason_to_rebuild(watcher_on_cases):
    import time

    watcher, tree, _ = watcher_on_cases
    text = watcher.signal.read_text(encoding="utf-8")
    sprinkle(tree / "a")
    (tree / "a" / "#index.md#").write_text("autosave again", encoding="utf-8")
    (tree / "a" / "4913").unlink()
    marker = tree / "a" / "index.md"
    marker.write_text("---\ntitle: 乙\n---\n", encoding="utf-8")  # events come in order: the leftovers' are before it
    after = changed(watcher, text)
    time.sleep(0.5)
    assert int(watcher.signal.read_text(encoding="utf-8")) - int(text) <= 3, "the save alone (write, close), not the leftovers"
    assert after != text
