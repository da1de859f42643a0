"""The persistent build cache never serves a stale result (issue 17).

One site is built with the cache, then each kind of input is changed in turn (an item's title,
an item, an attachment, the vocabulary, the people registry, the privacy allow-list and rules, an item
added, one withdrawn, a theme partial, our template, the config) and the cached rebuild is
compared byte for byte with a clean build (``XINYU_NO_CACHE=1``) of the same sources: every
file, so item, listing and taxonomy pages (kept whole), search shards and records too; and ``xinyu check``'s
report with and without the cache. The plugin's version is changed through the versions of the
installed libraries, which are part of the same digest (its files cannot be edited under a
running test suite), and in-process.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import zlib
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
      site_pages: checked
      collections:
        cases: {facets: [grade, topics, type, year, tags]}
validation:
  anchors: warn
"""


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (a workbook too: it records the newest item's date as its time, not the time of the build)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def run(site, args: list[str], cache: bool = True, **extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
    env.pop("XINYU_NO_CACHE", None)
    if not cache:
        env["XINYU_NO_CACHE"] = "1"
    return subprocess.run(args, cwd=site.root, env=env, capture_output=True, text=True, encoding="utf-8")


def assert_same_as_clean(site, step: str, patched: bool = False) -> None:
    """``patched``: the cached build's search index must be the kept one patched (search.kept), not written whole."""
    cached = run(site, [bin_path("mkdocs"), "build", "-d", "cached"])
    assert not patched or len(index_writers(site)) > 1, f"{step}: the search index was written whole"
    clean = run(site, [bin_path("mkdocs"), "build", "-d", "clean"], cache=False)
    assert cached.returncode == clean.returncode == 0, step + cached.stderr[-1500:] + clean.stderr[-1500:]
    warnings = [[line for line in r.stderr.splitlines() if line.startswith("WARNING")] for r in (cached, clean)]
    assert warnings[0] == warnings[1], f"{step}: the cached rebuild warns differently"
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
    site.write("cases/case-0/index.md", VALID_CASE.replace("用情绪温度计", "第0个案例：用情绪温度计") + f"\n{GONE}：只在这里出现的词。\n")
    # a link to an anchor its page lacks: MkDocs warns about it whether or not the page comes from the cache
    site.write("cases/case-3/index.md", VALID_CASE.replace("用情绪温度计", "第3个案例：用情绪温度计") + "\n[见后文](#no-such-part)\n")
    site.write(
        "cases/with-file/index.md",
        VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments:\n  - {file: 学习单.docx, title: 学习单}"),
    )
    site.write("cases/with-file/学习单.docx", minimal_docx("学习单：情绪温度计"))
    site.write("cases/by-id/index.md", VALID_CASE.replace("authors: [王老师]", "authors: [zhao]"))  # not in the registry yet
    site.write("cases/odd-grade/index.md", VALID_CASE.replace("grade: 初一", "grade: 初一年级"))  # no such term yet
    site.write("cases/named/index.md", VALID_CASE + "\n班主任张志强老师也参加了讨论。\n")  # an undeclared name: left out
    withdrawn = VALID_CASE.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments:\n  - {file: 记录.docx, title: 记录}")
    withdrawn = withdrawn.replace("title: 用情绪温度计", f"title: {SHOWN}用情绪温度计")  # on listings and its neighbours' pages
    site.write("cases/to-withdraw/index.md", withdrawn + f"\n{MARK}：家访记录。\n")
    site.write("cases/to-withdraw/记录.docx", minimal_docx(f"{MARK} 访谈记录"))
    site.write("overrides/.keep", "")


MARK = "ZQXCACHEMARK"
GONE = "zqxtermgone"  # a term only one item has, until an edit drops it
SHOWN = "ZQXSHOWNMARK"  # the withdrawn item's title: other pages show it (cards, previous/next)


TEMPLATES = Path(__file__).resolve().parent.parent / "plugins/xinyu/plugin/templates"


def change_item(site):
    site.write("cases/case-1/index.md", VALID_CASE.replace("小A，初一女生。", "小A，初一女生。她的电话是 13812345678。"))


def drop_a_term(site):
    """A term leaves the only item that had it: it leaves the search index (patched, not written whole)."""
    site.write("cases/case-0/index.md", VALID_CASE.replace("用情绪温度计", "第0个案例：用情绪温度计"))


def retitle_item(site):
    """Only what listings and the neighbours' pages show of it changes (their cards, previous/next)."""
    site.write("cases/case-2/index.md", VALID_CASE.replace("用情绪温度计", "第2个案例（改过标题）：用情绪温度计"))


def change_attachment(site):
    site.write("cases/with-file/学习单.docx", minimal_docx("联系人电话 13912345678"))


def change_vocabulary(site):
    vocabulary = (site.root / "data/vocabulary.yml").read_text(encoding="utf-8")
    site.write("data/vocabulary.yml", vocabulary.replace("初一", "初一, 初一年级", 1))


def change_people(site):
    site.write("data/authors.yml", "wang:\n  name: 王老师\nzhao:\n  name: 赵老师\n  school: xx区二中\n")


def change_allow_list(site):
    site.write("data/privacy-allow.txt", "张志强  # 区教研员，公开署名\n")


def change_privacy_rules(site):
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write(
        "mkdocs.yml", config.replace("      collections:", "      privacy: {names: warning, scan_attachments: false}\n      collections:")
    )


def add_item(site):
    """A new item: the neighbours, related items and listings of the others change."""
    site.write("cases/new-one/index.md", VALID_CASE.replace("2024-05-20", "2024-06-01").replace("用情绪温度计", "新加入的案例"))


def withdraw_item(site):
    site.write("cases/to-withdraw/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")
    run(site, [bin_path("xinyu"), "check", "cases/to-withdraw/index.md"])  # the pre-commit hook: a partial check
    owned = {kind: rows for kind, rows in cache_rows(site).items() if kind != "item"}
    assert not any(MARK.encode() in value for rows in owned.values() for value in rows), "a withdrawn item's page or text stayed"
    shown = [kind for kind, rows in owned.items() for value in rows if SHOWN.encode() in value]
    assert not shown, f"a page or card showing the withdrawn item stayed in the cache: {shown}"


def change_theme_partial(site):
    site.write("overrides/partials/copyright.html", '<div class="md-copyright">区教育局心理健康教育中心</div>\n')


def change_template(site):
    card = (TEMPLATES / "xinyu/partials/card.html").read_text(encoding="utf-8")
    site.write("overrides/xinyu/partials/card.html", card.replace("</li>", "<!-- 自定义卡片 --></li>"))


def change_config(site):
    site.write("mkdocs.yml", CUSTOM_CONFIG.replace("测试资源库", "另一个资源库").replace("year, tags", "year"))


def share_theme(site):
    """A district's overrides in a folder beside the site (or behind a link): the site names it once."""
    shared = site.root.parent / "district-theme"
    (shared / "partials").mkdir(parents=True, exist_ok=True)
    (shared / "partials/copyright.html").write_text('<div class="md-copyright">区心理健康教育中心</div>\n', encoding="utf-8")
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: overrides", "custom_dir: ../district-theme"))


def change_shared_theme(site):
    """Only the shared folder changes: no file of the site does."""
    (site.root.parent / "district-theme/partials/copyright.html").write_text('<div class="md-copyright">区教育局</div>\n', encoding="utf-8")


@pytest.mark.slow
def test_cached_rebuilds_equal_clean_builds(site):
    make_site(site)
    assert run(site, [bin_path("mkdocs"), "build"]).returncode == 0  # fills the cache
    assert (site.root / ".cache/xinyu").is_dir()
    run(site, [bin_path("mkdocs"), "build"])  # the second build finds every item page unchanged
    rows = cache_rows(site)
    assert {"item", "page", "output", "search", "extract", "searchindex", "card"} <= set(rows), "a part of the cache is never used"
    assert any(GONE.encode() in p.read_bytes() for p in (site.root / "site/search/t").iterdir())
    assert any(b'class="xy-cards"' in value for value in rows["output"]), "listing pages are not kept whole"
    assert any(SHOWN.encode() in value for value in rows["output"]), "no kept page shows the item to withdraw: the step tests nothing"
    steps = (
        drop_a_term,
        retitle_item,
        change_item,
        change_attachment,
        change_vocabulary,
        change_people,
        change_allow_list,
        change_privacy_rules,
        add_item,
        withdraw_item,
        change_theme_partial,
        change_config,
        change_template,
        share_theme,
        change_shared_theme,
    )
    for change in steps:
        change(site)
        assert_same_as_clean(site, change.__name__, patched=change in (drop_a_term, retitle_item))
        if change is drop_a_term:
            assert not any(GONE.encode() in p.read_bytes() for p in (site.root / "cached/search").rglob("*.js"))
    rows = cache_rows(site)
    assert not any(MARK.encode() in value for values in rows.values() for value in values), "a withdrawn item stayed in the cache"
    raw = b"".join(p.read_bytes() for p in (site.root / ".cache").rglob("*") if p.is_file())
    assert MARK.encode() not in raw, "a withdrawn item's text is still in the cache's files"


def index_writers(site) -> set[str]:
    """The builds whose records make up the kept search index (search.kept names a row by the build that wrote it):
    one when the last build wrote it whole, more when it patched the kept one (only the changed items' records)."""
    db = sqlite3.connect(site.root / ".cache/xinyu/cache.sqlite")
    keys = [key for (key,) in db.execute("SELECT key FROM results WHERE kind='searchindex' AND key LIKE 'd%'")]
    db.close()
    return {key.rsplit("-", 1)[1] for key in keys}


def cache_rows(site) -> dict[str, list[bytes]]:
    """The cache's results by kind, each as stored and, when compressed, uncompressed."""
    db = sqlite3.connect(site.root / ".cache/xinyu/cache.sqlite")
    rows: dict[str, list[bytes]] = {}
    for kind, value in db.execute("SELECT kind, value FROM results"):
        try:
            value += zlib.decompress(value)
        except zlib.error:
            pass
        rows.setdefault(kind, []).append(value)
    db.close()
    return rows


@pytest.mark.slow
def test_a_new_plugin_version_shares_no_result_with_the_old(site, tmp_path):
    """Every kind of result is keyed by the plugin's code and libraries: an upgrade reuses nothing."""
    make_site(site)
    assert run(site, [bin_path("mkdocs"), "build"]).returncode == 0
    before = keys_of(site)
    fake = tmp_path / "libs"
    (fake / "xinyu_upgrade_probe-9.9.dist-info").mkdir(parents=True)  # another library version on the path
    paths = os.pathsep.join(filter(None, [str(fake), os.environ.get("PYTHONPATH", "")]))
    assert run(site, [bin_path("mkdocs"), "build"], PYTHONPATH=paths).returncode == 0
    after = keys_of(site)
    assert set(after) == set(before) == {"item", "page", "output", "search", "extract", "searchindex", "slug", "related", "card", "schema", "sitepage"}
    for kind in after:
        assert not after[kind] & before[kind], f"{kind}: results of the old version reused"


def keys_of(site) -> dict[str, set[str]]:
    db = sqlite3.connect(site.root / ".cache/xinyu/cache.sqlite")
    found: dict[str, set[str]] = {}
    for kind, key in db.execute("SELECT kind, key FROM results"):
        found.setdefault(kind, set()).add(key)
    db.close()
    return found


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


def test_items_streamed_from_failing_workers_equal_items_checked_here(site, monkeypatch):
    """Workers' checks come chunk by chunk (batch._check) and are stored as they come; a pool that fails after
    its first chunk leaves the rest to this process. The same entries, in order, as a load without workers or
    cache, and the cache so filled gives them again (a withdrawn item in it too)."""
    from xinyu.content import batch, load_library
    from xinyu.content.batch import EntryCache
    from xinyu.content.site import load_site
    from xinyu.pipeline import store as store_module

    class FailingPool:
        count = 2

        def imap(self, function, tasks):
            assert len(tasks) > 2
            yield function(tasks[0])  # checked here, as a worker would
            raise OSError("a worker is gone")

    make_site(site)
    site.write("cases/to-withdraw/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")
    spec = load_site(site.root / "mkdocs.yml")
    alone = load_library(spec).all_entries()
    monkeypatch.setattr(batch, "_worker", {})
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(batch, "STORE_EVERY", 1)
    streamed = load_library(spec, cache=EntryCache(store=store_module.open_store(site.root)), pool=FailingPool())
    assert streamed.all_entries() == alone and any(e.withdrawn for e in alone)
    again = load_library(spec, cache=EntryCache(store=store_module.open_store(site.root)), pool=FailingPool())
    assert again.all_entries() == alone


def test_what_markdown_extensions_read_is_part_of_a_bodys_key(tmp_path, monkeypatch):
    """A notice every page gets from pymdownx.snippets (auto_append in its base_path), or a Markdown
    extension that is the site's own module: a changed one converts every body again (cache red team)."""
    from xinyu.pipeline.render import env_of

    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets/notice.md").write_text("旧的提示\n", encoding="utf-8")
    (tmp_path / "district_ext.py").write_text("VERSION = 1\n", encoding="utf-8")
    extensions = ["toc", "pymdownx.snippets", "district_ext"]
    configs = {"toc": {"permalink": True}, "pymdownx.snippets": {"base_path": ["snippets"], "auto_append": ["notice.md"]}}
    keys = {env_of(extensions, configs).key()}
    assert env_of(extensions, configs).key() in keys, "the same inputs give the same key"
    (tmp_path / "snippets/notice.md").write_text("新的提示\n", encoding="utf-8")
    keys.add(env_of(extensions, configs).key())
    (tmp_path / "district_ext.py").write_text("VERSION = 2\n", encoding="utf-8")
    keys.add(env_of(extensions, configs).key())
    assert len(keys) == 3, "an appended snippet or the site's own extension changed, and the key did not"


def test_attachment_text_is_read_after_the_cache_it_was_kept_in_is_closed(tmp_path):
    """A build or check installs the cache for attachment text in its process; a later reader in that process (the
    next build, a search index written in process) must read the file when that cache has been closed, not fail."""
    from xinyu import guard
    from xinyu.guard import GuardOptions
    from xinyu.pipeline import extracts
    from xinyu.pipeline.store import Store

    word = tmp_path / "学习单.docx"
    word.write_bytes(minimal_docx("情绪小怪兽学习单"))
    store = Store(tmp_path / "cache.sqlite")
    extracts.install(store)
    try:
        first = guard.read_attachment_text(word, "docx", GuardOptions(), "cases/a/")
        store.close()
        word.write_bytes(minimal_docx("换了内容的学习单"))  # another version: not in the memo
        again = guard.read_attachment_text(word, "docx", GuardOptions(), "cases/a/")
    finally:
        extracts.install(None)
    assert "情绪小怪兽" in " ".join(text for _, text in first.chunks)
    assert "换了内容" in " ".join(text for _, text in again.chunks)
