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
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..content.site import SiteSpec
from ..content.source import written_key

RANKS = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖")


class RoundError(Exception):
    """A round that is not configured, or configured wrongly (Chinese message); ``option``: the option at fault."""

    def __init__(self, message: str, option: str = "") -> None:
        super().__init__(message)
        self.option = option


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


def _option(spec: dict[str, Any], key: str, name: str, kind: type, default: Any, example: str) -> Any:
    """A number option of the round (``kind``: int or float; "7" in quotes too), else a RoundError naming the
    option: ``notice_days: abc`` was a ValueError traceback."""
    value = spec.get(key)
    if value is None or value == "":
        return default
    number = None
    if not isinstance(value, (bool, list, dict)):
        try:
            number = float(str(value).strip())
        except ValueError:
            pass
    if number is None or not math.isfinite(number) or number < 0 or (kind is int and not number.is_integer()):
        raise RoundError(
            f"mkdocs.yml 的 xinyu 插件选项 rounds → {name} → {key} 写的是“{str(value)[:30]}”，应是一个"
            f"{'整数' if kind is int else '数'}（不带单位），如 {key}: {example}。",
            key,
        )
    return kind(number)


def _round(name: str, spec: dict[str, Any]) -> Round:
    for key, shape in (("criteria", list), ("reviewers", list), ("quotas", dict)):
        if spec.get(key) is not None and not isinstance(spec[key], shape):
            form = "一个列表（每项以“- ”开头）" if shape is list else "一组“等次: 名额”，如 {一等奖: 2, 二等奖: 3}"
            raise RoundError(f"mkdocs.yml 的 xinyu 插件选项 rounds → {name} → {key} 应是{form}。", key)
    criteria = [_criterion(c, name) for c in spec.get("criteria") or []]
    if not criteria:
        raise RoundError(f"评选“{name}”没有评分标准：请在 criteria 中列出，如 - {{name: 过程与方法, max: 40}}。", "criteria")
    quotas = {}
    for rank, count in (spec.get("quotas") or {}).items():
        if rank not in RANKS or not isinstance(count, int) or count < 0:
            raise RoundError(f"评选“{name}”的名额 quotas 写法不对：等次只能是 {'、'.join(RANKS)}，名额是整数，如 一等奖: 2。", "quotas")
        quotas[rank] = count
    reviewers = [
        Reviewer(str(r.get("name", "")).strip(), str(r.get("school", "") or "").strip()) if isinstance(r, dict) else Reviewer(str(r))
        for r in spec.get("reviewers") or []
    ]
    year = _option(spec, "year", name, int, 0, "2025") or (int(name) if re.fullmatch(r"\d{4}", name) else dt.date.today().year)
    return Round(
        name=name,
        title=str(spec.get("title") or f"{name}年度优秀案例评选"),
        collection=str(spec.get("collection") or "cases"),
        deadline=str(spec.get("deadline") or ""),
        level=str(spec.get("level") or "区级"),
        year=int(year),
        reviewers_per_submission=_option(spec, "reviewers_per_submission", name, int, 0, "3") or 3,
        reviewers=reviewers,
        criteria=criteria,
        quotas=quotas,
        spread=_option(spec, "spread", name, float, 0, "15") or 15.0,
        notice_days=_option(spec, "notice_days", name, int, 0, "7") or 7,
    )


def _criterion(raw: Any, name: str) -> Criterion:
    if not isinstance(raw, dict) or not raw.get("name") or not isinstance(raw.get("max"), (int, float)) or raw["max"] <= 0:
        raise RoundError(f"评选“{name}”的评分标准写法不对：每项写 name（名称）和 max（满分，正数），如 {{name: 过程与方法, max: 40}}。", "criteria")
    return Criterion(str(raw["name"]), float(raw["max"]))
