"""``xinyu check`` with nothing changed shows the last result again, and never a stale one (issue 17).

The state it is keyed by (``content.state.check_state``) is the stamps of every file and folder the
check reads; each kind of change below must change it. The command is then run as a user would:
with nothing changed it answers from the kept result, byte for byte what a check without the cache
says; after an edit that keeps the file's size it says what the edited site says.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import time

import pytest

from conftest import VALID_CASE, bin_path
from xinyu.content import state as state_module
from xinyu.content.site import load_site
from xinyu.content.state import check_state


def make_site(site) -> None:
    site.write("cases/calm/index.md", VALID_CASE)
    site.write("cases/named/index.md", VALID_CASE + "\n班主任张志强老师也参加了讨论。\n")
    site.write("data/authors.yml", "wang:\n  name: 王老师\n")


def state_of(site, today: str = "2025-01-01:") -> str | None:
    config = site.root / "mkdocs.yml"
    return check_state(load_site(config), config, today)


def test_every_input_changes_the_state(site, monkeypatch):
    make_site(site)
    monkeypatch.setattr(state_module, "RACY_SECONDS", -60)  # the files were just written: trust their stamps anyway
    seen = {state_of(site)}
    assert state_of(site) in seen and None not in seen, "the same site gives the same state"

    def changed(what: str, today: str = "2025-01-01:") -> None:
        now = state_of(site, today)
        assert now not in seen, f"{what}: the state did not change"
        seen.add(now)

    item = site.root / "cases/calm/index.md"
    item.write_text(item.read_text(encoding="utf-8").replace("情绪温度计", "情绪晴雨表"), encoding="utf-8")  # same size
    changed("an item edited, same size")
    site.write("cases/calm/记录.txt", "x")
    changed("a file added beside an item")
    site.write("cases/calm/图片/a.png", b"\x89PNG")
    changed("a file in a sub-folder of an item")
    site.write("cases/new-one/index.md", VALID_CASE)
    changed("an item added")
    (site.root / "cases/new-one/index.md").unlink()
    changed("an item removed")
    site.write("data/authors.yml", "wang:\n  name: 王老师\nzhao:\n  name: 赵老师\n")
    changed("the people registry")
    site.write("data/privacy-allow.txt", "张志强\n")
    changed("the allow-list")
    site.write("docs/about.md", "# 关于\n")
    changed("a docs page")
    os.symlink("calm", site.root / "cases/linked")
    changed("a link in a collection")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    changed("mkdocs.yml")
    changed("another day", today="2025-01-02:")
    changed("XINYU_TODAY", today="2025-01-02:2025-07-09")


def test_a_file_changed_just_now_is_not_trusted(site):
    make_site(site)
    assert state_of(site) is None  # written within RACY_SECONDS: its time stamp may not show the next change


def run(site, cache: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("XINYU_NO_CACHE", None)
    if not cache:
        env["XINYU_NO_CACHE"] = "1"
    return subprocess.run([bin_path("xinyu"), "check"], cwd=site.root, env=env, capture_output=True, text=True, encoding="utf-8")


def kept_state(site) -> str | None:
    with sqlite3.connect(site.root / ".cache/xinyu/cache.sqlite") as db:
        row = db.execute("SELECT value FROM results WHERE kind='check' AND key='last'").fetchone()
    value = pickle.loads(row[0]) if row else None
    return value[0] if value else None


def same_report(a: subprocess.CompletedProcess, b: subprocess.CompletedProcess) -> bool:
    """Same problems, exit code and summary (but for the seconds it took)."""

    def summary(err: str) -> str:
        return err.strip().splitlines()[-1].split("（")[0]

    return a.stdout == b.stdout and a.returncode == b.returncode and summary(a.stderr) == summary(b.stderr)


@pytest.mark.slow
def test_nothing_changed_shows_the_kept_result_and_an_edit_is_seen(site):
    make_site(site)
    run(site)  # makes .cache/ (the site's folder changes: nothing is kept yet)
    time.sleep(state_module.RACY_SECONDS + 0.5)
    first = run(site)
    assert kept_state(site) is not None, "a check of files older than RACY_SECONDS keeps its result"
    again = run(site)
    clean = run(site, cache=False)
    assert "张**" in clean.stdout and clean.returncode == 1
    assert same_report(first, clean) and same_report(again, clean)
    item = site.root / "cases/named/index.md"
    item.write_text(item.read_text(encoding="utf-8").replace("张志强", "那一位"), encoding="utf-8")  # same size in bytes
    assert item.stat().st_size == len((VALID_CASE + "\n班主任张志强老师也参加了讨论。\n").encode())
    edited = run(site)
    assert "张**" not in edited.stdout and same_report(edited, run(site, cache=False))
    # Withdrawn (seen by a partial check, as the pre-commit hook runs it): the kept result quoted the item; it goes.
    time.sleep(state_module.RACY_SECONDS + 0.5)
    run(site)
    assert kept_state(site) is not None
    site.write("cases/named/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")
    subprocess.run(
        [bin_path("xinyu"), "check", "cases/named/index.md"],
        cwd=site.root,
        capture_output=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert kept_state(site) is None
    assert same_report(run(site), run(site, cache=False))


def test_check_loads_only_its_own_command_but_help_lists_every_one(capsys):
    from xinyu.cli.main import _command, main

    assert _command(["-f", "site/mkdocs.yml", "check", "--format", "json"]) == "check"
    assert _command(["-h", "check"]) is None and _command(["--version"]) is None
    with pytest.raises(SystemExit):
        main(["-h", "check"])
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("check", "build", "serve", "stats", "new")), listed


EXTENDING_CONFIG = """\
site_name: 测试资源库
site_url: http://example.test/
theme: {name: material, language: zh, font: false}
plugins:
  - xinyu:
      collections:
        cases: {schema: schemas/cases.yml}
"""


def test_a_schema_extended_from_another_folder_is_part_of_every_key(site, monkeypatch):
    """A district makes a rule stricter in a base schema its site schema extends (x-extends, any folder):
    neither the kept check nor the kept items may survive it (found by the cache red team)."""
    from xinyu.content.batch import site_files, site_key
    from xinyu.pipeline.keys import FileDigests

    make_site(site)
    site.write("mkdocs.yml", EXTENDING_CONFIG)
    site.write("schemas/cases.yml", "x-extends: district/rules/cases-base.yml\n")
    site.write("district/rules/cases-base.yml", "x-extends: cases\nproperties:\n  summary: {type: string, maxLength: 200}\n")
    monkeypatch.setattr(state_module, "RACY_SECONDS", -60)
    loaded = load_site(site.root / "mkdocs.yml")
    assert site.root / "district/rules/cases-base.yml" in site_files(loaded)
    before, key = state_of(site), site_key(loaded, FileDigests())
    base = site.root / "district/rules/cases-base.yml"
    base.write_text(base.read_text(encoding="utf-8").replace("200", "5 "), encoding="utf-8")  # stricter, same size
    assert state_of(site) != before, "the kept check would outlive a stricter base schema"
    assert site_key(load_site(site.root / "mkdocs.yml"), FileDigests()) != key, "kept items would outlive it"
    result = run(site)
    assert "summary" in result.stdout and result.returncode == 1, result.stdout + result.stderr


def load_with_cache(site):
    """One load as a new run of the check makes it: a cache opened from the store, nothing kept in memory."""
    from xinyu.content import load_library
    from xinyu.content import schema as schema_module
    from xinyu.content.batch import EntryCache
    from xinyu.pipeline.store import open_store

    schema_module._VALID_SCHEMAS.clear()  # what another process found valid is known only from the store
    cache = EntryCache(store=open_store(site.root))
    try:
        return load_library(load_site(site.root / "mkdocs.yml"), cache=cache)
    finally:
        cache.store.close()


def test_a_site_page_is_checked_again_only_when_it_or_the_site_changed(site, monkeypatch):
    """docs/ pages, intros and files the extensions add are checked like items; a later run takes an unchanged page's
    result from the cache (no name detector to start), never a withdrawn page's, and follows every change."""
    from xinyu.content import docs as docs_module

    make_site(site)
    site.write("docs/about.md", "# 关于\n\n班主任张志强老师说。\n")
    site.write("docs/gone.md", "---\nstatus: withdrawn\n---\n# 撤下\n\n班主任张志强老师说。\n")
    site.write("cases/index.md", "本栏目收录班主任张志强老师的案例。\n")
    checked: list[str] = []
    real = docs_module.check_entry
    monkeypatch.setattr(docs_module, "check_entry", lambda page, context: checked.append(page.rel) or real(page, context))

    def names() -> dict[str, list[str]]:
        library = load_with_cache(site)
        pages = [*library.docs.values(), *library.intros.values()]
        return {page.rel: [p.format() for p in page.problems if "张**" in p.message] for page in pages}

    first = names()
    assert first["docs/about.md"] and first["cases/index.md"] and first["docs/gone.md"], first
    assert {"docs/about.md", "docs/gone.md", "cases/index.md"} <= set(checked)
    checked.clear()
    assert names() == first
    assert checked == ["docs/gone.md"], "only the withdrawn page is checked again: its text is never kept"
    with sqlite3.connect(site.root / ".cache/xinyu/cache.sqlite") as db:
        kept = b"".join(value for (value,) in db.execute("SELECT value FROM results WHERE kind='sitepage'"))
    assert "撤下".encode() not in kept and kept

    site.write("docs/about.md", "# 关于\n\n班主任那一位老师说。\n")
    checked.clear()
    assert not names()["docs/about.md"] and checked == ["docs/about.md", "docs/gone.md"], checked
    site.write("data/privacy-allow.txt", "张志强\n")  # the site changed: every page is judged again, by the new list
    checked.clear()
    now = names()
    assert not now["cases/index.md"] and not now["docs/gone.md"] and "cases/index.md" in checked


def test_a_schema_found_valid_is_not_checked_again_and_a_changed_one_is(site, monkeypatch):
    import jsonschema

    from xinyu.content.schema import SchemaError

    make_site(site)
    site.write("mkdocs.yml", EXTENDING_CONFIG)
    site.write("schemas/cases.yml", "x-extends: cases\nproperties:\n  summary: {type: string, maxLength: 200}\n")
    calls: list[int] = []
    real = jsonschema.Draft202012Validator.check_schema
    monkeypatch.setattr(jsonschema.Draft202012Validator, "check_schema", classmethod(lambda cls, s: calls.append(1) or real(s)))
    load_with_cache(site)
    assert calls, "the first run checks the schema"
    calls.clear()
    load_with_cache(site)
    assert not calls, "a later run trusts what the first found valid"
    site.write("schemas/cases.yml", "x-extends: cases\nproperties:\n  summary: {type: 12}\n")
    with pytest.raises(SchemaError):
        load_with_cache(site)
    assert calls
