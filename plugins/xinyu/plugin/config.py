"""Options of the ``xinyu`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class XinyuConfig(base.Config):
    collections = c.Optional(c.Type(dict))
    """Collections by name: ``{label, source, schema, prefix, item_label, facets}``; default: the four of the contract."""

    vocabulary = c.Type(str, default="data/vocabulary.yml")
    """The shared vocabulary file, relative to the site root."""

    authors = c.Type(str, default="data/authors.yml")
    """The authors registry, relative to the site root."""

    edit_base = c.Type(str, default="")
    """URL that a repository-relative path is appended to for the 修改建议 link, e.g. ``https://git.example/xinyu/-/edit/main/``."""

    privacy = c.Type(dict, default={})
    """Options of the privacy guard (see docs/contribute)."""

    search = c.Type(bool, default=True)
    """Build the Chinese search index."""

    rounds = c.Type(dict, default={})
    """Case selection rounds by name (``xinyu round``): criteria, reviewers, quotas, notice period; see rounds/config.py."""

    # The programme's pages (content/programme.py): each has a default; false switches it off.
    groups = c.Optional(c.Type((str, dict, bool)))
    """The groups registry: a path (default ``data/groups.yml``), ``{file, label, prefix}``, or false."""

    schools = c.Optional(c.Type((str, bool)))
    """The district's schools list for the annual figures (default ``data/schools.yml``), or false."""

    audience_pages = c.Optional(c.Type((dict, bool)))
    """Cross-collection pages by audience, e.g. ``{家长: {title: 给家长, prefix: parents}}`` (the default); ``{}`` for none."""

    statistics = c.Optional(c.Type((dict, bool)))
    """The internal statistics page and workbook: ``{title, prefix}`` (default 年度统计 at statistics/), or false."""
