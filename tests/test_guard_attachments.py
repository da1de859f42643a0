"""Attachment policy (type by signature, macros, size, zip bombs) and attachment text extraction."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from xinyu.guard.attachments import check_policy, sniff
from xinyu.guard.extract import extract_text
from xinyu.guard.options import GuardOptions

OPTIONS = GuardOptions()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(text: str, extra: dict[str, bytes] | None = None) -> bytes:
    document = f'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": document.encode("utf-8")}
    return zip_bytes({**members, **(extra or {})})


def verdicts(tmp_path: Path, name: str, data: bytes, options: GuardOptions = OPTIONS) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [v.kind for v in check_policy(path, name, len(data), options)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", PDF),
        ("a.png", PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("a.gif", b"GIF89a" + b"\x00" * 10),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("a.mp3", b"ID3\x03\x00" + b"\x00" * 10),
        ("a.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 8),
        ("a.docx", docx("你好")),
        ("a.zip", zip_bytes({"教案.pdf": PDF, "图/1.png": PNG})),
    ],
)
def test_allowed_types_pass(tmp_path: Path, name: str, data: bytes) -> None:
    assert verdicts(tmp_path, name, data) == []


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("setup.exe", b"MZ\x90\x00", "type"),
        ("page.html", b"<html><script>alert(1)</script></html>", "type"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "type"),
        ("macro.docm", docx("x"), "macro"),
        ("macro.xlsm", b"PK\x03\x04", "macro"),
        ("fake.pdf", b"MZ\x90\x00\x03", "dangerous"),
        ("fake.jpg", b"<!DOCTYPE html><html></html>", "dangerous"),
        ("fake.png", b"<svg onload=alert(1)></svg>", "dangerous"),
        ("renamed.pdf", PNG, "mismatch"),
        ("notword.docx", zip_bytes({"a.txt": b"x"}), "mismatch"),
        ("vba.docx", docx("x", {"word/vbaProject.bin": b"\x00"}), "macro"),
        ("vba.doc", OLE + "_VBA_PROJECT".encode("utf-16-le"), "old_office"),
        ("a.xls", OLE, "old_office"),
        ("bad.zip", zip_bytes({"run.exe": b"MZ", "a.pdf": PDF}), "zip_member"),
        ("nested.zip", zip_bytes({"inner.zip": zip_bytes({"a.pdf": PDF})}), "zip_member"),
        ("liar.zip", zip_bytes({"a.pdf": b"MZ\x90\x00"}), "zip_member"),
        ("bomb.zip", zip_bytes({"a.pdf": b"%PDF-" + b"\x00" * (30 * 1024 * 1024)}), "zip_bomb"),
        ("broken.docx", b"PK\x03\x04garbage", "corrupt"),
        ("noext", b"hello", "type"),
    ],
)
def test_refused(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    assert kind in verdicts(tmp_path, name, data)


def test_size_limits_are_configurable(tmp_path: Path) -> None:
    small = GuardOptions(attachment_warn_mb=0.001, attachment_max_mb=0.002)
    assert verdicts(tmp_path, "a.pdf", PDF + b"\x00" * 1200, small) == ["large"]
    assert verdicts(tmp_path, "b.pdf", PDF + b"\x00" * 3000, small) == ["too_large"]


def test_sniff_never_fails_on_empty() -> None:
    assert sniff(b"") == "unknown"


def test_docx_text(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(docx("家长电话&#49;3812345678"))
    extracted = extract_text(path, "docx", OPTIONS)
    assert extracted.chunks == [("正文", "家长电话13812345678\n")]


def test_pptx_and_xlsx_text(tmp_path: Path) -> None:
    slide = b"<p:sld><a:p><a:r><a:t>\xe5\xad\xa6\xe5\x8f\xb720230101</a:t></a:r></a:p></p:sld>"
    (tmp_path / "a.pptx").write_bytes(zip_bytes({"ppt/presentation.xml": b"<p/>", "ppt/slides/slide2.xml": slide}))
    assert extract_text(tmp_path / "a.pptx", "pptx", OPTIONS).chunks == [("第 2 张幻灯片", "学号20230101\n")]
    sheet = b"<worksheet><row><c><v>13812345678</v></c></row></worksheet>"
    (tmp_path / "a.xlsx").write_bytes(zip_bytes({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": sheet}))
    assert "13812345678" in extract_text(tmp_path / "a.xlsx", "xlsx", OPTIONS).chunks[0][1]


def test_pdf_text(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "a.pdf").write_bytes(buffer.getvalue())
    extracted = extract_text(tmp_path / "a.pdf", "pdf", OPTIONS)
    assert extracted.incomplete == ""


def test_malformed_files_do_not_raise(tmp_path: Path) -> None:
    for extension, data in (("pdf", b"%PDF-1.7\n" + b"\xff" * 500), ("docx", b"PK\x03\x04\x00\x00"), ("doc", OLE)):
        path = tmp_path / f"x.{extension}"
        path.write_bytes(data)
        extract_text(path, extension, OPTIONS)


# Issue 12 §9: every part of an Office file that holds text is read, tracked deletions and properties included,
# and photos give up their EXIF data (camera owner, GPS position).
def run(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


OFFICE_PARTS = [
    ("docx", "docProps/core.xml", b"<cp:coreProperties><dc:creator>13812345678</dc:creator></cp:coreProperties>"),
    ("docx", "docProps/core.xml", b"<cp:coreProperties><cp:lastModifiedBy>13812345678</cp:lastModifiedBy></cp:coreProperties>"),
    ("docx", "docProps/app.xml", b"<Properties><Manager>13812345678</Manager></Properties>"),
    ("docx", "docProps/custom.xml", b"<Properties><property name='x'><vt:lpwstr>13812345678</vt:lpwstr></property></Properties>"),
    ("docx", "word/header2.xml", b"<w:hdr>" + run("13812345678") + b"</w:hdr>"),
    ("docx", "word/footer1.xml", b"<w:ftr>" + run("13812345678") + b"</w:ftr>"),
    ("docx", "word/comments.xml", b"<w:comments><w:comment>" + run("13812345678") + b"</w:comment></w:comments>"),
    ("docx", "word/glossary/document.xml", b"<w:glossaryDocument>" + run("13812345678") + b"</w:glossaryDocument>"),
    ("docx", "word/footnotes.xml", b"<w:footnotes>" + run("13812345678") + b"</w:footnotes>"),
    ("pptx", "ppt/comments/comment1.xml", b"<p:cmLst><p:cm><p:text>13812345678</p:text></p:cm></p:cmLst>"),
    ("pptx", "ppt/slideMasters/slideMaster1.xml", b"<p:sldMaster><a:p><a:r><a:t>13812345678</a:t></a:r></a:p></p:sldMaster>"),
    ("xlsx", "xl/comments1.xml", b"<comments><comment><text><t>13812345678</t></text></comment></comments>"),
    ("xlsx", "docProps/core.xml", b"<cp:coreProperties><dc:creator>13812345678</dc:creator></cp:coreProperties>"),
]


@pytest.mark.parametrize(("extension", "part", "xml"), OFFICE_PARTS)
def test_every_text_part_of_an_office_file_is_read(tmp_path: Path, extension: str, part: str, xml: bytes) -> None:
    main = {"docx": "word/document.xml", "pptx": "ppt/slides/slide1.xml", "xlsx": "xl/worksheets/sheet1.xml"}[extension]
    path = tmp_path / f"a.{extension}"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", main: b"<x/>", part: xml}))
    texts = [text for _, text in extract_text(path, extension, OPTIONS).chunks]
    assert any("13812345678" in text for text in texts), texts


def test_tracked_deletions_are_read_on_their_own(tmp_path: Path) -> None:
    body = (
        b"<w:document><w:body><w:p><w:r><w:t>\xe6\x9d\xa5\xe8\xae\xbf\xe8\x80\x85</w:t></w:r>"  # 来访者
        b"<w:del w:author='x'><w:r><w:delText>\xe5\x88\x98\xe5\xad\x90\xe8\xbd\xa9</w:delText></w:r></w:del>"  # 刘子轩
        b"<w:ins><w:r><w:t>\xe5\xb0\x8fA</w:t></w:r></w:ins>"  # 小A
        b"<w:r><w:t>\xef\xbc\x8c\xe5\x88\x9d\xe4\xba\x8c\xe3\x80\x82</w:t></w:r></w:p></w:body></w:document>"  # ，初二。
    )
    path = tmp_path / "a.docx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": body}))
    chunks = dict(extract_text(path, "docx", OPTIONS).chunks)
    assert chunks["正文"].strip() == "来访者小A，初二。"
    assert "刘子轩" in chunks["修订中删除的文字"]


def jpeg_with_exif(artist: str, gps: bool) -> bytes:
    """A minimal JPEG whose EXIF (little-endian TIFF) has an Artist and, if asked, a GPS latitude."""
    import struct

    value = artist.encode("utf-8") + b"\x00"
    entries = [(0x013B, 2, len(value), None)] + ([(0x8825, 4, 1, None)] if gps else [])
    ifd0 = 8
    data_at = ifd0 + 2 + 12 * len(entries) + 4
    gps_at = data_at + len(value)
    ifd = struct.pack("<H", len(entries))
    ifd += struct.pack("<HHII", 0x013B, 2, len(value), data_at)
    if gps:
        ifd += struct.pack("<HHII", 0x8825, 4, 1, gps_at)
    ifd += struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", ifd0) + ifd + value
    if gps:
        rationals_at = gps_at + 2 + 12 * 2 + 4
        tiff += struct.pack("<H", 2) + struct.pack("<HHI4s", 1, 2, 2, b"N\x00\x00\x00")
        tiff += struct.pack("<HHII", 2, 5, 3, rationals_at) + struct.pack("<I", 0)
        tiff += struct.pack("<6I", 39, 1, 54, 1, 27, 1)
    app1 = b"Exif\x00\x00" + tiff
    return b"\xff\xd8\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xd9"


def test_photo_exif_owner_and_gps(tmp_path: Path) -> None:
    path = tmp_path / "p.jpg"
    path.write_bytes(jpeg_with_exif("刘子轩", gps=True))
    extracted = extract_text(path, "jpg", OPTIONS)
    assert any("刘子轩" in text for _, text in extracted.chunks), extracted
    assert any("GPS" in flag or "拍摄地点" in flag for flag in extracted.flags)
    path.write_bytes(jpeg_with_exif("", gps=False))
    assert extract_text(path, "jpg", OPTIONS).flags == []
