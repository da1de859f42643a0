"""The annual figures as an Excel workbook (.xlsx), one sheet a table, with openpyxl.

openpyxl writes a real .xlsx that Excel and WPS open without an import dialog (unlike
CSV, which Excel on Windows opens in the wrong encoding unless it has a BOM), and keeps
numbers as numbers. Text that looks like a formula is stored as text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .report import Table

SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def keep_text(cells: Iterable) -> None:
    """Strings that start with ``=`` stay text: a spreadsheet never runs a value as a formula."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def workbook_bytes(tables: Iterable[Table], title: str = "年度统计") -> bytes:
    """The workbook as bytes (the caller writes it to the site or where the user asked)."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "xinyu"
    for table in tables:
        _sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(SHEET_UNSAFE.sub("-", table.title)[:31])
    sheet.append([cell_text(table.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    first = 2
    if table.note:
        sheet.append([cell_text(table.note)])
        first = 3
    sheet.append([cell_text(h) for h in table.header])
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_value(v) for v in row])
        keep_text(sheet[sheet.max_row])
    sheet.freeze_panes = sheet.cell(row=first + 1, column=2)
    for i, width in enumerate(_widths(table), 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for row in sheet.iter_rows(min_row=first + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str) and len(cell.value) > 40)


def _value(value: Any) -> Any:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else cell_text(value)


def cell_text(value: Any) -> str:
    """Text a worksheet can hold: control characters (which openpyxl refuses, failing the build) dropped."""
    return "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _widths(table: Table) -> list[float]:
    """Column widths from the longest text (a Chinese character is about two units wide)."""
    columns = list(zip(table.header, *table.rows, strict=False))  # every row is as long as the header
    return [min(60.0, max(8.0, max(_display_width(v) for v in column) + 2)) for column in columns]


def _display_width(value: Any) -> float:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
