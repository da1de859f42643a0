"""Text that audio, video and GIF files carry beside the sound and pictures: tags a phone or an editor writes.

- MP3: ID3v2 frames (title, artist, comments, lyrics, user text, a cover picture's description), ID3v1 at the
  end, APEv2 and Lyrics3 tags;
- MP4/M4A/MOV: every box of the movie header but the sample tables (iTunes ``ilst`` items, QuickTime ``©xxx``
  text, ``keys`` metadata, track handler names), XMP in ``uuid`` boxes, ``free``/``skip`` space (where an editor
  leaves old tags); a ``©xyz`` or ISO 6709 location is a GPS position;
- GIF: comment, plain-text and application extensions (XMP).

Each reader returns ``Media``: lines of text, pictures inside (an MP3's cover, read like a photo by the caller)
and ``unread``, why some bytes could not be read (an encrypted frame, data after the end). Bounded like
``hidden``: bytes of one chunk, chunks walked, depth.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from .hidden import META_LIMIT, xmp_text

MAX_CHUNKS = 4096
TAG_LIMIT = 16 * 1024 * 1024  # an ID3v2 tag with its cover pictures
PRINTABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f\ufffd]{2,}")
# MP4 boxes that hold other boxes; ``meta`` has four bytes of version and flags before its children.
MP4_CONTAINERS = frozenset(b"moov trak mdia minf udta meta ilst edts dinf moof traf mvex tref".split())
MP4_BINARY = frozenset(b"mdat stbl mvhd tkhd mdhd elst dref smhd vmhd hmhd nmhd iods mehd trex tfhd trun tfdt sidx".split())
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")


@dataclass
class Media:
    lines: list[str] = field(default_factory=list)
    pictures: list[bytes] = field(default_factory=list)
    unread: str = ""
    gps: bool = False

    def text(self) -> str:
        return "\n".join(line for line in self.lines if line.strip())


def decode(data: bytes) -> str:
    """Bytes of unknown encoding as Chinese tools write them: UTF-8, else GB 18030 (GBK), else Latin-1."""
    data = data.replace(b"\x00", b"\n")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def printable(data: bytes) -> str:
    text = decode(data)
    if "<x:xmpmeta" in text or "<rdf:" in text:
        return xmp_text(text[text.find("<") :])
    return "\n".join(PRINTABLE.findall(text))


# MP3 ----------------------------------------------------------------------------------------------------------


def mp3_text(handle: BinaryIO) -> Media:
    out = Media()
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    at = 0
    for _ in range(8):  # an ID3v2 tag (and any that follows it) at the start
        handle.seek(at)
        header = handle.read(10)
        if len(header) < 10 or not header.startswith(b"ID3"):
            break
        length = _syncsafe(header[6:10])
        _id3v2(header, handle.read(min(length, TAG_LIMIT)), out)
        if length > TAG_LIMIT:
            out.unread = "音频标签太大，只检查了前面部分"
        at += 10 + length + (10 if header[5] & 0x10 else 0)
    _tail_tags(handle, size, out)
    return out


def _syncsafe(data: bytes) -> int:
    return (data[0] & 0x7F) << 21 | (data[1] & 0x7F) << 14 | (data[2] & 0x7F) << 7 | (data[3] & 0x7F)


def _id3v2(header: bytes, body: bytes, out: Media) -> None:
    version, flags = header[3], header[5]
    if flags & 0x80 and version < 4:
        body = body.replace(b"\xff\x00", b"\xff")  # unsynchronisation of the whole tag (ID3v2.3)
    at = 0
    if flags & 0x40 and version >= 3 and len(body) >= 4:  # an extended header
        at = (_syncsafe(body[:4]) if version == 4 else struct.unpack(">I", body[:4])[0] + 4) or 0
    wide = version >= 3
    id_len, head_len = (4, 10) if wide else (3, 6)
    for _ in range(MAX_CHUNKS):
        if at + head_len > len(body) or body[at] == 0:
            break
        frame = body[at : at + id_len].decode("latin-1")
        if wide:
            size = _syncsafe(body[at + 4 : at + 8]) if version == 4 else struct.unpack(">I", body[at + 4 : at + 8])[0]
            frame_flags = struct.unpack(">H", body[at + 8 : at + 10])[0]
        else:
            size, frame_flags = int.from_bytes(body[at + 3 : at + 6], "big"), 0
        data = body[at + head_len : at + head_len + size]
        at += head_len + size
        data = _frame_data(data, frame_flags, version, out)
        if data is not None:
            _id3_frame(frame, data, out)


def _frame_data(data: bytes, flags: int, version: int, out: Media) -> bytes | None:
    if version == 4:
        compressed, encrypted, unsync, length = flags & 0x8, flags & 0x4, flags & 0x2, flags & 0x1
    else:
        compressed, encrypted, unsync, length = flags & 0x80, flags & 0x40, 0, flags & 0x80
    if encrypted:
        out.unread = "音频标签中有加密的部分"
        return None
    if length:
        data = data[4:]
    if unsync:
        data = data.replace(b"\xff\x00", b"\xff")
    if compressed:
        try:
            data = zlib.decompressobj().decompress(data, META_LIMIT)
        except zlib.error:
            out.unread = "音频标签中有无法解压的部分"
            return None
    return data


def _id3_frame(frame: str, data: bytes, out: Media) -> None:
    if frame in ("APIC", "PIC"):
        encoding, rest = data[:1], data[1:]
        if frame == "APIC":
            _mime, _, rest = rest.partition(b"\x00")
        else:
            rest = rest[3:]
        rest = rest[1:]  # picture type
        description, picture = _split_text(rest, encoding)
        out.lines.append(_id3_decode(encoding, description))
        out.pictures.append(picture[:TAG_LIMIT])
    elif frame[:1] == "T" or frame in ("COMM", "COM", "USLT", "ULT", "WXXX", "WXX", "USER", "OWNE", "SYLT", "SLT"):
        encoding, rest = data[:1], data[1:]
        if frame in ("COMM", "COM", "USLT", "ULT", "USER", "SYLT", "SLT"):
            rest = rest[3:]  # language
        out.lines.append(_id3_decode(encoding, rest))
    elif frame[:1] == "W":
        out.lines.append(data.decode("latin-1", "replace"))
    else:  # PRIV, GEOB, UFID, … : whatever text they hold
        out.lines.append(printable(data[:META_LIMIT]))


def _split_text(data: bytes, encoding: bytes) -> tuple[bytes, bytes]:
    """(text up to its terminator, the rest) for an ID3 text in ``encoding``."""
    if encoding in (b"\x01", b"\x02"):
        for i in range(0, len(data) - 1, 2):
            if data[i : i + 2] == b"\x00\x00":
                return data[:i], data[i + 2 :]
        return data, b""
    text, _, rest = data.partition(b"\x00")
    return text, rest


def _id3_decode(encoding: bytes, data: bytes) -> str:
    if encoding == b"\x01":
        text = data.decode("utf-16", "replace") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-16-le", "replace")
    elif encoding == b"\x02":
        text = data.decode("utf-16-be", "replace")
    elif encoding == b"\x03":
        text = data.decode("utf-8", "replace")
    else:
        text = decode(data)  # ISO-8859-1 by the standard; Chinese tools write GBK here
    return text.replace("\x00", "\n").replace("\ufeff", "")


def _tail_tags(handle: BinaryIO, size: int, out: Media) -> None:
    """ID3v1 (the last 128 bytes), APEv2 and Lyrics3 before it."""
    end = size
    handle.seek(max(0, size - 128))
    last = handle.read(128)
    if last.startswith(b"TAG") and len(last) == 128:
        out.lines += [decode(last[a:b]) for a, b in ((3, 33), (33, 63), (63, 93), (93, 97), (97, 127))]
        end -= 128
        handle.seek(max(0, end - 227))
        if handle.read(4) == b"TAG+":
            out.lines.append(printable(handle.read(223)))
            end -= 227
    handle.seek(max(0, end - 32))
    footer = handle.read(32)
    if footer.startswith(b"APETAGEX") and len(footer) == 32:
        length = struct.unpack("<I", footer[12:16])[0]
        handle.seek(max(0, end - length))
        out.lines.append(printable(handle.read(min(length, META_LIMIT))))
        end -= length + (32 if struct.unpack("<I", footer[20:24])[0] & 0x80000000 else 0)
    handle.seek(max(0, end - 15))
    lyrics = handle.read(15)
    if lyrics.endswith(b"LYRICS200") and lyrics[:6].isdigit():
        length = int(lyrics[:6])
        handle.seek(max(0, end - 15 - length))
        out.lines.append(printable(handle.read(min(length, META_LIMIT))))


# MP4 ----------------------------------------------------------------------------------------------------------


def mp4_text(handle: BinaryIO) -> Media:
    out = Media()
    handle.seek(0, 2)
    size = handle.tell()
    budget = [MAX_CHUNKS]
    if not _boxes(handle, 0, size, 0, out, budget):
        out.unread = out.unread or "视频文件的结构无法完整识别（可能在结尾附加了其他数据）"
    return out


def _boxes(handle: BinaryIO, start: int, end: int, depth: int, out: Media, budget: list[int]) -> bool:
    """Read the boxes between ``start`` and ``end``; False if bytes there are not boxes."""
    at = start
    while at + 8 <= end:
        budget[0] -= 1
        if budget[0] < 0 or depth > 12:
            out.unread = "视频文件的结构太复杂，只检查了前面部分"
            return True
        handle.seek(at)
        head = handle.read(8)
        size, kind = struct.unpack(">I4s", head)
        body = at + 8
        if size == 1:
            size, body = struct.unpack(">Q", handle.read(8))[0], at + 16
        elif size == 0:
            size = end - at
        if size < body - at or at + size > end:
            return False
        _box(handle, kind, body, at + size, depth, out, budget)
        at += size
    if at == end:
        return True
    handle.seek(at)
    return not handle.read(min(end - at, META_LIMIT)).strip(b"\x00")  # a few padding bytes, or data that is not boxes


def _box(handle: BinaryIO, kind: bytes, start: int, end: int, depth: int, out: Media, budget: list[int]) -> None:
    if kind in MP4_BINARY:
        return
    if kind in MP4_CONTAINERS:
        skip = 4 if kind == b"meta" and not _looks_like_box(handle, start) else 0
        if not _boxes(handle, start + skip, end, depth + 1, out, budget):
            _leaf(handle, kind, start, end, out)
        return
    _leaf(handle, kind, start, end, out)


def _looks_like_box(handle: BinaryIO, start: int) -> bool:
    handle.seek(start + 4)
    return handle.read(4) in (b"hdlr", b"keys", b"ilst")


def _leaf(handle: BinaryIO, kind: bytes, start: int, end: int, out: Media) -> None:
    handle.seek(start)
    data = handle.read(min(end - start, META_LIMIT))
    if kind == b"uuid" and data[:16] == XMP_UUID:
        data = data[16:]
    elif kind == b"uuid":
        data = data[16:]
    elif kind == b"hdlr":
        data = data[24:]  # version, flags, predefined, handler type, reserved: then the handler's name
    elif kind == b"data":
        data = data[8:]  # type and locale
    if kind == b"\xa9xyz" or b"location.ISO6709" in data or re.search(rb"[+-]\d{1,2}\.\d+[+-]\d{1,3}\.\d+", data[:256]):
        out.gps = True
    out.lines.append(printable(data))


# GIF ----------------------------------------------------------------------------------------------------------


def gif_text(handle: BinaryIO) -> Media:
    out = Media()
    head = handle.read(13)
    if len(head) < 13:
        return out
    if head[10] & 0x80:
        handle.seek(3 * 2 ** ((head[10] & 0x07) + 1), 1)
    for _ in range(MAX_CHUNKS * 16):
        introducer = handle.read(1)
        if introducer == b"\x3b":
            if handle.read(4096).strip(b"\x00"):
                out.unread = "图片结尾之后还有数据"
            return out
        if introducer == b"\x21":
            label = handle.read(1)
            data = _sub_blocks(handle, keep=label in (b"\xfe", b"\x01", b"\xff"))
            if label == b"\xfe":
                out.lines.append(printable(data))
            elif label == b"\x01":
                out.lines.append(printable(data[12:]))  # after the text grid's header
            elif label == b"\xff" and data[:11] not in (b"NETSCAPE2.0", b"ANIMEXTS1.0"):
                out.lines.append(printable(data[11:] if data[:11] == b"XMP DataXMP" else data))
        elif introducer == b"\x2c":
            descriptor = handle.read(9)
            if len(descriptor) < 9:
                break
            if descriptor[8] & 0x80:
                handle.seek(3 * 2 ** ((descriptor[8] & 0x07) + 1), 1)
            handle.read(1)  # LZW minimum code size
            _sub_blocks(handle, keep=False)
        else:
            break
    out.unread = "图片的结构无法完整识别"
    return out


def _sub_blocks(handle: BinaryIO, keep: bool) -> bytes:
    """The data sub-blocks after an extension label or image header, up to the empty block (kept up to META_LIMIT)."""
    kept = bytearray()
    for _ in range(1 << 20):
        length = handle.read(1)
        if not length or length == b"\x00":
            break
        data = handle.read(length[0])
        if keep and len(kept) < META_LIMIT:
            kept += data
    return bytes(kept)
