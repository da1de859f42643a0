"""Bytes a case publishes that the guard could not read: archive members, media metadata, old binary Office files,
earlier PDF revisions, and content signatures that were not exact (a red-team review found each with 0 findings)."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from conftest import VALID_CASE, minimal_pdf
from test_guard_attachments import zip_bytes as zip_of
from xinyu.guard.attachments import check_policy, sniff
from xinyu.guard.extract import extract_text
from xinyu.guard.options import GuardOptions

OPTIONS = GuardOptions()
PHONE = "13812345678"
ID_NUMBER = "110101200801011234"


def word(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def id3_frame(frame: str, text: str, encoding: int = 1) -> bytes:
    body = bytes([encoding]) + (
        b"\xff\xfe" + text.encode("utf-16-le") if encoding == 1 else text.encode("gbk" if encoding == 0 else "utf-8")
    )
    return frame.encode() + struct.pack(">I", len(body)) + b"\x00\x00" + body


def syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def mp3(title: str, artist: str) -> bytes:
    """An MP3 with an ID3v2.3 tag (title in UTF-16, artist in GBK as Chinese tools write it) and one MPEG frame."""
    frames = id3_frame("TIT2", title) + id3_frame("TPE1", artist, encoding=0) + b"\x00" * 32
    return b"ID3\x03\x00\x00" + syncsafe(len(frames)) + frames + b"\xff\xfb\x90\x00" + b"\x00" * 413


def gif(comment: str) -> bytes:
    """A 1×1 GIF89a with a comment extension."""
    text = comment.encode("utf-8")
    blocks = b"".join(bytes([len(text[i : i + 255])]) + text[i : i + 255] for i in range(0, len(text), 255)) + b"\x00"
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
        b"\x21\xfe" + blocks + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00" + b"\x02\x02\x44\x01\x00" + b"\x3b"
    )


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(title: str, artist: str) -> bytes:
    """An MP4 (M4A-style) with iTunes metadata: moov/udta/meta/ilst/©nam and ©ART."""

    def item(kind: bytes, text: str) -> bytes:
        return box(kind, box(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00" + text.encode("utf-8")))

    hdlr = box(b"hdlr", b"\x00" * 8 + b"mdirappl" + b"\x00" * 9)
    ilst = box(b"ilst", item(b"\xa9nam", title) + item(b"\xa9ART", artist))
    moov = box(b"moov", box(b"udta", box(b"meta", b"\x00" * 4 + hdlr + ilst)))
    return box(b"ftyp", b"M4A \x00\x00\x02\x00M4A isom") + moov + box(b"mdat", b"\x00" * 64)


def incremental_pdf() -> bytes:
    """Revision 1 says the student's name and the mother's phone; an incremental update replaces the page content."""
    first = minimal_pdf(f"Student Wang Zihan, mother {PHONE}")
    stream = b"BT /F1 12 Tf 72 720 Td (Student A) Tj ET"
    previous = int(first.rsplit(b"startxref", 1)[1].split()[0])
    update = bytearray(first)
    at = len(update)
    update += b"4 0 obj\n<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream\nendobj\n"
    xref = len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n4 1\n%010d 00000 n \n" % at
    update += b"trailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (previous, xref)
    return bytes(update)


RED_TEAM = {
    "材料.zip": zip_of({"王梓涵成绩单.pdf": minimal_pdf("score 95"), "家访记录.docx": word(f"家长手机{PHONE}，身份证号{ID_NUMBER}")}),
    "访谈录音.mp3": mp3("王梓涵访谈录音", f"王梓涵 家长{PHONE}"),
    "活动.gif": gif(f"学生王梓涵 {PHONE}"),
    "访谈.mp4": mp4("王梓涵访谈", f"家长{PHONE}"),
    "成绩.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\x0b\x00\x00" + PHONE.encode() + b"\x00" * 512,
    "记录.pdf": incremental_pdf(),
}


def case_with(files: dict[str, bytes], site) -> str:
    listed = "".join(f"  - file: {name}\n    title: 材料{i}\n" for i, name in enumerate(files))
    for name, data in files.items():
        site.write(f"cases/a/{name}", data)
    site.write("cases/a/index.md", VALID_CASE.replace("---\n## ", f"attachments:\n{listed}---\n## ", 1))
    return listed


@pytest.mark.parametrize("name", list(RED_TEAM))
def test_each_red_team_file_is_an_error_at_its_declaration(site, name: str) -> None:
    case_with({name: RED_TEAM[name]}, site)
    result = site.check()
    mine = [line for line in result.lines if line.startswith("cases/a/index.md:13: attachments[0].file: ")]
    assert result.code == 1 and mine, result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert PHONE not in result.out and "王梓涵" not in result.out and ID_NUMBER not in result.out
    errors = [line for line in mine if "警告" not in line.split(": ", 2)[2][:3]]
    assert errors, mine


def test_what_each_finding_says(site) -> None:
    case_with(RED_TEAM, site)
    out = "\n".join(site.check().lines)
    assert "附件“材料.zip”中的“家访记录.docx”正文第 2 行发现手机号“138****5678”" in out, out
    assert "材料.zip" in out and "王**" in out and "身份证" in out
    assert "附件“访谈录音.mp3”" in out and "138****5678" in out
    assert "附件“活动.gif”" in out and "附件“访谈.mp4”" in out
    assert "另存为 .xlsx" in out
    assert "增量" in out and "另存为" in out


def test_the_build_publishes_none_of_them_and_the_rest_of_the_site(site) -> None:
    case_with(RED_TEAM, site)
    site.write("cases/b/index.md", VALID_CASE)
    site.build()
    published = [p.name for p in site.out.rglob("*") if p.is_file()] if site.out.exists() else []
    assert not set(RED_TEAM) & set(published), published
    assert (site.out / "cases/b/index.html").is_file()
    leaked = [p for p in site.out.rglob("*") if p.is_file() and PHONE.encode() in p.read_bytes()]
    assert leaked == []


def test_a_clean_archive_and_clean_media_still_publish(site) -> None:
    files = {
        "讲义.zip": zip_of({"讲义.pdf": minimal_pdf("handout"), "学习单.docx": word("学习单：写下你的情绪温度。")}),
        "放松训练.mp3": mp3("放松训练", "心理组"),
        "动图.gif": gif("made with GIMP"),
        "示范.mp4": mp4("示范课", "心理组"),
    }
    case_with(files, site)
    result = site.check()
    assert result.code == 0, result.out + result.err
    site.build()
    assert all((site.out / "cases/a" / name).is_file() for name in files), list((site.out / "cases/a").iterdir())


# Exact signatures: a PDF header only at the start; markup anywhere in the head is refused.
def policy(tmp_path: Path, name: str, data: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [v.kind for v in check_policy(path, name, len(data), OPTIONS)]


def test_html_with_a_pdf_comment_is_not_a_pdf(tmp_path: Path) -> None:
    data = b"<html><body><script>alert(document.cookie)</script><!-- %PDF-1.4 -->" + b" " * 100 + b"</body></html>"
    assert sniff(data) == "html"
    assert "dangerous" in policy(tmp_path, "报告.pdf", data)
    assert sniff(minimal_pdf()[:200] + b"<script>x</script>") == "html"
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + b"<svg onload=alert(1)>") in ("svg", "html")


def test_a_zip_whose_first_member_is_a_stored_pdf_is_a_zip(tmp_path: Path) -> None:
    data = zip_of({"a.pdf": minimal_pdf(), "b.pdf": minimal_pdf("b")}, zipfile.ZIP_STORED)
    assert sniff(data[:4096]) == "zip"
    assert policy(tmp_path, "讲义.zip", data) == []


def test_archive_members_are_bounded(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", minimal_pdf())
        info = archive.infolist()[0]
    raw = bytearray(buffer.getvalue())
    raw[6] |= 1  # local header: encrypted
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 8] |= 1  # central directory: encrypted
    assert info.filename == "a.pdf"
    assert "zip_member" in policy(tmp_path, "加密.zip", bytes(raw)) or "encrypted" in policy(tmp_path, "加密.zip", bytes(raw))
    macro = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", "word/vbaProject.bin": b"\x00"})
    assert "zip_member" in policy(tmp_path, "宏.zip", zip_of({"a.docx": macro})) or "macro" in policy(
        tmp_path, "宏.zip", zip_of({"a.docx": macro})
    )
    assert "zip_member" in policy(tmp_path, "嵌套.zip", zip_of({"inner.zip": zip_of({"a.pdf": minimal_pdf()})}))


def test_id3v1_and_gif_plain_text_are_read(tmp_path: Path) -> None:
    v1 = b"TAG" + "王梓涵".encode("gbk").ljust(30, b"\x00") + PHONE.encode().ljust(30, b"\x00") + b"\x00" * 30 + b"2024" + b"\x00" * 31
    path = tmp_path / "a.mp3"
    path.write_bytes(b"\xff\xfb\x90\x00" + b"\x00" * 413 + v1)
    text = "\n".join(t for _, t in extract_text(path, "mp3", OPTIONS).chunks)
    assert "王梓涵" in text and PHONE in text


def test_a_pdf_saved_once_passes_and_an_unreferenced_content_stream_is_refused(tmp_path: Path) -> None:
    assert policy(tmp_path, "a.pdf", minimal_pdf()) == []
    # an object listed in no cross-reference table: bytes the current revision does not use
    head, tail = minimal_pdf().split(b"xref\n", 1)
    extra = b"6 0 obj\n<< /Length 9 >>\nstream\n(Wang Zi)\nendstream\nendobj\n"
    tail = tail.replace(b"startxref\n%d" % len(head), b"startxref\n%d" % (len(head) + len(extra)))
    assert policy(tmp_path, "b.pdf", head + extra + b"xref\n" + tail) == ["pdf_revisions"]
    assert policy(tmp_path, "c.pdf", minimal_pdf() + b"Wang Zihan 13812345678\n") == ["pdf_revisions"]


def test_old_binary_office_formats_are_refused_with_the_fix(site) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    case_with({"记录.doc": ole, "课件.ppt": ole, "成绩.xls": ole}, site)
    lines = site.check().lines
    assert any("另存为 .docx" in line for line in lines) and any("另存为 .pptx" in line for line in lines), lines
    assert any("另存为 .xlsx" in line for line in lines), lines


def test_an_unreferenced_page_content_is_refused_and_an_unused_font_map_is_not(tmp_path: Path) -> None:
    """Listed as in use, referred to by nothing: text a reader never shows (pdfTeX leaves unused CMaps: not content)."""

    def with_object(stream: bytes) -> bytes:
        head, tail = minimal_pdf().split(b"xref\n", 1)
        offsets = [line.split()[0] for line in tail.split(b"\n")[2:7]]
        body = b"6 0 obj\n<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream\nendobj\n"
        table = b"xref\n0 7\n0000000000 65535 f \n" + b"".join(b"%s 00000 n \n" % o for o in offsets) + b"%010d 00000 n \n" % len(head)
        return head + body + table + b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(head) + len(body))

    assert policy(tmp_path, "a.pdf", with_object(b"BT /F1 12 Tf (Wang Zihan 13812345678) Tj ET")) == ["pdf_revisions"]
    assert policy(tmp_path, "b.pdf", with_object(b"%!PS-Adobe-3.0 Resource-CMap\n/CIDInit /ProcSet findresource begin")) == []


def test_notes_and_link_addresses_in_documents_are_read(tmp_path: Path):
    """A PDF's sticky note and link (mailto:…) and a Word hyperlink's address reach the reader who clicks or opens
    them: they are read like the text (a second red-team round found them unread)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from pypdf import PdfWriter
    from pypdf.annotations import Link, Text

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    writer.add_annotation(0, Text(rect=(10, 10, 60, 60), text=f"身份证 {ID_NUMBER}"))
    writer.add_annotation(0, Link(rect=(70, 70, 120, 120), url="mailto:wangzx2008%40qq.com"))
    pdf = tmp_path / "notes.pdf"
    with pdf.open("wb") as fh:
        writer.write(fh)
    text = "\n".join(t for _, t in extract_text(pdf, "pdf", OPTIONS).chunks)
    assert ID_NUMBER in text and "wangzx2008@qq.com" in text, text

    document = docx.Document()
    document.add_paragraph("联系方式见链接。")
    document.part.relate_to("mailto:wangzx2008@qq.com", RT.HYPERLINK, is_external=True)
    path = tmp_path / "links.docx"
    document.save(path)
    text = "\n".join(t for _, t in extract_text(path, "docx", OPTIONS).chunks)
    assert "wangzx2008@qq.com" in text, text
