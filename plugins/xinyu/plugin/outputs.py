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

import contextlib
import dataclasses
import functools
import hashlib
import json
import pickle
import site
import sysconfig
import threading
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..content.entry import Entry
from ..index import CollectionIndex
from ..index.facets import Facet
from ..pipeline.keys import code_digest, digest, owner_prefix
from ..pipeline.store import CARD_KIND, OUTPUT_KIND, Store, Writer
from .context import Card

TEMPLATES = Path(__file__).resolve().parent / "templates"  # ours: in code_digest

KIND = OUTPUT_KIND
ORDER = "order-"  # + the shared key: the keys of a build's pages in the order it looked them up (ReadAhead)
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
    """Generated pages' HTML by the digest of their inputs, for one build."""

    def __init__(self, config: MkDocsConfig, store: Store | None, own: object, templates: Path):
        self.store = store if store is not None and rendering_alone(config, own) and not _overridden(config, templates) else None
        self.config, self.templates = config, templates
        self.base: str | None = None  # what every page shares, computed at the first page (the navigation is final)
        self.keys: dict[str, str] = {}
        self.shows: dict[str, set[str]] = {}  # key → addresses of the items the page shows
        self.hits: set[str] = set()
        self.fresh: dict[str, bytes] = {}
        self.entries: dict[int, str] = {}  # id(entry) → digest of what a template may read of it, once a build
        self.writer = Writer("xinyu-outputs")
        self.ahead: ReadAhead | None = None
        self.card_ids: dict[int, str] = {}  # id(card) → the digest of the shared key and its values, once a build
        self.card_rows: dict[str, bytes] = {}  # asked of the store, not yet used
        self.cards_asked: set[str] = set()
        self.cards_fresh: dict[str, str] = {}

    def lookup(self, page: Page, context: dict, view: dict, body: str, owner: str = "", toc: str = "") -> Kept | None:
        """The stored page, or None (then its output is kept by :meth:`remember`); ``body``: what its body was
        made from; ``toc``: its table of contents, unless ``body`` determines it (a conversion's key);
        ``owner``: an item page's item address (keys.owner_prefix), empty for other pages."""
        if self.store is None:
            return None
        if self.base is None:
            self.base = shared_key(self.config, context)
            self.ahead = ReadAhead(self.store, ORDER + self.base)
            self.ahead.start()
        shown: set[str] = set()
        try:
            meta, shows = fingerprint(page.meta, self.entries, shown), fingerprint(view, self.entries, shown)
        except Unknown:
            return None
        parts = (self.base, page.url, page.canonical_url, page.edit_url, page.title, meta, body, toc, shows)
        key = (owner_prefix(owner) if owner else "") + text_digest(parts)
        self.keys[page.file.src_uri] = key
        self.shows[key] = shown
        read, kept = self.ahead.take(key) if self.ahead is not None else (False, None)
        if not read:
            found = self.store.get_many_raw(KIND, [key]).get(key)
            kept = unpack(found) if found is not None else None
        if kept is not None:
            self.hits.add(key)
        return kept

    def remember(self, page: Page, output: str) -> None:
        """Keep a rendered page, with what MkDocs checks links to its anchors against (an item's body may be left unread)."""
        key = self.keys.get(page.file.src_uri)
        if key is not None and key not in self.hits and self.store is not None:
            head = json.dumps([sorted(page.present_anchor_ids or ()), getattr(page, "anchor_links", {})], ensure_ascii=False)
            self.fresh[key] = f"{head}\n{output}"
            if len(self.fresh) >= 200:
                self.flush()

    def flush(self) -> None:
        """Store in a thread (SQLite lets go of the GIL): not on the rendering's time."""
        if self.store is not None and self.fresh:
            shows = {key: {owner_prefix(url) for url in self.shows.get(key, ())} for key in self.fresh}
            self.writer.submit(_store, self.store, self.fresh, shows)
        self.fresh = {}

    def card_key(self, card: Card, variant: tuple) -> str | None:
        """A rendered card's key: its item's owner prefix, the shared key with the card's values (as the page keys
        have them: ``Card.printed``), and ``variant`` (its link, base_url, show_collection)."""
        if self.store is None or self.base is None or card.printed is None:
            return None
        found = self.card_ids.get(id(card))
        if found is None:
            found = self.card_ids[id(card)] = text_digest([self.base, card.printed[0]])
        return owner_prefix(card["url"]) + found + "-" + text_digest(variant)

    def ask_cards(self, cards: list[tuple[Card, tuple]]) -> None:
        """Read these cards' stored HTML at once (a listing's thousands, one query a few hundred)."""
        keys = [k for card, variant in cards if (k := self.card_key(card, variant)) and k not in self.cards_asked]
        if keys and self.store is not None:
            self.cards_asked.update(keys)
            self.card_rows.update(self.store.get_many_raw(CARD_KIND, keys))

    def stored_card(self, card: Card, variant: tuple) -> Markup | None:
        key = self.card_key(card, variant)
        if key is None or self.store is None:
            return None
        found = self.card_rows.pop(key, None)
        if found is None and key not in self.cards_asked:
            self.cards_asked.add(key)
            found = self.store.get_many_raw(CARD_KIND, [key]).get(key)
        try:
            return Markup(found.decode("utf-8")) if found is not None else None
        except UnicodeDecodeError:
            return None  # not a card's HTML: rendered again

    def card_rendered(self, card: Card, variant: tuple, html: str) -> None:
        key = self.card_key(card, variant)
        if key is not None:
            self.cards_fresh[key] = html
            if len(self.cards_fresh) >= 1000:
                self._flush_cards()

    def _flush_cards(self) -> None:
        if self.cards_fresh:
            self.writer.submit(_store, self.store, self.cards_fresh, None, CARD_KIND)
            self.cards_fresh = {}

    def finish(self, everything: bool, cards=()) -> None:
        """``cards``: every card of the build (a whole build keeps the stored cards of those only)."""
        self.flush()
        self._flush_cards()
        try:
            self.writer.wait()
        finally:
            self.stop()
        if self.store is not None and everything:
            order = {ORDER + self.base: "\n".join(self.keys.values()).encode()} if self.base is not None else {}
            self.store.put_many_raw(KIND, order)
            self.store.keep(KIND, [*self.keys.values(), *order])
            current = {text_digest([self.base, c.printed[0]]) for c in cards if c.printed is not None}
            self.store.keep(CARD_KIND, [k for k in self.store.keys(CARD_KIND) if k.split("-")[1] in current])

    def stop(self) -> None:
        """The read-ahead and the writer end with the build, however it ends (also a failed one: on_build_error)."""
        if self.ahead is not None:
            self.ahead.stop()
            self.ahead = None
        with contextlib.suppress(Exception):  # only the cache: the build that failed reports its own error
            self.writer.wait()  # the pages being stored; its thread ends


def unpack(found: bytes) -> Kept | None:
    """A stored page, or None when it cannot be read (it is rendered again)."""
    try:
        head, html = found.decode("utf-8").split("\n", 1)
        anchors, links = json.loads(head)
    except (UnicodeDecodeError, ValueError):
        return None
    return Kept(Markup(html), anchors, links)


class ReadAhead(threading.Thread):
    """The last build's pages read from the store and decoded on another thread (SQLite lets go of the
    GIL), in the order that build asked for them, a window ahead of the rendering: a page whose key is the same
    finds its HTML ready. Only a shortcut: a page is still found by its key, and what this thread did not read
    (a page taken twice, the thread stopped) is asked of the store as before. A key the store did not hold when
    the build began (every page of a cold build) is not asked for: the page is rendered (a page stored since,
    by another process, is only rendered once more)."""

    WINDOW = 128  # pages read beyond the furthest one asked for
    BATCH = 32  # pages per query

    def __init__(self, store: Store, order: str):
        super().__init__(daemon=True, name="xinyu-read-ahead")
        self.store, self.order = store, order
        self.cond = threading.Condition()
        self.places: dict[str, int] | None = None  # key → its place in the last build's order (None: not read yet)
        self.stored: set[str] | None = None  # the keys the store held when the thread started (None: unknown)
        self.ready: dict[str, Kept | None] = {}
        self.done = 0  # places read
        self.reached = -1  # the furthest place asked for
        self.running = True

    def run(self) -> None:
        try:
            row = self.store.get_many_raw(KIND, [self.order]).get(self.order)
            keys = row.decode("utf-8", "replace").split("\n") if row else []
            with self.cond:
                self.places = {key: place for place, key in enumerate(keys)}
                self.cond.notify_all()
            stored = self.store.keys(KIND)  # after: the pages of the order need not wait for it
            with self.cond:
                self.stored = stored
                self.cond.notify_all()
            for start in range(0, len(keys), self.BATCH):
                with self.cond:
                    while self.running and start > self.reached + self.WINDOW:
                        self.cond.wait()  # until the rendering asks further, or the build ends (stop)
                    if not self.running:
                        return
                part = keys[start : start + self.BATCH]
                found = {key: unpack(value) for key, value in self.store.get_many_raw(KIND, part).items()}
                with self.cond:
                    self.ready.update(found)
                    self.done = start + len(part)
                    self._forget_passed()
                    self.cond.notify_all()
        except Exception:  # noqa: BLE001 - a store that cannot be read here: the pages ask it themselves
            pass
        finally:
            with self.cond:
                self.running = False
                self.cond.notify_all()

    def take(self, key: str) -> tuple[bool, Kept | None]:
        """(True, the page) when this thread read the key; (True, None) when there is nothing to use (unreadable,
        or not stored when the build began); (False, None) when the store is to be asked."""
        with self.cond:
            while self.places is None and self.running:
                self.cond.wait()
            place = (self.places or {}).get(key)
            if place is None:
                while self.stored is None and self.running:
                    self.cond.wait()
                return self.stored is not None and key not in self.stored, None
            self.reached = max(self.reached, place)
            self.cond.notify_all()
            while self.done <= place and self.running:
                self.cond.wait()
            if key not in self.ready:
                return self.stored is not None and key not in self.stored, None
            return True, self.ready.pop(key)

    def _forget_passed(self) -> None:
        """Pages the rendering went past without asking (their key changed) are not held."""
        if len(self.ready) > 2 * self.WINDOW and self.places is not None:
            self.ready = {k: v for k, v in self.ready.items() if self.places[k] >= self.reached - self.WINDOW}

    def stop(self) -> None:
        with self.cond:
            self.running = False
            self.cond.notify_all()
        self.join()


def _store(store: Store, texts: dict[str, str], shows: dict[str, set[str]] | None, kind: str = KIND) -> None:
    """Whole pages (or, with ``kind``, cards) stored as UTF-8; ``shows``: the items each page shows. Not compressed:
    HTML with Chinese text shrinks only 2.6 times under zlib, and inflating every page of a rebuild cost more CPU
    than reading the bigger rows (gencases 5,000: 241 MB of pages, inflated 0.94 s, read raw 0.27 s, compressed 0.13 s)."""
    store.put_many_raw(kind, {key: text.encode() for key, text in texts.items()}, shows)


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
        if isinstance(obj, Card):  # shared by the listings of a build: written once, stands in by its digest
            if obj.printed is None:
                inner: set[str] = set()
                obj.printed = (text_digest([fingerprint(obj.data, entries, inner)]), inner)
            shown.update(obj.printed[1])
            return ["card", obj.printed[0]]
        if isinstance(obj, Entry):
            shown.add(obj.url)
            return ["entry", entry_digest(obj, entries)]
        if isinstance(obj, CollectionIndex):  # its spec, written once a build (its entries and facets: not read through it)
            found = entries.get(id(obj))
            if found is None:
                found = entries[id(obj)] = text_digest([json.dumps(obj.spec, ensure_ascii=False, default=stand_in)])
            return ["collection", found]
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


def text_digest(parts) -> str:
    """A key for these texts (None apart from any text): the page key's parts are mostly texts already (fingerprints,
    a body), hashed as they are rather than written as JSON again."""
    h = hashlib.sha1()
    for part in parts:
        data = b"-" if part is None else b"+" + str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def entry_digest(entry: Entry, entries: dict[int, str]) -> str:
    """An item as its normalised metadata, people and attachments (they follow the vocabulary and the
    registry, not only its file), its body and problems: all a template can read of it. Pickled: every
    value whatever its type (JSON wrote an unknown one by its repr), in half the time."""
    found = entries.get(id(entry))
    if found is None:
        people = {role: [repr(p) for p in persons] for role, persons in entry.people.items()}
        parts = [entry.key, entry.rel, entry.prefix, entry.digest, entry.data, people, [repr(a) for a in entry.attachments]]
        parts.append([p.format() for p in entry.problems])
        # The body is read from the file whose SHA-1 ``entry.digest`` is (in ``parts``): pickled again only without it
        parts.append(None if entry.digest else entry.body)
        try:
            found = entries[id(entry)] = hashlib.sha1(pickle.dumps(parts, protocol=5)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # a value that cannot be written: not cached
            raise Unknown(str(exc)) from exc
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
