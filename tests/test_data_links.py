"""Site list files in data/ (privacy allow-list, search dictionary and synonyms, anything else) are never read
through a link: a link to a secret is reported and not read, a link to /dev/zero cannot hang check or build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import VALID_CASE

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need POSIX")
SECRET = "SECRET-DATA-LINK-7731"


@pytest.mark.parametrize("name", ["privacy-allow.txt", "dictionary.txt", "synonyms.txt", "notes/extra.txt"])
def test_a_linked_list_file_is_reported_and_not_read(site, tmp_path: Path, name: str):
    site.write("cases/good/index.md", VALID_CASE)
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    link = site.root / "data" / name
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, link)
    found = site.check()
    assert found.code == 1, found.out + found.err
    assert any(line.startswith(f"data/{name}:1: 文件: ") and "符号链接" in line for line in found.lines), found.out
    assert "Traceback" not in found.err and SECRET not in found.out


def test_list_files_linked_to_a_device_do_not_hang_check_or_build(site):
    site.write("cases/good/index.md", VALID_CASE)
    for name in ("privacy-allow.txt", "synonyms.txt", "dictionary.txt"):
        os.symlink("/dev/zero", site.root / "data" / name)
    found = site.check()
    assert found.code == 1 and sum("符号链接" in line for line in found.lines) == 3, found.out + found.err
    built = site.build()
    assert built.code == 0 and "Traceback" not in built.err, built.err
    assert (site.out / "cases/good/index.html").is_file()


def test_list_reader_refuses_links_and_devices(tmp_path: Path):
    from xinyu.guard.files import read_list_file

    real = tmp_path / "real.txt"
    real.write_text("词语\n", encoding="utf-8")
    os.symlink(real, tmp_path / "link.txt")
    assert read_list_file(real) == "词语\n"
    assert read_list_file(tmp_path / "link.txt") == ""
    assert read_list_file("/dev/zero") == ""
    assert read_list_file(tmp_path / "missing.txt") == ""
