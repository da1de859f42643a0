"""Whole item pages from the build cache: an item page whose inputs did not change is not rendered again.

An item page's HTML is a function of what the template is given: the page (address, title, meta,
converted body), our item view (``context.item_view``: the item, its neighbours, related items,
people, series …) and what every page shares (the site's configuration, the navigation, the
theme's templates, the plugin and library versions). Its key is a digest of exactly those; on a
hit, ``main.html`` extends ``xinyu/cached.html``, which prints the stored HTML, so that MkDocs
still runs every page event and writes the page itself.

Used only when the digest can be trusted: no other plugin takes part in rendering pages, and the
site does not override our templates (an override may read more than the view holds).
"""

from __future__ import annotations

import dataclasses
import hashlib
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
)
UNUSED_CONFIG = {"site_dir", "config_file_path", "dev_addr", "watch", "strict", "validation", "exclude_docs", "draft_docs", "not_in_nav"}
OURS = ("main.html", "xinyu/")


class Unknown(Exception):
    """A value the fingerprint cannot vouch for: the page is rendered, not cached."""


class PageOutputs:
    """Item pages' HTML by the digest of their inputs, for one build."""

    def __init__(self, config: MkDocsConfig, store: Store | None, own: object, templates: Path):
        self.store = store if store is not None and _alone(config, own) and not _overridden(config, templates) else None
        self.config, self.templates = config, templates
        self.base: str | None = None  # what every page shares, computed at the first page (the navigation is final)
        self.keys: dict[str, str] = {}
        self.hits: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.entries: dict[int, str] = {}  # id(entry) → digest of what a template may read of it, once a build

    def lookup(self, page: Page, context: dict, view: dict, body: str, owner: str) -> Markup | None:
        """The stored HTML of this page, or None (then its output is kept by :meth:`remember`);
        ``owner``: the item's address (keys.owner_prefix)."""
        if self.store is None:
            return None
        if self.base is None:
            self.base = shared_key(self.config, context)
        try:
            key = owner_prefix(owner) + digest(
                self.base,
                page.url,
                page.canonical_url,
                page.edit_url,
                page.title,
                fingerprint(page.meta, self.entries),
                body,
                str(page.toc),
                fingerprint(view, self.entries),
            )
        except Unknown:
            return None
        self.keys[page.file.src_uri] = key
        found = self.store.get(KIND, key)
        if found is None:
            return None
        self.hits.add(key)
        return Markup(found)

    def remember(self, page: Page, output: str) -> None:
        key = self.keys.get(page.file.src_uri)
        if key is not None and key not in self.hits and self.store is not None:
            self.fresh[key] = output
            if len(self.fresh) >= 200:
                self.flush()

    def flush(self) -> None:
        if self.store is not None and self.fresh:
            self.store.put_many(KIND, self.fresh)
        self.fresh = {}

    def finish(self, everything: bool) -> None:
        self.flush()
        if self.store is not None and everything:
            self.store.keep(KIND, self.keys.values())


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
    """Templates of the theme's folders that belong to the site (its custom_dir); the installed ones are in code_digest."""
    root = Path(config.config_file_path).resolve().parent
    found = []
    for folder in config.theme.dirs:
        path = Path(folder).resolve()
        if path == root or root in path.parents:
            found += [
                (p.relative_to(path).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest()) for p in sorted(path.rglob("*")) if p.is_file()
            ]
    return found


def nav_fingerprint(nav) -> list:
    def walk(items) -> list:
        return [[type(i).__name__, i.title, getattr(i, "url", None), walk(getattr(i, "children", None) or [])] for i in items or []]

    return walk(getattr(nav, "items", None))


def fingerprint(value: Any, entries: dict[int, str], depth: int = 0) -> Any:
    """A JSON-able stand-in for a template value: items by the digest of everything they hold
    (``entries`` keeps it for the build), other site-wide objects by what templates read of them;
    anything else unknown raises :class:`Unknown`."""
    if depth > 12:
        raise Unknown
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Entry):
        return ["entry", entry_digest(value, entries)]
    if isinstance(value, CollectionIndex):
        return ["collection", fingerprint(value.spec, entries, depth + 1)]
    if isinstance(value, Facet):
        return ["facet", value.key, value.label]
    if isinstance(value, dict):
        return {str(k): fingerprint(v, entries, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [fingerprint(v, entries, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, Path):
        return value.as_posix()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: fingerprint(getattr(value, f.name), entries, depth + 1) for f in dataclasses.fields(value)}]
    raise Unknown(type(value).__name__)


def entry_digest(entry: Entry, entries: dict[int, str]) -> str:
    """An item as its normalised metadata, people and attachments (they follow the vocabulary and the
    registry, not only its file), its body and problems: all a template can read of it."""
    found = entries.get(id(entry))
    if found is None:
        people = {role: [repr(p) for p in persons] for role, persons in entry.people.items()}
        parts = [entry.key, entry.rel, entry.prefix, entry.digest, entry.data, people, [repr(a) for a in entry.attachments]]
        found = entries[id(entry)] = digest(*parts, entry.body, [p.format() for p in entry.problems])
    return found


def _alone(config: MkDocsConfig, own: object) -> bool:
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
