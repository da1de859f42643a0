"""An entry: one item of a collection, as loaded and checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .problems import Problem, has_error

_RAW_BODY = "_body_utf8"  # an unpickled entry's body, not decoded yet
_MENTIONS = "_mentions"  # Entry.mentions' answers, by the marks asked


@dataclass
class Attachment:
    """A file published beside its item's page."""

    file: str  # path relative to the item's folder, as the contributor wrote it (normalised to /)
    title: str
    source: Path  # absolute path on disk
    size: int
    field: str  # where it was declared, e.g. attachments[0].file

    @property
    def href(self) -> str:
        """The file as a link relative to its item's page: a colon escaped, so no name reads as a scheme (javascript:)."""
        return self.file.replace(":", "%3A")

    @property
    def extension(self) -> str:
        return self.file.rsplit(".", 1)[-1].lower() if "." in self.file else ""


@dataclass
class Person:
    """An author, speaker or leader: from the registry (with id) or named in place."""

    name: str
    id: str | None = None
    school: str = ""
    title: str = ""
    affiliation: str = ""
    bio: str = ""


@dataclass
class Entry:
    """One item: where it lives, its normalised metadata, body and problems."""

    collection: str
    slug: str
    path: Path  # the Markdown file
    rel: str  # that file relative to the site root, with /
    folder: Path  # the item's own folder: attachments must stay inside it
    prefix: str
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    lines: dict = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)  # undeclared files published beside the page (images)
    people: dict[str, list[Person]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""

    def __getstate__(self) -> dict:
        """Pickled (the build cache, worker results) as plain values, which load several times faster: the body as
        UTF-8 bytes (pickling a str makes CPython keep a UTF-8 copy inside it for as long as it lives), the paths as
        text, the folder left out when it is the file's own."""
        state = dict(self.__dict__)
        body = state.pop("body", None)
        state["body"] = body.encode("utf-8", "surrogatepass") if body is not None else state.pop(_RAW_BODY)
        state["path"] = path = os.fspath(self.path)
        state["folder"] = None if os.fspath(self.folder) == os.path.dirname(path) else os.fspath(self.folder)
        return state

    def __setstate__(self, state: dict) -> None:
        """The body stays bytes until it is read (:meth:`__getattr__`): a rebuild or a check reads few bodies."""
        d = self.__dict__
        d.update(state)
        body = d.pop("body", "")
        d["body" if isinstance(body, str) else _RAW_BODY] = body
        if isinstance(d["path"], str):
            d["path"] = Path(d["path"])
            d["folder"] = d["path"].parent if d["folder"] is None else Path(d["folder"])

    def __getattr__(self, name: str) -> Any:
        """Only for what is not set: the body of an unpickled entry, decoded when first read (from any thread)."""
        if name == "body":
            d = self.__dict__
            raw = d.get(_RAW_BODY)  # before "body": a thread decoding it sets "body", then drops these bytes
            body = d.get("body")
            if body is None and raw is not None:
                body = d.setdefault("body", raw.decode("utf-8", "surrogatepass"))
                d.pop(_RAW_BODY, None)
            if body is not None:
                return body
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def mentions(self, *marks: str) -> bool:
        """Whether the body holds any of these ASCII ``marks``, without decoding a body not read yet (UTF-8: an ASCII
        byte is never part of another character). The answer is kept with the entry (and pickled with it): asked once
        where the item is checked, it is not searched for again at each load from the cache."""
        known = self.__dict__.setdefault(_MENTIONS, {})
        found = known.get(marks)
        if found is None:
            raw = self.__dict__.get(_RAW_BODY) if "body" not in self.__dict__ else None
            if raw is not None and all(mark.isascii() for mark in marks):
                found = any(mark.encode("ascii") in raw for mark in marks)
            else:
                found = any(mark in self.body for mark in marks)
            known[marks] = found
        return found

    def decoded(self) -> Entry:
        """This entry with its body decoded: for one kept and copied again and again (a copy would decode it again)."""
        _ = self.body
        return self

    def copy(self) -> Entry:
        """What later stages change (problems, ``related``) is the copy's own. Not dataclasses.replace: that runs
        __init__ (and reads the body) for each of thousands of entries every rebuild."""
        new = object.__new__(Entry)
        new.__dict__.update(self.__dict__, data=dict(self.data), problems=list(self.problems))
        return new

    # Made once an entry (a rebuild asks each item's key and address tens of times); collection, slug and prefix
    # never change once an entry is made.
    @cached_property
    def key(self) -> str:
        return f"{self.collection}/{self.slug}"

    @cached_property
    def url(self) -> str:
        """Relative to the site root, so the site works under a sub-path."""
        return f"{self.prefix}/{self.slug}/"

    @property
    def valid(self) -> bool:
        return not has_error(self.problems)

    @property
    def draft(self) -> bool:
        return self.data.get("status") == "draft"

    @property
    def withdrawn(self) -> bool:
        """Taken down at a family's or school's request: nowhere in the site, listed in withdrawn.json."""
        return self.data.get("status") == "withdrawn"

    @property
    def published(self) -> bool:
        return self.valid and not self.draft and not self.withdrawn

    @property
    def why_unpublished(self) -> str:
        """Why the site leaves this item out, in the words messages use (empty when it is published)."""
        if self.published:
            return ""
        return "是草稿（status: draft）" if self.draft else "已撤下（status: withdrawn）" if self.withdrawn else "有错误，这次不发布"

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.slug)

    @property
    def year(self) -> str:
        return str(self.data.get("date", ""))[:4]

    def line_of(self, key: str) -> int:
        return self.lines.get((key,), 1)


# A field's default is also a class attribute, which would hide an unpickled entry's body from __getattr__;
# __init__ keeps its own copy of the default.
del Entry.body
