"""From filled score sheets to awards: averages, disagreement, ranking with quotas, awards into front matter.

The award (and later ``status: published``) is written with ruamel.yaml's round trip,
so every comment, the order of the keys and the way each value was written stay as the
contributor left them; only that one line is added (or replaced).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .config import RANKS, Round
from .sheets import Scores
from .submissions import Submission


@dataclass
class Standing:
    code: str
    sub: Submission
    totals: list[float] = field(default_factory=list)
    award: str = ""

    @property
    def average(self) -> float:
        return round(statistics.fmean(self.totals), 2) if self.totals else 0.0

    @property
    def spread(self) -> float:
        return round(max(self.totals) - min(self.totals), 2) if len(self.totals) > 1 else 0.0


def standings(subs: list[Submission], sheets: list[Scores], assignments: dict[str, list[str]]) -> tuple[list[Standing], list[str]]:
    """Every submission's totals from the sheets, and what is missing (a sheet, a row)."""
    by_code = {s.code: Standing(s.code, s) for s in subs}
    problems = [p for sheet in sheets for p in sheet.problems]
    seen = {sheet.reviewer for sheet in sheets}
    for reviewer, codes in assignments.items():
        if reviewer not in seen:
            problems.append(f"缺少评委“{reviewer}”的评分表（应评 {len(codes)} 篇）。")
    for sheet in sheets:
        expected = set(assignments.get(sheet.reviewer, []))
        for code in sorted(expected - set(sheet.rows)):
            if not any(code in p and sheet.file in p for p in sheet.problems):
                problems.append(f"{sheet.file}：缺少 {code} 的评分。")
        for code, values in sheet.rows.items():
            if code in by_code:
                by_code[code].totals.append(round(sum(values), 2))
    return sorted(by_code.values(), key=lambda s: (-s.average, s.code)), problems


def rank(table: list[Standing], round_: Round) -> None:
    """Quotas in the order of the ranks (特等奖 first); items with content errors are skipped, not ranked."""
    queue = [s for s in table if s.totals and s.sub.entry.valid]
    for award in RANKS:
        for _ in range(round_.quotas.get(award, 0)):
            if not queue:
                return
            queue.pop(0).award = award


def write_award(path: Path, level: str, award: str, year: int) -> None:
    """Add or replace ``award`` in an item's front matter, keeping everything else as it was."""
    from ruamel.yaml.comments import CommentedMap

    value = CommentedMap([("level", level), ("rank", award), ("year", year)])
    value.fa.set_flow_style()
    set_front_matter(path, "award", value)


def set_front_matter(path: Path, key: str, value: object) -> None:
    """Set one key of an item's front matter with ruamel.yaml's round trip: replaced in place, or added last
    (a comment above the last key stays with it); the rest stays as it was written."""
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 10_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load("\n".join(lines[1:end]) + "\n")
    data[key] = value
    out = io.StringIO()
    yaml.dump(data, out)
    path.write_text("\n".join([lines[0], out.getvalue().rstrip("\n"), *lines[end:]]), encoding="utf-8", newline="\n")


def notice_until(start: dt.date, round_: Round) -> dt.date:
    return start + dt.timedelta(days=round_.notice_days)


def ranking_record(table: list[Standing]) -> list[dict]:
    """What the results page and the state file keep of each submission."""
    out = []
    for place, s in enumerate(table, 1):
        entry = s.sub.entry
        out.append({
            "place": place, "code": s.code, "key": entry.key, "title": entry.title, "school": s.sub.school,
            "authors": s.sub.authors, "average": s.average, "spread": s.spread, "reviews": len(s.totals), "award": s.award,
        })
    return out
