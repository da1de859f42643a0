"""The shared vocabulary: controlled terms per field, their aliases, and suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .site import ConfigError
from .source import read_data_file

BUILTIN_TERMS = Path(__file__).resolve().parent.parent / "data" / "programme-terms.yml"


@dataclass
class Terms:
    """One controlled list (e.g. 学段): its terms in order and alias → term."""

    name: str
    label: str
    terms: list[str]
    aliases: dict[str, str] = field(default_factory=dict)

    def normalise(self, value: str) -> str | None:
        """The term a value stands for, or None when it is unknown."""
        value = value.strip()
        if value in self.aliases:
            return self.aliases[value]
        folded = value.casefold()
        for key, term in self.aliases.items():
            if key.casefold() == folded:
                return term
        return None

    def suggest(self, value: str, limit: int = 3) -> list[str]:
        """Closest terms to an unknown value, best first."""
        scored: dict[str, float] = {}
        for key, term in self.aliases.items():
            ratio = difflib.SequenceMatcher(None, value, key).ratio()
            shared = len(set(value) & set(key))
            score = ratio + 0.1 * shared
            if shared and score > scored.get(term, 0):
                scored[term] = score
        return sorted(scored, key=lambda t: -scored[t])[:limit]


class Vocabulary:
    """All controlled lists of a site, read from its vocabulary file."""

    def __init__(self, lists: Mapping[str, Terms]):
        self.lists = dict(lists)

    def __getitem__(self, name: str) -> Terms:
        return self.lists[name]

    def __contains__(self, name: str) -> bool:
        return name in self.lists

    def ensure(self, name: str) -> bool:
        """Whether the list exists, filling it from the built-in lists when the site's file lacks it.

        A site whose vocabulary predates a field (适用对象, 九会技能 …) keeps building; its own
        file, where it has the list, always wins.
        """
        if name not in self.lists:
            with open(BUILTIN_TERMS, encoding="utf-8") as fh:
                builtin = Vocabulary.from_mapping(yaml.safe_load(fh) or {})
            if name in builtin:
                self.lists[name] = builtin[name]
        return name in self.lists

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Vocabulary:
        lists = {}
        for name, spec in (raw or {}).items():
            spec = spec or {}
            entries = spec.get("terms") or {}
            if isinstance(entries, list):
                entries = {str(term): [] for term in entries}
            terms = [str(t) for t in entries]
            aliases = {t: t for t in terms}
            for term, alias_list in entries.items():
                for alias in alias_list or []:
                    aliases.setdefault(str(alias), str(term))
            lists[str(name)] = Terms(str(name), str(spec.get("label", name)), terms, aliases)
        return cls(lists)

    @classmethod
    def load(cls, path: Path, rel: str | None = None) -> Vocabulary:
        """Read the vocabulary file; a broken one is a configuration error naming its line."""
        front, problems = read_data_file(path, rel or path.name)
        if problems:
            raise ConfigError("词表文件有误：" + "；".join(p.format() for p in problems))
        return cls.from_mapping(front.data if front else {})
