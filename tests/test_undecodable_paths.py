"""Names that are not UTF-8 where MkDocs, serve's watcher, data/ and `xinyu import` meet them; the rounds options and
the schools list written wrongly: each a located Chinese problem, never a traceback, and the rest of the site builds."""

from __future__ import annotations

import os
import sys

from conftest import MINIMAL_CONFIG, ROOT, VALID_CASE, bin_path, minimal_docx, run

sys.path.insert(0, str(ROOT / "scripts"))

from bench_preview import Server  # noqa: E402

NOT_UTF8 = "文件名不是 UTF-8 编码"


def bad(site, folder: str, name: bytes, content: bytes = b"x") -> None:
    """A file ``folder/name`` (``name``: raw bytes, and a folder when it ends with /)."""
    path = os.fsencode(site.root / folder) + b"/" + name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(content)


def no_surrogates(text: str) -> bool:
    return not any("\udc80" <= c <= "\udcff" for c in text) and "\\udc" not in text


def test_names_not_utf8_in_docs_are_reported_once_and_never_published(site):
    site.write("cases/good-one/index.md", VALID_CASE)
    site.write("docs/about.md", "# 关于\n")
    bad(site, "docs", b"\xff\xfebad.md", b"# bad\n")
    bad(site, "docs", b"\xffx.txt", b"hi")
    bad(site, "docs", b"\xff\xfedir/a.png", b"x")  # not a PNG: would be an error of its content were it read
    bad(site, "docs", b"\xff\xfedir/p.md", b"# p\n")
    result = site.check()
    assert "Traceback" not in result.err and result.code == 1, result.err[-2000:] + result.out
    for shown in ("docs/\\xff\\xfebad.md", "docs/\\xffx.txt", "docs/\\xff\\xfedir"):
        assert any(ln.startswith(f"{shown}:1: 文件: ") and NOT_UTF8 in ln for ln in result.lines), result.out
    built = site.build()
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    assert "docs/\\xff\\xfebad.md:1: 文件: " in built.err and "docs/\\xff\\xfedir:1: 文件: " in built.err, built.err
    assert "a.png" not in built.err and no_surrogates(built.err), built.err  # the folder is named, not what MkDocs listed in it
    assert (site.out / "cases/good-one/index.html").is_file() and (site.out / "about/index.html").is_file()
    published = [os.fsencode(p) for p in site.out.rglob("*")]
    assert not any(b"\xff" in p or b"\xfe" in p for p in published), published


def test_names_not_utf8_in_data_are_reported(site):
    site.write("cases/good-one/index.md", VALID_CASE)
    bad(site, "data", b"\xff\xfe.yml", b"a: 1\n")
    bad(site, "data/rounds", b"\xfb.yml", b"a: 1\n")
    result = site.check()
    assert "Traceback" not in result.err and result.code == 1, result.err[-2000:] + result.out
    assert any(ln.startswith("data/\\xff\\xfe.yml:1: 文件: ") and NOT_UTF8 in ln for ln in result.lines), result.out
    assert any(ln.startswith("data/rounds/\\xfb.yml:1: 文件: ") for ln in result.lines), result.out
    built = site.build("-q")
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    assert (site.out / "cases/good-one/index.html").is_file()


def test_import_names_a_document_whose_name_is_not_utf8_and_imports_the_others(site):
    site.write("inbox/README.md", "收件箱\n")
    site.write("inbox/好.docx", minimal_docx("一名学生的案例"))
    bad(site, "inbox", b"\xff\xfe.docx", minimal_docx("另一个案例"))
    checked = run([bin_path("xinyu"), "import", "--check", "inbox"], site.root)
    assert "Traceback" not in checked.err and checked.code == 1, checked.err[-2000:]
    assert any(ln.startswith("inbox/\\xff\\xfe.docx:1: 文件: ") and NOT_UTF8 in ln for ln in checked.lines), checked.out
    assert any(ln.startswith("inbox/好.docx:") for ln in checked.lines), checked.out
    imported = run([bin_path("xinyu"), "import", "inbox"], site.root)
    assert "Traceback" not in imported.err and imported.code == 1, imported.err[-2000:]
    assert "inbox/\\xff\\xfe.docx" in imported.out and NOT_UTF8 in imported.out, imported.out
    assert "导入了 1/2 个文件" in imported.out, imported.out
    assert len(list((site.root / "cases").glob("*/index.md"))) == 1


def test_serve_reports_names_not_utf8_in_docs_and_in_a_case_folder_it_watches(site):
    from conftest import free_port

    site.write("cases/good-one/index.md", VALID_CASE)
    bad(site, "docs", b"\xff\xfebad.md", b"# bad\n")
    bad(site, "docs", b"\xff\xfedir/a.png", b"x")
    server = Server(site.root, port=free_port())
    try:
        server.wait(lambda: any("预览地址" in line for line in server.output), timeout=300, every=0.2)
        first = "\n".join(server.output)
        assert "docs/\\xff\\xfebad.md:1: 文件: " in first and "docs/\\xff\\xfedir:1: 文件: " in first, first
        bad(site, "cases/good-one", b"\xff\xfe.png", b"x")
        server.wait(lambda: any("cases/good-one/\\xff\\xfe.png:1: 文件: " in line for line in server.output), timeout=300, every=0.2)
        server.wait(lambda: sum("网站构建完成" in line for line in server.output) >= 2, timeout=300, every=0.2)
    finally:
        server.stop()
    log = "\n".join(server.output)
    assert "Traceback" not in log and "a.png" not in log and no_surrogates(log), log[-3000:]


ROUND = """\
      rounds:
        "2025":
          title: 2025年度优秀案例评选
          criteria:
            - {name: 过程与方法, max: 40}
          notice_days: abc
"""


def test_a_rounds_option_of_the_wrong_type_is_named_and_the_site_builds(site):
    site.write("mkdocs.yml", MINIMAL_CONFIG + ROUND)
    site.write("cases/good-one/index.md", VALID_CASE)
    line = (MINIMAL_CONFIG + ROUND).splitlines().index("          notice_days: abc") + 1
    result = site.check()
    assert "Traceback" not in result.err and result.code == 1, result.err[-2000:] + result.out
    assert any(ln.startswith(f"mkdocs.yml:{line}: rounds.2025.notice_days: ") and "整数" in ln for ln in result.lines), result.out
    built = site.build("-q")
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    assert (site.out / "cases/good-one/index.html").is_file()
    status = run([bin_path("xinyu"), "round", "status", "2025"], site.root)
    assert "Traceback" not in status.err and "notice_days" in status.err and status.code != 0, status.err[-2000:]


SCHOOLS = """\
xx区实验中学: [实验中学]
xx区第一中学: [一中]
xx区坏学校: {a: 1}
[列表, 名字]: []
xx区实验中学: [重复]
xx区<b>标记</b>小学: []
xx区第二小学: [一中]
"  ": []
"""


def test_bad_entries_of_the_schools_list_are_located_and_the_site_builds(site):
    site.write("data/schools.yml", SCHOOLS)
    site.write("cases/good-one/index.md", VALID_CASE)
    result = site.check()
    assert "Traceback" not in result.err and result.code == 1, result.err[-2000:] + result.out
    lines = [ln for ln in result.lines if ln.startswith("data/schools.yml:")]
    for number in (3, 4, 5, 6, 7, 8):
        assert any(ln.startswith(f"data/schools.yml:{number}: ") for ln in lines), result.out
    built = site.build("-q")
    assert built.code == 0 and "Traceback" not in built.err, built.err[-3000:]
    assert (site.out / "cases/good-one/index.html").is_file()
    from xinyu.content.schools import load_schools

    schools, _problems = load_schools("data/schools.yml", site.root)
    assert schools is not None and "xx区第一中学" in schools.names and "xx区第二小学" in schools.names
    assert not any("<" in name or not name.strip() for name in schools.names), schools.names  # those entries dropped
