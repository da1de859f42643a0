"""Collection schemas: JSON Schema in YAML, checked with jsonschema, messages in Chinese.

A schema file is plain JSON Schema plus a few ``x-`` keywords (see
``schemas/common.yml``). Before jsonschema runs, values are read the way the
content contract says: a lone term is a one-item list, text fields keep the text
the contributor typed, and vocabulary aliases are normalised.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .plain import markup_in, plain_text_message, strings
from .problems import Problem, unknown_field, warning
from .source import FrontMatter, Path_, field_name, written_key
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    import jsonschema

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "schemas"


@lru_cache(maxsize=1)
def format_checker() -> jsonschema.FormatChecker:
    """jsonschema's format checker with ours; jsonschema is imported when first needed (slow to load)."""
    import jsonschema

    checker = jsonschema.FormatChecker()
    checker.checks("xinyu-date", raises=ValueError)(_is_real_date)
    return checker


def _is_real_date(value: object) -> bool:
    """YYYY-MM-DD or YYYY-MM that exists on the calendar."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return True  # shape is the pattern's job
    parts = [int(p) for p in value.split("-")]
    dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return True


_LOOSE_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:(?:[-/.]|月)\s*(\d{1,2})\s*日?|月)?\s*")


def written_date(value: object) -> str | None:
    """A date written another way (2024-5-8, 2024/05/08, 2024.5.8, 2024年5月8日, 2024年5月) as the contract writes
    it (2024-05-08, 2024-05), or None when it is not one or does not exist."""
    m = _LOOSE_DATE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return None
    year, month, day = m.groups()
    found = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return found if _real_date(found) else None


def _real_date(value: str) -> bool:
    try:
        return _is_real_date(value)
    except ValueError:
        return False


def _fast_validator(schema: dict[str, Any]):
    """jsonschema-rs for the common case of a valid item, when it is installed."""
    try:
        import jsonschema_rs

        return jsonschema_rs.validator_for(schema, formats={"xinyu-date": _real_date}, validate_formats=True)
    except Exception:  # noqa: BLE001 - not installed or cannot compile this schema: the full validator does it all
        return None


def _unshape(data: dict[str, Any], mistyped: set[Path_]) -> None:
    """Values of the wrong type are reported; what reads the item later (the guard, links, related items) must not
    meet them: a field of the wrong type is left out (``pseudonyms: true``), an item of a list is ``None``
    (``related: [{a: 1}]``), so that the list's other items keep their places (and lines) and are still checked."""
    for path in sorted(mistyped, key=len):
        *parents, last = path
        holder: Any = data
        for step in parents:
            holder = holder[step] if isinstance(holder, (dict, list)) else None
        if not parents:
            data.pop(last, None)
        elif isinstance(holder, (dict, list)):
            holder[last] = None


class SchemaError(Exception):
    """A schema file that cannot be used (site configuration, not content)."""


def load_schema(ref: str, site_root: Path) -> dict[str, Any]:
    """Load a schema by builtin name (``cases``) or by path relative to the site."""
    path = _resolve(ref, site_root)
    try:
        schema = _read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"无法读取模式文件 {path}：{exc}") from exc
    parent = schema.pop("x-extends", None)
    if parent:
        base = load_schema(parent, site_root)
        merged = copy.deepcopy(base)
        merged.update({k: v for k, v in schema.items() if k != "properties"})
        merged["properties"] = {**base.get("properties", {}), **schema.get("properties", {})}
        merged["$defs"] = {**base.get("$defs", {}), **schema.get("$defs", {})}
        schema = merged
    # `field: null` in an extending schema removes an inherited field (a site without 专家点评 or 适用对象).
    dropped = {k for k, v in (schema.get("properties") or {}).items() if v is None}
    kept = {k: v for k, v in (schema.get("properties") or {}).items() if v is not None}
    schema["properties"] = _use_definitions(kept, schema.get("$defs") or {}, path)
    if dropped and "required" in schema:
        schema["required"] = [k for k in schema["required"] if k not in dropped]
    schema.setdefault("type", "object")
    schema.setdefault("additionalProperties", False)
    _check_schema(schema, path)
    return schema


def schema_files(ref: str, site_root: Path) -> list[Path]:
    """Every file :func:`load_schema` reads for ``ref``: the schema and, through ``x-extends``, each one it extends
    (wherever they are). A file that cannot be read ends the chain: loading reports it."""
    found: list[Path] = []
    while isinstance(ref, str) and ref:
        try:
            path = _resolve(ref, site_root)
            data = _read_yaml(path)
        except (SchemaError, OSError, UnicodeError, yaml.YAMLError):
            break
        if path in found:  # a loop: loading reports it
            break
        found.append(path)
        ref = data.get("x-extends") if isinstance(data, dict) else None
    return found


def _read_yaml(path: Path) -> Any:
    """A schema file's data, by libyaml when installed; its errors are the pure-Python parser's (the message quotes them)."""
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        return yaml.safe_load(text) or {}  # raises again, with the message the site has always seen


_VALID_SCHEMAS: set[str] = set()  # schemas (digests of their repr) found valid here or by the process that started this one


def checked_schemas() -> frozenset[str]:
    """The schemas this process has found valid, for its worker processes (:func:`trust_schemas`)."""
    return frozenset(_VALID_SCHEMAS)


def trust_schemas(keys: frozenset[str]) -> None:
    """Schemas the parent process found valid: not checked again here (~0.02 s each, every worker). A schema
    file changed in between reads as another schema, and is checked."""
    _VALID_SCHEMAS.update(keys)


def _check_schema(schema: dict[str, Any], path: Path) -> None:
    key = hashlib.sha1(repr(schema).encode("utf-8", "backslashreplace")).hexdigest()
    if key in _VALID_SCHEMAS:
        return
    import jsonschema

    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise SchemaError(f"模式文件 {path} 不是有效的 JSON Schema：{exc.message}") from exc
    _VALID_SCHEMAS.add(key)


def _use_definitions(properties: dict[str, Any], definitions: dict[str, Any], path: Path) -> dict[str, Any]:
    """``field: {$ref: "#/$defs/comments", title: …}`` becomes the shared definition, with the keys written beside it.

    Our own code reads a field's ``title``, ``x-…`` keywords and sub-fields from the property itself,
    so a shared field (专家点评) is copied in rather than left as a reference.
    """
    out = {}
    for name, prop in properties.items():
        ref = prop.get("$ref") if isinstance(prop, dict) else None
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            key = ref.removeprefix("#/$defs/")
            if key not in definitions:
                raise SchemaError(f"模式文件 {path} 中字段 {name} 引用的共用字段“{key}”不存在；可用的有：{'、'.join(definitions) or '无'}。")
            prop = {**copy.deepcopy(definitions[key]), **{k: v for k, v in prop.items() if k != "$ref"}}
        out[name] = prop
    return out


def _resolve(ref: str, site_root: Path) -> Path:
    candidate = site_root / ref
    if candidate.is_file():
        return candidate
    builtin = BUILTIN_DIR / f"{ref}.yml"
    if builtin.is_file():
        return builtin
    raise SchemaError(f"找不到模式文件“{ref}”（既不是站点中的文件，也不是内置模式 cases/courses/lectures/research/common）。")


@dataclass
class Checked:
    """Front matter read against a schema: normalised data and the problems found."""

    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)


LIST_SEPARATORS = re.compile(r"[,，、;；]")


def split_joined(values: list, path: Path_, front: FrontMatter, rel: str, problems: list[Problem]) -> list:
    """One string holding several values (``情绪,焦虑``, ``陈思雨、李明``) becomes several, and check says so.

    The contract's reading rule for every list field: never silently one value. The notice
    shows the list syntax, so the contributor can write it the way nobody misreads.
    """
    out: list = []
    origin: list[int] = []
    for i, value in enumerate(values):
        parts = [p.strip() for p in LIST_SEPARATORS.split(value)] if isinstance(value, str) else [value]
        parts = [p for p in parts if p != ""] or [value]
        if len(parts) > 1:
            shown = ", ".join(parts)
            problems.append(
                warning(rel, front.line_of(path + (i,)), field_name(path),
                        f"“{value}”中有 {len(parts)} 项，已按 {len(parts)} 项读取。请写成列表：{field_name(path)}: [{shown}]（英文逗号分隔）。")
            )
        out += parts
        origin += [i] * len(parts)
    if len(out) != len(values):
        old = {k: v for k, v in front.lines.items() if k[: len(path)] == path and len(k) == len(path) + 1}
        for j, i in enumerate(origin):
            front.lines[path + (j,)] = old.get(path + (i,), front.line_of(path))
            front.raw.pop(path + (j,), None)
    return out


class Schema:
    """One collection's schema, ready to check front matter."""

    def __init__(self, schema: dict[str, Any], vocabulary: Vocabulary):
        self.schema = schema
        self.vocabulary = vocabulary
        self.properties: dict[str, Any] = schema.get("properties", {})
        self.required: list[str] = list(schema.get("required", []))
        import jsonschema

        self.validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker())
        self.fast = _fast_validator(schema)
        self.defaults: dict[str, Any] = {}  # values for fields an item leaves out (content.defaults)
        for name, prop in self._vocabulary_properties():
            if not vocabulary.ensure(prop["x-vocabulary"]):
                raise SchemaError(f"字段 {name} 使用的词表“{prop['x-vocabulary']}”在词表文件中不存在。")

    def _vocabulary_properties(self, props: dict | None = None, prefix: str = "") -> Iterator[tuple[str, dict]]:
        for name, prop in (props if props is not None else self.properties).items():
            if "x-vocabulary" in prop:
                yield prefix + name, prop
            if isinstance(prop.get("properties"), dict):
                yield from self._vocabulary_properties(prop["properties"], f"{prefix}{name}.")

    def check(self, front: FrontMatter, rel: str) -> Checked:
        """Normalise and validate; every problem is located at its key's line."""
        problems: list[Problem] = []
        data = {}
        for key, value in front.data.items():
            prop = self.properties.get(key)
            data[key] = self._read(value, prop, (key,), front, rel, problems) if prop else value
        problems += self._markup(data, front, rel)
        reported = {p.field for p in problems}  # unknown terms: one message, not a second from jsonschema
        # Most items are valid: a compiled validator says so in microseconds; only an invalid
        # item pays for jsonschema's detailed errors (the messages we explain).
        if self.fast is not None and not problems and self.fast.is_valid(data):
            return Checked(data, problems)
        errors = list(self.validator.iter_errors(data))
        # A value of the wrong type gets that one message, not also "contains HTML" and the like.
        mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
        for error in errors:
            path = tuple(error.absolute_path)
            if field_name(path) in reported or (path in mistyped and error.validator != "type"):
                continue
            problems.extend(self._explain(error, front, rel))
        _unshape(data, mistyped)
        return Checked(data, problems)

    def _markup(self, data: dict[str, Any], front: FrontMatter, rel: str) -> list[Problem]:
        """Every text field is plain text: markup anywhere in it, nested values included, is an error."""
        found = []
        for path, text in strings(data):
            fragment = markup_in(text)
            if fragment:
                found.append(Problem(rel, front.line_of(path), field_name(path), plain_text_message(self._label(path), fragment)))
        return found

    def _label(self, path: Path_) -> str:
        """The Chinese name of a field (a list item takes its list's)."""
        for end in range(len(path), 0, -1):
            title = (self._prop_at(path[:end]) or {}).get("title")
            if title:
                return title
        return field_name(path)

    # -- reading values the contract's way -------------------------------------------------

    def _read(self, value: Any, prop: dict, path: Path_, front: FrontMatter, rel: str, problems: list[Problem]) -> Any:
        kind = prop.get("type")
        if prop.get("x-attachment") and isinstance(value, str):
            value = {"file": value}
        if prop.get("x-attachments") and isinstance(value, (str, list)):
            value = [{"file": v} if isinstance(v, str) else v for v in (value if isinstance(value, list) else [value])]
        if kind == "array":
            # One term alone is a one-item list (DESIGN.md). A number alone is an error: where a vocabulary
            # names it (`grade: 3`) it is read as a term, to be told the terms; elsewhere the type check says so.
            alone = (int, float) if "x-vocabulary" in prop else ()
            if isinstance(value, (str, *alone)) and not isinstance(value, bool):
                value = [value]
                front.raw.setdefault(path + (0,), front.raw.get(path, str(value[0])))
                front.lines.setdefault(path + (0,), front.line_of(path))
            if isinstance(value, list):
                value = split_joined(value, path, front, rel, problems)
                items = prop.get("items", {})
                value = [self._read(v, items, path + (i,), front, rel, problems) for i, v in enumerate(value)]
                if "x-vocabulary" in prop:
                    value = self._terms(value, prop, path, front, rel, problems)
            return value
        if kind == "object" and isinstance(value, dict):
            props = prop.get("properties", {})
            return {k: self._read(v, props[k], path + (k,), front, rel, problems) if k in props else v for k, v in value.items()}
        if kind == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = front.raw.get(path, str(value))
        if kind == "string" and isinstance(value, str):
            value = value.strip()
            if "x-vocabulary" in prop:
                return self._terms([value], prop, path, front, rel, problems, single=True)[0]
        return value

    def _terms(self, values: list, prop: dict, path: Path_, front: FrontMatter, rel: str, problems: list[Problem], single: bool = False) -> list:
        """Aliases to terms; unknown values become problems with suggestions and are dropped."""
        terms = self.vocabulary[prop["x-vocabulary"]]
        out: list = []
        for i, value in enumerate(values):
            if not isinstance(value, str):
                out.append(value)  # the type check reports it
                continue
            term = terms.normalise(value)
            parts = [p for p in re.split(r"[,，、;；/\s]+", value) if p]
            if term is None and len(parts) > 1 and all(terms.normalise(p) for p in parts):
                where = path if single else path + (i,)
                listed = ", ".join(parts)
                how = f"多个取值要写成列表，用英文逗号分隔：{field_name(path)}: [{listed}]" if not single else f"“{terms.label}”只能写一个取值，请从 {'、'.join(parts)} 中选一个。"
                problems.append(Problem(rel, front.line_of(where), field_name(path), how))
                out.append(value)
                continue
            if term is None:
                where = path if single else path + (i,)
                hint = _suggestion(terms, value)
                problems.append(Problem(rel, front.line_of(where), field_name(path), f"“{value}”不是有效的{terms.label}。{hint}可选：{'、'.join(terms.terms)}。"))
                out.append(value)  # kept so that no second message (e.g. "at least one") follows
            elif term not in out:
                out.append(term)
        return out

    # -- jsonschema errors to Chinese -----------------------------------------------------

    def _explain(self, error: jsonschema.ValidationError, front: FrontMatter, rel: str) -> list[Problem]:
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            return [self._missing(name, path, rel, front.line_of(path) if path else 1) for name in missing]
        if error.validator == "additionalProperties":
            return self._unknown_keys(error, path, front, rel)
        if error.validator == "oneOf" and error.context:
            best = min(error.context, key=lambda e: len(list(e.absolute_path)))
            return self._explain(best, front, rel)
        line = front.line_of(path) if path else 1
        return [Problem(rel, line, field_name(path) or "元数据", self._message(error, path))]

    def _missing(self, name: str, path: Path_, rel: str, line: int = 1) -> Problem:
        """A missing key: at line 1 at the top level, at its parent's line inside a mapping (award, consent)."""
        prop = self._prop_at(path + (name,)) or {}
        label = prop.get("title", name)
        example = prop.get("x-example")
        how = f"，例如：{name}: {inline_yaml(example)}" if example is not None else ""
        return Problem(rel, line, field_name(path + (name,)), f"缺少必填字段“{label}”（{name}）。请在元数据中加上这一行{how}")

    def _unknown_keys(self, error: jsonschema.ValidationError, path: Path_, front: FrontMatter, rel: str) -> list[Problem]:
        allowed = list((self._prop_at(path) or self.schema).get("properties", {}))
        unknown = [written_key(k) for k in error.instance if k not in error.schema.get("properties", {})]  # any text: quotes, blanks
        return [Problem(rel, front.line_of(path + (key,)), field_name(path + (key,)), unknown_field(key, allowed)) for key in unknown]

    def _prop_at(self, path: Path_) -> dict | None:
        prop: dict | None = {"properties": self.properties}
        for part in path:
            if prop is None:
                return None
            if isinstance(part, int):
                prop = prop.get("items")
            else:
                branches = [prop, *prop.get("oneOf", []), *prop.get("anyOf", [])]  # speakers: an id or {name, …}
                prop = next((b["properties"][part] for b in branches if part in (b.get("properties") or {})), None)
        return prop

    def _message(self, error: jsonschema.ValidationError, path: Path_) -> str:
        prop = self._prop_at(path) or {}
        label = prop.get("title", field_name(path))
        if error.instance is None and error.validator in ("type", "const"):  # `date:` with nothing after it
            return f"“{label}”还没有填写（现在是空值）：请在冒号后面写上。" + _example(path, prop)
        custom = (prop.get("x-messages") or {}).get(error.validator)
        if custom:
            return custom + _date_fix(error, prop)
        v = error.validator_value
        templates = {
            "type": lambda: _type_message(label, v, error.instance) + _example(path, prop),
            "minItems": lambda: f"“{label}”至少要写 {v} 项。",
            "maxItems": lambda: f"“{label}”最多写 {v} 项。",
            "minLength": lambda: f"“{label}”不能为空。" if v == 1 else f"“{label}”至少 {v} 个字。",
            "maxLength": lambda: f"“{label}”最多 {v} 个字，现在有 {len(error.instance)} 个。",
            "enum": lambda: f"“{label}”只能是：{'、'.join(map(str, v))}。",
            "const": lambda: f"“{label}”必须是 {inline_yaml(v)}。",
            "pattern": lambda: f"“{label}”的格式不对。",
            "format": lambda: f"“{label}”的值无效。",
            "minimum": lambda: f"“{label}”不能小于 {v}。",
            "maximum": lambda: f"“{label}”不能大于 {v}。",
            "exclusiveMinimum": lambda: f"“{label}”必须大于 {v}。",
            "oneOf": lambda: f"“{label}”的写法不对，请对照投稿指南中的示例。",
        }
        return templates.get(error.validator, lambda: f"“{label}”的值不符合要求。")()


def _date_fix(error: jsonschema.ValidationError, prop: dict) -> str:
    """For a date in another shape (2024-5-8, 2024/5/8, 2024年5月8日): the value to write instead."""
    if error.validator != "pattern" or prop.get("format") != "xinyu-date":
        return ""
    fixed = written_date(error.instance)
    if fixed is None or not re.search(str(error.validator_value), fixed):
        return ""
    digits = "（月和日都写两位数）" if set(str(error.instance).strip()) <= set("0123456789-") else ""
    return f"请把“{error.instance}”改成 {fixed}{digits}。"


def _suggestion(terms, value: str) -> str:
    """“您是不是想写：初中（写“初二”也可以）？”: the one term a variant spelling stands for, else the closest."""
    known = terms.reads_as(value)
    if known:
        term, spelling = known
        also = f"（写“{spelling}”也可以）" if spelling != term else ""
        return f"您是不是想写：{term}{also}？"
    suggestion = terms.suggest(value)
    return f"您是不是想写：{'、'.join(suggestion)}？" if suggestion else ""


_TYPE_NAMES = {"string": "一段文字", "array": "一个列表（每项一行，以“- ”开头）", "object": "一组“子字段: 值”", "integer": "一个整数", "number": "一个数字", "boolean": "true 或 false"}


def _type_message(label: str, expected: Any, instance: Any) -> str:
    want = "或".join(_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    if isinstance(instance, dict):
        got = "一组“子字段: 值”"
    elif isinstance(instance, list):
        got = "一个列表"
    elif instance is None:
        got = "空值"
    elif isinstance(instance, bool):
        got = f"“{inline_yaml(instance)}”"  # as YAML writes it: true, not Python's True
    else:
        got = f"“{instance}”"
    return f"“{label}”应该是{want}，现在是{got}。"


def _example(path: Path_, prop: dict) -> str:
    example = prop.get("x-example")
    return f"例如：{field_name(path)}: {inline_yaml(example)}" if example is not None else ""


def inline_yaml(value: Any) -> str:
    """One value as a single line of YAML (flow style), quoted only where YAML needs it. A date is shown bare,
    as templates and the guide write it (xinyu reads dates as text): never '2024-05-20' in one place only."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return value
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000, sort_keys=False).strip()
    return text.removesuffix("...").strip()
