"""The ``xinyu`` MkDocs plugin: a guard plus one delegation per event.

load (content) → index → pages (virtual files) → templates (context) → exports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..content import ConfigError, Library, load_library, site_from_options
from ..content.appended import appended_files
from ..content.batch import EntryCache
from ..content.discover import names_in_collections
from ..content.library import guard_context
from ..content.links import html_link_warning, our_prefixes
from ..content.outcome import Lost, lost_items, read_catalog, summary
from ..content.schema import SchemaError
from ..content.site import read_mkdocs_yml
from ..content.unchanged import Unchanged
from ..guard import safe_toc, sanitize_html, sanitize_page
from ..guard.files import undecodable
from ..index import SiteIndex, build_index
from ..pipeline import memory, scratch, workers
from ..pipeline.keys import digest
from ..pipeline.store import open_store, template_cache
from ..search.writer import HERE_BELOW
from . import exports, logs
from .bodies import HOLDS_PAGES, ItemBodies, ItemPage, item_page, may_defer
from .config import XinyuConfig
from .context import CardCache, page_context, site_context
from .escape import hand_to_theme
from .fragments import Fragments
from .frontend import label_task_lists, qr_data_uri
from .host import add_search_client, search_mode
from .navigation import missing_section, prune_nav, unlink_missing, unlink_unpublished, unpublished_items
from .outputs import PageOutputs, config_fingerprint, rendering_alone, theme_files
from .pages import PageSpec, add_assets, add_pages, keep_fresh, remove_sources
from .programme import home_programme, programme_context
from .serving import COMPILED, Ahead, Collector, Later, Published, SearchLater, SiteFolder, Sitemap, Watcher, changes, file_stamp
from .vetting import keep_vetted, refuse_appended, refuse_docs_link, refuse_endless_links

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"
FIELD_REFERENCE = "<!-- xinyu:field-reference -->"


class XinyuPlugin(BasePlugin[XinyuConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.library: Library | None = None
        self.index: SiteIndex | None = None
        self.specs: dict[str, PageSpec] = {}
        self.is_serve = self.dirty = False  # on_startup sets them; a direct build() call never runs it
        self.search_job: exports.SearchJob | None = None
        self.workers: workers.Workers | None = None  # the build's worker processes (on_files)
        self.search_pages: list | None = None  # the site's own pages, for the search index
        self.cache = EntryCache()  # checked items by content, reused by `serve` rebuilds
        self.cache_root: Path | None = None  # the site whose cache that is
        self.unchanged = Unchanged()  # serve: checked items by the stamps of their folders
        self.shared: dict | None = None  # the template context every page shares, made once a build
        self.page_inputs: dict[str, str] = {}  # item page → digest of what it shows (serve --dirty)
        self.files_kept: dict[str, File] = {}  # the last build's generated files by URI (serve --dirty: pages.add_pages)
        self.site_folder = SiteFolder()  # serve: what each build put in the site folder
        self.sitemap = Sitemap(TEMPLATES)  # serve --dirty: written again only when what it lists changed
        self.dropped_nav: list[str] = []  # nav entries left out by the last build (navigation.py)
        self.cards = CardCache()
        self.fragments = Fragments()  # the theme's navigation and tabs, rendered once a build for many pages
        self.search_later = SearchLater()  # serve: the search index follows each build in the background
        self.collector = Collector()  # serve: garbage collected between rebuilds, not during them
        self.later = Later()  # serve: the catalogs, feeds and workbook are written after the page reloads
        self.watcher = Watcher()  # serve: docs/ and the collections watched by inotify, not polled
        self.ahead = Ahead()  # serve: the library loaded as soon as the watcher hears a change
        self.bodies: ItemBodies | None = None
        self.outputs: PageOutputs | None = None  # item pages kept whole in the build cache
        self.search = "xinyu"  # which search box the reader gets: xinyu | host | off (host.py)
        self.previous: list[dict] | None = None  # items of the previous build's catalog.json
        self.published = Published()  # serve: what the last build wrote there, not parsed again
        self.lost: list[Lost] = []
        self.builds = 0  # builds this instance finished (serve rebuilds)
        self.reported: frozenset | None = None  # serve: the last build's problems (a rebuild lists only new ones)
        self.missing = None  # path → is it a page of ours this build does not make (navigation.py)
        self.unpublished: Callable[[str], bool] | None = None  # whether a docs-relative path is an unpublished item

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `serve` rebuilds.
        self.is_serve, self.dirty = command == "serve", dirty
        self.cards = CardCache(keep=self.is_serve)
        logs.install(serve=self.is_serve)
        scratch.arm()  # here, on the main thread: serve makes its temporary files on others

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            site = site_from_options(Path(config.config_file_path).parent, dict(self.config)).with_docs(_raw_config(config))
        except ConfigError as exc:
            raise PluginError(f"xinyu 配置错误：{exc}") from exc
        site.docs = _relative(Path(config.docs_dir), site.root)
        if not site.repo_edit_base:
            site.repo_edit_base = edit_base(config)
        self.site = site  # whole: serve's load ahead (serving.Ahead) may read it at any moment
        if self.cache_root != self.site.root:  # MkDocs keeps a plugin instance per process: another site, its own cache
            if self.cache.store is not None:
                self.cache.store.close()
            self.cache, self.cache_root = EntryCache(store=open_store(self.site.root)), self.site.root
            self.unchanged = Unchanged()
        # After the site's custom_dir, before the theme: sites can override our templates.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        self.search = search_mode(config, self.config.search)
        if self.search == "xinyu":
            add_search_client(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.is_serve:
            self.later.wait()  # the last build's catalogs: read below, and never written over this build's
            self.collector.begin(rebuild=self.builds > 0)
        if self.search == "xinyu" and not self.is_serve and names_in_collections(self.site) >= HERE_BELOW:
            workers.warm_up()  # the search index (and the checks' workers) start from it, later in this build
        # MkDocs walks docs/ following links right after this event: a link into a loop or a huge tree stops here.
        refuse_docs_link(self.site)
        refuse_endless_links(Path(config.docs_dir), self.site.docs)
        # Before MkDocs empties site/: what the previous build published, to name what this one loses.
        self.previous = self.published.read(Path(config.site_dir) / "catalog.json", read_catalog)
        if not self.is_serve:
            memory.hold_collections()  # until on_files has loaded the library, its index and pages

    # Run before other plugins' on_files so that their views see our generated pages.
    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.search_later.next_build()
        self.workers = _pool()
        loaded = self.ahead.take() if self.is_serve else None  # serve: loaded when the watcher heard the change
        try:
            self.library, problems, self.index = loaded or self.load(self.site, self.workers)
        except (ConfigError, SchemaError) as exc:
            raise PluginError(f"xinyu 配置错误：{exc}") from exc
        report(self.library, problems, self.reported if self.is_serve else None, _link_level(config))
        self.reported = frozenset(problems)
        left_off = refuse_appended(self.library, config, self.is_serve)  # text on every page: an error there stops the build
        if left_off:
            log.warning(left_off)
        self.lost = lost_items(self.previous or [], self.library)
        for lost in self.lost:
            log.log(logging.INFO if lost.withdrawn else logging.WARNING, f"上次构建发布的条目这次不会发布：{lost.line}")
        if not self.is_serve:
            self.cards = CardCache()  # serve keeps its cards across rebuilds (keyed by what they show)
        self.shared = None
        remove_sources(files, config, self.index)
        problems, refused = keep_vetted(
            files, Path(config.docs_dir).resolve(), self.library, guard_context(self.site, self.library.registry)
        )
        for problem in problems:
            log.log(logging.WARNING if problem.is_error else logging.INFO, problem.format())
        before = set(self.page_inputs)
        # The serve banner of content errors is not part of a page's inputs: a broken item leaves
        # every listing it was on (so those re-render with the banner) and its own page is removed.
        version = site_version(self.site, config) if self.is_serve else ""
        seen = self.page_inputs if self.is_serve and self.dirty else None  # else every page is rendered anyway
        self.unpublished = unpublished_items(self.library)
        self.specs = add_pages(files, config, self.index, seen, version, self.files_kept, self.unpublished)
        if seen is not None:
            self.files_kept = {uri: files.src_uris[uri] for uri in self.specs}
        self.cards.version = digest(version, self.cache.site_key)  # serve: a card is kept while both are the same
        if self.specs or self.search == "xinyu":
            add_assets(files, config)
        if self.is_serve and self.dirty:
            keep_fresh(files, self.specs)
        for uri in before - set(self.specs):  # items gone since the last build: their output goes too (SiteFolder)
            del self.page_inputs[uri]
        prefixes = our_prefixes(self.site) if self.site.collections else set()
        self.missing = missing_section(files, prefixes, refused) if prefixes or refused else None
        dropped: list[str] = []
        if self.missing is not None and config.nav:
            config.nav, dropped = prune_nav(config.nav, self.missing)
        if dropped != self.dropped_nav and self.is_serve:  # every page shows the nav: none is unchanged
            for uri in self.specs:
                files.get_file_from_path(uri).inputs_changed = True
        self.dropped_nav = dropped
        for entry in dropped:
            log.info(
                f"导航（mkdocs.yml 的 nav）中的“{entry}”指向本站这次没有生成的页面（栏目没有开启，或页面没有通过检查），已从导航中略去；不需要时可删掉这一行。"
            )
        self.bodies = ItemBodies(config, self.cache.store, self.workers, may_defer(config, self))
        self.bodies.release = may_defer(config, self, HOLDS_PAGES)  # no one else can reach a page to read it later
        pages = []
        for uri, spec in self.specs.items():
            if spec.kind == "item":
                file = files.src_uris[uri]  # a page kept from the last build (add_pages) has its ItemPage already
                pages.append(file.page if isinstance(file.page, ItemPage) else item_page(file, config, spec.entry.url, spec.entry.body))
        self.bodies.prepare(pages, lambda page: not self.dirty or page.file.is_modified())
        # A `serve --dirty` rebuild renders only pages whose inputs changed: none of them is in the cache.
        rebuild = self.is_serve and self.dirty and self.builds > 0
        if self.outputs is not None:
            self.outputs.stop()  # the last build's, had it ended without on_post_build or on_build_error
        self.outputs = PageOutputs(config, None if rebuild else self.cache.store, self, TEMPLATES)
        self.cards.kept = None if self.is_serve else self.outputs  # serve keeps its rendered cards in memory
        self.bodies.lazy = self.bodies.release and self.bodies.defer and self.outputs.store is not None  # content unread
        # Indexing runs on the second core while pages render; collected in on_post_build. Under serve it
        # starts there (in the background): gathering its documents would delay the edited page.
        self.search_pages = exports.page_sources(files, self.specs) if self.search == "xinyu" else None
        self.search_job = self.start_search(self.index, self.search_pages) if not self.is_serve else None
        if not self.is_serve:
            memory.loaded()
        return files

    def load(self, site, pool: workers.Workers | None) -> tuple[Library, list, SiteIndex]:
        """The library, its problems (settled: the report and the preview's banner read them) and the index."""
        kept = self.unchanged if self.is_serve else None  # serve: items whose folders did not change are not re-read
        if kept is not None:
            kept.changes = self.watcher.changes  # which folders changed, where the watcher can say (else all walked)
        library = load_library(site, cache=self.cache, progress=log.info, pool=pool, unchanged=kept)
        problems = library.settle()
        return library, problems, build_index(library, self.cache.store)

    def load_ahead(self, inputs: tuple) -> tuple[Library, list, SiteIndex]:
        """serving.Ahead's load, on its thread: a rebuild is coming (MkDocs will see the signal), so the last build's
        search index and garbage collection wait for it, as when the rebuild itself begins."""
        self.search_later.next_build()
        self.collector.begin(rebuild=True)
        pool = _pool()
        try:
            return self.load(inputs[0], pool)
        finally:
            if pool is not None:
                pool.close()

    def start_search(self, index: SiteIndex | None, pages: list | None, previous: tuple | None = None) -> exports.SearchJob | None:
        if pages is None or index is None:
            return None
        store = self.cache.store
        return exports.SearchJob(index, pages, store.path if store else None, previous)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.is_serve:
            self.site_folder.before_copy(files, Path(config.site_dir))
            if self.dirty:
                self.sitemap.before_templates(env, config, files)
        if env.bytecode_cache is None:  # templates compiled once a process, kept in memory (serving.COMPILED)
            # The build cache's folder only when no other plugin or hook has on_env: one may change how templates
            # compile after this, and that folder is named by the settings now (in memory, each template's are).
            on_disk = self.cache.store is not None and not self.is_serve and rendering_alone(config, self)
            env.bytecode_cache = COMPILED.backed_by(template_cache(self.cache.store.path.parent, env) if on_disk else None)
        self.cards.begin(env, TEMPLATES)
        self.fragments.begin(env, config, TEMPLATES, rendering_alone(config, self))
        env.globals["xinyu_fragment"] = self.fragments.render
        env.filters["xinyu_card"] = self.cards.render
        env.filters["xinyu_qr"] = self.bodies.qr_code if self.bodies is not None else qr_data_uri
        # Every page is rendered and no template has run yet: titles and metadata become text
        # here, for every page (tabs and navigation print other pages' titles too).
        for file in files.documentation_pages():
            if file.page is not None and file.page.markdown is not None:
                hand_to_theme(file.page)
            elif file.page is not None and getattr(self.specs.get(file.src_uri), "internal", False):
                file.page.meta["internal"] = True  # not re-read by a dirty rebuild: sitemap.xml still leaves it out
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.meta.setdefault("template", spec.template)
            page.meta["title"] = spec.title
            # The index pages are the way in: no per-item sidebar (N items would mean N links a page).
            page.meta.setdefault("hide", ["navigation"] if spec.kind == "item" else ["navigation", "toc"])
            if spec.kind != "item":
                page.meta.setdefault("search", {"exclude": True})
            if spec.internal:
                page.meta["internal"] = True
        if page.meta.get("internal") is True:  # ours or a site page's front matter: templates/sitemap.xml, main.html
            page.meta.setdefault("search", {"exclude": True})
        if spec is not None and spec.kind == "item":
            # A link to a draft, withdrawn or broken item becomes its text: no address of an unpublished item in a
            # published page, and nothing for --strict to fail on (the check says it: 警告：链接……是草稿).
            markdown, _dropped = unlink_unpublished(markdown, page.file.src_uri, self.unpublished)
        if spec is None and self.missing is not None:  # a site page's links to a section of ours that is off: text
            markdown, dropped = unlink_missing(markdown, page.file.src_uri, self.missing)
            for target in dropped:
                log.info(
                    f"{page.file.src_uri} 链接到 {target}，本站这次没有生成这个页面（栏目没有开启，或页面没有通过检查）：链接已改为文字，可以改写这句话。"
                )
        if FIELD_REFERENCE in markdown and self.library is not None:
            from ..content.guide import field_reference_markdown

            markdown = markdown.replace(FIELD_REFERENCE, field_reference_markdown(self.library))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.toc = safe_toc(page.toc)  # every page's: the theme prints its ids unescaped
        if isinstance(page, ItemPage) and (page.prepared or page.waiting):
            return html  # converted by bodies.py, already sanitised (or filled in later)
        spec = self.specs.get(page.file.src_uri)
        # Items are contributions: nothing executable reaches a reader. So are the pages of docs/ of a district library
        # (site_pages: checked), but a page the policy takes nothing from keeps the theme's bytes; a site's own pages
        # (site_pages: own, a host site's) are published as the theme makes them.
        if spec is not None or self.site.pages_checked:
            html = sanitize_html(html) if spec is not None else sanitize_page(html)
        if spec is not None or str(page.meta.get("template", "")).startswith("xinyu/"):
            return label_task_lists(html)  # a host site's own pages stay as the theme makes them
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        spec = self.specs.get(page.file.src_uri)
        if self.index is None or spec is None:
            if isinstance(page, ItemPage):
                page.complete()  # a body converted while pages rendered
            if self.index is not None:
                context["xinyu"] = self.shared_context()
            return context
        context["xinyu"] = self.shared_context()
        view = page_context(spec, self.index, self.site, self.cards) | programme_context(spec, self.index)
        context.update(view)
        if spec.entry is not None and self.site.repo_edit_base:
            page.edit_url = self.site.repo_edit_base + spec.entry.rel
        context["xinyu_page"] = self.kept_page(page, context, view, spec)
        return context

    def kept_page(self, page: Page, context: dict, view: dict, spec: PageSpec):
        """The page's HTML from the build cache, or None (it is rendered). An item page's body left unread
        (bodies.ItemBodies.lazy) is read only when the page is not in the cache."""
        item = isinstance(page, ItemPage)
        if self.outputs is None or self.bodies is None:
            if item:
                page.complete()
            return None
        owner = spec.entry.url if item and spec.entry is not None else ""
        unread = self.bodies.unread(page) if item else None
        if unread is not None and (kept := self.outputs.lookup(page, context, view, unread, owner)) is not None:
            page.keep_anchors(kept.anchors, kept.links)
            return kept.html
        if item:
            page.complete()
        prepared = item and page.prepared  # then the body's key stands for its table of contents too
        kept = self.outputs.lookup(page, context, view, self.bodies.source_of(page), owner, "" if prepared else str(page.toc))
        return kept.html if kept is not None else None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.specs:
            output = chinese_content(output, config)
        if self.outputs is not None:
            self.outputs.remember(page, output)
        if self.bodies is not None:
            self.bodies.written(page)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return chinese_content(output_content, config) if template_name == "404.html" and self.specs else output_content

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        # The theme's own pages (404.html) are ours too when the site has items.
        if self.index is not None:
            context["xinyu"] = self.shared_context()
        return context

    def shared_context(self) -> dict:
        if self.shared is None:
            self.shared = site_context(self.index, self.site, self.is_serve) | {
                "programme": home_programme(self.index),
                "search": self.search,
            }
        return self.shared

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.bodies is not None:
            self.bodies.finish(everything=not self.dirty)  # a dirty build keys only the pages it renders
        if self.outputs is not None:
            self.outputs.finish(everything=not self.dirty, cards=self.cards.made.values())  # a dirty build renders only what changed
        if self.workers is not None:
            self.workers.close()
        if not self.is_serve:
            memory.release_collections()
        memory.give_back()  # what rendering let go of, before the exports (the indexing process may still be writing)
        logs.flush_links(log)  # link warnings MkDocs did not repeat (see logs.LinkLines)
        if self.library is not None:
            end_summary(self.library, self.lost)
        written = []
        if self.index is not None:
            written = exports.write_all(
                self.index,
                Path(config.site_dir),
                search=self.search_job,
                site_url=config.site_url,
                site_name=config.site_name,
                later=self.later if self.is_serve else None,
            )
            self.search_job = None
            if self.is_serve and self.index.library.site.collections:  # once catalog.json is written
                self.later(self.published.wrote, Path(config.site_dir) / "catalog.json", self.index.entries())
            if self.is_serve and self.search_pages is not None:
                index, pages = self.index, self.search_pages
                self.search_later.start(lambda previous: self.start_search(index, pages, previous), Path(config.site_dir) / "search")
        if self.is_serve:
            self.site_folder.after_build(Path(config.site_dir), written)
            self.sitemap.after_build()
        self.builds += 1
        if self.is_serve:
            self.collector.end()
            self.ahead.resume()
        else:
            workers.settle()  # also for callers of MkDocs' build() that never send on_shutdown

    def on_build_error(self, *, error: Exception) -> None:
        if self.workers is not None:
            self.workers.close()  # as at the end of a build that succeeded: not left to the interpreter's exit
        if self.search_job is not None:
            self.search_job.cancel()  # not waited for: its index would be thrown away
            self.search_job = None
        logs.flush_links(log)  # held link warnings still shown when the build stops
        if self.outputs is not None:
            self.outputs.stop()  # its read-ahead would otherwise wait for pages nobody asks for
        if self.is_serve:
            self.sitemap.after_build(failed=True)
            self.collector.end()
            self.ahead.resume()
        else:
            memory.release_collections()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # Collection folders outside docs/ and the data files are watched too: every folder by the plugin
        # (serving.Watcher: the system's change notifications where it can, else polled, a folder made later or
        # made again included); a data file beside mkdocs.yml (``authors: authors.yml``) is polled by MkDocs.
        docs = Path(config.docs_dir).resolve()
        collections = {spec.source_dir(self.site.root) for spec in self.site.collections.values()}
        data = {_data_watch(self.site.path(name), self.site.root) for name in (self.site.vocabulary, self.site.authors)}
        data = (data | set(appended_files(self.site.extensions, self.site.root))) - collections  # appended: on every page
        outside = [p for p in sorted(collections) + sorted(data) if docs not in p.parents and p != docs]
        taken = self.watcher.take([docs, *(p for p in outside if not p.is_file())])
        if docs in taken:
            server.unwatch(config.docs_dir)
        for path in outside:
            if path not in taken and path.exists():
                server.watch(str(path))
        if taken and self.watcher.signal is not None:
            server.watch(str(self.watcher.signal))
            polled = [Path(config.config_file_path), *(p for p in outside if p not in taken)]  # MkDocs' own to watch
            self.ahead.inputs = lambda: (self.site, [file_stamp(p) for p in polled])
            self.ahead.load = self.load_ahead
            self.watcher.ahead = self.ahead
            names = "、".join(_relative(p, self.site.root) for p in taken)
            how = "插件定时查看（网络或共享文件夹上没有系统通知）" if self.watcher.polled else "系统通知（不再轮询）"
            log.info(f"{names} 的改动由{how}发现。")  # the signal file is no business of the teacher's (logs._watching)
        return server

    def on_shutdown(self) -> None:
        # Nothing of ours runs on when the command ends (Ctrl+C included): serve's background work is stopped or
        # waited for (it writes into the site folder MkDocs removes next, and makes pools), and every pool
        # let go has shut down before the process ends (workers.retire); the watcher's threads have ended.
        self.watcher.stop()
        self.ahead.stop()
        self.collector.stop()
        self.search_later.stop()
        self.later.wait()
        if self.workers is not None:
            self.workers.close()
        workers.settle()


def _pool() -> workers.Workers | None:
    """A build's worker processes (started only if a stage has enough work), or None on one core."""
    count = workers.worker_count()
    return workers.Workers(count) if count > 1 else None


def _data_watch(path: Path, root: Path) -> Path:
    """What serve watches for a site's data file: its folder (data/ holds the other registries too), or the file alone
    when that folder holds the site itself (``authors: authors.yml``): watching the site root, MkDocs saw the build's
    own cache writes and rebuilt for ever."""
    folder = path.parent
    return path if folder.resolve() in (root.resolve(), *root.resolve().parents) else folder


def _raw_config(config: MkDocsConfig) -> dict:
    """mkdocs.yml as written (the xinyu command reads the same), or nothing when there is no file."""
    try:
        return read_mkdocs_yml(Path(config.config_file_path)) if config.config_file_path else {}
    except ConfigError:
        return {}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def site_version(site, config: MkDocsConfig) -> str:
    """Stands for everything every page depends on beyond its items: data files, the configuration (our
    options, labels, facets, the theme's settings) and every template folder of the theme (a site's own too)."""
    programme = site.programme
    data = [programme.groups.file] if programme and programme.groups else []
    data += [programme.schools] if programme and programme.schools else []
    # Results pages, and the indexes that link them; a name not UTF-8 is no round's (data_problems reports it).
    rounds = sorted(p for p in site.path("data/rounds").glob("*.yml") if not undecodable(p.name))
    paths = [site.vocabulary_path(), site.path(site.authors), *map(site.path, data), *rounds]
    # Their bytes, not their times: a same-size edit whose mtime is set back (cp -p, unzip) is still an edit.
    contents = [(str(p), p.read_bytes()) for p in paths if p.is_file()]
    return digest(contents, config_fingerprint(config), theme_files(config))


def edit_base(config: MkDocsConfig) -> str:
    """The repository's edit URL for a path relative to the site root, from repo_url and edit_uri.

    MkDocs' edit_uri points into docs/ (``edit/main/docs/``); cases live outside it, so we
    strip the docs folder to get the repository root.
    """
    if not config.repo_url or not config.edit_uri:
        return ""
    edit_uri = config.edit_uri if config.edit_uri.endswith("/") else config.edit_uri + "/"
    docs = Path(config.docs_dir).resolve().relative_to(Path(config.config_file_path).resolve().parent).as_posix() + "/"
    if edit_uri.endswith(docs):
        edit_uri = edit_uri[: -len(docs)]
    return config.repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")


def report(library: Library, problems: list, before: frozenset | None = None, links: int = logging.WARNING) -> None:
    """Errors as warnings (so --strict fails), advisories at info level (they never fail), but a raw-HTML link's
    at ``links``, MkDocs' level for a Markdown link's (links.html_link_warning).

    ``before``: a `serve` rebuild's previous problems; only new ones are listed, then one line for the rest."""
    if not library.site.collections and before is None:
        log.info("站点里没有 xinyu 的集合（cases/ 等文件夹不存在，或未在 collections 中声明）：站点自己的页面保持原样。")
    new = problems if before is None else [p for p in problems if p not in before]
    for problem in new:  # docs/ pages too
        level = logging.WARNING if problem.is_error else links if html_link_warning(problem) else logging.INFO
        log.log(level, problem.format())
    if before is not None:
        changes(problems, before, len(new))


def _link_level(config: MkDocsConfig) -> int:
    """The level MkDocs logs a link to a missing file at (``validation: links: not_found``)."""
    try:
        return int(config.validation.links.not_found)
    except (AttributeError, TypeError, ValueError):
        return logging.WARNING


def end_summary(library: Library, lost: list[Lost]) -> None:
    """Once, at the end of the build: what was published and, by name, what was left out or lost."""
    lines, left_out = summary(library)
    gone = [item for item in lost if not item.withdrawn]
    if not library.site.collections and not left_out and not gone:
        return  # a host site with nothing of ours: nothing to say
    if gone:
        lines.append(f"注意：上次构建发布的 {len(gone)} 个条目这次没有发布：")
        lines += [f"  - {item.line}" for item in gone]
    log.log(logging.WARNING if gone or left_out else logging.INFO, "\n".join(lines))


CONTENT = '<article class="md-content__inner md-typeset">'


def chinese_content(html: str, config: MkDocsConfig) -> str:
    """Our pages' content is Chinese whatever the theme's language: on a host site in another language (its
    <html lang> says so) the content says it is Chinese (lang="zh"), so screen readers read it as Chinese."""
    language = str(config.theme.get("language") or "en")
    if language.startswith("zh"):
        return html
    return html.replace(CONTENT, CONTENT[:-1] + ' lang="zh">', 1)
