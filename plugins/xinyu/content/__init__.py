"""The content core: load, validate and normalise collections. No MkDocs import here.

Names are imported when first used (PEP 562): a command that needs only a message or the site's
configuration (``xinyu check`` with nothing changed) does not pay for the schema validator and the guard.
"""

from importlib import import_module
from typing import Any

_WHERE = {
    "Attachment": ".entry", "Entry": ".entry", "Person": ".entry",
    "Library": ".library", "load_library": ".library",
    "Problem": ".problems",
    "CollectionSpec": ".site", "ConfigError": ".site", "SiteSpec": ".site", "load_site": ".site", "site_from_options": ".site",
}  # fmt: skip

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value
