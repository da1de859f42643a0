"""What the ``xinyu`` command prints shows contributors' text as text.

A value quoted in any line (a title in a results table, a file name from the inbox, a value in a
configuration error) may carry characters a terminal or CI log obeys instead of showing: ANSI
escapes, ``\\r``, bidi overrides, zero-width characters. While the command runs, its standard
streams write every such character visibly (``content.problems.shown``; line breaks and tabs
stay). Output that draws on the terminal on purpose (MkDocs' coloured log, a progress bar) uses
:func:`raw`; MkDocs' lines themselves are made visible by the log filter (``plugin.logs``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from ..content.problems import shown


class Visible:
    """A text stream writing :func:`shown` text to the stream it wraps."""

    def __init__(self, stream: TextIO):
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(shown(text, keep="\n\t"))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw(stream: Any) -> Any:
    """The terminal behind a stream, for output that draws on it itself."""
    return stream.raw if isinstance(stream, Visible) else stream


@contextlib.contextmanager
def visible_streams() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` show hidden characters visibly while the command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Visible(raw(sys.stdout)), Visible(raw(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def raw_streams() -> Iterator[None]:
    """The real streams again, for MkDocs: its log lines pass the log filter, which shows them visibly."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = raw(sys.stdout), raw(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
