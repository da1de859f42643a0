"""The statistics workbook records a given time, not the time it was written: the same tables, the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

from openpyxl import load_workbook

from xinyu.index.report import Table
from xinyu.index.workbook import build_time, workbook_bytes

TABLES = [Table("schools", "各校投稿（按年份）", ["学校", "2025", "合计"], [["xx区第一中学", 3, 3]])]


def test_the_same_tables_and_time_give_the_same_bytes():
    when = dt.datetime(2025, 6, 30)
    first = workbook_bytes(TABLES, when=when)
    time.sleep(2.1)  # a zip records times to two seconds
    assert workbook_bytes(TABLES, when=when) == first
    book = load_workbook(io.BytesIO(first))
    assert book.properties.created == book.properties.modified == when
    assert book["各校投稿（按年份）"]["A3"].value == "xx区第一中学"
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {info.date_time for info in z.infolist()} == {(2025, 6, 30, 0, 0, 0)}
        assert z.testzip() is None


def test_the_time_is_source_date_epoch_else_the_newest_full_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_time(["2024-05-01", "2025-03-25", "2026", "", "不是日期"]) == dt.datetime(2025, 3, 25)
    assert build_time(["2026"]) == dt.datetime(1980, 1, 1)  # no full date: the earliest time a zip holds
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert build_time(["2025-03-25"]) == dt.datetime(2026, 1, 1)
