"""Problems found in content: one located, actionable message each."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# Field names for problems that belong to no front-matter key (command contract).
FILE = "文件"
META = "元数据"
SLUG = "目录名"
BODY = "正文"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is, which field, what to do. Messages are Chinese."""

    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def warning(path: str, line: int, field: str, message: str) -> Problem:
    """An advisory finding; by contract its message starts with 警告：."""
    if not message.startswith("警告："):
        message = "警告：" + message
    return Problem(path, line, field, message, WARNING)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))


def to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
