"""Where data becomes output for the theme: what Material prints is already safe as text.

Material prints page titles and ``page.meta`` values into HTML without escaping them: the
header, ``<title>`` (through ``striptags``, which turns ``&lt;`` back into ``<``), tabs,
navigation, breadcrumbs, footer links, meta description and author. So before any template
renders, every page's metadata and title are made escaped text (``Markup``), here and only
here. Our own templates escape with ``{% autoescape true %}``; Markup is never escaped twice.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

MAX_DEPTH = 4  # front matter nests a level or two; deeper values are not for the theme
NEEDS_ESCAPING = re.compile(r"[<>&\"']")


def as_text(value: Any, depth: int = 0) -> Any:
    """Every string in a metadata value, keys included, as escaped text; numbers and booleans as they are."""
    if isinstance(value, str):
        return escape(value)  # Markup stays as it is
    if depth >= MAX_DEPTH and isinstance(value, (list, dict)):
        return None  # printed as a whole, its repr would carry raw strings; no theme reads this deep
    if isinstance(value, list):
        return [as_text(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {as_text(k, depth + 1): as_text(v, depth + 1) for k, v in value.items()}
    return value


def hand_to_theme(page) -> None:
    """Make a rendered page's metadata and title text before the theme prints them.

    Front matter (ours included) is text: escaped. Without a title there, MkDocs takes the page's
    first heading as rendered (HTML: tags stripped, entities kept) or its file name, and Material
    prints it raw in the header and through ``striptags`` in ``<title>``. A title with none of
    ``<>&"'`` prints the same every way and is left as it is (a host site's pages stay byte for
    byte the theme's); any other is read as HTML and handed over escaped, as the front-matter title.
    """
    for key, value in list(page.meta.items()):
        page.meta[key] = as_text(value)
    title = page.title
    if not page.meta.get("title") and isinstance(title, str) and NEEDS_ESCAPING.search(title) and not page.is_homepage:
        page.meta["title"] = escape(Markup(title).striptags())
