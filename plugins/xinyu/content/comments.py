"""Expert comments (专家点评): a list of ``{by, title, text}`` on an item, ``by`` a person id or a name.

A schema turns them on for a field with ``x-comments: true`` (the shared definition is
``$defs/comments`` in ``schemas/common.yml``); the field's ``title`` is the heading the item
page shows, so a site renames the section in its schema. Commenters are kept among the
item's people under ``<field>.by``: the privacy guard then knows their names, search finds
them and their people page lists the item, while cards and citations, which name the
item's own authors, leave them out (:func:`is_creator_field`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .entry import Entry, Person
from .people import Registry
from .problems import Problem


def comment_fields(properties: dict[str, Any]) -> list[str]:
    """The fields of a schema that hold comments."""
    return [key for key, prop in properties.items() if isinstance(prop, dict) and prop.get("x-comments")]


def commenters_field(field: str) -> str:
    return f"{field}.by"


def is_creator_field(people_field: str) -> bool:
    """Authors, speakers, leaders, trainers: not the people who commented on the item."""
    return "." not in people_field


def resolve_comments(entry: Entry, properties: dict[str, Any], registry: Registry, line_of: Callable) -> None:
    """Every ``by`` to a person (an unknown id is an error with suggestions, like ``authors``)."""
    for key in comment_fields(properties):
        comments = entry.data.get(key)
        if not isinstance(comments, list):
            continue
        people: list[Person] = []
        for i, comment in enumerate(comments):
            by = comment.get("by") if isinstance(comment, dict) else None
            if not isinstance(by, str) or not by.strip():
                continue  # the schema reports it
            person, unknown = registry.lookup(by)
            if person is None:
                entry.problems.append(Problem(entry.rel, line_of((key, i, "by")), f"{key}[{i}].by", unknown))
            else:
                people.append(person)
        entry.people[commenters_field(key)] = people


def paragraphs(text: str) -> list[str]:
    """A comment's text as paragraphs: a blank line or a line break starts a new one."""
    return [part.strip() for part in str(text).split("\n") if part.strip()]


def comments_text(entry: Entry, properties: dict[str, Any]) -> str:
    """The comments as plain text (titles, texts, who wrote them), for the search index."""
    lines = []
    for key in comment_fields(properties):
        for comment in entry.data.get(key) or []:
            if isinstance(comment, dict):
                lines += [str(comment.get(part) or "") for part in ("title", "text")]
    return "\n".join(line for line in lines if line)
