"""What the search index knows about one item, and cheap Markdown → text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


@dataclass
class SearchAttachment:
    """An attachment whose text is searched: read from ``path`` in the indexing process, or given.

    ``chunks`` are ``(where, text)`` pairs (第 2 页, 第 3 张幻灯片 …), only text a reader of the
    file sees; ``url`` is the file's address relative to the site root.
    """

    title: str
    url: str
    path: str = ""
    chunks: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SearchDoc:
    """One published collection item, as the search index sees it.

    ``url`` is relative to the site root (``cases/x/``) so the site works under
    a sub-path; ``facets`` maps a facet key (``grade``, ``topics``, ``type``,
    ``year`` …) to its normalised values.
    """

    url: str
    collection: str
    collection_label: str
    title: str
    summary: str = ""
    text: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    school: str = ""
    tags: list[str] = field(default_factory=list)
    date: str = ""  # YYYY-MM-DD or YYYY-MM: newest first among equal scores
    attachments: list[SearchAttachment] = field(default_factory=list)


_FENCE = re.compile(r"^(```|~~~)[^\n]*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>\n]{1,400}>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_ATTR_LIST = re.compile(r"\{\s*[:#.][^}\n]*\}")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$', re.M)
_LINE_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)", re.M)
_EMPHASIS = re.compile(r"(?=[*_~=^`])(?:\*{1,3}|_{2,3}|~~|==|\^\^|`+)")  # the lookahead: found 3x faster
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$", re.M)
_PIPES = re.compile(r"\s*\|\s*")
_SPACES = re.compile(r"[ \t\u3000]+")
_BLANKS = re.compile(r"\n{2,}")
# In order: (pattern, replacement, texts one of which every match holds). A text holding none of them is left as it
# is without running the pattern: most items' text has no links, tags, tables or emphasis.
_STEPS = (
    (_COMMENT, " ", ("<!--",)),
    (_FENCE, "", ("```", "~~~")),
    (_ADMONITION, lambda m: m.group(1) or "", ("!!!", "???")),
    (_IMAGE, r"\1", ("![",)),
    (_LINK, r"\1", ("](",)),
    (_REF_LINK, r"\1", ("][",)),
    (_REF_DEF, "", ("]:",)),
    (_TAG, " ", ("<",)),
    (_ATTR_LIST, "", ("{",)),
    (_TABLE_RULE, "", ("--",)),
    (_LINE_MARKS, "", ("#", ">", "-", "*", "+", ".", ")")),
    (_EMPHASIS, "", ("*", "__", "~~", "==", "^^", "`")),
    (_PIPES, " ", ("|",)),
)


def plain_text(markdown: str) -> str:
    """Markdown (after front matter) → readable plain text, cheaply, with regular expressions.

    Good enough for indexing and excerpts: markup, link targets, HTML tags,
    attribute lists and heading marks go; words and line breaks stay.
    """
    text = markdown
    for pattern, replacement, needles in _STEPS:
        if any(needle in text for needle in needles):
            text = pattern.sub(replacement, text)
    text = html.unescape(text)
    if "  " in text or "\t" in text or "\u3000" in text:  # else _SPACES would put a space for a space
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return _BLANKS.sub("\n", text).strip()
