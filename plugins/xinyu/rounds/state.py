"""What a round has decided so far, kept in the repository (``data/rounds/<name>.yml``), never published as is.

    codes: {2025-001: cases/<slug>, …}         # written by `round packets`, stable across runs
    assignments: {评委一: [2025-001, …], …}
    results:                                   # written by `round results`
      announced: 2025-07-01
      notice_until: 2025-07-08                 # 公示期 ends: the winners are published by the next build
      ranking: [{code, slug, title, school, authors, average, spread, reviewers, award}, …]
      submissions: 20
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content.problems import FILE, Problem
from ..content.source import field_name, read_data_file
from .config import RANKS, Round

HEADER = "# {title}：评审编号、分配与结果。由 xinyu round 写入；请勿手工修改编号。\n"


def today() -> dt.date:
    """Today, or the day XINYU_TODAY names (to preview the site as it will be when a notice period ends)."""
    try:
        return dt.date.fromisoformat(os.environ.get("XINYU_TODAY", ""))
    except ValueError:
        return dt.date.today()


@dataclass
class RoundState:
    codes: dict[str, str] = field(default_factory=dict)  # code → collection/slug
    assignments: dict[str, list[str]] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict, repr=False, compare=False)  # each value's line in the file

    def code_of(self, key: str) -> str | None:
        return next((c for c, k in self.codes.items() if k == key), None)

    def notice_until(self) -> dt.date | None:
        value = self.results.get("notice_until")
        try:
            return dt.date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    def in_notice(self, today: dt.date) -> bool:
        until = self.notice_until()
        return until is not None and today <= until

    def winners(self) -> list[dict[str, Any]]:
        return [r for r in self.results.get("ranking") or [] if r.get("award")]


def state_path(root: Path, round_: Round) -> Path:
    return root / round_.state_file


_read: dict[str, tuple[tuple, RoundState, list[Problem]]] = {}  # path → (stamp, state, problems): read once a version


def load_state(root: Path, round_: Round) -> RoundState:
    """What the state file holds, each part as the round's commands write it; a part written otherwise (by hand)
    is left out, and said by :func:`state_problems`."""
    return _state(root, round_)[0]


def state_problems(root: Path, round_: Round) -> list[Problem]:
    """Each value of the state file that is not as the round's commands write it, at its line, with the fix."""
    return list(_state(root, round_)[1])


def _state(root: Path, round_: Round) -> tuple[RoundState, list[Problem]]:
    path = state_path(root, round_)
    try:
        st = path.stat()
    except OSError:
        return RoundState(), []
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = _read.get(str(path))
    if known is None or known[0] != stamp:
        state, problems = read_state(path, round_.state_file)
        known = _read[str(path)] = (stamp, state, problems)
    return copy.deepcopy(known[1]), known[2]  # the caller's own


DATE_FIX = "写成 年-月-日，如 2025-07-08"
ROW_TEXT = ("code", "key", "title", "school", "award")
ROW_NUMBERS = {"place": int, "reviews": int, "average": float, "spread": float}


def read_state(path: Path, rel: str) -> tuple[RoundState, list[Problem]]:
    """The state file read field by field (with the limits and located problems of every data file): what is as the
    commands write it, and a problem for each part that is not."""
    front, problems = read_data_file(path, rel)
    if front is None:
        return RoundState(), problems
    raw, lines = front.data, dict(front.lines)

    def bad(where: tuple, message: str) -> None:
        problems.append(Problem(rel, lines.get(where, 1), (field_name(where) or FILE), message + "（评选记录由 xinyu round 写入，请不要手工修改；改错了可以从 git 历史中恢复。）"))

    if not isinstance(raw, dict):
        bad((), "评选记录应是“codes: …、assignments: …、results: …”几部分。")
        return RoundState(), problems
    codes = _mapping(raw.get("codes"), ("codes",), bad, lambda v: isinstance(v, str), "应是“编号: 集合/目录名”，如 2025-001: cases/某个案例")
    assignments = _mapping(
        raw.get("assignments"), ("assignments",), bad,
        lambda v: isinstance(v, list) and all(isinstance(c, str) for c in v), "应是“评委: [编号, …]”，如 评委一: [2025-001, 2025-002]",
    )
    results: dict[str, Any] = {}
    found = raw.get("results")
    if found is not None and not isinstance(found, dict):
        bad(("results",), "results 应是一组“名称: 值”（announced、notice_until、submissions、ranking）。")
    for key, value in (found or {}).items() if isinstance(found, dict) else ():
        where = ("results", key)
        if key in ("announced", "notice_until"):
            if _date(value) is None:
                bad(where, f"“{key}”应是日期，{DATE_FIX}；现在写的是 {_short(value)}。")
            else:
                results[key] = str(value)
        elif key == "submissions":
            count = _number(value, int)
            if count is None or count < 0:
                bad(where, f"“submissions”应是参评的篇数（整数）；现在写的是 {_short(value)}。")
            else:
                results[key] = count
        elif key == "ranking":
            results[key] = _ranking(value, where, bad)
        else:
            results[key] = value
    return RoundState(codes, assignments, results, lines), problems


def _ranking(value: Any, where: tuple, bad) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        bad(where, "“ranking”应是一个列表，每行一篇参评稿件。")
        return []
    rows = []
    for i, row in enumerate(value):
        here = (*where, i)
        if not isinstance(row, dict):
            bad(here, "排名的每一行应是一组“名称: 值”（place、code、key、title、school、authors、average、award …）。")
            continue
        clean, fine = dict(row), True
        for key in ROW_TEXT:
            if row.get(key) is not None and not isinstance(row[key], str):
                bad((*here, key), f"“{key}”应是一段文字；现在写的是 {_short(row[key])}。")
                fine = False
        for key, kind in ROW_NUMBERS.items():
            if row.get(key) is not None:
                number = _number(row[key], kind)
                if number is None:
                    bad((*here, key), f"“{key}”应是一个{'整数' if kind is int else '数'}；现在写的是 {_short(row[key])}。")
                    fine = False
                clean[key] = number
        authors = row.get("authors")
        if authors is not None and not (isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
            bad((*here, "authors"), "“authors”应是作者姓名的列表，如 [王老师, 李老师]。")
            fine = False
        if row.get("award") and row["award"] not in RANKS:
            bad((*here, "award"), f"“award”应是 {'、'.join(RANKS)} 之一，或留空；现在写的是 {_short(row['award'])}。")
            fine = False
        if fine:
            rows.append(clean)
    return rows


def _mapping(value: Any, where: tuple, bad, valid, fix: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        bad(where, f"“{where[0]}”{fix}。")
        return {}
    out = {}
    for key, item in value.items():
        if isinstance(key, str) and valid(item):
            out[key] = item
        else:
            bad((*where, key), f"“{where[0]}”{fix}；这一项不是这样写的。")
    return out


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _number(value: Any, kind: type) -> int | float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind is int and not isinstance(value, int):
            return None
        return value if math.isfinite(value) else None
    if not isinstance(value, str) or len(value) > 20:
        return None
    try:
        number = int(value) if kind is int or value.lstrip("-").isdigit() else float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "…"


def save_state(root: Path, round_: Round, state: RoundState) -> Path:
    path = state_path(root, round_)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"codes": state.codes, "assignments": state.assignments, "results": state.results}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(HEADER.format(title=round_.title) + text, encoding="utf-8", newline="\n")
    return path
