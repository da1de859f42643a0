#!/usr/bin/env python3
"""Precision and recall of the search on a judged query set (tests/data/search-eval/).

The corpus is the sample site frozen as search documents (items with their attachments' visible
text, the site pages, the people pages), so that new sample content does not move the judgments.
``queries.yml`` holds 50+ queries a teacher might type, each with the pages judged relevant
(those whose readable text has what the query means: as written, in other words, in an
attachment; see the file's header).

    python scripts/search_eval.py                         # this checkout's engine: table + totals
    python scripts/search_eval.py --plugins /tmp/old/plugins --json before.json   # another engine
    python scripts/search_eval.py --freeze                # re-freeze the corpus from the sample site
                                                          # (then re-judge: new sample items are not in queries.yml)

"Before" is measured by pointing ``--plugins`` at an older checkout's ``plugins/`` folder
(``git archive <commit> plugins | tar -x -C /tmp/old``); whatever that engine cannot take
(attachments, pages, synonyms) is left out, as its plugin did.

What counts as the answer: the results shown; when there are none, the first suggestion's
results (pinyin is shown at once; a typo's suggestion is one click). Per query: precision =
relevant shown / shown (all results, not only the first page), precision@5 over the first five,
recall = relevant shown / relevant; totals are means over the queries (precision over those
with results).
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data/search-eval"


def freeze(site_root: Path = ROOT) -> dict:
    """The sample site's search documents, as the plugin makes them (attachments read, pages included)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from xinyu.content import load_library
    from xinyu.content.site import load_site
    from xinyu.index import build_index
    from xinyu.plugin.exports import page_docs, search_docs
    from xinyu.search import read_attachments

    index = build_index(load_library(load_site(site_root / "mkdocs.yml")))
    items = search_docs(index)
    read_attachments(items)
    for doc in items:
        for attachment in doc.attachments:
            attachment.path = ""
    sources = []
    for path in sorted((site_root / "docs").rglob("*.md")):
        rel = path.relative_to(site_root / "docs").as_posix()
        if rel.split("/")[0] in ("dev", "courses", "lectures", "research"):
            continue
        url = rel.removesuffix("index.md") if rel.endswith("index.md") else rel.removesuffix(".md") + "/"
        sources.append((rel, url, path.read_bytes()))
    return {"items": [dataclasses.asdict(d) for d in items], "pages": [dataclasses.asdict(d) for d in page_docs(index, sources)]}


def load_docs(corpus: dict, accepts_attachments: bool):
    from xinyu.search import SearchDoc

    def make(raw: dict):
        raw = dict(raw)
        attachments = raw.pop("attachments", [])
        if accepts_attachments:
            from xinyu.search import SearchAttachment

            raw["attachments"] = [SearchAttachment(**{**a, "chunks": [tuple(c) for c in a["chunks"]]}) for a in attachments]
        return SearchDoc(**raw)

    return [make(d) for d in corpus["items"]], [make(d) for d in corpus["pages"]]


def evaluate(corpus: dict, queries: list[dict]) -> dict:
    """Build the index with the engine on sys.path and score every query."""
    from xinyu.search import SearchDoc, Searcher, write_index

    accepts = set(inspect.signature(write_index).parameters)
    items, pages = load_docs(corpus, "attachments" in {f.name for f in dataclasses.fields(SearchDoc)})
    kwargs = {"dictionary": ROOT / "data/dictionary.txt"}
    if "synonyms" in accepts:
        kwargs["synonyms"] = ROOT / "data/synonyms.txt"
    if "pages" in accepts:
        kwargs["pages"] = pages
    with tempfile.TemporaryDirectory() as out:
        write_index(items, Path(out), **kwargs)
        searcher = Searcher(Path(out))
        rows = [score(q, answer_urls(searcher, q["q"])) for q in queries]
    return {"rows": rows, "totals": totals(rows)}


def answer_urls(searcher, text: str) -> list[str]:
    answer = searcher.search(text)
    if not answer.hits and getattr(answer, "suggestions", None):
        answer = searcher.search(answer.suggestions[0].text)
    return [h.url for h in answer.hits]


def score(query: dict, shown: list[str]) -> dict:
    relevant = set(query["relevant"])
    hits = [u for u in shown if u in relevant]
    return {
        "q": query["q"], "kind": query.get("kind", ""), "shown": len(shown), "relevant": len(relevant), "found": len(hits),
        "precision": round(len(hits) / len(shown), 3) if shown else None,
        "p5": round(len([u for u in shown[:5] if u in relevant]) / min(5, len(shown)), 3) if shown else None,
        "recall": round(len(hits) / len(relevant), 3) if relevant else None,
        "missed": sorted(relevant - set(shown)), "wrong": [u for u in shown if u not in relevant],
    }


def totals(rows: list[dict]) -> dict:
    def mean(key: str, subset=None) -> float | None:
        values = [r[key] for r in (subset or rows) if r[key] is not None]
        return round(statistics.mean(values), 3) if values else None

    out = {"queries": len(rows), "precision": mean("precision"), "p5": mean("p5"), "recall": mean("recall"),
           "no_result": sum(1 for r in rows if not r["shown"])}
    for kind in sorted({r["kind"] for r in rows}):
        subset = [r for r in rows if r["kind"] == kind]
        out[kind] = {"n": len(subset), "precision": mean("precision", subset), "recall": mean("recall", subset)}
    return out


def load_queries() -> list[dict]:
    import yaml

    return yaml.safe_load((DATA / "queries.yml").read_text(encoding="utf-8"))


def table(result: dict) -> str:
    lines = ["| query | kind | shown | relevant | found | precision | P@5 | recall |", "|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        lines.append(f"| {r['q']} | {r['kind']} | {r['shown']} | {r['relevant']} | {r['found']} | {r['precision']} | {r['p5']} | {r['recall']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plugins", type=Path, help="evaluate the engine in this plugins/ folder (default: this checkout's)")
    parser.add_argument("--freeze", action="store_true", help="write tests/data/search-eval/corpus.json from the sample site")
    parser.add_argument("--json", type=Path, help="write the per-query results here")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args(argv)
    if args.freeze:
        corpus = freeze()
        (DATA / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(corpus['items'])} items, {len(corpus['pages'])} pages → {DATA / 'corpus.json'}")
        return 0
    sys.path.insert(0, str(args.plugins or ROOT / "plugins"))
    corpus = json.loads((DATA / "corpus.json").read_text(encoding="utf-8"))
    result = evaluate(corpus, load_queries())
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.quiet:
        print(table(result))
    print(json.dumps(result["totals"], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
