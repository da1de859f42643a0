"""`mkdocs serve` rebuilds after edits without stale pages: edit, break, fix, delete, add one case.

The plugin keeps checked items cached by content across rebuilds; these steps are
the ways that cache could go stale. Correctness only; scripts/bench_preview.py
measures the time on 2,000 items.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_preview import Server, set_field  # noqa: E402
from conftest import free_port  # noqa: E402
from corpus import generate  # noqa: E402

SLUG = "case-00002"


@pytest.fixture(params=[False, True], ids=["full", "dirty"])
def served(tmp_path, request):
    """`mkdocs serve` as is, and with --dirty as the README's serve command runs it."""
    site = tmp_path / "site"
    generate(site, 12, seed=5)
    server = Server(site, dirty=request.param, port=free_port())
    try:
        server.wait(lambda: SLUG in server.page("cases/"), timeout=180, every=0.2)
        yield server, site
    finally:
        server.stop()


def unlisted(server: Server, slug: str) -> bool:
    """The index is served (not mid-rebuild, when `serve` has emptied its folder) and does not link the item."""
    page = server.page("cases/")
    return "</html>" in page and f'href="{slug}/"' not in page and f'href="./{slug}/"' not in page


def listed(server: Server, slug: str) -> bool:
    """A card links to the item (the preview banner may name its file: that is not a listing)."""
    page = server.page("cases/")
    return f'href="{slug}/"' in page or f'href="./{slug}/"' in page


def test_serve_follows_every_edit(served):
    server, site = served
    md = site / "cases" / SLUG / "index.md"
    other = site / "cases" / "case-00001" / "index.md"

    assert f"cases/{SLUG}/" in server.page("sitemap.xml")
    set_field(md, "title", "改过的标题甲")
    server.wait(lambda: "改过的标题甲" in server.page(f"cases/{SLUG}/"), timeout=120)
    shown(server, lambda: "改过的标题甲" in server.page("cases/"))
    shown(server, lambda: any(item.get("title") == "改过的标题甲" for item in _catalog(server)))

    set_field(other, "tags", "[预览测试标签]")  # a facet value appears on the index and as a taxonomy page
    server.wait(lambda: "预览测试标签" in server.page("cases/"), timeout=120)

    # The statistics page is rendered again when one of its figures changes (its inputs are its tables).
    assert "xx区预览测试学校" not in server.page("statistics/")
    set_field(other, "school", "xx区预览测试学校")
    server.wait(lambda: "xx区预览测试学校" in server.page("statistics/"), timeout=120)

    date = _value(md, "date")
    set_field(md, "date", "'2023-02-30'")
    server.wait(lambda: unlisted(server, SLUG) and f"cases/{SLUG}/" not in _urls(server), timeout=120)
    server.wait(lambda: any(f"cases/{SLUG}/index.md" in line and "date" in line for line in server.output), timeout=10)
    shown(server, lambda: "预览测试标签" in server.page("cases/"))  # the other items stay
    assert "改过的标题甲" not in server.page(f"cases/{SLUG}/"), "a broken item's old page is not shown"

    set_field(md, "date", date)
    server.wait(lambda: listed(server, SLUG) and f"cases/{SLUG}/" in _urls(server), timeout=120)
    shown(server, lambda: "改过的标题甲" in server.page(f"cases/{SLUG}/"))

    shutil.move(str(md.parent), str(site.parent / "moved"))
    server.wait(lambda: unlisted(server, SLUG) and f"cases/{SLUG}/" not in _urls(server), timeout=120)
    assert "改过的标题甲" not in server.page(f"cases/{SLUG}/"), "a deleted item's old page is not shown"
    # sitemap.xml (left as it was by a dirty rebuild that lists the same pages) follows the pages that go and come
    shown(server, lambda: "<urlset" in server.page("sitemap.xml") and f"cases/{SLUG}/" not in server.page("sitemap.xml"))

    shutil.copytree(site.parent / "moved", site / "cases" / "case-added")
    server.wait(lambda: listed(server, "case-added") and "cases/case-added/" in _urls(server), timeout=120)
    shown(server, lambda: "改过的标题甲" in server.page("cases/case-added/"))
    shown(server, lambda: "cases/case-added/" in server.page("sitemap.xml"))


def shown(server: Server, check) -> None:
    """``check()`` comes true: a page asked for while a later rebuild runs is answered after it (``server.page``
    gives "" after 5 s), so under load one look can miss what is there; a page that never shows still fails."""
    server.wait(check, timeout=120)


def test_serve_follows_attachment_changes(served):
    """An attachment removed without touching index.md: the item becomes invalid, and back when restored."""
    server, site = served
    bundle = next(p.parent for p in sorted(site.glob("cases/*/index.md")) if "attachments:" in p.read_text(encoding="utf-8"))
    slug = bundle.name
    attachment = next(p for p in bundle.iterdir() if p.suffix in (".pdf", ".docx"))
    kept = site.parent / attachment.name
    shutil.move(str(attachment), kept)
    server.wait(lambda: unlisted(server, slug), timeout=120)
    shutil.move(str(kept), attachment)
    server.wait(lambda: listed(server, slug), timeout=120)


def test_serve_sees_a_collection_folder_made_after_it_started(tmp_path):
    """A new site's first case: cases/ did not exist when serve started, so it was neither watched nor polled
    (watched by inotify, or polled where there is none: tests/test_serve_watch.py runs both)."""
    site = tmp_path / "site"
    generate(site, 12, seed=5)
    kept = tmp_path / "cases"
    shutil.move(str(site / "cases"), kept)
    server = Server(site, dirty=True, port=free_port())
    try:
        server.wait(lambda: "</html>" in server.page(""), timeout=180, every=0.2)
        assert not listed(server, SLUG)
        shutil.copytree(kept, site / "cases")
        server.wait(lambda: listed(server, SLUG), timeout=120)
        (site / "cases" / SLUG / "index.md").unlink()
        server.wait(lambda: unlisted(server, SLUG), timeout=120)
    finally:
        server.stop()


def test_serve_watches_a_registry_beside_mkdocs_yml_not_the_whole_site(tmp_path):
    """``authors: authors.yml``: its folder is the site itself. MkDocs polled it whole, saw the build's own writes to
    the build cache, and rebuilt for ever; now it watches the file, and an edit of it is still seen."""
    site = tmp_path / "site"
    generate(site, 12, seed=5)
    shutil.move(str(site / "data" / "authors.yml"), str(site / "authors.yml"))
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("authors: data/authors.yml", "authors: authors.yml", 1), encoding="utf-8")
    server = Server(site, dirty=True, port=free_port())
    try:
        server.wait(lambda: any("监视这些文件和文件夹的改动" in line for line in server.output), timeout=180, every=0.2)
        [watched] = [line for line in server.output if "监视这些文件和文件夹的改动" in line]
        listed = watched.split("：", 1)[1].split("；")[0].split("、")
        assert any(p.endswith("authors.yml") for p in listed) and "." not in listed, watched
        assert "xinyu-serve-" not in watched and "由 xinyu 监视" in watched, watched  # no temporary path shown
        server.wait(lambda: "</html>" in server.page(""), timeout=180, every=0.2)
        before = len(server.output)
        with open(site / "authors.yml", "a", encoding="utf-8") as fh:
            fh.write("\n")
        server.wait(lambda: any("发现文件改动" in line for line in server.output[before:]), timeout=120)
    finally:
        server.stop()


def _catalog(server: Server) -> list[dict]:
    import json

    try:
        return json.loads(server.page("catalog.json"))["items"]
    except (ValueError, KeyError):
        return []


def _urls(server: Server) -> set[str]:
    return {item["url"] for item in _catalog(server)}


def _value(md: Path, key: str) -> str:
    return next(line for line in md.read_text(encoding="utf-8").split("\n") if line.startswith(f"{key}:")).split(": ", 1)[1]


class InProcess:
    """``mkdocs serve --dirty`` as it rebuilds (one plugin instance, the config reloaded, dirty builds), in this process,
    and a fresh instance's first build of the same sources to compare with, file by file."""

    def __init__(self, site: Path):
        self.site, self.out = site, site.parent / "served"
        self.config = self.load(self.out)
        self.config.plugins.on_startup(command="serve", dirty=True)
        self.build(self.config, dirty=False)

    def load(self, out: Path):
        from mkdocs.config import load_config

        config = load_config(str(self.site / "mkdocs.yml"), site_dir=str(out))
        config.site_url = "http://127.0.0.1:8000/"
        return config

    def build(self, config, dirty: bool) -> None:
        import threading

        from mkdocs.commands.build import build

        plugin = config.plugins["xinyu"]
        plugin.search_later.delay = plugin.collector.delay = 0  # serve's pause for more saves: waited for below, not out
        before = set(threading.enumerate())  # a browser test's driver threads in this worker never end: not ours
        build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
        for thread in set(threading.enumerate()) - before:  # the search index and the workbook are written in the background
            if thread.daemon and thread.is_alive():  # not one still starting (a pool's, made by the search thread joined here)
                thread.join(120)

    def rebuild(self) -> None:
        from xinyu.content.outcome import read_catalog

        fields = ("collection", "slug", "url", "title")
        written = [{k: item.get(k) for k in fields} for item in read_catalog(self.out / "catalog.json") or []]
        config = self.load(self.out)
        self.build(config, dirty=True)
        kept = [{k: item.get(k) for k in fields} for item in config.plugins["xinyu"].previous or []]
        assert kept == written, "what the rebuild took as the last build's items is not what its catalog.json holds"

    def clean(self) -> Path:
        """A new plugin instance (as a new `mkdocs serve` has) builds the same sources from scratch."""
        from mkdocs.config.defaults import MkDocsConfig

        cache = dict(MkDocsConfig._schema)["plugins"].plugin_cache
        kept = dict(cache)
        cache.clear()
        try:
            out = self.site.parent / "clean"
            shutil.rmtree(out, ignore_errors=True)
            config = self.load(out)
            config.plugins.on_startup(command="serve", dirty=True)
            self.build(config, dirty=False)
            return out
        finally:
            cache.clear()
            cache.update(kept)

    def assert_same(self, step: str) -> None:
        a, b = _without_banner(self.out), _without_banner(self.clean())
        assert sorted(a) == sorted(b), f"{step}: different files {sorted(set(a) ^ set(b))[:10]}"
        differ = [name for name in a if a[name] != b[name]]
        assert not differ, f"{step}: the served rebuild differs from a fresh build in {differ[:10]}"
        assert any(name.startswith("search/") for name in a), f"{step}: serve wrote no search index"


VOCABULARY = (ROOT / "plugins/xinyu/data/vocabulary.yml").read_text(encoding="utf-8")


def _without_banner(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, without the preview's error banner: by design it is on the pages a rebuild renders
    (the listings a broken item leaves, the 404 page), not on every page (that would be a full rebuild)."""
    import re

    from test_build_cache import files_of

    banner = rb'<div data-md-component="announce">(\s*<aside class="md-banner">\s*<div class="md-banner__inner[^"]*">\s*<div class="xy-problems".*?</aside>)?\s*</div>'
    banner = re.compile(banner, re.S)
    return {name: banner.sub(b"<!-- banner -->", data) if name.endswith(".html") else data for name, data in files_of(folder).items()}


def _edit(md: Path, old: str, new: str) -> None:
    text = md.read_text(encoding="utf-8")
    assert old in text, (md, old)
    md.write_text(text.replace(old, new, 1), encoding="utf-8")


def _older(path: Path, old: bytes, new: bytes) -> None:
    """The file replaced by a version saved long ago (its mtime older than the served copy's)."""
    import os

    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))
    os.utime(path, (1_000_000_000, 1_000_000_000))


def _backdated(path: Path, old: str, new: str) -> None:
    """An edit of the same size whose file keeps its old times (cp -p, unzip, rsync -t)."""
    import os

    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    _edit(path, old, new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_dirty_rebuilds_equal_a_fresh_build(tmp_path, monkeypatch):
    """Every kind of edit, each followed by a dirty rebuild that must equal a fresh instance's build byte for byte."""
    import time

    monkeypatch.setenv("XINYU_NO_CACHE", "1")  # the in-memory state is what is tested: the fresh build shares nothing
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    generate(site, 10, seed=5)
    monkeypatch.chdir(site)
    serving = InProcess(site)
    cases = sorted((site / "cases").glob("*/index.md"))
    md, other = cases[1], cases[2]
    attachment = site / "cases" / "case-00004" / "我是谁学习单.pdf"
    partial = site / "overrides" / "partials" / "copyright.html"
    courses, about = sorted((site / "docs" / "courses").glob("*/index.md")), site / "docs" / "about.md"
    assert courses and about.is_file()
    steps = [
        ("title", lambda: set_field(md, "title", "改过的标题甲")),
        ("title again within a second, same length", lambda: set_field(md, "title", "改过的标题乙")),
        ("body", lambda: md.write_text(md.read_text(encoding="utf-8") + "\n\n补充的一段正文。\n", encoding="utf-8")),
        ("facet value", lambda: set_field(other, "tags", "[预览测试标签]")),
        # a value's address is decided by all items: two others bringing one of the same pinyin (势力, shi-li)
        # renumber this one (实力 → shi-li-2) on a page whose item did not change
        ("a tag", lambda: set_field(cases[3], "tags", "[实力]")),
        ("its pinyin taken by two others", lambda: [set_field(c, "tags", "[势力]") for c in cases[6:8]]),
        ("new item", lambda: shutil.copytree(md.parent, site / "cases" / "case-added")),
        ("broken", lambda: set_field(md, "date", "'2023-02-30'")),
        ("fixed", lambda: set_field(md, "date", "'2023-02-03'")),
        ("draft", lambda: _edit(other, "\ntitle:", "\nstatus: draft\ntitle:")),
        ("published again", lambda: _edit(other, "\nstatus: draft\ntitle:", "\ntitle:")),
        ("withdrawn", lambda: md.write_text("---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n", encoding="utf-8")),
        ("deleted", lambda: shutil.rmtree(site / "cases" / "case-added")),
        (
            "vocabulary",
            lambda: (site / "data" / "vocabulary.yml").write_text(
                VOCABULARY.replace("label: 学段", "label: 学段（年级）"), encoding="utf-8"
            ),
        ),
        ("vocabulary, same size, its mtime set back", lambda: _backdated(site / "data" / "vocabulary.yml", "学段（年级）", "学段（班级）")),
        ("people", lambda: _edit(site / "data" / "authors.yml", "name: ", "name: 新")),
        ("attachment changed", lambda: attachment.write_bytes(attachment.read_bytes() + b"\n%% edited\n")),
        ("attachment removed", lambda: shutil.move(str(attachment), site.parent / attachment.name)),
        ("attachment restored", lambda: shutil.move(str(site.parent / attachment.name), attachment)),
        ("attachment replaced by an older file", lambda: _older(attachment, b"%% edited", b"%% redone")),
        ("every course a draft", lambda: [_edit(c, "\ntitle:", "\nstatus: draft\ntitle:") for c in courses]),
        ("courses published again", lambda: [_edit(c, "\nstatus: draft\ntitle:", "\ntitle:") for c in courses]),
        ("a site page refused", lambda: _edit(about, "\n", "\n\n值班电话 13812345678。\n")),
        ("the site page fixed", lambda: _edit(about, "\n\n值班电话 13812345678。\n", "\n")),
        ("moved to another folder", lambda: shutil.move(str(site / "cases" / "case-00005"), site / "cases" / "case-renamed")),
        ("config", lambda: _edit(site / "mkdocs.yml", "site_name: 心育资源库", "site_name: 心育资源库（预览）")),
        ("template added", lambda: _add_partial(site, partial)),
        ("template edited", lambda: partial.write_text("<p>修改后的版权信息</p>\n", encoding="utf-8")),
        ("untouched", lambda: None),
    ]
    plugin = serving.config.plugins["xinyu"]
    for step, change in steps:
        time.sleep(0.01)
        change()
        serving.rebuild()
        serving.assert_same(step)
    assert plugin.unchanged.kept, "the rebuilds took unchanged items as they were (content.unchanged)"
    assert plugin.cards.values, "the rebuilds took the cards of unchanged items as they were (context.CardCache)"
    before = dict(plugin.files_kept)
    serving.rebuild()
    serving.assert_same("untouched, once more")
    assert plugin.files_kept and all(plugin.files_kept[uri] is file for uri, file in before.items()), (
        "a page whose inputs did not change keeps its file and page object (pages.add_pages)"
    )
    assert any(type(file.page).__name__ == "ItemPage" for file in before.values())
    import gc

    assert gc.get_freeze_count() > 0, "between rebuilds what survives is frozen (serving.Collector)"
    assert gc.isenabled(), "a rebuild runs without automatic collections, and turns them on again"


def test_served_search_index_is_patched_in_its_folder_and_equals_a_fresh_build(tmp_path, monkeypatch, caplog):
    """With the build cache on, each serve rebuild's search index is the last one's folder patched in place
    (search.writer's ``previous``); the site, its search/ included, still equals a fresh build without any cache."""
    import logging

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    generate(site, 10, seed=7)
    monkeypatch.chdir(site)
    serving = InProcess(site)
    cases = sorted((site / "cases").glob("*/index.md"))
    steps = [
        ("title", lambda: set_field(cases[1], "title", "原地修补的新标题")),
        ("body", lambda: cases[1].write_text(cases[1].read_text(encoding="utf-8") + "\n\n补充一段正文：沙盘里的小房子。\n", encoding="utf-8")),
        ("another item", lambda: set_field(cases[2], "title", "另一个案例的新标题")),
        ("untouched", lambda: None),
    ]
    for step, change in steps:
        change()
        caplog.clear()
        with caplog.at_level(logging.INFO):
            serving.rebuild()
        assert "只重写了改动的部分" in caplog.text, f"{step}: the index was written whole"
        monkeypatch.setenv("XINYU_NO_CACHE", "1")  # the fresh build to compare with shares nothing
        serving.assert_same(step)
        monkeypatch.delenv("XINYU_NO_CACHE")


def test_watched_rebuilds_walk_only_what_changed_and_equal_a_fresh_build(tmp_path, monkeypatch):
    """Under serve on Linux, content.unchanged walks only the item folders the watcher (serving.Watcher) names;
    every kind of change to a folder (an atomic save, a same-size edit with its time set back, an attachment moved
    away and back, a folder new, edited inside, renamed, removed, a change made during a rebuild, lost events) still
    ends in a fresh build's site, byte for byte."""
    import logging

    import xinyu.content.unchanged as unchanged_module
    from test_serve_watch import heard

    serving_site, plugin, cases = watched_site(tmp_path, monkeypatch)
    plugin.watcher.ahead = None  # every load in on_files, where the walk is looked at (test_serve_ahead: the load ahead)
    assert cases in [Path(root) for root in plugin.watcher.roots]
    walked: list[str] = []
    stamp = unchanged_module.folder_stamp
    bundle = lambda job: job.md.name == "index.md"  # noqa: E731 - a flat item (<slug>.md) is never walked: always read
    monkeypatch.setattr(unchanged_module, "folder_stamp", lambda job, now: (bundle(job) and walked.append(job.slug)) or stamp(job, now))
    md, other = sorted(cases.glob("*/index.md"))[1:3]
    attachment = cases / "case-00004" / "我是谁学习单.pdf"
    remember = unchanged_module.Unchanged.remember

    def during(self, jobs, checked):  # after the folders were walked and read: seen by the next rebuild only
        set_field(other, "title", "构建中途改的标题")
        monkeypatch.setattr(unchanged_module.Unchanged, "remember", remember)
        remember(self, jobs, checked)

    everything = None  # every bundle: the first rebuild under the watch, and after lost events
    steps = [
        ("the first rebuild under the watch walks every folder", lambda: None, everything),
        ("title", lambda: set_field(md, "title", "改过的标题丙"), {md.parent.name}),
        ("atomic save", lambda: _saved_atomically(md, "改过的标题丙", "改过的标题丁"), {md.parent.name}),
        ("same size, time set back", lambda: _backdated(md, "改过的标题丁", "改过的标题戊"), {md.parent.name}),
        ("attachment away", lambda: shutil.move(str(attachment), tmp_path / attachment.name), {"case-00004"}),
        ("attachment back", lambda: shutil.move(str(tmp_path / attachment.name), attachment), {"case-00004"}),
        ("new folder", lambda: shutil.copytree(md.parent, cases / "case-added"), {"case-added"}),
        ("edit inside it", lambda: set_field(cases / "case-added" / "index.md", "title", "新加的条目"), {"case-added"}),
        ("renamed", lambda: shutil.move(str(cases / "case-added"), cases / "case-renamed"), {"case-renamed"}),
        ("removed", lambda: shutil.rmtree(cases / "case-renamed"), set()),
        ("changed during the rebuild", lambda: monkeypatch.setattr(unchanged_module.Unchanged, "remember", during), set()),
        ("seen by the next", lambda: None, {other.parent.name}),
        ("events lost", lambda: logging.getLogger("watchdog.observers.inotify_c").warning("Inotify queue overflowed"), everything),
    ]
    ever: set[str] = set()  # a folder changed within RACY_SECONDS of a walk is walked again at the next: never more
    for number, (step, change, touched) in enumerate(steps):
        change()
        heard(plugin.watcher, cases, f"step-{number}")
        walked.clear()
        serving_site.rebuild()
        bundles = {e.slug for entries in plugin.library.entries.values() for e in entries if e.path.name == "index.md"}
        expected = bundles if touched is everything else touched
        assert expected <= set(walked) <= expected | ever, f"{step}: folders walked {walked}"
        ever |= expected
        if step != "changed during the rebuild":  # that rebuild read the file before it changed: the next catches up
            serving_site.assert_same(step)
    plugin.on_shutdown()


def watched_site(tmp_path: Path, monkeypatch) -> tuple[InProcess, object, Path]:
    """An 8-case site served in this process under the watcher (inotify: skipped where it cannot watch): the served
    site, its plugin and its cases folder."""
    from xinyu.plugin import serving

    if not sys.platform.startswith("linux") or serving.file_system(tmp_path) not in serving.LOCAL_FILE_SYSTEMS:
        pytest.skip("inotify: Linux, local file systems only (elsewhere every folder is walked)")
    monkeypatch.setenv("XINYU_NO_CACHE", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    generate(site, 8, seed=5)
    monkeypatch.chdir(site)
    served = InProcess(site)
    plugin = served.config.plugins["xinyu"]
    plugin.on_serve(_Server(), config=served.config, builder=None)  # as `mkdocs serve` starts its watch
    return served, plugin, (site / "cases").resolve()


class _Server:
    """What on_serve asks of MkDocs' server."""

    def watch(self, path: str) -> None:
        pass

    def unwatch(self, path: str) -> None:
        pass


def _saved_atomically(md: Path, old: str, new: str) -> None:
    """As editors save: the new text into a file beside it, renamed over it."""
    import os

    text = md.read_text(encoding="utf-8")
    assert old in text
    temp = md.with_name(".index.md.tmp")
    temp.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temp, md)


def _add_partial(site: Path, partial: Path) -> None:
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>本站的版权信息</p>\n", encoding="utf-8")
    _edit(site / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")


def test_a_rebuild_lists_only_new_problems(tmp_path, monkeypatch, caplog):
    """Under serve, the first build lists every problem; a rebuild lists the new ones and one line for the rest
    (a warning while an error remains, so that ``serve --strict`` still fails)."""
    import logging

    monkeypatch.setenv("XINYU_NO_CACHE", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    generate(site, 6, seed=5)
    monkeypatch.chdir(site)
    first, second = sorted((site / "cases").glob("*/index.md"))[1:3]
    set_field(first, "date", "'2023-02-30'")
    caplog.set_level(logging.INFO)
    serving = InProcess(site)
    place = first.relative_to(site).as_posix()
    assert any(place in r.getMessage() and "date" in r.getMessage() for r in caplog.records)

    caplog.clear()
    set_field(second, "date", "'2023-02-31'")
    serving.rebuild()
    lines = [r.getMessage() for r in caplog.records]
    assert any(second.relative_to(site).as_posix() in line and "date" in line for line in lines), "a new problem is listed"
    assert not any(place + ":" in line for line in lines), "an old one is not listed again"
    summary = [r for r in caplog.records if "与上次构建相比" in r.getMessage()]
    assert len(summary) == 1 and "新问题 1 条" in summary[0].getMessage() and summary[0].levelno == logging.WARNING

    caplog.clear()
    set_field(first, "date", "'2023-02-03'")
    set_field(second, "date", "'2023-02-04'")
    serving.rebuild()
    summary = [r for r in caplog.records if "与上次构建相比" in r.getMessage()]
    assert len(summary) == 1 and "已解决 2 条" in summary[0].getMessage() and "现有错误 0 条" in summary[0].getMessage()
    assert summary[0].levelno == logging.INFO


def test_the_404_page_speaks_to_readers_and_to_a_previewing_contributor(tmp_path, monkeypatch):
    """Readers of the published site are told the page is missing; only a preview also points at the check."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    generate(site, 3, seed=5)
    monkeypatch.chdir(site)
    published = tmp_path / "published"
    from mkdocs.config.defaults import MkDocsConfig

    # MkDocs keeps a plugin instance per process: an earlier in-process serve test's would still think it serves.
    dict(MkDocsConfig._schema)["plugins"].plugin_cache.clear()
    build(load_config(str(site / "mkdocs.yml"), site_dir=str(published)))
    page = (published / "404.html").read_text(encoding="utf-8")
    assert "<title>找不到这个页面 - " in page and "<h1>找不到这个页面</h1>" in page
    assert "dev.py check" not in page and "预览" not in page

    preview = (InProcess(site).out / "404.html").read_text(encoding="utf-8")
    assert "<title>找不到这个页面 - " in preview and "dev.py check" in preview


def test_publishing_a_draft_brings_back_the_links_to_it(tmp_path, monkeypatch):
    """An item's link to a draft shows as text; once the draft is published, a dirty rebuild shows it as a link
    again, though nothing else of the linking item's page changed (not its neighbour, not related)."""
    from conftest import MINIMAL_CONFIG, VALID_CASE

    monkeypatch.setenv("XINYU_NO_CACHE", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs/index.md").write_text("# 首页\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    kinds = [("情绪调适", "初一", "个体辅导"), ("学会学习", "初二", "团体辅导"), ("人际交往", "高一", "心理活动课"),
             ("生涯规划", "高二", "家校共育"), ("认识自我", "小学低年级", "个体辅导"), ("生命教育", "中职", "团体辅导")]
    for i, (topic, grade, kind) in enumerate(kinds):
        text = VALID_CASE.replace("2024-05-20", f"20{18 + i}-05-20").replace("[情绪调适]", f"[{topic}]").replace("grade: 初一", f"grade: {grade}")
        text = text.replace("type: 个体辅导", f"type: {kind}").replace("用情绪温度计帮助初一学生识别情绪", f"第{i}个案例")
        folder = site / "cases" / f"case-{i}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(text, encoding="utf-8")
    linking, target = site / "cases/case-0/index.md", site / "cases/case-5/index.md"
    linking.write_text(linking.read_text(encoding="utf-8") + "\n见[最后一个案例](../case-5/index.md)。\n", encoding="utf-8")
    _edit(target, "\ntitle:", "\nstatus: draft\ntitle:")
    monkeypatch.chdir(site)
    serving = InProcess(site)
    page = serving.out / "cases/case-0/index.html"
    assert "最后一个案例" in page.read_text(encoding="utf-8") and "case-5" not in page.read_text(encoding="utf-8")
    _edit(target, "\nstatus: draft\ntitle:", "\ntitle:")
    serving.rebuild()
    assert 'href="../case-5/"' in page.read_text(encoding="utf-8")
    serving.assert_same("the draft published")
