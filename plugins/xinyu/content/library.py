"""Load a whole site: every item of every collection, checked, with every problem.

Stages: discover files → read and parse → check against the schema → resolve
people and attachments → cross-item rules (duplicate slugs, related items) →
guard (privacy and safety). Nothing here raises on bad content.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..guard import GuardContext, check_entry
from ..guard.files import WINDOWS_DEVICE, data_links, first_link, kind_of, walk
from .appended import check_appended
from .batch import EntryCache, Job, Progress, check_items
from .comments import resolve_comments
from .defaults import apply_defaults, collection_defaults
from .discover import discover, item_files, link_problem, name_problem, source_folder
from .docs import DocsFile, check_docs, check_intros
from .entry import Attachment, Entry
from .groups import Group
from .links import OUTWARD, THEME_OUTPUTS, SitePaths, bundle_links, links_out, our_prefixes, site_links
from .people import Registry
from .problems import FILE, SLUG, Problem, keyed, sort_problems, warning
from .programme import load_programme
from .schema import Schema, field_name, load_schema
from .schools import Schools
from .site import GENERATED_PATHS, SLUG_RE, CollectionSpec, ConfigError, SiteSpec, reserved_slugs
from .slug import slug_of
from .source import MAX_ITEM_BYTES, FrontMatter, read_source
from .unchanged import Unchanged
from .unwritten import unwritten
from .vocabulary import Vocabulary


@dataclass
class Library:
    """Everything loaded from a site: entries by collection and all problems."""

    site: SiteSpec
    vocabulary: Vocabulary
    registry: Registry
    schemas: dict[str, Schema]
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    site_problems: list[Problem] = field(default_factory=list)
    groups: dict[str, Group] = field(default_factory=dict)  # the groups registry (content.groups)
    schools: Schools | None = None  # the district's schools list, when the site has one
    docs: dict[str, DocsFile] = field(default_factory=dict)  # files of docs/ outside the collections
    intros: dict[str, DocsFile] = field(default_factory=dict)  # each collection's <source>/index.md, by collection
    appended: dict[str, DocsFile] = field(default_factory=dict)  # files Markdown extensions add to pages (content.appended)
    settled: tuple[Problem, ...] | None = None  # every problem, once nothing adds any (settle)
    shown: dict[str, list[Entry]] | None = None  # the published items of each collection, once settled

    def all_entries(self) -> list[Entry]:
        return [e for entries in self.entries.values() for e in entries]

    def published(self, collection: str | None = None) -> list[Entry]:
        if self.shown is not None:  # settled: the same lists (a build asks ten times; each asks every item's problems)
            return list(self.shown.get(collection, []) if collection else [e for es in self.shown.values() for e in es])
        names = [collection] if collection else list(self.entries)
        return [e for name in names for e in self.entries.get(name, []) if e.published]

    def problems(self) -> list[Problem]:
        if self.settled is not None:
            return list(self.settled)
        found = set(self.site_problems)
        for entry in self.all_entries():
            found.update(entry.problems)
        for page in [*self.docs.values(), *self.intros.values(), *self.appended.values()]:
            found.update(page.problems)
        return sort_problems(found)  # a link inside a collection in docs/ is found twice: once

    def settle(self) -> list[Problem]:
        """Every problem, remembered: for a caller that adds none after the load (the plugin); and so what is published."""
        self.settled = self.shown = None
        self.settled = tuple(self.problems())
        self.shown = {name: self.published(name) for name in self.entries}
        return list(self.settled)


def data_problems(site: SiteSpec) -> list[Problem]:
    """Links, special files and names not UTF-8 in ``data/``: never read (the YAML registries report their own links
    and devices at their reading; a file whose name is not UTF-8 is no one's, as no option can name it)."""
    special = "“data/{}”不是普通文件（设备或管道），不会被读取。请删除它。"
    found = []
    for rel, kind in data_links(site.root / "data"):
        if kind == "badname":
            found.append(name_problem(f"data/{rel}"))
        elif not rel.endswith((".yml", ".yaml")):
            found.append(link_problem(f"data/{rel}") if kind == "link" else Problem(f"data/{rel}", 1, FILE, special.format(rel)))
    return found


def rel_path(path: Path, root: Path) -> str:
    """``path`` relative to the site root, with /; resolves links only when it has to (slow on big sites)."""
    for resolve in (False, True):  # path.resolve() only when the path as given is not under root (~50 µs an item)
        try:
            return (path.resolve() if resolve else path).relative_to(root).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def load_library(
    site: SiteSpec,
    only: set[str] | None = None,
    cache: EntryCache | None = None,
    progress: Progress | None = None,
    pool=None,
    unchanged: Unchanged | None = None,
) -> Library:
    """Load and check every item; ``only`` limits checking to these site-relative paths.

    ``cache`` (kept by ``serve`` across rebuilds) reuses unchanged items; ``progress`` receives
    one line per phase of a large load; ``pool`` (pipeline.workers.Workers) checks in the build's workers;
    ``unchanged`` (``serve``, with ``cache``) skips the items whose folders did not change since its last load.
    """
    vocabulary, registry, registry_problems, schemas = cache.site_parts(site) if cache is not None else site_parts(site)
    library = Library(site, vocabulary, registry, schemas, site_problems=registry_problems + data_problems(site))
    context = guard_context(site, registry)
    on_disk: dict[str, Job] = {}  # every item, so that a partial check can look at the items its items link to
    jobs: list[Job] = []
    for name, spec in site.collections.items():
        found = discover(source_folder(site.root, spec.source, library.site_problems), spec.source.strip("/"), library.site_problems)
        on_disk |= {f"{name}/{slug}": Job(name, slug, md) for slug, md in found}
        if only is not None:
            found = [(slug, md) for slug, md in found if rel_path(md, root=site.root) in only]
        jobs += [Job(name, slug, md) for slug, md in found]
    pages: list[dict[str, DocsFile]] = [{}, {}, {}]

    def check_pages() -> None:  # while the workers check the items
        if only != set():
            memo = cache.page if cache is not None else None
            pages[:] = [
                check_docs(site, context, memo),
                check_intros(site, context, memo),
                check_appended(site.root, site.extensions, context, memo),
            ]

    entries = _checked(site, jobs, (schemas, registry, context), cache, progress, only is None, pool, unchanged, check_pages)
    library.docs, library.intros, library.appended = ({k: v for k, v in f.items() if only is None or v.rel in only} for f in pages)
    for name in site.collections:
        library.entries[name] = [e for e in entries if e.collection == name]
        _duplicate_slugs(library.entries[name])
    unloaded: set[str] | None = None  # under a partial check, the items neither checked nor linked to
    linked: list[Entry] = []
    if only is not None:  # the items a checked item links to are judged as a whole check would (a draft, an error)
        loaded = {e.key for e in entries}
        wanted = [on_disk[key] for key in sorted(_linked_keys(site, entries) - loaded) if key in on_disk]
        linked = check_items(site, wanted, (schemas, registry, context), cache, None, everything=False, pool=None)
        unloaded = set(on_disk) - loaded - {e.key for e in linked}
    _related(library, unloaded, linked)
    site_links(library.all_entries(), site_paths(library, unloaded, linked), [*library.docs.values(), *library.intros.values()])
    for entry in library.all_entries():
        if entry.data.get("related"):
            entry.problems.extend(guard_related(entry, context))
    load_programme(library, lambda entry: check_entry(entry, context))
    if any(e.data.get("round") for e in library.all_entries()):
        from ..rounds.submissions import unknown_rounds

        unknown_rounds(library)
    if site.options.get("rounds"):
        from ..rounds.publish import publish_reminders, round_problems

        library.site_problems += round_problems(library, lambda entry: check_entry(entry, context), set(on_disk))
        library.site_problems += publish_reminders(library)  # winners still drafts after their 公示期
    return library


def _checked(site: SiteSpec, jobs: list[Job], parts: tuple, cache, progress, everything: bool, pool, unchanged, meanwhile) -> list[Entry]:
    """check_items, or under ``serve`` (``unchanged``) check_items on the jobs whose folders changed."""
    if unchanged is None or cache is None or not everything:
        return check_items(site, jobs, parts, cache, progress, everything=everything, pool=pool, meanwhile=meanwhile)
    reused = unchanged.reuse(jobs, cache.site_key)
    todo = [i for i in range(len(jobs)) if i not in reused]
    # Not `everything` when items were reused: the cache must not drop what they were made from.
    done = check_items(site, [jobs[i] for i in todo], parts, cache, progress, everything=not reused, pool=pool, meanwhile=meanwhile)
    checked = dict(zip(todo, done, strict=True))
    unchanged.remember(jobs, checked)
    return [reused[i] if i in reused else checked[i] for i in range(len(jobs))]


def site_parts(site: SiteSpec) -> tuple[Vocabulary, Registry, list[Problem], dict[str, Schema]]:
    """The site's vocabulary, authors registry (and its problems) and one schema per collection."""
    vocabulary = Vocabulary.load(site.vocabulary_path(), site.vocabulary)
    registry, registry_problems = Registry.load(site.path(site.authors), site.authors)
    # Before any item takes its people from it: a person's texts with an error reach no page.
    context = guard_context(site, registry)
    registry_problems += registry.guarded(lambda entry: check_entry(entry, context), site.root)
    word_lists_guarded(site, context)
    schemas = {name: Schema(load_schema(spec.schema, site.root), vocabulary) for name, spec in site.collections.items()}
    for name, schema in schemas.items():
        schema.defaults = collection_defaults(site.collections[name], schema)
    return vocabulary, registry, registry_problems, schemas


WORD_LISTS = ("data/dictionary.txt", "data/synonyms.txt")  # the search's: every word is shipped in its data files


def word_lists_guarded(site: SiteSpec, context: GuardContext) -> None:
    """The site's word lists are printed to readers (the vocabulary's labels and terms on every item page and in the
    facets, the search's dictionary and synonyms in its data files, the school list on the statistics page): a phone number or a real name in one is a
    configuration error at its line, as markup there is (the vocabulary's): nothing is built until it is fixed."""
    schools = getattr(site.programme, "schools", None)  # the statistics page and its workbook print every school's name
    lists = [*WORD_LISTS, schools] if isinstance(schools, str) else list(WORD_LISTS)
    found = []
    for path in [site.vocabulary_path(), *map(site.path, lists)]:
        if path.is_file() and kind_of(path)[0] == "file" and path.stat().st_size <= MAX_ITEM_BYTES:
            rel = rel_path(path, site.root)
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            page = Entry("", path.stem, path, rel, path.parent, "", body=text, body_line=1)
            found += [replace(p, field=path.name) for p in check_entry(page, context) if p.is_error]
    if found:
        raise ConfigError("词表有误：" + "；".join(p.format() for p in found))


def guard_context(site: SiteSpec, registry: Registry) -> GuardContext:
    return GuardContext(known_names=registry.names(), options=dict(site.options.get("privacy") or {}), root=site.root)


def check_item(job: Job, site: SiteSpec, schemas: dict[str, Schema], registry: Registry, context: GuardContext) -> Entry:
    """Everything about one item that depends only on its own files: load, validate, guard.

    ``related`` is guarded later, once cross-item rules have dropped the names that do not resolve.
    """
    spec = site.collections[job.collection]
    entry = load_entry(spec, job.md, job.slug, site.root, schemas[job.collection], registry)
    entry.problems.extend(consent_required(entry, schemas[job.collection], context.settings.consent_required_from))
    if not entry.withdrawn and (entry.valid or entry.data):
        unrelated = replace(entry, data={k: v for k, v in entry.data.items() if k != "related"})
        entry.problems.extend(check_entry(unrelated, context))
        entry.problems.extend(unwritten(entry.rel, entry.body, entry.body_line))
    elif not entry.withdrawn and entry.body.strip():
        # The header could not be read: the body is still checked, so that every problem shows in one run.
        # Its pseudonyms and privacy_allow are unknown, so names found there are warnings this time.
        entry.problems.extend(check_entry(entry, unsure_names(context)))
    entry.mentions(*OUTWARD)  # asked by every load's links_out: answered here, where the body is read, and kept with the entry
    keyed(entry.problems)  # the order of its problems that share a line, kept with them (sort_problems)
    return entry


def unsure_names(context: GuardContext) -> GuardContext:
    """The same checks, every name finding a warning (``privacy.names: warning``) unless names are off."""
    if context.settings.names == "off":
        return context
    return GuardContext(context.known_names, {**context.options, "names": "warning"}, context.root)


def consent_required(entry: Entry, schema: Schema, since: str) -> list[Problem]:
    """With the site option ``privacy.consent_required_from``, an item dated from then on needs ``consent``."""
    date = str(entry.data.get("date") or "")
    if not since or "consent" not in schema.properties or "consent" in entry.data or not date or date < since[: len(date)]:
        return []
    return [
        Problem(
            entry.rel,
            1,
            "consent",
            f"本站要求 {since} 及以后的案例写明知情同意记录（站点设置 privacy.consent_required_from）。"
            "请加上 consent: {form: 家长知情同意书, date: 2025-09-10, kept_by: 学校心理辅导室}——只写记录，不要上传同意书本身。",
        )
    ]


def guard_related(entry: Entry, context: GuardContext) -> list[Problem]:
    """The guard's findings in ``related`` (as it reads after dangling names are dropped)."""
    keep = ("related", "privacy_allow", "pseudonyms")
    only = replace(entry, body="", attachments=[], data={k: v for k, v in entry.data.items() if k in keep})
    return check_entry(only, context)


def load_entry(spec: CollectionSpec, md: Path, slug: str, root: Path, schema: Schema, registry: Registry) -> Entry:
    """Read, parse and check one item file and the files beside it. Never raises on content."""
    entry = Entry(spec.name, slug, md, rel_path(md, root), md.parent, spec.prefix)
    declared = _read_entry(entry, spec, schema, registry)
    # A link beside index.md is an error even when index.md itself could not be read.
    published = declared is not None and not entry.withdrawn
    files, problems = item_files(entry, declared or set(), links_only=not published)
    entry.problems.extend(problems)
    entry.files = files if published else []
    if published:  # what it publishes is known: its body's links and images must name one of them
        entry.problems.extend(bundle_links(entry))
    return entry


def _read_entry(entry: Entry, spec: CollectionSpec, schema: Schema, registry: Registry) -> set[str] | None:
    """Fill in the entry from its file; returns the attachments it declares (None when it stopped early)."""
    md, rel, slug = entry.path, entry.rel, entry.slug
    try:
        size = md.stat().st_size
        if size > MAX_ITEM_BYTES:  # refused before it is read: a huge file must not take the memory
            limit = MAX_ITEM_BYTES // 1024 // 1024
            message = f"文件太大（{size / 1024 / 1024:.1f} MB，条目文件最多 {limit} MB）。请精简正文；图片和附件单独放在条目文件夹中。"
            entry.problems.append(Problem(rel, 1, FILE, message))
            return None
        raw = md.read_bytes()
    except OSError as exc:
        entry.problems.append(Problem(rel, 1, FILE, f"无法读取文件（{exc.strerror}）。"))
        return None
    entry.digest = hashlib.sha1(raw).hexdigest()
    if not SLUG_RE.match(slug):
        entry.problems.append(Problem(rel, 1, SLUG, _slug_message(slug)))
    elif WINDOWS_DEVICE.match(slug):
        message = (
            f"目录名“{slug}”是 Windows 保留的设备名：Windows 电脑取不下这个文件夹，服务器上也打不开。请换一个名字，如 {slug}-xinli-ke。"
        )
        entry.problems.append(Problem(rel, 1, SLUG, message))
    elif slug in reserved_slugs(spec):
        where = f"{spec.prefix}/{slug}/"
        entry.problems.append(
            Problem(
                rel,
                1,
                SLUG,
                f"目录名“{slug}”与网站自动生成的页面 {where} 重名（分类索引、搜索等），条目页会被它覆盖。"
                "请给文件夹换一个能说明内容的名字，如标题的拼音 xiao-a-kaoshi-jiaolv。",
            )
        )
    source = read_source(raw, rel)
    entry.problems.extend(source.problems)
    entry.body, entry.body_line = source.body, source.body_line
    if source.front is None:
        return None
    entry.lines = source.front.lines
    if source.front.data.get("status") == "withdrawn":
        _withdrawn(entry, source.front, schema)
        return None
    apply_defaults(source.front, schema.defaults)
    checked = schema.check(source.front, rel)
    entry.data = checked.data
    entry.problems.extend(p for p in checked.problems if not source.front.told(p.field))
    _resolve_people(entry, schema, registry, source.front.line_of)
    resolve_comments(entry, schema.properties, registry, source.front.line_of)
    return _resolve_attachments(entry, schema, source.front.line_of)


def _withdrawn(entry: Entry, front, schema: Schema) -> Entry:
    """A withdrawn item needs only its status and date: nothing else of it is read, checked or published."""
    only = FrontMatter({k: v for k, v in front.data.items() if k in ("status", "withdrawn_date")}, front.lines, front.raw)
    checked = schema.check(only, entry.rel)
    entry.data = {k: checked.data[k] for k in ("status", "withdrawn_date") if k in checked.data}
    entry.problems.extend(p for p in checked.problems if p.field in ("status", "withdrawn_date"))
    if "withdrawn_date" not in front.data:
        entry.problems.append(
            Problem(
                entry.rel,
                front.line_of(("status",)),
                "status",
                "已撤下的条目要写明撤下日期，如 withdrawn_date: 2025-03-01（写入网站的 withdrawn.json，供镜像和离线包删除）。",
            )
        )
    if (
        entry.body.strip()
        or len(front.data) > 2
        or (entry.path.name == "index.md" and any(f.rel != "index.md" for f in walk(entry.folder, limit=2)))
    ):
        entry.problems.append(
            warning(
                entry.rel,
                1,
                "status",
                "条目已撤下，网站上不再显示，但正文、元数据和附件还在仓库里。"
                "如需彻底删除，请只保留 status 和 withdrawn_date 两行、删去其余内容和附件，并按 docs/dev/deploy.md 从 git 历史中清除。",
            )
        )
    return entry


def _slug_message(slug: str) -> str:
    suggestion = suggest_slug(slug)
    hint = f"例如改名为 {suggestion}" if suggestion else "例如 xiao-a-exam-anxiety"
    return f"文件夹/文件名“{slug}”不能用作网址：只能用小写英文字母、数字和短横线 -，并以字母或数字开头。请重命名，{hint}。"


def suggest_slug(text: str) -> str:
    """A valid slug from any text: pinyin for Chinese, cut between words; lower-case ASCII otherwise."""
    return slug_of(text, 60)


def _resolve_people(entry: Entry, schema: Schema, registry: Registry, line_of) -> None:
    for key, prop in schema.properties.items():
        values = entry.data.get(key)
        if prop.get("x-people") and isinstance(values, list):
            people, problems = registry.resolve(values, key, entry.rel, line_of)
            entry.people[key] = people
            entry.problems.extend(problems)


def declared_attachments(entry: Entry, schema: Schema) -> list[tuple[tuple, dict]]:
    """(path of the ``file`` key, declaration) for every attachment the front matter declares."""
    declared: list[tuple[tuple, dict]] = []
    for key, prop in schema.properties.items():
        value = entry.data.get(key)
        if prop.get("x-attachments") and isinstance(value, list):
            declared += [((key, i, "file"), item) for i, item in enumerate(value) if isinstance(item, dict)]
        elif prop.get("x-attachment") and isinstance(value, dict):
            declared.append(((key, "file"), value))
    return declared


def _resolve_attachments(entry: Entry, schema: Schema, line_of) -> set[str]:
    """Every declared file must exist inside the item's own folder; returns the declared paths."""
    declared = set()
    for path, item in declared_attachments(entry, schema):
        name = item.get("file")
        if not isinstance(name, str) or not name.strip():
            continue
        problem, source = locate_attachment(entry.folder, name.strip())
        line = line_of(path)
        declared.add(PurePosixPath(name.strip().replace("\\", "/")).as_posix())
        if problem:
            entry.problems.append(Problem(entry.rel, line, field_name(path), problem))
            continue
        rel = source.relative_to(entry.folder).as_posix()
        title = str(item.get("title") or PurePosixPath(rel).name)
        entry.attachments.append(Attachment(rel, title, source, kind_of(source)[1], field_name(path)))
    return declared


def locate_attachment(folder: Path, name: str) -> tuple[str | None, Path]:
    """Check one attachment path without following links; returns (problem message or None, absolute path)."""
    posix = name.replace("\\", "/")
    parts = PurePosixPath(posix).parts
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":") or "://" in posix:
        return "附件路径要写成相对于本条目文件夹的路径（如 附件/教案.docx），不能是绝对路径或网址。", folder
    if ".." in parts:
        return "附件必须放在本条目自己的文件夹里，路径中不能有“..”。请把文件移到条目文件夹中再引用。", folder
    link = first_link(folder, parts)
    if link:
        return f"附件“{link}”是链接（符号链接、快捷方式或硬链接）：只能发布条目文件夹里真实存在的文件，链接不会被跟随。请删除链接，把文件本身（一份副本）放进文件夹。", folder
    target = folder.joinpath(*parts)
    if kind_of(target)[0] != "file":
        actual = _case_insensitive_match(folder, parts)
        if actual:
            return f"找不到附件“{posix}”；文件夹中有大小写不同的“{actual}”，请把路径改成一致（服务器区分大小写）。", folder
        return f"找不到附件“{posix}”：请把文件放进 {folder.name}/ 文件夹，并确认文件名（含扩展名）完全一致。", folder
    return None, target


def _case_insensitive_match(folder: Path, parts: tuple[str, ...]) -> str | None:
    current = folder
    for part in parts:
        try:
            names = {n.casefold(): n for n in os.listdir(current)}
        except OSError:
            return None
        if part.casefold() not in names:
            return None
        current = current / names[part.casefold()]
    return current.relative_to(folder).as_posix() if current.is_file() else None


def _duplicate_slugs(entries: list[Entry]) -> None:
    by_slug: dict[str, list[Entry]] = {}
    for entry in entries:
        by_slug.setdefault(entry.slug, []).append(entry)
    for slug, same in by_slug.items():
        for entry in same[1:] if len(same) > 1 else []:
            others = "、".join(e.rel for e in same if e is not entry)
            entry.problems.append(
                Problem(entry.rel, 1, SLUG, f"目录名“{slug}”与 {others} 重复：同一集合中的目录名不能相同，请给其中一个改名。")
            )


def _linked_keys(site: SiteSpec, entries: list[Entry]) -> set[str]:
    """The keys (collection/slug) of the items that these items name in ``related`` or link to from their bodies."""
    prefixes = {spec.prefix: name for name, spec in site.collections.items()}
    keys: set[str] = set()
    for entry in entries:
        refs = entry.data.get("related")
        keys |= {ref for ref in refs if isinstance(ref, str)} if isinstance(refs, list) else set()
        for link in links_out(entry):
            for prefix, name in prefixes.items():
                if link.target.startswith(prefix + "/"):
                    keys.add(f"{name}/{link.target[len(prefix) + 1 :].split('/')[0]}")
    return keys


def _related(library: Library, on_disk: set[str] | None = None, linked: list[Entry] = ()) -> None:
    """``related: [collection/slug]`` should name a published item; a dangling one is only dropped.

    A warning, not an error: deleting or breaking one item must not take down every item
    that links to it.
    """
    every = {e.key: e for e in [*linked, *library.all_entries()]}
    known = {key for key, e in every.items() if e.published} | (on_disk or set())
    for entry in library.all_entries():
        refs = entry.data.get("related") or []
        for i, ref in enumerate(refs):
            if isinstance(ref, str) and ref not in known and SLUG_RE.match(ref.split("/")[-1]):
                line = entry.lines.get(("related", i), entry.line_of("related"))
                entry.problems.append(warning(entry.rel, line, f"related[{i}]", _unrelated(ref, every.get(ref))))
        if isinstance(refs, list):
            entry.data["related"] = [r for r in refs if r in known]


def _unrelated(ref: str, target: Entry | None) -> str:
    if target is None:
        return f"找不到相关条目“{ref}”，这条关联暂不显示。请写成“集合/目录名”，如 cases/xiao-a-exam-anxiety。"
    why = target.why_unpublished
    return f"相关条目“{ref}”（{target.rel}）{why}，网站中没有它，这条关联暂不显示（它发布后会自动恢复）；不需要这条关联时请删除这一项。"


def site_paths(library: Library, on_disk: set[str] | None, linked: list[Entry] = ()) -> SitePaths:
    """The site's pages and files that items may link to (``on_disk``: under a partial check, items not loaded;
    ``linked``: the items it loaded only because a checked item links to them)."""
    site = library.site
    docs = {uri: page.publishable for uri, page in library.docs.items()}
    return SitePaths(
        items={e.url.rstrip("/"): e for e in [*linked, *library.all_entries()]},
        reserved={spec.prefix: reserved_slugs(spec) for spec in site.collections.values()},
        docs=docs,
        others=frozenset(our_prefixes(site) | {p.split("/")[0] for p in GENERATED_PATHS} | THEME_OUTPUTS),
        on_disk={f"{site.collections[key.split('/')[0]].prefix}/{key.split('/', 1)[1]}" for key in on_disk or ()},
        docs_dir=site.root / site.docs if on_disk is not None else None,
    )
