"""Every text value reaches every output as text: page titles, header, <title>, meta tags, breadcrumbs,
listings, feeds, sitemap, catalogs, search records, the serve banner.

These build with the teaching layer off (`check` would refuse the markup): the guarantee where
data becomes output must hold on its own. The Hypothesis version is test_escape_property.py.
"""

from __future__ import annotations

import html5lib
import pytest

from hostile import BODY_PAYLOADS, PAYLOADS, HostileSite, baseline_scripts, body_of, payload, scan_site, schema_fields, teaching_layer_off


@pytest.fixture(scope="module")
def allowed_scripts(tmp_path_factory) -> set[str]:
    """The scripts and styles of a clean build: the theme's and ours."""
    clean = HostileSite(tmp_path_factory.mktemp("clean"))
    fields = schema_fields(clean.root)
    for collection in {f.collection for f in fields.free} - {"authors", "groups"}:
        clean.item(collection, f"clean-{collection}", {})
    clean.person("zhou-min", {"name": "周敏", "school": "xx区实验中学"})
    clean.build(serve=True)
    return baseline_scripts(clean.out)


def hostile_site(root, payloads: list[str], bodies: list[str] = ()) -> tuple[HostileSite, dict[str, str]]:
    """One item per collection and one registry person, every free-text value a payload; ``bodies``: the items' Markdown."""
    site = HostileSite(root)
    fields = schema_fields(site.root)
    texts: dict[str, str] = {}

    def value(where: str, max_length: int | None) -> str:
        n = site.slot(where)
        fitting = [t for t in payloads if len(payload(t, n)) <= (max_length or 10_000)] or ["x{n}"]
        text = payload(fitting[n % len(fitting)], n)
        texts[where] = text
        return text

    for collection in sorted({f.collection for f in fields.free} - {"authors", "groups"}):
        values = {f.path: value(f"{collection}.{f.name}", f.max_length) for f in fields.free if f.collection == collection}
        site.item(collection, f"bad-{collection}", values, body_of(site, f"{collection} body", list(bodies)) if bodies else "正文。\n")
    site.person("zhou-min", {f.path[0]: value(f"authors.{f.name}", None) for f in fields.free if f.collection == "authors"})
    site.group("bad-group", {f.path[0]: value(f"groups.{f.name}", f.max_length) for f in fields.free if f.collection == "groups"})
    meta = {key: value(f"docs page {key}", None) for key in ("title", "description", "author", "subtitle")}
    site.page("hostile.md", meta, body_of(site, "docs page body", list(bodies)) if bodies else "正文。\n")
    site.item(
        "cases", "gone-case", {("status",): "withdrawn", ("withdrawn_date",): "2025-01-01", ("title",): value("withdrawn title", None)}
    )
    row = {key: value(f"round results {key}", None) for key in ("code", "title", "school")}
    site.round_results([{**row, "key": "cases/bad-cases", "authors": [value("round results authors", None)], "award": "一等奖"}])
    return site, texts


def test_no_value_of_any_field_becomes_markup(tmp_path, monkeypatch, allowed_scripts):
    teaching_layer_off(monkeypatch)
    site, texts = hostile_site(tmp_path / "s", PAYLOADS, BODY_PAYLOADS)
    errors = site.build()
    assert errors == [], "every hostile item must be published, or nothing is tested:\n" + "\n".join(errors)
    pages = ["rounds/2025", "hostile", "training/bad-training", "groups/bad-group", "statistics", "parents", "people/zhou-min"]
    assert [p for p in pages if not (site.out / p / "index.html").is_file()] == [], "every kind of page is built"
    assert texts["round results title"] in text_of(parsed(site.out / "rounds/2025/index.html"), "ol", "xy-round-list")
    assert "gone-case" in (site.out / "withdrawn.json").read_text(encoding="utf-8")
    assert scan_site(site.out, allowed_scripts) == {}


def test_a_cached_rebuild_is_as_safe_as_the_first(tmp_path, monkeypatch, allowed_scripts):
    """The second build takes checked items and converted bodies from the build cache (.cache/xinyu):
    its pages are the first build's, byte for byte, and as safe."""
    import xinyu.content.batch
    import xinyu.plugin.bodies

    teaching_layer_off(monkeypatch)
    site, _ = hostile_site(tmp_path / "s", PAYLOADS, BODY_PAYLOADS)
    assert site.build() == []
    assert scan_site(site.out, allowed_scripts) == {}
    first = {p.relative_to(site.out): p.read_bytes() for p in site.out.rglob("*.html")}
    assert (site.root / ".cache/xinyu").is_dir(), sorted(p.name for p in site.root.iterdir())

    def not_again(work):
        def refuse(jobs, *args, **kwargs):
            again = [job for job in jobs if getattr(job, "slug", None) != "gone-case"]  # a withdrawn item is never cached
            assert not again, "an unchanged item was checked or converted again: the cache was not used"
            return work(jobs, *args, **kwargs)

        return refuse

    monkeypatch.setattr(xinyu.plugin.bodies, "render_body", not_again(xinyu.plugin.bodies.render_body))
    monkeypatch.setattr(xinyu.content.batch, "_check", not_again(xinyu.content.batch._check))
    assert site.build() == []
    assert scan_site(site.out, allowed_scripts) == {}
    second = {p.relative_to(site.out): p.read_bytes() for p in site.out.rglob("*.html")}
    assert second.keys() == first.keys()
    assert [p for p in first if first[p] != second[p]] == []


def parsed(path):
    return html5lib.parse(path.read_text(encoding="utf-8"), treebuilder="etree", namespaceHTMLElements=False)


def text_of(root, tag: str, cls: str | None = None) -> str:
    for element in root.iter(tag):
        if cls is None or cls in (element.get("class") or "").split():
            return " ".join("".join(element.itertext()).split())
    raise AssertionError(f"no <{tag} class={cls}>")


def test_titles_show_the_value_as_typed(tmp_path, monkeypatch):
    """The page title, the header and <title> show exactly the text (not markup, not double-escaped)."""
    teaching_layer_off(monkeypatch)
    site = HostileSite(tmp_path / "s")
    school = '</title><img src=x onerror=__xyHit(1)> & "学校"'
    title = "&lt;b&gt; 标题"
    site.item("cases", "c1", {("school",): school, ("title",): title})
    site.person("zhou-min", {"name": "<svg onload=__xyHit(2)>周敏"})
    site.build()
    term = next((site.out / "cases/school").glob("*/index.html"))
    root = parsed(term)
    assert text_of(root, "title") == f"{school} - 测试资源库"
    assert text_of(root, "div", "md-header__topic").endswith(school) or school in text_of(root, "div", "md-header__title")
    assert text_of(root, "h1") == f"学校 {school}"
    item = parsed(site.out / "cases/c1/index.html")
    assert text_of(item, "title") == f"{title} - 测试资源库"  # typed entities stay as typed
    assert text_of(item, "h1") == title
    person = parsed(site.out / "people/zhou-min/index.html")
    assert text_of(person, "title") == "<svg onload=__xyHit(2)>周敏 - 测试资源库"


def test_docs_page_title_meta_and_heading_stay_text(tmp_path, monkeypatch, allowed_scripts):
    """Material prints page.meta.description/author and the title (through `striptags`, which unescapes)."""
    teaching_layer_off(monkeypatch)
    site = HostileSite(tmp_path / "s")
    site.write("docs/heading.md", "# &lt;/title&gt;&lt;script&gt;__xyHit(1)&lt;/script&gt; 标题\n\n正文。\n")
    site.write(
        "docs/meta.md",
        '---\ntitle: "</title><script>__xyHit(2)</script>"\ndescription: \'"><script>__xyHit(3)</script>\'\n'
        "author: '\"><svg onload=__xyHit(4)>'\nsubtitle: '<img src=x onerror=__xyHit(5)>'\n---\n正文。\n",
    )
    site.build()
    assert scan_site(site.out, allowed_scripts) == {}
    heading = parsed(site.out / "heading/index.html")
    assert text_of(heading, "title") == "</title><script>__xyHit(1)</script> 标题 - 测试资源库"
    meta = parsed(site.out / "meta/index.html")
    assert text_of(meta, "title") == "</title><script>__xyHit(2)</script> - 测试资源库"
    description = next(e for e in meta.iter("meta") if e.get("name") == "description")
    assert description.get("content") == '"><script>__xyHit(3)</script>'


def test_serve_banner_shows_problems_as_text(tmp_path, allowed_scripts):
    """Under serve every page lists the content errors; their messages quote the offending value."""
    site = HostileSite(tmp_path / "s")
    site.item("cases", "c1", {("school",): "<img src=x onerror=__xyHit(1)>"})
    site.build(serve=True)
    home = (site.out / "index.html").read_text(encoding="utf-8")
    assert "xy-problems" in home and "cases/c1/index.md" in home
    assert scan_site(site.out, allowed_scripts) == {}


def test_exports_stay_data(tmp_path, monkeypatch, allowed_scripts):
    """CSV and XLSX cells never start a formula (and a control character does not fail the workbook);
    search data files stay one JSON call."""
    teaching_layer_off(monkeypatch)
    site = HostileSite(tmp_path / "s")
    site.item(
        "cases",
        "c1",
        {
            ("school",): "=1+1",
            ("title",): "＝HYPERLINK(1)",
            ("summary",): '前\u2028\u2029");__xyHit(1);//后',
            ("tags", 0): "@SUM(1)",
            ("authors", 0): "-2+3",
            ("pseudonyms", 0): "+1",
        },
    )
    site.item("cases", "c2", {("school",): "实验\x0b中学", ("title",): "=1+2 控制字符\x1b[31m"})
    assert site.build() == []
    assert (site.out / "statistics/statistics.xlsx").is_file() or list(site.out.rglob("*.xlsx")), (
        "a control character must not fail the workbook"
    )
    assert scan_site(site.out, allowed_scripts) == {}
    catalog = (site.out / "catalog.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1" in catalog and "'＝HYPERLINK(1)" in catalog
