"""After the 公示期: a round's winners are published by the next build; the others stay drafts.

Also the results page's data: the round's counts and its winners by rank, each
linked to its page once it is published (during the notice they are listed
without links, as a public notice lists them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..content.library import Library
from .config import RANKS, RoundError, configured, load_round
from .state import load_state
from .state import today as current_day


def publish_winners(library: Library, today: dt.date | None = None) -> None:
    """Winners of every round whose notice has ended count as published (their files still say draft)."""
    today = today or current_day()
    for name in configured(library.site):
        try:
            round_ = load_round(library.site, str(name))
        except RoundError:
            continue
        state = load_state(library.site.root, round_)
        until = state.notice_until()
        if until is None or today <= until:
            continue
        winners = {r.get("key") for r in state.winners()}
        for entry in library.entries.get(round_.collection, []):
            if entry.key in winners and entry.data.get("award") and str(entry.data.get("round")) == round_.name:
                entry.data["status"] = "published"


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
    if not state.results.get("ranking"):
        return None
    published = {e.key: e for e in library.published(round_.collection)}
    groups = []
    for award in RANKS:
        rows = [dict(r, url=published[r["key"]].url if r.get("key") in published else None) for r in state.winners() if r.get("award") == award]
        if rows:
            groups.append({"award": award, "items": rows})
    return {
        "name": round_.name,
        "title": f"{round_.year}年度优秀案例评选结果",
        "round_title": round_.title,
        "level": round_.level,
        "in_notice": state.in_notice(today),
        "announced": str(state.results.get("announced", "")),
        "notice_until": str(state.results.get("notice_until", "")),
        "submissions": int(state.results.get("submissions") or len(state.results.get("ranking") or [])),
        "winners": sum(len(g["items"]) for g in groups),
        "groups": groups,
    }
