"""Item pages whose Markdown is converted by workers while MkDocs renders, or taken from the build cache.

MkDocs converts every page's Markdown on its own process before it renders any template.
An item page here is an :class:`ItemPage`: its conversion (``pipeline.render``, the same result
as MkDocs' for a body without relative links) comes from the build cache, or from a worker
that started on it as soon as the item was checked. Every page event still runs with the real
Markdown and HTML, with one exception that needs no other plugin: when no other plugin listens
to the events that see a page's Markdown or HTML, the HTML of a page still being converted is
filled in when its template is rendered (``on_page_context``), so that conversion overlaps
with rendering instead of coming before it.
"""

from __future__ import annotations

import logging
import pickle
from concurrent.futures import Future

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from ..guard import safe_toc, sanitize_html
from ..pipeline.render import MarkdownEnv, Rendered, env_of, render_body, render_key, render_many, source_digest
from ..pipeline.store import BODY_KIND, Store, Writer
from ..pipeline.workers import Workers, parallel
from .frontend import label_task_lists, qr_data_uri
from .pages import NO_METADATA

KIND = BODY_KIND
PARALLEL_FROM = 200  # conversions to do before they go to the workers
CHUNK = 16
AHEAD = 16  # chunks with the workers at once: their texts and results wait here until pages use them
CONTENT_EVENTS = ("on_pre_page", "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context")
PAGE_EVENTS = (*CONTENT_EVENTS, "on_post_page")
# The events that hand a plugin the pages themselves (or the files and navigation that hold them): a plugin or hook
# with one of them may read a page's Markdown or HTML at any time after, in on_post_build too.
HOLDS_PAGES = (*PAGE_EVENTS, "on_files", "on_nav", "on_env")


def item_html(html: str) -> str:
    """What the build does to every item's HTML: contributed Markdown is untrusted, nothing executable
    reaches a reader; task-list boxes get their labels."""
    return label_task_lists(sanitize_html(html))


class ItemBodies:
    """The converted bodies of one build's item pages: cached, converting in workers, or converted here.

    Results are read from the cache one page at a time and written back in batches, so that a
    large site's bodies are never all in memory twice.
    """

    def __init__(self, config: MkDocsConfig, store: Store | None, workers: Workers | None, defer: bool):
        self.env: MarkdownEnv | None = env_of(config["markdown_extensions"], config["mdx_configs"])
        self.store, self.workers, self.defer = store, workers, defer and self.env is not None
        self.keys: dict[str, str] = {}  # src_uri → key
        self.plain: set[str] = set()  # pages whose key was made of their item's body as read_source gives it
        self.cached: set[str] = set()
        self.done: dict[str, Rendered] = {}  # converted in a worker, not yet used
        self.chunks: list[list[ItemPage]] = []  # what the workers convert, in the order it is sent
        self.chunk_of: dict[str, int] = {}  # key → its chunk, until the chunk's results are collected
        self.sent: dict[int, Future] = {}  # chunks with the workers (or done, not yet collected)
        self.next = 0  # the next chunk to send
        self.fresh: dict[str, bytes] = {}
        self.writer = Writer("xinyu-bodies")  # stores converted bodies (flush)
        self.qr: dict[str, str] = {}
        self.lazy = False  # pages may come whole from the cache (plugin.outputs): a cached body is read only to render its page
        self.release = False  # no other plugin sees pages: a written item page lets go of its Markdown and HTML (written)

    def prepare(self, pages: list[ItemPage], wanted) -> None:
        """Key the pages this build renders (``wanted(page)``: a dirty build renders only the changed ones);
        send those the cache lacks to the workers when many."""
        if self.env is None:
            return
        for page in pages:
            page.bodies = self
            if wanted(page):  # else not rendered: result() is never asked for it
                text = _text(page)
                self.keys[page.file.src_uri] = render_key(self.env, text, page.canonical_url or "", page.owner)
                if page.body is not None and text == _as_read(page.body):
                    self.plain.add(page.file.src_uri)
        self.cached = self.store.present(KIND, self.keys.values()) if self.store is not None else set()
        todo = [p for p in pages if p.file.src_uri in self.keys and self.keys[p.file.src_uri] not in self.cached]
        if self.workers is None or not parallel(len(todo), PARALLEL_FROM):
            return
        self.chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
        self.chunk_of = {self.keys[p.file.src_uri]: n for n, chunk in enumerate(self.chunks) for p in chunk}
        self._top_up()

    def _top_up(self) -> None:
        """Send chunks in order while fewer than AHEAD are with the workers (the workers are quicker than
        rendering: sent all at once, every body's text and conversion would wait here)."""
        while self.next < len(self.chunks) and len(self.sent) < AHEAD:
            if self.next not in self.sent:
                self._send(self.next)
            self.next += 1

    def _send(self, number: int) -> None:
        chunk = self.chunks[number]
        self.sent[number] = self.workers.submit(render_many, self.env, [(_text(p), p.canonical_url or "", p.owner) for p in chunk])

    def result(self, page: ItemPage, wait: bool) -> Rendered | None:
        """The page's converted body: cached, from its worker (None if not ``wait`` and not done), or converted now."""
        key = self.keys.get(page.file.src_uri)
        if key is None or self.env is None:
            return None
        if key in self.done:
            return self.done.pop(key)
        if key in self.cached and self.store is not None:
            found = self.store.get(KIND, key)
            if found is not None:
                return found
        number = self.chunk_of.get(key)
        if number is not None:
            if number not in self.sent:
                if not wait:
                    return None
                self._send(number)  # asked before its turn
            if not wait and not self.sent[number].done():
                return None
            self._collect(number)
            if key in self.done:
                return self.done.pop(key)
        rendered = render_body(self.env, page.markdown or "", page.canonical_url or "")
        self._keep(key, pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL))
        return rendered

    def _collect(self, number: int) -> None:
        try:
            results = self.sent.pop(number).result()
        except Exception:  # noqa: BLE001 - a worker gone (killed, out of memory): these are converted here instead
            results = []
        for key, data in results:
            self.done[key] = pickle.loads(data)
            self._keep(key, data)
        for page in self.chunks[number]:
            self.chunk_of.pop(self.keys[page.file.src_uri], None)
        self.chunks[number] = []
        self._top_up()

    def _keep(self, key: str, data: bytes) -> None:
        if self.store is None:
            return  # nowhere to keep it
        self.fresh[key] = data
        if len(self.fresh) >= 500:
            self.flush()

    def flush(self) -> None:
        """Store on a thread (SQLite lets go of the GIL): not on the rendering's time. A body asked for again before
        it is written is converted again (result)."""
        if self.store is not None and self.fresh:
            self.writer.submit(self.store.put_many_raw, KIND, self.fresh)
            self.cached.update(self.fresh)
        self.fresh = {}

    def finish(self, everything: bool) -> None:
        """Store what was converted; with ``everything``, drop results of bodies no page has any more."""
        self.flush()
        self.writer.wait()
        if self.store is not None and everything:
            self.store.keep(KIND, self.keys.values())

    def written(self, page: Page) -> None:
        """A page written: an item page's Markdown and HTML (every item's body twice, kept by MkDocs until the
        build ends) are let go when ``release``: MkDocs reads neither again, its title is in its metadata."""
        if self.release and isinstance(page, ItemPage):
            page.markdown = page.content = ""

    def unread(self, page: ItemPage) -> str | None:
        """The key of the cached body a page left unread, while it is still the conversion of the page's Markdown."""
        key = self.keys.get(page.file.src_uri)
        if page.waiting is None or key is None or self.env is None:
            return None
        if page.file.src_uri in self.plain and page.body is not None and page.markdown is not None:
            if page.markdown is page.body or page.markdown == _as_read(page.body):
                return key  # the very text keyed in prepare: not hashed again
        return key if render_key(self.env, page.markdown or "", page.canonical_url or "", page.owner) == key else None

    def source_of(self, page: Page) -> str:
        """What the page's body was made from: its conversion's key, or the HTML itself when MkDocs converted it."""
        if isinstance(page, ItemPage) and page.prepared:
            return self.keys.get(page.file.src_uri, "")
        return source_digest(page.content or "")

    def qr_code(self, url: str) -> str:
        """The page's QR code drawn by its worker (used once: let go), or drawn here."""
        return self.qr.pop(url, None) or qr_data_uri(url)


class ItemPage(Page):
    """An item's page: its body converted by :class:`ItemBodies` when that gives what MkDocs would."""

    bodies: ItemBodies | None = None
    waiting: tuple[MkDocsConfig, Files] | None = None  # converted later (see the module's docstring)
    prepared = False  # content came from ItemBodies, already as the build makes an item's HTML
    owner = ""  # the item's address (its cached results' keys start with keys.owner_prefix of it)
    body: str | None = None  # the item's Markdown as checked (its file holds it after our empty front matter)
    anchor_links: dict[str, str] = {}  # noqa: RUF012 - its body's links to its own anchors (replaced, never changed)

    def read_source(self, config: MkDocsConfig) -> None:
        """MkDocs' own, without parsing our empty front matter as YAML (a tenth of a cached page's time)."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        self.markdown, self.meta = split_source(self.file.content_string if source is None else source, self.body)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        bodies = self.bodies
        if bodies is None:
            return super().render(config, files)
        key = bodies.keys.get(self.file.src_uri)
        if bodies.lazy and key in bodies.cached and key not in bodies.done:
            self.content, self.waiting = "", (config, files)  # read only if the page is rendered (see ItemBodies.unread)
            return None
        rendered = bodies.result(self, wait=not bodies.defer)
        if rendered is None and bodies.defer and self.file.src_uri in bodies.keys:
            self.content, self.waiting = "", (config, files)  # its worker is still on it
            return None
        self._use(rendered, config, files)

    def complete(self) -> None:
        """Fill in a body left for later; MkDocs' own conversion then gets what on_page_content would have done."""
        if self.waiting is None or self.bodies is None:
            return
        config, files = self.waiting
        self.waiting = None
        self._use(self.bodies.result(self, wait=True), config, files)
        if not self.prepared:
            self.content = item_html(self.content or "")

    def _use(self, rendered: Rendered | None, config: MkDocsConfig, files: Files) -> None:
        if rendered is None or not rendered.portable or rendered.source != source_digest(self.markdown or ""):
            self.prepared = False
            super().render(config, files)  # another plugin changed the Markdown, or it links to the site's files
            self.toc = safe_toc(self.toc)
            return
        self.prepared = True
        self.content = rendered.html
        self.toc = safe_toc(get_toc(rendered.toc))
        self.keep_anchors(rendered.anchors, rendered.self_links)
        if rendered.qr and self.canonical_url and self.bodies is not None:
            self.bodies.qr[self.canonical_url] = rendered.qr

    def keep_anchors(self, anchors: list[str], self_links: dict[str, str]) -> None:
        """What MkDocs' render records for checking links to anchors (also for a page taken whole from the cache)."""
        self.waiting = None
        self.present_anchor_ids = set(anchors)
        self.anchor_links = dict(self_links)
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as MkDocs' render
            self.links_to_anchors = {self.file: dict(self_links)} if self_links else {}


def _text(page: ItemPage) -> str:
    """The page's Markdown as its file holds it. A copy, not the item's own body: pickled for a worker, a str keeps
    a UTF-8 copy inside it (CPython)."""
    return split_source(page.file.content_string)[0]


def _as_read(body: str) -> str:
    """An item's Markdown as :func:`split_source` gives it (the body itself, unless it starts with a newline)."""
    return body.lstrip("\n")


def split_source(source: str, body: str | None = None) -> tuple[str, dict]:
    """``mkdocs.utils.meta.get_data``: the same result, at once for a generated page's empty front matter.
    ``body``: the item's Markdown the source was made of, used as it is when the source still holds it
    (no copy of every item's text, as long as the page lives)."""
    if source.startswith(NO_METADATA):
        if body is not None and len(source) == len(NO_METADATA) + len(body) and source.endswith(body):
            return _as_read(body), {}
        return source[len(NO_METADATA) :].lstrip("\n"), {}
    return get_data(source)


def item_page(file: File, config: MkDocsConfig, owner: str, body: str | None = None) -> ItemPage:
    """The page of a generated item file (MkDocs finds it as ``file.page`` and does not make its own);
    ``owner``: the item's address; ``body``: its Markdown."""
    page = ItemPage(None, file, config)
    page.owner, page.body = owner, body
    return page


def may_defer(config: MkDocsConfig, own: object, events: tuple[str, ...] = CONTENT_EVENTS) -> bool:
    """True when no other plugin listens to an event that sees a page's Markdown or HTML (one of ``events``)."""
    return not any(hasattr(plugin, event) for plugin in config.plugins.values() if plugin is not own for event in events)
