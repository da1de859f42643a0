"""The district's schools (``data/schools.yml``): for the annual figures, and to catch misspelt school names.

    xx区实验中学: [实验中学, 区实验中学]   # full name: other ways it is written
    xx区第二小学: []

A school without other names is written ``name: []``. An item's ``school`` that is neither a name nor an alias
gets a warning with the closest names: the figures per school are only as good as the
names are consistent. Nothing here fails a build.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .entry import Entry
from .plain import markup_in, plain_text_message
from .problems import Problem, warning
from .source import read_data_file

FORM = "写法：学校全称: [简称, 别称]，没有别名写 学校全称: []。"


@dataclass
class Schools:
    """Names in the file's order and every way of writing one → its name."""

    names: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    suggested: dict[str, list[str]] = field(default_factory=dict, repr=False)  # a misspelt school recurs: ask difflib once

    def normalise(self, value: str) -> str | None:
        return self.aliases.get(value.strip())

    def suggest(self, value: str) -> list[str]:
        value = value.strip()
        if value not in self.suggested:
            close = difflib.get_close_matches(value, list(self.aliases), n=3, cutoff=0.5)
            self.suggested[value] = list(dict.fromkeys(self.aliases[c] for c in close))
        return self.suggested[value]


def load_schools(rel: str, root: Path) -> tuple[Schools | None, list[Problem]]:
    """The list and its problems; None when the site has no such file."""
    path = root / rel
    if not os.path.lexists(path):  # a link or a device there is read_data_file's to refuse
        return None, []
    front, problems = read_data_file(path, rel)
    if front is None:
        return None, problems  # empty or unreadable: no list (its problems say why)
    schools = Schools()
    for written, aliases in front.data.items():
        line = front.line_of((written,))
        if not isinstance(written, str) or not written.strip():
            problems.append(Problem(rel, line, str(written)[:20], f"学校名称应是学校的全称（一段文字），现在写的是 {str(written)[:20] or '空白'}。{FORM}"))
            continue
        name = written.strip()
        if aliases is None or isinstance(aliases, str):
            aliases = [aliases] if aliases else []
        elif not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
            problems.append(Problem(rel, line, name, f"“{name}”的别名应是一个列表，每个别名是一段文字。{FORM}"))
            aliases = [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
        fragment = markup_in(name)  # printed on the statistics page and in its workbook: plain text, as every name
        if fragment:  # the entry is left out (as a registry's entry with an error is), the rest of the list is read
            problems.append(Problem(rel, line, name, plain_text_message("学校名称", fragment)))
            continue
        schools.names.append(name)
        for alias in [name, *map(str, aliases)]:
            fragment = markup_in(alias)
            if fragment:
                problems.append(Problem(rel, line, name, plain_text_message("学校名称", fragment)))
                continue
            if alias.strip() in schools.aliases and schools.aliases[alias.strip()] != name:
                problems.append(
                    Problem(rel, front.line_of((name,)), name, f"“{alias}”同时是“{schools.aliases[alias.strip()]}”的别名，请只保留一处。")
                )
            schools.aliases.setdefault(alias.strip(), name)
    return schools, problems


def check_school(entry: Entry, schools: Schools) -> list[Problem]:
    """A warning when an item's school is not on the list (with the closest names)."""
    value = entry.data.get("school")
    if not isinstance(value, str) or not value.strip() or schools.normalise(value) is not None:
        return []
    close = schools.suggest(value)
    hint = f"您是不是想写：{'、'.join(close)}？" if close else "请写学校全称，或请维护者把它加入学校名单。"
    return [warning(entry.rel, entry.line_of("school"), "school", f"学校“{value}”不在学校名单（年度统计按学校汇总）中。{hint}")]
