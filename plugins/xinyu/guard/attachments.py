"""Attachment policy: allowed types by extension *and* content signature, macros, size, zip bombs.

A file is judged by what it is, not what it is called: an ``.pdf`` that is a
Windows program is refused, and so is a ``.docx`` that carries a VBA project.
Nothing here reads more than a bounded amount of any file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .options import GuardOptions

# extension → the signature its content must have
ALLOWED_TYPES = {
    "pdf": "pdf",
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
# Office 97–2003 and WPS binary formats: their text is stored in ways a scan cannot read whole (8-bit "compressed"
# strings and numbers as doubles in Excel, 8-bit pieces in Word, TextBytesAtom in PowerPoint, properties in the code
# page), so they are refused with the format to save as instead.
OLD_OFFICE = {"doc": "docx", "wps": "docx", "ppt": "pptx", "dps": "pptx", "xls": "xlsx", "et": "xlsx"}
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
MAX_MEMBERS = 5000
MAX_ARCHIVE_MEMBERS = 500  # files in a zip of attachments, each read like an attachment
MEMBER_LIMIT = 20 * 1024 * 1024  # one file in a zip of attachments (extract reads it whole, in memory)
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
    """The type a file's first bytes say it is.

    Exact: every signature is at the start of the file (a PDF's ``%PDF-`` too, though some readers look further:
    what comes before it is bytes no reader of ours reads, and a browser may take them for a page). Markup anywhere
    in the head (``<html``, ``<script``, ``<svg`` …) makes the file a page, whatever follows: a browser that sniffs
    content would run it.
    """
    if head.startswith((b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return "program"
    if head.startswith(b"#!"):
        return "script"
    markup = _markup(head)
    if markup:
        return markup
    for signature, name in (
        (b"%PDF-", "pdf"),
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
    return "unknown"


MARKUP = re.compile(rb"<(?:!doctype\s+html|html|script|head|body|iframe|object|embed|meta\s|svg)[\s>/]", re.I)


def _markup(head: bytes) -> str:
    """``html`` or ``svg`` when a tag a browser acts on appears anywhere in the first bytes."""
    found = MARKUP.search(head[:HEAD])
    if not found:
        return ""
    return "svg" if found.group().lower().startswith(b"<svg") else "html"


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
    if expected == "zip":
        verdicts += check_zip(path, extension, options)
    elif expected == "pdf":
        verdicts += pdf_verdicts(path)
    return verdicts


def _extension_verdict(extension: str) -> Verdict | None:
    if extension in MACRO_EXTENSIONS:
        return Verdict(
            "macro", f"附件是启用宏的 Office 文件（.{extension}），宏可能携带病毒，不允许上传。请另存为 .{extension[:-1]}x 格式（不含宏）。"
        )
    if extension in OLD_OFFICE:
        new = OLD_OFFICE[extension]
        return Verdict(
            "old_office",
            f"附件是旧版 Office/WPS 格式（.{extension}），其中的文字（单字节编码的文字、表格里的数字、文档属性）无法完整检查个人信息，不能发布。"
            f"请用 Office 或 WPS 打开它，“另存为 .{new}”后放进文件夹，并把引用它的地方改成新文件名。",
        )
    if extension in ("svg", "svgz"):
        return Verdict("type", "SVG 图形可能含有脚本，不允许作为附件。请导出为 PNG 图片。")
    if extension not in ALLOWED_TYPES:
        shown = f".{extension}" if extension else "无扩展名的文件"
        return Verdict(
            "type",
            f"不允许的附件类型：{shown}。允许的类型：PDF、Word（docx）、PPT（pptx）、Excel（xlsx）、图片（jpg/png/gif/webp）、mp3、mp4，以及只含这些文件的 zip。",
        )
    return None


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
    """A zip may hold only the allowed types (no nested zip, no password), inside itself, each what it says it is;
    an Office document in it is held to the Office rules (no macros). Its members' names and text are read by
    ``extract`` like attachments of their own, so each must be readable here."""
    bad: dict[str, int] = {}
    locked, inner = [], []
    files = [m for m in members if not m.is_dir()]
    if len(files) > MAX_ARCHIVE_MEMBERS:
        return [
            Verdict(
                "zip_bomb",
                f"压缩包里有 {len(files)} 个文件，超过 {MAX_ARCHIVE_MEMBERS} 个，无法逐一检查。请拆分，或把文件直接放进案例文件夹。",
            )
        ]
    for member in files:
        name = member.filename.replace("\\", "/")
        extension = PurePosixPath(name).suffix.lower().lstrip(".")
        if name.startswith("/") or ".." in PurePosixPath(name).parts:
            bad["路径越界"] = bad.get("路径越界", 0) + 1
        elif member.flag_bits & 0x1:
            locked.append(name)
        elif extension not in ALLOWED_TYPES or extension == "zip" or member.file_size > MEMBER_LIMIT:
            label = "太大的文件" if extension in ALLOWED_TYPES and extension != "zip" else (f".{extension}" if extension else "无扩展名")
            bad[label] = bad.get(label, 0) + 1
        else:
            data = _member_bytes(archive, member)
            if data is None or sniff(data[:HEAD]) != ALLOWED_TYPES[extension]:
                label = f".{extension}（内容与扩展名不符）"
                bad[label] = bad.get(label, 0) + 1
            elif extension in OOXML_PARTS:
                inner += [Verdict(v.kind, f"压缩包中的“{name}”：{v.message}", v.severity) for v in _nested_office(data, extension)]
    verdicts = []
    if locked:
        shown = "、".join(f"“{n}”" for n in locked[:5]) + ("等" if len(locked) > 5 else "")
        verdicts.append(
            Verdict(
                "encrypted",
                f"压缩包中的 {shown} 设置了密码，无法检查其中的个人信息，不能发布。请去掉密码重新压缩（或把文件直接放进案例文件夹）。",
            )
        )
    if bad:
        listed = "、".join(f"{label}（{count} 个）" for label, count in sorted(bad.items()))
        verdicts.append(
            Verdict(
                "zip_member",
                f"压缩包中有不允许的文件：{listed}。压缩包只能包含 PDF、Word/PPT/Excel（docx/pptx/xlsx）、图片、mp3、mp4，"
                f"每个不超过 {MEMBER_LIMIT // 1048576} MB，不能再套压缩包。",
            )
        )
    return verdicts + inner


def _member_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes | None:
    """A member's bytes, at most MEMBER_LIMIT of them (its declared size was checked), or None if it cannot be read."""
    try:
        with archive.open(member) as part:
            return part.read(MEMBER_LIMIT + 1)
    except Exception:  # noqa: BLE001 - see check_zip
        return None


def _nested_office(data: bytes, extension: str) -> list[Verdict]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _zip_verdicts(archive, archive.infolist(), extension)
    except Exception:  # noqa: BLE001 - see check_zip
        return [Verdict("corrupt", f"这个 .{extension} 文件无法打开，可能已损坏。请用原软件重新保存后再压缩。")]


# A PDF object's definition ("12 0 obj"), at the start of a line or after a delimiter, as writers place it.
PDF_OBJECT = re.compile(rb"(?:(?<=[\r\n\s>])|^)(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b")
PDF_XREF_AT = re.compile(rb"(?:startxref|/Prev|/XRefStm)[\s]+(\d{1,12})")
PDF_STREAM_LIMIT = 4 * 1024 * 1024
PDF_RESAVE = "请在阅读器或 Word/WPS 中用“另存为”或“打印为 PDF”重新保存成一个新文件（不要用“保存”覆盖），再放进文件夹。"


def pdf_verdicts(path: Path) -> list[Verdict]:
    """Bytes of a PDF that its current revision does not show: object definitions replaced by a later (incremental)
    save, objects no cross-reference table lists, objects nothing refers to, data after the end. pypdf, like any
    reader, reads the latest revision only, so the text of the others would be published unchecked."""
    try:
        data = path.read_bytes()
        stale = _pdf_stale(data)
    except Exception:  # noqa: BLE001 - a malformed PDF: extract says it could not be read (a warning to the reviewer)
        return []
    if not stale:
        return []
    return [Verdict("pdf_revisions", f"PDF 文件里还留着看不见的旧内容（{stale}），其中的个人信息无法检查，不能发布。{PDF_RESAVE}")]


def _pdf_stale(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject, StreamObject, TextStringObject

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return ""  # extract reports a password; nothing can be read
    current = {num: at for table in reader.xref.values() for num, at in table.items()}
    compressed = set(reader.xref_objStm)
    sections = {int(m.group(1)) for m in PDF_XREF_AT.finditer(data)}
    for m in PDF_OBJECT.finditer(data):
        num, at = int(m.group(1)), m.start(1)
        if at in sections or num == 0:
            continue  # a cross-reference stream: the structure of a revision, not its content
        where = current.get(num)
        if num in compressed or where is None or abs(where - at) > 2:
            return "增量保存或修改前的版本"
    end = data.rfind(b"%%EOF")
    if end >= 0 and data[end + 5 :].strip(b" \t\r\n\x00"):
        return "文件结尾之后的数据"
    # objects listed as in use that nothing refers to (a replaced page's content kept in the file)
    seen: set[int] = set()
    stack = [reader.trailer]
    budget = 200_000
    while stack and budget:
        budget -= 1
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if value.idnum in seen:
                continue
            seen.add(value.idnum)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    if not budget:
        return ""
    for num in sorted(set(current) | compressed):
        if num in seen or num == 0:
            continue
        value = reader.get_object(num)
        if (
            isinstance(value, DictionaryObject)
            and value.get("/Type") in ("/XRef", "/ObjStm")
            or (isinstance(value, DictionaryObject) and "/Linearized" in value)
        ):
            continue
        if isinstance(value, StreamObject):
            if _shows_content(value):
                return "没有被引用的页面内容"
        elif _has_text(value, TextStringObject, ByteStringObject, DictionaryObject, ArrayObject):
            return "没有被引用的对象"
    return ""


PDF_TEXT_OPERATOR = re.compile(rb"(?:\)|>|\])\s*(?:Tj|TJ|'|\")")


def _shows_content(stream) -> bool:
    """Whether a stream nothing refers to is one a reader would show: a page or form's text, a picture, metadata,
    an attached file (not a font or a character map a PDF writer left unused, as pdfTeX does)."""
    if stream.get("/Type") in ("/XObject", "/Metadata", "/EmbeddedFile") or stream.get("/Subtype") in ("/Image", "/Form"):
        return True
    try:
        data = stream.get_data()[:PDF_STREAM_LIMIT]
    except Exception:  # noqa: BLE001 - a stream that cannot be decoded cannot be checked either
        return True
    return b"BT" in data and PDF_TEXT_OPERATOR.search(data) is not None


def _has_text(value, *types, depth: int = 0) -> bool:
    text, raw, mapping, array = types
    if isinstance(value, (text, raw)):
        return bool(str(value).strip())
    if depth > 8:
        return False
    if isinstance(value, mapping):
        return any(_has_text(v, *types, depth=depth + 1) for v in value.values())
    if isinstance(value, array):
        return any(_has_text(v, *types, depth=depth + 1) for v in value)
    return False
