"""`status: withdrawn` takes an item off every output; withdrawn.json tells mirrors what to delete."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from conftest import ROOT, VALID_CASE, minimal_pdf

MARK = "ZQXW"  # in every text of the withdrawn item: it must appear nowhere in what is published
SLUG = "withdrawn-zqxw"
WITHDRAWN = (
    VALID_CASE.replace("title: 用情绪温度计", f"title: {MARK}用情绪温度计")
    .replace("school: xx区实验中学", f"school: {MARK}实验中学")
    .replace(
        "pseudonyms: [小A]",
        f"pseudonyms: [小A]\ntags: [{MARK}标签]\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n"
        f"attachments: [{{file: {MARK}.pdf, title: {MARK}附件}}]",
    )
    + f"\n家长电话 13812345678，{MARK}。\n"
)


def traces(folder) -> list[str]:
    """Files under ``folder`` (other than withdrawn.json) that mention the withdrawn item."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "withdrawn.json":
            data = path.read_bytes()
            if MARK.encode() in data or SLUG.encode() in data or MARK in path.as_posix():
                found.append(str(path.relative_to(folder)))
    return found


def withdrawn_site(site):
    site.write(f"cases/{SLUG}/index.md", WITHDRAWN)
    site.write(f"cases/{SLUG}/{MARK}.pdf", minimal_pdf(MARK))
    site.write("cases/kept/index.md", VALID_CASE.replace("pseudonyms: [小A]", f"pseudonyms: [小A]\nrelated: [cases/{SLUG}]"))
    return site


def test_a_withdrawn_item_is_gone_from_every_output_and_listed_in_withdrawn_json(site):
    withdrawn_site(site)
    found = site.check()
    assert found.code == 0, found.out  # nothing of a withdrawn item is published: its content is not held against it
    assert any(line.startswith(f"cases/{SLUG}/index.md:") and "警告：" in line and "撤下" in line for line in found.lines), found.out
    built = site.build("--strict")
    assert built.code == 0, built.err
    assert json.loads((site.out / "withdrawn.json").read_text(encoding="utf-8")) == {
        "items": [{"collection": "cases", "slug": SLUG, "date": "2025-03-01"}]
    }
    assert (site.out / "cases/kept/index.html").is_file()
    assert (site.out / "feed.xml").is_file() and (site.out / "search").is_dir()
    assert traces(site.out) == []


def test_the_offline_bundle_holds_no_trace_but_the_list(site, tmp_path):
    withdrawn_site(site)
    archive = tmp_path / "offline.zip"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts/bundle.py"), "--root", str(site.root), "--output", str(archive)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "unzipped")
        names = z.namelist()
    assert any(n.endswith("/withdrawn.json") for n in names)
    assert traces(tmp_path / "unzipped") == []


def test_a_withdrawal_needs_its_date_and_nothing_else(site):
    site.write("cases/gone/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")
    site.write("cases/undated/index.md", "---\ntitle: 某案例\nstatus: withdrawn\n---\n正文。\n")
    found = site.check()
    assert not any(line.startswith("cases/gone/") for line in found.lines), found.out
    assert any(line.startswith("cases/undated/index.md:3: status: ") and "withdrawn_date" in line for line in found.lines), found.out
    assert found.code == 1
