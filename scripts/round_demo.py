#!/usr/bin/env python3
"""A whole selection round on generated Word submissions: import → status → packets → scores → results → site.

    .venv/bin/python scripts/round_demo.py                  # 20 submissions in a temporary copy of the sample site
    .venv/bin/python scripts/round_demo.py --count 30 --keep /tmp/round   # keep the site, packets and build

Steps, each through the ``xinyu`` command as a maintainer runs it:
 1. 20 .docx (Word and WPS, some without a 申报表) are written by ``docx_samples``;
 2. ``xinyu import 收稿 --round 2025`` makes drafts; the maintainer's fixes are applied (anonymized confirmed,
    what the documents did not state filled in: the same edits a person makes after reading ``round status``);
 3. ``xinyu round status``, ``xinyu round packets --out``; every packet file is searched for every author's
    and school's name (none may be there);
 4. each reviewer's sheet is filled with deterministic scores; ``xinyu round results`` writes the awards;
 5. ``mkdocs build`` during the notice (results page says 公示中, winners not yet published); after it
    (``XINYU_TODAY`` moves the clock) ``xinyu round publish`` writes status: published into the winners, and the
    next build shows them with their awards.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from docx_samples import SCHOOLS, round_submissions, write  # noqa: E402

ROUND = """\
      rounds:
        "2025":
          title: 2025年度优秀案例评选
          deadline: 2025-06-30
          level: 区级
          reviewers_per_submission: 3
          reviewers:
            - {name: 评委一, school: xx区第一中学}
            - {name: 评委二, school: xx区实验小学}
            - {name: 评委三, school: 区心理健康教育指导中心}
            - {name: 评委四, school: xx区第二中学}
          criteria:
            - {name: 主题与理念, max: 20}
            - {name: 过程与方法, max: 40}
            - {name: 效果与反思, max: 20}
            - {name: 规范与伦理, max: 20}
          quotas: {一等奖: 2, 二等奖: 4, 三等奖: 6}
          spread: 15
          notice_days: 7
"""
# What a maintainer fills in after reading `round status` (the documents did not state it, or not as a term).
FIXES = [
    (re.compile(r"^anonymized:\s*$", re.M), "anonymized: true"),
    (re.compile(r"^topics:\s*$", re.M), "topics: [情绪调适]"),
    (re.compile(r"^grade:\s*$", re.M), "grade: [初中]"),
    (re.compile(r"^type:\s*$", re.M), "type: 个体辅导"),
    (re.compile(r"^grade: \[高一年级\]$", re.M), "grade: [高一]"),
    (re.compile(r"^grade: \[职一\]$", re.M), "grade: [中职]"),
]


def tool(name: str) -> str:
    folder = Path(sys.executable).parent
    return str(next((p for p in (folder / name, folder / f"{name}.exe") if p.exists()), name))


def run(site: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(list(args), cwd=site, capture_output=True, text=True, encoding="utf-8", env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} … failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def make_site(dest: Path) -> None:
    ignore = shutil.ignore_patterns("site", ".venv", ".git", "__pycache__", ".cache", "tests", "plugins", "*.egg-info", "dist")
    shutil.copytree(ROOT, dest, ignore=ignore)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "      rounds:\n" in text:  # the sample's own rounds stay; this one joins them
        text = text.replace("      rounds:\n", ROUND, 1)
    else:
        text = text.replace("      authors: data/authors.yml\n", "      authors: data/authors.yml\n" + ROUND, 1)
    config.write_text(text, encoding="utf-8")


def fix_drafts(site: Path) -> int:
    fixed = 0
    for index in (site / "cases").glob("*/index.md"):
        text = index.read_text(encoding="utf-8")
        if "round: '2025'" not in text and 'round: "2025"' not in text and "round: 2025" not in text:
            continue
        for pattern, value in FIXES:
            text = pattern.sub(value, text)
        index.write_text(text, encoding="utf-8")
        fixed += 1
    return fixed


def leaked_names(packets: Path, names: list[str]) -> list[str]:
    """Every author and school name found in any packet file (HTML, pictures, sheets and attachments unzipped)."""
    found = []
    for path in packets.rglob("*"):
        if not path.is_file():
            continue
        texts = [path.read_bytes().decode("utf-8", errors="ignore")]
        if path.name.startswith("评分表-") and path.suffix == ".xlsx":
            texts = [sheet_text(path)]  # a reviewer's own sheet names them and their school (说明): its scores sheet is checked
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts = [archive.read(n).decode("utf-8", errors="ignore") for n in archive.namelist()]
                # the joined text too: a name split across Word runs, or written as character references
                texts += parts + [html.unescape(re.sub(r"<[^>]+>", "", part)) for part in parts]
        texts.append(path.name)
        found += [f"{path.relative_to(packets)}: {n}" for n in names for t in texts if n in t]
    return found


def sheet_text(path: Path) -> str:
    """The text of a score sheet's 评分 sheet (codes, titles, criteria)."""
    from openpyxl import load_workbook

    rows = load_workbook(path)["评分"].iter_rows(values_only=True)
    return " ".join(str(value) for row in rows for value in row if value is not None)


def fill_sheets(packets: Path) -> list[Path]:
    """Scores as reviewers give them: deterministic, near the maximum, differing a little by reviewer."""
    from openpyxl import load_workbook

    sheets = sorted(packets.glob("评分表-*.xlsx"))
    for r, path in enumerate(sheets):
        book = load_workbook(path)
        sheet = book["评分"]
        maxima = [float(re.search(r"满分 ([\d.]+)", str(c.value)).group(1)) for c in sheet[1][2:-2]]
        for row in sheet.iter_rows(min_row=2):
            number = int(str(row[0].value).rsplit("-", 1)[-1])
            for i, cell in enumerate(row[2 : 2 + len(maxima)]):
                cell.value = round(maxima[i] * (0.95 - 0.02 * ((number * 7 + i * 3) % 13) - 0.01 * r), 1)
        book.save(path)
    return sheets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="work here (kept) instead of a temporary folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="round-demo-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    site, inbox, packets = work / "site", work / "收稿", work / "评审材料"
    timings: dict[str, float] = {}

    def step(name: str, *command: str, **kw) -> subprocess.CompletedProcess:
        started = time.perf_counter()
        proc = run(site, *command, **kw)
        timings[name] = round(time.perf_counter() - started, 1)
        return proc

    make_site(site)
    subs = round_submissions(args.count)
    for i, sub in enumerate(subs):
        write(inbox / f"{sub.school}-{sub.authors[0]}-{i + 1:02d}.docx", sub)
    imported = step("import", tool("xinyu"), "import", str(inbox), "--round", "2025")
    print(imported.stdout.split("\n\n")[-2] if "\n\n" in imported.stdout else imported.stdout)
    print(f"维护者补填：{fix_drafts(site)} 篇")
    print(step("status", tool("xinyu"), "round", "status", "2025").stdout)
    print(step("packets", tool("xinyu"), "round", "packets", "2025", "--out", str(packets)).stdout)
    names = sorted({n for s in subs for n in s.authors} | set(SCHOOLS) | {s.property_author for s in subs} | {s.deleted_name for s in subs})
    leaks = leaked_names(packets, names)
    print(f"评审材料中找到的作者或学校名：{len(leaks)} 处" + ("".join(f"\n  {x}" for x in leaks[:20]) if leaks else ""))
    sheets = fill_sheets(packets)
    print(step("results", tool("xinyu"), "round", "results", "2025", *map(str, sheets), "--date", "2025-07-01").stdout)
    step("build (公示中)", tool("mkdocs"), "build", "--strict", env={"XINYU_TODAY": "2025-07-03"})
    notice = (site / "site/rounds/2025/index.html").read_text(encoding="utf-8")
    print("公示期内结果页：", "公示中" in notice, "；获奖案例已发布：", "cases/" in re.sub(r"<nav.*?</nav>", "", notice, flags=re.S))
    print(step("publish", tool("xinyu"), "round", "publish", "2025", env={"XINYU_TODAY": "2025-07-09"}).stdout)
    step("build (公示期满)", tool("mkdocs"), "build", "--strict", env={"XINYU_TODAY": "2025-07-09"})
    page = (site / "site/rounds/2025/index.html").read_text(encoding="utf-8")
    print("公示期满后结果页链接的案例：", len(set(re.findall(r'href="[./]*cases/([a-z0-9-]+)/"', page))))
    print("用时（秒）：", timings)
    print(f"站点：{site}/site/rounds/2025/index.html；评审材料：{packets}/index.html")
    if leaks:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
