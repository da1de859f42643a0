"""Random trees of files, folders and links (dangling, looping, out of the site) in a collection and in docs/:
loading the library never raises, never reads through a link, and names every link it meets."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_CASE
from xinyu.content import load_library, site_from_options
from xinyu.guard.files import inspect_file, walk
from xinyu.guard.options import GuardOptions

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need POSIX")

NAMES = st.sampled_from(["index.md", "index.MD", "a.png", "b#1.jpg", "c%.pdf", "x.md", "sub", "tags", "图.png", "d?.gif"])
CONTENT = st.sampled_from([b"\x89PNG\r\n\x1a\n" + b"\0" * 16, b"MZ\x90\0", b"<svg onload=alert(1)>", VALID_CASE.encode(), b""])
TARGETS = st.sampled_from(["OUTSIDE", "..", ".", "missing", "SELF", "index.md", "sub"])
NODE = st.tuples(st.sampled_from(["file", "dir", "link"]), st.lists(NAMES, min_size=1, max_size=3), CONTENT, TARGETS)


def make(base: Path, nodes: list, outside: Path) -> set[str]:
    """Write the nodes under ``base``; returns the links made (relative to ``base``)."""
    links = set()
    for kind, parts, content, target in nodes:
        path = base.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_bytes(content)
            elif kind == "dir":
                path.mkdir(exist_ok=True)
            else:
                goal = {"OUTSIDE": str(outside), "SELF": path.name}.get(target, target)
                os.symlink(goal, path)
                # where the link really is: its parent may itself be reached through a link (index.md -> .)
                real = path.parent.resolve() / path.name
                if real.is_relative_to(base.resolve()):  # a link made through a link to outside is not in the site
                    links.add(real.relative_to(base.resolve()).as_posix())
        except OSError:
            continue  # a name already taken by another kind of node
    return links


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(NODE, max_size=8), docs=st.lists(NODE, max_size=6))
def test_any_tree_of_files_and_links_loads_without_reading_through_a_link(cases, docs):
    top = Path(tempfile.mkdtemp(prefix="xinyu-files-fuzz-"))
    try:
        outside = top / "outside"
        outside.mkdir()
        (outside / "secret.txt").write_text("SECRET-FUZZ", encoding="utf-8")
        root = top / "site"
        root.mkdir()  # the vocabulary shipped in the package serves
        links = {f"cases/{rel}" for rel in make(root / "cases", [(k, ["item", *p], c, t) for k, p, c, t in cases], outside)}
        links |= {f"docs/{rel}" for rel in make(root / "docs", docs, outside)}
        library = load_library(site_from_options(root, {}).with_docs({}))
        problems = library.problems()
        named = {p.path.rstrip("/") for p in problems if "符号链接" in p.message}
        inside_a_link = {link for link in links if any(link.startswith(other + "/") for other in links)}
        assert links - inside_a_link <= named
        for entry in library.all_entries():
            for attachment in entry.attachments + entry.files:
                assert not attachment.source.is_symlink()
                assert b"SECRET-FUZZ" not in attachment.source.read_bytes()
    finally:
        shutil.rmtree(top, ignore_errors=True)


@settings(max_examples=40, deadline=None)
@given(content=CONTENT, name=NAMES, link=st.booleans())
def test_inspect_file_never_raises_and_refuses_every_link(tmp_path_factory, content, name, link):
    folder = tmp_path_factory.mktemp("one")
    target = folder / "real"
    target.write_bytes(content)
    path = folder / name.replace("/", "_")
    if link:
        os.symlink(target, path)
    else:
        path.write_bytes(content)
    verdicts = inspect_file(path, path.name, GuardOptions())
    assert not link or [v.kind for v in verdicts] == ["link"]
    assert all(found.kind != "link" or found.path == path for found in walk(folder))
