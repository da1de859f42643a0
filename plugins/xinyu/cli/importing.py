"""``xinyu import FILE...``: Word documents into new items (command contract), or ``--check`` them in memory.

Each file becomes one new folder (never over an existing one) whose index.md
``check`` then reads; the privacy guard's findings and what the document held
but was not copied are printed per file; a batch ends with a summary table.
``--check`` writes nothing: it is what the inbox job of a pull request runs on a
.docx a teacher uploaded, and reports by paragraph. Exit 0 when every file was
imported (or, with ``--check``, when no file has an error).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..content.commands import command
from ..content.library import Library
from ..content.problems import BODY, Problem, warning
from ..content.site import CollectionSpec
from ..guard.files import NOT_UTF8_NAME, leftover, shown_path, undecodable
from . import annotations
from .changes import repo_prefix
from .new import find_collection
from .site import open_library
from .visible import raw

SUFFIXES = {".docx", ".doc", ".wps"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="把 Word 文档（.docx）导入为条目",
        description="把 Word 或 WPS 保存的 .docx 文档导入为条目：每个文件一个新文件夹（不会覆盖已有的），"
        "标题、作者、单位、日期和申报表取自文档，图片保存在 index.md 旁边；文档中没有写明的字段留给 check 提示。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".docx 文件或含有 .docx 的文件夹（如 inbox）")
    parser.add_argument("--collection", default="cases", help="导入到哪个集合（默认 cases）")
    parser.add_argument("--round", metavar="NAME", help="作为评选轮次 NAME 的参评案例导入（草稿，评选结果公布前不发布）")
    parser.add_argument("--check", action="store_true", help="只检查、不写文件：按段落报告问题（投稿收件箱 inbox/ 的自动检查用）")
    parser.add_argument("--format", choices=annotations.FORMATS, default="text", help="--check 的输出格式：text、json、github、gitlab")
    parser.add_argument("--output", metavar="FILE", help="--check 的报告写入 FILE（如 GitLab 代码质量报告）")
    parser.add_argument("--remove-source", action="store_true", help="导入成功后删除原文件（合并收件箱 inbox/ 中的投稿时用）")
    parser.add_argument(
        "--keep-original", action="store_true", help="把原 .docx 作为附件“原稿.docx”一起保存（默认不保存：其中可能有修订、批注和作者信息）"
    )
    parser.set_defaults(run=run)


@dataclass
class Outcome:
    """One file's import: where it went (or why not), and what to fix."""

    source: str
    folder: str = ""
    failure: str = ""
    problems: list[Problem] = field(default_factory=list)
    report: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def run(args: argparse.Namespace) -> int:
    library = open_library(args)
    if library is None:
        return 2
    spec = find_collection(args.collection, library)
    if spec is None:
        print(f"没有名为“{args.collection}”的集合。可用：{'、'.join(library.site.collections)}。", file=sys.stderr)
        return 2
    if args.round and not _round_known(args.round, library):
        return 2
    files, missing = expand(args.files)
    if args.check and not files:
        print("没有需要检查的 Word 文档（.docx、.doc、.wps）。", file=sys.stderr)
        return 0  # an empty or absent inbox is the usual case of a pull request
    for name in missing:
        print(f"找不到 {name}：请检查路径和拼写。", file=sys.stderr)
    if not files:
        print("没有要导入的文件（.docx、.doc、.wps）。", file=sys.stderr)
        return 1
    if args.check:
        return check_files(files, library, spec, args)
    outcomes = [_import_one(path, library, spec, args) for path in _progress(files)]
    _summary(outcomes)
    return 0 if not missing and all(o.folder for o in outcomes) else 1


def expand(names: list[str]) -> tuple[list[Path], list[str]]:
    """Files as given; a folder stands for the Word documents in it (sorted)."""
    files, missing = [], []
    for name in names:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and not (p.name.startswith(".") or leftover(p.name)))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def _round_known(name: str, library: Library) -> bool:
    from ..rounds.config import RoundError, load_round

    try:
        load_round(library.site, name)
        return True
    except RoundError as exc:
        print(f"评选配置错误：{exc}", file=sys.stderr)
        return False


def _progress(files: list[Path]):
    """A progress bar on a terminal for a batch; plain iteration otherwise."""
    if len(files) < 2 or not sys.stderr.isatty():
        return files
    from tqdm import tqdm

    return tqdm(files, desc="导入", unit="个", file=raw(sys.stderr), leave=False)  # it draws with \r


def _say(text: str = "") -> None:
    from tqdm import tqdm

    tqdm.write(text, file=sys.stdout)


def _import_one(path: Path, library: Library, spec: CollectionSpec, args: argparse.Namespace) -> Outcome:
    from ..importer import NotConvertible, check_draft, place, prepare

    outcome = Outcome(_shown(path))
    if _unreadable_name(path):
        outcome.failure = NOT_UTF8_NAME.format(name=outcome.source)
        _say(f"✗ {outcome.source}：{outcome.failure}")
        return outcome
    try:
        prepared = prepare(path, library, spec, args.round, keep_original=args.keep_original)
        outcome.problems = check_draft(prepared, library, spec)
        folder = place(prepared, library, spec)
    except NotConvertible as exc:
        outcome.failure = str(exc)
    except FileExistsError:
        outcome.failure = "目标文件夹刚刚被占用，没有覆盖。请重新运行导入。"
    except OSError as exc:
        outcome.failure = f"无法写入（{exc.strerror or exc}）。"
    if outcome.failure:
        _say(f"✗ {outcome.source}：{outcome.failure}")
        return outcome
    outcome.folder = folder.relative_to(library.site.root).as_posix() + "/"
    outcome.report = prepared.draft.report
    rel = outcome.folder + "index.md"
    _say(f"✓ {outcome.source} → {outcome.folder}")
    for problem in outcome.problems:
        _say("  " + Problem(rel, problem.line, problem.field, problem.message, problem.severity).format())
    for line in outcome.report:
        _say(f"  {outcome.source}: {line}")
    if args.remove_source:
        path.unlink()
        _say(f"  已删除原文件 {outcome.source}（内容已在 {outcome.folder}）。")
    return outcome


def _shown(path: Path) -> str:
    """The path as given (relative to the current folder when inside it), bytes that are not UTF-8 written as \\xff."""
    try:
        return shown_path(path.resolve().relative_to(Path.cwd().resolve()).as_posix())
    except ValueError:
        return shown_path(path.as_posix())


def _unreadable_name(path: Path) -> bool:
    """Whether the file's name, or a folder's it was named with, is not UTF-8 (a Windows zip unpacked on Linux): the
    draft names its source file, and nothing that is not UTF-8 can be written into it."""
    return any(undecodable(part) for part in path.parts)


def _summary(outcomes: list[Outcome]) -> None:
    rows = [("文件", "文件夹", "待改错误", "警告")]
    for o in outcomes:
        warnings = len(o.problems) - o.errors + len(o.report)
        rows.append((o.source, o.folder or "未导入：" + o.failure[:30] + "…", str(o.errors), str(warnings)))
    _say()
    for line in table_lines(rows):
        _say(line)
    imported = sum(bool(o.folder) for o in outcomes)
    todo = sum(o.errors for o in outcomes)
    _say(f"\n导入了 {imported}/{len(outcomes)} 个文件；需要修改的错误共 {todo} 个。")
    if todo:
        _say(f"逐个打开上面的 index.md，按提示填写“请填写”的字段，然后运行 {command('check')} 检查。")


def table_lines(rows: list[tuple[str, ...]]) -> list[str]:
    """A plain-text table whose columns line up in a terminal (Chinese characters are two columns wide)."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip() for row in rows]
    return lines[:1] + ["  ".join("-" * w for w in widths)] + lines[1:]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# -- --check: in memory, by paragraph (the inbox job) -------------------------------------------------


def check_files(files: list[Path], library: Library, spec: CollectionSpec, args: argparse.Namespace) -> int:
    from ..importer import NotConvertible, check_draft, prepare

    problems: list[Problem] = []
    for path in files:
        shown = _shown(path)
        if _unreadable_name(path):
            problems.append(Problem(shown, 1, "文件", NOT_UTF8_NAME.format(name=shown)))
            continue
        try:
            prepared = prepare(path, library, spec, args.round)
        except NotConvertible as exc:
            problems.append(Problem(shown, 1, "文件", str(exc)))
            continue
        problems += by_paragraph(shown, prepared, check_draft(prepared, library, spec), library, spec)
    prefix = repo_prefix(library.site.root) if args.format in ("github", "gitlab") else ""
    report = annotations.FORMATTERS[args.format](problems, prefix)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    sys.stdout.write(report if not args.output or args.format == "text" else annotations.text(problems))
    _job_summary(problems, prefix, args.format)
    errors = sum(p.is_error for p in problems)
    print(f"检查了 {len(files)} 个文档：{errors} 个错误，{len(problems) - errors} 个警告。", file=sys.stderr)
    return 1 if errors else 0


def by_paragraph(shown: str, prepared, problems: list[Problem], library: Library, spec: CollectionSpec) -> list[Problem]:
    """The draft's problems as a teacher can find them in Word: by paragraph, or as what the document should state."""
    text = prepared.draft.text
    body_start = text.index("\n---\n", 4) + 6  # the line after the closing ---, 1-based below
    first_body_line = text[:body_start].count("\n") + 1
    places = _places(text.split("\n")[first_body_line - 1 :], first_body_line)
    schema = library.schemas[spec.name]
    out = []
    for p in problems:
        if p.field == BODY and p.line >= first_body_line:
            out.append(Problem(shown, 1, places.get(p.line, "正文"), _for_word(p.message), p.severity))
        elif p.field.split("[")[0].split(".")[0] in ("anonymized", "summary", "round", "status"):
            continue  # confirmed or written by the maintainer when the item is made
        else:
            key = p.field.split("[")[0].split(".")[0]
            label = (schema.properties.get(key) or {}).get("title", key)
            if "现在是空值" in p.message or "缺少必填字段" in p.message:
                message = f"文档中没有写明{label}。请在文档开头写明（如申报表中的一行“{label} | …”）。"
            else:  # stated, but not as the site knows it (初二年级 → 初中): the check's own suggestion helps
                message = f"文档中的{label}写得不对：{p.message}"
            out.append(warning(shown, 1, label, message))
    for line in prepared.draft.report:
        kind, _, rest = line.partition("：")
        out.append(warning(shown, 1, "隐私" if kind == "隐私" else "导入", rest if kind in ("隐私", "提示") else line))
    return out


def _places(lines: list[str], first: int) -> dict[int, str]:
    """Line number → where a teacher finds it in Word: “二、问题分析”一节第 2 段 (the section title, then the paragraph in it)."""
    places, section, count, blank = {}, "", 0, True
    for offset, line in enumerate(lines):
        heading = re.match(r"^#{2,6} (.+)$", line)
        if heading:
            section, count, blank = heading.group(1).strip(), 0, True
            continue
        if line.strip() and blank:
            count += 1
        blank = not line.strip()
        where = f"“{section[:20]}”一节" if section else "文档开头"
        places[first + offset] = f"{where}第 {max(count, 1)} 段"
    return places


def _for_word(message: str) -> str:
    """A body message as it reads for a Word document: no Markdown columns, no markers to type."""
    message = re.sub(r"^(警告：)?第 \d+ 列(的|发现)?", lambda m: (m.group(1) or "") + ("发现" if m.group(2) == "发现" else ""), message)
    return re.sub(r"[，；]?(若审核确认[^。]*|或)?在这一行或上一行加 <!-- xinyu-allow: [^>]*-->。?", "。", message).replace("。。", "。")


def _job_summary(problems: list[Problem], prefix: str, fmt: str) -> None:
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(annotations.github_summary(problems, prefix).replace("投稿检查", "收件箱文档检查"))
        except OSError:
            pass
