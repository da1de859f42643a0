"""The authors registry: id → name, school, title, bio; and resolving people in items."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .entry import Entry, Person
from .plain import markup_in, plain_text_message
from .problems import Problem, unknown_field
from .source import read_data_file

ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
FIELDS = ("name", "school", "title", "bio", "affiliation")  # in the order a message lists them
LABELS = {"name": "姓名", "school": "单位", "title": "职称", "bio": "简介", "affiliation": "单位"}


class Registry:
    """People known to the site, by id."""

    def __init__(self, people: dict[str, Person] | None = None, rel: str = "", lines: dict[tuple, int] | None = None):
        self.people = people or {}
        self.rel, self.lines = rel, lines or {}  # the registry file, and the line of each (id, field)

    def get(self, person_id: str) -> Person | None:
        return self.people.get(person_id)

    def names(self) -> set[str]:
        return {p.name for p in self.people.values()}

    @classmethod
    def load(cls, path: Path, rel: str) -> tuple[Registry, list[Problem]]:
        """Read the registry file; its problems are reported like an item's."""
        if not os.path.lexists(path):  # a link or a device there is read_data_file's to refuse
            return cls(), []
        front, problems = read_data_file(path, rel)
        people: dict[str, Person] = {}
        for pid, info in (front.data if front else {}).items():
            line = front.line_of((pid,))
            if not ID_RE.match(pid):
                problems.append(Problem(rel, line, pid, f"作者编号“{pid}”无效：只能用小写英文字母、数字和 -，如 zhou-min。"))
                continue
            if not isinstance(info, dict) or not str(info.get("name") or "").strip():
                problems.append(Problem(rel, line, pid, "每位作者都要写 name（姓名），例如 name: 周敏"))
                continue
            problems += [Problem(rel, front.line_of((pid, k)), f"{pid}.{k}", unknown_field(k, FIELDS)) for k in info if k not in FIELDS]
            fields = {k: str(v).strip() for k, v in info.items() if k in FIELDS and v is not None}
            for key, text in fields.items():
                fragment = markup_in(text)
                if fragment:
                    problems.append(Problem(rel, front.line_of((pid, key)), f"{pid}.{key}", plain_text_message(LABELS[key], fragment)))
            people[pid] = Person(id=pid, **fields)
        lines = {key: front.line_of(key) for pid, info in people.items() for key in [(pid,), *((pid, k) for k in FIELDS)]}
        return cls(people, rel, lines), problems

    def guarded(self, guard: Callable[[Entry], list[Problem]], root: Path) -> list[Problem]:
        """The privacy guard's findings in each person's texts, at their lines: a reader sees them on the person's
        page, beside the items and in the search index. A person with an error is shown by name only (the name of a
        registered person is declared; one that is itself an error is shown as the id) until the file is fixed."""
        problems: list[Problem] = []
        for pid, person in list(self.people.items()):
            data = {key: getattr(person, key) for key in FIELDS if getattr(person, key)}
            lines = {(key,): self.lines.get((pid, key), 1) for key in data}  # front.line_of: the id's line when not its own
            entry = Entry("people", pid, root / self.rel, self.rel, (root / self.rel).parent, "people", data=data, lines=lines)
            found = [replace(p, field=f"{pid}.{p.field}") for p in guard(entry)]
            problems += found
            errors = {p.field.split(".", 1)[1].split("[")[0] for p in found if p.is_error}
            if errors:
                self.people[pid] = Person(name=pid if "name" in errors else person.name, id=pid)
        return problems

    def resolve(self, values: list[Any], field: str, rel: str, line_of) -> tuple[list[Person], list[Problem]]:
        """Ids to registry people, plain names kept, unknown ids reported with suggestions."""
        people, problems = [], []
        for i, value in enumerate(values):
            if isinstance(value, dict):
                people.append(Person(name=str(value.get("name", "")).strip(), affiliation=str(value.get("affiliation", "") or ""), title=str(value.get("title", "") or "")))
                continue
            person, unknown = self.lookup(str(value))
            if person is not None:
                people.append(person)
            else:
                problems.append(Problem(rel, line_of((field, i)), f"{field}[{i}]", unknown))
        return people, problems

    def lookup(self, value: str) -> tuple[Person | None, str]:
        """The registry person for an id, a person named in place for a name; for an unknown id, why not."""
        value = value.strip()
        if value in self.people:
            return self.people[value], ""
        if ID_RE.match(value):
            close = difflib.get_close_matches(value, list(self.people), n=3, cutoff=0.5)
            hint = f"您是不是想写：{'、'.join(close)}？" if close else "请先在作者名录 data/authors.yml 中添加此人，或直接写姓名。"
            return None, f"作者名录中没有编号“{value}”。{hint}"
        return Person(name=value), ""

