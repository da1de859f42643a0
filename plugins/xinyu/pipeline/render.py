"""An item's Markdown converted the way MkDocs converts a page, without MkDocs: in a worker, or from the cache.

MkDocs converts a page with the site's Markdown extensions plus a few steps of its own: it
collects the page's anchors and its links to anchors, and rewrites relative links and images
to the files they name (which needs the whole site's file list). A body whose links all
point elsewhere (other sites, anchors of its own page) comes out the same here; one with a
relative link or image is marked ``portable=False`` and MkDocs converts it itself
(:class:`xinyu.plugin.itempage.ItemPage`).

What the build then does to an item's HTML (sanitising, labelling task-list boxes) is done
here too, and the print handout's QR code of the page's address is drawn with it.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from ..content.appended import named_files
from .keys import code_digest, digest, owner_prefix

AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's placeholder inside obfuscated e-mail links


@dataclass(frozen=True)
class MarkdownEnv:
    """The site's Markdown extensions and their options, as MkDocs hands them to Python-Markdown."""

    extensions: tuple
    configs: dict
    reads: tuple = ()  # digests of the files the extensions read besides the page (extension_files)

    def key(self) -> str:
        """Made once an env (every item's body key has it: 5,000 times a build)."""
        found = self.__dict__.get("_key")
        if found is None:
            found = digest(code_digest(), list(self.extensions), self.configs, list(self.reads))
            object.__setattr__(self, "_key", found)
        return found


@dataclass
class Rendered:
    """One item body as the page shows it."""

    source: str  # digest of what was converted (the page's Markdown after on_page_markdown)
    html: str = ""  # sanitised, task lists labelled
    toc: list = field(default_factory=list)  # the toc extension's tokens (mkdocs.structure.toc.get_toc reads them)
    anchors: list[str] = field(default_factory=list)
    self_links: dict[str, str] = field(default_factory=dict)  # anchor → link as written, for links within the page
    portable: bool = True
    qr: str = ""  # the QR code of the page's address (data URI), for the print handout


def render_key(env: MarkdownEnv, markdown_text: str, address: str, owner: str = "") -> str:
    """The key of a body's conversion; ``owner`` is its item's address (keys.owner_prefix)."""
    return owner_prefix(owner) + digest(env.key(), source_digest(markdown_text), address)


def source_digest(markdown_text: str) -> str:
    return hashlib.sha1(markdown_text.encode("utf-8", "surrogatepass")).hexdigest()


class _Converter:
    """One Markdown instance per process, reset between documents (building one costs a third of a conversion)."""

    def __init__(self, env: MarkdownEnv):
        self.md = markdown.Markdown(extensions=list(env.extensions), extension_configs=env.configs)
        self.links = _Links()
        self.links.register(self.md)

    def convert(self, text: str) -> tuple[str, list, _Links]:
        self.md.reset()
        self.links.reset()
        html = self.md.convert(text)
        return html, list(getattr(self.md, "toc_tokens", [])), self.links


class _Links(Treeprocessor):
    """Records the ids of the page and what its links and images point to, changing nothing."""

    def register(self, md: markdown.Markdown) -> None:
        self.md = md
        md.treeprocessors.register(self, "xinyu_links", 0)  # where MkDocs rewrites relative links

    def reset(self) -> None:
        self.anchors: set[str] = set()
        self.self_links: dict[str, str] = {}
        self.portable = True

    def run(self, root) -> None:
        for element in root.iter():
            if anchor := element.get("id"):
                self.anchors.add(anchor)
            if element.tag == "a" and (name := element.get("name")):
                self.anchors.add(name)
            url = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if url is not None:
                self._look_at(url)

    def _look_at(self, url: str) -> None:
        scheme, netloc, path, _query, anchor = urlsplit(url)
        if scheme or netloc or AMP_SUBSTITUTE in url:
            return
        if url.startswith(("/", "\\")) or path:
            self.portable = False  # a file of the site (or an absolute link MkDocs warns about): MkDocs must see it
        elif anchor:
            self.self_links.setdefault(anchor, url)


class _RawIds(HTMLParser):
    """Ids in raw HTML inside the Markdown, as MkDocs collects them (for anchor validation)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


_converters: dict[str, _Converter] = {}


def render_body(env: MarkdownEnv, text: str, address: str) -> Rendered:
    """Convert an item's Markdown; ``address`` is the page's full URL, for the QR code (none when empty)."""
    from ..guard import sanitize_html
    from ..plugin.frontend import label_task_lists, qr_data_uri

    key = env.key()
    converter = _converters.get(key)
    if converter is None:
        _converters.clear()
        converter = _converters[key] = _Converter(env)
    html, toc, links = converter.convert(text)
    raw = _RawIds()
    if "<" in text:
        raw.feed(text)
        raw.close()
    return Rendered(
        source=source_digest(text),
        html=label_task_lists(sanitize_html(html)),
        toc=toc,
        anchors=sorted(links.anchors | raw.ids),
        self_links=dict(links.self_links),
        portable=links.portable,
        qr=qr_data_uri(address) if address else "",
    )


def render_many(env: MarkdownEnv, bodies: list[tuple[str, str, str]]) -> list[tuple[str, bytes]]:
    """Worker task: (markdown, address, owner) → (key, pickled Rendered), so the main process stores the bytes as they are."""
    import pickle

    return [
        (render_key(env, text, address, owner), pickle.dumps(render_body(env, text, address), protocol=pickle.HIGHEST_PROTOCOL))
        for text, address, owner in bodies
    ]


def env_of(extensions: Any, configs: Any) -> MarkdownEnv | None:
    """The env for MkDocs' ``markdown_extensions``/``mdx_configs``, or None when it cannot go to a worker
    (an extension given as an object rather than a name)."""
    if not all(isinstance(e, str) for e in extensions or []):
        return None
    return MarkdownEnv(tuple(extensions or []), dict(configs or {}), tuple(extension_files(extensions or [], configs or {})))


def extension_files(extensions: list[str], configs: dict) -> list[tuple[str, str]]:
    """What a conversion reads besides the page, by content: every file the extensions' options name, directly
    or inside a folder they name (pymdownx.snippets' auto_append inside its base_path: the files the check reads
    as pages, content.appended), and the code of an extension that is a module of the site's own rather than an
    installed library (whose version code_digest has)."""
    found = [(path.as_posix(), hashlib.sha1(path.read_bytes()).hexdigest()) for path in named_files(configs, Path())]
    for name in extensions:
        origin = _module_file(name.split(":")[0])
        if origin is not None and not any(part in ("site-packages", "dist-packages") for part in origin.parts):
            found.append((name, hashlib.sha1(origin.read_bytes()).hexdigest()))
    return found


def _module_file(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    origin = Path(spec.origin) if spec is not None and spec.origin and spec.has_location else None
    return origin if origin is not None and origin.is_file() else None
