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

from ..content.problems import shown

LINES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Building documentation to directory: (.*)", re.S), "正在构建网站，输出到 {0}"),
    (re.compile(r"Building documentation\.\.\."), "正在构建网站……"),
    (re.compile(r"Cleaning site directory"), "清空输出文件夹"),
    (re.compile(r"Documentation built in ([\d.]+) seconds"), "网站构建完成，用时 {0} 秒"),
    (re.compile(r"Serving on (\S+) and opening it in a browser"), "预览地址：{0}（已在浏览器中打开；按 Ctrl+C 停止）"),
    (re.compile(r"Serving on (\S+)"), "预览地址：{0}（按 Ctrl+C 停止；修改文件后页面自动刷新）"),
    (re.compile(r"Watching paths for changes: (.*)", re.S), "监视这些文件夹的改动：{0}"),
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


class ChineseLines(logging.Filter):
    """Rewrites known MkDocs lines in Chinese; everything else passes unchanged."""

    def __init__(self, serve: bool = False) -> None:
        super().__init__("xinyu-chinese")
        self.serve = serve

    def filter(self, record: logging.LogRecord) -> bool:
        line = record.getMessage()
        if not record.name.startswith("mkdocs.plugins."):  # plugins' own lines (ours are Chinese already)
            line = self.chinese(line, record)
        # Any line may quote contributors' text (a link target, a title, a file name): shown as text.
        record.msg, record.args = shown(line, keep="\n\t"), None
        return True

    def chinese(self, line: str, record: logging.LogRecord) -> str:
        stamp, message = _split_time(line)
        for pattern, text in LINES:
            match = pattern.fullmatch(message)
            if match:
                if text == DIRTY and self.serve:
                    record.levelno, record.levelname = logging.INFO, "INFO"
                return stamp + text.format(*match.groups())
        return line


_TIME = re.compile(r"(\[\d\d:\d\d:\d\d\] )(.*)", re.S)


def _split_time(message: str) -> tuple[str, str]:
    """The livereload server's lines begin with the time (``[13:53:15] Serving on …``): kept as it is."""
    match = _TIME.fullmatch(message)
    return (match.group(1), match.group(2)) if match else ("", message)


def install(serve: bool = False) -> None:
    """Put the filter on every handler of the ``mkdocs`` logger (once; the latest mode wins)."""
    for handler in logging.getLogger("mkdocs").handlers:
        for old in [f for f in handler.filters if isinstance(f, ChineseLines)]:
            handler.removeFilter(old)
        handler.addFilter(ChineseLines(serve))
