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
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import Round

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


_read: dict[str, tuple[tuple, Any]] = {}  # path → (its stamp, what it held): a build reads each file three times


def load_state(root: Path, round_: Round) -> RoundState:
    path = state_path(root, round_)
    if not path.is_file():
        return RoundState()
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        known = _read.get(str(path))
        if known is None or known[0] != stamp:
            known = _read[str(path)] = (stamp, yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {})
        raw = copy.deepcopy(known[1])  # the caller's own
    except (OSError, yaml.YAMLError):
        return RoundState()
    if not isinstance(raw, dict):
        return RoundState()
    return RoundState({str(k): str(v) for k, v in (raw.get("codes") or {}).items()},
                      {str(k): [str(c) for c in v or []] for k, v in (raw.get("assignments") or {}).items()},
                      dict(raw.get("results") or {}))


def save_state(root: Path, round_: Round, state: RoundState) -> Path:
    path = state_path(root, round_)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"codes": state.codes, "assignments": state.assignments, "results": state.results}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(HEADER.format(title=round_.title) + text, encoding="utf-8", newline="\n")
    return path
