"""Old binary formats (.doc, .wps): converted with LibreOffice when it is installed, else a Chinese how-to."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .convert import MAX_DOCX, OLD_FORMAT, NotConvertible

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY_SUFFIXES = {".doc", ".wps", ".dot", ".wpt"}
TIMEOUT = 120


def read_document(path: Path) -> bytes:
    """The .docx bytes of ``path``: itself, or LibreOffice's conversion of an old binary document."""
    try:
        if path.stat().st_size > MAX_DOCX:
            raise NotConvertible(f"文件超过 {MAX_DOCX // 1048576} MB。请压缩其中的图片（Word：文件 → 压缩图片）后再试。")
        data = path.read_bytes()
    except OSError as exc:
        raise NotConvertible(f"无法读取文件（{exc.strerror or exc}）。") from exc
    if data[:8] == OLE or path.suffix.lower() in LEGACY_SUFFIXES:
        return _with_libreoffice(path) if data[:8] == OLE else data
    return data


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _with_libreoffice(path: Path) -> bytes:
    program = libreoffice()
    if not program:
        raise NotConvertible(OLD_FORMAT + "（装有 LibreOffice 时会自动转换。）")
    with tempfile.TemporaryDirectory(prefix="xinyu-lo-") as out:
        # A private profile: a LibreOffice already open on the desktop must not take the job.
        profile = Path(out, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir", out, str(path)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NotConvertible(OLD_FORMAT + f"（用 LibreOffice 自动转换失败：{type(exc).__name__}。）") from exc
        converted = Path(out, path.stem + ".docx")
        if not converted.is_file():
            raise NotConvertible(OLD_FORMAT + "（用 LibreOffice 自动转换失败。）")
        return converted.read_bytes()
