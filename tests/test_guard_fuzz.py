"""Hypothesis fuzzing: the scanners and attachment checks never raise and never take long."""

from __future__ import annotations

import io
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinyu.guard import sanitize_html, scan_text
from xinyu.guard.attachments import check_policy
from xinyu.guard.extract import extract_text
from xinyu.guard.markup import scan_markup
from xinyu.guard.options import GuardOptions

# Text built from the pieces the scanners react to, so the fuzzer reaches their branches.
PIECES = st.sampled_from(
    [
        "张",
        "伟",
        "同学",
        "老师",
        "学生",
        "叫",
        "：",
        "，",
        "。",
        "\n",
        "1",
        "3",
        "8",
        "0",
        "-",
        " ",
        "X",
        "@",
        "a.b",
        "路",
        "号",
        "栋",
        "单元",
        "室",
        "出生",
        "年",
        "月",
        "日",
        "QQ",
        "微信",
        "学号",
        "<",
        ">",
        "/",
        "script",
        "img",
        "on",
        "=",
        '"',
        "javascript:",
        "data:",
        "](",
        "[",
        "`",
        "```",
        "<!--",
        "-->",
        "xinyu-allow",
        "{",
        "}",
        "欧阳",
        "（化名）",
        "热线",
        "&#",
        "\x00",
        "\ufeff",
    ]
)
TEXT = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=200).map("".join))
OPTIONS = GuardOptions(extract_seconds=2)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_text_scanners_never_fail(text: str) -> None:
    started = time.process_time()  # CPU time: a loaded machine must not fail what only asks for no runaway
    for finding in scan_text(text, {"小A"}) + scan_markup(text):
        assert 0 <= finding.start <= finding.end <= len(text)
        if finding.kind in ("mobile", "id_card", "email"):
            assert finding.value not in finding.masked
    sanitize_html(text)
    assert time.process_time() - started < 2


def test_long_pathological_text_is_fast() -> None:
    for text in ("<a " * 20000, "`" * 50000, "1-" * 30000, "张伟同学" * 10000, "```\n" * 5000, "[x](" * 20000, '<p title="' * 10000):
        started = time.process_time()  # CPU time: a loaded machine must not fail what only asks for no runaway
        scan_text(text)
        scan_markup(text)
        assert time.process_time() - started < 5, text[:10]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of these members; the same name twice is meant (a real trick), so zipfile's warning about it is not."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        for name, data in members:
            archive.writestr(name or "x", data)
    return buffer.getvalue()


MEMBER_NAMES = st.sampled_from(
    [
        "word/document.xml",
        "ppt/slides/slide1.xml",
        "xl/sharedStrings.xml",
        "docProps/core.xml",
        "a.pdf",
        "../x.pdf",
        "vbaProject.bin",
        "[Content_Types].xml",
        "x.exe",
    ]
)
HEADS = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"MZ", b"\x89PNG\r\n\x1a\n", b"<svg", b"ID3"]
)
FILES = st.one_of(
    st.tuples(HEADS, st.binary(max_size=2000)).map(lambda t: t[0] + t[1]),
    st.lists(st.tuples(MEMBER_NAMES, st.binary(max_size=300)), max_size=5).map(_zip),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES, st.sampled_from(["pdf", "docx", "pptx", "xlsx", "doc", "zip", "png", "mp3", "exe"]))
def test_attachment_checks_never_fail(data: bytes, extension: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f.{extension}"
        path.write_bytes(data)
        started = time.process_time()  # CPU time: a loaded machine must not fail what only asks for no runaway
        check_policy(path, path.name, len(data), OPTIONS)
        extract_text(path, extension, OPTIONS)
        assert time.process_time() - started < 5
