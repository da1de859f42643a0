"""Related items from shared features through an inverted index (never all pairs)."""

from __future__ import annotations

import math
from collections import defaultdict

from ..content.entry import Entry
from .memo import IndexMemo

WEIGHTS = {"tags": 3.0, "series": 3.0, "event": 3.0, "topics": 2.0, "type": 2.0, "kind": 1.5, "grade": 1.0}
POSTING_CAP = 60  # for common features only the newest items are candidates: keeps cost linear


def features(entry: Entry) -> list[tuple[str, str]]:
    out = []
    for name in WEIGHTS:
        value = entry.data.get(name)
        for v in value if isinstance(value, list) else ([value] if value else []):
            out.append((name, str(v)))
    return out


_last: dict[str, tuple[tuple, list[list[int]]]] = {}  # collection → (inputs, answer) of the last call (serve rebuilds)


def related_items(entries: list[Entry], limit: int = 5, memo: IndexMemo | None = None) -> dict[str, list[Entry]]:
    """Top ``limit`` related entries (same collection) for each entry, best first.

    The answer depends only on each entry's date and features, in order: when those are what the last call
    for the same entries had (an edit of a title or a body under ``serve``), its answer is given again; with
    ``memo``, what an earlier build found for them too.
    """
    ordered = sorted(entries, key=lambda e: str(e.data.get("date", "")), reverse=True)
    entry_features = [features(e) for e in ordered]
    inputs = (limit, tuple((e.key, str(e.data.get("date", "")), tuple(f)) for e, f in zip(ordered, entry_features, strict=True)))
    collection = ordered[0].collection if ordered else ""
    last = _last.get(collection)
    if memo is not None:
        same = last is not None and last[0] == inputs
        last = _last[collection] = (inputs, memo.related(inputs, lambda: last[1] if same else _scores(entry_features, limit)))
    elif last is None or last[0] != inputs:
        last = _last[collection] = (inputs, _scores(entry_features, limit))
    found = last[1]
    return {entry.key: [ordered[j] for j in found[i]] for i, entry in enumerate(ordered)}


def _scores(entry_features: list[list[tuple[str, str]]], limit: int) -> list[list[int]]:
    """For each entry (by position), the positions of its best ``limit`` matches."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, feats in enumerate(entry_features):
        for feat in feats:
            postings[feat].append(i)
    total = max(len(entry_features), 1)
    result: list[list[int]] = []
    for i, feats in enumerate(entry_features):
        scores: dict[int, float] = defaultdict(float)
        for feat in feats:
            posting = postings[feat]
            weight = WEIGHTS[feat[0]] * (1.0 + math.log(total / len(posting)))
            for j in posting[:POSTING_CAP]:
                if j != i:
                    scores[j] += weight
        result.append(sorted(scores, key=lambda j: (-scores[j], j))[:limit])
    return result
