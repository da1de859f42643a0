"""``xinyu import``: Word documents (.docx as Word and WPS save them) into items of a collection.

``convert`` (mammoth → tree → Markdown), ``metadata`` (title, authors, school,
date, 申报表, section titles), ``package`` (hidden parts: revisions, comments,
properties; dropped parts), ``item`` (front matter and report), ``pictures``
(metadata stripped), ``legacy`` (.doc/.wps via LibreOffice). ``prepare`` does
everything in memory; ``check_draft`` runs the site's own check on it in a
scratch folder; ``place`` writes the new folder, never over an existing one.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..cli.scaffold import make_slug
from ..content.batch import Job
from ..content.discover import IMAGE_EXTENSIONS
from ..content.library import Library, check_item, guard_context
from ..content.problems import BODY, ERROR, FILE, Problem
from ..content.site import CollectionSpec, reserved_slugs
from .convert import Conversion, NotConvertible, convert_docx
from .item import Draft, declared_names, hidden_parts_report, render, values_from, write_pictures
from .legacy import read_document

__all__ = ["Draft", "NotConvertible", "Prepared", "check_draft", "place", "prepare"]


@dataclass
class Prepared:
    """A converted document and the slug it would get."""

    draft: Draft
    slug: str


ORIGINAL = "原稿.docx"


def prepare(path: Path, library: Library, spec: CollectionSpec, round_name: str | None = None, keep_original: bool = False) -> Prepared:
    """Read and convert one file in memory; NotConvertible carries the Chinese reason.

    ``keep_original`` also keeps the .docx beside index.md as a declared attachment (原稿.docx),
    which the guard then reads like any attachment; by default it is not copied.
    """
    data = read_document(path)
    conversion: Conversion = convert_docx(data, path.name)
    values = values_from(conversion, library, spec, round_name)
    if keep_original:
        conversion.original = data
        values["attachments"] = [{"file": ORIGINAL, "title": "原稿（Word 文档）"}]
    text = render(values, library, spec, path.name) + "\n" + conversion.markdown
    report = hidden_parts_report(conversion, declared_names(values, library, spec), str(values.get("school") or ""))
    draft = Draft(text, values, conversion, report)
    slug = make_slug(str(values.get("title") or path.stem), spec.source_dir(library.site.root), reserved=reserved_slugs(spec))
    return Prepared(draft, slug)


def check_draft(prepared: Prepared, library: Library, spec: CollectionSpec) -> list[Problem]:
    """The site's own check (schema, people, pictures, privacy guard) on the draft, in a scratch copy of its folder."""
    with tempfile.TemporaryDirectory(prefix="xinyu-import-") as scratch:
        root = Path(scratch)
        folder = root / spec.source / prepared.slug
        _write(prepared.draft, folder)
        site = replace(library.site, root=root)
        context = guard_context(site, library.registry)
        context.root = library.site.root  # the site's allow list
        entry = check_item(Job(spec.name, prepared.slug, folder / "index.md"), site, library.schemas, library.registry, context)
        pictures = {f"“{picture.name}”" for picture in prepared.draft.conversion.pictures}
        # a picture the import saved is told about once, below (not again as a file index.md does not declare)
        own = [p for p in entry.problems if not (p.field == FILE and any(name in p.message for name in pictures))]
        return own + _picture_policy(prepared, folder, entry.rel, context.settings)


def _picture_policy(prepared: Prepared, folder: Path, rel: str, settings) -> list[Problem]:
    """Every picture saved beside index.md passes the attachment policy (type by signature, size), at the line that shows it;
    one a browser cannot show (EMF, WMF, TIFF, BMP: Word keeps drawings and old scans so) is an error saying how to redo it."""
    from ..guard.attachments import check_policy

    lines = prepared.draft.text.split("\n")
    problems = []
    for picture in prepared.draft.conversion.pictures:
        path = folder / picture.name
        line = next((n for n, text in enumerate(lines, 1) if picture.name in text), 1)
        if path.suffix.lower() not in IMAGE_EXTENSIONS:
            problems.append(Problem(rel, line, BODY, unshowable(picture.name), ERROR))
            continue
        for verdict in check_policy(path, picture.name, path.stat().st_size, settings):
            problems.append(Problem(rel, line, BODY, f"图片“{picture.name}”：{verdict.message}", verdict.severity))
    return problems


def unshowable(name: str) -> str:
    """What to do with a picture in a format browsers do not show."""
    kind = name.rsplit(".", 1)[-1].upper()
    return (
        f"图片“{name}”是 {kind} 格式，网页不能显示。请在 Word 中右键这张图片，选“另存为图片”保存为 PNG，"
        f"再插入文档替换原图；已经导入的条目，把 PNG 放进条目文件夹替换“{name}”，"
        f"并把正文中的文件名改为新文件名（如 {name.rsplit('.', 1)[0]}.png）。"
    )


def place(prepared: Prepared, library: Library, spec: CollectionSpec) -> Path:
    """Write the new folder; FileExistsError when the slug was taken meanwhile (never overwrites)."""
    folder = spec.source_dir(library.site.root) / prepared.slug
    folder.mkdir(parents=True, exist_ok=False)
    try:
        _write(prepared.draft, folder)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _write(draft: Draft, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(draft.text, encoding="utf-8", newline="\n")
    write_pictures(draft.conversion, folder)
    if draft.conversion.original is not None:
        (folder / ORIGINAL).write_bytes(draft.conversion.original)
