"""Write a new item from its collection's schema: front matter commented in Chinese, body skeleton.

Nothing here is per collection: field order comes from the schema's
``required`` list, comments from each field's ``title``/``description``,
examples from ``x-example``, choices from the vocabulary, and the body from
``x-body-sections``. A collection added in mkdocs.yml gets a template too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.schema import Schema
from ..content.schema import inline_yaml as yaml_value  # one way to show a value, in messages and templates
from ..content.site import SLUG_RE, CollectionSpec
from ..content.slug import slug_of
from ..content.vocabulary import Vocabulary

# Optional fields worth asking for even though the schema does not require them
# (a schema can say so itself with ``x-prompt: true``, or opt out with ``x-prompt: false``).
ASK_ALSO = ("pseudonyms",)
SLUG_MAX = 40


@dataclass
class Field:
    """One front-matter field as the scaffold sees it."""

    name: str
    prop: dict
    required: bool

    @property
    def label(self) -> str:
        return str(self.prop.get("title") or self.name)

    @property
    def kind(self) -> str:
        """How the value is asked for and written: choice, choices, people, list, date, text, integer, number, boolean,
        confirm (``const: true``: the contributor's own confirmation, e.g. anonymized), fixed, other."""
        p, kind = self.prop, self.prop.get("type")
        if "const" in p:
            return "confirm" if p["const"] is True else "fixed"
        if p.get("x-vocabulary"):
            return "choices" if kind == "array" else "choice"
        if p.get("x-people"):
            return "people"
        if kind == "array" and (p.get("items") or {}).get("type") == "string":
            return "list"
        if kind == "string":
            return "date" if p.get("format") == "xinyu-date" else "text"
        if kind in ("integer", "number", "boolean"):
            return kind
        return "other"

    @property
    def asked(self) -> bool:
        """Whether ``xinyu new`` prompts for it."""
        if self.kind in ("fixed", "other"):
            return False
        if "x-prompt" in self.prop:
            return bool(self.prop["x-prompt"])
        return self.required or self.name in ASK_ALSO

    @property
    def example(self) -> Any:
        if "x-example" in self.prop:
            return self.prop["x-example"]
        if "const" in self.prop:
            return self.prop["const"]
        return None


def fields_of(schema: Schema) -> list[Field]:
    """Every field: required ones in the schema's ``required`` order (title first), then the optional ones."""
    required = [n for n in schema.required if n in schema.properties]
    if "title" in required:
        required.remove("title")
        required.insert(0, "title")
    optional = [n for n in schema.properties if n not in required]
    return [Field(n, schema.properties[n], True) for n in required] + [Field(n, schema.properties[n], False) for n in optional]


def default_value(field: Field, today: dt.date | None = None) -> Any:
    """A value the scaffold can fill in without asking (today only for a required date: an optional
    one such as ``withdrawn_date`` filled in would say a new item was withdrawn today). A confirmation
    (``anonymized: true``) is never filled in for the contributor: they are asked, or give the flag."""
    if field.kind == "fixed":
        return field.prop["const"]
    if field.kind == "date" and field.required:
        return (today or dt.date.today()).isoformat()
    if "default" in field.prop:
        return field.prop["default"]
    return None


# -- slug and place --------------------------------------------------------------------------


def make_slug(title: str, source_dir: Path, today: dt.date | None = None, reserved: frozenset[str] = frozenset()) -> str:
    """A slug from the title's pinyin (or the date), unique in the collection's folder and none of ``reserved``
    (the names of the pages a collection generates: a document titled “search” or “Tags”). What the privacy guard
    finds in the title (a name, a phone number) is left out: the folder's name is the page's address, and it stays
    when the title is corrected."""
    base = slug_of(without_findings(title or ""), SLUG_MAX)
    if not base or not SLUG_RE.match(base):
        base = (today or dt.date.today()).strftime("%Y%m%d")
    slug, n = base, 2
    while taken(slug, source_dir) or slug.casefold() in {r.casefold() for r in reserved}:
        slug, n = f"{base}-{n}", n + 1
    return slug


def without_findings(text: str) -> str:
    """``text`` without what the privacy guard finds in it (names, phone and ID numbers), each left as a space."""
    from ..guard import scan_text

    for finding in reversed(scan_text(text)):
        text = text[: finding.start] + " " + text[finding.end :]
    return text


def taken(slug: str, source_dir: Path) -> bool:
    """A folder or a flat file of that name exists (in any letter case: Windows and macOS ignore case)."""
    if not source_dir.is_dir():
        return False
    names = {p.name.casefold() for p in source_dir.iterdir()}
    return slug.casefold() in names or f"{slug}.md".casefold() in names


# -- rendering ---------------------------------------------------------------------------------


def field_comment(field: Field, vocabulary: Vocabulary) -> list[str]:
    """The Chinese comment lines above a field."""
    need = "必填" if field.required else "选填"
    lines = [f"# {field.label}（{need}）：{field.prop.get('description', '').strip()}".rstrip("：")]
    lines += [f"#   {hint}" for hint in _hints(field, vocabulary)]
    return lines


def _hints(field: Field, vocabulary: Vocabulary) -> list[str]:
    p, hints = field.prop, []
    name = p.get("x-vocabulary")
    if name and name in vocabulary:
        many = "，可写多个" if field.kind == "choices" else ""
        hints.append(f"可选{many}：{'、'.join(vocabulary[name].terms)}")
    for sub, sp in (p.get("properties") or {}).items():
        if sp.get("x-vocabulary") in vocabulary:
            hints.append(f"{sub}（{sp.get('title', sub)}）可选：{'、'.join(vocabulary[sp['x-vocabulary']].terms)}")
    if p.get("x-people"):
        hints.append("每项写作者名录 data/authors.yml 中的编号（如 zhou-min），或直接写姓名")
    if field.kind in ("list", "choices", "people") and field.required:
        hints.append("只有一项时也可以不加方括号")
    if "const" in p:
        hints.append(f"只能写 {yaml_value(p['const'])}")
    return hints


UNCONFIRMED = "模板写的是 false：做到隐私检查清单的每一项后，由您本人改成 true；改好之前检查会报错"


def render_front_matter(fields: list[Field], values: dict[str, Any], vocabulary: Vocabulary) -> list[str]:
    """Front matter lines: filled fields as YAML, the rest commented out with an example."""
    lines = [
        "---",
        "# 这是本条目的元数据（front matter）。以“#”开头的行是说明，不会出现在网站上。",
        "# 每个字段写成“字段: 值”，英文冒号后空一格；列表写成 [甲, 乙]；不要用 Tab 缩进。",
        "",
    ]
    filled = [f for f in fields if f.required or values.get(f.name) is not None]
    rest = [f for f in fields if f not in filled]
    for field in filled:
        value = values.get(field.name)
        lines += field_comment(field, vocabulary)
        if value is None and field.kind == "confirm":  # the contributor's own word (anonymized): never written for them
            lines.append(f"#   {UNCONFIRMED}")
            value = False
        lines.append(f"{field.name}: {yaml_value(value if value is not None else field.example)}")
        lines.append("")
    if rest:
        lines += ["# ── 以下是选填字段：需要时删掉行首的“# ”，再改成自己的内容 ──", ""]
        for field in rest:
            example = field.example
            lines += field_comment(field, vocabulary)
            if example is None and field.prop.get("type") == "array":
                example = []
            lines.append(f"# {field.name}: {yaml_value(example)}" if example is not None else f"# {field.name}:")
            lines.append("")
    lines[-1] = "---"
    return lines


def render_body(schema: Schema, collection: CollectionSpec) -> list[str]:
    """The body skeleton: one heading per ``x-body-sections`` entry, each with a writing hint."""
    lines: list[str] = [""]
    if "anonymized" in schema.properties or "pseudonyms" in schema.properties:
        lines += [
            "<!-- 隐私提醒：学生、家长一律用化名（如 小A），并写进上面的 pseudonyms；",
            "     不写真实姓名、学校班级、住址、电话、身份证号、照片等可识别身份的信息。 -->",
            "",
        ]
    sections = schema.schema.get("x-body-sections") or []
    if not sections:
        return lines + [f"<!-- 在这里写{collection.item_label}的正文，可以用 ## 小标题分节。 -->", ""]
    for section in sections:
        title, hint = (section.get("title", ""), section.get("description", "")) if isinstance(section, dict) else (str(section), "")
        lines += [f"## {title}", "", f"<!-- {hint or f'在这里写“{title}”。'}写好后可删除这行提示。 -->", ""]
    return lines


def render_item(schema: Schema, collection: CollectionSpec, values: dict[str, Any], vocabulary: Vocabulary) -> str:
    lines = render_front_matter(fields_of(schema), values, vocabulary) + render_body(schema, collection)
    return "\n".join(lines).rstrip("\n") + "\n"


def split_list(text: str) -> list[str]:
    """'小A、小林, 王老师' → ['小A', '小林', '王老师']: Chinese and English separators alike."""
    return [part.strip() for part in re.split(r"[,，、;；\n]+", text) if part.strip()]
