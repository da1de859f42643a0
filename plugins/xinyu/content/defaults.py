"""Values an item gets when it leaves a field out: the schema's ``x-default``, overridden per collection.

``audience`` is the case in point: most items are written for teachers, a collection of
parent-school lessons for parents. A site sets ``defaults: {audience: [家长]}`` on a collection
in mkdocs.yml; a default that the schema would reject is a configuration error, said once,
rather than the same error on every item.
"""

from __future__ import annotations

import copy
from typing import Any

from .schema import Schema
from .site import CollectionSpec, ConfigError
from .source import FrontMatter


def collection_defaults(spec: CollectionSpec, schema: Schema) -> dict[str, Any]:
    """The schema's ``x-default`` values, then the collection's ``defaults`` (checked against the schema)."""
    unknown = [key for key in spec.defaults if key not in schema.properties]
    if unknown:
        raise ConfigError(
            f"集合 {spec.name} 的 defaults 中有模式里没有的字段：{'、'.join(unknown)}。可用的字段：{'、'.join(schema.properties)}。"
        )
    defaults = {key: prop["x-default"] for key, prop in schema.properties.items() if "x-default" in prop}
    defaults.update(spec.defaults)
    checked = schema.check(FrontMatter(copy.deepcopy(defaults)), "mkdocs.yml")
    problems = [p for p in checked.problems if p.field.split("[")[0].split(".")[0] in defaults]
    if problems:
        said = "；".join(f"{p.field}: {p.message}" for p in problems)
        raise ConfigError(
            f"集合 {spec.name} 的默认值无效（mkdocs.yml 中 collections → {spec.name} → defaults，或模式的 x-default）：{said}"
        )
    return {key: checked.data[key] for key in defaults}


def apply_defaults(front: FrontMatter, defaults: dict[str, Any]) -> None:
    """Fill in what the item leaves out (before it is checked, so a default reads like a written value)."""
    for key, value in defaults.items():
        if key not in front.data:
            front.data[key] = copy.deepcopy(value)
