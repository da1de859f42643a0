"""Unsafe Markdown: raw HTML outside the allow list, event handlers, script URLs.

The body is scanned as a contributor wrote it, so every finding has a line.
Code (fenced blocks, inline code spans) and HTML comments are blanked first:
Markdown shows code as text and the sanitiser drops comments, so neither can
run. The build's sanitiser is the real barrier; this tells the contributor.
"""

from __future__ import annotations

import html
import re

from .findings import Finding
from .html_policy import (
    ALLOWED_TAGS,
    ATTRIBUTE_VALUES,
    DANGEROUS_SCHEMES,
    FORBIDDEN_CLASSES,
    FORBIDDEN_TAGS,
    ID_ATTRIBUTES,
    RESOURCE_ATTRIBUTES,
    URL_ATTRIBUTES,
    allowed_attribute,
    external_url,
    reserved_id,
    unsafe_id,
)

# Only closed fences: Python-Markdown renders an unclosed fence as ordinary text, HTML and all.
# The info string excludes backticks (as in CommonMark). A closing line is the opening run or longer.
FENCE_OPEN = re.compile(r"[ \t>]*(`{3,}|~{3,})[^\n`]*")
FENCE_CLOSE = re.compile(r"[ \t>]*((`+)|(~+))[`~]*[ \t]*")
BACKTICKS = re.compile(r"`+")
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# A tag needs its closing ">" (otherwise Markdown shows it as text); "<https://…>" is an autolink, not a tag.
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
# What follows "[文字](<记录 表.pdf>" (or "[图]: <照片 1.png>"): an optional title, then the link's end.
DESTINATION_END = re.compile(r"[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*')?[ \t]*(?:\)|\n|\Z)")
REFERENCE_START = re.compile(r"[ \t]{0,3}\[[^\]\n]+\]:[ \t]*")
ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
MD_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+)", re.M)
# One starred class between fixed ends: linear (two starred classes around "=" backtracked quadratically).
ATTR_BLOCK = re.compile(r"\{:?([^{}\n]*)\}")
SHORT_ID = re.compile(r"(?:^|\s)#([^\s{}]+)")
CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# pymdownx.snippets' markers (inline ``--8<-- "file"`` and the block form's lines; ``;--8<--`` is its escape). It
# runs before Markdown, so code and comments do not hide it: a site with it on would embed any file of the repository.
SNIPPET = re.compile(r"^[ \t]*(-+8<-+)(?=[ \t]|$)", re.M)


def blank_code(text: str) -> str:
    """The text with code and comments replaced by spaces (offsets and newlines kept)."""
    if "`" not in text and "~~~" not in text and "<!--" not in text:
        return text

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group())

    text = _blank_inline_code(_blank_fences(text))
    return COMMENT.sub(blank, text)


def _blank_inline_code(text: str) -> str:
    """Code spans blanked: a run of backticks up to the next run of the same length on its line.

    Each run's partner is found from the right in one pass (a regex retried every opener to the
    line's end: quadratic on a line of runs of growing length)."""
    if "`" not in text:
        return text
    out = []
    for line in text.split("\n"):
        runs = [m.span() for m in BACKTICKS.finditer(line)]
        partner, seen = [None] * len(runs), {}
        for i in range(len(runs) - 1, -1, -1):
            length = runs[i][1] - runs[i][0]
            partner[i], seen[length] = seen.get(length), i
        pieces, done, i = [], 0, 0
        while i < len(runs):
            j = partner[i]
            if j is None:
                i += 1
                continue
            start, end = runs[i][0], runs[j][1]
            pieces += [line[done:start], " " * (end - start)]
            done, i = end, j + 1
        out.append("".join(pieces) + line[done:])
    return "\n".join(out)


def _blank_fences(text: str) -> str:
    """Closed fenced blocks blanked, line by line in linear time (a regex for them backtracked
    quadratically over many unclosed openers): each opener looks for a closer only when one exists."""
    if "```" not in text and "~~~" not in text:
        return text
    lines = text.split("\n")
    closing = [(m.group(1)[0], len(m.group(2) or m.group(3))) if (m := FENCE_CLOSE.fullmatch(line)) else None for line in lines]
    longest_after = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}  # longest closer below each line
    for i in range(len(lines) - 1, -1, -1):
        for char, after in longest_after.items():
            after[i] = max(after[i + 1], closing[i][1] if closing[i] and closing[i][0] == char else 0)
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.fullmatch(lines[i])
        if m and longest_after[m.group(1)[0]][i + 1] >= len(m.group(1)):
            char, need = m.group(1)[0], len(m.group(1))
            end = next(j for j in range(i + 1, len(lines)) if closing[j] and closing[j][0] == char and closing[j][1] >= need)
            lines[i : end + 1] = [" " * len(line) for line in lines[i : end + 1]]
            i = end
        i += 1
    return "\n".join(lines)


def scan_markup(text: str) -> list[Finding]:
    """Every unsafe construct in a Markdown text, by position."""
    found = (
        [Finding("markup_include", m.start(1), m.end(1), m.group(1), m.group(1)) for m in SNIPPET.finditer(text)] if "8<" in text else []
    )
    text = blank_code(text)
    if "<" in text:
        for m in TAG.finditer(text):
            if not _link_destination(text, m):
                found += _tag(m)
    if "](" in text or "]:" in text:
        found += _markdown_links(text)
    if "{" in text and "=" in text:
        for m in ATTR_BLOCK.finditer(text):
            if "=" in m.group(1) and not escaped(text, m.start()):
                found += _attributes("", m.group(1), m.start(1), attr_list=True)
    if "{" in text and "#" in text:
        found += _short_ids(text)
    if "[" in text or "<" in text:
        found += _crowded_blocks(text)
    return sorted(found, key=lambda f: f.start)


# Python-Markdown looks for the end of a link (from each "[") or of an inline tag (from each "<" in a
# line of text) to the end of its paragraph: time grows with the square of their number in one block.
# 20,000 "[" in one paragraph took minutes of a build; a real paragraph has a handful.
MAX_IN_BLOCK = 300
BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")
# A line of a raw HTML block (one that opens with a block-level tag) is not parsed inline.
HTML_LINE = re.compile(
    r"^[ \t>]*</?(?:address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|"
    r"h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b.*$",
    re.M | re.I,
)


def _crowded_blocks(text: str) -> list[Finding]:
    found = []
    for m in BLOCK.finditer(text):
        block = m.group()
        for char, count in (("[", block.count("[")), ("<", HTML_LINE.sub("", block).count("<"))):
            if count > MAX_IN_BLOCK:
                at = m.start() + block.index(char)
                found.append(Finding("markup_crowded", at, at + 1, char, f"{count} 个“{char}”"))
    return found


def _link_destination(text: str, m: re.Match[str]) -> bool:
    """A "tag" that is a link's destination in angle brackets, as Typora and VS Code write a file name with a space
    (``![照片](<Photo 1.png>)``): Python-Markdown makes it the link's address, not HTML. Never one with attributes."""
    if m.group(1) or m.group(2).lower() in FORBIDDEN_TAGS or any(c in m.group(3) for c in "=\"'"):
        return False
    end = DESTINATION_END.match(text, m.end())
    if end is None:
        return False
    if text[max(0, m.start() - 20) : m.start()].rstrip(" \t").endswith("]("):
        return end.group().endswith(")")
    line_start = text.rfind("\n", max(0, m.start() - 300), m.start()) + 1
    return not end.group().endswith(")") and REFERENCE_START.fullmatch(text, line_start, m.start()) is not None


def _tag(m: re.Match[str]) -> list[Finding]:
    name = m.group(2).lower()
    if m.group(1):
        return []  # the opening tag was reported; a stray closing tag does nothing
    if name in FORBIDDEN_TAGS:
        return [Finding("markup_forbidden", m.start(), m.end(), name, f"<{name}>")]
    if name not in ALLOWED_TAGS:
        return [Finding("markup_tag", m.start(), m.end(), name, f"<{name}>")]
    return _attributes(name, m.group(3), m.start(3))


def _attributes(tag: str, text: str, offset: int, attr_list: bool = False) -> list[Finding]:
    """Event handlers, script URLs, and (in raw HTML) attributes outside the allow list."""
    found = []
    for m in ATTRIBUTE.finditer(text):
        name, value = m.group(1).lower(), _unquote(m.group(2) or "")
        start, end = offset + m.start(), offset + m.end()
        if name.startswith("on"):
            found.append(Finding("markup_event", start, end, name, name))
        elif (name in URL_ATTRIBUTES or name == "style") and dangerous_url(value):
            found.append(Finding("markup_url", start, end, name, _scheme(value)))
        elif name in RESOURCE_ATTRIBUTES and external_url(value):
            found.append(Finding("markup_external", start, end, name, value[:40]))
        elif name in ID_ATTRIBUTES and reserved_id(value):
            found.append(Finding("markup_id", start, end, name, value[:40]))
        elif name in ID_ATTRIBUTES and unsafe_id(value):
            found.append(Finding("markup_id_chars", start, end, name, value[:40]))
        elif name == "class" and FORBIDDEN_CLASSES & set(value.lower().split()):
            found.append(Finding("markup_attribute", start, end, name, f'{tag or "元素"} class="{value[:20]}"'))
        elif attr_list or name.startswith(("#", ".")):
            continue
        elif not allowed_attribute(tag, name):
            found.append(Finding("markup_attribute", start, end, name, f"<{tag} {name}>"))
        elif name in ATTRIBUTE_VALUES.get(tag, {}) and value.lower() not in ATTRIBUTE_VALUES[tag][name]:
            found.append(Finding("markup_attribute", start, end, name, f'<{tag} {name}="{value[:20]}">'))
    return found


def _short_ids(text: str) -> list[Finding]:
    """``{#id}`` of attr_list: an id the page's scripts use is reported like id="…"."""
    found = []
    for block in ATTR_BLOCK.finditer(text):
        if escaped(text, block.start()):
            continue
        for m in SHORT_ID.finditer(block.group(1)):
            kind = "markup_id" if reserved_id(m.group(1)) else "markup_id_chars" if unsafe_id(m.group(1)) else None
            if kind:
                start = block.start(1) + m.start(1)
                found.append(Finding(kind, start, start + len(m.group(1)), "id", m.group(1)[:40]))
    return found


def escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd run of backslashes: Markdown shows it as itself (\\] \\{)."""
    run = len(text[max(0, at - 64) : at]) - len(text[max(0, at - 64) : at].rstrip("\\"))
    return run % 2 == 1


def _markdown_links(text: str) -> list[Finding]:
    found = []
    for pattern in (MD_LINK, MD_REFERENCE):
        for m in pattern.finditer(text):
            if pattern is MD_LINK and escaped(text, m.start()):
                continue  # \[文字\](…) is text, not a link
            if dangerous_url(m.group(1)):
                found.append(Finding("markup_url", m.start(1), m.end(1), "link", _scheme(m.group(1))))
    for m in MD_IMAGE.finditer(text):
        if external_url(m.group(1)) and not dangerous_url(m.group(1)):
            found.append(Finding("markup_external", m.start(1), m.end(1), "image", m.group(1)[:40]))
    return found


def dangerous_url(value: str) -> bool:
    """javascript:, vbscript:, data: — also when hidden by entities, case or whitespace."""
    cleaned = CONTROL.sub("", html.unescape(value)).lower()
    return cleaned.startswith(DANGEROUS_SCHEMES) or "javascript:" in cleaned or "expression(" in cleaned


def _scheme(value: str) -> str:
    cleaned = CONTROL.sub("", html.unescape(value)).lower()
    for scheme in DANGEROUS_SCHEMES:
        if scheme in cleaned:
            return scheme
    return "expression("


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value
