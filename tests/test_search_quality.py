"""Precision and recall on the judged query set (tests/data/search-eval/, scripts/search_eval.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import search_eval  # noqa: E402


def test_query_set_is_judged_and_large_enough():
    queries = search_eval.load_queries()
    assert len(queries) >= 50
    corpus = json.loads((search_eval.DATA / "corpus.json").read_text(encoding="utf-8"))
    known = {d["url"] for d in corpus["items"] + corpus["pages"]}
    for q in queries:
        assert set(q["relevant"]) <= known, q["q"]
    assert {q["kind"] for q in queries} == {"word", "syn", "att", "page", "phrase", "typo"}


def test_precision_and_recall_hold():
    result = search_eval.evaluate(json.loads((search_eval.DATA / "corpus.json").read_text(encoding="utf-8")), search_eval.load_queries())
    totals = result["totals"]
    assert totals["recall"] >= 0.9 and totals["precision"] >= 0.75, totals
    # what was never found before: attachment-only phrases, site pages, typos and pinyin
    for kind in ("att", "page", "typo"):
        assert totals[kind]["recall"] == 1.0, (kind, [r for r in result["rows"] if r["kind"] == kind and r["missed"]])
