"""argparse in Chinese: usage lines, help headings and error messages of every ``xinyu`` command.

argparse builds its English texts through gettext (``argparse._`` and ``argparse.ngettext``).
While the ``xinyu`` command runs, :func:`chinese_argparse` puts a translation in their place,
so every parser made in that time is Chinese, sub-commands and parsers added later by
anyone included, with nothing to do on their side. Texts missing from the table stay English.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s（用 -h 查看可用的参数）",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项，可选：%(choices)s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的 %(type)s 值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出其中一个参数：%s",
    "ignored explicit argument %r": "多余的值 %r 被忽略",
    "unexpected option string: %s": "意外的选项：%s",
    'argument "-" with mode %r': '参数 "-"（模式 %r）',
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): "后面要跟 %s 个值",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return PLURALS.get((singular, plural), singular if n == 1 else plural)


@contextlib.contextmanager
def chinese_argparse() -> Iterator[None]:
    """Chinese argparse texts for the duration of the block (the whole ``xinyu`` command)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translate, translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
