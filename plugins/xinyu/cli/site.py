"""Opening the site for a sub-command: its configuration and schemas, with a Chinese error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.site import ConfigError, SiteSpec, plugin_options, read_mkdocs_yml, site_from_options

if TYPE_CHECKING:
    from ..content.library import Library


def load_site(config_file: Path, every_default: bool = False) -> SiteSpec:
    """The site as the plugin sees it: its options checked by the plugin's own typed config."""
    from ..plugin.config import check_options

    config = read_mkdocs_yml(config_file)
    return site_from_options(config_file.parent, check_options(plugin_options(config)), every_default).with_docs(config)


def open_library(args: argparse.Namespace) -> Library | None:
    """The site's configuration, vocabulary and schemas (no items loaded), or None after printing why.

    Every default collection is there, its folder made or not (for new, schema and guide).
    """
    from ..content.library import load_library  # here: loading the validator and the guard is for commands that check
    from ..content.schema import SchemaError

    try:
        return load_library(load_site(Path(args.config_file), every_default=True), only=set())
    except (ConfigError, SchemaError) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return None
