"""A .docx in memory → Markdown body, metadata read from the document, pictures, and what was left behind.

The converter is mammoth (chosen by measurement: ``scripts/bench_import.py`` and
``docs/dev/import.md``): it keeps nested lists, merged cells, pictures inside
tables, text boxes, footnotes, and accepts tracked changes. Its HTML is turned
into Markdown here (``markdown.py``); metadata and section titles are read from
the same tree (``metadata.py``); hidden parts from the XML (``package.py``).
Nothing here writes a file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from ..guard.attachments import zip_bomb
from .markdown import to_markdown
from .metadata import Found, read_metadata
from .package import Inside, inspect, style_map

MAX_DOCX = 50 * 1024 * 1024
MAX_UNPACKED = 400 * 1024 * 1024
MAX_BODY_XML = 40 * 1024 * 1024  # word/document.xml unpacked: a 500-page report's is about 10 MB
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/bmp": "bmp", "image/x-emf": "emf", "image/x-wmf": "wmf"}


class NotConvertible(Exception):
    """A file that is not a readable .docx; the message says what to do, in Chinese."""


@dataclass
class Picture:
    name: str  # readable file name beside index.md, e.g. 图2.png
    data: bytes
    content_type: str


@dataclass
class Conversion:
    markdown: str
    found: Found
    inside: Inside
    pictures: list[Picture] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # converter messages worth a contributor's attention
    original: bytes | None = None  # the .docx itself, only when the maintainer asks to keep it


def convert_docx(data: bytes, name: str = "") -> Conversion:
    """Convert one document; raises NotConvertible with a Chinese message, nothing else."""
    archive = _open(data)
    inside = inspect(archive)
    import mammoth

    pictures: list[Picture] = []

    def keep_picture(image) -> dict[str, str]:
        extension = IMAGE_TYPES.get(image.content_type, (image.content_type or "image/png").rsplit("/", 1)[-1][:5])
        with image.open() as stream:
            picture = Picture(f"图{len(pictures) + 1}.{extension}", stream.read(), image.content_type or "")
        pictures.append(picture)
        return {"src": picture.name, "alt": _own_alt(image.alt_text) or f"图{len(pictures)}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=style_map(inside), convert_image=mammoth.images.img_element(keep_picture)
        )
    except Exception as exc:  # noqa: BLE001 - any failure inside a foreign document is the document's, not ours
        raise NotConvertible(f"无法读取文档内容（{type(exc).__name__}）。请用 Word 或 WPS 打开后“另存为” .docx 再试。") from exc
    tree = _tree(result.value)
    _caption_alts(tree)
    found = read_metadata(tree)
    markdown = to_markdown(tree)
    return Conversion(markdown, found, inside, pictures, _notes(result.messages))


def _open(data: bytes) -> zipfile.ZipFile:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise NotConvertible(OLD_FORMAT)
    if len(data) > MAX_DOCX:
        raise NotConvertible(
            f"文档有 {len(data) / 1048576:.0f} MB，超过 {MAX_DOCX // 1048576} MB。请压缩其中的图片（Word：文件 → 压缩图片）后再试。"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        unpacked = sum(i.file_size for i in members)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise NotConvertible(
            "这不是有效的 .docx 文件（文件可能已损坏，或只是改了扩展名）。请用 Word 或 WPS 打开后“另存为” .docx 再试。"
        ) from exc
    if "word/document.xml" not in names:
        raise NotConvertible("这个文件不是 Word 文档（.docx）：里面没有正文。请确认选择的是 Word 或 WPS 文字文档。")
    # A part that unpacks to hundreds of times its size (a "zip bomb": 300 MB of one comment in a 300 KB file) or a body
    # beyond any real document's would hold the converter's XML parser for minutes.
    body = archive.getinfo("word/document.xml").file_size
    if unpacked > MAX_UNPACKED or body > MAX_BODY_XML or zip_bomb(members):
        raise NotConvertible("文档解压后异常大（可能已损坏，或是“压缩炸弹”）。请用 Word 或 WPS 打开后“另存为” .docx 再试。")
    if "word/vbaProject.bin" in names:
        raise NotConvertible("文档中含有宏（VBA）。请在 Word 中“另存为”普通的 .docx（不含宏）后再导入。")
    return archive


OLD_FORMAT = (
    "这是旧版的 Word 97-2003（.doc）或 WPS（.wps）格式，无法直接导入。请用 Word 或 WPS 打开它，"
    "选“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入新保存的 .docx 文件。"
)


def _tree(html: str) -> ET.Element:
    """mammoth writes well-formed HTML; a root element makes it one XML document."""
    try:
        return ET.fromstring(f"<root>{html}</root>")
    except ET.ParseError as exc:
        raise NotConvertible(f"文档内容无法解析（{exc}）。请用 Word 或 WPS 打开后“另存为” .docx 再试。") from exc


AUTO_ALT = re.compile(r"自动生成|automatically generated", re.I)
NUMBERED_ONLY = re.compile(r"图\d+")
CAPTION = re.compile(r"\s*图\s*[0-9０-９]+(?:[-－.．][0-9]+)?\s*[:：.．、]?\s*(?P<text>[^\s:：].{0,79})\s*", re.S)


def _own_alt(text: str | None) -> str:
    """The picture's description as its author wrote it in Word (not the one Word generated itself)."""
    text = " ".join((text or "").split())
    return "" if not text or AUTO_ALT.search(text) else text


def _caption_alts(tree: ET.Element) -> None:
    """A picture with no description of its own takes its caption's words (图1 情绪温度计 → 情绪温度计)
    from the short paragraph just below it (or just above); "图1" alone tells a reader nothing."""
    blocks = list(tree)
    for i, block in enumerate(blocks):
        own = [img for img in block.iter("img") if NUMBERED_ONLY.fullmatch(img.get("alt", ""))]
        if block.tag != "p" or len(own) != 1 or "".join(block.itertext()).strip():
            continue
        for near in blocks[i + 1 : i + 2] + blocks[max(i - 1, 0) : i]:
            caption = CAPTION.fullmatch("".join(near.itertext())) if near.tag == "p" else None
            if caption:
                own[0].set("alt", caption.group("text").strip())
                break


IGNORED = re.compile(r"^An unrecognised element was ignored: (\S+)")
# The converter's other notes a teacher's document can give, said in Chinese (any other is shown as written).
KNOWN_NOTES = [
    (
        re.compile(r"could not open external image:? '([^']*)'"),
        "文档中的图片“{}”只是链接到文档外的文件，没有导入：请在 Word 中用“插入 → 图片”把它放进文档，或把图片文件另外放进条目文件夹。",
    ),
    (re.compile(r"Could not find image file for a:blip element"), "文档中有一张图片找不到图片文件，没有导入：请在 Word 中重新插入这张图片。"),
    (re.compile(r"Unsupported break type: (\S+)"), "文档中有一处特殊分隔（{}）被略去，请对照原稿检查。"),
    (re.compile(r"A w:sym element with an unsupported character was ignored"), "文档中有一个特殊符号（Word 的“插入符号”）无法转换，被略去，请对照原稿检查。"),
    (re.compile(r"A v:imagedata element without a relationship ID was ignored"), "文档中有一张旧式图片无法读取，被略去：请在 Word 中重新插入这张图片。"),
]


def _notes(messages) -> list[str]:
    """The converter's notes (mammoth writes them in English) as Chinese lines for the import report."""
    ignored: dict[str, int] = {}
    out = []
    for message in messages:
        text = str(getattr(message, "message", message))
        if "oMath" in text or "style" in text.lower() or "unlikely to display" in text:
            continue  # equations are counted from the XML; unknown styles only lose formatting; pictures get their own message
        element = IGNORED.match(text)
        known = next(((m, chinese) for pattern, chinese in KNOWN_NOTES if (m := pattern.search(text))), None)
        if element:
            ignored[element.group(1)] = ignored.get(element.group(1), 0) + 1
        elif known is not None:
            out.append(known[1].format(*known[0].groups()))
        else:
            out.append(f"转换器的提示（原文）：{text}。请对照原稿检查这一处。")
    out += [f"文档中有 {n} 处无法转换的内容（Word 元素 {name}）被略去，请对照原稿检查。" for name, n in ignored.items()]
    return out
