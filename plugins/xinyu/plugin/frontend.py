"""What the browser gets beside the HTML: our CSS and JS minified, and the handout's QR code.

Both are made at build time with PyPI libraries and nothing fetched: rjsmin and rcssmin
(small, long-kept minifiers by the same author, no Node needed) keep the readable sources
in the repository; segno (pure Python) draws the QR code as an SVG data URI, so the printed
page carries it without any extra file or request.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import rcssmin
import rjsmin
import segno


def minified(path: Path) -> str | None:
    """The minified text of a .js or .css file (None for other files: they are copied as they are)."""
    return _minified(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _minified(path: Path, _mtime: int) -> str | None:
    if path.suffix == ".js":
        return rjsmin.jsmin(path.read_text(encoding="utf-8"), keep_bang_comments=False)
    if path.suffix == ".css":
        return rcssmin.cssmin(path.read_text(encoding="utf-8"))
    return None


@lru_cache(maxsize=20000)
def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI (black on white, with the standard quiet zone).

    The mask is fixed: choosing the best of eight costs ~10 ms an item page, and any mask scans.
    """
    code = segno.make(url, error="m", micro=False, mask=0, boost_error=False)
    return svg_data_uri(code.matrix)


_PERCENT = {c: quote(chr(c), safe="") for c in range(128)}  # the SVG below is ASCII: quote() by table
_DARK = re.compile(b"\x01+")


def svg_data_uri(matrix, border: int = 4) -> str:
    """segno's ``svg_data_uri(border=border, omitsize=True, nl=False, xmldecl=False)``, the same bytes at half the
    cost (an item page's QR code on a cold build): one path of horizontal runs of dark modules, each move
    relative to the end of the last run, percent-encoded."""
    moves: list[str] = []
    at_x, at_y, y = 0, 0.0, border - 0.5
    for row in matrix:
        y += 1
        for run in _DARK.finditer(row):
            start, end, dy = run.start() + border, run.end() + border, y - at_y
            moves.append(f"{'m' if moves else 'M'}{start - at_x} {int(dy) if int(dy) == dy else dy}h{end - start}")
            at_x, at_y = end, y
    size = len(matrix) + 2 * border
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {size} {size}' class='segno'>"
        f"<path class='qrline' stroke='#000' d='{''.join(moves)}'/></svg>"
    )
    return "data:image/svg+xml;charset=utf-8," + svg.translate(_PERCENT)


# pymdownx.tasklist writes `<li class="task-list-item"><input type="checkbox" disabled/> text`: a checkbox
# with no name. Its inline text (up to the item's end or the first block inside it) becomes its <label>.
_TASK = re.compile(
    r'(<li class="task-list-item">(?:\s*<p>)?\s*)(<input type="checkbox"[^>]*>)(.*?)(?=</p>|</li>|<(?:ul|ol|p|div|pre|table|blockquote)\b)',
    re.S,
)


def label_task_lists(html: str) -> str:
    """Give every task-list checkbox the item's text as its label (WCAG 4.1.2)."""
    if "task-list-item" not in html:
        return html
    return _TASK.sub(r'\1<label class="task-list-label">\2\3</label>', html)
