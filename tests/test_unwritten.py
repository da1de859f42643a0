"""A body not written yet (content.unwritten): the template's sections left with only their hints are warnings.

A case saved as ``xinyu new`` wrote it checked clean and was published as a page of empty headings."""

from __future__ import annotations

import pytest

from conftest import Site
from test_cli_new import CASE_ANSWERS, created, xinyu
from xinyu.content.unwritten import unwritten


def test_a_case_straight_from_the_template_is_warned_about_each_section_until_it_is_written(site: Site):
    assert xinyu(site, "new", "case", input=CASE_ANSWERS).returncode == 0
    [item] = created(site, "cases")
    rel = item.relative_to(site.root).as_posix()
    check = site.check()
    assert check.code == 0, "a warning, not an error: the rest of the item is fine"
    lines = item.read_text(encoding="utf-8").split("\n")
    warned = [line for line in check.out.splitlines() if "还没有内容" in line]
    assert len(warned) == 6, check.out  # 基本情况 … 反思
    for line in warned:
        number = int(line.split(":")[1])
        assert line.startswith(f"{rel}:{number}: 正文: 警告：“") and lines[number - 1].startswith("## "), line
    text = item.read_text(encoding="utf-8")
    for title in ("基本情况", "问题分析与评估", "辅导目标", "辅导过程", "辅导效果"):
        text = text.replace(f"## {title}\n", f"## {title}\n\n小A 是一名初一学生，这一节写{title}。\n", 1)
    item.write_text(text.replace("## 反思\n", "", 1), encoding="utf-8")  # the last section removed instead
    check = site.check()
    assert "还没有内容" not in check.out and check.code == 0, check.out


@pytest.mark.parametrize(
    "body, lines",
    [
        ("## 一\n\n<!-- 提示 -->\n\n## 二\n\n写了。\n", [1]),
        ("## 一\n\n### 甲\n\n写了。\n\n### 乙\n", [7]),  # a heading over sub-sections is written by them; 乙 is empty
        ("## 一\n\n```\n# 这是代码里的一行，不是标题\n```\n", []),
        ("## 一\n\n<!-- 多行\n的提示 -->\n", [1]),
        ("<!-- 只有提示 -->\n", [1]),
        ("<!-- 注释 --> 和正文在同一行。\n", []),
        ("#没有空格也是标题\n", [1]),  # as Python-Markdown (MkDocs) renders it
        ("   ## 前面有空格的不是标题\n", []),  # a paragraph there
        ("## 代码\n<pre>\n# 第一步\n# 第二步\nprint(1)\n</pre>\n", []),  # raw HTML: its lines are text
        ("## 背景 <!-- 写背景 -->\n", [1]),
        ("## 一\n\n## 二 ##\n\n写了。\n", [1]),
        ("# a" + " " * 30000 + "b\n\n正文。\n", []),  # no pattern whose time grows with the square of a line
        ("一段很短的正文，没有小标题。\n", []),
        ("", []),
    ],
)
def test_which_sections_are_unwritten(body, lines):
    found = unwritten("cases/x/index.md", body, 1)
    assert [p.line for p in found] == lines and all(p.message.startswith("警告：") for p in found), found
    assert not any("\0" in p.message for p in found), "the mark of a removed hint leaked into the message"
