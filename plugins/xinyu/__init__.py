"""xinyu (心育资源库): collections of Markdown items built into a faceted, searchable site.

Layout, one stage per package:

- ``content``: load, validate and normalise items (no MkDocs import, so it survives an engine change)
- ``cli``: the ``xinyu`` command (check, new, schema)
- ``plugin``: the MkDocs plugin that turns a loaded library into pages
"""

__version__ = "0.2.0"
