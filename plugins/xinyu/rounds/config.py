"""A selection round as configured under the xinyu plugin's ``rounds:`` option in mkdocs.yml.

rounds:
  "2025":
    title: 2025年度优秀案例评选
    deadline: 2025-06-30          # 截止日期：之后导入的稿件标为逾期
    level: 区级                    # award.level written to the winners
    year: 2025                     # award.year (default: the round's name when it is a year)
    reviewers_per_submission: 3
    reviewers:                     # optional: names (and schools, to avoid their own school's cases)
      - {name: 评委一, school: xx区第一中学}
    criteria:
      - {name: 主题与理念, max: 20}
      - {name: 过程与方法, max: 40}
    quotas: {一等奖: 2, 二等奖: 3, 三等奖: 5}
    spread: 15                     # reviewers' totals further apart than this are flagged
    notice_days: 7                 # 公示期（天）：之后获奖案例发布
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..content.site import SiteSpec
from ..content.source import written_key

RANKS = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖")


class RoundError(Exception):
    """A round that is not configured, or configured wrongly (Chinese message)."""


@dataclass
class Criterion:
    name: str
    max: float


@dataclass
class Reviewer:
    name: str
    school: str = ""


@dataclass
class Round:
    name: str
    title: str
    collection: str = "cases"
    deadline: str = ""
    level: str = "区级"
    year: int = 0
    reviewers_per_submission: int = 3
    reviewers: list[Reviewer] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    quotas: dict[str, int] = field(default_factory=dict)
    spread: float = 15.0
    notice_days: int = 7

    @property
    def total_max(self) -> float:
        return sum(c.max for c in self.criteria)

    @property
    def state_file(self) -> str:
        """Codes, scores and results of this round (kept in the repository, never published)."""
        return f"data/rounds/{self.name}.yml"


def configured(site: SiteSpec) -> dict[str, Any]:
    raw = site.options.get("rounds") or {}
    return raw if isinstance(raw, dict) else {}


def load_round(site: SiteSpec, name: str) -> Round:
    raw = configured(site)
    named = {written_key(k): v for k, v in raw.items()}  # `2025:` or `true:` as written, not 2025 or True
    if str(name) not in named:
        known = "、".join(named) or "（还没有配置任何评选）"
        raise RoundError(f"mkdocs.yml 的 xinyu 插件选项 rounds 中没有评选“{name}”。已配置：{known}。")
    spec = named[str(name)] or {}
    if not isinstance(spec, dict):
        raise RoundError(f"评选“{name}”的配置应该是一组“选项: 值”。")
    return _round(str(name), spec)


def _round(name: str, spec: dict[str, Any]) -> Round:
    criteria = [_criterion(c, name) for c in spec.get("criteria") or []]
    if not criteria:
        raise RoundError(f"评选“{name}”没有评分标准：请在 criteria 中列出，如 - {{name: 过程与方法, max: 40}}。")
    quotas = {}
    for rank, count in (spec.get("quotas") or {}).items():
        if rank not in RANKS or not isinstance(count, int) or count < 0:
            raise RoundError(f"评选“{name}”的名额 quotas 写法不对：等次只能是 {'、'.join(RANKS)}，名额是整数，如 一等奖: 2。")
        quotas[rank] = count
    reviewers = [
        Reviewer(str(r.get("name", "")).strip(), str(r.get("school", "") or "").strip()) if isinstance(r, dict) else Reviewer(str(r))
        for r in spec.get("reviewers") or []
    ]
    year = spec.get("year") or (int(name) if re.fullmatch(r"\d{4}", name) else dt.date.today().year)
    return Round(
        name=name,
        title=str(spec.get("title") or f"{name}年度优秀案例评选"),
        collection=str(spec.get("collection") or "cases"),
        deadline=str(spec.get("deadline") or ""),
        level=str(spec.get("level") or "区级"),
        year=int(year),
        reviewers_per_submission=int(spec.get("reviewers_per_submission") or 3),
        reviewers=reviewers,
        criteria=criteria,
        quotas=quotas,
        spread=float(spec.get("spread") or 15),
        notice_days=int(spec.get("notice_days") or 7),
    )


def _criterion(raw: Any, name: str) -> Criterion:
    if not isinstance(raw, dict) or not raw.get("name") or not isinstance(raw.get("max"), (int, float)) or raw["max"] <= 0:
        raise RoundError(f"评选“{name}”的评分标准写法不对：每项写 name（名称）和 max（满分，正数），如 {{name: 过程与方法, max: 40}}。")
    return Criterion(str(raw["name"]), float(raw["max"]))
