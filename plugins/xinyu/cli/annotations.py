"""Problems as text, JSON, GitHub workflow commands or a GitLab Code Quality report.

text and json are the command contract. github and gitlab put each problem on
its line of a pull/merge request; their paths are relative to the repository
root (``prefix`` is the site root's place in the repository).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

from ..content.problems import Problem, count_errors, to_json

FORMATS = ("text", "json", "github", "gitlab")

# GitLab's scale is info, minor, major, critical, blocker: an error blocks a merge, a warning asks for a look.
GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def text(problems: Iterable[Problem], prefix: str = "") -> str:
    return "".join(p.format() + "\n" for p in problems)


def as_json(problems: Iterable[Problem], prefix: str = "") -> str:
    return to_json(list(problems)) + "\n"


# -- GitHub ---------------------------------------------------------------------------------


def escape_data(value: str) -> str:
    """Escape a workflow command's message (GitHub: %, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value (the message rules plus : and ,)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Iterable[Problem], prefix: str = "") -> str:
    """One ``::error`` or ``::warning`` workflow command per problem."""
    out = []
    for p in problems:
        command = "error" if p.is_error else "warning"
        props = f"file={escape_property(prefix + p.path)},line={int(p.line)},title={escape_property('xinyu check: ' + p.field)}"
        out.append(f"::{command} {props}::{escape_data(p.message)}\n")
    return "".join(out)


def github_summary(problems: list[Problem], prefix: str = "") -> str:
    """A Markdown table for the job summary page ($GITHUB_STEP_SUMMARY): every problem, even past GitHub's annotation limit."""
    if not problems:
        return "### 投稿检查通过\n\n没有发现问题。\n"
    rows = ["| 文件 | 行 | 字段 | 问题 |", "|---|---|---|---|"]
    for p in problems:
        cells = [prefix + p.path, str(p.line), p.field, p.message]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    errors = count_errors(problems)
    head = f"### 投稿检查：{errors} 个错误，{len(problems) - errors} 个警告\n\n请按下表逐条修改，改好后再次提交即可重新检查。\n\n"
    return head + "\n".join(rows) + "\n"


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]()!|~#])")


def _cell(value: str) -> str:
    """A table cell that GitHub shows as the text it is: messages quote contributors' values, which may
    hold HTML (an image that calls out, a fake link) or Markdown; line breaks are already written out."""
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


# -- GitLab ---------------------------------------------------------------------------------


def gitlab(problems: Iterable[Problem], prefix: str = "") -> str:
    """GitLab Code Quality report: a JSON list of issues with a unique fingerprint each.

    The fingerprint leaves the line out, so a problem that only moved is not
    reported as fixed-and-new; repeats of one message in one file are numbered.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for p in problems:
        path = prefix + p.path
        key = (path, p.field, p.message)
        seen[key] += 1
        fingerprint = hashlib.md5("\0".join([*key, str(seen[key])]).encode("utf-8")).hexdigest()
        issues.append(
            {
                "description": f"{p.field}: {p.message}",
                "check_name": "xinyu/" + re.sub(r"\[\d+\]", "", p.field),  # the rule, not the position: attachments.file
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITY.get(p.severity, "info"),
                "location": {"path": path, "lines": {"begin": max(int(p.line), 1)}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


FORMATTERS: dict[str, Callable[..., str]] = {"text": text, "json": as_json, "github": github, "gitlab": gitlab}
