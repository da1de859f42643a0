"""The build cache and the file rules of issue 12: no stale verdict, nothing withdrawn kept on disk.

Each change below alters only what a rule looks at beside an item's Markdown (a folder on an
attachment's path turned into a link to the same files, a link or a disguised file dropped into
a bundle, a facet key that makes a slug reserved): ``xinyu check`` with the cache must report
exactly what it reports without it. A withdrawn item's earlier content must leave the cache
files at once, even on a partial ``xinyu check PATH``.
"""

from __future__ import annotations

import os
import subprocess

from conftest import MINIMAL_CONFIG, VALID_CASE, bin_path, minimal_pdf

PNG_PROGRAM = b"MZ\x90\x00" + b"\x00" * 200  # a Windows program named .png


def check(site, *args: str, cache: bool = True) -> str:
    env = dict(os.environ)
    env.pop("XINYU_NO_CACHE", None)
    if not cache:
        env["XINYU_NO_CACHE"] = "1"
    proc = subprocess.run(
        [bin_path("xinyu"), "check", "--format", "json", *args], cwd=site.root, env=env, capture_output=True, text=True, encoding="utf-8"
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout


def same_with_cache(site, step: str) -> str:
    cached, clean = check(site), check(site, cache=False)
    assert cached == clean, f"{step}: the cache served a stale verdict\ncached: {cached}\nclean: {clean}"
    return clean


def test_no_stale_verdict_when_only_what_the_file_rules_look_at_changes(site, tmp_path):
    flat = VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments: [{file: 材料/讲义.pdf, title: 讲义}]")
    site.write("cases/flat-case.md", flat)
    site.write("cases/材料/讲义.pdf", minimal_pdf("handout"))
    site.write("cases/bundle-case/index.md", VALID_CASE)
    site.write("cases/zhuti/index.md", VALID_CASE)
    assert "材料" not in same_with_cache(site, "start")

    # A folder on a declared attachment's path becomes a link to the very same files elsewhere.
    outside = tmp_path / "outside"
    (site.root / "cases/材料").rename(outside)
    (site.root / "cases/材料").symlink_to(outside, target_is_directory=True)
    assert "符号链接" in same_with_cache(site, "folder on the path is a link")

    # A link, then a program disguised as an image, dropped beside an untouched index.md.
    (site.root / "cases/bundle-case/photo.jpg").symlink_to("/etc/hostname")
    assert "bundle-case/photo.jpg" in same_with_cache(site, "link in a bundle")
    (site.root / "cases/bundle-case/photo.jpg").unlink()
    site.write("cases/bundle-case/photo.png", PNG_PROGRAM)
    assert "bundle-case/photo.png" in same_with_cache(site, "disguised file in a bundle")

    # A facet whose key is a slug already in use: the item's slug is now reserved.
    facets = "  - xinyu:\n      collections:\n        cases: {facets: [grade, {field: topics, key: zhuti}]}\n"
    site.write("mkdocs.yml", MINIMAL_CONFIG.replace("  - xinyu:\n", facets))
    assert "cases/zhuti/index.md" in same_with_cache(site, "a facet key reserves a slug")


def cache_bytes(site) -> bytes:
    folder = site.root / ".cache"
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_withdrawn_items_earlier_content_leaves_the_cache_at_once(site):
    mark = "ZQXCACHE"
    site.write("cases/to-withdraw/index.md", VALID_CASE + f"\n{mark}：家访记录。\n")
    site.write("cases/kept/index.md", VALID_CASE)
    built = site.build()
    assert built.code == 0, built.err
    assert mark.encode() in cache_bytes(site), "the test needs the item in the cache first"

    site.write("cases/to-withdraw/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")
    check(site, "cases/to-withdraw/index.md")  # the pre-commit hook: a partial check
    assert mark.encode() not in cache_bytes(site), "a partial check left the withdrawn item in the cache"

    assert site.build().code == 0
    assert mark.encode() not in cache_bytes(site)
    assert mark not in (site.out / "cases/kept/index.html").read_text(encoding="utf-8")
