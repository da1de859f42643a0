"""The shared vocabulary: controlled terms per field, their aliases, and suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .plain import markup_in, plain_text_message
from .problems import Problem
from .site import ConfigError
from .source import FrontMatter, read_data_file

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
        """Closest terms to an unknown value, best first.

        A value that is a known one written another way (``初二年级``, ``７年级``, ``高一年级``)
        gets exactly its term: a near miss by letters (小学低年级 for 初二年级) misleads.
        """
        exact = self.reads_as(value)
        if exact:
            return [exact[0]]
        scored: dict[str, float] = {}
        for key, term in self.aliases.items():
            ratio = difflib.SequenceMatcher(None, value, key).ratio()
            shared = len(set(value) & set(key))
            score = ratio + 0.1 * shared
            if shared and score > scored.get(term, 0):
                scored[term] = score
        return sorted(scored, key=lambda t: -scored[t])[:limit]

    def reads_as(self, value: str) -> tuple[str, str] | None:
        """(term, accepted spelling) when a variant of ``value`` is a term or alias, else None."""
        for variant in spellings(value):
            term = self.normalise(variant)
            if term:
                return term, variant
        return None


_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
# Words that only say "school year" or "stage" around the value that matters: 初二年级 → 初二.
_SUFFIXES = re.compile(r"(年级|学段|阶段|学年|部|班)$")
_PREFIXES = re.compile(r"^(小学|中学)(?=.)")


# School years written the way some school systems name them, as the year everyone names:
# 初四 is the last junior year of the 五四制 (九年级), 职一–职三 are the years of 中职.
_SCHOOL_YEARS = [(re.compile(r"^初四$"), "九年级"), (re.compile(r"^职[一二三]$"), "中职"), (re.compile(r"^中职[一二三]$"), "中职")]


def spellings(value: str) -> list[str]:
    """Other ways of writing a value: width-folded, digits as Chinese numerals, without 年级/学段 around it."""
    folded = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    out: list[str] = []
    for base in (folded, folded.translate(_DIGITS)):
        for form in (base, _SUFFIXES.sub("", base), _PREFIXES.sub("", _SUFFIXES.sub("", base))):
            forms = [form] + [year for rx, year in _SCHOOL_YEARS if rx.match(form)]
            out += [f for f in forms if f and f not in out and f != value]
    return out


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
            builtin = Vocabulary.load(BUILTIN_TERMS)
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
        problems = problems or (_markup(front, rel or path.name) if front else [])
        if problems:
            raise ConfigError("词表文件有误：" + "；".join(p.format() for p in problems))
        return cls.from_mapping(front.data if front else {})


def _markup(front: FrontMatter, rel: str) -> list[Problem]:
    """Labels, terms and aliases are plain text (the facets and every item page print them), as a registry's are."""
    found = []
    for name, spec in front.data.items():
        spec = spec if isinstance(spec, dict) else {}
        terms = spec.get("terms") if isinstance(spec.get("terms"), dict) else {t: [] for t in spec.get("terms") or []}
        texts = [("label", spec.get("label"))] + [(term, t) for term, aliases in terms.items() for t in [term, *(aliases or [])]]
        for key, text in texts:
            fragment = markup_in(str(text)) if text is not None else None
            if fragment:
                found.append(
                    Problem(
                        rel,
                        front.line_of((name, "terms", key) if key != "label" else (name, "label")),
                        str(name),
                        plain_text_message("词表的取值和名称", fragment),
                    )
                )
    return found
