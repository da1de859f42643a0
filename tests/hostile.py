"""Hostile input through the whole pipeline: a site whose text values are payloads, built, then searched for anything that runs.

One harness for every test of "no contributed script reaches a reader":

- **fields**: every free-text field of every collection's schema, nested ones included, and of the
  authors registry, read from the schemas themselves (a field added tomorrow is covered); fields
  whose values are fixed by a pattern, an enum or the vocabulary are listed apart;
- **payloads**: each one, if it ever runs, calls ``__xyHit(n)``; ``n`` names the value that leaked;
- **bodies**: ``BODY_PAYLOADS``, contributed Markdown (raw HTML, script URLs in every link form,
  attr_list attributes, md_in_html), built with the sample site's Markdown extensions;
- **writers**: how hostile values get into the site (``HostileSite.item``, ``.person``, ``.term``,
  ``.file``); a test may write anything else with ``HostileSite.write``;
- **scanners**: what counts as executable in each kind of built file (``SCANNERS``, by suffix);
- **browser**: every page in Chromium, reporting any ``__xyHit`` call or dialog (``run_pages``).

Extending it for a new kind of input (an ``.svg`` or ``.html`` file in ``docs/``, a new page kind):
write it with ``HostileSite.write``/``.file``; for a new kind of output add a scanner to ``SCANNERS``.
The teaching layer (``xinyu check`` refusing markup) is switched off with ``teaching_layer_off`` so
that what is tested is the guarantee where data becomes output.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import html5lib
import yaml

from conftest import MINIMAL_CONFIG, ROOT, minimal_docx, minimal_pdf

HIT = "__xyHit"
WORD = "xyzzy"  # a searchable word: `?q=xyzzy` lists every hostile item in the search client

# Each runs __xyHit({n}) (or alert) if a browser ever treats it as markup, a URL or script.
PAYLOADS = [
    "<script>__xyHit({n})</script>",
    "<img src=x onerror=__xyHit({n})>",
    "<svg onload=__xyHit({n})>",
    "<svg/onload=alert({n})>",
    '"><img src=x onerror=__xyHit({n})>',
    "'><svg onload=__xyHit({n})>",
    "</title><script>__xyHit({n})</script>",
    "</textarea><script>__xyHit({n})</script>",
    "</script><script>__xyHit({n})</script>",
    "&lt;/title&gt;&lt;script&gt;__xyHit({n})&lt;/script&gt;",
    "&#60;img src=x onerror=__xyHit({n})&#62;",
    "&lt;img src=x onerror=__xyHit({n})&gt;",
    "javascript:__xyHit({n})",
    "data:text/html,<script>__xyHit({n})</script>",
    '" autofocus onfocus="__xyHit({n})',
    "' autofocus onfocus='__xyHit({n})",
    "<input autofocus onfocus=__xyHit({n})>",
    "<details open ontoggle=__xyHit({n})>",
    "<iframe srcdoc='<script>parent.__xyHit({n})</script>'></iframe>",
    "<object data=javascript:__xyHit({n})></object>",
    "<embed src=javascript:__xyHit({n})>",
    "<base href=javascript:__xyHit({n})//>",
    '<meta http-equiv=refresh content="0;url=javascript:__xyHit({n})">',
    "<math><mtext><table><mglyph><style><img src=x onerror=__xyHit({n})>",
    '<noscript><p title="</noscript><img src=x onerror=__xyHit({n})>">',
    "<svg><script>__xyHit({n})</script></svg>",
    '<svg><a xlink:href="javascript:__xyHit({n})"><text>x</text></a></svg>',
    "]]><script>__xyHit({n})</script>",
    '\u2028\u2029");__xyHit({n});//',
    "{{ __xyHit({n}) }}{% raw %}",
    "<!--<script>__xyHit({n})</script>-->",
    "<a href=javascript:__xyHit({n})>x</a>",
    "<style>@import 'javascript:__xyHit({n})';</style>",
    '=HYPERLINK("javascript:__xyHit({n})")',
    "@SUM(1+1)*cmd|' /C calc'!A0 __xyHit({n})",
]
# Contributed Markdown (item bodies, docs/ pages) with the sample site's extensions: raw HTML, script
# URLs in every link form, attributes through attr_list, md_in_html, admonition and details titles.
BODY_PAYLOADS = [
    "<script>__xyHit({n})</script>",
    "<img src=x onerror=__xyHit({n})>",
    "[链接](javascript:__xyHit({n}))",
    "[链接](JaVaScRiPt:__xyHit({n}))",
    "[链接](java&#115;cript:__xyHit({n}))",
    "[链接](&#x6A;avascript:__xyHit({n}))",
    "[链接](<javascript:__xyHit({n})>)",
    "[链接](vbscript:__xyHit({n}))",
    "[链接](data:text/html;base64,PHNjcmlwdD5fX3h5SGl0KDApPC9zY3JpcHQ+)",
    "[链接](data:text/html,<script>__xyHit({n})</script>)",
    "![图](javascript:__xyHit({n}))",
    "[引用链接][r{n}]\n\n[r{n}]: javascript:__xyHit({n})",
    "<javascript:__xyHit({n})>",
    '段落\n{: onclick="__xyHit({n})" onmouseover="__xyHit({n})" }',
    '## 标题 {: autofocus onfocus="__xyHit({n})" tabindex="1" }',
    '[链接](#){: href="javascript:__xyHit({n})" }',
    '[链接](#){: onclick="__xyHit({n})" style="background:url(javascript:__xyHit({n}))" }',
    '![图](x.png){: onerror="__xyHit({n})" }',
    '<div markdown="1" onclick="__xyHit({n})">**粗体**</div>',
    "<div markdown>\n<script>__xyHit({n})</script>\n\n[链接](javascript:__xyHit({n}))\n</div>",
    '<div markdown="1">\n段落\n{: onclick="__xyHit({n})" }\n</div>',
    "<details open ontoggle=__xyHit({n})><summary>x</summary>内容</details>",
    '??? note "<img src=x onerror=__xyHit({n})>"\n    内容',
    '!!! note "<img src=x onerror=__xyHit({n})>"\n    内容 [链接](javascript:__xyHit({n}))',
    "```html\n<script>__xyHit({n})</script>\n```",
    "| 甲 | 乙 |\n|---|---|\n| <img src=x onerror=__xyHit({n})> | [链接](javascript:__xyHit({n})) |",
    "脚注[^f{n}]\n\n[^f{n}]: <script>__xyHit({n})</script>",
    "- [ ] <img src=x onerror=__xyHit({n})>",
    "<form action=javascript:__xyHit({n})><button>提交</button></form>",
    '<a href="&#106;avascript:__xyHit({n})">链接</a>',
    '<a href="  javascript:__xyHit({n})">链接</a>',
    '<svg><a xlink:href="javascript:__xyHit({n})"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=__xyHit({n})>",
    "<style>body{background:url(javascript:__xyHit({n}))}</style>",
    '<p style="background:url(javascript:__xyHit({n}))">段落</p>',
    "<input autofocus onfocus=__xyHit({n})>",
    "<iframe srcdoc='<script>parent.__xyHit({n})</script>'></iframe>",
    '<meta http-equiv=refresh content="0;url=javascript:__xyHit({n})">',
    "<base href=javascript:__xyHit({n})//>",
    "<object data=javascript:__xyHit({n})></object>",
    "<!--><script>__xyHit({n})</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=__xyHit({n})>">',
    "<textarea></textarea><script>__xyHit({n})</script>",
    "<template><script>__xyHit({n})</script></template>",
]
# Pieces the fuzzer mixes around a payload: quotes, brackets, entities, separators, odd Unicode.
FRAGMENTS = [
    "<",
    ">",
    '"',
    "'",
    "&",
    "/",
    "=",
    "`",
    "\\",
    " ",
    "\t",
    "\n",
    "</",
    "/>",
    "<!--",
    "-->",
    "]]>",
    "</title>",
    "</script>",
    "<b>",
    "&amp;",
    "&lt;",
    "&#x3C;",
    "%3C",
    "＜",
    "＞",
    "\u2028",
    "\u202e",
    "\u200b",
    "\ufeff",
    "javascript:",
    "onerror=",
    "情绪",
    "课程",
    "活动",
    "辅导",
    "·",
    "、",
    "，",
    "${1}",
    "{{",
    "}}",
    "{%",
    "#",
    "*",
]


def payload(template: str, n: int) -> str:
    """The template with its slot number (``str.replace``: templates carry braces of their own)."""
    return template.replace("{n}", str(n))


def body_of(site: HostileSite, where: str, templates: list[str]) -> str:
    """A Markdown body holding each template (blank lines between), each with its own slot."""
    return "\n\n".join(payload(t, site.slot(f"{where}: {t[:40]}")) for t in templates) + "\n"


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml's ``!ENV`` and friends as nothing."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)
ROUND = "2025"


def sample_config() -> str:
    """The sample site's xinyu options (every collection it declares, the programme pages) and Markdown
    extensions (attr_list, md_in_html …), with a selection round, at a test address."""
    sample = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    options = next(p["xinyu"] for p in sample["plugins"] if isinstance(p, dict) and "xinyu" in p)
    options = {**options, "rounds": {ROUND: {"title": "2025年度优秀案例评选", "level": "区级", "criteria": [{"name": "总分", "max": 100}]}}}
    base = yaml.safe_load(MINIMAL_CONFIG)
    config = {**base, "plugins": [{"xinyu": options}], "markdown_extensions": sample["markdown_extensions"]}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


MARKDOWN_CONFIG = sample_config()


@dataclass(frozen=True)
class TextField:
    """One free-text value of a collection's items (``collection="authors"``: of a registry person)."""

    collection: str
    path: tuple  # ("speakers", 0, "name"); list items are index 0
    max_length: int | None = None

    @property
    def name(self) -> str:
        return ".".join(str(p) for p in self.path)


@dataclass
class Fields:
    """A site's text fields: free ones (fuzzed) and the ones a pattern, enum or vocabulary fixes."""

    free: list[TextField] = field(default_factory=list)
    fixed: list[TextField] = field(default_factory=list)
    vocabularies: set[str] = field(default_factory=set)


def schema_fields(site_root: Path) -> Fields:
    """Every string leaf of every collection's schema, and the registry's person fields."""
    from xinyu.content.groups import MAX_TEXT as GROUP_TEXT
    from xinyu.content.people import FIELDS as PERSON_FIELDS
    from xinyu.content.schema import load_schema

    found = Fields()
    for name, spec in collections(site_root).items():
        for key, prop in load_schema(spec.schema, site_root).get("properties", {}).items():
            _leaves(name, prop, (key,), found)
    found.free += [TextField("authors", (key,)) for key in sorted(PERSON_FIELDS)]
    found.free += [TextField("groups", (key,), limit) for key, limit in GROUP_TEXT.items()]
    return found


def collections(site_root: Path) -> dict:
    """The site's collections: those it declares, and every default one (in use once it holds an item)."""
    from xinyu.content.site import DEFAULT_COLLECTIONS, collection_spec, load_site

    return {**{name: collection_spec(name, None) for name in DEFAULT_COLLECTIONS}, **load_site(site_root / "mkdocs.yml").collections}


def _leaves(collection: str, prop: dict, path: tuple, found: Fields, attachment: bool = False) -> None:
    """Sort the string leaves under ``prop``; an attachment's file name (``attachment``) is the file policy's."""
    if "x-vocabulary" in prop:
        found.vocabularies.add(prop["x-vocabulary"])
        found.fixed.append(TextField(collection, path))
        return
    attachment = attachment or bool(prop.get("x-attachment") or prop.get("x-attachments"))
    for branch in prop.get("oneOf") or prop.get("anyOf") or [prop]:
        kinds = branch.get("type") if isinstance(branch.get("type"), list) else [branch.get("type")]
        for key, sub in (branch.get("properties") or {}).items() if "object" in kinds else ():
            if attachment and key == "file":
                found.fixed.append(TextField(collection, path + (key,)))
            else:
                _leaves(collection, sub, path + (key,), found)
        if "array" in kinds and isinstance(branch.get("items"), dict):
            _leaves(collection, branch["items"], path + (0,), found, attachment)
        if "string" in kinds:
            constrained = attachment or any(k in branch for k in ("pattern", "enum", "const", "format"))
            (found.fixed if constrained else found.free).append(TextField(collection, path, branch.get("maxLength")))


# -- writing a hostile site ------------------------------------------------------------------------


class HostileSite:
    """A site in a folder whose values come from the tests; ``slots`` maps each payload's n to where it went."""

    def __init__(self, root: Path, config: str = MARKDOWN_CONFIG):
        self.root = root
        self.slots: dict[int, str] = {}
        self.values: dict[tuple, str] = {}  # (collection, *path) → the text an item got there
        self.write("mkdocs.yml", config)
        self.vocabulary = shipped_vocabulary()
        self.write("data/vocabulary.yml", yaml.safe_dump(self.vocabulary, allow_unicode=True, sort_keys=False))
        # The sample registry: the schemas' examples name its people (zhou-min, li-mingyuan).
        self.people: dict[str, dict] = yaml.safe_load((ROOT / "data/authors.yml").read_text(encoding="utf-8"))
        self.person("zhou-min", self.people["zhou-min"])
        self.groups: dict[str, dict] = {}
        self.schools: dict[str, list] = yaml.safe_load((ROOT / "data/schools.yml").read_text(encoding="utf-8"))
        self.write("docs/index.md", "---\ntitle: 首页\n---\n# 首页\n")

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def slot(self, where: str) -> int:
        n = len(self.slots) + 1
        self.slots[n] = where
        return n

    def item(self, collection: str, slug: str, values: dict[tuple, str], body: str = "正文。\n") -> None:
        """An item valid by its schema's examples, with ``values`` at their paths (lists get the value first)."""
        from xinyu.content.schema import load_schema

        spec = collections(self.root)[collection]
        props = load_schema(spec.schema, self.root).get("properties", {})
        data: dict[str, Any] = {key: prop["x-example"] for key, prop in props.items() if "x-example" in prop}
        for path, text in values.items():
            _put(data, path, text, props)
            self.values[(collection, *path)] = text
        folder = f"{spec.source}/{slug}"
        self.write(f"{folder}/index.md", "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body)
        for name in _attachment_files(data, props):
            self.file(f"{folder}/{name}")
        for name in set(re.findall(r"\]\(([^()/:#\s]+\.png)\)", body)):  # a picture the payload shows is there:
            self.write(f"{folder}/{name}", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # the item is published, its markup tested

    def file(self, rel: str) -> None:
        """An attachment with real content for its extension."""
        kind = rel.rsplit(".", 1)[-1].lower()
        content = {"pdf": minimal_pdf(), "docx": minimal_docx(), "mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64}.get(kind, minimal_pdf())
        self.write(rel, content)

    def person(self, person_id: str, values: dict[str, str]) -> None:
        self.people[person_id] = values
        self.write("data/authors.yml", yaml.safe_dump(self.people, allow_unicode=True, sort_keys=False))

    def group(self, group_id: str, values: dict[str, str]) -> None:
        """A group of the groups registry (hosted by zhou-min), with these values."""
        self.groups[group_id] = {"name": group_id, "host": "zhou-min", "members": ["li-mingyuan"], **values}
        self.write("data/groups.yml", yaml.safe_dump(self.groups, allow_unicode=True, sort_keys=False))

    def school(self, name: str) -> None:
        """A school of the district's schools list (site configuration, printed by the statistics page)."""
        self.schools[name] = []
        self.write("data/schools.yml", yaml.safe_dump(self.schools, allow_unicode=True, sort_keys=False))

    def page(self, rel: str, meta: dict[str, str], body: str) -> None:
        """A page of docs/ outside the collections (checked and sanitised like an item)."""
        self.write(f"docs/{rel}", "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body)

    def round_results(self, rows: list[dict[str, Any]]) -> None:
        """The selection round's results as `xinyu round results` keeps them (values copied from the
        items it ranked): its results page (rounds/2025/) lists every row."""
        results = {"announced": "2025-07-01", "notice_until": "2025-07-08", "submissions": len(rows), "ranking": rows}
        self.write(f"data/rounds/{ROUND}.yml", yaml.safe_dump({"results": results}, allow_unicode=True, sort_keys=False))

    def term(self, vocabulary: str, term: str) -> None:
        """A vocabulary term (site configuration; printed like any value)."""
        terms = self.vocabulary[vocabulary]["terms"]
        if isinstance(terms, list):
            terms.append(term)
        else:
            terms[term] = []
        self.write("data/vocabulary.yml", yaml.safe_dump(self.vocabulary, allow_unicode=True, sort_keys=False))

    def build(self, *, serve: bool = False) -> list[str]:
        """Build in this process (so a test can switch the teaching layer off); the content errors, one a line.

        ``serve`` builds as ``mkdocs serve`` does: every page shows the error banner.
        """
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"))
        plugin = config.plugins["xinyu"]
        plugin.is_serve = serve
        build(config)
        return [p.format() for p in plugin.library.problems() if p.is_error]

    @property
    def out(self) -> Path:
        return self.root / "site"


def shipped_vocabulary() -> dict:
    """Every list the package ships (the site's own vocabulary file, when written, must hold them all)."""
    from xinyu.content.site import BUILTIN_DATA

    lists: dict = {}
    for path in sorted(BUILTIN_DATA.glob("*.yml")):
        lists.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return lists


def _put(data: dict, path: tuple, text: str, props: dict) -> None:
    """Set ``text`` at ``path`` (``props``: the schema's properties at this level).

    ``(key, 0)`` goes in front of the list's values; ``(key, 0, sub)`` into its first mapping.
    """
    key, rest = path[0], path[1:]
    prop = props.get(key, {})
    if not rest:
        data[key] = text
    elif rest == (0,):
        data[key] = [text, *_as_list(data.get(key))]
    elif rest[0] == 0:
        items = _as_list(data.get(key))
        at = next((i for i, v in enumerate(items) if isinstance(v, dict)), None)
        if at is None:
            items, at = [*items, {}], len(items)
        items[at] = dict(items[at])
        _put(items[at], rest[1:], text, _object_properties(prop.get("items", {})))
        data[key] = items
    else:
        target = dict(data[key]) if isinstance(data.get(key), dict) else ({"file": f"{key}.pdf"} if prop.get("x-attachment") else {})
        _put(target, rest, text, _object_properties(prop))
        data[key] = target


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list) else ([] if value is None else [value])


def _object_properties(prop: dict) -> dict:
    for branch in [prop, *prop.get("oneOf", []), *prop.get("anyOf", [])]:
        if branch.get("properties"):
            return branch["properties"]
    return {}


def _attachment_files(data: dict, props: dict) -> Iterator[str]:
    for key, prop in props.items():
        value = data.get(key)
        if prop.get("x-attachments") and isinstance(value, list):
            yield from (v["file"] for v in value if isinstance(v, dict) and "file" in v)
        elif prop.get("x-attachment") and isinstance(value, dict) and "file" in value:
            yield value["file"]


def teaching_layer_off(monkeypatch) -> None:
    """Let markup and hidden characters through `check` (the teaching layer) so that the output layer alone is tested.

    ``raising=False``: on a version without these checks the patch does nothing.
    """
    import xinyu.content.docs
    import xinyu.content.groups
    import xinyu.content.people
    import xinyu.content.schema
    import xinyu.content.schools
    import xinyu.content.vocabulary
    import xinyu.guard

    for module in (xinyu.content.schema, xinyu.content.people, xinyu.content.groups, xinyu.content.docs, xinyu.content.schools,
                   xinyu.content.vocabulary):  # fmt: skip
        monkeypatch.setattr(module, "markup_in", lambda text: None, raising=False)
    monkeypatch.setattr(xinyu.guard, "scan_markup", lambda text: [], raising=False)
    import xinyu.content.source  # hidden characters (bidi overrides, controls, U+2028) too: refused and taken out there

    monkeypatch.setattr(xinyu.content.source, "hidden_in", lambda text, keep="": [], raising=False)


# -- scanning the built site -----------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "srcset", "ping", "cite", "xlink:href", "codebase"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "foreignobject", "animate", "set"}
SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|livescript)\s*:", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _attribute_name(name: object) -> str:
    return str(name).rsplit("}", 1)[-1].lower() if "xlink" not in str(name) else "xlink:" + str(name).rsplit("}", 1)[-1].lower()


LINK_RELS = {"stylesheet", "icon", "canonical", "prev", "next", "alternate feed"}


def scan_html(text: str, allowed: set[str]) -> list[str]:
    """Executable markup in a page as a browser parses it: a script or style not in ``allowed``
    (the clean build's), an element that runs or embeds, an event handler, a script URL."""
    root = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for element in root.iter():
        tag = _local(element.tag)
        attributes = {_attribute_name(k): v for k, v in element.attrib.items()}
        if tag in ("script", "style") and identity(element) not in allowed:
            found.append(f"<{tag}> {identity(element)[:80]!r}")
        elif tag in FORBIDDEN_ELEMENTS or (tag == "meta" and "http-equiv" in attributes):
            found.append(f"<{tag} {' '.join(attributes)}>")
        elif tag == "link" and attributes.get("rel", "").lower() not in LINK_RELS:
            found.append(f"<link rel={attributes.get('rel')!r}>")
        found += [f"<{tag} {name}={value[:50]!r}>" for name, value in attributes.items() if _runs(tag, name, value)]
    return found


def _runs(tag: str, name: str, value: str) -> bool:
    """An attribute that runs script: a handler, a script URL, inline documents, script in CSS.

    An image's ``data:image/…`` source is a picture (the print QR code): an image never runs script.
    """
    if name.startswith("on") or name == "srcdoc":
        return True
    if name in URL_ATTRIBUTES:
        url = _INVISIBLE.sub("", html.unescape(value))
        return bool(SCRIPT_SCHEME.match(url)) and not (tag == "img" and name == "src" and url.lower().startswith("data:image/"))
    return name == "style" and bool(re.search(r"expression\(|javascript:|@import|url\(", value, re.I))


def identity(element) -> str:
    """A script or style by what it runs: its src, its inline text (JSON data blocks by type and id)."""
    if _local(element.tag) == "style":
        return "style:" + (element.text or "").strip()
    src = element.get("src")
    if src is not None:
        return "src:" + re.sub(r"^(\.\./)+|\?.*$", "", src)
    if element.get("type") == "application/json":
        return f"json:{element.get('id')}"
    return "inline:" + (element.text or "").strip()


def page_scripts(text: str) -> set[str]:
    root = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return {identity(e) for e in root.iter() if _local(e.tag) in ("script", "style")}


def scan_xml(text: str, _allowed: set[str]) -> list[str]:
    """Feeds and the sitemap: well-formed, and no content a reader would render as HTML."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    found = []
    for element in root.iter():
        if element.get("type") in ("html", "xhtml") and _local(element.tag) != "link":
            found.append(f"<{_local(element.tag)} type={element.get('type')}>")
        if _local(element.tag) == "link" and SCRIPT_SCHEME.match(element.get("href", "")):
            found.append(f"<link href={element.get('href')!r}>")
    return found


def scan_svg(text: str, allowed: set[str]) -> list[str]:
    """An SVG file opened on its own runs its scripts: none, no handlers, no script URLs."""
    return [f for f in scan_html(f"<!doctype html><body>{text}</body>", set()) if f]


def scan_csv(text: str, _allowed: set[str]) -> list[str]:
    """A cell Excel would run as a formula (CSV injection)."""
    return [
        f"cell {cell[:40]!r}"
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))
        for cell in row
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
    ]


def scan_xlsx(path: Path) -> list[str]:
    """A workbook cell that is a formula: a spreadsheet would run it."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate} {str(cell.value)[:40]!r}"
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def scan_json(text: str, _allowed: set[str]) -> list[str]:
    try:
        json.loads(text)
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    return []


def scan_search_data(text: str, _allowed: set[str]) -> list[str]:
    """A search data file is one call with one JSON literal; nothing can end it early."""
    match = re.fullmatch(r'__xinyuSearchData\("[\w./-]+",(.*)\);\n?', text, re.S)
    if not match:
        return ["search data file is not a single __xinyuSearchData call"]
    found = scan_json(match.group(1), set())
    if "\u2028" in text or "\u2029" in text:
        found.append("raw U+2028/U+2029 in a script file")
    return found


Scanner = Callable[[str, set[str]], list[str]]
SCANNERS: dict[str, Scanner] = {
    ".html": scan_html,
    ".htm": scan_html,
    ".xhtml": scan_html,
    ".svg": scan_svg,
    ".xml": scan_xml,
    ".csv": scan_csv,
    ".json": scan_json,
}


def scan_site(site_dir: Path, allowed_scripts: set[str]) -> dict[str, list[str]]:
    """Findings per built file (relative path), for every file kind a browser or spreadsheet might run."""
    findings = {}
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".xlsx":
            findings.update({rel: found} if (found := scan_xlsx(path)) else {})
            continue
        scanner = scan_search_data if rel.startswith("search/") and path.suffix == ".js" else SCANNERS.get(path.suffix.lower())
        if scanner is None or not path.is_file():
            continue
        found = scanner(path.read_text(encoding="utf-8-sig", errors="replace"), allowed_scripts)
        if found:
            findings[rel] = found
    return findings


def baseline_scripts(site_dir: Path) -> set[str]:
    """The scripts a clean build's pages carry (the theme's and ours): anything else was injected."""
    scripts: set[str] = set()
    for path in site_dir.rglob("*.html"):
        scripts |= page_scripts(path.read_text(encoding="utf-8"))
    return scripts


# -- the browser ----------------------------------------------------------------------------------

INIT = "window.__xyHits = []; window.__xyHit = function (n) { window.__xyHits.push(String(n)); };"
TWO_FRAMES = (
    "() => new Promise(done => { setTimeout(done, 5000); requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))); })"
)


def run_pages(
    browser, base_url: str, urls: list[str], settle_ms: int = 200, wait_for: str | None = None, tabs: int = 6
) -> dict[str, list[str]]:
    """Open each URL (relative to ``base_url``); the __xyHit calls and dialogs each one caused.

    Pages load ``tabs`` at a time (most of a page's time is waiting), then settle together so
    that late handlers (onerror, ontoggle, autofocus) have fired. ``wait_for``: a selector each
    page must show (search results, say) before it is judged.
    """
    context = browser.new_context()
    context.add_init_script(INIT)
    hits: dict[str, list[str]] = {}
    try:
        pages = [context.new_page() for _ in range(min(tabs, len(urls)) or 1)]
        dialogs: dict[object, list[str]] = {page: [] for page in pages}
        for page in pages:
            page.on("dialog", lambda d, page=page: (dialogs[page].append(d.message), d.dismiss()))
        for start in range(0, len(urls), len(pages)):
            batch = list(zip(pages, urls[start : start + len(pages)], strict=False))
            for page, url in batch:
                dialogs[page].clear()
                page.goto(base_url + url, wait_until="commit")
            for page, _url in batch:
                page.wait_for_load_state("load")
                if wait_for:
                    page.wait_for_selector(wait_for, timeout=30_000)
                page.evaluate(TWO_FRAMES)  # autofocus and ontoggle run at a rendering, late on a loaded machine
            pages[0].wait_for_timeout(settle_ms)
            for page, url in batch:
                fired = [str(h) for h in page.evaluate("window.__xyHits || []")] + [f"dialog:{m}" for m in dialogs[page]]
                if fired:
                    hits[url] = fired
    finally:
        context.close()
    return hits


CANARY = """<!doctype html><title>canary</title>
<script>__xyHit("script")</script><img src=x onerror=__xyHit("onerror")><svg onload=__xyHit("onload")></svg>
<details open ontoggle=__xyHit("ontoggle")><summary>x</summary></details><input autofocus onfocus=__xyHit("autofocus")>
<script>alert("alert")</script>"""
CANARY_HITS = {"script", "onerror", "onload", "ontoggle", "autofocus", "dialog:alert"}


def plant_canary(site_dir: Path) -> str:
    """A page that runs every kind of payload: the browser pass must report each (it can see what runs)."""
    (site_dir / "__canary__").mkdir(exist_ok=True)
    (site_dir / "__canary__" / "index.html").write_text(CANARY, encoding="utf-8")
    return "__canary__/"


def page_urls(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, as a URL relative to the site root."""
    out = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        out.append(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
    return out
