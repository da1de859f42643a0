"""One converted document → the text of ``index.md`` and its findings, then a new folder.

The front matter follows the collection's schema, each field with its Chinese
comment (as ``xinyu new`` writes it). What the document states is filled in;
a required field it does not state is left empty under a comment, so that
``check`` reports it at its own line. ``anonymized`` is never filled: only a
person can confirm it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cli.scaffold import Field, field_comment, fields_of, yaml_value
from ..content.library import Library, guard_context
from ..content.site import CollectionSpec
from ..guard import scan_text
from ..guard.findings import mask_name
from .convert import Conversion
from .pictures import strip_metadata

NEVER_FILLED = {"anonymized"}  # a confirmation, not a fact a document can state
PERSON_PROPERTIES = ("作者", "最后修改者", "经理", "单位")  # document properties that name a person (or their school)
SUMMARY_CHARS = 120


@dataclass
class Draft:
    """The item an import would write: its slug, text, pictures, and the import report."""

    text: str
    values: dict[str, Any]
    conversion: Conversion
    report: list[str] = field(default_factory=list)  # what was left behind, as Chinese sentences


def values_from(conversion: Conversion, library: Library, spec: CollectionSpec, round_name: str | None) -> dict[str, Any]:
    """Front-matter values the document states, by field name."""
    found, cover = conversion.found, conversion.found.cover
    schema = library.schemas[spec.name]
    values: dict[str, Any] = {"title": found.title, "date": found.date, "school": found.school}
    people_key = next((k for k, p in schema.properties.items() if p.get("x-people")), "authors")
    values[people_key] = found.authors
    for key in ("grade", "type", "topics", "tags"):
        if cover.get(key) and key in schema.properties:
            prop = schema.properties[key]
            stated = [v for v in re.split(r"[、，,；;\s]+", cover[key]) if v]
            terms = library.vocabulary.lists.get(prop.get("x-vocabulary", ""))
            if terms is not None:  # 初二年级 → 初中: a spelling the vocabulary reads exactly; anything else stays for check
                stated = list(dict.fromkeys((terms.normalise(v) or (terms.reads_as(v) or (v,))[0]) for v in stated))
            values[key] = stated if prop.get("type") == "array" else stated[0]
    values["summary"] = _summary(found.lead)
    if found.pseudonyms and "pseudonyms" in schema.properties:
        values["pseudonyms"] = found.pseudonyms
    if round_name:
        values["status"] = "draft"
        values["round"] = round_name
    return {k: v for k, v in values.items() if v not in ("", [], None) and k in schema.properties}


def _summary(lead: str) -> str:
    """The first sentences of the body's first paragraph (its words, not its Markdown), for the contributor to rewrite."""
    cut = lead[:SUMMARY_CHARS]
    end = max(cut.rfind("。"), cut.rfind("；"))
    return cut[: end + 1] if end > 20 else cut


def render(values: dict[str, Any], library: Library, spec: CollectionSpec, source_name: str) -> str:
    """index.md: commented front matter (placeholders for the unknown), then the body."""
    lines = [
        "---",
        f"# 由 xinyu import 从“{source_name}”导入（{dt.date.today().isoformat()}）。以“#”开头的行是说明。",
        "# 标有“请填写”的字段是文档中没有写明的：填好后运行 python3 scripts/dev.py check（Windows：py scripts\\dev.py check）检查。",
        "",
    ]
    for item in fields_of(library.schemas[spec.name]):
        value = values.get(item.name)
        if value is None and not (item.required and item.kind != "fixed") and item.name not in (*NEVER_FILLED, "pseudonyms"):
            continue
        lines += field_comment(item, library.vocabulary)
        lines += _value_lines(item, value)
        lines.append("")
    lines[-1] = "---"
    return "\n".join(lines) + "\n"


def _value_lines(item: Field, value: Any) -> list[str]:
    if value is None and item.name == "pseudonyms":  # none found: the line the privacy errors tell the contributor to fill
        return ["# ↓ 文中学生、家长的化名（如 小A、A妈妈）写在这里，检查据此区分化名和真实姓名", "pseudonyms: []"]
    if value is None or item.name in NEVER_FILLED:
        hint = (
            "确认文中学生、家长都已用化名、删去可识别身份的细节后，写 true" if item.name == "anonymized" else "导入时文档中没有写明，请填写"
        )
        example = item.example
        shown = f"，如 {yaml_value(example)}" if example is not None and item.name not in NEVER_FILLED else ""
        return [f"# ↓ 请填写：{hint}{shown}", f"{item.name}:"]
    note = {"summary": ["# ↓ 导入时取自正文第一段，请改写成一两句概括"], "pseudonyms": ["# ↓ 导入时从正文中找到的化名，请核对"]}
    return note.get(item.name, []) + [f"{item.name}: {yaml_value(value)}"]


def declared_names(values: dict[str, Any], library: Library, spec: CollectionSpec) -> set[str]:
    """The names the check accepts in this item as they are: its people and pseudonyms (as the import fills them in),
    the authors registry's and the site's allow list."""
    people = [k for k, p in library.schemas[spec.name].properties.items() if p.get("x-people")]
    names = {n for key in [*people, "pseudonyms"] for n in values.get(key) or [] if isinstance(n, str)}
    context = guard_context(library.site, library.registry)
    return names | context.known_names | set(context.site_allow_list(None))


def hidden_parts_report(conversion: Conversion, declared: set[str] = frozenset(), school: str = "") -> list[str]:
    """What the document holds that was not copied (privacy findings) or could not be converted.

    A document property or a comment's author that only names the item's declared people (``declared``; the author
    who typed the file) or its ``school`` tells the contributor nothing: only the others are listed."""
    inside, report = conversion.inside, []
    if inside.deleted:
        names = _masked_names(" ".join(inside.deleted))
        also = f"，其中有像姓名的“{'、'.join(names)}”" if names else ""
        report.append(f"隐私：文档中有 {len(inside.deleted)} 处修订删除的文字{also}；已按接受修订处理，删除的文字没有导入。")
    if inside.comments:
        who = "、".join(sorted({mask_name(a) for a, _ in inside.comments if a and not _declared("批注人", a, declared, school)}))
        report.append(f"隐私：文档中有 {len(inside.comments)} 条批注{f'（批注人：{who}）' if who else ''}，没有导入。")
    people = [
        (label, value) for label, value in inside.properties if label in PERSON_PROPERTIES and not _declared(label, value, declared, school)
    ]
    if people:
        shown = "、".join(f"{label}“{mask_name(value) if label != '单位' else value}”" for label, value in people)
        kept = "（原稿 .docx 不提交）" if conversion.original is None else "；保留的原稿中仍有，请在 Word 中用“检查文档”删除后再提交"
        report.append(f"隐私：文档属性中有 {shown}，没有导入{kept}。")
    if conversion.found.contact_dropped:
        report.append("隐私：申报表中的联系方式（电话、邮箱等）没有导入。")
    for label, count in inside.dropped.items():
        report.append(f"未导入：{label} {count} 处。请把它另存为图片放进条目文件夹，并在正文中引用。")
    if inside.text_boxes:
        report.append(f"提示：{inside.text_boxes} 个文本框中的文字已作为普通段落放在原来的位置，请核对顺序。")
    report += [f"提示：转换时的说明：{note}" for note in conversion.notes[:5]]
    return report


def _declared(label: str, value: str, declared: set[str], school: str) -> bool:
    """Whether a property names only what the item declares: its school, or people every one of whom is declared."""
    if label == "单位":
        return bool(school) and value.strip() == school.strip()
    parts = [p for p in re.split(r"[、，,；;\s]+", value) if p]
    return bool(parts) and all(p in declared for p in parts)


def _masked_names(text: str) -> list[str]:
    return sorted({f.masked for f in scan_text(text) if f.kind == "name"})


def write_pictures(conversion: Conversion, folder: Path) -> None:
    """Pictures beside index.md, their EXIF and other metadata removed."""
    for picture in conversion.pictures:
        (folder / picture.name).write_bytes(strip_metadata(picture.data))
