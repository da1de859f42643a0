"""Parts of an item's body not written yet: a section (a Markdown heading) with nothing under it but hints.

``xinyu new`` writes each section of the collection's template as a heading and an HTML comment with what to
write there (cli/scaffold.py); readers never see the comment. A case saved as it came out of the template checked
clean and was published as a page of empty headings. Each such section, and a body that is nothing but hints, is
a warning at its line. A heading whose sections below it hold the text (a ``##`` over ``###``) is written; a body
without any hint or heading (a short note) is left alone.

Headings are what Python-Markdown (MkDocs) renders as headings: ``#`` to ``######`` at the start of a line, a space
after them or not; not in code fences, nor in a raw HTML block (``<pre>`` … ``</pre>``), whose lines are text.
Read with string methods, line by line: no pattern whose time can grow with the square of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS

from ..guard.markup import COMMENT
from .problems import BODY, Problem, warning

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
RAW_BLOCK = re.compile(r"<([A-Za-z][A-Za-z0-9]*)")  # at a line's start: raw HTML when the tag is a block-level one
BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
HINT = "\0"  # where a comment stood, once comments are taken out (line count kept)


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) of a heading line as Python-Markdown reads one (closing hashes dropped), or None."""
    if not line.startswith("#"):
        return None
    hashes = len(line) - len(line.lstrip("#"))
    level = min(hashes, 6)
    title = line[level:].replace(HINT, "").strip().rstrip("#").strip()
    return level, title


@dataclass
class _Section:
    level: int  # 0: what comes before the first heading
    title: str
    at: int  # line index in the body
    text: bool = False
    hint: bool = False


def unwritten(rel: str, body: str, body_line: int) -> list[Problem]:
    """Warnings for the sections of ``body`` (starting at file line ``body_line``) that hold only hints or nothing."""
    if "<!--" not in body and "#" not in body:
        return []
    text = COMMENT.sub(lambda m: HINT + "\n" * m.group().count("\n"), body)
    sections = [_Section(0, "", 0)]
    fence = raw = ""
    for i, line in enumerate(text.split("\n")):
        if raw:  # inside a raw HTML block: text until its closing tag
            raw = "" if f"</{raw}" in line.lower() else raw
            sections[-1].text = True
            continue
        opened = FENCE.match(line)
        if fence:
            fence = "" if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) else fence
            sections[-1].text = True  # code is text
            continue
        if opened:
            fence = opened.group(1)
            sections[-1].text = True
            continue
        tag = RAW_BLOCK.match(line)
        if tag and tag.group(1).lower() in BLOCK_TAGS:
            name = tag.group(1).lower()
            raw = "" if f"</{name}" in line.lower()[tag.end() :] else name
            sections[-1].text = True
            continue
        heading = _heading(line)
        if heading:
            sections.append(_Section(*heading, i))
        elif line.replace(HINT, "").strip():
            sections[-1].text = True
        elif HINT in line:
            sections[-1].hint = True
    if len(sections) == 1:
        if sections[0].hint and not sections[0].text:
            message = "正文还没有写：这里只有模板的提示（<!-- … --> 里的文字，读者看不到）。请写好正文，写好后删去提示。"
            return [warning(rel, body_line, BODY, message)]
        return []
    found = []
    for section, below in zip(sections, [*sections[1:], None], strict=True):
        if section.level == 0 or section.text or (below is not None and below.level > section.level):
            continue  # written, or its sub-sections hold the text
        name = f"“{section.title}”这一节" if section.title else "这个小标题下"
        message = f"{name}还没有内容（只有模板的提示或什么也没有）。请写好这一节，或者删掉这个小标题；写好后删去 <!-- … --> 提示。"
        found.append(warning(rel, body_line + section.at, BODY, message))
    return found
