"""Every field of every collection, written in any YAML shape, gets a located message or is read as the contract
says: `xinyu check` and the build never trace back (a number where a list goes, `true`, a mapping, a list of lists…).

The fields are read from each collection's own schema, so a field added later is covered without editing this test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import yaml

from xinyu.content.schema import load_schema
from xinyu.content.site import load_site

SHAPES = {
    "bool": "true",
    "int": "3",
    "float": "2.5",
    "map": "{a: 1}",
    "listmap": "[{a: 1}]",
    "nested": "[[1]]",
    "listbool": "[true]",
    "listnull": "[null]",
}
# Written as text where the contract reads text (DESIGN.md, "Reading rules"): a number is its digits.
TEXT = {"int", "float"}


def with_field(text: str, field: str, shape: str) -> str:
    """The item's front matter without ``field`` (and its indented or listed lines), then ``field: shape``."""
    head, body = text.split("\n---\n", 1)
    kept, inside = [], False
    for line in head.splitlines():
        if re.match(rf"{re.escape(field)}\s*:", line):
            inside = True
            continue
        if inside and line[:1] in (" ", "-"):
            continue
        inside = False
        kept.append(line)
    return "\n".join(kept) + f"\n{field}: {shape}\n---\n" + body


def fits(prop: dict, shape: str) -> bool:
    """The value is of the field's declared shape (``anonymized: true``, ``order: 3``): no message is due."""
    schema = {k: v for k, v in prop.items() if not k.startswith("x-")}
    return jsonschema.Draft202012Validator(schema).is_valid(yaml.safe_load(shape))


def test_every_field_in_every_shape_is_told_or_read_never_a_traceback(sample_site):
    site = load_site(sample_site.root / "mkdocs.yml")
    written: dict[str, tuple[str, str, dict]] = {}
    for spec in site.collections.values():
        model = sorted((sample_site.root / spec.source).glob("*/index.md"))[0]
        properties = load_schema(spec.schema, sample_site.root)["properties"]
        for field, prop in properties.items():
            for shape_name, shape in SHAPES.items():
                folder = model.parent.parent / f"zz-{field.replace('_', '-')}-{shape_name}"
                shutil.copytree(model.parent, folder)  # its attachments too: a variant fails only by its field
                (folder / "index.md").write_text(with_field(model.read_text(encoding="utf-8"), field, shape), encoding="utf-8")
                written[folder.relative_to(sample_site.root).as_posix() + "/index.md"] = (field, shape_name, prop)
    assert len(written) > 300, "the sample site's collections should give many fields"

    found = sample_site.check("--format", "json")
    assert "Traceback" not in found.out + found.err, found.err[-3000:]
    problems = json.loads(found.out)
    failed = {p["path"] for p in problems if p["severity"] == "error"}
    for rel, (field, shape_name, prop) in written.items():
        named = any(p["path"] == rel and re.match(rf"{re.escape(field)}\b", p["field"]) and p["line"] > 1 for p in problems)
        read_as_text = shape_name in TEXT and prop.get("type") == "string"
        assert named or read_as_text or fits(prop, SHAPES[shape_name]), (
            f"{rel}: “{field}: {SHAPES[shape_name]}” passed without a message at its line"
        )

    built = sample_site.build()
    assert "Traceback" not in built.err and built.code == 0, built.err[-3000:]
    published = {p.name for p in sample_site.out.rglob("zz-*") if p.is_dir()}
    assert published, "variants read as text are published"
    assert not published & {Path(rel).parent.name for rel in failed}, "an item with an error was published"
