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
from ..content.library import Library, check_item, guard_context
from ..content.problems import Problem
from ..content.site import CollectionSpec
from .convert import Conversion, NotConvertible, convert_docx
from .item import Draft, hidden_parts_report, render, values_from, write_pictures
from .legacy import read_document

__all__ = ["Draft", "NotConvertible", "Prepared", "check_draft", "place", "prepare"]


@dataclass
class Prepared:
    """A converted document and the slug it would get."""

    draft: Draft
    slug: str


def prepare(path: Path, library: Library, spec: CollectionSpec, round_name: str | None = None) -> Prepared:
    """Read and convert one file in memory; NotConvertible carries the Chinese reason."""
    data = read_document(path)
    conversion: Conversion = convert_docx(data, path.name)
    values = values_from(conversion, library, spec, round_name)
    text = render(values, library, spec, path.name) + "\n" + conversion.markdown
    draft = Draft(text, values, conversion, hidden_parts_report(conversion))
    slug = make_slug(str(values.get("title") or path.stem), spec.source_dir(library.site.root))
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
        return entry.problems


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
