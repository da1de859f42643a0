"""The guard's options: the ``privacy:`` mapping of the ``xinyu`` plugin in mkdocs.yml.

plugins:
  - xinyu:
      privacy:
        names: error            # error (default: sure names block, unsure ones warn) | warning (all warn) | off
        allow_file: data/privacy-allow.txt
        attachment_warn_mb: 20
        attachment_max_mb: 50
        scan_attachments: true  # read the text of pdf/docx/pptx/xlsx/doc
        consent_required_from: 2025-09-01  # cases dated from then on need a `consent` record
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

NAME_LEVELS = ("error", "warning", "off")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class GuardOptions:
    names: str = "error"
    allow_file: str = "data/privacy-allow.txt"
    attachment_warn_mb: float = 20.0
    attachment_max_mb: float = 50.0
    scan_attachments: bool = True
    extract_seconds: float = 10.0
    extract_chars: int = 2_000_000
    consent_required_from: str = ""

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any] | None) -> GuardOptions:
        """Options from mkdocs.yml; a value of the wrong type falls back to its default."""
        problems = validate_options(raw)
        known = {f.name: f for f in fields(cls)}
        values = {k: v for k, v in (raw or {}).items() if k in known and not any(p.startswith(k + "：") for p in problems)}
        if "consent_required_from" in values:
            values["consent_required_from"] = str(values["consent_required_from"])  # YAML reads a date as a date
        return cls(**values)

    @property
    def warn_bytes(self) -> int:
        return int(self.attachment_warn_mb * 1024 * 1024)

    @property
    def max_bytes(self) -> int:
        return int(self.attachment_max_mb * 1024 * 1024)


def validate_options(raw: Mapping[str, Any] | None) -> list[str]:
    """Chinese messages for the plugin's config validation (one per bad option)."""
    problems = []
    if raw is None:
        return problems
    if not isinstance(raw, Mapping):
        return ["privacy：应是一组选项，如 names: warning"]
    known = {f.name: f for f in fields(GuardOptions)}
    for key, value in raw.items():
        if key not in known:
            problems.append(f"{key}：未知选项；可用：{'、'.join(known)}")
        elif key == "names" and value not in NAME_LEVELS:
            problems.append(f"{key}：只能是 error、warning 或 off")
        elif key in ("attachment_warn_mb", "attachment_max_mb", "extract_seconds", "extract_chars") and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0
        ):
            problems.append(f"{key}：应是正数")
        elif key == "scan_attachments" and not isinstance(value, bool):
            problems.append(f"{key}：只能是 true 或 false")
        elif key == "consent_required_from" and not DATE.match(str(value)):
            problems.append(f"{key}：应是日期，如 2025-09-01（这一天及以后的案例必须写知情同意记录 consent）")
        elif key == "allow_file" and not isinstance(value, str):
            problems.append(f"{key}：应是相对于站点根目录的路径")
    return problems
