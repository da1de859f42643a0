"""The programme's pages beyond collections, as configured in mkdocs.yml (no MkDocs import).

    plugins:
      - xinyu:
          groups: data/groups.yml          # or {file, label, prefix}; false: no groups pages
          schools: data/schools.yml        # the district's schools, for the annual figures; false: none
          audience_pages:                  # cross-collection pages by 适用对象; {}: none
            家长: {title: 给家长, prefix: parents}
          statistics: {title: 年度统计, prefix: statistics}   # false: no statistics page or workbook

Every one has a default, so a site that says nothing gets them when it has the data
(a missing registry or list file means no pages, not an error); each can be renamed
or switched off here alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .groups import GroupsSpec, Guard, guide_section, load_groups
from .schools import check_school, load_schools
from .site import SLUG_RE, ConfigError

if TYPE_CHECKING:
    from .library import Library

RESERVED = {"people", "search", "assets", "index", "tags", "rounds"}  # pages the site makes anyway


@dataclass
class AudiencePage:
    """Every published item for one audience term (e.g. 家长 → 给家长), across collections."""

    term: str
    title: str
    prefix: str
    description: str = ""


@dataclass
class StatisticsSpec:
    title: str = "年度统计"
    prefix: str = "statistics"


@dataclass
class ProgrammeSpec:
    groups: GroupsSpec | None = field(default_factory=GroupsSpec)
    schools: str | None = "data/schools.yml"
    audience_pages: list[AudiencePage] = field(default_factory=lambda: [AudiencePage("家长", "给家长", "parents")])
    statistics: StatisticsSpec | None = field(default_factory=StatisticsSpec)

    def prefixes(self) -> list[tuple[str, str]]:
        """(prefix, what uses it) of every page this spec adds."""
        out = [(self.groups.prefix, "groups")] if self.groups else []
        out += [(page.prefix, f"audience_pages → {page.term}") for page in self.audience_pages]
        return out + ([(self.statistics.prefix, "statistics")] if self.statistics else [])


def programme_spec(options: Mapping[str, Any], collection_prefixes: dict[str, str]) -> ProgrammeSpec:
    """Read and check the options; a broken one is a ConfigError naming the option and the fix."""
    given = {key: value for key, value in options.items() if value is not None}  # MkDocs passes unset options as None
    spec = ProgrammeSpec(
        groups=_groups(given.get("groups", "data/groups.yml")),
        schools=_path(given.get("schools", "data/schools.yml"), "schools"),
        audience_pages=_audience_pages(given.get("audience_pages")),
        statistics=_statistics(given.get("statistics", True)),
    )
    taken = {prefix: f"集合 {name}" for name, prefix in collection_prefixes.items()}
    for prefix, what in spec.prefixes():
        if not SLUG_RE.match(prefix):
            raise ConfigError(f"{what} 的 prefix“{prefix}”无效：只能用小写英文字母、数字和 -，如 parents。")
        if prefix in taken or prefix in RESERVED:
            other = taken.get(prefix, "网站自带的页面")
            raise ConfigError(f"{what} 的网址前缀“{prefix}”已被{other}使用，请换一个。")
        taken[prefix] = what
    return spec


def _disabled(value: Any) -> bool:
    return value is False or value == ""


def _path(value: Any, option: str) -> str | None:
    if _disabled(value):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{option} 要写成文件路径（相对于站点根目录，如 data/{option}.yml），不用时写 false。")
    return value


def _groups(value: Any) -> GroupsSpec | None:
    if _disabled(value):
        return None
    if isinstance(value, str):
        return GroupsSpec(file=value)
    if value is True:
        return GroupsSpec()
    if not isinstance(value, Mapping):
        raise ConfigError("groups 要写成文件路径（如 data/groups.yml），或 {file, label, prefix}；不用时写 false。")
    unknown = set(value) - {"file", "label", "prefix"}
    if unknown:
        raise ConfigError(f"groups 中有未知选项：{'、'.join(map(str, unknown))}；可用：file、label、prefix。")
    base = GroupsSpec()
    return GroupsSpec(
        file=str(value.get("file") or base.file),
        label=str(value.get("label") or base.label),
        prefix=str(value.get("prefix") or base.prefix),
    )


def _audience_pages(value: Any) -> list[AudiencePage]:
    if value is None:
        return ProgrammeSpec().audience_pages
    if value is False:
        return []
    if not isinstance(value, Mapping):
        raise ConfigError("audience_pages 要写成“适用对象: {title, prefix}”，如 家长: {title: 给家长, prefix: parents}；不用时写 {}。")
    pages = []
    for term, page in value.items():
        if not isinstance(page, Mapping) or not page.get("title") or not page.get("prefix"):
            raise ConfigError(f"audience_pages → {term} 要写 title（页面标题）和 prefix（网址），如 {{title: 给家长, prefix: parents}}。")
        pages.append(AudiencePage(str(term), str(page["title"]), str(page["prefix"]).strip("/"), str(page.get("description") or "")))
    return pages


def _statistics(value: Any) -> StatisticsSpec | None:
    if _disabled(value):
        return None
    if value is True:
        return StatisticsSpec()
    if not isinstance(value, Mapping) or set(value) - {"title", "prefix"}:
        raise ConfigError("statistics 要写成 {title: 年度统计, prefix: statistics}，或 true/false。")
    base = StatisticsSpec()
    return StatisticsSpec(str(value.get("title") or base.title), str(value.get("prefix") or base.prefix).strip("/"))


def load_programme(library: Library, guard: Guard) -> None:
    """The groups registry and the schools list, with their problems (and a warning on each item whose school is not listed)."""
    spec = library.site.programme
    if spec is None:
        return
    if spec.groups is not None:
        library.groups, problems = load_groups(spec.groups, library.site.root, library.registry, library.vocabulary, guard)
        library.site_problems += problems
    if spec.schools is not None:
        library.schools, problems = load_schools(spec.schools, library.site.root)
        library.site_problems += problems
        for entry in library.all_entries() if library.schools is not None else []:
            entry.problems += check_school(entry, library.schools)  # items with errors too: every problem in one run


def guide_sections(library: Library, h: str) -> str:
    """The contributor guide's parts on the groups registry and the schools list (empty when the site has neither)."""
    spec = library.site.programme
    parts = [guide_section(spec.groups, h)] if spec is not None and spec.groups is not None else []
    if spec is not None and spec.schools is not None:
        parts.append(
            f"{h} 学校名单（{spec.schools}）\n\n每行一所学校：`学校全称: [其他写法, …]`，如 `xx区第一中学: [区一中, 一中]`。"
            "条目的 `school` 写名单中的全称或其他写法都可以；不在名单中时 `xinyu check` 给出警告和最接近的校名。"
            "年度统计按这份名单汇总各校的投稿、获奖和参评，并列出尚无投稿的学校。\n"
        )
    return "\n".join(parts)
