"""Files that the site's Markdown extensions add to every page (pymdownx.snippets' auto_append) are checked like pages."""

from __future__ import annotations

from conftest import MINIMAL_CONFIG, VALID_CASE

SNIPPETS = """\
markdown_extensions:
  - abbr
  - pymdownx.snippets:
      base_path: [snippets]
      auto_append: [notice.md]
"""
PHONE = "13812345678"


def test_a_phone_number_in_an_appended_file_is_an_error_at_its_line_and_stops_the_build(site):
    site.write("mkdocs.yml", MINIMAL_CONFIG + SNIPPETS)
    site.write("cases/a/index.md", VALID_CASE)
    site.write("snippets/notice.md", "本站说明：资料仅供校内教研使用。\n\n*[SEL]: 社会情感学习\n")
    clean = site.check()
    assert clean.code == 0 and "2 个网站页面或文件" in clean.out + clean.err, clean.err  # docs/index.md and the notice
    built = site.build()
    assert built.code == 0 and "仅供校内教研" in (site.out / "cases/a/index.html").read_text(encoding="utf-8"), built.err

    site.write("snippets/notice.md", f"本站说明：资料仅供校内教研使用。\n\n如有疑问请联系 {PHONE}。\n")
    result = site.check()  # a warm check too: the file's stamp is part of what the last result depends on
    assert result.code == 1 and any(ln.startswith("snippets/notice.md:3: ") and "138" in ln for ln in result.lines), result.out
    assert PHONE not in result.out  # masked, as everywhere

    site.write("cases/b/index.md", VALID_CASE + "\n见[另一个案例](../no-such-case/index.md)。\n")
    built = site.build()
    assert built.code != 0 and "snippets/notice.md" in built.err and "auto_append" in built.err, built.err
    assert "cases/b/index.md:17: 正文: 警告：链接或图片“../no-such-case/index.md”" in built.err  # held lines shown all the same
    published = [p for p in site.out.rglob("*.html") if PHONE in p.read_text(encoding="utf-8")] if site.out.exists() else []
    assert published == []


def test_a_name_in_an_appended_glossary_is_found_like_in_an_item(site):
    site.write("mkdocs.yml", MINIMAL_CONFIG + SNIPPETS)
    site.write("cases/a/index.md", VALID_CASE)
    site.write("snippets/notice.md", "*[SEL]: 社会情感学习\n*[王丽]: 初二（3）班学生王丽的妈妈\n")
    mine = [ln for ln in site.check().lines if ln.startswith("snippets/notice.md:2: ")]
    assert mine and "王*" in mine[0], mine


def test_an_appended_file_is_part_of_the_check_state(site, monkeypatch):
    """A warm xinyu check shows the last result only while the appended file is unchanged too."""
    from xinyu.content import state as state_module
    from xinyu.content.site import load_site
    from xinyu.content.state import check_state

    monkeypatch.setattr(state_module, "RACY_SECONDS", -60)  # the files were just written: trust their stamps anyway
    site.write("mkdocs.yml", MINIMAL_CONFIG + SNIPPETS)
    site.write("snippets/notice.md", "本站说明：资料仅供校内教研使用。\n")
    config = site.root / "mkdocs.yml"
    before = check_state(load_site(config), config, "2025-01-01:")
    site.write("snippets/notice.md", "本站说明：资料仅供校内教研使用！\n")  # same size
    assert check_state(load_site(config), config, "2025-01-01:") != before


def test_extensions_inherited_from_a_parent_config_are_checked_too(site):
    """mkdocs.yml's INHERIT: MkDocs merges the parent's markdown_extensions; the check and the build read the same."""
    site.write("base.yml", SNIPPETS)
    site.write("mkdocs.yml", "INHERIT: base.yml\n" + MINIMAL_CONFIG)
    site.write("cases/a/index.md", VALID_CASE)
    site.write("snippets/notice.md", f"如有疑问请联系 {PHONE}。\n")
    result = site.check()
    assert result.code == 1 and any(ln.startswith("snippets/notice.md:1: ") for ln in result.lines), result.out
    built = site.build()
    assert built.code != 0 and "snippets/notice.md" in built.err, built.err
    published = [p for p in site.out.rglob("*.html") if PHONE in p.read_text(encoding="utf-8")] if site.out.exists() else []
    assert published == []


def test_a_build_run_from_another_folder_checks_what_snippets_reads_there(site, tmp_path):
    """pymdownx.snippets finds relative paths from the folder MkDocs runs in, not the site's: `mkdocs build -f`."""
    import subprocess

    from conftest import bin_path

    site.write("mkdocs.yml", MINIMAL_CONFIG + "markdown_extensions:\n  - pymdownx.snippets:\n      auto_append: [notice.md]\n")
    site.write("cases/a/index.md", VALID_CASE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notice.md").write_text(f"如有疑问请联系 {PHONE}。\n", encoding="utf-8")
    out = tmp_path / "out"
    built = subprocess.run(
        [bin_path("mkdocs"), "build", "-f", str(site.root / "mkdocs.yml"), "-d", str(out)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert built.returncode != 0 and "notice.md" in built.stderr, built.stderr
    published = [p for p in out.rglob("*.html") if PHONE in p.read_text(encoding="utf-8")] if out.exists() else []
    assert published == []


def test_an_inherit_that_names_no_file_is_a_clear_error(site):
    site.write("mkdocs.yml", "INHERIT: ../no-such-base.yml\n" + MINIMAL_CONFIG)
    result = site.check()
    assert result.code != 0 and "INHERIT" in result.out + result.err and "no-such-base.yml" in result.out + result.err, result.err
    assert "请在站点根目录" not in result.out + result.err  # not "run it in the site's folder": it was


def test_a_preview_comes_up_without_an_appended_file_that_has_an_error(site):
    """`mkdocs serve` does not stop at its first build (the contributor would see nothing): its pages come without the
    file's text, its banner and log name the error, and once the file is corrected its text is back on every page."""
    import sys

    from conftest import ROOT, free_port

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_preview import Server

    site.write("mkdocs.yml", MINIMAL_CONFIG + SNIPPETS)
    site.write("cases/a/index.md", VALID_CASE)
    site.write("snippets/notice.md", f"本站说明：资料仅供校内教研使用。\n\n如有疑问请联系 {PHONE}。\n")
    server = Server(site.root, port=free_port())
    try:
        server.wait(lambda: "</html>" in server.page("xinyu/cases/a/"), timeout=180, every=0.2)
        page = server.page("xinyu/cases/a/")
        assert PHONE not in page and "仅供校内教研" not in page, "the unchecked text is published"
        assert "xy-problems" in page and "snippets/notice.md" in page, "the banner does not name the error"
        assert PHONE not in server.page("xinyu/") and "仅供校内教研" not in server.page("xinyu/")  # a page of docs/ too
        assert any("snippets/notice.md" in line and "auto_append" in line for line in server.output), server.output
        site.write("snippets/notice.md", "本站说明：资料仅供校内教研使用。\n")
        server.wait(lambda: "仅供校内教研" in server.page("xinyu/cases/a/"), timeout=120, every=0.2)
        assert "xy-problems" not in server.page("xinyu/cases/a/")
    finally:
        server.stop()
