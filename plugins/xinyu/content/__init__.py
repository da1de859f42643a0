"""The content core: load, validate and normalise collections. No MkDocs import here."""

from .entry import Attachment, Entry, Person
from .library import Library, load_library
from .problems import Problem
from .site import CollectionSpec, ConfigError, SiteSpec, load_site, site_from_options

__all__ = [
    "Attachment", "CollectionSpec", "ConfigError", "Entry", "Library", "Person",
    "Problem", "SiteSpec", "load_library", "load_site", "site_from_options",
]
