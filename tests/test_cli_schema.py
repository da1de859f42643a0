"""xinyu schema: each collection's schema as standalone, valid JSON Schema that agrees with xinyu check."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest
import yaml

from conftest import Site, bin_path


def export(site: Site, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([bin_path("xinyu"), "schema", *args], cwd=site.root, capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def schemas(site: Site, tmp_path) -> dict[str, dict]:
    out = tmp_path / "schemas"
    proc = export(site, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.schema.json")}


def test_every_collection_is_exported_as_valid_json_schema(schemas: dict[str, dict]):
    assert set(schemas) == {"cases", "courses", "lectures", "research"}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert '"x-' not in json.dumps(schema)  # plain JSON Schema: xinyu's own keywords are gone
        assert schema["properties"]["title"]["description"]  # Chinese descriptions are kept for editors


def test_exported_schema_accepts_what_check_accepts(schemas: dict[str, dict], valid_case: str):
    data = yaml.load(valid_case.split("---\n")[1], Loader=yaml.BaseLoader)  # text values, as xinyu reads them
    data["anonymized"] = True
    validator = jsonschema.Draft202012Validator(schemas["cases"])
    assert list(validator.iter_errors(data)) == []  # grade: 初一 — a lone alias, not a list


@pytest.mark.parametrize(
    "field, value",
    [
        ("grade", "初四"),
        ("type", "个案研究"),
        ("anonymized", False),
        ("date", "2024/05/20"),
        ("unknown_field", "x"),
    ],
)
def test_exported_schema_rejects_what_check_rejects(schemas: dict[str, dict], valid_case: str, field: str, value):
    data = yaml.load(valid_case.split("---\n")[1], Loader=yaml.BaseLoader)
    data["anonymized"] = True
    data[field] = value
    assert list(jsonschema.Draft202012Validator(schemas["cases"]).iter_errors(data))


def test_one_collection_to_stdout(site: Site):
    proc = export(site, "case")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["title"] == "优秀案例"
    assert "初中" in json.dumps(schema, ensure_ascii=False)


def test_keep_extensions(site: Site):
    schema = json.loads(export(site, "cases", "--keep-extensions").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["type"]["x-vocabulary"] == "type"
