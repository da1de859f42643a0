"""The contributor guide's field reference: generated from the schemas and vocabulary, never stale."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, Site, bin_path
from xinyu.content import load_library, load_site
from xinyu.content.guide import END_MARKER, MARKER, field_reference_markdown, replace_marker


@pytest.fixture(scope="module")
def library():
    return load_library(load_site(ROOT / "mkdocs.yml"), only=set())


def test_every_field_of_every_collection_has_a_row(library):
    text = field_reference_markdown(library)
    for name, spec in library.site.collections.items():
        assert f"{spec.label}（{name}）" in text
        for field in library.schemas[name].properties:
            assert f"| `{field}` |" in text, field
    assert "| `award.level` | 是（写 award 时） |" in text
    assert "| `grade` | 是 | “学段”中的一项或多项" in text


def test_vocabulary_terms_and_aliases_are_listed(library):
    text = field_reference_markdown(library)
    for terms in library.vocabulary.lists.values():
        for term in terms.terms:
            assert f"| {term} |" in text
    assert "初一、初二、初三" in text  # aliases of 初中


def test_every_table_row_has_five_cells(library):
    for line in field_reference_markdown(library).splitlines():
        if line.startswith("| `"):
            assert line.replace("\\|", "").count("|") == 6, line


def test_templates_in_the_reference_pass_check_once_the_contributor_confirms(library, site: Site):
    """The templates shown to web contributors are what xinyu new writes. Anonymisation is the contributor's own
    word: the case template says false, check says what to do, and the template is valid once they write true."""
    text = field_reference_markdown(library)
    blocks = [b.split("```", 1)[0] for b in text.split("```markdown\n")[1:]]
    assert len(blocks) == len(library.site.collections)
    case = blocks[0].replace("authors: [zhou-min]", "authors: [王老师]")
    assert "anonymized: true" not in case and "\nanonymized: false\n" in case
    site.write("cases/template/index.md", case)
    line = case.splitlines().index("anonymized: false") + 1
    result = site.check()
    assert result.code == 1 and [ln for ln in result.lines if ": 警告" not in ln and ln.startswith("cases/")] == [
        ln for ln in result.lines if ln.startswith(f"cases/template/index.md:{line}: anonymized: ") and "anonymized: true" in ln
    ], result.out
    site.write("cases/template/index.md", case.replace("anonymized: false", "anonymized: true"))
    result = site.check()
    assert result.code == 0, result.out


def test_marker_replacement_is_idempotent():
    page = f"# 指南\n\n{MARKER}\n\n## 给维护者\n"
    once = replace_marker(page, "表格一\n")
    assert once == f"# 指南\n\n{MARKER}\n\n表格一\n\n{END_MARKER}\n\n## 给维护者\n"
    assert replace_marker(once, "表格一\n") == once
    assert "表格一" not in replace_marker(once, "表格二\n")


def test_site_page_has_the_marker():
    assert MARKER in (ROOT / "docs/contribute/index.md").read_text(encoding="utf-8")


def test_contributing_md_is_up_to_date():
    proc = subprocess.run(
        [bin_path("xinyu"), "guide", "--check", "CONTRIBUTING.md"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 0, "CONTRIBUTING.md 已过期：运行 xinyu guide --out CONTRIBUTING.md 后提交。\n" + proc.stderr


def test_guide_check_notices_a_stale_file(tmp_path):
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").replace("| 初中 |", "| 初中阶段 |"), encoding="utf-8")
    proc = subprocess.run([bin_path("xinyu"), "guide", "--check", str(stale)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1
    assert "已过期" in proc.stderr
