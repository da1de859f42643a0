"""The annual case selection end to end: Word submissions → import → status → packets → scores → results → site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, Site, bin_path

sys.path.insert(0, str(ROOT / "scripts"))
from docx_samples import Submission, round_submissions, write  # noqa: E402
from round_demo import fill_sheets, fix_drafts, leaked_names  # noqa: E402
from xinyu.rounds.results import write_award  # noqa: E402

ROUND = """\
    rounds:
      "2025":
        title: 2025年度优秀案例评选
        level: 区级
        reviewers_per_submission: 2
        reviewers:
          - {name: 评委一, school: xx区第一中学}
          - {name: 评委二, school: xx区实验小学}
          - {name: 评委三, school: 区指导中心}
        criteria:
          - {name: 主题与理念, max: 20}
          - {name: 过程与方法, max: 40}
          - {name: 效果与反思, max: 40}
        quotas: {一等奖: 1, 二等奖: 2}
        spread: 15
        notice_days: 7
"""


def xinyu(site: Site, *args: str, today: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, XINYU_TODAY=today) if today else None
    return subprocess.run([bin_path("xinyu"), *args], cwd=site.root, capture_output=True, text=True, encoding="utf-8", env=env)


def round_site(site: Site) -> Site:
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - xinyu:\n", "  - xinyu:\n" + textwrap.indent(ROUND, "  "))
    site.write("mkdocs.yml", config + "markdown_extensions:\n  - footnotes\n  - tables\n")
    return site


def build_on(site: Site, day: str):
    env = dict(os.environ, XINYU_TODAY=day, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([bin_path("mkdocs"), "build", "--strict"], cwd=site.root, capture_output=True, text=True, encoding="utf-8", env=env)
    assert proc.returncode == 0, proc.stderr
    return {i["slug"]: i for i in site.catalog()}, (site.out / "rounds/2025/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_round_from_word_files_to_winners_on_the_site(site: Site, tmp_path: Path):
    round_site(site)
    subs = round_submissions(5)
    for i, sub in enumerate(subs):
        write(tmp_path / "收稿" / f"{sub.school}-{sub.authors[0]}-{i}.docx", sub)
    imported = xinyu(site, "import", str(tmp_path / "收稿"), "--round", "2025")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert fix_drafts(site.root) == 5  # what a maintainer fills in after reading `round status`

    status = xinyu(site, "round", "status", "2025")
    assert status.returncode == 0 and "5 篇参评" in status.stdout and "按学校" in status.stdout

    packets = tmp_path / "评审材料"
    made = xinyu(site, "round", "packets", "2025", "--out", str(packets))
    assert made.returncode == 0, made.stderr
    names = sorted({n for s in subs for n in s.authors} | {s.school for s in subs} | {s.property_author for s in subs} | {"王建国"})
    assert leaked_names(packets, names) == []  # no packet contains an author's or school's name
    assert len(list(packets.glob("20*/index.html"))) == 5 and (packets / "index.html").is_file()
    state = (site.root / "data/rounds/2025.yml").read_text(encoding="utf-8")
    codes = dict(re.findall(r"(2025-\d{3}): (cases/\S+)", state))
    schools = {f"cases/{p.parent.name}": re.search(r"^school: (.+)$", p.read_text(encoding="utf-8"), re.M).group(1) for p in (site.root / "cases").glob("*/index.md")}
    own = {"评委一": "xx区第一中学", "评委二": "xx区实验小学"}
    for reviewer, school in own.items():
        from openpyxl import load_workbook

        sheet = load_workbook(packets / f"评分表-{reviewer}.xlsx")["评分"]
        assert all(schools[codes[row[0].value]] != school for row in sheet.iter_rows(min_row=2))  # never their own school

    sheets = fill_sheets(packets)
    results = xinyu(site, "round", "results", "2025", *map(str, sheets), "--date", "2025-07-01")
    assert results.returncode == 0, results.stdout + results.stderr
    assert "名次" in results.stdout and "一等奖" in results.stdout
    awarded = {p.parent.name: re.search(r"^award: (.+)$", p.read_text(encoding="utf-8"), re.M) for p in (site.root / "cases").glob("*/index.md")}
    winners = {slug for slug, m in awarded.items() if m}
    assert len(winners) == 3

    catalog, page = build_on(site, "2025-07-03")
    assert "公示中" in page and "2025年度优秀案例评选结果" in page
    assert not winners & set(catalog)  # during the notice the winners are still drafts
    catalog, page = build_on(site, "2025-07-09")
    assert not winners & set(catalog)  # the notice period is over, but the files still say draft
    assert xinyu(site, "round", "publish", "2025", today="2025-07-09").returncode == 0
    catalog, page = build_on(site, "2025-07-09")
    assert winners <= set(catalog) and not (set(awarded) - winners) & set(catalog)  # the others stay drafts
    assert {catalog[s]["award"]["rank"] for s in winners} == {"一等奖", "二等奖"}
    assert "公示中" not in page and all(f"cases/{s}/" in page for s in winners)
    assert "共收到参评案例 <strong>5</strong> 篇" in page


def test_results_report_out_of_range_and_missing_scores_and_write_nothing(site: Site, tmp_path: Path):
    from openpyxl import load_workbook

    round_site(site)
    write(tmp_path / "a.docx", Submission())
    write(tmp_path / "b.docx", Submission(title="第二篇案例", school="xx区实验小学", authors=["刘静怡"]))
    assert xinyu(site, "import", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"), "--round", "2025").returncode == 0
    fix_drafts(site.root)
    assert xinyu(site, "round", "packets", "2025", "--out", str(tmp_path / "p")).returncode == 0
    sheets = fill_sheets(tmp_path / "p")
    book = load_workbook(sheets[0])
    book["评分"]["C2"] = 25  # over 主题与理念's 20
    book["评分"]["D2"] = None
    book.save(sheets[0])
    before = {p: p.read_text(encoding="utf-8") for p in (site.root / "cases").glob("*/index.md")}
    proc = xinyu(site, "round", "results", "2025", *map(str, sheets[:-1]))
    assert proc.returncode == 1
    assert "超出范围（0–20）" in proc.stderr and "缺少“过程与方法”的分数" in proc.stderr
    assert f"缺少评委“{sheets[-1].stem.removeprefix('评分表-')}”的评分表" in proc.stderr
    assert "未写入获奖信息" in proc.stderr
    assert before == {p: p.read_text(encoding="utf-8") for p in (site.root / "cases").glob("*/index.md")}


def test_disagreement_beyond_the_spread_is_flagged(site: Site, tmp_path: Path):
    from openpyxl import load_workbook

    round_site(site)
    write(tmp_path / "a.docx", Submission(school="xx区第二中学"))
    xinyu(site, "import", str(tmp_path / "a.docx"), "--round", "2025")
    fix_drafts(site.root)
    xinyu(site, "round", "packets", "2025", "--out", str(tmp_path / "p"))
    sheets = fill_sheets(tmp_path / "p")
    low = next(s for s in sheets if load_workbook(s)["评分"].max_row > 1)
    book = load_workbook(low)
    for cell in book["评分"][2][2:5]:
        cell.value = 5
    book.save(low)
    proc = xinyu(site, "round", "results", "2025", *map(str, sheets), "--dry-run")
    assert "分歧：2025-001" in proc.stderr


def test_award_is_written_keeping_comments_order_and_formatting(tmp_path: Path):
    text = (
        "---\n# 标题的说明\ntitle: 案例  # 行尾注释\ndate: 2025-03-15\ngrade: [初中]\nauthors:\n  - 陈思雨\n"
        "summary: '带引号的摘要'\nround: '2025'\n---\n\n正文\n"
    )
    path = tmp_path / "index.md"
    path.write_text(text, encoding="utf-8")
    write_award(path, "区级", "一等奖", 2025)
    after = path.read_text(encoding="utf-8")
    assert after == text.replace("round: '2025'\n", "round: '2025'\naward: {level: 区级, rank: 一等奖, year: 2025}\n")
    write_award(path, "区级", "二等奖", 2025)
    assert path.read_text(encoding="utf-8").count("award:") == 1 and "rank: 二等奖" in path.read_text(encoding="utf-8")


def test_attachments_in_packets_lose_names_properties_and_exif(site: Site, tmp_path: Path):
    import docx

    round_site(site)
    write(tmp_path / "a.docx", Submission())
    xinyu(site, "import", str(tmp_path / "a.docx"), "--round", "2025")
    fix_drafts(site.root)
    [item] = (site.root / "cases").glob("*/index.md")
    attachment = docx.Document()
    attachment.add_paragraph("记录人：陈思雨（xx区第一中学）")
    attachment.core_properties.author = "陈思雨"
    attachment.save(item.parent / "陈思雨的记录表.docx")
    text = item.read_text(encoding="utf-8").replace("round: '2025'", "round: '2025'\nattachments: [{file: 陈思雨的记录表.docx, title: 陈思雨的记录表}]")
    item.write_text(text, encoding="utf-8")
    assert xinyu(site, "round", "packets", "2025", "--out", str(tmp_path / "p")).returncode == 0
    files = [p.name for p in (tmp_path / "p" / "2025-001").iterdir()]
    assert "附件1.docx" in files and not any("陈思雨" in f for f in files)
    assert leaked_names(tmp_path / "p", ["陈思雨", "xx区第一中学", "李明华"]) == []
    with zipfile.ZipFile(tmp_path / "p" / "2025-001" / "附件1.docx") as archive:
        assert "（作者）" in archive.read("word/document.xml").decode("utf-8")


def test_a_name_split_across_runs_leaves_no_office_attachment(tmp_path: Path):
    """Word splits text into runs wherever formatting or an edit changed (陈|思雨, xx区|第一|中学); Excel's rich text too.
    The blind copy has no name in the joined text of any paragraph, and keeps the runs' formatting and the other text."""
    import docx
    from openpyxl import Workbook, load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from xinyu.rounds.scrub import Blind

    blind = Blind.of(["陈思雨"], "xx区第一中学")
    document = docx.Document()
    paragraph = document.add_paragraph("记录人：")
    paragraph.add_run("陈").bold = True
    paragraph.add_run("思雨（xx区")
    paragraph.add_run("第一中学").italic = True
    paragraph.add_run("）& 小A <同学>")
    document.add_paragraph("陈老师说：")
    document.save(tmp_path / "a.docx")
    out = tmp_path / "b.docx"
    out.write_bytes(blind.office((tmp_path / "a.docx").read_bytes()))
    texts = [p.text for p in docx.Document(out).paragraphs]
    assert texts == ["记录人：（作者）（（学校））& 小A <同学>", "（作者）说："], texts
    assert [r.bold for r in docx.Document(out).paragraphs[0].runs][:2] == [None, True]

    book = Workbook()
    book.active["A1"] = CellRichText(["填表：", TextBlock(InlineFont(b=True), "陈思"), "雨"])
    book.save(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_bytes(blind.office((tmp_path / "a.xlsx").read_bytes()))
    assert str(load_workbook(tmp_path / "b.xlsx", rich_text=True).active["A1"].value) == "填表：（作者）"
    assert sorted(leaked_names(tmp_path, ["陈思雨"])) == ["a.docx: 陈思雨", "a.xlsx: 陈思雨"]  # the check sees through runs too


def test_blind_text_takes_out_every_way_a_case_writes_its_authors_and_school():
    """Compound surnames, given names with a title or alone, and every alias the school list gives the school."""
    from xinyu.rounds.scrub import Blind

    schools = {"xx区第一中学": "xx区第一中学", "区一中": "xx区第一中学", "一中": "xx区第一中学", "区二小": "xx区第二小学"}
    blind = Blind.of(["欧阳明月", "林静"], "xx区第一中学", schools=schools)
    text = "欧阳老师（大家叫我明月老师）和明月、静老师、林主任在第一中学、区一中和一中工作；区二小的同事来听课。"
    assert blind.text(text) == (
        "（作者）（大家叫我（作者））和（作者）、（作者）、（作者）在（学校）、（学校）和（学校）工作；区二小的同事来听课。"
    )
    assert Blind.of(["Anna Lee", "王老师"], "").names == {"Anna Lee": "（作者）", "王老师": "（作者）"}


def test_import_round_must_be_configured(site: Site, tmp_path: Path):
    write(tmp_path / "a.docx", Submission())
    proc = xinyu(site, "import", str(tmp_path / "a.docx"), "--round", "2030")
    assert proc.returncode == 2 and "rounds 中没有评选“2030”" in proc.stderr
    assert not (site.root / "cases").exists()


def test_catalog_reports_the_round_and_award_of_a_published_winner(site: Site, tmp_path: Path):
    """A winner's award reaches catalog.json like any award (the facet browser reads it)."""
    round_site(site)
    write(tmp_path / "a.docx", Submission())
    xinyu(site, "import", str(tmp_path / "a.docx"))
    fix_drafts(site.root)
    [item] = (site.root / "cases").glob("*/index.md")
    item.write_text(item.read_text(encoding="utf-8").replace("anonymized:\n", "anonymized: true\n"), encoding="utf-8")
    write_award(item, "区级", "一等奖", 2025)
    assert site.build("--strict").code == 0
    [entry] = site.catalog()
    assert entry["award"] == {"level": "区级", "rank": "一等奖", "year": 2025}


STATE_AFTER_RESULTS = """\
# 2025年度优秀案例评选：评审编号、分配与结果。
codes: {2025-001: cases/winner, 2025-002: cases/other}
assignments: {}
results:
  announced: '2025-07-01'
  notice_until: '2025-07-08'
  submissions: 2
  ranking:
    - {place: 1, code: 2025-001, key: cases/winner, title: 获奖的案例, school: xx区实验中学, authors: [王老师], award: 一等奖}
    - {place: 2, code: 2025-002, key: cases/other, title: 未获奖的案例, school: xx区实验中学, authors: [王老师], award: ''}
"""


def decided_round(site: Site, valid_case: str) -> tuple[Path, Path]:
    """A round whose results are in: the winner and the other submission are drafts, the winner has its award."""
    round_site(site)
    submission = valid_case.replace("type: 个体辅导\n", "type: 个体辅导\nstatus: draft  # 评选结束前不发布\nround: '2025'\n")
    winner = site.write("cases/winner/index.md", submission.replace("title: 用情绪", "title: 获奖的案例：用情绪"))
    write_award(winner, "区级", "一等奖", 2025)
    other = site.write("cases/other/index.md", submission.replace("title: 用情绪", "title: 未获奖的案例：用情绪"))
    site.write("data/rounds/2025.yml", STATE_AFTER_RESULTS)
    return winner, other


def test_after_the_notice_period_the_winners_wait_for_one_command_that_publishes_them(site: Site, valid_case: str):
    """Drafts appear nowhere until their files say published; check, round status and the build say when the notice
    period has ended and which command writes status: published (comments and everything else kept)."""
    winner, other = decided_round(site, valid_case)
    catalog, page = build_on(site, "2025-07-09")
    assert catalog == {}, "a file that says draft is not published"
    assert 'href="../../cases/winner/"' not in page and "尚未发布" in page
    # A draft appears nowhere, the results page and the home page included: not its title, school or authors.
    assert "还有 1 篇获奖案例尚未发布" in page
    assert not [f for f in site.out.rglob("*") if f.is_file() and "获奖的案例".encode() in f.read_bytes()]

    line = winner.read_text(encoding="utf-8").split("\n").index("status: draft  # 评选结束前不发布") + 1
    checked = xinyu(site, "check", today="2025-07-09")
    reminder = [ln for ln in checked.stdout.splitlines() if ln.startswith(f"cases/winner/index.md:{line}: status: 警告：")]
    assert reminder and "2025-07-08" in reminder[0] and "round publish 2025" in reminder[0], checked.stdout
    assert checked.returncode == 0 and "cases/other/index.md" not in checked.stdout
    assert "status:" not in xinyu(site, "check", today="2025-07-05").stdout  # during the notice: nothing to do yet
    status = xinyu(site, "round", "status", "2025", today="2025-07-09")
    assert "公示期已于 2025-07-08 结束" in status.stdout and "round publish 2025" in status.stdout

    early = xinyu(site, "round", "publish", "2025", today="2025-07-05")
    assert early.returncode == 1 and "2025-07-08" in early.stderr
    before_winner, before_other = winner.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
    published = xinyu(site, "round", "publish", "2025", today="2025-07-09")
    assert published.returncode == 0, published.stdout + published.stderr
    after = winner.read_text(encoding="utf-8")
    assert re.search(r"^status: published +# 评选结束前不发布$", after, re.M)  # the comment stays
    assert [ln for ln in after.split("\n") if not ln.startswith("status:")] == [
        ln for ln in before_winner.split("\n") if not ln.startswith("status:")
    ]
    assert other.read_text(encoding="utf-8") == before_other  # not a winner: stays a draft
    again = xinyu(site, "round", "publish", "2025", today="2025-07-09")
    assert again.returncode == 0 and winner.read_text(encoding="utf-8") == after

    catalog, page = build_on(site, "2025-07-09")
    assert set(catalog) == {"winner"} and 'href="../../cases/winner/"' in page
    assert "status:" not in xinyu(site, "check", today="2025-07-09").stdout


def test_a_withdrawn_winner_is_on_no_results_page(site: Site, valid_case: str):
    """Taken down at a family's request: its title, authors and school leave the results page (the home's winners
    block reads the same view, rounds.publish.results_view)."""
    winner, _ = decided_round(site, valid_case)
    assert xinyu(site, "round", "publish", "2025", today="2025-07-09").returncode == 0
    catalog, page = build_on(site, "2025-07-09")
    assert "winner" in catalog and "获奖的案例" in page
    winner.write_text("---\nstatus: withdrawn\nwithdrawn_date: 2025-08-01\n---\n", encoding="utf-8")
    catalog, page = build_on(site, "2025-08-02")
    assert "winner" not in catalog and "获奖的案例" not in page
    assert "共收到参评案例 <strong>2</strong> 篇" in page  # the round's counts stay
    # Deleted instead (or renamed): it leaves the page as well, and check says where the round's record names it.
    shutil.rmtree(winner.parent)
    catalog, page = build_on(site, "2025-08-02")
    assert "获奖的案例" not in page
    told = [ln for ln in xinyu(site, "check", today="2025-08-02").stdout.splitlines() if "results.ranking[0].key" in ln]
    assert len(told) == 1 and told[0].startswith("data/rounds/2025.yml:") and "cases/winner" in told[0] and "withdrawn" in told[0], told


HAND_EDITS = [
    ("submissions: 2", "submissions: 九", "results.submissions"),
    ("notice_until: '2025-07-08'", "notice_until: 2025-13-45", "results.notice_until"),
    ("announced: '2025-07-01'", "announced: \"<script>alert('a')</script>\"", "results.announced"),
    ("  ranking:\n", "  ranking: 5\n  was_ranking:\n", "results.ranking"),
    ("results:\n", "results: [1, 2]\nwas_results:\n", "results"),
    ("codes: {2025-001: cases/winner, 2025-002: cases/other}", "codes: [a, b]", "codes"),
    ("    - {place: 2, code: 2025-002,", "    - just a string\n    - {place: 2, code: 2025-002,", "results.ranking[1]"),
    ("award: ''}", "award: 金奖}", "results.ranking[1].award"),
    ("submissions: 2", "submissions: 1" + "0" * 5000, "元数据"),
    ("authors: [王老师], award: ''", "authors: [林浩宇, '13812345678'], award: ''", "results.ranking[1].authors"),
    ("authors: [王老师], award: ''", "authors: [林浩宇, 13812345678], award: ''", "results.ranking[1].authors"),
]


# One of each kind of problem goes on through the build and the round commands: a value of another type, a name and a
# phone number for the privacy guard, a file the data-file reader refuses.
SHOWN_BY_BUILD = {"results.submissions", "results.ranking[1].authors", "元数据"}


@pytest.mark.parametrize(("old", "new", "field"), HAND_EDITS, ids=[f"{i}-{f}" for i, (_, _, f) in enumerate(HAND_EDITS)])
def test_a_hand_edited_round_record_is_told_at_its_line_and_never_published_as_is(site: Site, valid_case: str, old, new, field):
    """data/rounds/<名称>.yml is written by xinyu round; a value changed by hand to another type, a date that is no
    date, a real name or a phone number is an error at its line (check, build, round status: never a traceback),
    the results page waits for the fix, and a round command does not write the record back without it."""
    decided_round(site, valid_case)
    record = site.root / "data/rounds/2025.yml"
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.replace(old, new, 1).split(new.split("\n")[0], 1)[0].count("\n") + 1
    checked = xinyu(site, "check", today="2025-07-09")
    assert "Traceback" not in checked.stderr and checked.returncode == 1, checked.stderr
    assert any(ln.startswith(f"data/rounds/2025.yml:{line}: {field}") for ln in checked.stdout.splitlines()), (line, checked.stdout)
    if field not in SHOWN_BY_BUILD:
        return  # the build and the round commands read the record through the same reader: a few cases show it
    env = dict(os.environ, XINYU_TODAY="2025-07-09", NO_MKDOCS_2_WARNING="1")
    built = subprocess.run([bin_path("mkdocs"), "build"], cwd=site.root, capture_output=True, text=True, encoding="utf-8", env=env)
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.out.rglob("*") if p.suffix in (".html", ".json", ".js", ".xml"))
    assert "13812345678" not in published and "林浩宇" not in published and "alert('a')" not in published
    assert not (site.out / "rounds/2025/index.html").exists()
    status = xinyu(site, "round", "status", "2025", today="2025-07-09")
    assert "Traceback" not in status.stderr, status.stderr
    publish = xinyu(site, "round", "publish", "2025", today="2025-07-09")
    assert record.read_text(encoding="utf-8") == text.replace(old, new, 1)  # never written back without what it held
    if "林浩宇" not in new:  # a value the commands cannot read: they stop (a name is the results page's to hold back)
        assert publish.returncode == 1 and "从 git 历史中恢复" in publish.stderr, publish.stderr


def test_an_item_in_a_round_the_site_does_not_configure_is_told(site: Site, valid_case: str):
    """round: 2099 (a typo, or a round not set up yet) puts the case in no round: a warning at its line naming the
    rounds there are, before any is configured and after."""
    case = valid_case.replace("type: 个体辅导\n", "type: 个体辅导\nround: '2099'\n")
    path = site.write("cases/typo/index.md", case)
    line = case.split("\n").index("round: '2099'") + 1
    for configured, known in ((False, "本站还没有配置任何评选"), (True, "本站配置的评选：2025")):
        if configured:
            round_site(site)
        checked = xinyu(site, "check")
        told = [ln for ln in checked.stdout.splitlines() if ln.startswith(f"cases/typo/index.md:{line}: round: 警告：")]
        assert len(told) == 1 and "“2099”" in told[0] and known in told[0], checked.stdout
        assert checked.returncode == 0
    path.write_text(case.replace("'2099'", "'2025'"), encoding="utf-8")
    assert "round: 警告" not in xinyu(site, "check").stdout
