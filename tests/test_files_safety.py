"""Files that must never be published: links out of the repository, disguised or huge files, broken names.

Each test builds a real site from hostile folders and asserts on `xinyu check` (every problem
located, no traceback) and on the built `site/` (nothing from outside, nothing unchecked).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import VALID_CASE, minimal_pdf
from test_reserved_names import COURSE

SECRET = "SECRET-BUILD-ENV-0451"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need POSIX")


def outside(tmp_path: Path) -> Path:
    """A folder beside the site (outside the repository) holding a secret."""
    folder = tmp_path / "outside"
    (folder / "pics").mkdir(parents=True, exist_ok=True)
    (folder / "secret.txt").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    (folder / "pics/a.png").write_bytes(PNG + SECRET.encode())
    (folder / "case").mkdir(exist_ok=True)
    (folder / "case/index.md").write_text(VALID_CASE.replace("小A，初一女生。", f"小A。{SECRET}"), encoding="utf-8")
    (folder / "flat.md").write_text(VALID_CASE + SECRET, encoding="utf-8")
    return folder


def leaked(site_dir: Path) -> list[str]:
    return [str(p) for p in site_dir.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def no_traceback(*outputs: str) -> None:
    for text in outputs:
        assert "Traceback" not in text, text


def test_links_in_an_item_folder_are_located_errors_and_never_published(site, tmp_path):
    out = outside(tmp_path)
    site.write("cases/good/index.md", VALID_CASE)
    folder = site.write(
        "cases/linky/index.md", VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments: [{file: ref.pdf, title: 参考}]")
    ).parent
    os.symlink(out / "secret.txt", folder / "photo.jpg")  # named like an image
    os.symlink(out / "secret.txt", folder / "ref.pdf")  # declared as an attachment
    os.symlink(out / "missing.png", folder / "dangling.png")
    os.symlink("loop.png", folder / "loop.png")
    os.symlink(out / "pics", folder / "pics")
    (folder / "附件").mkdir()
    os.symlink(out / "secret.txt", folder / "附件/Scan.JPG")  # deeper down, any case of extension
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    for name in ("photo.jpg", "dangling.png", "loop.png", "pics", "附件/Scan.JPG"):
        assert any(line.startswith(f"cases/linky/{name}:1: 文件: ") and "符号链接" in line for line in found.lines), (name, found.out)
    assert any(line.startswith("cases/linky/index.md:") and "attachments[0].file" in line and "链接" in line for line in found.lines), (
        found.out
    )
    # the contributor's own check of the item (as the guide says) finds the same file problems
    own = site.check("cases/linky/index.md")
    assert own.code == 1 and any(line.startswith("cases/linky/photo.jpg:1: 文件: ") for line in own.lines), own.out
    built = site.build()
    no_traceback(built.err)
    assert leaked(site.out) == []
    assert (site.out / "cases/good/index.html").is_file()
    assert not (site.out / "cases/linky").exists()


def test_hard_links_are_refused_like_symbolic_links(site, tmp_path):
    """A hard link is the outside file itself under a second name (git never makes one, a build machine's copy can
    have them): an attachment, an undeclared picture, an item's index.md and a page of docs/ alike."""
    out = outside(tmp_path)
    (out / "secret.pdf").write_bytes(minimal_pdf("内部材料") + SECRET.encode())
    site.write("cases/good/index.md", VALID_CASE)
    folder = site.write(
        "cases/hard/index.md", VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments: [{file: hard.pdf, title: 参考}]")
    ).parent
    os.link(out / "secret.pdf", folder / "hard.pdf")
    os.link(out / "pics/a.png", folder / "photo.png")
    (site.root / "cases/hard-md").mkdir()
    os.link(out / "case/index.md", site.root / "cases/hard-md/index.md")
    os.link(out / "secret.txt", site.root / "docs/notes.txt")
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    for name in ("cases/hard/photo.png", "cases/hard-md/index.md", "docs/notes.txt"):
        assert any(line.startswith(f"{name}:1: 文件: ") and "硬链接" in line for line in found.lines), (name, found.out)
    assert any(line.startswith("cases/hard/index.md:") and "attachments[0].file" in line and "硬链接" in line for line in found.lines), found.out
    built = site.build()
    no_traceback(built.err)
    assert leaked(site.out) == []
    assert (site.out / "cases/good/index.html").is_file()


def test_an_item_that_is_a_link_is_an_error_not_a_traceback(site, tmp_path):
    out = outside(tmp_path)
    site.write("cases/good/index.md", VALID_CASE)
    os.symlink(out / "case", site.root / "cases/linked")
    os.symlink(out / "flat.md", site.root / "cases/flat-link.md")
    os.symlink(tmp_path / "nowhere", site.root / "cases/dangling")
    os.symlink(site.root / "cases/loop", site.root / "cases/loop")
    os.makedirs(site.root / "cases/inner")
    os.symlink(out / "secret.txt", site.root / "cases/inner/index.md")
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    for rel in ("cases/linked", "cases/flat-link.md", "cases/dangling", "cases/loop", "cases/inner/index.md"):
        assert any(line.startswith(f"{rel}:1: 文件: ") for line in found.lines), (rel, found.out)
    built = site.build()
    no_traceback(built.err)
    assert leaked(site.out) == []
    assert (site.out / "cases/good/index.html").is_file()
    assert not (site.out / "cases/linked").exists() and not (site.out / "cases/flat-link").exists()


def test_a_collection_folder_that_is_a_link_is_refused(site, tmp_path):
    out = outside(tmp_path)
    (out / "cases/x").mkdir(parents=True)
    (out / "cases/x/index.md").write_text(VALID_CASE + SECRET, encoding="utf-8")
    os.symlink(out / "cases", site.root / "cases")
    site.write("docs/courses/good.md", COURSE)  # another collection, beside the linked one
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1 and any(line.startswith("cases/:1: 文件: ") for line in found.lines), found.out
    built = site.build()
    no_traceback(built.err)
    assert leaked(site.out) == []
    assert (site.out / "index.html").is_file() and (site.out / "courses/good/index.html").is_file()


def test_links_in_docs_are_errors_and_never_published(site, tmp_path):
    out = outside(tmp_path)
    os.symlink(out / "secret.txt", site.root / "docs/leak.pdf")
    os.symlink(out / "flat.md", site.root / "docs/page.md")
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    assert any(line.startswith("docs/leak.pdf:1: 文件: ") for line in found.lines), found.out
    assert any(line.startswith("docs/page.md:1: 文件: ") for line in found.lines), found.out
    built = site.build()
    no_traceback(built.err)
    assert "docs/leak.pdf" in built.err
    assert leaked(site.out) == []


def test_folder_links_in_docs_are_reported_never_followed_and_the_rest_builds(site, tmp_path):
    out = outside(tmp_path)
    site.write("docs/about.md", "# 关于\n\n正文。\n")
    os.symlink(out / "pics", site.root / "docs/pics")  # a folder outside the repository
    os.symlink(out, site.root / "docs/Deep")  # another, holding pages and a secret (any case of name)
    os.symlink(tmp_path / "nowhere", site.root / "docs/gone")  # dangling
    os.makedirs(site.root / "docs/sub")
    os.symlink("..", site.root / "docs/sub/up")  # one loop: MkDocs walks it 40 levels deep
    os.symlink(out / "secret.txt", site.root / ".secret-env")  # beside docs/, not in it: never reached
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    for rel in ("docs/pics", "docs/Deep", "docs/gone", "docs/sub/up"):
        assert any(line.startswith(f"{rel}:1: 文件: ") and "符号链接" in line for line in found.lines), (rel, found.out)
    built = site.build()
    no_traceback(built.err)
    assert built.code == 0, built.err[-2000:]
    for rel in ("docs/pics", "docs/Deep", "docs/sub/up"):
        assert rel in built.err, (rel, built.err[-2000:])
    assert leaked(site.out) == []
    assert (site.out / "about/index.html").is_file()
    for name in ("pics", "Deep", "gone", "sub/up"):
        assert not (site.out / name).exists(), name
    assert built.err.count("docs/Deep") < 5, "a linked folder is reported once, not once per file under it"


def test_folder_links_in_docs_that_never_end_stop_the_build_at_once(site, tmp_path):
    site.write("docs/about.md", "# 关于\n")
    os.symlink(site.root / "docs", site.root / "docs/again")  # two loops: 2^40 paths for MkDocs' walk
    os.symlink(".", site.root / "docs/here")
    found = site.check()
    no_traceback(found.out, found.err)
    assert any(line.startswith("docs/again:1: 文件: ") for line in found.lines), found.out
    assert any(line.startswith("docs/here:1: 文件: ") for line in found.lines), found.out
    built = site.build(cpu=120)  # the walk of 2^40 paths would spend them
    assert built.code != 0 and "Traceback" not in built.err
    assert "docs/again" in built.err and "符号链接" in built.err
    assert not site.out.exists() or leaked(site.out) == []


def test_undeclared_files_in_an_item_folder_pass_the_attachment_policy(site):
    site.write("cases/good/index.md", VALID_CASE + "\n![图](photo.png)\n")
    site.write("cases/good/photo.png", PNG)
    site.write("cases/good/images/step.png", PNG)
    site.write("cases/bad/index.md", VALID_CASE)
    site.write("cases/bad/setup.png", b"MZ\x90\x00" + b"\x00" * 64)  # a Windows program
    site.write("cases/bad/drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
    site.write("cases/bad/page.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    with open(site.root / "cases/bad/huge.jpg", "wb") as fh:  # 60 MB, sparse
        fh.write(b"\xff\xd8\xff\xe0")
        fh.truncate(60 * 1024 * 1024)
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    for name in ("setup.png", "drawing.png", "page.jpg", "huge.jpg"):
        assert any(line.startswith(f"cases/bad/{name}:1: 文件: ") for line in found.lines), (name, found.out)
    assert not any(line.startswith("cases/good/") for line in found.lines), found.out
    built = site.build()
    no_traceback(built.err)
    assert (site.out / "cases/good/photo.png").is_file() and (site.out / "cases/good/images/step.png").is_file()
    assert not (site.out / "cases/bad").exists()


def test_file_names_that_break_links_are_errors_with_a_new_name(site):
    site.write(
        "cases/names/index.md",
        VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments:\n  - {file: 教案#1.pdf, title: 教案}"),
    )
    site.write("cases/names/教案#1.pdf", minimal_pdf())
    site.write("cases/names/图?1.png", PNG)
    site.write("cases/names/100%.png", PNG)
    site.write("docs/手册#2.pdf", minimal_pdf())
    site.write("cases/names/第1课:导入.png", PNG)  # Windows cannot save it (nor IIS serve it)
    site.write("cases/names/附件/aux.png", PNG)  # a device name, in any folder
    site.write("docs/notes./x.pdf", minimal_pdf())  # Windows drops the dot: another folder
    site.write("cases/nul/index.md", VALID_CASE)
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    declared = [line for line in found.lines if line.startswith("cases/names/index.md:") and "attachments[0].file" in line]
    assert declared and "教案-1.pdf" in declared[0], found.out
    assert any(line.startswith("cases/names/图?1.png:1: 文件: ") and "图-1.png" in line for line in found.lines), found.out
    assert any(line.startswith("cases/names/100%.png:1: 文件: ") and "100.png" in line for line in found.lines), found.out
    assert any(line.startswith("docs/手册#2.pdf:1: 文件: ") and "手册-2.pdf" in line for line in found.lines), found.out
    assert any(line.startswith("cases/names/第1课:导入.png:1: 文件: ") and "第1课-导入.png" in line for line in found.lines), found.out
    assert any(line.startswith("cases/names/附件/aux.png:1: 文件: ") and "aux-1.png" in line for line in found.lines), found.out
    assert any(line.startswith("docs/notes./x.pdf:1: 文件: ") and "notes/x.pdf" in line for line in found.lines), found.out
    assert any(line.startswith("cases/nul/index.md:1: 目录名: ") and "Windows" in line for line in found.lines), found.out


@pytest.mark.parametrize(
    "rel, wanted",
    [(f"cases/almost/{n}", "index.md") for n in ("index.MD", "Index.md", "INDEX.md", "index.markdown", "index.md.txt")]
    + [(f"cases/{n}", "xiao-a.md") for n in ("xiao-a.markdown", "xiao-a.md.txt", "xiao-a.MD.txt", "xiao-a.mkd")],
)
def test_an_item_file_named_almost_right_is_reported(site, rel, wanted):
    site.write(rel, VALID_CASE)
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1
    assert any(line.startswith(f"{rel}:1: 文件: ") and wanted in line for line in found.lines), found.out


def test_snippet_includes_are_errors_so_no_file_is_embedded(site):
    """pymdownx.snippets (a host site may turn it on) embeds any repository file, even inside a code block."""
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text(encoding="utf-8") + "markdown_extensions:\n  - pymdownx.snippets\n")
    site.write("notes.txt", f"TOKEN={SECRET}\n")
    site.write("cases/good/index.md", VALID_CASE)
    site.write("cases/embeds/index.md", VALID_CASE + '\n```\n--8<-- "notes.txt"\n```\n')
    site.write("docs/page.md", "# 页面\n\n  ---8<--- 'notes.txt'\n\n;--8<-- 只是文字\n")
    found = site.check()
    no_traceback(found.out, found.err)
    assert any(line.startswith("cases/embeds/index.md:18: 正文: ") and "8<" in line for line in found.lines), found.out
    assert any(line.startswith("docs/page.md:3: 正文: ") for line in found.lines), found.out
    assert not any(line.startswith("docs/page.md:5") for line in found.lines), found.out
    built = site.build()
    no_traceback(built.err)
    assert built.code == 0 and leaked(site.out) == []
    assert (site.out / "cases/good/index.html").is_file() and not (site.out / "cases/embeds").exists()


def test_a_data_file_that_is_a_link_is_refused_not_read(site, tmp_path):
    """The people registry arrives by request too: a link to a secret or to an endless device is never read."""
    out = outside(tmp_path)
    site.write("cases/good/index.md", VALID_CASE)
    os.symlink(out / "secret.txt", site.root / "data/authors.yml")
    found = site.check()
    no_traceback(found.out, found.err)
    assert any(line.startswith("data/authors.yml:1: 文件: ") and "符号链接" in line for line in found.lines), found.out
    assert SECRET not in found.out + found.err
    (site.root / "data/authors.yml").unlink()
    os.symlink("/dev/zero", site.root / "data/authors.yml")
    found = site.check(cpu=60)  # reading /dev/zero would spend them
    assert any(line.startswith("data/authors.yml:1: 文件: ") for line in found.lines), found.out


def test_a_docs_folder_that_is_a_link_is_refused(site, tmp_path):
    """MkDocs would publish every file the link points to, none of them vetted."""
    out = outside(tmp_path)
    shutil.rmtree(site.root / "docs")
    os.symlink(out, site.root / "docs")
    site.write("cases/good/index.md", VALID_CASE)
    found = site.check()
    no_traceback(found.out, found.err)
    assert found.code == 1 and any(line.startswith("docs/:1: 文件: ") and "符号链接" in line for line in found.lines), found.out
    built = site.build()
    assert built.code != 0 and "Traceback" not in built.err and "docs/" in built.err and "符号链接" in built.err
    assert not site.out.exists() or leaked(site.out) == []
