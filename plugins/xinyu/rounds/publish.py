"""After the 公示期: the winners are published by one command, ``xinyu round publish NAME``.

A file that says ``status: draft`` is a draft, and a draft appears nowhere in the site,
whatever a round decided: the build never publishes a winner on its own. Once the
notice period is over, ``check``, the build and ``round status`` say so at each
winner's ``status`` line and name the command that writes ``status: published``.

Also the results page's data: the round's counts and its winners by rank. A winner is
listed (linked to its page) once it is published; until then only counted, as a draft
appears nowhere in the site: not its title, school or authors either (the round's
record in data/ holds them for the notice the guidance centre gives).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..content.commands import command
from ..content.entry import Entry
from ..content.library import Library
from ..content.problems import Problem, warning
from .config import RANKS, Round, RoundError, configured, load_round
from .state import load_state, state_problems
from .state import today as current_day

ROW_TEXTS = {"title": "标题", "school": "学校", "authors": "作者"}


def waiting_winners(library: Library, round_: Round, today: dt.date | None = None) -> list[Entry]:
    """Winners whose file still says draft although the notice period has ended (none during it)."""
    state = load_state(library.site.root, round_)
    until = state.notice_until()
    if until is None or (today or current_day()) <= until:
        return []
    winners = {r.get("key") for r in state.winners()}
    return [
        e for e in library.entries.get(round_.collection, [])
        if e.key in winners and str(e.data.get("round")) == round_.name and e.data.get("status") == "draft"
    ]


def publish_reminders(library: Library, today: dt.date | None = None) -> list[Problem]:
    """One warning per winner still waiting, at its ``status`` line: the notice ended, here is the command."""
    found = []
    for name in configured(library.site):
        try:
            round_ = load_round(library.site, str(name))
        except RoundError:
            continue  # a broken round is reported by `xinyu round`, not here
        until = load_state(library.site.root, round_).notice_until()
        for entry in waiting_winners(library, round_, today):
            award = entry.data.get("award") or {}
            prize = f"{award.get('level', '')}{award.get('rank', '')}" if isinstance(award, dict) else ""
            found.append(warning(
                entry.rel, entry.line_of("status"), "status",
                f"评选“{round_.name}”的公示期已于 {until} 结束，本案例获{prize or '奖'}，但仍是草稿（status: draft），网站上不显示。"
                f"运行 {command(f'round publish {round_.name}')} 把全部获奖案例改为 status: published。",
            ))
    return found


def round_problems(library: Library, guard, on_disk: set[str]) -> list[Problem]:
    """Each round's record (data/rounds/<名称>.yml) as its commands write it, and the texts its results page shows
    (a submission's title, school and authors) checked by the privacy guard (``guard``) as a registry's are: a name
    or a phone number written there by hand is an error at its line, and the page waits for the fix. A winner whose
    item is no longer in the repository (``on_disk``: every item's key) is a warning at its row: the page leaves it out."""
    found: list[Problem] = []
    entries = {e.key: e for e in library.all_entries()}
    for name in configured(library.site):
        try:
            round_ = load_round(library.site, str(name))
        except RoundError as exc:  # reported here once (check, build): the other readers of rounds skip it
            where = f"rounds.{name}.{exc.option}" if exc.option else f"rounds.{name}"
            found.append(Problem("mkdocs.yml", config_line(library.site.root, str(name), exc.option), where, str(exc)))
            continue
        found += state_problems(library.site.root, round_)
        state = load_state(library.site.root, round_)
        path = library.site.root / round_.state_file
        for i, row in enumerate(state.results.get("ranking") or []):
            where = ("results", "ranking", i)
            data = {key: row.get(key) for key in ("title", "school")}
            data["authors"] = "、".join(row.get("authors") or [])
            lines = {(key,): state.lines.get((*where, key), state.lines.get(where, 1)) for key in data}
            own = entries.get(str(row.get("key") or ""))
            if row.get("award") and str(row.get("key") or "") not in on_disk:
                found.append(warning(round_.state_file, lines[("title",)], f"results.ranking[{i}].key", _gone(row)))
            text = Entry(
                "rounds", f"{round_.name}-{i}", path, round_.state_file, path.parent, "rounds", data=data, lines=lines,
                people=dict(own.people) if own is not None else {},  # the submission's own authors are declared there
            )
            text.data["pseudonyms"] = list(own.data.get("pseudonyms") or []) if own is not None else []
            found += [
                Problem(p.path, p.line, f"results.ranking[{i}].{p.field}", p.message.replace(p.field, ROW_TEXTS.get(p.field, p.field)), p.severity)
                for p in guard(text)
            ]
    return found


def _gone(row: dict) -> str:
    return (
        f"获奖条目“{row.get('key')}”（{row.get('title', '')}）在仓库中找不到（文件夹已删除或改名），结果页不再列出这一行。"
        "改了目录名时，请把这里的 key 改成新的“集合/目录名”；要撤下获奖案例，请保留它的文件夹并写 status: withdrawn 和 withdrawn_date。"
    )


def config_line(root: Path, name: str, option: str) -> int:
    """The line of mkdocs.yml where round ``name``'s ``option`` is written (the round's line, ``rounds:``'s, or 1 when
    it cannot be found): the file as text, read only for a line number."""
    try:
        lines = (root / "mkdocs.yml").read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return 1
    found, start = 1, 0
    for pattern in (r"rounds", re.escape(name), re.escape(option) if option else None):
        if pattern is None:
            break
        match = re.compile(rf"""^\s*(?:-\s*)?["']?{pattern}["']?\s*:""")
        for i in range(start, len(lines)):
            if match.match(lines[i]):
                found, start = i + 1, i + 1
                break
        else:
            break
    return found


def held_rounds(library: Library) -> set[str]:
    """The state files with an error (round_problems): their rounds' results pages wait for the fix."""
    return {p.path for p in library.site_problems if p.is_error and p.path.startswith("data/rounds/")}


def round_views(library: Library, today: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """Results pages to make: one per configured round that has results."""
    views = {}
    for name in configured(library.site):
        try:
            view = results_view(library, str(name), today)
        except RoundError:
            continue  # a broken round is reported by `xinyu round`, not by the build
        if view is not None:
            views[str(name)] = view
    return views


def results_view(library: Library, name: str, today: dt.date | None = None) -> dict[str, Any] | None:
    """What the round's results page shows, or None before `round results` has run."""
    today = today or current_day()
    round_ = load_round(library.site, name)
    state = load_state(library.site.root, round_)
    if not state.results.get("ranking") or round_.state_file in held_rounds(library):
        return None
    published = {e.key: e for e in library.published(round_.collection)}
    # Only winners whose item is there: one taken down at a family's or school's request (withdrawn) or gone from the
    # repository appears nowhere, its line here included.
    present = {e.key for e in library.entries.get(round_.collection, []) if not e.withdrawn}
    winners = [r for r in state.winners() if r.get("key") in present]
    groups = []
    for award in RANKS:
        rows = [r for r in winners if r.get("award") == award]
        if rows:
            shown = [dict(r, url=published[r["key"]].url) for r in rows if r.get("key") in published]
            groups.append({"award": award, "count": len(rows), "items": shown, "waiting": len(rows) - len(shown)})
    collection = library.site.collections.get(round_.collection)
    return {
        "name": round_.name,
        "collection_name": round_.collection,
        "collection": (collection.label, f"{collection.prefix}/") if collection else None,
        "title": f"{round_.year}年度优秀案例评选结果",
        "round_title": round_.title,
        "level": round_.level,
        "in_notice": state.in_notice(today),
        "announced": str(state.results.get("announced", "")),
        "notice_until": str(state.results.get("notice_until", "")),
        "submissions": int(state.results.get("submissions") or len(state.results.get("ranking") or [])),
        "winners": sum(g["count"] for g in groups),
        "waiting": sum(g["waiting"] for g in groups),
        "groups": groups,
    }
