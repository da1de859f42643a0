"""``xinyu schema``: each collection's merged schema as plain JSON Schema, for editors and other tools.

The schema files are JSON Schema plus ``x-`` keywords that only xinyu
understands. The export turns what it can into standard keywords, so another
validator accepts exactly what ``xinyu check`` accepts where it can:

- ``x-vocabulary`` → the terms and their aliases as ``enum`` (terms first, for completion);
- ``x-example`` → ``examples``;
- a list field also accepts one lone value (the contract's reading rule);
- ``x-`` keys and xinyu's own ``format`` names are dropped (``--keep-extensions`` keeps the ``x-`` keys).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from ..content.vocabulary import Vocabulary
from .new import find_collection
from .site import open_library

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schema",
        help="把集合的字段模式导出为 JSON Schema（供编辑器和其他工具使用）",
        description="导出集合的字段模式（JSON Schema 2020-12）。不写集合时导出全部。",
    )
    parser.add_argument("collection", nargs="?", help="集合名，如 cases；不写则导出全部")
    parser.add_argument("--out", metavar="DIR", help="写入文件夹 DIR，每个集合一个 <集合>.schema.json；不写则输出到屏幕")
    parser.add_argument("--keep-extensions", action="store_true", help="保留 xinyu 自己的 x- 扩展关键字")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    library = open_library(args)
    if library is None:
        return 2
    specs = list(library.site.collections.values())
    if args.collection:
        spec = find_collection(args.collection, library)
        if spec is None:
            print(f"没有名为“{args.collection}”的集合。可用：{'、'.join(library.site.collections)}。", file=sys.stderr)
            return 2
        specs = [spec]
    exported = {
        s.name: export_schema(library.schemas[s.name].schema, library.vocabulary, s.name, s.label, args.keep_extensions) for s in specs
    }
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in exported.items():
            path = out / f"{name}.schema.json"
            path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            print(f"已写入 {path.as_posix()}", file=sys.stderr)
    else:
        document = next(iter(exported.values())) if len(exported) == 1 else exported
        print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0


def export_schema(schema: dict[str, Any], vocabulary: Vocabulary, name: str, label: str, keep_extensions: bool = False) -> dict[str, Any]:
    """One collection's schema as standalone JSON Schema 2020-12."""
    out = _convert(copy.deepcopy(schema), vocabulary, keep_extensions, top=True)
    head = {
        "$schema": DIALECT,
        "$id": f"xinyu:{name}",
        "title": schema.get("title") or label,
        "description": f"心育资源库“{label}”（{name}）条目的元数据（Markdown 文件开头两行 --- 之间的部分）。由 xinyu schema 从模式文件和词表生成。",
    }
    return {**head, **{k: v for k, v in out.items() if k not in head}}


def _convert(node: Any, vocabulary: Vocabulary, keep: bool, top: bool = False) -> Any:
    if isinstance(node, list):
        return [_convert(n, vocabulary, keep) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: _property(v, vocabulary, keep) for k, v in value.items()}
        elif key.startswith("x-"):
            if keep:
                out[key] = value
        elif key == "format" and str(value).startswith("xinyu-"):
            continue
        else:
            out[key] = _convert(value, vocabulary, keep)
    if "x-example" in node:
        out["examples"] = [node["x-example"]]
    return out


def _property(prop: Any, vocabulary: Vocabulary, keep: bool) -> Any:
    """A field: vocabulary as enum, and a list field that also takes one lone value."""
    if not isinstance(prop, dict):
        return prop
    converted = _convert(prop, vocabulary, keep)
    terms = vocabulary.lists.get(prop.get("x-vocabulary", ""))
    if terms is not None:
        choice = {
            "type": "string",
            "anyOf": [{"enum": terms.terms}, {"enum": [a for a in terms.aliases if a not in terms.terms] or terms.terms}],
        }
        if converted.get("type") == "array":
            converted["items"] = {**converted.get("items", {}), **choice}
        else:
            converted.update(choice)
    if converted.get("type") == "array" and isinstance(converted.get("items"), dict):
        annotations = {k: converted.pop(k) for k in ("title", "description", "examples") if k in converted}
        return {**annotations, "anyOf": [converted, converted["items"]]}
    return converted
