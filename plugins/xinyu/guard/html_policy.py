"""The HTML allow list: what contributed raw HTML may use and what a built page may contain.

One list serves both ``xinyu check`` (which reports anything outside it) and
the sanitiser run on every rendered item (which removes it), so the two can
never disagree. It covers what Python-Markdown, pymdown-extensions and
Material emit for content: code highlighting, admonitions, footnotes, tabs,
task lists, heading permalinks.
"""

from __future__ import annotations

import re

ALLOWED_TAGS = frozenset(
    """
    a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure
    h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q rp rt ruby s samp small span strong
    sub summary sup table tbody td tfoot th thead tr u ul var wbr
    """.split()
)
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "target"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "input": frozenset({"checked", "disabled", "name"}),
    "label": frozenset({"for"}),
}
# Attributes allowed only with these values (task lists and content tabs use inputs).
ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {"input": {"type": {"checkbox", "radio"}}}
# Tables from Python-Markdown carry style="text-align: …"; nothing else of CSS is kept.
STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster", "data", "cite", "longdesc"}
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
# Tags that execute, embed or restyle: refused outright, with their own message.
FORBIDDEN_TAGS = frozenset(
    "script iframe frame frameset object embed applet style link meta base form svg math template noscript "
    "textarea button select option portal xml".split()
)


# Attributes that make the browser fetch something: must stay on the site's own origin (intranet).
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background"})
# Classes that make Material's scripts load code from a CDN (mermaid diagrams from unpkg).
FORBIDDEN_CLASSES = frozenset({"mermaid"})


# Element ids and names the page's own scripts look up (Material: #__config, #__search, form fields
# search/query/…; ours: xy-*, xinyu-*, the filter/sort fields, window.__xinyuSearchData). Contributed
# content taking one of them would break those scripts or be read as their data (DOM clobbering).
RESERVED_ID_PREFIXES = ("__", "xy-", "xinyu")
RESERVED_NAMES = frozenset({"filter", "sort", "q", "search", "query", "feedback", "consent"})
# Ids an extension writes into content itself (content tabs): they belong there.
CONTENT_IDS = re.compile(r"^__tabbed_\d+(?:_\d+)?$")
ID_ATTRIBUTES = frozenset({"id", "name"})


def reserved_id(value: str) -> bool:
    """Whether an id or name belongs to the theme or our scripts (case-insensitively, as HTML compares them loosely)."""
    value = value.strip().lower()
    return (value.startswith(RESERVED_ID_PREFIXES) and not CONTENT_IDS.match(value)) or value in RESERVED_NAMES


# Characters that end or leave an attribute value, or split it, where a template prints an id without escaping it
# (Material's table of contents prints "#" + the heading's id into href as it is).
UNSAFE_ID = re.compile(r"[\s\"'<>`\x00-\x1f\x7f]")
BREAKS_ATTRIBUTE = re.compile(r"[\"'<>]")


def unsafe_id(value: str) -> bool:
    """Whether an id or name holds a quote, an angle bracket, a backtick, whitespace or a control character."""
    return UNSAFE_ID.search(value) is not None


def external_url(value: str) -> bool:
    """An absolute or protocol-relative URL: another origin, unreachable on an intranet."""
    value = value.strip().lower()
    return value.startswith(("http:", "https:", "//", "ftp:"))


def allowed_attribute(tag: str, attribute: str) -> bool:
    """Whether raw HTML may carry this attribute on this tag."""
    return attribute in GLOBAL_ATTRIBUTES or attribute in TAG_ATTRIBUTES.get(tag, ()) or attribute in ATTRIBUTE_VALUES.get(tag, {})
