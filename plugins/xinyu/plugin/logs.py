"""MkDocs' own lines in Chinese, wherever our plugin or the ``xinyu`` command runs MkDocs.

A filter on the handlers of the ``mkdocs`` logger rewrites the lines a teacher sees while
previewing or building (the rest stay as MkDocs writes them), and shows any hidden character
in any line visibly (``content.problems.shown``: a quoted value cannot drive the terminal). The dirty-build warning becomes
an info line under ``serve``: there it is the preview working as meant (our pages track what
they show, see pages.TrackedFile), not something to act on.
"""

from __future__ import annotations

import logging
import re

from mkdocs.utils import CountHandler

from ..content.problems import shown

LINES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Building documentation to directory: (.*)", re.S), "正在构建网站，输出到 {0}"),
    (re.compile(r"Building documentation\.\.\."), "正在构建网站……"),
    (re.compile(r"Cleaning site directory"), "清空输出文件夹"),
    (re.compile(r"Documentation built in ([\d.]+) seconds"), "网站构建完成，用时 {0} 秒"),
    (re.compile(r"Serving on (\S+) and opening it in a browser"), "预览地址：{0}（已在浏览器中打开；按 Ctrl+C 停止）"),
    (re.compile(r"Serving on (\S+)"), "预览地址：{0}（按 Ctrl+C 停止；修改文件后页面自动刷新）"),
    (re.compile(r"Watching paths for changes: (.*)", re.S), lambda m: _watching(m[1])),
    (re.compile(r"Detected file changes"), "发现文件改动，重新构建……"),
    (re.compile(r"Reloading browsers"), "刷新浏览器中的页面"),
    (re.compile(r"Shutting down\.\.\."), "正在停止预览……"),
    (re.compile(r"Browser connected: (\S+)"), "浏览器已连接：{0}"),
    (
        re.compile(r"The directory contains stale files\. Use --clean to remove them\."),
        "输出文件夹里有旧文件；要清除，请去掉 --dirty 重新构建。",
    ),
    (re.compile(r"A 'dirty' build is being performed.*", re.S), "增量预览（--dirty）：只重新生成有改动的页面；正式发布请完整构建。"),
]
DIRTY = LINES[-1][1]


SIGNAL_FOLDER = "xinyu-serve-"  # serving.Watcher's signal file lives in a scratch folder so named


def _watching(listed: str) -> str:
    """MkDocs' list of watched paths, without the plugin's signal file (a temporary file, no business of the
    teacher's): what the plugin watches itself is said in words instead."""
    paths = re.findall(r"'((?:[^'\\]|\\.)*)'", listed) or [listed]
    kept = [p for p in paths if SIGNAL_FOLDER not in p]
    ours = "；各集合、docs/ 和 data/ 文件夹由 xinyu 监视" if len(kept) < len(paths) else ""
    return f"监视这些文件和文件夹的改动：{'、'.join(kept) or '（无）'}{ours}"


def _did_you_mean(suggestion: str | None) -> str:
    return f"您是不是想写“{suggestion}”？" if suggestion else ""


def _link_not_found(m: re.Match[str]) -> str:
    page, link, target, suggestion = m.groups()
    page_link = link.split("#")[0].endswith(".md")
    fix = _did_you_mean(suggestion) or (
        "请检查目录名（链接别的条目写 ../目录名/index.md），或那个条目还没有发布。"
        if page_link
        else "请把文件放进条目的文件夹，或改正路径和文件名（大小写也要一致）。"
    )
    return f"{page}: 正文: 链接或图片“{link}”找不到：网站中没有 {target or link}。{fix}"


def _anchor_here(m: re.Match[str]) -> str:
    page, link, footnote = m.groups()
    what = "一个从未被引用的脚注" if footnote.strip() else "本页中不存在的小标题"
    return f"{page}: 正文: 链接“{link}”指向{what}：请检查 # 后面的部分。"


# MkDocs' link checks (validation: in mkdocs.yml): one line each, as xinyu check writes its own, in Chinese.
_DOC = r"Doc file '(.*?)' contains "
_SUGGEST = r"(?: Did you mean '(.*?)'\?)?"
LINK_LINES: list[tuple[re.Pattern[str], object]] = [
    (
        re.compile(_DOC + r"a link '(.*?)', but the target(?: '(.*?)')? is not found among documentation files\." + _SUGGEST, re.S),
        _link_not_found,
    ),
    (
        re.compile(_DOC + r"a link '(.*?)', but the doc '(.*?)' does not contain an anchor '#(.*?)'\.", re.S),
        "{0}: 正文: 链接“{1}”指向的 {2} 中没有“#{3}”这个小标题：请检查 # 后面的部分（小标题改了名字，链接也要改）。",
    ),
    (re.compile(_DOC + r"a link '(.*?)', but there is no such anchor on this page\.(.*)", re.S), _anchor_here),
    (
        re.compile(_DOC + r"an unrecognized relative link '(.*?)', it was left as is\." + _SUGGEST, re.S),
        lambda m: (
            f"{m[1]}: 正文: 无法识别的链接“{m[2]}”，已原样保留：链接别的条目请写到它的 index.md（如 ../目录名/index.md）。"
            + _did_you_mean(m[3])
        ),
    ),
    (
        re.compile(_DOC + r"an absolute link '(.*?)', it was left as is\." + _SUGGEST, re.S),
        lambda m: f"{m[1]}: 正文: 以 / 开头的链接“{m[2]}”已原样保留：网站放在子路径下时会失效，请改为相对路径。" + _did_you_mean(m[3]),
    ),
    (
        re.compile(_DOC + r"a link to '(.*?)' which is excluded from the built site\.", re.S),
        "{0}: 正文: 链接指向不发布的“{1}”（草稿或被排除的文件），读者打不开：请删除这个链接，或等它发布后再加。",
    ),
]


class LinkLines:
    """Our warnings about an item's links, shown once a build: MkDocs warns about the same link again (without the line).

    Ours is held back; MkDocs' record for that page and link is shown with our text instead, at MkDocs' level (so
    ``validation:`` and ``--strict`` count it as before). What MkDocs never reports is shown at the build's end."""

    OURS = re.compile(r"xinyu: (\S+?):\d+: 正文: 警告：链接(?:或图片)?“(.*?)”", re.S)

    def __init__(self) -> None:
        self.known: dict[str, dict[str, str]] = {}  # link → item path → our line; kept across serve rebuilds
        self.held: dict[tuple[str, str], str] = {}  # (item path, link) → this build's line, not shown yet

    def hold(self, line: str) -> bool:
        match = self.OURS.match(line)
        if match:
            path, url = match.groups()
            self.known.setdefault(url, {})[path] = self.held[path, url] = line
        return match is not None

    def instead(self, page: str, link: str) -> str | None:
        """Our line for MkDocs' warning about ``link`` in ``page`` (docs-relative; ours is site-relative)."""
        for path, line in self.known.get(link, {}).items():
            if path == page or path.endswith("/" + page):
                self.held.pop((path, link), None)
                return line
        return None

    def unshown(self) -> list[str]:
        lines, self.held = list(self.held.values()), {}
        return lines


LINKS = LinkLines()
SHOWN = "xinyu_shown"  # a record's attribute: a held line shown at the end, not held again


def flush_links(log: logging.LoggerAdapter) -> None:
    """Show the held link warnings MkDocs did not report itself (its validation off, or a page it did not build)."""
    for line in LINKS.unshown():
        log.info(line.removeprefix("xinyu: "), extra={SHOWN: True})


class ChineseLines(logging.Filter):
    """Rewrites known MkDocs lines in Chinese; everything else passes unchanged."""

    def __init__(self, serve: bool = False) -> None:
        super().__init__("xinyu-chinese")
        self.serve = serve

    def filter(self, record: logging.LogRecord) -> bool:
        line = record.getMessage()
        if not record.name.startswith("mkdocs.plugins."):  # plugins' own lines (ours are Chinese already)
            line = self.chinese(line, record)
        elif not getattr(record, SHOWN, False) and LINKS.hold(line):
            return False
        # Any line may quote contributors' text (a link target, a title, a file name): shown as text.
        record.msg, record.args = shown(line, keep="\n\t"), None
        return True

    def chinese(self, line: str, record: logging.LogRecord) -> str:
        stamp, message = _split_time(line)
        for pattern, text in LINES + LINK_LINES:
            match = pattern.fullmatch(message)
            if match:
                ours = LINKS.instead(*match.groups()[:2]) if (pattern, text) in LINK_LINES else None
                if ours:
                    return stamp + ours
                if text == DIRTY and self.serve:
                    record.levelno, record.levelname = logging.INFO, "INFO"
                return stamp + (text(match) if callable(text) else str(text).format(*match.groups()))
        return line


_TIME = re.compile(r"(\[\d\d:\d\d:\d\d\] )(.*)", re.S)


def _split_time(message: str) -> tuple[str, str]:
    """The livereload server's lines begin with the time (``[13:53:15] Serving on …``): kept as it is."""
    match = _TIME.fullmatch(message)
    return (match.group(1), match.group(2)) if match else ("", message)


def install(serve: bool = False) -> None:
    """Put the filter on every handler of the ``mkdocs`` logger (once; the latest mode wins), but the one that counts
    warnings for ``--strict`` (a held line is never a warning it would count)."""
    if not serve:
        LINKS.known.clear()  # another build in this process: its own links
    LINKS.held.clear()
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            continue
        for old in [f for f in handler.filters if isinstance(f, ChineseLines)]:
            handler.removeFilter(old)
        handler.addFilter(ChineseLines(serve))
