"""Opening the site for a sub-command: its configuration and schemas, with a Chinese error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content import ConfigError, Library, load_library, load_site
from ..content.schema import SchemaError


def open_library(args: argparse.Namespace) -> Library | None:
    """The site's configuration, vocabulary and schemas (no items loaded), or None after printing why."""
    try:
        return load_library(load_site(Path(args.config_file)), only=set())
    except (ConfigError, SchemaError) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return None
