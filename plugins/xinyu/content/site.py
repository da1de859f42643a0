"""Site settings read from mkdocs.yml without importing MkDocs.

The ``xinyu`` plugin's options in ``mkdocs.yml`` are the single source of truth
for both the MkDocs plugin and the ``xinyu`` command. Collections are declared
there (folder + schema + labels + facets); none needs Python.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .plain import markup_in
from .source import WrittenKeys, written_key

if TYPE_CHECKING:
    from .programme import ProgrammeSpec

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# Defaults shipped inside the package: a site without its own data files still builds.
BUILTIN_DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_VOCABULARY = "data/vocabulary.yml"
DEFAULT_AUTHORS = "data/authors.yml"

DEFAULT_COLLECTIONS: dict[str, dict[str, Any]] = {
    "cases": {
        "label": "优秀案例",
        "item_label": "案例",
        "source": "cases",
        "schema": "cases",
        "facets": ["grade", "topics", "type", "year", "award.level", "school", "tags"],
    },
    "courses": {
        "label": "课程资源",
        "item_label": "课程",
        "source": "docs/courses",
        "schema": "courses",
        "facets": ["grade", "topics", "kind", "series", "year"],
    },
    "lectures": {
        "label": "论坛讲座",
        "item_label": "讲座",
        "source": "docs/lectures",
        "schema": "lectures",
        "facets": ["event", "year", "topics"],
    },
    "research": {
        "label": "课题研究",
        "item_label": "课题",
        "source": "docs/research",
        "schema": "research",
        "facets": ["level", "status_of_work", "topics", "year"],
        "group_by": ["status_of_work", "level"],
    },
}


# Names of pages the site generates beside items, reserved as slugs in every collection (the contract's
# list); the facets a collection is configured with are added to them (``reserved_slugs``).
GENERATED_SLUGS = frozenset({"tags", "grade", "school", "year", "series", "event", "index", "search", "assets", "feed"})
# Paths of the built site that the plugin writes itself: a page of docs/ must not take them.
GENERATED_PATHS = (
    "people/",
    "search/",
    "assets/xinyu/",
    "rounds/",
    "catalog.json",
    "catalog.csv",
    "statistics.json",
    "statistics.csv",
    "statistics.xlsx",
    "feed.xml",
    "withdrawn.json",
)


def facet_key(spec: Any) -> str:
    """The URL key of a configured facet: ``grade``, ``award.level`` → ``award``, ``{field, key}`` → key."""
    if isinstance(spec, Mapping):
        field_path, key = str(spec.get("field", "")), spec.get("key")
    else:
        field_path, key = str(spec), None
    key = key or field_path.split(".")[0]
    return "status" if field_path == "status_of_work" and key == field_path else str(key)


class ConfigError(Exception):
    """Broken site configuration (not a content problem)."""


@dataclass
class CollectionSpec:
    """One declared collection."""

    name: str
    label: str
    source: str
    schema: str
    prefix: str
    item_label: str = "条目"
    facets: list = field(default_factory=list)
    description: str = ""
    group_by: list[str] = field(default_factory=lambda: ["year"])
    defaults: dict[str, Any] = field(default_factory=dict)  # field → value for items that leave it out

    def source_dir(self, root: Path) -> Path:
        return (root / self.source).resolve()


def reserved_slugs(spec: CollectionSpec) -> frozenset[str]:
    """Slugs an item of this collection may not have: its facet pages and the generated names."""
    return GENERATED_SLUGS | {facet_key(f) for f in spec.facets}


@dataclass
class SiteSpec:
    """Everything the content core needs to know about a site."""

    root: Path
    collections: dict[str, CollectionSpec]
    vocabulary: str = DEFAULT_VOCABULARY
    authors: str = DEFAULT_AUTHORS
    repo_edit_base: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    programme: ProgrammeSpec | None = None  # groups, schools, audience and statistics pages (content.programme)
    docs: str = "docs"  # MkDocs' docs_dir, relative to the root
    docs_exclude: tuple[str, ...] = ()  # MkDocs' exclude_docs patterns (gitignore style)
    config_assets: frozenset[str] = frozenset()  # files of docs/ that mkdocs.yml itself names (extra_css, logo …)
    extensions: Any = None  # mkdocs.yml's markdown_extensions as written: the files they add to pages are checked
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls: a page of docs/ about.md is at about/

    def path(self, rel: str) -> Path:
        return self.root / rel

    @property
    def pages_checked(self) -> bool:
        """``site_pages: checked``: the pages of docs/ are contributions (a district library's), checked like items,
        cleaned and left out on an error; otherwise (``own``, the default) they are the site's own, published as
        the theme makes them (a host site that adds xinyu keeps its pages as they were)."""
        return self.options.get("site_pages") == "checked"

    def vocabulary_path(self) -> Path:
        """The site's own vocabulary file, or the one shipped in the package when it has none."""
        own = self.path(self.vocabulary)
        return own if own.is_file() else BUILTIN_DATA / "vocabulary.yml"

    def with_docs(self, config: Mapping[str, Any]) -> SiteSpec:
        """This site with the docs/ settings of an mkdocs.yml mapping (as written, not as MkDocs parsed it)."""
        name = config.get("site_name")
        fragment = markup_in(name) if isinstance(name, str) else None
        if fragment:  # Material prints it as it is in every page's header, title and tabs
            raise ConfigError(f"site_name 是纯文本，不能包含 HTML 标签或注释（这里有“{fragment}”）：请在 mkdocs.yml 中删去尖括号及其中的内容。")
        docs = str(config.get("docs_dir") or "docs").replace("\\", "/").strip("/") or "docs"
        exclude = config.get("exclude_docs") or ""
        theme = config.get("theme") if isinstance(config.get("theme"), Mapping) else {}
        named = [
            *_as_list(config.get("extra_css") or []),
            *_as_list(config.get("extra_javascript") or []),
            *_as_list(config.get("extra_templates") or []),
            theme.get("logo"),
            theme.get("favicon"),
        ]
        paths = {str(n.get("path") if isinstance(n, Mapping) else n).lstrip("/") for n in named if n}
        self.docs, self.config_assets = docs, frozenset(p for p in paths if "://" not in p)
        self.docs_exclude = tuple(line for line in str(exclude).splitlines() if line.strip())
        self.extensions = config.get("markdown_extensions")
        self.directory_urls = config.get("use_directory_urls") is not False
        return self


class _TolerantLoader(WrittenKeys, yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its Python-specific tags (!!python/name, !ENV); keys as written."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def _yaml_error(path: Path, exc: yaml.YAMLError) -> str:
    """Why mkdocs.yml cannot be read, as check explains front matter: the line where the slip begins and the fix
    (the parser notices an unclosed quote or a Chinese colon lines later)."""
    from .source import _syntax_problem, typing_slips  # the front-matter reader's explanations

    if not isinstance(exc, yaml.MarkedYAMLError):
        return f"站点配置 {path} 不是有效的 YAML（{type(exc).__name__}），请检查冒号、缩进和引号。"
    problem = _syntax_problem(exc, path.name, 1)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError):
        text = ""
    # "key:   # a comment" before a nested block is usual in mkdocs.yml (in front matter it loses a value)
    slips = [p for p in typing_slips(text, path.name, 1) if "注释" not in p.message and p.line <= problem.line]
    problem = slips[0] if slips else problem
    return f"站点配置 {path} 第 {problem.line} 行：{problem.message.replace('元数据', '配置')}"


def read_mkdocs_yml(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it: with ``INHERIT`` the parent file (relative to this one) is read first and this
    file's values merged over it (mappings key by key, anything else replaced), so what the check sees is what builds."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            config = yaml.load(fh, Loader=_TolerantLoader) or {}
    except OSError as exc:
        raise ConfigError(f"找不到站点配置 {path}：请在站点根目录（mkdocs.yml 所在目录）运行。") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(_yaml_error(path, exc)) from exc
    parent = config.pop("INHERIT", None) if isinstance(config, dict) else None
    if not isinstance(parent, str) or not parent.strip():
        return config if isinstance(config, dict) else {}
    inherited = (path.parent / parent.strip()).resolve()
    if inherited in seen or len(seen) > 8:
        raise ConfigError(f"站点配置 {path} 的 INHERIT 循环引用了 {parent}：请删去其中一处 INHERIT。")
    if not inherited.is_file():
        raise ConfigError(
            f"站点配置 {path} 的 INHERIT 指向的 {parent} 不存在：请改正这个路径（相对于 {path.name} 所在的目录），或删去 INHERIT。"
        )
    return _merged(read_mkdocs_yml(inherited, (*seen, path.resolve())), config)


def _merged(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT merge (mergedeep's replace strategy): nested mappings merged, other values replaced."""
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        merged[key] = _merged(old, value) if isinstance(old, dict) and isinstance(value, Mapping) else value
    return merged


def plugin_options(mkdocs_config: Mapping[str, Any], name: str = "xinyu") -> dict[str, Any]:
    """The options of one plugin, in either list or mapping form of ``plugins``."""
    plugins = mkdocs_config.get("plugins") or []
    if isinstance(plugins, dict):
        return dict(plugins.get(name) or {})
    for entry in plugins:
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return {}


def foreign_option(value: Any, path: tuple[str | int, ...] = ()) -> tuple[tuple[str | int, ...], str] | None:
    """The first option value (its path, and the YAML tag or text that made it) of a kind no option holds: what a
    YAML tag makes (!!binary bytes, a !!set, an !!omap's pairs, a !!timestamp with a time), an infinite or not-a-number
    float, a whole number beyond 64 bits. Text, numbers, true/false, null, dates, lists and mappings are what options are."""
    import datetime as dt
    import math

    from .source import LARGEST_INT

    pending: list[tuple[tuple[str | int, ...], Any]] = [(path, value)]
    while pending:
        where, value = pending.pop(0)
        if isinstance(value, Mapping):
            pending += [(where + (written_key(k),), v) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(where + (i,), v) for i, v in enumerate(value)]
        elif isinstance(value, float) and not math.isfinite(value):
            return where, str(value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_INT:
            return where, f"{len(str(abs(value)))} 位的数字"
        elif isinstance(value, dt.datetime) or not isinstance(value, (str, int, float, bool, dt.date, type(None))):
            tags = {bytes: "!!binary", set: "!!set", frozenset: "!!set", tuple: "!!omap 或 !!pairs", dt.datetime: "!!timestamp"}
            return where, tags.get(type(value), f"YAML 标记（{type(value).__name__}）")
    return None


def foreign_message(root: Path, where: tuple[str | int, ...], what: str) -> str:
    """The configuration error for foreign_option's find, at its line of mkdocs.yml when that can be found."""
    name = " → ".join(["plugins", "xinyu", *(f"[{p}]" if isinstance(p, int) else p for p in where)])
    line = _option_line(root / "mkdocs.yml", where)
    at = f"mkdocs.yml 第 {line} 行" if line else "mkdocs.yml"
    if what.startswith("!!") or what.startswith("YAML"):
        return (
            f"{at}：{name} 的值用了 {what}，选项只接受文字、数字、日期、true/false、列表和“名称: 值”。"
            "请去掉这个标记，直接写出值。"
        )
    return f"{at}：{name} 的值是 {what}，超出选项能用的范围（无穷大、非数字或太大的数）。请写一个普通的数；它是文字时请加引号。"


def _option_line(path: Path, where: tuple[str | int, ...]) -> int | None:
    """The line (1-based) of the xinyu plugin's option at ``where`` in mkdocs.yml; None when it cannot be found there
    (INHERIT, another file given with -f)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            node = yaml.compose(fh, Loader=_TolerantLoader)
    except (OSError, UnicodeError, yaml.YAMLError, RecursionError):
        return None

    def child(node: Any, key: str | int) -> Any:
        if isinstance(node, yaml.MappingNode):
            return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            return node.value[key]
        return None

    plugins = child(node, "plugins")
    if isinstance(plugins, yaml.SequenceNode):
        plugins = next((e for e in plugins.value if child(e, "xinyu") is not None), None)
    node = child(plugins, "xinyu")
    for key in where:
        node = child(node, key)
    return node.start_mark.line + 1 if node is not None else None


def site_from_options(root: Path, options: Mapping[str, Any], every_default: bool = False) -> SiteSpec:
    """Build a SiteSpec from the plugin's options (the same for CLI and plugin).

    Without ``collections`` the site has those of the default collections whose folder exists;
    one inside ``docs/`` must also hold an item, so that a host site's own ``docs/courses/``
    notes stay its ordinary pages (zero configuration). ``every_default`` takes all of them
    (``xinyu new`` makes the first item of a collection whose folder is not there yet).
    """
    root = root.resolve()
    foreign = foreign_option(options)
    if foreign:
        raise ConfigError(foreign_message(root, *foreign))
    declared = options.get("collections")
    in_use = {n: {} for n, spec in DEFAULT_COLLECTIONS.items() if every_default or default_in_use(root, spec["source"])}
    raw = declared if declared else in_use
    collections = {written_key(name): collection_spec(written_key(name), spec) for name, spec in raw.items()}
    from ..guard.options import validate_options
    from .programme import programme_spec

    privacy_problems = validate_options(options.get("privacy"))
    if privacy_problems:
        raise ConfigError("privacy 选项有误：" + "；".join(privacy_problems))
    return SiteSpec(
        root=root,
        collections=collections,
        vocabulary=data_file(root, options, "vocabulary", DEFAULT_VOCABULARY, "使用内置词表"),
        authors=data_file(root, options, "authors", DEFAULT_AUTHORS, "不使用作者名录"),
        repo_edit_base=str(options.get("edit_base") or ""),
        options=dict(options),
        programme=programme_spec(options, {name: spec.prefix for name, spec in collections.items()}),
    )


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{what} 要写成“字段: 值”，例如 defaults: {{audience: [家长]}}。")
    return {written_key(k): v for k, v in value.items()}


def collection_spec(name: str, spec: Mapping[str, Any] | None) -> CollectionSpec:
    """One declared collection, its missing keys taken from the default collection of that name."""
    if not NAME_RE.match(name):
        raise ConfigError(f"collections：集合名“{name}”无效：只能用小写英文字母、数字、- 和 _，且以字母开头。")
    spec = {**DEFAULT_COLLECTIONS.get(name, {}), **{k: v for k, v in (spec or {}).items() if v is not None}}
    missing = [k for k in ("label", "source", "schema") if not spec.get(k)]
    if missing:
        raise ConfigError(
            f"collections → {name}：缺少 {', '.join(missing)}。例如：\n  {name}:\n    label: 优秀案例\n    source: {name}\n    schema: cases"
        )
    return CollectionSpec(
        name=name,
        label=str(spec["label"]),
        source=str(spec["source"]).strip("/"),
        schema=str(spec["schema"]),
        prefix=str(spec.get("prefix") or name).strip("/"),
        item_label=str(spec.get("item_label") or "条目"),
        facets=[f if isinstance(f, dict) else str(f) for f in spec.get("facets") or []],
        description=str(spec.get("description") or ""),
        group_by=[str(g) for g in _as_list(spec.get("group_by") or ["year"])],
        defaults=_mapping(spec.get("defaults"), f"集合 {name} 的 defaults"),
    )


def data_file(root: Path, options: Mapping[str, Any], key: str, default: str, otherwise: str) -> str:
    """A data file's site-relative path: a declared one must exist; the default may be absent."""
    value = options.get(key)
    if not value:
        return default
    if not (root / str(value)).is_file():
        raise ConfigError(f"{key}：找不到文件 {value}（相对于 mkdocs.yml 所在的文件夹）。请改成正确的路径，或删去这一项以{otherwise}。")
    return str(value)


_TOPICS_RE = re.compile(rb"^topics\s*:", re.MULTILINE)


def default_in_use(root: Path, source: str) -> bool:
    """Whether a default collection's folder is there (and, inside docs/, holds an item)."""
    folder = root / source
    if not folder.is_dir():
        return False
    return not source.startswith("docs/") or holds_items(folder)


def holds_items(folder: Path) -> bool:
    """Whether a folder holds at least one item: a Markdown file whose front matter has ``topics``."""
    for md in [*folder.glob("*.md"), *folder.glob("*/index.md")]:
        try:
            with open(md, "rb") as fh:
                head = fh.read(16384).lstrip(b"\xef\xbb\xbf")
        except OSError:
            continue
        end = head.find(b"\n---", 3)
        if head.startswith(b"---") and _TOPICS_RE.search(head[: end if end > 0 else None]):
            return True
    return False


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def load_site(config_file: Path) -> SiteSpec:
    """Read a site's mkdocs.yml (as the ``xinyu`` command does)."""
    config = read_mkdocs_yml(config_file)
    return site_from_options(config_file.parent, plugin_options(config)).with_docs(config)
