"""The persistent build cache never serves a stale result (issue 17).

One site is built with the cache, then each kind of input is changed in turn (an item, an
attachment, the vocabulary, the people registry, a template, the config) and the cached
rebuild is compared byte for byte with a clean build (``XINYU_NO_CACHE=1``) of the same
sources, and ``xinyu check``'s report with and without the cache. The plugin's own version is
changed in-process (it cannot be edited under a running test suite).
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import VALID_CASE, bin_path, minimal_docx

CUSTOM_CONFIG = """\
site_name: 测试资源库
site_url: http://example.test/xinyu/
theme:
  name: material
  language: zh
  font: false
  custom_dir: overrides
plugins:
  - xinyu:
      collections:
        cases: {facets: [grade, topics, type, year, tags]}
"""


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; a workbook by its parts (a zip records when it was written, and so does its core.xml)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
                out.update({f"{rel}!{n}": z.read(n) for n in z.namelist() if n != "docProps/core.xml"})
        else:
            out[rel] = path.read_bytes()
    return out


def run(site, args: list[str], cache: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("XINYU_NO_CACHE", None)
    if not cache:
        env["XINYU_NO_CACHE"] = "1"
    return subprocess.run(args, cwd=site.root, env=env, capture_output=True, text=True, encoding="utf-8")


def assert_same_as_clean(site, step: str) -> None:
    cached = run(site, [bin_path("mkdocs"), "build", "-d", "cached"])
    clean = run(site, [bin_path("mkdocs"), "build", "-d", "clean"], cache=False)
    assert cached.returncode == clean.returncode == 0, step + cached.stderr[-1500:] + clean.stderr[-1500:]
    a, b = files_of(site.root / "cached"), files_of(site.root / "clean")
    assert sorted(a) == sorted(b), f"{step}: different files {sorted(set(a) ^ set(b))[:10]}"
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{step}: the cached rebuild differs from a clean build in {differ[:10]}"
    check = [bin_path("xinyu"), "check", "--format", "json"]
    assert run(site, check).stdout == run(site, check, cache=False).stdout, f"{step}: xinyu check differs with the cache"


def make_site(site) -> None:
    site.write("mkdocs.yml", CUSTOM_CONFIG)
    site.write("data/authors.yml", "wang:\n  name: 王老师\n  school: xx区实验中学\n")
    for i in range(4):
        site.write(f"cases/case-{i}/index.md", VALID_CASE.replace("用情绪温度计", f"第{i}个案例：用情绪温度计"))
    site.write(
        "cases/with-file/index.md",
        VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments:\n  - {file: 学习单.docx, title: 学习单}"),
    )
    site.write("cases/with-file/学习单.docx", minimal_docx("学习单：情绪温度计"))
    site.write("cases/by-id/index.md", VALID_CASE.replace("authors: [王老师]", "authors: [zhao]"))  # not in the registry yet
    site.write("cases/odd-grade/index.md", VALID_CASE.replace("grade: 初一", "grade: 初一年级"))  # no such term yet
    site.write("overrides/.keep", "")


TEMPLATES = Path(__file__).resolve().parent.parent / "plugins/xinyu/plugin/templates"


def change_item(site):
    site.write("cases/case-1/index.md", VALID_CASE.replace("小A，初一女生。", "小A，初一女生。她的电话是 13812345678。"))


def change_attachment(site):
    site.write("cases/with-file/学习单.docx", minimal_docx("联系人电话 13912345678"))


def change_vocabulary(site):
    vocabulary = (site.root / "data/vocabulary.yml").read_text(encoding="utf-8")
    site.write("data/vocabulary.yml", vocabulary.replace("初一", "初一, 初一年级", 1))


def change_people(site):
    site.write("data/authors.yml", "wang:\n  name: 王老师\nzhao:\n  name: 赵老师\n  school: xx区二中\n")


def change_template(site):
    card = (TEMPLATES / "xinyu/partials/card.html").read_text(encoding="utf-8")
    site.write("overrides/xinyu/partials/card.html", card.replace("</li>", "<!-- 自定义卡片 --></li>"))


def change_config(site):
    site.write("mkdocs.yml", CUSTOM_CONFIG.replace("测试资源库", "另一个资源库").replace("year, tags", "year"))


@pytest.mark.slow
def test_cached_rebuilds_equal_clean_builds(site):
    make_site(site)
    assert run(site, [bin_path("mkdocs"), "build"]).returncode == 0  # fills the cache
    assert (site.root / ".cache/xinyu").is_dir()
    for change in (change_item, change_attachment, change_vocabulary, change_people, change_template, change_config):
        change(site)
        assert_same_as_clean(site, change.__name__)


def test_plugin_version_is_part_of_the_key(site, monkeypatch):
    """Items checked by one version of the plugin are checked again by another."""
    from xinyu.content import library as library_module
    from xinyu.content import load_library
    from xinyu.content.batch import EntryCache
    from xinyu.content.site import load_site
    from xinyu.pipeline import store as store_module

    make_site(site)
    checked = []
    real = library_module.check_item
    monkeypatch.setattr(library_module, "check_item", lambda job, *a: checked.append(job.slug) or real(job, *a))
    spec = load_site(site.root / "mkdocs.yml")

    def load():
        checked.clear()
        return load_library(spec, cache=EntryCache(store=store_module.open_store(site.root)))

    first = load()
    assert len(checked) == len(first.all_entries()) > 0
    load()
    assert checked == [], "an unchanged site is checked again"
    monkeypatch.setattr("xinyu.content.batch.code_digest", lambda: "another version")
    load()
    assert len(checked) == len(first.all_entries()), "a new plugin version reuses old verdicts"
