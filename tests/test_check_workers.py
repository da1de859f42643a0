"""``xinyu check`` in worker processes (issue 17): the report is the one a single process makes, problem for problem
and in the same order, with the cache off, empty or filled; a schema the command found valid is not checked again in
its workers, and a schema that is not the one found valid still is."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import VALID_CASE, bin_path
from xinyu.content import schema


def _check(site, **env: str) -> tuple[int, str]:
    proc = subprocess.run(
        [bin_path("xinyu"), "check", "--format", "json"],
        cwd=site.root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, **env),
        timeout=600,
    )
    return proc.returncode, proc.stdout


def _case(i: int) -> str:
    text = VALID_CASE.replace("用情绪温度计", f"第{i}个：用情绪温度计")
    if i % 3 == 0:
        text += f"\n家长电话 1381234{i:04d}，班主任张{'伟芳'[i % 2]}老师说她最近睡得不好。\n"
    if i % 4 == 0:
        text = text.replace("grade: 初一", "grade: 初十")
    return text


def test_workers_report_what_one_process_reports(site):
    for i in range(24):
        site.write(f"cases/case-{i:03d}/index.md", _case(i))
    one = _check(site, XINYU_WORKERS="1", XINYU_NO_CACHE="1")
    assert one[0] == 1 and "138****" in one[1] and "张*" in one[1] and "初十" in one[1]  # errors and privacy findings
    assert _check(site, XINYU_WORKERS="2", XINYU_NO_CACHE="1") == one
    assert _check(site, XINYU_WORKERS="2") == one  # empty cache: checked in workers, stored as they come
    site.write("cases/case-005/index.md", _case(6))  # one item changed: the rest from the cache
    changed = _check(site, XINYU_WORKERS="2")
    assert changed == _check(site, XINYU_WORKERS="1", XINYU_NO_CACHE="1")


def test_a_schema_is_checked_unless_found_valid_by_this_process_or_its_parent(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("type: object\nproperties:\n  title: {type: 3}\n", encoding="utf-8")
    with pytest.raises(schema.SchemaError):
        schema.load_schema(str(bad.name), tmp_path)
    good = tmp_path / "good.yml"
    good.write_text("type: object\nproperties:\n  title: {type: string}\n", encoding="utf-8")
    schema.load_schema(good.name, tmp_path)
    trusted = schema.checked_schemas()
    assert trusted  # what a worker is given
    schema._VALID_SCHEMAS.clear()
    schema.trust_schemas(trusted)
    schema.load_schema(good.name, tmp_path)
    assert schema.checked_schemas() == trusted  # not checked again
    with pytest.raises(schema.SchemaError):  # another schema (a file changed since) is checked
        schema.load_schema(bad.name, tmp_path)
