"""Attachment policy: allowed types by extension *and* content signature, macros, size, zip bombs.

A file is judged by what it is, not what it is called: an ``.pdf`` that is a
Windows program is refused, and so is a ``.docx`` that carries a VBA project.
Nothing here reads more than a bounded amount of any file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .options import GuardOptions

# extension → the signature its content must have
ALLOWED_TYPES = {
    "pdf": "pdf",
    "doc": "ole",
    "ppt": "ole",
    "xls": "ole",
    "docx": "zip",
    "pptx": "zip",
    "xlsx": "zip",
    "zip": "zip",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "mp3": "mp3",
    "mp4": "mp4",
}
OOXML_PARTS = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}
MACRO_EXTENSIONS = frozenset("docm dotm xlsm xltm xlam pptm potm ppsm ppam sldm".split())
DANGEROUS_SIGNATURES = {"program": "可执行程序", "script": "脚本", "html": "网页（HTML）", "svg": "SVG 图形"}
TYPE_NAMES = {
    "pdf": "PDF",
    "ole": "Office 97–2003 文档",
    "zip": "ZIP/Office 文档",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "gif": "GIF 图片",
    "webp": "WebP 图片",
    "mp3": "MP3 音频",
    "mp4": "MP4 视频",
}
OLE_MACRO_STREAMS = ("_VBA_PROJECT".encode("utf-16-le"), "Macros".encode("utf-16-le"))
OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_MEMBERS = 5000
MAX_RATIO = 200  # uncompressed / compressed, per member above 1 MB
MAX_UNPACKED = 1024 * 1024 * 1024
HEAD = 4096


@dataclass(frozen=True)
class Verdict:
    """One finding about an attachment: a kind for tests, a Chinese message, a severity."""

    kind: str
    message: str
    severity: str = "error"


def sniff(head: bytes) -> str:
    """The type a file's first bytes say it is."""
    if head.startswith((b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return "program"
    if head.startswith(b"#!"):
        return "script"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for signature, name in (
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"PK\x03\x04", "zip"),
        (b"PK\x05\x06", "zip"),
        (b"\xff\xd8\xff", "jpeg"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"GIF87a", "gif"),
        (b"GIF89a", "gif"),
        (b"ID3", "mp3"),
    ):
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "mp4"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "mp3"
    return _text_signature(head)


def _text_signature(head: bytes) -> str:
    text = head[:HEAD].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<head", b"<body", b"<iframe")):
        return "html"
    if b"<svg" in text[:1024]:
        return "svg"
    return "unknown"


def check_policy(path: Path, name: str, size: int, options: GuardOptions) -> list[Verdict]:
    """Every policy finding for one attachment (type, signature, macros, size)."""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if size > options.max_bytes:
        return [
            Verdict(
                "too_large",
                f"附件有 {size / 1048576:.1f} MB，超过上限 {options.attachment_max_mb:g} MB。请压缩（如 PDF 另存为“最小文件大小”、视频降低分辨率）或拆分后再上传。",
            )
        ]
    verdicts = []
    if size >= options.warn_bytes:
        verdicts.append(
            Verdict(
                "large",
                f"警告：附件有 {size / 1048576:.1f} MB（超过 {options.attachment_warn_mb:g} MB），老师们在校内网下载会较慢，建议压缩。",
                "warning",
            )
        )
    refused = _extension_verdict(extension)
    if refused:
        return verdicts + [refused]
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD)
    except OSError as exc:
        return verdicts + [Verdict("unreadable", f"无法读取附件（{exc.strerror}）。")]
    actual = sniff(head)
    if actual in DANGEROUS_SIGNATURES:
        return verdicts + [
            Verdict(
                "dangerous",
                f"附件扩展名是 .{extension}，但内容其实是{DANGEROUS_SIGNATURES[actual]}，不允许上传。请换成真正的 {extension.upper()} 文件。",
            )
        ]
    expected = ALLOWED_TYPES[extension]
    if actual != expected:
        return verdicts + [
            Verdict(
                "mismatch",
                f"附件扩展名是 .{extension}，但内容不是{TYPE_NAMES[expected]}（可能改过扩展名或文件已损坏）。请用原软件重新导出。",
            )
        ]
    if expected == "ole":
        verdicts += _ole_verdicts(path)
    elif expected == "zip":
        verdicts += check_zip(path, extension, options)
    return verdicts


def _extension_verdict(extension: str) -> Verdict | None:
    if extension in MACRO_EXTENSIONS:
        return Verdict(
            "macro", f"附件是启用宏的 Office 文件（.{extension}），宏可能携带病毒，不允许上传。请另存为 .{extension[:-1]}x 格式（不含宏）。"
        )
    if extension in ("svg", "svgz"):
        return Verdict("type", "SVG 图形可能含有脚本，不允许作为附件。请导出为 PNG 图片。")
    if extension not in ALLOWED_TYPES:
        shown = f".{extension}" if extension else "无扩展名的文件"
        return Verdict(
            "type",
            f"不允许的附件类型：{shown}。允许的类型：PDF、Word（doc/docx）、PPT（ppt/pptx）、Excel（xls/xlsx）、图片（jpg/png/gif/webp）、mp3、mp4，以及只含这些文件的 zip。",
        )
    return None


def _ole_verdicts(path: Path) -> list[Verdict]:
    """Old binary Office files: look for a VBA storage by its directory-entry name."""
    found = _search(path, (*OLE_MACRO_STREAMS, OLE_ENCRYPTED))
    if any(s in found for s in OLE_MACRO_STREAMS):
        return [Verdict("macro", "附件中含有宏（VBA），宏可能携带病毒，不允许上传。请在 Office 中删除宏，或另存为 docx/pptx/xlsx。")]
    if OLE_ENCRYPTED in found:
        return [Verdict("encrypted", "警告：附件设置了打开密码，无法检查其中的个人信息。请去掉密码再上传，或由审核人人工检查。", "warning")]
    return []


def _search(path: Path, needles: tuple[bytes, ...], limit: int = 64 * 1024 * 1024) -> set[bytes]:
    """Which needles occur in the first ``limit`` bytes of a file, read in chunks."""
    found: set[bytes] = set()
    overlap = max(len(n) for n in needles)
    tail, read = b"", 0
    with open(path, "rb") as handle:
        while read < limit:
            chunk = handle.read(1024 * 1024)
            if not chunk:
                break
            window = tail + chunk
            found.update(n for n in needles if n in window)
            tail, read = window[-overlap:], read + len(chunk)
    return found


def check_zip(path: Path, extension: str, options: GuardOptions) -> list[Verdict]:
    """Macros, bombs and disallowed members in a zip or an OOXML package."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            return _zip_verdicts(archive, members, extension)
    except Exception:  # noqa: BLE001 - a malformed archive may raise anything (zlib.error, struct.error, …)
        return [Verdict("corrupt", f"附件（.{extension}）无法打开，可能已损坏。请用原软件重新保存后再上传。")]


def _zip_verdicts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], extension: str) -> list[Verdict]:
    if len(members) > MAX_MEMBERS:
        return [Verdict("zip_bomb", f"压缩包里有 {len(members)} 个文件，超过 {MAX_MEMBERS} 个，请拆分。")]
    names = {m.filename for m in members}
    if any(PurePosixPath(n).name.lower() == "vbaproject.bin" for n in names):
        return [Verdict("macro", "附件中含有宏（vbaProject.bin），宏可能携带病毒，不允许上传。请另存为不含宏的 docx/pptx/xlsx。")]
    if zip_bomb(members):
        return [Verdict("zip_bomb", "附件解压后体积异常大（疑似“压缩炸弹”），不允许上传。请用原软件重新导出。")]
    if extension in OOXML_PARTS:
        if OOXML_PARTS[extension] not in names:
            return [Verdict("mismatch", f"附件扩展名是 .{extension}，但内容不是这种 Office 文档。请用原软件重新导出。")]
        return _content_types(archive, names)
    return _zip_members(archive, members)


def zip_bomb(members: list[zipfile.ZipInfo]) -> bool:
    """Whether an archive unpacks to far more than it holds: in all, or one member beyond the usual ratio."""
    total = sum(m.file_size for m in members)
    ratio = any(m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)
    return total > MAX_UNPACKED or ratio


def _content_types(archive: zipfile.ZipFile, names: set[str]) -> list[Verdict]:
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as part:
            types = part.read(1024 * 1024).lower()
        if b"macroenabled" in types or b"vbaproject" in types:
            return [Verdict("macro", "附件是启用宏的 Office 文件，宏可能携带病毒，不允许上传。请另存为不含宏的格式。")]
    return []


def _zip_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> list[Verdict]:
    """A zip may hold only the allowed types (no nested zip), inside itself, each what it says it is."""
    bad: dict[str, int] = {}
    for member in members:
        if member.is_dir():
            continue
        name = member.filename.replace("\\", "/")
        extension = PurePosixPath(name).suffix.lower().lstrip(".")
        if name.startswith("/") or ".." in PurePosixPath(name).parts:
            bad["路径越界"] = bad.get("路径越界", 0) + 1
        elif extension not in ALLOWED_TYPES or extension == "zip" or not _member_is(archive, member, ALLOWED_TYPES[extension]):
            label = f".{extension}" if extension else "无扩展名"
            bad[label] = bad.get(label, 0) + 1
    if not bad:
        return []
    listed = "、".join(f"{label}（{count} 个）" for label, count in sorted(bad.items()))
    return [Verdict("zip_member", f"压缩包中有不允许的文件：{listed}。压缩包只能包含 PDF、Office 文档、图片、mp3、mp4。")]


def _member_is(archive: zipfile.ZipFile, member: zipfile.ZipInfo, expected: str) -> bool:
    if member.flag_bits & 0x1:
        return True  # encrypted: the signature cannot be read; the extension was checked
    try:
        with archive.open(member) as part:
            return sniff(part.read(64)) == expected
    except Exception:  # noqa: BLE001 - see check_zip
        return False
