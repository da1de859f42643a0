"""Real `mkdocs build` runs in temporary folders: pages, attachments, drafts, errors, catalog."""

from __future__ import annotations

import json
import re

import pytest

from conftest import VALID_CASE, minimal_docx, minimal_pdf


def case(**changes: str) -> str:
    text = VALID_CASE
    for key, value in changes.items():
        lines = [ln for ln in text.splitlines() if not ln.startswith(f"{key}:")]
        if value is not None:
            lines.insert(1, f"{key}: {value}")
        text = "\n".join(lines) + "\n"
    return text


@pytest.fixture
def built(site):
    site.write("cases/good-case/index.md", case(attachments="[{file: 情绪温度计.pdf, title: 情绪温度计}]", tags="[考试焦虑]"))
    site.write("cases/good-case/情绪温度计.pdf", minimal_pdf())
    site.write("cases/good-case/photo.png", b"\x89PNG\r\n\x1a\n")
    site.write("cases/draft-case/index.md", case(status="draft", title="草稿中的秘密案例", attachments="[{file: secret.pdf}]"))
    site.write("cases/draft-case/secret.pdf", minimal_pdf())
    site.write("cases/broken-case/index.md", case(date="2024-02-30", title="日期错误的案例"))
    site.write("docs/courses/flat-lesson.md", """\
        ---
        title: 认识情绪
        summary: 初一情绪单元第一课。
        date: 2024-03
        topics: 情绪
        grade: [初一, 初二]
        authors: [李老师]
        school: xx区实验中学
        kind: 教学设计
        series: 初一·情绪单元
        order: 1
        attachments: [{file: flat-lesson-worksheet.docx, title: 学习单}]
        ---
        ## 教学目标

        认识基本情绪。
        """)
    site.write("docs/courses/flat-lesson-worksheet.docx", minimal_docx())
    result = site.build()
    return site, result


def test_valid_items_become_pages_at_contract_urls(built):
    site, result = built
    assert result.code == 0, result.err
    assert (site.out / "cases/good-case/index.html").is_file()
    assert (site.out / "courses/flat-lesson/index.html").is_file()
    assert (site.out / "cases/index.html").is_file()


def test_attachments_are_copied_and_listed(built):
    site, _ = built
    assert (site.out / "cases/good-case/情绪温度计.pdf").is_file()
    assert (site.out / "cases/good-case/photo.png").is_file()
    assert (site.out / "courses/flat-lesson/flat-lesson-worksheet.docx").is_file()
    html = (site.out / "cases/good-case/index.html").read_text(encoding="utf-8")
    assert "情绪温度计.pdf" in html and "附件下载" in html


def test_invalid_item_is_reported_and_left_out(built):
    site, result = built
    assert re.search(r"WARNING .*cases/broken-case/index\.md:\d+: date: ", result.err), result.err
    assert not (site.out / "cases/broken-case").exists()
    assert "日期错误的案例" not in (site.out / "cases/index.html").read_text(encoding="utf-8")


def test_draft_appears_nowhere(built):
    site, _ = built
    assert not (site.out / "cases/draft-case").exists()
    for path in site.out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert "draft-case" not in text and "草稿中的秘密案例" not in text, path


def test_catalog_is_normalised(built):
    site, _ = built
    items = {i["slug"]: i for i in site.catalog()}
    assert set(items) == {"good-case", "flat-lesson"}
    good = items["good-case"]
    assert good["collection"] == "cases" and good["url"] == "cases/good-case/"
    assert good["grade"] == ["初中"]  # 初一 is stored as its 学段
    assert good["topics"] == ["情绪调适"] and good["tags"] == ["考试焦虑"] and good["authors"] == ["王老师"]
    lesson = items["flat-lesson"]
    assert lesson["grade"] == ["初中"] and lesson["topics"] == ["情绪调适"] and lesson["tags"] == []


def test_catalog_csv_opens_in_excel(built):
    site, _ = built
    raw = (site.out / "catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "用情绪温度计帮助初一学生识别情绪" in raw.decode("utf-8-sig")


def test_strict_fails_on_content_errors(built):
    site, _ = built
    result = site.build("--strict")
    assert result.code != 0
    assert "cases/broken-case/index.md" in result.err


def test_strict_passes_when_clean(site):
    site.write("cases/good-case/index.md", VALID_CASE)
    result = site.build("--strict")
    assert result.code == 0, result.err


def test_no_traceback_on_unreadable_front_matter(site):
    site.write("cases/bad/index.md", "---\ntitle: [\n---\n")
    site.write("cases/good-case/index.md", VALID_CASE)
    result = site.build()
    assert result.code == 0 and "Traceback" not in result.err
    assert "cases/bad/index.md:" in result.err
    assert (site.out / "cases/good-case/index.html").is_file()


def test_script_in_body_never_reaches_reader(site):
    site.write("cases/hostile/index.md", VALID_CASE + '\n<script>alert(1)</script>\n\n<a href="javascript:alert(2)" onclick="x()">点我</a>\n')
    site.build()
    page = site.out / "cases/hostile/index.html"
    if page.exists():
        html = page.read_text(encoding="utf-8")
        assert "alert(1)" not in html and "javascript:alert" not in html and 'onclick="x()"' not in html


def test_metadata_is_escaped(site):
    # Markup is refused by check (tests/test_escape_check.py) and escaped anyway (tests/test_escape_output.py).
    site.write("cases/esc/index.md", case(school="'家校 & \"社区\" <60'"))
    site.build()
    html = (site.out / "cases/esc/index.html").read_text(encoding="utf-8")
    assert "家校 &amp; &#34;社区&#34; &lt;60" in html


def test_taxonomy_and_people_pages(site):
    site.write("data/authors.yml", "zhou-min:\n  name: 周敏\n  title: 名师工作室主持人\n  school: xx区教师进修学院\n")
    site.write("cases/good-case/index.md", case(authors="[zhou-min]"))
    site.build()
    assert (site.out / "cases/grade/chu-zhong/index.html").is_file()
    assert (site.out / "cases/topics/qing-xu-tiao-shi/index.html").is_file()
    person = (site.out / "people/zhou-min/index.html").read_text(encoding="utf-8")
    assert "名师工作室主持人" in person and "cases/good-case/" in person


def test_properdocs_builds_the_same_site(site):
    site.write("cases/good-case/index.md", VALID_CASE)
    result = site.build(engine="properdocs")
    if "No such file" in result.err or result.code == 127:
        pytest.skip("properdocs 未安装")
    assert result.code == 0, result.err
    assert (site.out / "cases/good-case/index.html").is_file()
    assert json.loads((site.out / "catalog.json").read_text(encoding="utf-8"))["items"][0]["slug"] == "good-case"


def test_edit_link_points_at_the_source_in_the_repository(site):
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", config + "repo_url: https://git.example.test/district/library\nedit_uri: -/edit/main/docs/\n")
    site.write("cases/good-case/index.md", VALID_CASE)
    site.build()
    html = (site.out / "cases/good-case/index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.test/district/library/-/edit/main/cases/good-case/index.md"' in html


def test_statistics_for_a_district_report(built):
    site, _ = built
    stats = json.loads((site.out / "statistics.json").read_text(encoding="utf-8"))
    assert stats["total"] == 2 and stats["by_school"] == {"xx区实验中学": 2} and stats["by_type"] == {"个体辅导": 1}
    table = (site.out / "statistics.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert table[0] == "分类,项目,数量" and "学校,xx区实验中学,2" in table and "案例类型,个体辅导,1" in table
