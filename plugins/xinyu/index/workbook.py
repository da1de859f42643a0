"""The annual figures as an Excel workbook (.xlsx), one sheet a table, with openpyxl.

openpyxl writes a real .xlsx that Excel and WPS open without an import dialog (unlike
CSV, which Excel on Windows opens in the wrong encoding unless it has a BOM), and keeps
numbers as numbers. Text that looks like a formula is stored as text.

A workbook records when it was written (its core properties, and each part's time in the zip).
Given ``when``, that time is ``when`` instead of now: a site's two builds of the same content then
publish the same bytes (a deploy that syncs changed files, a build cache compared with a clean build).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
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


ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip can record
STAMPED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def workbook_bytes(tables: Iterable[Table], title: str = "年度统计", when: dt.datetime | None = None) -> bytes:
    """The workbook as bytes (the caller writes it to the site or where the user asked); ``when``: the time it
    records as written (default: now)."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "xinyu"
    for table in tables:
        _sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue() if when is None else _stamped(out.getvalue(), max(when.replace(tzinfo=None), ZIP_EPOCH))


def _stamped(data: bytes, when: dt.datetime) -> bytes:
    """The same workbook with ``when`` as the time of every part and as its created and modified properties."""
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                part = STAMPED.sub(rb"\g<1>" + iso + rb"\g<2>", part)
            target.writestr(zipfile.ZipInfo(info.filename, when.timetuple()[:6]), part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_time(dates: Iterable[str]) -> dt.datetime:
    """The time a site's workbook records: ``SOURCE_DATE_EPOCH`` when set (reproducible builds' convention), else
    the newest of ``dates`` (its items' dates: the figures are as of then), else the zip's earliest time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    found = []
    for text in dates:
        try:
            found.append(dt.datetime.fromisoformat(str(text)[:10]))
        except ValueError:
            continue  # a partial date (2024, 2024-05) says no day
    return max(found, default=ZIP_EPOCH)


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
