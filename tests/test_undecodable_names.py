"""A file or folder name that is not UTF-8 (a Windows zip unpacked on Linux) is named and skipped, never a traceback."""

from __future__ import annotations

import os

from conftest import VALID_CASE


def test_a_name_that_is_not_utf8_is_reported_and_the_rest_is_checked_and_built(site):
    site.write("cases/good-one/index.md", VALID_CASE)
    site.write("cases/with-file/index.md", VALID_CASE)
    folder = os.fsencode(site.root / "cases") + b"/\xff\xfebad"
    os.makedirs(folder)
    with open(folder + b"/index.md", "w", encoding="utf-8") as fh:
        fh.write(VALID_CASE)
    with open(os.fsencode(site.root / "cases/with-file") + b"/\xff\xfe\xe5.png", "wb") as fh:
        fh.write(b"\x89PNG\r\n")
    result = site.check()
    assert "Traceback" not in result.err, result.err[-2000:]
    assert result.code == 1, result.out
    assert any(ln.startswith("cases/\\xff\\xfebad:1: 文件: ") and "UTF-8" in ln and "重命名" in ln for ln in result.lines), result.out
    assert any(ln.startswith("cases/with-file/\\xff\\xfe\\xe5.png:1: 文件: ") and "UTF-8" in ln for ln in result.lines), result.out
    assert not any(ln.startswith("cases/good-one/") for ln in result.lines), result.out
    built = site.build("-q")
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    assert (site.out / "cases/good-one/index.html").is_file()
