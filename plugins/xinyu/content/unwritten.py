"""Parts of an item's body not written yet: a section (a Markdown heading) with nothing under it but hints.

``xinyu new`` writes each section of the collection's template as a heading and an HTML comment with what to
write there (cli/scaffold.py); readers never see the comment. A case saved as it came out of the template checked
clean and was published as a page of empty headings. Each such section, and a body that is nothing but hints, is
a warning at its line. A heading whose sections below it hold the text (a ``##`` over ``###``) is written; a body
without any hint or heading (a short note) is left alone.
"""

from __future__ import annotations

import re

from .problems import BODY, Problem, warning

COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HINT = "\0"  # where a comment stood, once comments are taken out (line count kept)


def unwritten(rel: str, body: str, body_line: int) -> list[Problem]:
    """Warnings for the sections of ``body`` (starting at file line ``body_line``) that hold only hints or nothing."""
    if "<!--" not in body and "#" not in body:
        return []
    text = COMMENT.sub(lambda m: HINT + "\n" * m.group().count("\n"), body)
    sections: list[list] = [[0, "", 0, False, False]]  # level, title, line index, has text, has hint (before any heading: level 0)
    fence = ""
    for i, line in enumerate(text.split("\n")):
        opened = FENCE.match(line)
        if fence:
            fence = "" if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) else fence
            sections[-1][3] = True  # code is text
            continue
        if opened:
            fence = opened.group(1)
            sections[-1][3] = True
            continue
        heading = HEADING.match(line)
        if heading:
            sections.append([len(heading.group(1)), (heading.group(2) or "").strip(), i, False, False])
        elif line.replace(HINT, "").strip():
            sections[-1][3] = True
        elif HINT in line:
            sections[-1][4] = True
    found = []
    if len(sections) == 1:
        level, _, _, has_text, has_hint = sections[0]
        if has_hint and not has_text:
            message = "正文还没有写：这里只有模板的提示（<!-- … --> 里的文字，读者看不到）。请写好正文，写好后删去提示。"
            found.append(warning(rel, body_line, BODY, message))
        return found
    for n, (level, title, i, has_text, _) in enumerate(sections):
        if level == 0 or has_text:
            continue
        below = sections[n + 1][0] if n + 1 < len(sections) else 0
        if below > level:
            continue  # its sub-sections hold the text
        name = f"“{title}”这一节" if title else "这个小标题下"
        message = f"{name}还没有内容（只有模板的提示或什么也没有）。请写好这一节，或者删掉这个小标题；写好后删去 <!-- … --> 提示。"
        found.append(warning(rel, body_line + i, BODY, message))
    return found
