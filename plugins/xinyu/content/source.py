"""Read an item file: decode it, split the front matter, parse YAML keeping line numbers.

PyYAML's safe loader is used with timestamps left as text (the contract reads
``date`` as the string ``YYYY-MM-DD``). Every key's line and every scalar's raw
text are kept so that later stages can point a contributor at the exact line.

Parsers get limits before they get input: a file's size before it is read, a
document's length before it is parsed, its depth and its size with aliases
expanded (an alias bomb) before any value is built. Each is a located problem.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..guard.files import kind_of
from .commands import command
from .problems import FILE, META, Problem, hidden_in, shown, without_hidden

Path_ = tuple[str | int, ...]

UTF8_HELP = (
    "文件不是 UTF-8 编码。请用 UTF-8 重新保存：Windows 记事本选“另存为”，"
    "在“编码”中选 UTF-8；VS Code 点右下角的编码名称，选“通过编码保存”→ UTF-8。"
)
MAX_ITEM_BYTES = 2 * 1024 * 1024  # an item's Markdown file; a long case is a few dozen KB


@dataclass(frozen=True)
class Limits:
    """What one YAML document may hold; checked before a single value is built."""

    chars: int  # length of the YAML text
    nodes: int  # values, keys and collections, counting every use of an alias (*name) again
    depth: int = 20  # nesting of lists and mappings


FRONT_MATTER = Limits(chars=256 * 1024, nodes=10_000)  # real front matter: a few dozen values
DATA_FILE = Limits(chars=4 * 1024 * 1024, nodes=200_000)  # data/*.yml: thousands of people

ALIAS_BOMB = "这里的 YAML 锚点（&）被别名（*）层层引用，展开后超过 {nodes} 个值，无法读取。请直接写出每个值，不要使用 & 和 *。"
ALIAS_LOOP = "这里的 YAML 别名（*）引用了包含它自己的锚点（&），会无限展开。请直接写出每个值，不要使用 & 和 *。"
TOO_DEEP = "“{key}”的列表或子字段嵌套超过 {depth} 层，无法读取。元数据只需要一两层，请对照模板改写。"
TOO_MANY = "元数据太大：超过 {nodes} 个值。请删减，长的内容写在正文里。"
NOT_A_NAME = "字段名要写成一个词（如 title:），这里的字段名是一个列表或一组子字段（以 ? 或 [ 、{ 开头），无法读取。请改成“字段: 值”。"
TOO_LONG = "元数据太长（超过 {kb} KB）。请删减，长的内容写在正文里。"


_NO_TIMESTAMPS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class WrittenKeys:
    """Mapping keys as the contributor wrote them: ``null:``, ``true:``, ``1.5:`` are the fields "null", "true",
    "1.5" (YAML would make them None, True, 1.5, which no message can name); a key that is itself a list or a
    mapping (``? [a, b]``) is left out here and reported by _walk at its line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        self.flatten_mapping(node)  # merge keys (<<: *base) first, as SafeConstructor does
        return {key.value: self.construct_object(value, deep=deep) for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def written_key(key: Any) -> str:
    """A mapping key that another loader built (MkDocs reads mkdocs.yml) in the words YAML writes it: None → null,
    True → true, 1.5 → 1.5, a date → 2024-01-01, never "None" or "True". A key read here is already its text."""
    if isinstance(key, str):
        return key
    return "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)


class _TextDateLoader(WrittenKeys, yaml.SafeLoader):
    """Safe loader that leaves dates as strings; its error messages are the ones we translate."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


class _FastTextDateLoader(WrittenKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: several times faster
    """The same on libyaml, for the common case of valid YAML."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


@dataclass
class FrontMatter:
    """Parsed front matter with where each value came from."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)
    hidden: bool = False  # a value had hidden characters (refused at its line; taken out of ``data``)
    refused: set[str] = field(default_factory=set)  # fields whose value had a kind it may not hold (made plain, told)

    def told(self, name: str) -> bool:
        """Whether field ``name`` (``tags[0]``, ``award.level``) is, or is inside, a value already refused at its line:
        a later check of what it was made into would only say the same again."""
        return any(name == r or name.startswith((r + ".", r + "[")) for r in self.refused)

    def line_of(self, path: Path_) -> int:
        """Line of the closest enclosing key that is known; 1 when none is."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


@dataclass
class SourceFile:
    """The decoded text of one item file split into front matter and body."""

    text: str
    front: FrontMatter | None
    body: str
    body_line: int
    problems: list[Problem]


def yaml_value(text: str) -> Any:
    """A value a contributor typed (``xinyu new --consent '{form: …}'``), read as front matter is: keys as written,
    dates as text. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_FastTextDateLoader)


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (BOM allowed), CRLF/CR normalised to LF."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return None, [Problem(rel, 1, FILE, "文件是 UTF-16 编码。" + UTF8_HELP)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, FILE, UTF8_HELP)]
    if "\x00" in text:
        return None, [Problem(rel, 1, FILE, "文件含有空字符（\\0），不是文本文件。请确认保存的是 Markdown 文本。")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_source(raw: bytes, rel: str) -> SourceFile:
    """Decode and split an item file; every problem is returned, never raised."""
    text, problems = decode(raw, rel)
    if text is None:
        return SourceFile("", None, "", 1, problems)
    if not text.strip():
        return SourceFile(
            text,
            None,
            "",
            1,
            [Problem(rel, 1, FILE, f"文件是空的。请从模板开始：运行 {command('new case')}，或复制一个已有案例的 index.md。")],
        )
    lines = text.split("\n")
    if lines[0].strip() != "---":
        msg = f"缺少元数据（front matter）：文件第一行必须是 ---，接着写“字段: 值”，再以一行 --- 结束。可运行 {command('new case')} 生成模板。"
        return SourceFile(text, None, text, 1, [Problem(rel, 1, META, msg)])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        msg = "元数据没有结束：在最后一个字段之后加一行 ---，再写正文。"
        return SourceFile(text, None, "", 1, [Problem(rel, 1, META, msg)])
    front, problems = parse_front_matter("\n".join(lines[1:end]), rel, first_line=2)
    return SourceFile(text, front, "\n".join(lines[end + 1 :]), end + 2, problems)


def parse_front_matter(
    yaml_text: str, rel: str, first_line: int = 1, limits: Limits = FRONT_MATTER
) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse YAML into a FrontMatter; syntax errors and documents beyond ``limits`` become located problems."""
    empty = [Problem(rel, max(first_line - 1, 1), META, "元数据是空的：在两行 --- 之间填写 title、summary 等字段。")]
    if not yaml_text.strip():
        return None, empty
    if len(yaml_text) > limits.chars:
        line = yaml_text[: limits.chars].count("\n") + first_line  # where the document passes the limit
        return None, [Problem(rel, line, META, TOO_LONG.format(kb=limits.chars // 1024))]
    foreign: list[Problem] = []
    try:
        node, data = _load(_FastTextDateLoader, yaml_text, limits, foreign, rel, first_line)
    except Refused as exc:
        return None, [Problem(rel, exc.line + first_line, META, exc.message)]
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        return None, _explain(exc, yaml_text, rel, first_line, limits)
    if node is None:
        return None, empty
    comments = [p for p in typing_slips(yaml_text, rel, first_line) if "注释" in p.message]
    if comments:
        return None, comments  # `summary: #初二` parses as an empty value: say why
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        line = node.start_mark.line + first_line
        return None, [Problem(rel, line, META, "元数据必须是一组“字段: 值”（例如 title: 我的案例），现在是一个列表或单个值。")]
    front = FrontMatter(data, refused={p.field for p in foreign})
    problems: list[Problem] = foreign  # values of a kind front matter cannot hold, already made plain at their lines
    try:
        _walk(node, (), front, first_line, rel, problems, limits.depth)
    except Refused as exc:
        return None, [Problem(rel, exc.line + first_line, META, exc.message)]
    if front.hidden:
        front.data = _without_hidden(data)  # refused at their lines, and no reader gets them (a registry's record is kept)
    return front, problems


HIDDEN = (
    "有看不见的字符 {codes}（零宽空格、文字方向控制符、终端控制符等，常随从网页、微信或 Word 复制的文字带进来）："
    "网页、表格和终端显示的文字会与写下的不一样，甚至颠倒顺序。请删除这个值里的这些字符（最稳妥的是重新输入这个值）。"
)


def _without_hidden(value: Any) -> Any:
    if isinstance(value, str):
        return without_hidden(value)
    if isinstance(value, dict):
        return {without_hidden(k) if isinstance(k, str) else k: _without_hidden(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_hidden(v) for v in value]
    return value


def _explain(exc: Exception, yaml_text: str, rel: str, first_line: int, limits: Limits) -> list[Problem]:
    """Why the fast parser refused the text, at the line where the faulty construct begins."""
    if isinstance(exc, RecursionError) or "nesting depth" in str(exc):  # libyaml stops at 1,000 levels
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else first_line
        return [Problem(rel, line, META, TOO_DEEP.format(key=_key_of_line(yaml_text, line - first_line), depth=limits.depth))]
    slips = typing_slips(yaml_text, rel, first_line)
    if slips:
        return slips  # the usual mistakes, named at their own line, beat the parser's guess
    # Parse again with the pure-Python loader: its messages and marks are the ones we explain.
    try:
        _load(_TextDateLoader, yaml_text, limits)
    except Refused as refused:
        return [Problem(rel, refused.line + first_line, META, refused.message)]
    except yaml.reader.ReaderError as error:
        line = yaml_text[: max(error.position, 0)].count("\n") + first_line
        return [
            Problem(rel, line, META, f"元数据中有不可见的特殊字符（U+{error.character:04X}），请删除它（常见于从网页或 Word 复制的文字）。")
        ]
    except yaml.MarkedYAMLError as error:
        return [_syntax_problem(error, rel, first_line)]
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as error:
        exc = error
    number = _unreadable_number(yaml_text, rel, first_line)
    if number is not None:
        return [number]
    return [Problem(rel, first_line, META, f"元数据无法读取（{type(exc).__name__}）。请检查缩进和冒号。")]


INT_TAG = "tag:yaml.org,2002:int"
STR_TAG = "tag:yaml.org,2002:str"


def _unreadable_number(yaml_text: str, rel: str, first_line: int) -> Problem | None:
    """The first value YAML reads as a whole number but cannot make one of (more digits than Python converts, 4,300),
    at its line; None when there is none. The document is composed only (nodes, no values): it parsed that far."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()  # Python before 3.10.7 has no limit
    if not limit:
        return None
    loader = yaml.SafeLoader(yaml_text)
    try:
        pending = [(loader.get_single_node(), "")]
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    while pending:
        node, key = pending.pop(0)
        if isinstance(node, yaml.MappingNode):
            pending += [(v, str(k.value) if isinstance(k, yaml.ScalarNode) else key) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            pending += [(v, key) for v in node.value]
        elif isinstance(node, yaml.ScalarNode) and node.tag == INT_TAG and sum(c.isdigit() for c in node.value) > limit:
            digits = sum(c.isdigit() for c in node.value)
            where = f"“{shown(key)}”的值" if key else "这个值"
            return Problem(
                rel,
                node.start_mark.line + first_line,
                META,
                f'{where}是一个 {digits} 位的数字，太长，无法读取。请核对这个值；它本来就不是数字时，请给它加上引号（"…"）。',
            )
    return None


def _load(
    loader_class: type, yaml_text: str, limits: Limits, foreign: list[Problem] | None = None, rel: str = "", first: int = 1
) -> tuple[yaml.Node | None, Any]:
    """Compose the document (cheap: an alias is the same node again), measure it, make every value of a kind front
    matter cannot hold plain (a problem each, into ``foreign``), then build values."""
    loader = loader_class(yaml_text)
    try:
        if len(yaml_text) > limits.nodes:  # a shorter text cannot hold more values than it has characters
            _count_values(loader_class, yaml_text, limits)
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "*" in yaml_text:  # an alias (*name) makes values appear again: count them as expanded
            measure(node, limits)
        found = plain_values(node) if MAYBE_FOREIGN.search(yaml_text) else []  # the walk costs a third of a parse
        if foreign is not None:
            foreign += [Problem(rel, line + first, field_name(path) or META, message) for line, path, message in found]
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


class Refused(Exception):
    """A document beyond the limits; ``line`` (0-based, in the document) is where its construct begins."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _count_values(loader_class: type, yaml_text: str, limits: Limits) -> None:
    """Count a long document's values from the parser's events (no node is kept) before composing it."""
    loader = loader_class(yaml_text)
    count = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                count += 1
                if count > limits.nodes:
                    raise Refused(event.start_mark.line, TOO_MANY.format(nodes=limits.nodes))
    finally:
        loader.dispose()


# What front matter and data files may hold: text, numbers, true/false, null, lists and mappings. Dates are text
# here (no timestamp resolver). Every other tag (!!binary, !!set, !!omap, !!pairs, !!timestamp, !!python/…, !mine)
# builds a value no check, cache or page knows (bytes, set, tuple, datetime), or none at all.
PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "seq", "map")}
SET_TAG = "tag:yaml.org,2002:set"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
FLOAT_TAG = "tag:yaml.org,2002:float"
LARGEST_INT = 2**63 - 1  # what a cache, a database or another program's JSON reader keeps exactly as a whole number
FOREIGN_TAG = (
    "“{name}”的值用了 YAML 标记 {tag}，网站只接受文字、数字、日期、true/false、列表（[甲, 乙]）和“字段: 值”。"
    "请去掉 {tag}，直接写出这个值{hint}。"
)
NOT_A_NUMBER = (
    "“{name}”的值 {text} 在 YAML 里是无穷大或“非数字”（NaN），网站不接受。"
    '它是一段文字时请加引号，如 {key}"{text}"；是数字时请写出一个普通的数。'
)
HUGE_INT = (
    "“{name}”的值是一个 {digits} 位的数字，超出网站能准确保存的范围。"
    '它是编号、证件号之类的文字时请加引号（"…"）；是数字时请核对这个值。'
)


# What a value plain_values would change needs in the text: a tag (!), an infinite or not-a-number float (.inf, .nan,
# 1e400), a whole number of 19 digits or more; the value tag (=) is resolved without any.
MAYBE_FOREIGN = re.compile(r"!|\.(?:inf|nan)|\d{19}|[eE]\+?\d{3}|=", re.IGNORECASE)


_SCALARS = yaml.constructor.SafeConstructor()  # builds one number from its text (no document, no state)


def shown_tag(tag: str) -> str:
    """A tag as it is written: tag:yaml.org,2002:binary → !!binary."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def plain_values(root: yaml.Node) -> list[tuple[int, Path_, str]]:
    """Make every composed value front matter may not hold plain, in place, before any value is built; return
    (0-based line, path, message) for each. A value with another tag becomes what it was written as (its text, its
    list, its mapping; a !!set its list of members), so the rest of the file is still checked and its line named;
    infinite or not-a-number floats and whole numbers beyond 64 bits become their text. Keys are read as written
    (WrittenKeys), so only values are looked at."""
    found: list[tuple[int, Path_, str]] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: the same node again, made plain once
            continue
        seen.add(id(node))
        name = field_name(path) or META
        line = node.start_mark.line
        if node.tag not in PLAIN_TAGS:
            tag = shown_tag(node.tag)
            if isinstance(node, yaml.MappingNode) and node.tag == SET_TAG:
                hint = f"：几项用列表写，如 {path[-1] if path else 'topics'}: [甲, 乙]" if path else ""
                node.__class__, node.tag = yaml.SequenceNode, SEQ_TAG  # {a, b} as !!set: the list [a, b]
                node.value = [key for key, _ in node.value]
            elif isinstance(node, yaml.MappingNode):
                hint, node.tag = "", MAP_TAG
            elif isinstance(node, yaml.SequenceNode):
                hint, node.tag = "：几项用列表写，如 [甲, 乙]", SEQ_TAG
            else:
                hint, node.tag = "（文字直接写，日期写成 2024-05-20）", STR_TAG
            found.append((line, path, FOREIGN_TAG.format(name=name, tag=tag, hint=hint)))
        elif node.tag == FLOAT_TAG and not _finite(node.value):
            key = f"{path[-1]}: " if path and isinstance(path[-1], str) else ""
            found.append((line, path, NOT_A_NUMBER.format(name=name, text=shown(node.value), key=key)))
            node.tag = STR_TAG
        elif node.tag == INT_TAG and _huge(node.value):
            found.append((line, path, HUGE_INT.format(name=name, digits=sum(c.isdigit() for c in node.value))))
            node.tag = STR_TAG
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, path + (str(key.value),)) for key, value in reversed(node.value) if isinstance(key, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in reversed(list(enumerate(node.value))))
    found.sort(key=lambda f: f[0])
    return found


def _finite(text: str) -> bool:
    """Whether YAML's float ``text`` is a number: not .inf, .nan, nor too large a float (1e400)."""
    try:
        value = _SCALARS.construct_yaml_float(yaml.ScalarNode(FLOAT_TAG, text))
    except (ValueError, TypeError, OverflowError):
        return True  # not a float after all: the constructor says so later, as before
    return math.isfinite(value)


def _huge(text: str) -> bool:
    """Whether YAML's whole number ``text`` is beyond 64 bits (one longer than Python converts is told later, as before)."""
    digits = sum(c.isdigit() for c in text)
    if digits <= 18 or digits > (getattr(sys, "get_int_max_str_digits", lambda: 0)() or 10**9):
        return False
    try:
        value = _SCALARS.construct_yaml_int(yaml.ScalarNode(INT_TAG, text))
    except (ValueError, TypeError, OverflowError):
        return False
    return abs(value) > LARGEST_INT


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def measure(root: yaml.Node, limits: Limits) -> None:
    """Raise Refused when the document, with every alias expanded, holds too many values or loops.

    Each node is measured once (an alias reaches a node already measured), so an alias bomb
    is measured in time linear in its text, without expanding it. Depth is checked by _walk.
    """
    size: dict[int, int] = {}
    shared: list[yaml.Node] = []  # nodes reached again through an alias
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            size[key] = 1 + sum(size[id(k)] for k in _children(node))
            on_path.discard(key)
        elif key in size:
            shared.append(node)
        elif key in on_path:
            raise Refused(node.start_mark.line, ALIAS_LOOP)
        else:
            on_path.add(key)
            stack.append((node, True))
            stack.extend((kid, False) for kid in _children(node))
    if size[id(root)] > limits.nodes:  # only aliases can do this: _count_values saw each value once
        raise Refused(min(n.start_mark.line for n in shared), ALIAS_BOMB.format(nodes=limits.nodes))


def _key_of_line(yaml_text: str, index: int) -> str:
    lines = yaml_text.split("\n")
    match = re.match(KEY, lines[index]) if 0 <= index < len(lines) else None
    return match.group(1) if match else "元数据"


def read_data_file(path: Path, rel: str, limits: Limits = DATA_FILE) -> tuple[FrontMatter | None, list[Problem]]:
    """A site's YAML data file (authors, vocabulary …): the same limits and located problems as front matter."""
    kind, size = kind_of(path)
    if kind not in ("file", "missing"):  # a link (out of the repository, to /dev/zero …), a hard link or a device: never read
        return None, [
            Problem(
                rel,
                1,
                FILE,
                f"“{rel}”是链接（符号链接、快捷方式或硬链接）或特殊文件：只读取仓库里真实存在的文件，链接不会被跟随。请删除链接，把文件本身（一份副本）放进仓库。",
            )
        ]
    if size > 4 * limits.chars:  # UTF-8: at most 4 bytes a character
        return None, [Problem(rel, 1, FILE, f"文件太大（超过 {4 * limits.chars // 1024 // 1024} MB），无法读取。")]
    try:
        with open(path, "rb") as fh:
            raw = fh.read(4 * limits.chars + 1)
    except OSError as exc:
        return None, [Problem(rel, 1, FILE, f"无法读取文件（{exc.strerror}）。")]
    text, problems = decode(raw, rel)
    if text is None or not text.strip():
        return None, problems
    return parse_front_matter(text, rel, limits=limits)


def field_name(path: Path_) -> str:
    """('attachments', 0, 'file') → 'attachments[0].file'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk(node: yaml.Node, path: Path_, front: FrontMatter, first: int, rel: str, problems: list[Problem], max_depth: int) -> None:
    """Record the line of every key and the raw text of every scalar; refuse nesting deeper than ``max_depth``."""
    if len(path) > max_depth:
        top = front.lines[path[:1]]
        raise Refused(top - first, TOO_DEEP.format(key=path[0], depth=max_depth))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + first
            if not isinstance(key_node, yaml.ScalarNode):
                where = field_name(path) or "元数据"
                problems.append(Problem(rel, line, where, NOT_A_NAME))
                continue
            key = key_node.value
            if key in seen:
                name = field_name(path + (key,))
                problems.append(Problem(rel, line, name, f"字段 {name} 写了两次（另一次在第 {seen[key]} 行）；请删除其中一处。"))
            seen.setdefault(key, line)
            front.lines.setdefault(path + (key,), line)
            _walk(value_node, path + (key,), front, first, rel, problems, max_depth)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            front.lines.setdefault(path + (i,), item.start_mark.line + first)
            _walk(item, path + (i,), front, first, rel, problems, max_depth)
    elif isinstance(node, yaml.ScalarNode):
        front.raw[path] = node.value
        codes = hidden_in(node.value) if node.tag == STR_TAG else []
        if codes:
            front.hidden = True
            name = field_name(path) or META
            problems.append(Problem(rel, node.start_mark.line + first, name, f"“{name}”的值{HIDDEN.format(codes='、'.join(codes[:3]))}"))


KEY = r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w.-]*)"
_SLIPS = [
    (re.compile(KEY + r"[ \t]*："), "字段名“{key}”后面用了中文冒号“：”。请改成英文冒号加一个空格，如 {key}: …"),
    (re.compile(KEY + r":\u3000"), "“{key}:”后面是全角空格。请改成一个半角空格（切换到英文输入法再打空格）。"),
    (re.compile(KEY + r":(?=[^\s/:])"), "“{key}:”后面缺少空格。英文冒号后面要加一个空格，如 {key}: …"),
    (
        re.compile(KEY + r":[ \t]+(\"[^\"\n]*\"|'[^'\n]*')[ \t]*[^\s#]"),
        "“{key}”的值里有引号：英文引号只能把整个值括起来。值中间要用引号请改用中文引号“”，或把整个值放进单引号里。",
    ),
    # A quote left open runs on to the next quote, often lines later (a template comment's "2025"): name it here.
    (
        re.compile(KEY + r":[ \t]+(\"[^\"\n]*|'[^'\n]*)$"),
        "引号没有配对：“{key}”的值以引号开头，这一行却没有结束的引号。请在值的末尾补上同样的引号（中英文引号不能混用），或去掉开头的引号。",
    ),
    (
        re.compile(KEY + r":[ \t]+\[[^\]\n]*\][ \t]*[^\s#]"),
        "“{key}”的值以方括号 [ 开头，会被当作列表。请给整个值加引号，如 {key}: '[初二] …'。",
    ),
    (re.compile(KEY + r":[ \t]+#"), "“{key}”的值以 # 开头，YAML 会把它当作注释，内容就丢了。请给整个值加引号，如 {key}: '#…'。"),
]


def typing_slips(yaml_text: str, rel: str, first_line: int) -> list[Problem]:
    """Mistakes teachers really make in front matter, each at its own line."""
    found = []
    for number, line in enumerate(yaml_text.split("\n")):
        for pattern, message in _SLIPS:
            match = pattern.match(line)
            if match:
                found.append(Problem(rel, number + first_line, META, "YAML 语法错误：" + message.format(key=match.group(1))))
                break
    return found


_YAML_HINTS = [
    (re.compile(r"'\\t'|tab", re.I), "这里用了制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成两个空格。"),
    (re.compile(r"quoted scalar"), "引号没有配对：这一行开始的引号没有结束，请补上另一半引号（中英文引号不能混用）。"),
    (
        re.compile(r"mapping values are not allowed"),
        "冒号用法有误：一行只能有一个“字段: 值”；值里含英文冒号时请给整个值加引号，或改用中文冒号“：”。",
    ),
    (re.compile(r"could not find expected ':'"), "缺少冒号：每个字段都写成“字段: 值”（英文冒号后加一个空格）。"),
    (
        re.compile(r"expected <block end>|did not find expected key|expected a mapping"),
        "缩进不一致：同一层的字段要左对齐，列表项用“- ”开头并对齐。",
    ),
    (re.compile(r"flow (sequence|mapping)"), "方括号 [ ] 或花括号 { } 没有配对：请检查是否漏写了 ] 或 }。"),
    (re.compile(r"found character .* that cannot start any token"), "这一行以 YAML 不允许的字符开头（如 @ 或 `）；请给整个值加上引号。"),
    (
        re.compile(r"found undefined alias|found unknown escape|undefined tag|could not determine a constructor"),
        "这里用了 YAML 的特殊写法（& * ! 或反斜杠）；请给整个值加上引号。",
    ),
    (re.compile(r"block scalar|block sequence"), "列表或多行文本的缩进不对：列表项用“- ”开头，并比字段名多缩进两个空格。"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, rel: str, first: int) -> Problem:
    """Turn a YAML error into one Chinese message at the line where the faulty construct begins."""
    text = " ".join(filter(None, [exc.context, exc.problem]))
    # An unclosed quote or bracket is found lines later: its message goes to where it was opened.
    opened = exc.context_mark is not None and any(word in (exc.context or "") for word in ("quoted", "flow"))
    mark = exc.context_mark if opened else exc.problem_mark
    mark = mark or exc.context_mark
    line = (mark.line + first) if mark is not None else first
    hint = next((msg for rx, msg in _YAML_HINTS if rx.search(text)), "元数据格式有误，请对照模板检查这一行的冒号、缩进和引号。")
    return Problem(rel, line, META, f"YAML 语法错误：{hint}")
