"""Privacy and safety checks on an entry (personal data, unsafe Markdown, attachment policy).

``check_entry`` is called by the content core for every entry after its
front matter is validated; it returns problems (errors or ``警告：`` warnings).
``sanitize_html`` is run by the build on every item's rendered HTML.

Modules: ``patterns`` (IDs, phones, e-mail, addresses…), ``names`` (undeclared
person names), ``markup`` (unsafe Markdown/HTML), ``attachments`` (type
policy), ``extract`` (attachment text), ``suppress`` (markers and allow
lists), ``report`` (messages), ``sanitize`` (the build's HTML sanitiser).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .extract import extract_text
from .files import inspect_file
from .findings import ERROR, WARNING, Finding, LineMap
from .markup import scan_markup
from .options import GuardOptions, validate_options
from .patterns import normalise, remap, scan_personal_data
from .report import FIELD_PLACE, message
from .sanitize import safe_toc, sanitize_html, sanitize_page
from .suppress import KIND_WORDS, Allowance, find_markers, read_allow_file
from .suppress import normalise as normalise_allowed

if TYPE_CHECKING:
    from ..content.entry import Attachment, Entry
    from ..content.problems import Problem

BODY = "正文"  # the contract's field for findings in the body (content.problems.BODY)
FILE = "文件"  # the contract's field for a file's own problems (content.problems.FILE)

__all__ = ["GuardContext", "GuardOptions", "check_entry", "safe_toc", "sanitize_html", "sanitize_page", "scan_text", "validate_options"]

# Keys inside a value that name a person on purpose (comments[0].by, speakers[0].name): no name check. An attachment's
# file name is checked: the page lists it and its address carries it (张浩然的记录表.pdf).
PEOPLE_LEAVES = {"by", "name", "kept_by"}
# Front-matter keys that declare names or are not prose: never scanned for names.
NOT_PROSE = {"pseudonyms", "privacy_allow", "date", "status", "anonymized", "related", "grade", "topics", "type", "kind", "consent"}


@dataclass
class GuardContext:
    """What the guard knows beyond the entry: declared names and site options."""

    known_names: set[str] = field(default_factory=set)
    options: dict[str, Any] = field(default_factory=dict)
    root: Path | None = None
    _parsed: GuardOptions | None = field(default=None, repr=False)

    @property
    def settings(self) -> GuardOptions:
        if self._parsed is None:
            self._parsed = GuardOptions.from_mapping(self.options)
        return self._parsed

    def site_allow_list(self, entry: Entry) -> list[str]:
        root = self.root or _site_root(entry)
        return read_allow_file(root / self.settings.allow_file) if root else []


def check_entry(entry: Entry, context: GuardContext) -> list[Problem]:
    """All privacy and safety findings for one entry."""
    options = context.settings
    allowed = [str(v) for v in entry.data.get("privacy_allow") or [] if isinstance(v, (str, int))]
    site_allowed = context.site_allow_list(entry)
    # Values only, as the site's list: a kind (姓名, 身份证, 电话) for a whole item would switch its check off unseen;
    # a kind is allowed on one line, by an inline marker a reviewer sees (_check_metadata says so at the list's line).
    allowance = Allowance.of([*allowed, *site_allowed], kinds_allowed=False)
    declared = _declared_names(entry, context) | set(allowed) | set(site_allowed)
    problems: list[Problem] = []
    for step in (_check_body, _check_metadata, _check_attachments, _check_addresses):
        try:
            problems += step(entry, options, declared, allowance)
        except Exception as exc:  # noqa: BLE001 - a checker bug must not hide the other findings or crash a build
            problems.append(
                Problem(entry.rel, 1, BODY, f"警告：隐私检查未能完成（{type(exc).__name__}），请审核人人工检查这个条目。", WARNING)
            )
    return problems


def scan_text(text: str, declared: set[str] | frozenset[str] = frozenset(), names: bool = True, citing: bool = False) -> list[Finding]:
    """Personal data and (optionally) undeclared names in one text, by position in ``text``.

    Both are looked for in the normalised text (full width folded, invisible characters dropped); positions are
    mapped back. ``citing``: a lecture, lesson or report (not a case), where 某某认为 cites a public figure."""
    plain, offsets = normalise(text)
    found = scan_personal_data(plain, normalised=True)
    if names:
        from .names import scan_names  # imported when first needed: the name detector takes a tenth of a second to load

        taken = [(f.start, f.end) for f in found]
        found += [f for f in scan_names(plain, declared, citing) if not any(s < f.end and f.start < e for s, e in taken)]
    return sorted(remap(found, offsets), key=lambda f: f.start)


def Problem(path: str, line: int, field_name: str, text: str, severity: str = ERROR) -> Problem:  # noqa: N802
    """content.problems.Problem, imported late: the content package imports this one."""
    from ..content.problems import Problem as _Problem

    return _Problem(path, line, field_name, text, severity)


def _declared_names(entry: Entry, context: GuardContext) -> set[str]:
    names = set(context.known_names)
    names |= {str(p) for p in entry.data.get("pseudonyms") or [] if isinstance(p, (str, int))}
    names |= {person.name for people in entry.people.values() for person in people if person.name}
    return names


def _severity(finding: Finding, options: GuardOptions) -> str:
    if finding.kind == "name" and options.names == "warning":
        return WARNING
    return finding.severity


DATA_FILES = (".yml", ".yaml", ".txt")  # registries and word lists, checked as front matter or text: no marker, no privacy_allow


def _problem(entry: Entry, line: int, field_name: str, finding: Finding, where: str, options: GuardOptions) -> Problem:
    return _finding_problem(entry.rel, line, field_name, finding, where, options, entry.path.suffix.lower() in DATA_FILES)


def _finding_problem(rel: str, line: int, field_name: str, finding: Finding, where: str, options: GuardOptions, data_file: bool) -> Problem:
    severity = _severity(finding, options)
    text = message(finding, where, options.allow_file if data_file else None)
    if severity == ERROR:
        text = text.removeprefix("警告：")
    elif not text.startswith("警告："):
        text = "警告：" + text
    return Problem(rel, line, field_name, text, severity)


def _check_body(entry: Entry, options: GuardOptions, declared: set[str], allowance: Allowance) -> list[Problem]:
    body = entry.body
    if not body:
        return []
    lines = LineMap(body, entry.body_line)
    markers = find_markers(body, lines)
    text = markers.blank(body) if markers.spans else body
    found = scan_text(text, declared, names=options.names != "off", citing=_citing(entry)) + scan_markup(body)
    problems = []
    for finding in found:
        if allowance.covers(finding) or markers.covers(finding, lines.line_index(finding.start)):
            continue
        line, column = lines.locate(finding.start)
        problems.append(_problem(entry, line, BODY, finding, f"第 {column} 列", options))
    return problems


def _citing(entry: Entry) -> bool:
    """A lecture, lesson or report rather than a case: names followed by 认为, 指出… are cited public figures there."""
    return entry.collection != "cases" and "anonymized" not in entry.data


def _check_metadata(entry: Entry, options: GuardOptions, declared: set[str], allowance: Allowance) -> list[Problem]:
    """Every text value of the front matter (pseudonyms too: they are published); names only in prose fields, not in
    the fields that name people."""
    from ..content.schema import field_name

    people_keys = set(entry.people)
    problems = []
    for path, value in _text_values(entry.data, ()):
        top = path[0]
        if top == "privacy_allow":  # what a reviewer allowed; never published
            if normalise_allowed(value) in KIND_WORDS:
                problems.append(Problem(entry.rel, _line_of(entry, path), field_name(path), _whole_kind(value), WARNING))
            continue
        # A person's own value: a people field's item (authors: [周敏]) or its name (speakers: [{name: 周敏}]); the rest of
        # a person (title, affiliation: 王梓萱的心理老师) is prose.
        person = top not in NOT_PROSE and (path[-1] in PEOPLE_LEAVES or (top in people_keys and isinstance(path[-1], int)))
        prose = options.names != "off" and top not in NOT_PROSE and not person
        if person and options.names != "off" and normalise_allowed(value) not in allowance.values:
            problems += _not_a_colleague(entry, path, value)
        for finding in scan_text(value, declared, names=prose, citing=_citing(entry)):
            if not allowance.covers(finding):
                line = _line_of(entry, path)
                problems.append(_problem(entry, line, field_name(path), finding, f"{FIELD_PLACE}第 {finding.start + 1} 个字处", options))
    return problems


def _whole_kind(value: str) -> str:
    return (
        f"警告：privacy_allow 里的“{value}”是一整类信息，整篇放行它就等于不再检查这一类，所以不起作用。"
        f"请只放行具体的值（检查提示末尾给出的那一行，如 privacy_allow: [\"张**#3fa1\"]）；确属公开的单位电话等，"
        f"在那一行或上一行加审核可见的标记 <!-- xinyu-allow: {value} -->。"
    )


@functools.cache
def _family_words() -> tuple[str, ...]:
    """Words for a pupil or a family member, longest first (made once: asked of every person value of every item)."""
    from .name_context import KIN_AFTER  # the name detector's module: loaded when first needed

    family = (KIN_AFTER - {"班主任", "老师"}) | {"学生", "孩子", "来访者", "当事人", "监护人", "女儿", "儿子", "患者", "小朋友"}
    return tuple(sorted(family, key=lambda w: (-len(w), w)))


def _not_a_colleague(entry: Entry, path: tuple, value: str) -> list[Problem]:
    """A person field (written in place, not a registry id) that names a pupil or a family member: an error. The field
    holds the teacher or expert it is for (authors, speakers, a comment's ``by``); 学生家长刘子墨 there is published as a
    person, beyond the name detector's reach (it takes a person field's value as a declared name)."""
    from ..content.schema import field_name

    word = next((w for w in _family_words() if w in value), None)
    pseudonyms = [str(p) for p in entry.data.get("pseudonyms") or [] if isinstance(p, (str, int)) and str(p).strip()]
    if word is None or any(p in value for p in pseudonyms):  # 小A的爸爸: a family member by the pupil's pseudonym
        return []
    text = (
        f"“{value}”有“{word}”，像是学生或学生的家人：这里只能写老师或专家本人的姓名（或作者名录里的编号），它会作为作者或点评人显示在网站上。"
        "学生和家长的姓名不能出现在网站上：请删除这一项，需要提到他们时在正文里用化名。"
    )
    return [Problem(entry.rel, _line_of(entry, path), field_name(path), text)]


def _text_values(value: Any, path: tuple, depth: int = 0):
    """(path, text) for every string (and long number) in nested front matter."""
    if depth > 20:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _text_values(item, path + (str(key),), depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _text_values(item, path + (i,), depth + 1)
    elif isinstance(value, str) and path:
        yield path, value
    elif isinstance(value, int) and not isinstance(value, bool) and value > 9999 and path:
        yield path, str(value)  # an unquoted phone number or ID is read by YAML as a number


def _line_of(entry: Entry, path: tuple) -> int:
    while path:
        if path in entry.lines:
            return entry.lines[path]
        path = path[:-1]
    return 1


def _check_attachments(entry: Entry, options: GuardOptions, declared: set[str], allowance: Allowance) -> list[Problem]:
    """Every file published with the item, declared or not, through the one file policy (and its text scanned)."""
    problems = []
    for attachment in entry.attachments + entry.files:
        where = _where(entry, attachment)
        found = [
            Problem(*where, v.message, WARNING if v.severity == "warning" else ERROR)
            for v in inspect_file(attachment.source, attachment.file, options)
        ]
        problems += found
        if options.scan_attachments and not any(p.is_error for p in found):
            problems += _attachment_text(entry, attachment, where, options, declared, allowance)
    return problems


def _check_addresses(entry: Entry, options: GuardOptions, declared: set[str], allowance: Allowance) -> list[Problem]:
    """The item's folder name and the names of the files it publishes undeclared are part of web addresses (pages,
    catalog, sitemap, feeds, the printed QR code): the same findings as a text. A declared file's name is a value of
    the front matter, checked there; a folder name is ASCII, so a name can be there only as pinyin (not looked for)."""
    from ..content.problems import SLUG

    problems = []
    slug = entry.slug if entry.collection else ""  # a site page's path is checked whole (check_address)
    for finding in scan_personal_data(slug) if any(c.isdigit() for c in slug) else []:
        if not allowance.covers(finding):
            problems.append(_problem(entry, 1, SLUG, finding, "文件夹名（网页地址的一部分，请给文件夹改名）中", options))
    for attachment in entry.files:
        path, line, field = _where(entry, attachment)
        for finding in scan_text(attachment.file, declared, names=options.names != "off", citing=_citing(entry)):
            if not allowance.covers(finding):
                problem = _problem(entry, line, field, finding, "文件名（网页地址的一部分，请给文件改名）中", options)
                problems.append(dataclasses.replace(problem, path=path))
    return problems


def check_address(rel: str, path: str, context: GuardContext) -> list[Problem]:
    """A file's path under docs/ is its web address: personal data or an undeclared name in it is a finding at the
    file (the names the site declares: its registry and allow file)."""
    from ..content.problems import FILE

    options = context.settings
    allowance = Allowance.of(context.site_allow_list(None), kinds_allowed=False)
    found = scan_text(path, context.known_names | allowance.values, names=options.names != "off")
    where = "文件名（网页地址的一部分，请给文件改名）中"
    return [_finding_problem(rel, 1, FILE, f, where, options, False) for f in found if not allowance.covers(f)]


def _where(entry: Entry, attachment: Attachment) -> tuple[str, int, str]:
    """(path, line, field) of a published file's problems: its declaration, or the file itself when undeclared."""
    if attachment.field == FILE:
        return f"{Path(entry.rel).parent.as_posix()}/{attachment.file}", 1, FILE
    return entry.rel, _line_of(entry, _field_path(attachment.field)), attachment.field


def _attachment_text(
    entry: Entry, attachment: Attachment, at: tuple[str, int, str], options: GuardOptions, declared: set[str], allowance: Allowance
) -> list[Problem]:
    """Personal data inside an attachment, reported at the line that declares it (or at the undeclared file)."""
    path, line, field_name = at
    extracted = read_attachment_text(attachment.source, attachment.extension, options, entry.url)
    problems = []
    for where, text in extracted.chunks:
        chunk_lines = LineMap(text)
        for finding in scan_text(text, declared, names=options.names != "off", citing=_citing(entry)):
            if allowance.covers(finding):
                continue
            place = _place_in(attachment.file, where, chunk_lines.locate(finding.start)[0])
            problems.append(_problem(entry, line, field_name, finding, place, options))
    for flag in extracted.flags:
        kind = "图片" if field_name == FILE else "附件"
        problems.append(Problem(entry.rel, line, field_name, f"{kind}“{attachment.file}”{flag}：{PHOTO_FIX}"))
    if extracted.incomplete and normalise_allowed(attachment.file) not in allowance.values:
        # What could not be read is published unread: an error, unless a reviewer who read the file allows it by name.
        text = (
            f"附件“{attachment.file}”{extracted.incomplete}：没能完整检查的附件不能发布。请去掉密码、拆分成几个文件或“另存为”"
            f"后重新放进来；审核人读过全文、确认没有个人信息后，可在 front matter 写 privacy_allow: [\"{attachment.file}\"] 放行这个文件。"
        )
        problems.append(Problem(entry.rel, line, field_name, text))
    return [dataclasses.replace(p, path=path) for p in problems] if path != entry.rel else problems


def _place_in(file: str, where: str, row: int) -> str:
    """Where in an attachment a finding is: a line of its text, or its properties, which have no lines a reader sees."""
    if where.endswith("文档属性"):
        return f"附件“{file}”{where}中（Word、WPS 里“文件 → 属性”的作者等信息）"
    return f"附件“{file}”{where}第 {row} 行"


PHOTO_FIX = "会暴露学生的家或学校的位置。请用“另存为”或截图去掉照片的位置信息后重新放进来（手机拍照前可关闭相机的位置选项）。"


_extracted: dict[tuple, Any] = {}
_extractor = None  # the build cache's (pipeline.extracts), when a build or check has one


def set_extractor(extractor) -> None:
    """Read attachments through ``extractor(path, extension, options, read, owner)`` (None: this module's own memo)."""
    global _extractor
    _extractor = extractor


def read_attachment_text(path: Path, extension: str, options: GuardOptions, owner: str = ""):
    """An attachment's text (see :func:`extract.extract_text`), read once per file version; ``owner``:
    the address of the item the file belongs to (the build cache keeps the text under it)."""
    if _extractor is not None:
        return _extractor(path, extension, options, extract_text, owner)
    return _cached_extract(path, extension, options)


def _cached_extract(path: Path, extension: str, options: GuardOptions):
    """Extraction is the slow part of a check: keep it per file version (size and mtime) for serve's rebuilds."""
    try:
        stat = path.stat()
    except OSError:
        return extract_text(path, extension, options)
    key = (str(path), stat.st_size, stat.st_mtime_ns, extension, options.extract_chars)
    if key not in _extracted:
        if len(_extracted) > 512:
            _extracted.clear()
        _extracted[key] = extract_text(path, extension, options)
    return _extracted[key]


def _field_path(name: str) -> tuple:
    """'attachments[0].file' → ('attachments', 0, 'file')."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", name))


def _site_root(entry: Entry) -> Path | None:
    """The site root, from the entry's file and its site-relative path."""
    depth = len(Path(entry.rel).parts)
    try:
        return entry.path.resolve().parents[depth - 1]
    except (IndexError, OSError):
        return None
