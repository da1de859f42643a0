"""The contributor guide's field reference, generated from the schemas and the vocabulary.

The site's contributor page carries the marker ``<!-- xinyu:field-reference -->``;
the plugin replaces it with :func:`field_reference_markdown` at build time,
and ``xinyu guide`` writes the same text into CONTRIBUTING.md, so the reference
cannot drift from what ``xinyu check`` enforces.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from .commands import RUNNER, command
from .programme import guide_sections

if TYPE_CHECKING:
    from .library import Library
    from .vocabulary import Vocabulary

MARKER = "<!-- xinyu:field-reference -->"
END_MARKER = "<!-- /xinyu:field-reference -->"


def field_reference_markdown(library: Library, level: int = 3, templates: bool = True) -> str:
    """Markdown: one table per collection (字段, 必填, 写法, 说明, 示例) with a blank template, then the vocabulary with aliases."""
    h = "#" * level
    parts = [
        "以下字段说明由程序根据各集合的模式文件和共享词表自动生成，与 `xinyu check` 的检查规则一致。"
        "所有文字字段都是纯文本：不能包含 HTML 标签（如 `<b>`、`<script>`），网页上一律按文字原样显示。\n"
    ]
    for name, spec in library.site.collections.items():
        schema = library.schemas[name]
        parts.append(f"{h} {spec.label}（{name}）\n")
        where = f"每个{spec.item_label}一个文件夹：`{spec.source}/<目录名>/index.md`，附件放在同一文件夹里。新建：`{command('new ' + name.removesuffix('s'), RUNNER)}`。"
        parts.append(where + "\n")
        parts.append(_field_table(schema.schema, library.vocabulary))
        sections = schema.schema.get("x-body-sections") or []
        if sections:
            titles = [s.get("title", "") if isinstance(s, dict) else str(s) for s in sections]
            parts.append(f"正文建议分为这些小标题：{'、'.join(titles)}。\n")
        if templates:
            parts.append(_template_block(library, name))
    parts.append(guide_sections(library, h))  # the groups registry and the schools list
    parts.append(_vocabulary_section(library, h))
    return "\n".join(parts).rstrip("\n") + "\n"


def _template_block(library: Library, name: str) -> str:
    """The file ``xinyu new`` would write (with the schema's examples), folded, for contributors using the web interface."""
    from ..cli.scaffold import fields_of, render_item  # the one renderer of item files; pure, imports only content

    spec, schema = library.site.collections[name], library.schemas[name]
    # Optional fields that xinyu new asks for (pseudonyms) are shown filled in, as after the prompts.
    values = {f.name: f.example for f in fields_of(schema) if f.asked and not f.required and f.example is not None}
    text = render_item(schema, spec, values, library.vocabulary)
    return (
        '<details markdown="1">\n'
        f"<summary>{spec.item_label}模板：网页投稿时整段复制到 index.md，再逐项修改</summary>\n\n"
        f"```markdown\n{text}```\n\n"
        "</details>\n"
    )


def _field_table(schema: dict[str, Any], vocabulary: Vocabulary) -> str:
    rows = ["| 字段 | 必填 | 写法 | 说明 | 示例 |", "|---|---|---|---|---|"]
    required = set(schema.get("required", []))
    props = schema.get("properties", {})
    ordered = [n for n in schema.get("required", []) if n in props] + [n for n in props if n not in required]
    for name in ordered:
        prop = props[name]
        rows.append(_row(name, prop, "是" if name in required else "否", vocabulary, example_key=name))
        for sub, sub_prop, sub_required in _children(prop):
            need = f"是（写 {name} 时）" if sub_required else "否"
            rows.append(_row(f"{name}{sub}", sub_prop, need, vocabulary))
    return "\n".join(rows) + "\n"


def _children(prop: dict[str, Any]) -> list[tuple[str, dict, bool]]:
    """Sub-fields of an object field (award.level) or of a list of objects (attachments[].file)."""
    if prop.get("type") == "object":
        holder, sep = prop, "."
    elif prop.get("type") == "array" and (prop.get("items") or {}).get("type") == "object":
        holder, sep = prop["items"], "[]."
    else:
        return []
    needed = set(holder.get("required", []))
    return [(f"{sep}{k}", v, k in needed) for k, v in (holder.get("properties") or {}).items()]


def _row(name: str, prop: dict[str, Any], need: str, vocabulary: Vocabulary, example_key: str | None = None) -> str:
    description = str(prop.get("description") or "").strip()
    label = prop.get("title")
    what = f"{label}。{description}" if label and description else (label or description)
    example = ""
    if example_key and "x-example" in prop:
        example = f"`{example_key}: {_inline(prop['x-example'])}`"
    elif "x-example" in prop:
        example = f"`{_inline(prop['x-example'])}`"
    cells = [f"`{name}`", need, value_form(prop, vocabulary), what, example]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def value_form(prop: dict[str, Any], vocabulary: Vocabulary) -> str:
    """How a value is written, in a few Chinese words."""
    kind = prop.get("type")
    terms = vocabulary.lists.get(prop.get("x-vocabulary", ""))
    if "const" in prop:
        return f"只能写 {_inline(prop['const'])}"
    if terms is not None:
        return f"“{terms.label}”中的一项或多项（列表，一项时可不加方括号）" if kind == "array" else f"“{terms.label}”中的一项"
    if prop.get("x-people"):
        return "列表；每项是作者编号或姓名" + ("，或 name/affiliation/title" if _has_object_items(prop) else "")
    if prop.get("x-attachment"):
        return "本条目文件夹中的文件名，或 file/title"
    if "enum" in prop:
        return " 或 ".join(map(str, prop["enum"]))
    if kind == "array":
        items = prop.get("items") or {}
        if items.get("type") == "object":
            return "列表；每项写 " + "、".join(items.get("properties") or {})
        return "列表，如 [甲, 乙]"
    if kind == "object":
        return "子字段：" + "、".join(prop.get("properties") or {})
    if kind == "string":
        if prop.get("format") == "xinyu-date":
            return "日期：2024-05-20 或 2024-05"
        return f"文字，最多 {prop['maxLength']} 字" if "maxLength" in prop else "文字"
    if kind == "integer":
        return f"整数（不小于 {prop['minimum']}）" if "minimum" in prop else "整数"
    if kind == "number":
        return "数字"
    if kind == "boolean":
        return "true 或 false"
    return "见说明"


def _has_object_items(prop: dict[str, Any]) -> bool:
    items = prop.get("items") or {}
    return items.get("type") == "object" or any(o.get("type") == "object" for o in items.get("oneOf", []) if isinstance(o, dict))


def _vocabulary_section(library: Library, h: str) -> str:
    used: dict[str, list[str]] = {}
    for name, spec in library.site.collections.items():
        for field, prop in _vocabulary_fields(library.schemas[name].schema.get("properties", {})):
            used.setdefault(prop["x-vocabulary"], []).append(f"{spec.label} `{field}`")
    parts = [
        f"{h} 词表\n",
        "有固定取值的字段只能写下表中的取值；写别名也可以，检查时会自动换成正式取值。维护者可以在 `"
        + library.site.vocabulary
        + "` 中增加取值和别名。\n",
    ]
    for name, terms in library.vocabulary.lists.items():
        parts.append(f"{h}# {terms.label}（{name}）\n")
        if used.get(name):
            parts.append(f"用于：{'、'.join(used[name])}。\n")
        rows = ["| 取值 | 也可以写 |", "|---|---|"]
        for term in terms.terms:
            aliases = [a for a, t in terms.aliases.items() if t == term and a != term]
            rows.append(f"| {_cell(term)} | {_cell('、'.join(aliases) or '—')} |")
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def _vocabulary_fields(props: dict[str, Any], prefix: str = ""):
    for name, prop in props.items():
        if prop.get("x-vocabulary"):
            yield prefix + name, prop
        if isinstance(prop.get("properties"), dict):
            yield from _vocabulary_fields(prop["properties"], f"{prefix}{name}.")


def replace_marker(text: str, reference: str) -> str:
    """Put the reference after the marker; an earlier reference up to the end marker is replaced."""
    start = text.find(MARKER)
    if start < 0:
        return text
    after = start + len(MARKER)
    end = text.find(END_MARKER, after)
    tail = text[end + len(END_MARKER) :] if end >= 0 else text[after:]
    return text[:after] + "\n\n" + reference.rstrip("\n") + "\n\n" + END_MARKER + tail


def _inline(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return value  # xinyu reads dates as text: no quotes needed, none shown
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000, sort_keys=False).strip()
    return text.removesuffix("...").strip()


def _cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
