"""The groups registry (``data/groups.yml``): studios, the guidance centre, committees, school teams.

Each group: ``id → name, kind, host, members, period, description``. ``host`` and ``members``
are ids of the authors registry, so a group's page links its people and gathers their work.
Problems are reported like the authors registry's: file, line, field, a Chinese fix; a
group with an error is left out, the others are kept. Its texts pass the same privacy guard
as an item's front matter.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .entry import Entry, Person
from .people import ID_RE, Registry
from .plain import markup_in, plain_text_message
from .problems import Problem, unknown_field, warning
from .schema import field_name
from .source import FrontMatter, read_data_file
from .vocabulary import Vocabulary

FIELDS = {
    "name": "名称",
    "kind": "类型",
    "host": "主持人",
    "members": "成员",
    "period": "时间",
    "description": "简介",
}
# 写法, 说明, 示例 of each field, for the contributor guide (content.guide).
GUIDE = {
    "name": ("文字，最多 60 字", "团队的全称。", "xx区心理健康教育名师工作室"),
    "kind": ("“团队类型”中的一项", "名师工作室、指导中心、专委会或学校心理组（取值见词表 group_kind）。", "名师工作室"),
    "host": ("作者编号", "主持人或负责人在作者名录中的编号。", "zhou-min"),
    "members": ("列表；每项是作者编号", "成员在作者名录中的编号；团队页面链接到每位成员的个人页。", "[lin-jing, he-qian]"),
    "period": ("文字，最多 40 字", "成立或活动的时间。", "2021-09 至今"),
    "description": ("文字，最多 600 字", "团队做什么：任务、培养方式、主要成果。", "由研究员级教师主持……"),
}
KIND_LIST = "group_kind"  # the vocabulary list of kinds (名师工作室, 指导中心 …)
MAX_TEXT = {"name": 60, "period": 40, "description": 600}
SEPARATORS = re.compile(r"[,，、;；\s]+")


@dataclass
class Group:
    """One group as registered: its people resolved to the authors registry."""

    id: str
    name: str
    kind: str = ""
    host: Person | None = None
    members: list[Person] = field(default_factory=list)
    period: str = ""
    description: str = ""

    @property
    def people(self) -> list[Person]:
        """Host first, then members, each once."""
        seen, out = set(), []
        for person in ([self.host] if self.host else []) + self.members:
            if person.id not in seen:
                seen.add(person.id)
                out.append(person)
        return out


@dataclass
class GroupsSpec:
    """Where the registry is and how its pages are named (plugin option ``groups``)."""

    file: str = "data/groups.yml"
    label: str = "工作室与团队"
    prefix: str = "groups"


Guard = Callable[[Entry], list[Problem]]


def load_groups(
    spec: GroupsSpec, root: Path, registry: Registry, vocabulary: Vocabulary, guard: Guard | None = None
) -> tuple[dict[str, Group], list[Problem]]:
    """Every valid group of the registry file and every problem in it (none when the file is absent).

    ``guard`` is the privacy check of an item's front matter, applied to each group's texts.
    """
    path = root / spec.file
    if not os.path.lexists(path):  # a link or a device there is read_data_file's to refuse
        return {}, []
    front, problems = read_data_file(path, spec.file)
    if front is None:
        return {}, problems
    reader = _Reader(spec.file, front, registry, vocabulary if vocabulary.ensure(KIND_LIST) else None)
    groups = {}
    for gid, info in front.data.items():
        before = len(reader.problems)
        group = reader.group(str(gid), info)
        if group is not None and guard is not None:
            found = guard(group_entry(group, spec.file, root, front.lines))
            reader.problems += [
                replace(p, field=f"{group.id}.{p.field}") for p in found
            ]  # as the file names it: mingshi-studio.description
        if group is not None and not any(p.is_error for p in reader.problems[before:]):
            groups[group.id] = group  # a group with an error is left out, like an item
    return groups, problems + reader.problems


class _Reader:
    """Reads one group at a time, collecting located problems."""

    def __init__(self, rel: str, front: FrontMatter, registry: Registry, vocabulary: Vocabulary | None):
        self.rel, self.front, self.registry = rel, front, registry
        self.kinds = vocabulary[KIND_LIST] if vocabulary is not None else None
        self.problems: list[Problem] = []

    def error(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.rel, self.front.line_of(path), field_name(path), message))

    def group(self, gid: str, info: Any) -> Group | None:
        """The group as written (None when it has no usable id or name); its problems are collected."""
        if not ID_RE.match(gid):
            self.error((gid,), f"团队编号“{gid}”无效：只能用小写英文字母、数字和 -，以字母开头，如 mingshi-studio。")
            return None
        if not isinstance(info, dict) or not _text(info.get("name")):
            self.error((gid,), "每个团队都要写 name（名称），如 name: xx区心理健康教育名师工作室。")
            return None
        for key in info:
            if key not in FIELDS:
                self.error((gid, key), unknown_field(key, FIELDS))
        texts = {key: self.text(gid, key, info.get(key)) for key in ("name", "period", "description")}
        group = Group(gid, texts["name"], self.kind(gid, info.get("kind")), period=texts["period"], description=texts["description"])
        if info.get("host") not in (None, ""):
            found = self.people(gid, "host", [info["host"]] if not isinstance(info["host"], list) else info["host"])
            group.host = found[0] if found else None
        group.members = self.people(gid, "members", self.listed(gid, info.get("members")))
        return group

    def text(self, gid: str, key: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.error(
                (gid, key), f"“{FIELDS[key]}”（{key}）要写一段文字，现在是{'一个列表' if isinstance(value, list) else '一组子字段'}。"
            )
            return ""
        text = str(self.front.raw.get((gid, key), value)).strip()
        fragment = markup_in(text)
        if fragment:
            self.error((gid, key), plain_text_message(FIELDS[key], fragment))
        elif len(text) > MAX_TEXT[key]:
            self.error((gid, key), f"“{FIELDS[key]}”最多 {MAX_TEXT[key]} 个字，现在有 {len(text)} 个。")
        return text

    def kind(self, gid: str, value: Any) -> str:
        if value in (None, ""):
            return ""
        value = str(value).strip()
        if self.kinds is None:
            return value
        term = self.kinds.normalise(value)
        if term is None:
            close = self.kinds.suggest(value)
            hint = f"您是不是想写：{'、'.join(close)}？" if close else ""
            self.error((gid, "kind"), f"“{value}”不是有效的{self.kinds.label}。{hint}可选：{'、'.join(self.kinds.terms)}。")
        return term or value

    def listed(self, gid: str, value: Any) -> list:
        """A list, a lone id, or ids in one string (split, and said so: never silently one value)."""
        if value in (None, ""):
            return []
        if isinstance(value, str):
            parts = [p for p in SEPARATORS.split(value.strip()) if p]
            if len(parts) > 1:
                self.problems.append(
                    warning(
                        self.rel,
                        self.front.line_of((gid, "members")),
                        f"{gid}.members",
                        f"“{value}”已按 {len(parts)} 人读取。请写成列表：members: [{', '.join(parts)}]",
                    )
                )
            return parts
        if isinstance(value, list):
            return value
        self.error((gid, "members"), "成员（members）要写成作者编号的列表，如 members: [lin-jing, he-qian]。")
        return []

    def people(self, gid: str, key: str, values: list) -> list[Person]:
        out: list[Person] = []
        for i, value in enumerate(values):
            where = (gid, key, i) if key == "members" else (gid, key)
            value = str(value).strip() if isinstance(value, (str, int)) else ""
            person = self.registry.get(value)
            if person is None:
                self.error(where, self.unknown_person(value, key))
            elif person not in out:
                out.append(person)
        return out

    def unknown_person(self, value: str, key: str) -> str:
        what = FIELDS[key]
        by_name = [pid for pid, p in self.registry.people.items() if p.name == value]
        if by_name:
            return f"{what}要写作者编号：“{value}”的编号是 {by_name[0]}，请写 {by_name[0]}。"
        if not value or not ID_RE.match(value):
            return f"{what}要写作者名录（data/authors.yml）中的编号，如 zhou-min；请先把此人加入作者名录。"
        _, unknown = self.registry.lookup(value)
        return unknown


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def group_entry(group: Group, rel: str, root: Path, front_lines: dict) -> Entry:
    """A group's texts as an item's front matter, so that the privacy guard checks them the same way."""
    data = {"name": group.name, "period": group.period, "description": group.description}
    people = {"host": [group.host] if group.host else [], "members": group.members}
    lines = {(key,): front_lines.get((group.id, key), 1) for key in data}
    return Entry("groups", group.id, root / rel, rel, (root / rel).parent, "groups", data=data, lines=lines, people=people)


def guide_section(spec: GroupsSpec, h: str) -> str:
    """The contributor guide's part on the groups registry: where it is and how each field is written."""
    rows = ["| 字段 | 必填 | 写法 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for key, label in FIELDS.items():
        form, what, example = GUIDE[key]
        rows.append(f"| `{key}` | {'是' if key == 'name' else '否'} | {form} | {label}。{what} | `{key}: {example}` |")
    intro = (
        f"名师工作室、指导中心、专委会和学校心理组登记在 `{spec.file}` 中，每个团队一段，以团队编号（小写英文字母、数字和 -，"
        f"如 `mingshi-studio`）开头；网站为每个团队生成页面 `{spec.prefix}/<编号>/`，列出主持人、成员和他们的全部成果。"
        "有错误的团队不会出现在网站上，`xinyu check` 会逐行指出。"
    )
    return f"{h} {spec.label}（{spec.file}）\n\n{intro}\n\n" + "\n".join(rows) + "\n"
