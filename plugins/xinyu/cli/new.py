"""``xinyu new <collection>``: ask a few questions in Chinese (or take flags), write a valid item.

Prompts read stdin line by line, so they work in a terminal, piped, and in
tests. Every field of the collection's schema is also a flag (``--title``,
``--grade 初中``, ``--topics 情绪调适 人际交往``); with ``--yes`` nothing is
asked and a missing required value is an error. The slug is made from the
title, never asked for; an existing item is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import yaml

from ..content import load_library
from ..content.commands import command
from ..content.library import Library
from ..content.problems import Problem
from ..content.site import SLUG_RE, CollectionSpec, reserved_slugs
from ..content.source import FrontMatter, read_source, yaml_value
from . import scaffold
from .scaffold import Field
from .site import open_library


class Cancelled(Exception):
    """The contributor stopped (Ctrl+C, end of input): nothing is written."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new",
        help="新建一个条目（案例、课程、讲座、课题……），逐项提问",
        description="新建条目：逐项提问后在集合文件夹中创建 <目录名>/index.md，元数据逐字段附中文说明。"
        "用 xinyu new case --help 查看某个集合可用的选项。",
    )
    parser.add_argument(
        "collection",
        nargs="?",
        help="集合：case/cases（案例）、course（课程）、lecture（讲座）、research（课题）或 mkdocs.yml 中配置的其他集合",
    )
    parser.add_argument("options", nargs=argparse.REMAINDER, help="字段选项，如 --title 标题 --grade 初中 --topics 情绪调适；--yes 不提问")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    _utf8_stdin()
    library = open_library(args)
    if library is None:
        return 2
    try:
        spec = _collection(args.collection, library, ask=not ("--yes" in args.options or "-y" in args.options))
        if spec is None:
            return 2
        return create(spec, library, args.options)
    except Cancelled as exc:
        print(f"\n{exc}未创建任何文件。", file=sys.stderr)
        return 1


def _utf8_stdin() -> None:
    """Piped input is UTF-8 (tests, scripts); a Windows console already reads Unicode."""
    if not sys.stdin.isatty() and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8-sig", errors="replace")


def find_collection(name: str, library: Library) -> CollectionSpec | None:
    """A collection by name, singular (case → cases) or Chinese label (案例, 优秀案例)."""
    specs = library.site.collections
    for spec in specs.values():
        if name in (spec.name, spec.label, spec.item_label) or name + "s" == spec.name or name + "es" == spec.name:
            return spec
    return None


def _collection(name: str | None, library: Library, ask: bool) -> CollectionSpec | None:
    specs = list(library.site.collections.values())
    listing = "、".join(f"{s.name.removesuffix('s')}（{s.label}）" for s in specs)
    if name:
        spec = find_collection(name, library)
        if spec is None:
            print(f"没有名为“{name}”的集合。可以新建：{listing}。例如：{command('new case')}", file=sys.stderr)
        return spec
    if not ask:
        print(f"请写明要新建哪一类条目：{listing}。例如：{command('new case --yes --title …')}", file=sys.stderr)
        return None
    prompt = Prompter(library)
    choice = prompt.choose("要新建哪一类条目？", [f"{s.label}（{s.name}）" for s in specs])
    return specs[choice]


# -- the command -------------------------------------------------------------------------------


def option_parser(spec: CollectionSpec, fields: list[Field]) -> argparse.ArgumentParser:
    """Flags generated from the collection's schema."""
    parser = argparse.ArgumentParser(
        prog=f"xinyu new {spec.name.removesuffix('s')}",
        description=f"新建一个{spec.label}条目。不带选项时逐项提问；给出的选项不再提问。",
    )
    parser.add_argument("-y", "--yes", action="store_true", help="不提问：缺少的必填项直接报错（用于脚本）")
    parser.add_argument("--slug", help="目录名（默认由标题的拼音生成，一般不需要）")
    for field in (f for f in fields if f.kind != "fixed"):
        flags = [f"--{field.name}"] + ([f"--{field.name.replace('_', '-')}"] if "_" in field.name else [])
        many = field.kind in ("choices", "people", "list")
        need = "必填" if field.required else "选填"
        help_text = f"{field.label}（{need}）：{field.prop.get('description', '')}".replace("%", "%%")
        parser.add_argument(*flags, dest=field.name, nargs="+" if many else None, metavar=field.label, help=help_text)
    return parser


def create(spec: CollectionSpec, library: Library, argv: list[str]) -> int:
    schema = library.schemas[spec.name]
    fields = scaffold.fields_of(schema)
    opts = option_parser(spec, fields).parse_args(argv)
    checker = FieldChecker(library, spec)
    values: dict[str, Any] = {}
    refused = False  # every option with a bad value is named at once
    for field in fields:
        raw = getattr(opts, field.name, None)
        if raw is not None:
            given = _from_flag(field, raw)
            value, problems = checker.read(field, given)
            note = rewritten(given, value)
            if problems:
                _print_problems(f"--{field.name}", problems)
                refused = True
            elif note:
                print(f"--{field.name}：{note}", file=sys.stderr)
            values[field.name] = value
    if refused:
        return 1
    prompter = None if opts.yes else Prompter(library)
    if prompter:
        prompter.say(f"新建{spec.label}。按提示输入，直接回车使用 [方括号] 中的默认值；按 Ctrl+C 可随时取消。\n")
    missing = []
    for field in fields:
        if field.name in values:
            continue
        default = scaffold.default_value(field)
        if prompter and field.asked:
            values[field.name] = prompter.ask(field, default, checker)
        elif default is not None:
            values[field.name] = default
        elif field.required and field.kind != "other":
            missing.append(field)
    if missing:
        flags = " ".join(f"--{f.name} {'true' if f.kind == 'confirm' else '…'}" for f in missing)
        print(f"缺少必填项：{'、'.join(f.label for f in missing)}。请加上 {flags}（或去掉 --yes，按提示输入）。", file=sys.stderr)
        return 1
    return write_item(spec, library, values, opts.slug)


def _from_flag(field: Field, raw: Any) -> Any:
    if isinstance(raw, list):
        return [part for item in raw for part in scaffold.split_list(item)]
    if field.kind == "other":
        try:
            return yaml_value(raw)
        except yaml.YAMLError:
            return raw
    return raw


def write_item(spec: CollectionSpec, library: Library, values: dict[str, Any], slug: str | None) -> int:
    """Render, check the text before writing, write, then run the full check on it."""
    root = library.site.root
    source = spec.source_dir(root)
    if slug is not None and not SLUG_RE.match(slug):
        print(f"目录名“{slug}”无效：只能用小写英文字母、数字和 -。不写 --slug 时会自动生成。", file=sys.stderr)
        return 1
    slug = slug or scaffold.make_slug(str(values.get("title") or ""), source, reserved=reserved_slugs(spec))
    folder = source / slug
    if folder.exists() or scaffold.taken(slug, source):
        print(f"{folder.relative_to(root).as_posix()} 已经存在，不会覆盖。请换一个目录名，或直接编辑已有的条目。", file=sys.stderr)
        return 1
    text = scaffold.render_item(library.schemas[spec.name], spec, values, library.vocabulary)
    rel = f"{spec.source}/{slug}/index.md"
    errors = [p for p in _check_text(text, rel, library, spec) if p.is_error]
    if errors:
        _print_problems("生成的模板", errors)
        return 1
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8", newline="\n")
    problems = load_library(library.site, only={rel}).problems()
    for problem in problems:
        print(problem.format())
    _next_steps(spec, slug, rel)
    return 1 if any(p.is_error for p in problems) else 0


def _check_text(text: str, rel: str, library: Library, spec: CollectionSpec) -> list[Problem]:
    source = read_source(text.encode("utf-8"), rel)
    if source.front is None:
        return source.problems
    return source.problems + library.schemas[spec.name].check(source.front, rel).problems


def _next_steps(spec: CollectionSpec, slug: str, rel: str) -> None:
    folder = f"{spec.source}/{slug}/"
    print(f"\n已创建 {rel}\n")
    print("接下来：")
    print(f"  1. 用编辑器（如 VS Code、记事本）打开 {rel}，按“#”开头的说明修改元数据，在各个小标题下写正文。")
    print(f"  2. 附件（教案、记录表、图片）放进 {folder} 文件夹，并写进 attachments。")
    print(f"  3. 检查：{command('check ' + rel)}")
    print(f"  4. 预览：{command('serve')}，然后在浏览器打开 http://127.0.0.1:8000/{spec.prefix}/{slug}/")


def _print_problems(where: str, problems: list[Problem]) -> None:
    for problem in problems:
        print(f"{where}：{problem.field}: {problem.message}", file=sys.stderr)


# -- checking one answer ------------------------------------------------------------------------


class FieldChecker:
    """Checks one field's value with the collection's own schema (same messages as xinyu check)."""

    def __init__(self, library: Library, spec: CollectionSpec):
        self.library = library
        self.schema = library.schemas[spec.name]
        self.rel = f"{spec.source}/new/index.md"
        self.people_ids = {p.name: pid for pid, p in library.registry.people.items()}

    def read(self, field: Field, value: Any) -> tuple[Any, list[Problem]]:
        """(normalised value, problems about this field)."""
        if field.kind in ("integer", "number") and isinstance(value, str):
            value = _number(value)
        if field.kind in ("boolean", "confirm") and isinstance(value, str):
            value = {"是": True, "true": True, "y": True, "否": False, "false": False, "n": False}.get(value.strip().lower(), value)
        if field.kind == "people" and isinstance(value, list):
            value = [self.people_ids.get(v, v) if isinstance(v, str) else v for v in value]
        if field.kind == "date":  # 2024-5-8, 2024/5/8, 2024年5月8日: written as the contract writes dates
            from ..content.schema import written_date  # here: the validator is slow to load

            value = written_date(value) or value
        front = FrontMatter({field.name: value}, {(field.name,): 1})
        checked = self.schema.check(front, self.rel)
        mine = [p for p in checked.problems if p.field == field.name or p.field.startswith((field.name + "[", field.name + "."))]
        value = checked.data.get(field.name, value)
        if field.kind == "people" and isinstance(value, list):
            mine += self.library.registry.resolve(value, field.name, self.rel, lambda path: 1)[1]
        return value, mine


def rewritten(given: Any, value: Any) -> str:
    """What was written differently from how it was given (a variant spelling as the vocabulary's term, a date as
    dates are written), as “初一”写作“初中”；empty when nothing was."""
    pairs = list(zip(given, value, strict=True)) if isinstance(given, list) and isinstance(value, list) and len(given) == len(value) else [(given, value)]
    changed = [(g, v) for g, v in pairs if isinstance(g, str) and isinstance(v, str) and g.strip() != v]
    return "、".join(f"“{g.strip()}”写作“{v}”" for g, v in changed)


def _number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


# -- prompts --------------------------------------------------------------------------------------


class Prompter:
    """Chinese questions on stdout, answers from stdin; re-asks until an answer passes the schema."""

    def __init__(self, library: Library, read: Callable[[str], str] = input):
        self.vocabulary = library.vocabulary
        self._read = read

    def say(self, text: str) -> None:
        print(text, flush=True)

    def line(self, prompt: str = "> ") -> str:
        try:
            return self._read(prompt).strip()
        except EOFError:
            raise Cancelled("输入已结束，") from None
        except KeyboardInterrupt:
            raise Cancelled("已取消，") from None

    def choose(self, question: str, options: list[str]) -> int:
        self.say(question)
        self.say(_numbered(options))
        while True:
            answer = self.line()
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return int(answer) - 1
            self.say(f"请输入 1 到 {len(options)} 之间的编号。")

    def ask(self, field: Field, default: Any, checker: FieldChecker) -> Any:
        self._question(field, default)
        while True:
            answer = self.line()
            if not answer:
                if default is not None:
                    return default
                if not field.required:
                    return None
                self.say("这一项必填，请输入。")
                continue
            given = self._parse(field, answer)
            value, problems = checker.read(field, given)
            if not problems:
                note = rewritten(given, value)
                if note:
                    self.say(f"（{note}）")
                return value
            if field.kind == "confirm" and value is not False:  # not 否: the schema's message is how a file says it (true)
                self.say("✗ 请输入“是”确认。不能确认就按 Ctrl+C 取消，不会创建任何文件。")
                continue
            for problem in problems:
                self.say(f"✗ {problem.message}")
            self.say("请重新输入。")

    def _question(self, field: Field, default: Any) -> None:
        need = "必填" if field.required else "选填，可直接回车跳过"
        description = field.prop.get("description", "")
        self.say(f"\n{field.label}（{need}）：{description}")
        terms = self._terms(field)
        if terms:
            self.say(_numbered(terms))
            many = "，多个用空格或逗号隔开" if field.kind == "choices" else ""
            self.say(f"请输入编号{many}（也可以直接写名称，如 {terms[0]}）：")
        elif field.kind in ("list", "people"):
            self.say("多个用顿号“、”或逗号隔开。")
        elif field.kind == "confirm":
            self.say(
                "请输入“是”确认（由您本人确认，不会自动填写；提交前请再按投稿指南的隐私检查清单核对一遍）。不能确认就按 Ctrl+C 取消，不会创建任何文件。"
            )
            return
        example = field.example
        if default is not None:
            self.say(f"[{scaffold.yaml_value(default)}]")
        elif example is not None and not terms:
            shown = "、".join(map(str, example)) if isinstance(example, list) else example
            self.say(f"例如：{shown}")

    def _terms(self, field: Field) -> list[str]:
        name = field.prop.get("x-vocabulary")
        return self.vocabulary[name].terms if name and name in self.vocabulary else []

    def _parse(self, field: Field, answer: str) -> Any:
        terms = self._terms(field)
        if field.kind == "choices":
            parts = [p for chunk in scaffold.split_list(answer) for p in chunk.split()]
            return [_pick(p, terms) for p in parts]
        if field.kind == "choice":
            return _pick(answer, terms)
        if field.kind in ("list", "people"):
            return scaffold.split_list(answer)
        return answer


def _pick(answer: str, terms: list[str]) -> str:
    """A number picks from the list; anything else is a term or alias, checked by the schema."""
    if answer.isdigit() and 1 <= int(answer) <= len(terms):
        return terms[int(answer) - 1]
    return answer


def _numbered(options: list[str]) -> str:
    cells = [f"{i}. {o}" for i, o in enumerate(options, 1)]
    rows = [cells[i : i + 4] for i in range(0, len(cells), 4)]
    return "\n".join("  " + "   ".join(row) for row in rows)
