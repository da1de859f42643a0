"""A repeated security review's findings, one test per class of hostile contribution.

Each test writes what a contributor controls (item folders, docs/, data/), then asserts on
`xinyu check` (a located error) and on the built site (nothing hostile reaches a reader).
"""

from __future__ import annotations

import json
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
    assert any(line.startswith("cases/colon/index.md:") and "attachments[0].file" in line and "“:”" in line for line in found.lines), (
        found.out
    )
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


# Inputs that made the markup scan of `xinyu check` backtrack quadratically (minutes for a few hundred KB;
# an item may have 2 MB): two starred classes around "=", a fence run retried at every length, an opener
# retried to the end of the text, a code span retried to the end of its line.
SLOW_BODIES = {
    "attr_list": "{" + "=" * 400_000,
    "fence_run": "~" * 400_000,
    "unclosed_fences": "```x\n" * 80_000,
    "unclosed_tildes": "~~~x\n" * 80_000,
    "shrinking_fences": "".join("`" * (900 - i) + "\n" for i in range(800)),
    "growing_code_spans": "".join("`" * k + "a" for k in range(1, 900)),
}


@pytest.mark.parametrize("name", sorted(SLOW_BODIES))
def test_the_markup_scan_is_linear_on_any_body(name):
    import time

    from xinyu.guard.markup import scan_markup

    started = time.process_time()  # CPU time: a loaded machine must not fail what only asks for linear work
    scan_markup(SLOW_BODIES[name] + "\n<script>x</script>\n")
    assert time.process_time() - started < 3, name


def test_code_is_still_blanked_and_markup_outside_it_still_found():
    from xinyu.guard.markup import scan_markup

    body = "```\n<script>a</script>\n```\n`<iframe>` ``<b onclick=x>``\n~~~~\n<script>\n~~~\n~~~~~\n```x\n<object>\n"
    values = [f.value for f in scan_markup(body)]
    assert values == ["object"], values


def hidden_text_files(folder: Path) -> dict[str, str]:
    """One file per place a name hides outside an attachment's pages → the phone number put there."""
    import struct
    import zipfile
    import zlib

    from pypdf import PdfWriter
    from pypdf.annotations import Text

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "王小明", "/Title": "家长电话13812345601"})
    writer.write(folder / "meta.pdf")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_annotation(page_number=0, annotation=Text(rect=(10, 10, 50, 50), text="家长电话13812345602"))
    writer.write(folder / "note.pdf")
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    png += chunk(b"iTXt", b"Description\x00\x01\x00zh\x00\x00" + zlib.compress("家长电话13812345603".encode()))
    png += chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b"")
    (folder / "photo.png").write_bytes(png)
    comment = "家长电话13812345604".encode()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + b"\xff\xd9")
    types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    with zipfile.ZipFile(folder / "alt.docx", "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr(
            "word/document.xml", '<w:document><w:body><w:p><wp:docPr id="1" descr="家长电话13812345605"/></w:p></w:body></w:document>'
        )
    with zipfile.ZipFile(folder / "people.pptx", "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
        z.writestr("ppt/commentAuthors.xml", '<p:cmAuthorLst><p:cmAuthor id="1" name="家长电话13812345606"/></p:cmAuthorLst>')
    return {"meta.pdf": "01", "note.pdf": "02", "photo.png": "03", "photo.jpg": "04", "alt.docx": "05", "people.pptx": "06"}


def test_personal_data_outside_an_attachments_pages_is_found(site):
    """PDF information and notes, PNG/JPEG text, Office alt text and comment authors: all downloaded with the file."""
    folder = site.write("cases/hidden/index.md", VALID_CASE).parent
    files = hidden_text_files(folder)
    declared = [name for name in files if not name.startswith("photo")]
    attachments = "".join(f"\n  - {{file: {name}, title: 附件}}" for name in declared)
    site.write("cases/hidden/index.md", VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments:" + attachments))
    found = site.check("--format", "json")
    problems = json.loads(found.out)
    for name, digits in files.items():
        assert any(name in p["message"] and f"138****56{digits}" in p["message"] and p["severity"] == "error" for p in problems), (
            name,
            found.out,
        )
    built = site.build()
    assert "Traceback" not in built.err and not (site.out / "cases/hidden").exists()


@pytest.mark.parametrize("status", ["draft", "withdrawn", "Draft"])
def test_a_page_of_docs_marked_draft_or_withdrawn_appears_nowhere(site, status):
    """Drafts appear nowhere: a page of docs/ says so in its front matter as an item does."""
    site.write("docs/notes.md", f"---\ntitle: 内部草稿\nstatus: {status}\n---\n\n# 内部草稿\n\n草稿词语 qzxdraft。\n")
    site.write("docs/open.md", "---\ntitle: 公开页面\n---\n\n# 公开页面\n\n公开词语 qzxopen。\n")
    found = site.check()
    assert found.code == 0, found.out
    built = site.build()
    assert "Traceback" not in built.err
    assert (site.out / "open/index.html").is_file() and not (site.out / "notes").exists()
    for path in site.out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".xml", ".csv", ".txt"):
            assert "qzxdraft" not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.parametrize("crowd", ["[" * 20_000 + "链接", "<a " * 8_000, "![" * 10_000])
def test_a_paragraph_that_would_stall_markdown_is_a_located_error_and_the_build_stays_quick(site, crowd):
    """Python-Markdown's time grows with the square of the "[" (or unclosed "<") of one paragraph: minutes of a build."""

    site.write("cases/good/index.md", VALID_CASE)
    site.write("cases/crowded/index.md", VALID_CASE + "\n" + crowd + "\n")
    found = site.check()
    assert found.code == 1 and any(
        line.startswith("cases/crowded/index.md:17: 正文: ") and "一段最多 300 个" in line for line in found.lines
    ), found.out
    built = site.build(cpu=60)  # Markdown's square time on the crowded paragraph would spend them
    assert "Traceback" not in built.err
    assert (site.out / "cases/good/index.html").is_file() and not (site.out / "cases/crowded").exists()


def test_personal_data_in_a_file_embedded_in_an_office_attachment_is_found(site):
    """A workbook embedded in a Word document (a class list) and a photo pasted into it are downloaded with it."""
    import io
    import zipfile

    folder = site.write(
        "cases/embedded/index.md",
        VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments: [{file: 教案.docx, title: 教案}]"),
    ).parent
    hidden = hidden_text_files(folder)
    assert hidden
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>家长电话13812345607</t></si></sst>")
    with zipfile.ZipFile(folder / "教案.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>教案正文。</w:t></w:r></w:p></w:body></w:document>")
        z.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", sheet.getvalue())
        z.writestr("word/media/image1.png", (folder / "photo.png").read_bytes())
    for name in hidden:
        (folder / name).unlink()
    found = site.check()
    assert found.code == 1
    for digits in ("07", "03"):
        assert any("教案.docx" in line and f"138****56{digits}" in line for line in found.lines), (digits, found.out)
