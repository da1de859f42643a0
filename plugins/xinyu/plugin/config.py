"""Options of the ``xinyu`` plugin in mkdocs.yml, typed, with Chinese messages.

Every option is optional: ``plugins: [xinyu]`` alone builds (defaults ship in the package).
A wrong value is a configuration error that names the option and shows the right form;
an unknown option is an error too (a typo would otherwise be silently ignored).
The ``xinyu`` command checks the same options through :func:`check_options`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..content.site import ConfigError
from ..content.source import written_key

CONTRACT = 1  # the content contract this version of xinyu reads (docs/dev/upgrade.md)

FORMS = {
    str: "一段文字",
    bool: "true 或 false",
    int: "一个整数",
    dict: "一组“名称: 值”（换行缩进书写）",
    list: "一个列表，如 [a, b]",
}


class Typed(c.BaseConfigOption):
    """A value of one type (or None when optional), with a Chinese message showing the form."""

    def __init__(self, kind: type | tuple[type, ...], default: Any = None, example: str = "") -> None:
        super().__init__()
        self.kinds = kind if isinstance(kind, tuple) else (kind,)
        self.default, self.example = default, example

    def run_validation(self, value: object) -> Any:
        if value is None:
            return self.default
        if isinstance(value, self.kinds) and not (isinstance(value, bool) and bool not in self.kinds):
            return value
        forms = "，或".join(FORMS.get(k, k.__name__).strip() for k in self.kinds)
        hint = f"，例如 {self.example}" if self.example else ""
        raise ValidationError(f"应写{' ' if forms[0].isascii() else ''}{forms}{hint}；现在写的是 {value!r}。")


class Facets(c.BaseConfigOption):
    """A list of facets: a field name (``grade``, ``award.level``) or ``{field, key, label}``."""

    def run_validation(self, value: object) -> list | None:
        if value is None:
            return None
        if not isinstance(value, list):
            raise ValidationError(f"应写一个列表，如 [grade, topics, year]；现在写的是 {value!r}。")
        for facet in value:
            if isinstance(facet, dict) and isinstance(facet.get("field"), str) and set(facet) <= {"field", "key", "label"}:
                continue
            if not isinstance(facet, str):
                raise ValidationError(
                    f"分面 {facet!r} 无效：写字段名（如 grade、award.level），或 {{field: status_of_work, key: status, label: 研究状态}}。"
                )
        return value


class Strict(base.Config):
    """A Config that reports every wrong option at once (MkDocs stops at the first), in Chinese,
    and takes an unknown option for an error with a suggestion."""

    def validate(self):
        failed, warnings = super().validate()
        known = [key for key, _option in self._schema]
        for key, option in self._schema[len(known) if not failed else known.index(failed[-1][0]) + 1 :]:
            try:
                self[key] = option.validate(self.get(key))
            except ValidationError as exc:
                failed.append((key, exc))
        unknown = [key for key, message in warnings if message.startswith("Unrecognised configuration name")]
        for key in unknown:
            close = difflib.get_close_matches(written_key(key), known, n=1)
            hint = f"是不是 {close[0]}？" if close else ""
            failed.append((written_key(key), f"没有这个选项。{hint}可用的选项：{'、'.join(known)}。"))
        return failed, [w for w in warnings if w[0] not in unknown]


class CollectionConfig(Strict):
    """One collection; keys left out come from the default collection of the same name."""

    label = Typed(str, example="优秀案例")
    """The collection's name on the site (nav, headings)."""
    item_label = Typed(str, example="案例")
    """What one item is called (共 12 个案例)."""
    source = Typed(str, example="cases")
    """The folder of items, relative to the site root."""
    schema = Typed(str, example="cases")
    """A built-in schema name (cases, courses, lectures, research) or a .yml file of the site."""
    prefix = Typed(str, example="cases")
    """The URL prefix (default: the collection's name)."""
    facets = Facets()
    """Facets of the index page and of the taxonomy pages."""
    description = Typed(str)
    """A sentence shown on the collection's index page."""
    group_by = Typed(list, example="[year]")
    """Fields the index page groups items by, in order."""
    defaults = Typed(dict, example="{audience: [家长]}")
    """Field → value for items of this collection that leave the field out."""


class Collections(c.BaseConfigOption):
    """``collections``: name → CollectionConfig; the names are checked by the content core."""

    def run_validation(self, value: object) -> dict | None:
        if value is None:
            return None
        if not isinstance(value, dict) or not value:
            raise ValidationError(
                "应写一组集合，如\n  collections:\n    cases:\n      label: 优秀案例\n      source: cases\n      schema: cases"
            )
        out = {}
        for name, spec in value.items():
            config = CollectionConfig()
            try:
                config.load_dict(spec or {})
            except Exception as exc:  # noqa: BLE001 - load_dict refuses anything but a mapping
                raise ValidationError(f"集合 {name} 应写一组“名称: 值”（label、source、schema …）。") from exc
            failed, _warnings = config.validate()
            if failed:
                raise ValidationError("\n".join(f"集合 {name} 的 {key}：{msg}" for key, msg in failed))
            out[written_key(name)] = {k: v for k, v in config.items() if v is not None}
        return out


class Contract(c.BaseConfigOption):
    """``contract``: the content contract version the site is written for."""

    def run_validation(self, value: object) -> int:
        if value is None:
            return CONTRACT
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"应写内容约定的版本号（整数），本版 xinyu 读的是 {CONTRACT}；现在写的是 {value!r}。")
        if value > CONTRACT:
            raise ValidationError(
                f"这个站点按内容约定第 {value} 版书写，而已安装的 xinyu 只认识第 {CONTRACT} 版。"
                "请升级 xinyu（pip install -U xinyu，或用新的离线安装包），见 CHANGELOG.md。"
            )
        return value


SITE_PAGES = ("checked", "own")


class SitePages(c.BaseConfigOption):
    """``site_pages``: whether the pages of docs/ are contributions to check (``checked``) or the site's own (``own``)."""

    def run_validation(self, value: object) -> str:
        if value is None:
            return "own"
        if value not in SITE_PAGES:
            raise ValidationError(
                "应写 checked（docs/ 的页面也是投稿：像条目一样检查隐私和脚本，清理后发布，有错误的不发布）"
                f"或 own（站点自己的页面，按主题生成的原样发布；默认）；现在写的是 {value!r}。"
            )
        return str(value)


class XinyuConfig(Strict):
    contract = Contract()
    """The content contract version the site is written for (docs/dev/upgrade.md); default: this version's."""

    collections = Collections()
    """Collections by name: ``{label, source, schema, prefix, item_label, facets, description, group_by}``.
    Default: those of the four default collections (cases, courses, lectures, research) whose folder holds items."""

    vocabulary = Typed(str, example="data/vocabulary.yml")
    """The shared vocabulary file, relative to the site root; default: data/vocabulary.yml, else the built-in one."""

    authors = Typed(str, example="data/authors.yml")
    """The authors registry, relative to the site root; default: data/authors.yml, else none."""

    edit_base = Typed(str, default="", example="https://git.example.edu.cn/xinyu/library/-/edit/main/")
    """URL that a repository-relative path is appended to for the 修改建议 link."""

    privacy = Typed(dict, default={}, example="{names: error}")
    """Options of the privacy guard (see docs/contribute)."""

    rounds = Typed(dict, default={}, example="{2025: {...}}")
    """Case selection rounds by name (``xinyu round``): criteria, reviewers, quotas, notice period; see rounds/config.py."""

    # The programme's pages (content/programme.py): each has a default; false switches it off.
    groups = Typed((str, dict, bool), example="data/groups.yml")
    """The groups registry: a path (default ``data/groups.yml``), ``{file, label, prefix}``, or false."""

    schools = Typed((str, bool), example="data/schools.yml")
    """The district's schools list for the annual figures (default ``data/schools.yml``), or false."""

    audience_pages = Typed((dict, bool), example="{家长: {title: 给家长, prefix: parents}}")
    """Cross-collection pages by audience, e.g. ``{家长: {title: 给家长, prefix: parents}}`` (the default); ``{}`` for none."""

    statistics = Typed((dict, bool), example="{title: 年度统计, prefix: statistics}")
    """The internal statistics page and workbook: ``{title, prefix}`` (default 年度统计 at statistics/), or false."""

    site_pages = SitePages()
    """``checked``: the pages of docs/ are contributions (a district library made by ``xinyu init``): checked like
    items, cleaned, left out on an error. ``own`` (default): the site's own pages, published as the theme makes them."""

    search = Typed(bool, example="false")
    """xinyu's Chinese search: default on unless the site keeps Material's ``search`` plugin (then that box finds our items);
    ``true`` with Material's search is an error (two boxes); ``false``: no search of ours."""


def check_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The plugin's options as the plugin sees them, for the ``xinyu`` command; ConfigError (Chinese) when wrong."""
    config = XinyuConfig()
    config.load_dict(dict(options or {}))
    failed, _warnings = config.validate()
    if failed:
        raise ConfigError("\n".join(f"plugins → xinyu → {key}：{message}" for key, message in failed))
    return dict(config)
