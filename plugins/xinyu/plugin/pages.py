"""Virtual pages and files: items, attachments, collection indexes, taxonomy and people pages."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..content.entry import Entry
from ..index import CollectionIndex, PersonPage, SiteIndex, explicit_related
from ..index.facets import Facet
from ..index.groups import memberships
from ..rounds.publish import round_views
from .frontend import minified
from .navigation import unlink_unpublished

ASSETS = Path(__file__).resolve().parent / "assets"
NO_METADATA = "---\n{}\n---\n"  # an empty YAML front matter (see ``contributed``)


@dataclass
class PageSpec:
    """What a generated page shows; the template reads it from the context."""

    kind: str  # item | collection | facet | term | people | person
    title: str
    template: str
    entry: Entry | None = None
    collection: CollectionIndex | None = None
    facet: Facet | None = None
    value: str | None = None
    person: PersonPage | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    internal: bool = False  # for maintainers: noindex, left out of sitemap.xml and search (like front matter ``internal: true``)


def remove_sources(files: Files, config: MkDocsConfig, index: SiteIndex) -> None:
    """Drop every file of a collection folder that lies inside docs/: we publish what is valid."""
    docs = Path(config.docs_dir).resolve()
    for spec in index.library.site.collections.values():
        source = spec.source_dir(index.library.site.root)
        if source == docs or docs not in source.parents:
            continue
        prefix = source.relative_to(docs).as_posix() + "/"
        for file in [f for f in files if f.src_uri.startswith(prefix) and f.src_uri != prefix + "index.md"]:
            files.remove(file)
        intro = files.get_file_from_path(prefix + "index.md")
        if intro is not None:
            files.remove(intro)


def keep_fresh(files: Files, specs: dict) -> None:
    """The pages of docs/ (home, about …) show the library: counts, newest items, the preview's error banner.

    ``mkdocs serve --dirty`` re-renders a page only when its source is newer than its output, so these would keep
    a stale library: each says it is modified (there are few). Its file stays as it is: in-memory content
    (``content_string``) would clear ``abs_src_path``, which other plugins read (Material's blog plugin failed on it).
    """
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
        if file.src_uri not in specs and file.abs_src_path:
            file.is_modified = _modified


def _modified() -> bool:
    return True


class TrackedFile(File):
    """A generated page that knows whether anything it shows changed since the last build.

    Under ``mkdocs serve --dirty`` MkDocs re-renders only files whose ``is_modified()`` is true,
    so editing one case re-renders its page, its neighbours and the listings it is on.
    """

    inputs_changed: bool = True
    written: bool | None = None  # its output exists (asked once a build: MkDocs asks two or three times)

    def is_modified(self) -> bool:
        if self.inputs_changed:
            return True
        if self.written is None:
            self.written = os.path.isfile(self.abs_dest_path)
        return not self.written


class Shown:
    """What a page shows of each item (key, title, content digest), as text made once a build per item:
    a listing of thousands of items, and every item page's neighbours, share them."""

    def __init__(self) -> None:
        self.made: dict[int, str] = {}  # by id: the build's entries live as long as this
        self.addresses: dict[int, dict[int, list]] = {}  # by collection's id: each item's facet values (addresses)

    def __call__(self, entries) -> str:
        out = []
        for e in entries:
            if e is not None:
                text = self.made.get(id(e))
                if text is None:
                    text = self.made[id(e)] = repr((e.key, e.title, e.digest))
                out.append(text)
        return "[" + ",".join(out) + "]"  # reprs joined: as unambiguous as the list's repr

    def addresses_of(self, col) -> dict[int, list[str]]:
        """Every item's facet values with their slugs (each as the repr of ``(facet, value, slug)``), by the item's
        id, read from the facets' groups once for the whole collection: reading each item's values again
        (Facet.of) and making their text item by item cost half of all items' digests."""
        found = self.addresses.get(id(col))
        if found is None:
            found = self.addresses[id(col)] = {}
            for f in col.facets:
                for value, entries in f.values.items():
                    text = repr((f.key, value, f.slugs.get(value)))
                    for e in entries:
                        found.setdefault(id(e), []).append(text)
        return found


def page_inputs(spec: PageSpec, index: SiteIndex, version: str, shown_of: Shown, content: str = "") -> str:
    """A digest of what a generated page shows (the items on it, the site's data files, its Markdown ``content``);
    ``shown_of``: the build's texts of what pages show, shared by all its pages."""
    if spec.entry is not None:
        entry = spec.entry
        prev, nxt = index.neighbours.get(entry.key, (None, None))
        shown = shown_of([entry, prev, nxt, *index.related.get(entry.key, []), *explicit_related(index, entry)])
        shown += repr([(a.file, a.title, a.size) for a in entry.attachments])
        shown += _slugs_of(index.collections.get(entry.collection), entry, shown_of)
    elif spec.kind == "term" and spec.facet is not None:
        shown = shown_of(spec.facet.values.get(spec.value or "", []))
    elif spec.kind == "facet" and spec.facet is not None:
        shown = [(v, len(spec.facet.values[v]), spec.facet.slugs.get(v)) for v in spec.facet.ordered_values()]
    elif spec.kind == "person" and spec.person is not None:
        shown = [[(role, e.key, e.title, e.digest) for role, e in spec.person.works], spec.extra.get("groups")]
    elif spec.kind == "people":
        shown = [(p.slug, len(p.works)) for p in index.people.values()]
    elif spec.kind == "round":
        shown = spec.extra
    elif "inputs" in spec.extra:  # programme pages say what they show (plugin.programme)
        shown = spec.extra["inputs"]
    else:  # a collection index shows every item of it, with live facet counts
        col = spec.collection
        shown = shown_of(col.entries) + repr([(f.key, sorted(f.slugs.items())) for f in col.facets]) if col is not None else None
    # repr, not JSON: the same text for the same values (str of other objects is their repr too), at a fifth of the cost;
    # texts as they are, each after its length (a repr of thousands of titles or of a body would cost more than the rest)
    found = hashlib.sha1()
    for part in (repr([version, spec.kind, spec.title]), content, shown if isinstance(shown, str) else repr(shown)):
        found.update(f"{len(part)}:{part}".encode())
    return found.hexdigest()


def _slugs_of(col, entry, shown: Shown) -> str:
    """The addresses of an item's facet values (its page links each): a value's slug may change when other items
    bring a value with the same pinyin (numbered by count), without this item changing. Sorted: which values
    the item has, in its own order, is in its Markdown (the page's ``content``); the groups' order depends on others."""
    return "[" + ",".join(sorted(shown.addresses_of(col).get(id(entry), []))) + "]" if col is not None else "[]"


def add_pages(
    files: Files, config: MkDocsConfig, index: SiteIndex, seen: dict[str, str] | None = None, version: str = "",
    kept: dict[str, File] | None = None, unpublished: Callable[[str], bool] | None = None,
) -> dict[str, PageSpec]:
    """Create every generated page and attachment; returns specs by src_uri.

    ``seen`` (``serve --dirty``) maps page URIs to the digest of their inputs at the last build (kept by
    the plugin across rebuilds) and is updated in place; ``version`` stands for the site's data files and
    templates, whose change makes every page new. Without ``seen`` every page is new (a build renders them all).
    ``kept``: the last build's files by URI (with ``seen``); a page whose inputs did not change keeps its file and
    its page object (MkDocs neither reads nor renders it again), instead of new ones made and left unused.
    ``unpublished`` (navigation.unpublished_items): with ``seen``, which of an item's links show as text is an input of its page.
    """
    specs: dict[str, PageSpec] = {}
    shown = Shown()

    def links_held(entry: Entry) -> str:
        """An item's links to unpublished items show as text (plugin.on_page_markdown): which do is an input of its page."""
        return repr(unlink_unpublished(entry.body, f"{entry.url}index.md", unpublished)[1])

    def page(uri: str, spec: PageSpec, content: str = "", body: str | None = None) -> None:
        """``body``: an item's Markdown, made into the page's content only when a new file needs it (``contributed``)."""
        source = (lambda: contributed(body)) if body is not None else (lambda: content)
        existing = files.src_uris.get(uri)  # our URIs are POSIX already (get_file_from_path makes a PurePath of each)
        if existing is not None:
            files.remove(existing)
        file, changed = None, True
        if seen is not None:  # else every page is rendered: nothing to compare with
            # An item's Markdown is its file's text, whose digest the entry has (hashing 5,000 bodies again costs more)
            made_of = spec.entry.digest + links_held(spec.entry) if spec.entry is not None and spec.entry.digest else source()
            digest = page_inputs(spec, index, version, shown, made_of)
            changed = seen.get(uri) != digest
            seen[uri] = digest
            if not changed and isinstance(old := (kept or {}).get(uri), TrackedFile):
                file, old.written = old, None
        if file is None:
            file = TrackedFile.generated(config, uri, content=source(), inclusion=InclusionLevel.NOT_IN_NAV)
        file.inputs_changed = changed
        files.append(file)
        specs[uri] = spec

    for col in index.collections.values():
        intro = _collection_intro(col, index)
        page(f"{col.spec.prefix}/index.md", PageSpec("collection", col.spec.label, "xinyu/collection.html", collection=col), contributed(intro))
        for entry in col.entries:
            page(f"{entry.url}index.md", PageSpec("item", entry.title, "xinyu/item.html", entry=entry, collection=col), body=entry.body)
            for source, rel in published_files(entry):
                uri = entry.url + rel
                if uri not in files.src_uris:
                    files.append(File.generated(config, uri, abs_src_path=str(source)))
        for facet in col.facets:
            page(f"{col.spec.prefix}/{facet.key}/index.md", PageSpec("facet", f"{col.spec.label} · 按{facet.label}", "xinyu/facet.html", collection=col, facet=facet))
            for value in facet.ordered_values():
                page(f"{col.spec.prefix}/{facet.key}/{facet.slugs[value]}/index.md",
                     PageSpec("term", value, "xinyu/term.html", collection=col, facet=facet, value=value))
    for name, view in round_views(index.library).items():
        page(f"rounds/{name}/index.md", PageSpec("round", view["title"], "xinyu/round.html", extra={"round": view}))
    if index.people:
        page("people/index.md", PageSpec("people", "作者与名师", "xinyu/people.html"))
    for person in index.people.values():
        groups = [(g.id, role) for g, role in memberships(index.groups, person.person.id)]
        page(f"people/{person.slug}/index.md", PageSpec("person", person.person.name, "xinyu/person.html", person=person, extra={"groups": groups}))
    from .programme import programme_pages  # it builds on this module's PageSpec

    # A host site without collections of ours gets none of the programme's pages either.
    for uri, spec in programme_pages(index) if index.library.site.collections else []:
        page(uri, spec)
    return specs


def _collection_intro(col: CollectionIndex, index: SiteIndex) -> str:
    """The Markdown of ``<source>/index.md`` when the collection has one (an intro text) and it passed the check."""
    intro = index.library.intros.get(col.spec.name)
    return intro.body if intro is not None and intro.publishable else ""


def contributed(markdown: str) -> str:
    """A contributed body as a generated page's source: MkDocs takes no metadata from it (a leading YAML
    block, parsed without limits, or ``key: value`` lines such as ``template: …``), only our empty one."""
    return NO_METADATA + markdown


def published_files(entry: Entry) -> list[tuple[Path, str]]:
    """Declared attachments and the undeclared images of a bundle, all passed by the file policy."""
    return [(a.source, a.file) for a in entry.attachments + entry.files]


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """Our styles and scripts (published only when a page of ours or our search box uses them)."""
    for root, _dirs, names in os.walk(ASSETS):
        for name in names:
            source = Path(root) / name
            uri = "assets/xinyu/" + source.relative_to(ASSETS).as_posix()
            if files.get_file_from_path(uri) is not None:
                continue
            text = minified(source)
            if text is None:
                files.append(File.generated(config, uri, abs_src_path=str(source)))
            else:
                files.append(File.generated(config, uri, content=text))
