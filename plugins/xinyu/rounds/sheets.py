"""Score sheets: one .xlsx per reviewer out (codes, criteria, maximums, range validation), filled ones in.

Sheet 评分: 评审编号 | 标题 | one column per criterion (满分 N) | 总分 (a formula) | 评语.
Sheet 说明: the round, the reviewer's name and school, how to fill it in. Reading
never trusts the file: every score is checked against its criterion's maximum,
every row against the round's codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Reviewer, Round

SCORES = "评分"
ABOUT = "说明"


@dataclass
class Scores:
    """One reviewer's filled sheet: complete rows by code, and what was wrong."""

    reviewer: str
    file: str
    rows: dict[str, list[float]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def write_sheet(path: Path, round_: Round, reviewer: Reviewer, rows: list[tuple[str, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..index.workbook import cell_text, keep_text

    book = Workbook()
    sheet = book.active
    sheet.title = SCORES
    header = ["评审编号", "标题"] + [f"{c.name}（满分 {c.max:g}）" for c in round_.criteria] + ["总分", "评语"]
    sheet.append(header)
    first, last = 3, 2 + len(round_.criteria)
    for number, (code, title) in enumerate(rows, start=2):
        total = f"=SUM({get_column_letter(first)}{number}:{get_column_letter(last)}{number})"
        sheet.append([code, cell_text(title)] + [None] * len(round_.criteria) + [total, None])
        keep_text(sheet[number][:2])  # a title such as =HYPERLINK(…) is text, not a formula
    for offset, criterion in enumerate(round_.criteria if rows else []):
        column = get_column_letter(first + offset)
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{criterion.max:g}", allow_blank=True,
                              showErrorMessage=True, errorTitle="分数超出范围", error=f"“{criterion.name}”请填写 0 到 {criterion.max:g} 之间的分数。")
        sheet.add_data_validation(rule)
        rule.add(f"{column}2:{column}{len(rows) + 1}")
    for cell in sheet[1]:
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True)
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C2"
    about = book.create_sheet(ABOUT)
    for row in (("评选", round_.title), ("评委", reviewer.name), ("学校", reviewer.school),
                ("填写方法", "在“评分”表中为每个编号逐项打分（不超过满分，可有一位小数），总分自动计算；评语可选。填好后保存，交回组织者。")):
        about.append([cell_text(v) for v in row])
        keep_text(about[about.max_row])
    about.column_dimensions["B"].width = 80
    book.properties.creator = ""
    book.properties.title = f"{round_.title} 评分表"
    book.save(path)


def read_sheet(path: Path, round_: Round, codes: set[str]) -> Scores:
    """Scores of a filled sheet; out-of-range, non-numeric and missing scores are problems (Chinese)."""
    from openpyxl import load_workbook

    scores = Scores(reviewer=path.stem.removeprefix("评分表-"), file=path.name)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file is reported, not a crash
        scores.problems.append(f"{path.name}：无法打开（{type(exc).__name__}），请确认是评分表 .xlsx。")
        return scores
    if ABOUT in book.sheetnames:
        for label, value, *_ in book[ABOUT].iter_rows(min_row=1, max_row=4, values_only=True):
            if label == "评委" and value:
                scores.reviewer = str(value)
    if SCORES not in book.sheetnames:
        scores.problems.append(f"{path.name}：没有“{SCORES}”工作表，请用 xinyu round packets 生成的评分表。")
        return scores
    for number, row in enumerate(book[SCORES].iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] in (None, ""):
            continue
        _read_row(scores, round_, codes, number, row)
    return scores


def _read_row(scores: Scores, round_: Round, codes: set[str], number: int, row: tuple) -> None:
    code = str(row[0]).strip()
    where = f"{scores.file} 第 {number} 行（{code}）"
    if code not in codes:
        scores.problems.append(f"{where}：没有这个评审编号。")
        return
    values, ok = [], True
    for offset, criterion in enumerate(round_.criteria):
        value = row[2 + offset] if len(row) > 2 + offset else None
        if value is None or value == "":
            scores.problems.append(f"{where}：缺少“{criterion.name}”的分数。")
            ok = False
            continue
        try:
            number_value = float(str(value).strip())
        except ValueError:
            scores.problems.append(f"{where}：“{criterion.name}”的分数“{value}”不是数字。")
            ok = False
            continue
        if not 0 <= number_value <= criterion.max:
            scores.problems.append(f"{where}：“{criterion.name}”的分数 {number_value:g} 超出范围（0–{criterion.max:g}）。")
            ok = False
        values.append(number_value)
    if ok:
        scores.rows[code] = values
