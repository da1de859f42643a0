"""The converter's HTML tree → Markdown as a teacher would have written it.

Only the small vocabulary mammoth emits is handled: paragraphs, headings, bold,
italic, lists (nested with four spaces, as Python-Markdown needs), tables,
pictures, footnotes, links. Tables become pipe tables; one with merged cells
or with lists inside stays an HTML table (merged cells have no Markdown form),
which the site's HTML policy allows. Text is escaped so nothing in a document
can become markup.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree as ET

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")  # { }: attr_list reads "{: …}" or a heading's "{…}" as attributes
ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"^(\s*)([#>+-]|=+$)", re.M)
FOOTNOTE_REF = re.compile(r"^#footnote-(\d+)$")
FOOTNOTE_BACK = re.compile(r"^#footnote-ref-(\d+)$")


def to_markdown(root: ET.Element) -> str:
    blocks, notes, previous = [], [], ""
    for block in root:
        if block.tag == "ol" and all(li.get("id", "").startswith(("footnote-", "endnote-")) for li in block):
            notes += [_note(li) for li in block]
            continue
        text = _block(block)
        if text.strip():
            if block.tag in ("ul", "ol") and previous in ("ul", "ol"):
                blocks.append("<!-- -->")  # two lists in a row would otherwise read as one
            blocks.append(text)
            previous = block.tag
    if notes:
        blocks.append("\n".join(notes))
    return "\n\n".join(blocks).strip() + "\n"


def _block(element: ET.Element, indent: str = "") -> str:
    tag = element.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "#" * int(tag[1]) + " " + _inline(element).strip()
    if tag in ("ul", "ol"):
        return _list(element, indent)
    if tag == "table":
        return _table(element)
    if tag == "p":
        return LINE_START.sub(r"\1\\\2", _inline(element).strip())
    return _inline(element).strip()


def _list(element: ET.Element, indent: str) -> str:
    lines = []
    for number, item in enumerate((li for li in element if li.tag == "li"), 1):
        marker = f"{number}. " if element.tag == "ol" else "- "
        own = ET.Element("span")
        own.text = item.text
        nested = []
        for child in item:
            if child.tag in ("ul", "ol"):
                nested.append(child)
            else:
                own.append(child)
        first = " ".join(_inline(p).strip() for p in ([own] if not any(c.tag == "p" for c in own) else own)).strip()
        lines.append(f"{indent}{marker}{first}")
        lines += [_list(child, indent + "    ") for child in nested]
    return "\n".join(lines)


def _inline(element: ET.Element) -> str:
    out = [_escape(element.text or "")]
    for child in element:
        out.append(_inline_child(child))
        out.append(_escape(child.tail or ""))
    return "".join(out)


def _inline_child(child: ET.Element) -> str:
    tag = child.tag
    inner = _inline(child)
    if tag in ("strong", "b"):
        return _wrap(inner, "**")
    if tag in ("em", "i"):
        return _wrap(inner, "*")
    if tag in ("s", "del"):
        return _wrap(inner, "~~") if inner.strip() else ""
    if tag == "sup":
        return inner if "[^" in inner else f"<sup>{inner}</sup>"
    if tag == "sub":
        return f"<sub>{inner}</sub>"
    if tag == "br":
        return "<br>"
    if tag == "img":
        return f"![{_escape(child.get('alt', ''))}]({child.get('src', '')})"
    if tag == "a":
        return _link(child, inner)
    if tag == "p":
        return inner + " "
    return inner


def _wrap(inner: str, mark: str) -> str:
    """**bold** with the spaces outside the marks (Markdown ignores `** x**`)."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _link(link: ET.Element, inner: str) -> str:
    href = link.get("href", "")
    ref = FOOTNOTE_REF.match(href)
    if ref:
        return f"[^{ref.group(1)}]"
    if FOOTNOTE_BACK.match(href) or not href or href.startswith("#"):
        return "" if FOOTNOTE_BACK.match(href) else inner
    if not re.match(r"^(https?|mailto):", href, re.I):
        return inner  # file:, javascript: and other schemes: keep the words, drop the link
    return f"[{inner}]({href.replace(' ', '%20').replace(')', '%29')})"


def _note(item: ET.Element) -> str:
    number = re.sub(r"\D", "", item.get("id", "")) or "1"
    return f"[^{number}]: " + " ".join(_inline(p).strip() for p in item if p.tag == "p").strip()


def _escape(text: str) -> str:
    text = ENTITY_LIKE.sub("&amp;", text)
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace("\u00a0", " ")


# -- tables -----------------------------------------------------------------------------------


def _table(table: ET.Element) -> str:
    rows = [[c for c in row if c.tag in ("td", "th")] for row in table.iter("tr")]
    rows = [r for r in rows if r]
    if not rows:
        return ""
    merged = any(c.get("rowspan") or c.get("colspan") for r in rows for c in r)
    complex_cells = any(c.find(".//ul") is not None or c.find(".//ol") is not None for r in rows for c in r)
    widths = {len(r) for r in rows}
    if merged or complex_cells or len(widths) > 1:
        return _html_table(rows)
    lines = ["| " + " | ".join(_cell(c) for c in rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _cell(cell: ET.Element) -> str:
    parts = [_inline(p).strip() for p in cell if p.tag == "p"] or [_inline(cell).strip()]
    return "<br>".join(p for p in parts if p).replace("|", "\\|") or " "


def _html_table(rows: list[list[ET.Element]]) -> str:
    out = ["<table>"]
    for row in rows:
        cells = []
        for cell in row:
            span = "".join(f' {a}="{int(cell.get(a))}"' for a in ("rowspan", "colspan") if (cell.get(a) or "").isdigit())
            cells.append(f"<td{span}>{_html_inline(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _html_inline(element: ET.Element) -> str:
    """Cell content as HTML (Markdown is not read inside an HTML block): text escaped, a few tags kept."""
    out = [html.escape(element.text or "", quote=False)]
    for child in element:
        tag = child.tag
        if tag == "img":
            out.append(f'<img src="{html.escape(child.get("src", ""))}" alt="{html.escape(child.get("alt", ""))}">')
        elif tag in ("strong", "b", "em", "i", "sup", "sub"):
            out.append(f"<{tag}>{_html_inline(child)}</{tag}>")
        elif tag in ("ul", "ol"):
            out.append(f"<{tag}>" + "".join(f"<li>{_html_inline(li)}</li>" for li in child if li.tag == "li") + f"</{tag}>")
        elif tag == "p":
            inner = _html_inline(child)
            out.append(inner + ("<br>" if child is not list(element)[-1] and inner else ""))
        else:
            out.append(_html_inline(child))
        out.append(html.escape(child.tail or "", quote=False))
    return "".join(out)
