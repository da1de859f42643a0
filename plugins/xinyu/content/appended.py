"""Files that the site's Markdown extensions add to pages, checked like a page of docs/.

A host site's mkdocs.yml may configure an extension that reads files of its own while converting
every page: ``pymdownx.snippets`` with ``auto_append`` puts a file (a notice, a glossary of
abbreviations) at the end of every page, item pages included. What such a file says is published on
every page, so it gets the guard's checks of a page (personal data, names, unsafe markup), its problems
named at its own lines. A build with an error there stops (plugin.vetting.refuse_appended): leaving one
item out is not possible when every page shows the text. A preview (``serve``) comes up instead, its pages
converted without that file (:func:`without_files`) and the error in its banner, as for any content error.

Which files: every file an extension's options name, directly or inside a folder they name (snippets'
``auto_append`` inside its ``base_path``): the same rule as the build cache's key for a converted body
(pipeline.render.extension_files), so what is checked and what a cached body depends on are one list.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the guard is imported when a check needs it: a conversion worker reads only named_files
    from ..guard import GuardContext
    from .docs import DocsFile, PageMemo

MAX_OPTION = 300  # longer strings are text, not a file name


def extension_options(extensions: Any) -> dict[str, Any]:
    """``markdown_extensions`` as mkdocs.yml writes it (a list of names or one-key mappings, or a mapping) → options by name."""
    found: dict[str, Any] = {}
    for item in extensions.items() if isinstance(extensions, Mapping) else extensions if isinstance(extensions, list) else []:
        if isinstance(item, tuple):
            found[str(item[0])] = item[1]
        elif isinstance(item, Mapping):
            found.update({str(k): v for k, v in item.items()})
        elif isinstance(item, str):
            found[item] = None
    return found


def named_files(configs: Any, base: Path) -> list[Path]:
    """Every file the options name, directly or inside a folder they name, relative to ``base`` (where MkDocs runs)."""
    strings = list(_strings(configs))
    folders = [base / s for s in strings if (base / s).is_dir()]
    found: list[Path] = []
    for name in strings:
        for path in [base / name, *(folder / name for folder in folders)]:
            if path.is_file() and path not in found:
                found.append(path)
    return found


def appended_files(extensions: Any, root: Path) -> list[Path]:
    """The files named by mkdocs.yml's ``markdown_extensions``, found from the site root and from the folder the
    command runs in (pymdownx.snippets reads relative paths from there: ``mkdocs build -f site/mkdocs.yml``)."""
    options = extension_options(extensions)
    found: dict[Path, Path] = {}
    for base in dict.fromkeys([root, Path.cwd()]):
        for path in named_files(options, base):
            found.setdefault(path.resolve(), path)
    return list(found.values())


def without_files(configs: Any, refused: set[Path], root: Path) -> Any:
    """The extensions' options with every list entry that names one of ``refused`` (resolved paths) taken out, or
    None when one is named otherwise (a single string: it cannot go without changing what the option means)."""
    bases = list(dict.fromkeys([root, Path.cwd()]))
    bases += [base / s for base in list(bases) for s in _strings(configs) if (base / s).is_dir()]

    def names(value: Any) -> bool:
        return isinstance(value, str) and 0 < len(value) < MAX_OPTION and any((b / value).resolve() in refused for b in bases)

    def strip(value: Any, depth: int = 0) -> Any:
        if isinstance(value, Mapping) and depth < 6:
            return {k: strip(v, depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)) and depth < 6:
            return [strip(v, depth + 1) for v in value if not names(v)]
        if names(value):
            raise LookupError(value)
        return value

    try:
        return strip(configs)
    except LookupError:
        return None


def _strings(value: Any, depth: int = 0):
    if isinstance(value, str) and 0 < len(value) < MAX_OPTION:
        yield value
    elif isinstance(value, Mapping) and depth < 6:
        for item in value.values():
            yield from _strings(item, depth + 1)
    elif isinstance(value, (list, tuple)) and depth < 6:
        for item in value:
            yield from _strings(item, depth + 1)


def check_appended(root: Path, extensions: Any, context: GuardContext, memo: PageMemo | None = None) -> dict[str, DocsFile]:
    """The files the extensions read, by path relative to the site root, each checked as a page (``memo``: content.docs)."""
    from .docs import DocsFile, page_check

    checked: dict[str, DocsFile] = {}
    for path in appended_files(extensions, root):
        rel = Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()  # one outside the site is published all the same
        checked[rel] = DocsFile(rel, rel, "file", list(page_check(path, rel, context, memo, plain=False).problems))
    return checked
