"""Sanitise the rendered HTML of a page, so a non-strict build ships nothing executable.

``sanitize_html`` is for items: always cleaned. ``sanitize_page`` is for the pages of docs/
(a host site's own pages among them): cleaned the same way, but when the policy has nothing
to take out the page keeps the bytes the theme made.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3

from .html_policy import (
    ALLOWED_TAGS,
    ATTRIBUTE_VALUES,
    BREAKS_ATTRIBUTE,
    FORBIDDEN_CLASSES,
    GLOBAL_ATTRIBUTES,
    ID_ATTRIBUTES,
    RESOURCE_ATTRIBUTES,
    STYLE_PROPERTIES,
    TAG_ATTRIBUTES,
    URL_SCHEMES,
    external_url,
    reserved_id,
)


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        tag_attribute_values={tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer",
        attribute_filter=_same_origin_only,
    )


def _same_origin_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop what would make a reader's browser fetch from elsewhere (intranet; no tracking) or clobber the page's ids."""
    if attribute in RESOURCE_ATTRIBUTES and external_url(value):
        return None
    if attribute in ID_ATTRIBUTES and reserved_id(value):
        return None  # the page's scripts look this id up: content must not take it
    if attribute == "class" and FORBIDDEN_CLASSES & set(value.split()):
        return " ".join(c for c in value.split() if c not in FORBIDDEN_CLASSES) or None
    return value


def sanitize_html(html: str) -> str:
    """Keep only the allow list: no script, no event handler, no javascript:/data: URL, no comment."""
    if not html:
        return html
    return _cleaner().clean(html)


# Every place a browser could start a tag (an over-approximation: inside text or attributes too).
TAG_NAME = re.compile(r"<\s*/?\s*([A-Za-z][^\t\n\f\r />]*)")
# Schemes the mirror keeps, so that a link the policy removes makes the two differ.
ANY_SCHEME = {"http", "https", "mailto", "tel", "ftp", "file", "data", "javascript", "vbscript", "livescript", "blob"}
END = '<div title="xinyu-end">x</div>'  # with text: an open <a> or <b> would be reopened around it


@lru_cache(maxsize=1)
def _mirror() -> nh3.Cleaner:
    """The same parse and serialisation as the policy's, with nothing taken out (attributes, schemes, comments)."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        generic_attribute_prefixes={""},
        attributes={},
        url_schemes=ANY_SCHEME,
        strip_comments=False,
        link_rel="noopener noreferrer",
    )


def sanitize_page(html: str) -> str:
    """The page's HTML as it is when the policy would remove nothing from it, else the cleaned HTML.

    "Nothing" is decided by the same HTML5 parser as the cleaning: only allowed tags (and no comment,
    doctype or CDATA, whose meaning differs inside a whole page), the policy's output equal to the
    mirror's, and nothing left open that would swallow the theme's markup after it.
    """
    clean = sanitize_html(html)
    if not html or "<!" in html or "<?" in html or not {t.lower() for t in TAG_NAME.findall(html)} <= ALLOWED_TAGS:
        return clean
    mirror = _mirror().clean(html)
    if clean != mirror or _mirror().clean(html + END) != mirror + END:
        return clean
    return html


def safe_toc(toc):
    """A page's table of contents (MkDocs' ``page.toc``: items with ``id`` and ``children``) with every id safe where a
    template prints it unescaped: Material's toc partial writes ``href="{{ toc_item.url }}"`` as it is, and an id set
    in the content (``## 小节 { id='a" onmouseover="…' }``) would end the attribute and add a script. Such an id is
    escaped (still the heading's id once the browser reads the attribute); any other is left as it is."""
    for item in toc or ():
        if BREAKS_ATTRIBUTE.search(item.id):
            item.id = html.escape(item.id, quote=True)
        safe_toc(item.children)
    return toc
