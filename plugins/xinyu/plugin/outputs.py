"""Whole generated pages from the build cache: a page whose inputs did not change is not rendered again.

A generated page's HTML (an item's, a listing's, a taxonomy term's, a person's …) is a function of
what the template is given: the page (address, title, meta, converted body), our view of it
(``context.page_context``: the item, its neighbours, related items; a listing's cards …) and what
every page shares (the site's configuration, the navigation, the theme's templates, the plugin and
library versions). Its key is a digest of exactly those; on a hit, ``xinyu/page.html`` extends
``xinyu/partials/cached.html``, which prints the stored HTML, so that MkDocs still runs every page
event and writes the page itself. A page shows other items than its own (cards, neighbours): the
store records which (``Store.drop_owner`` removes the page when one of them is withdrawn).

Used only when the digest can be trusted: no other plugin takes part in rendering pages, and the
site does not override our templates (an override may read more than the view holds).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import site
import sysconfig
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..content.entry import Entry
from ..index import CollectionIndex
from ..index.facets import Facet
from ..pipeline.keys import code_digest, digest, owner_prefix
from ..pipeline.store import OUTPUT_KIND, Store
from .context import Card

TEMPLATES = Path(__file__).resolve().parent / "templates"  # ours: in code_digest

KIND = OUTPUT_KIND
RENDER_EVENTS = (
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_env",
    "on_pre_template",
    "on_template_context",
    "on_post_template",
    "on_post_page",  # a plugin changing the output after it is kept would change it twice
)
UNUSED_CONFIG = {"site_dir", "config_file_path", "dev_addr", "watch", "strict", "validation", "exclude_docs", "draft_docs", "not_in_nav"}
OURS = ("main.html", "xinyu/")


class Unknown(Exception):
    """A value the fingerprint cannot vouch for: the page is rendered, not cached."""


@dataclasses.dataclass
class Kept:
    """A page from the cache: its HTML, and its anchors and links to them (for MkDocs' check of anchor links)."""

    html: Markup
    anchors: list[str]
    links: dict[str, str]


class PageOutputs:
    """Generated pages' HTML by the digest of their inputs, for one build (stored compressed)."""

    def __init__(self, config: MkDocsConfig, store: Store | None, own: object, templates: Path):
        self.store = store if store is not None and rendering_alone(config, own) and not _overridden(config, templates) else None
        self.config, self.templates = config, templates
        self.base: str | None = None  # what every page shares, computed at the first page (the navigation is final)
        self.keys: dict[str, str] = {}
        self.shows: dict[str, set[str]] = {}  # key → owner prefixes of the items the page shows
        self.hits: set[str] = set()
        self.fresh: dict[str, bytes] = {}
        self.entries: dict[int, str] = {}  # id(entry) → digest of what a template may read of it, once a build
        self.writer: ThreadPoolExecutor | None = None
        self.writing: list[Future] = []

    def lookup(self, page: Page, context: dict, view: dict, body: str, owner: str = "", toc: str = "") -> Kept | None:
        """The stored page, or None (then its output is kept by :meth:`remember`); ``body``: what its body was
        made from; ``toc``: its table of contents, unless ``body`` determines it (a conversion's key);
        ``owner``: an item page's item address (keys.owner_prefix), empty for other pages."""
        if self.store is None:
            return None
        if self.base is None:
            self.base = shared_key(self.config, context)
        shown: set[str] = set()
        try:
            meta, shows = fingerprint(page.meta, self.entries, shown), fingerprint(view, self.entries, shown)
        except Unknown:
            return None
        parts = (self.base, page.url, page.canonical_url, page.edit_url, page.title, meta, body, toc, shows)
        key = (owner_prefix(owner) if owner else "") + digest(*parts)
        self.keys[page.file.src_uri] = key
        self.shows[key] = {owner_prefix(url) for url in shown}
        found = self.store.get_many_raw(KIND, [key]).get(key)
        if found is None:
            return None
        try:
            head, html = zlib.decompress(found).decode("utf-8").split("\n", 1)
            anchors, links = json.loads(head)
        except (zlib.error, UnicodeDecodeError, ValueError):  # cut short: render it again
            return None
        self.hits.add(key)
        return Kept(Markup(html), anchors, links)

    def remember(self, page: Page, output: str) -> None:
        """Keep a rendered page, with what MkDocs checks links to its anchors against (an item's body may be left unread)."""
        key = self.keys.get(page.file.src_uri)
        if key is not None and key not in self.hits and self.store is not None:
            head = json.dumps([sorted(page.present_anchor_ids or ()), getattr(page, "anchor_links", {})], ensure_ascii=False)
            self.fresh[key] = f"{head}\n{output}"
            if len(self.fresh) >= 200:
                self.flush()

    def flush(self) -> None:
        """Compress and store in a thread (zlib and SQLite let go of the GIL): not on the rendering's time."""
        if self.store is not None and self.fresh:
            if self.writer is None:
                self.writer = ThreadPoolExecutor(1, thread_name_prefix="xinyu-outputs")
            self.writing.append(self.writer.submit(_store, self.store, self.fresh, {key: self.shows.get(key, ()) for key in self.fresh}))
        self.fresh = {}

    def finish(self, everything: bool) -> None:
        self.flush()
        for done in self.writing:
            done.result()
        self.writing = []
        if self.writer is not None:
            self.writer.shutdown()
            self.writer = None
        if self.store is not None and everything:
            self.store.keep(KIND, self.keys.values())


def _store(store: Store, pages: dict[str, str], shows: dict[str, set[str]]) -> None:
    store.put_many_raw(KIND, {key: zlib.compress(text.encode(), 1) for key, text in pages.items()}, shows)


def shared_key(config: MkDocsConfig, context: dict) -> str:
    """Everything every page shows beyond its own inputs."""
    shared = context.get("xinyu") or {}
    ours = {
        "search": shared.get("search"),
        "collections": bool(shared.get("collections")),
        "problems": [p.format() for p in shared.get("problems") or []],
    }
    return digest(code_digest(), config_fingerprint(config), theme_files(config), nav_fingerprint(context.get("nav")), ours)


def config_fingerprint(config: MkDocsConfig) -> dict:
    """The site's configuration as data (objects whose text holds an address make the key new every build: safe)."""
    out: dict[str, Any] = {}
    for key, value in config.items():
        if key in UNUSED_CONFIG:
            continue
        if key == "plugins":
            value = {name: dict(getattr(plugin, "config", {}) or {}) for name, plugin in value.items()}
        elif key == "theme":
            value = {"name": value.name, "dirs": value.dirs, **dict(value)}
        out[key] = value
    return out


def theme_files(config: MkDocsConfig) -> list:
    """Every template of the theme's folders but the installed ones (their versions are in code_digest): a
    custom_dir wherever it is (in the site, beside it, behind a link), in its place in the search order; ours
    by their stamps (code_digest has them too, but once a process: a long `serve` would miss an edit)."""
    found: list = []
    for place, folder in enumerate(config.theme.dirs):
        path = Path(folder).resolve()
        if path == TEMPLATES:
            found += [(place, p.relative_to(path).as_posix(), p.stat().st_mtime_ns) for p in sorted(path.rglob("*.html"))]
        elif not any(base == path or base in path.parents for base in _installed()):
            found += [
                (place, p.relative_to(path).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest())
                for p in sorted(path.rglob("*"))
                if p.is_file()
            ]
    return found


@functools.lru_cache(maxsize=1)
def _installed() -> tuple[Path, ...]:
    """Where installed distributions live (their versions are part of code_digest)."""
    paths = sysconfig.get_paths()
    folders = {paths["purelib"], paths["platlib"], *site.getsitepackages(), site.getusersitepackages()}
    return tuple(Path(f).resolve() for f in folders if f)


def nav_fingerprint(nav) -> list:
    def walk(items) -> list:
        return [[type(i).__name__, i.title, getattr(i, "url", None), walk(getattr(i, "children", None) or [])] for i in items or []]

    return walk(getattr(nav, "items", None))


def fingerprint(value: Any, entries: dict[int, str], shown: set[str]) -> str:
    """A JSON stand-in for a template value: items by the digest of everything they hold (``entries``
    keeps it for the build; ``shown`` collects their addresses), other site-wide objects by what
    templates read of them; anything else unknown raises :class:`Unknown`. Walked by the json
    module's C encoder: a listing's thousands of cards cost milliseconds."""

    def stand_in(obj: Any) -> Any:
        if isinstance(obj, Card):  # shared by the listings of a build: written once
            if obj.printed is None:
                inner: set[str] = set()
                obj.printed = (fingerprint(obj.data, entries, inner), inner)
            shown.update(obj.printed[1])
            return ["card", obj.printed[0]]
        if isinstance(obj, Entry):
            shown.add(obj.url)
            return ["entry", entry_digest(obj, entries)]
        if isinstance(obj, CollectionIndex):
            return ["collection", obj.spec]
        if isinstance(obj, Facet):
            return ["facet", obj.key, obj.label]
        if isinstance(obj, (set, frozenset)):
            return sorted(map(str, obj))
        if isinstance(obj, Path):
            return obj.as_posix()
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return [type(obj).__name__, {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}]
        raise Unknown(type(obj).__name__)

    try:
        return json.dumps(value, ensure_ascii=False, default=stand_in)
    except (TypeError, ValueError, RecursionError) as exc:  # a key json cannot write, a value that holds itself
        raise Unknown(str(exc)) from exc


def entry_digest(entry: Entry, entries: dict[int, str]) -> str:
    """An item as its normalised metadata, people and attachments (they follow the vocabulary and the
    registry, not only its file), its body and problems: all a template can read of it."""
    found = entries.get(id(entry))
    if found is None:
        people = {role: [repr(p) for p in persons] for role, persons in entry.people.items()}
        parts = [entry.key, entry.rel, entry.prefix, entry.digest, entry.data, people, [repr(a) for a in entry.attachments]]
        found = entries[id(entry)] = digest(*parts, entry.body, [p.format() for p in entry.problems])
    return found


def rendering_alone(config: MkDocsConfig, own: object) -> bool:
    """No other plugin takes part in rendering a page."""
    return not any(hasattr(plugin, event) for plugin in config.plugins.values() if plugin is not own for event in RENDER_EVENTS)


def _overridden(config: MkDocsConfig, templates: Path) -> bool:
    """A theme folder before ours overrides one of our templates (main.html, xinyu/…)."""
    for folder in config.theme.dirs:
        path = Path(folder)
        if path.resolve() == templates.resolve():
            return False
        if (path / "main.html").exists() or (path / "xinyu").exists():
            return True
    return False
