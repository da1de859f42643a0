"""Sanitise the rendered HTML of an item, so a non-strict build ships nothing executable."""

from __future__ import annotations

from functools import lru_cache

import nh3

from .html_policy import (
    ALLOWED_TAGS,
    ATTRIBUTE_VALUES,
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
