"""Related items from shared features through an inverted index (never all pairs)."""

from __future__ import annotations

import math
from collections import defaultdict

from ..content.entry import Entry

WEIGHTS = {"tags": 3.0, "series": 3.0, "event": 3.0, "topics": 2.0, "type": 2.0, "kind": 1.5, "grade": 1.0}
POSTING_CAP = 60  # for common features only the newest items are candidates: keeps cost linear


def features(entry: Entry) -> list[tuple[str, str]]:
    out = []
    for name in WEIGHTS:
        value = entry.data.get(name)
        for v in value if isinstance(value, list) else ([value] if value else []):
            out.append((name, str(v)))
    return out


def related_items(entries: list[Entry], limit: int = 5) -> dict[str, list[Entry]]:
    """Top ``limit`` related entries (same collection) for each entry, best first."""
    ordered = sorted(entries, key=lambda e: str(e.data.get("date", "")), reverse=True)
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    entry_features = [features(e) for e in ordered]
    for i, feats in enumerate(entry_features):
        for feat in feats:
            postings[feat].append(i)
    total = max(len(ordered), 1)
    result: dict[str, list[Entry]] = {}
    for i, entry in enumerate(ordered):
        scores: dict[int, float] = defaultdict(float)
        for feat in entry_features[i]:
            posting = postings[feat]
            weight = WEIGHTS[feat[0]] * (1.0 + math.log(total / len(posting)))
            for j in posting[:POSTING_CAP]:
                if j != i:
                    scores[j] += weight
        best = sorted(scores, key=lambda j: (-scores[j], j))[:limit]
        result[entry.key] = [ordered[j] for j in best]
    return result
