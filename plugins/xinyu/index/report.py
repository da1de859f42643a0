"""Figures for the guidance centre's annual report, as tables: the statistics page, the workbook and ``xinyu stats`` share them.

Contributions, awards and selection entries per school and year; the schools with no
contribution (from the schools list); items of every collection per year (lectures,
training …). With access-log counts, page views and downloads per item and per school.
Everything is computed from the published items, never from drafts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..content.entry import Entry

if TYPE_CHECKING:
    from . import SiteIndex
    from .access_log import Access

OTHER = "（未写学校）"


@dataclass
class Table:
    """One table of the report: a sheet of the workbook, a section of the page."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def school_of(entry: Entry, index: SiteIndex) -> str:
    """The item's school as the schools list names it (its aliases read as the school)."""
    return _normalised(str(entry.data.get("school") or "").strip(), index)


def years_of(entries: Iterable[Entry]) -> list[str]:
    return sorted({e.year for e in entries if e.year})


def per_school_year(title: str, key: str, pairs: list[tuple[str, str]], schools: list[str], note: str = "") -> Table:
    """A school × year table of counts, with a total column and a total row."""
    counts = Counter(pairs)
    years = sorted({year for _, year in pairs})
    names = [s for s in schools if any(s == school for school, _ in pairs)]
    names += sorted({school for school, _ in pairs} - set(names))
    rows = [[name, *(counts[(name, y)] for y in years), sum(counts[(name, y)] for y in years)] for name in names]
    if rows:
        rows.append(["合计", *(sum(counts[(n, y)] for n in names) for y in years), len(pairs)])
    return Table(key, title, ["学校", *years, "合计"], rows, note)


def contributions(index: SiteIndex) -> Table:
    pairs = [(school_of(e, index) or OTHER, e.year) for e in index.entries() if e.data.get("school") and e.year]
    return per_school_year("各校投稿（按年份）", "contributions", pairs, _school_names(index), "写了学校的已发布条目（案例、课程等），按条目日期的年份统计。")


def awards(index: SiteIndex) -> Table:
    pairs = [(school_of(e, index) or OTHER, str((e.data.get("award") or {}).get("year") or e.year)) for e in index.entries() if e.data.get("award")]
    return per_school_year("各校获奖（按年份）", "awards", pairs, _school_names(index), "有获奖信息（award）的条目，按获奖年份统计。")


def award_list(index: SiteIndex) -> Table:
    rows = []
    for entry in sorted((e for e in index.entries() if e.data.get("award")), key=lambda e: (-int(e.data["award"].get("year") or 0), e.title)):
        award = entry.data["award"]
        rows.append([award.get("year") or entry.year, school_of(entry, index), entry.title, award.get("level", ""), award.get("rank", ""), entry.url])
    return Table("award_list", "获奖条目", ["年份", "学校", "标题", "级别", "等次", "网址"], rows)


def selection_entries(index: SiteIndex) -> Table:
    """Entries of every configured selection round (``rounds:``, ``xinyu round``), per school and the round's year."""
    from ..rounds.config import RoundError, configured, load_round
    from ..rounds.state import load_state

    pairs = []
    for name in configured(index.library.site):
        try:
            round_ = load_round(index.library.site, str(name))
        except RoundError:
            continue  # `xinyu round` reports a broken round
        pairs += [(school or OTHER, str(round_.year)) for school in _round_schools(index, round_, load_state(index.library.site.root, round_))]
    note = "" if pairs else "尚无评选的数据（在 mkdocs.yml 中配置 rounds 并用 xinyu round 评审后，这里列出各校参评的条目数）。"
    return per_school_year("各校参评（按年份）", "selection", pairs, _school_names(index), note)


def _round_schools(index: SiteIndex, round_: Any, state: Any) -> list[str]:
    """The school of each entry of a round: from its results once there are any, else from the entries it coded."""
    ranking = state.results.get("ranking") or []
    if ranking:
        return [_normalised(str(row.get("school") or ""), index) for row in ranking if isinstance(row, dict)]
    entries = {e.key: e for e in index.library.all_entries()}
    return [school_of(entries[key], index) for key in state.codes.values() if key in entries]


def _normalised(school: str, index: SiteIndex) -> str:
    schools = index.library.schools
    return (schools.normalise(school) or school) if schools is not None and school else school


def silent_schools(index: SiteIndex) -> Table:
    """Schools of the list with no published item, overall and per year."""
    schools = index.library.schools
    if schools is None:
        return Table("silent", "尚无投稿的学校", ["年份", "学校数", "学校"], note="没有学校名单（data/schools.yml），无法列出。")
    entries = [e for e in index.entries() if e.data.get("school")]
    by_year: dict[str, set[str]] = {}  # the schools with an item of each year: one pass, not one a year
    for entry in entries:
        by_year.setdefault(entry.year, set()).add(school_of(entry, index))
    rows = []
    for year in ["全部年份", *years_of(entries)]:
        active = set().union(*by_year.values()) if year == "全部年份" else by_year.get(year, set())
        silent = [name for name in schools.names if name not in active]
        rows.append([year, len(silent), "、".join(silent)])
    return Table("silent", "尚无投稿的学校", ["年份", "学校数", "学校"], rows, f"学校名单共 {len(schools.names)} 所。")


def per_collection_year(index: SiteIndex) -> Table:
    """Items of every collection per year: forum lectures, training sessions and the rest."""
    entries = index.entries()
    years = years_of(entries)
    rows = []
    for col in index.collections.values():
        counts = Counter(e.year for e in col.entries)
        rows.append([col.spec.label, *(counts[y] for y in years), len(col.entries)])
    participants = _sum_by_year(entries, "participants")
    if participants:
        rows.append(["参训人次", *(participants.get(y, 0) for y in years), sum(participants.values())])
    return Table("collections", "各栏目条目（按年份）", ["栏目", *years, "合计"], rows, "论坛讲座、研修与培训等各栏目每年收录的条目数。")


def _sum_by_year(entries: list[Entry], key: str) -> dict[str, int]:
    out: Counter[str] = Counter()
    for entry in entries:
        value = entry.data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and entry.year:
            out[entry.year] += value
    return dict(out)


def _school_names(index: SiteIndex) -> list[str]:
    return list(index.library.schools.names) if index.library.schools is not None else []


def annual_tables(index: SiteIndex, access: Access | None = None) -> list[Table]:
    """Every table of the report, in reading order; with ``access``, the views and downloads too."""
    if access is None and "annual_tables" in index.made:
        return list(index.made["annual_tables"])
    tables = [contributions(index), awards(index), selection_entries(index), silent_schools(index), per_collection_year(index), award_list(index)]
    if access is None:
        index.made["annual_tables"] = tuple(tables)
    else:
        from .access_log import access_tables

        tables += access_tables(index, access)
    return tables
