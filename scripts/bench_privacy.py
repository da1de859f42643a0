"""Benchmark of the privacy guard: names (precision, recall, blocked clean documents), patterns, and speed.

Names are measured on hand-written counselling text in ``scripts/privacy_bench/``:
``names.txt`` (sentences with real-looking names marked ``{张伟}``, grouped by shape; a line
starting with ``+ `` continues the sentence above it: a table, a chat) and
``clean-*.txt`` (clean documents, one per ``## `` heading: cases, courses, lectures). Every
name sentence is put into a clean case document, and the whole corpus is scanned as
``xinyu check`` scans a body. A marked name counts as found when an error finding covers it;
an error finding that covers no marked name is a false alarm. Then each clean document
alone goes through ``check_entry`` as an item: a document with any error is *blocked*.
The sample content of the repository (written by others) is measured the same way, and
so is ``--heldout DIR`` (``*.txt``/``*.md``; names marked ``{…}`` count for recall,
unmarked documents as clean).

Personal-data patterns are measured on generated items with planted values (ID numbers,
phones, e-mail, … including disguised forms), and the guard's speed per 5,000-character item.

    python scripts/bench_privacy.py                       # everything
    python scripts/bench_privacy.py --only names          # names only (a few seconds)
    python scripts/bench_privacy.py --guard /tmp/base/plugins   # measure another checkout's guard
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "scripts" / "privacy_bench"  # --bench DIR measures another folder of the same files
PSEUDONYMS = ["小A", "小B", "小C", "小林", "小雨", "小宇", "小杰", "小美"]
MARK = re.compile(r"\{([^{}]*)\}")


def import_guard(plugins: Path):
    sys.path.insert(0, str(plugins))
    global Entry, GuardContext, check_entry, scan_text, read_allow_file, ID_CHECK, ID_WEIGHTS
    from xinyu.content.entry import Entry
    from xinyu.guard import GuardContext, check_entry, scan_text
    from xinyu.guard.patterns import ID_CHECK, ID_WEIGHTS
    from xinyu.guard.suppress import read_allow_file


# --- names ---------------------------------------------------------------------------------------------------------


@dataclass
class Doc:
    genre: str
    title: str
    text: str
    names: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, name, group
    declared: list[str] = field(default_factory=lambda: list(PSEUDONYMS))


def read_docs(path: Path, genre: str) -> list[Doc]:
    """``## title`` starts a document; ``#`` lines are comments; ``{name}`` marks a real name."""
    docs: list[Doc] = []
    group = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            group = line[3:].strip()
            docs.append(Doc(genre, group, ""))
        elif line.strip() and not line.startswith("#"):
            if not docs:
                docs.append(Doc(genre, path.stem, ""))
            append_marked(docs[-1], line, group)
    return docs


def append_marked(doc: Doc, line: str, group: str) -> None:
    """Add a line to a document, dropping the ``{}`` marks and remembering where each name is."""
    plain, last = "", 0
    for m in MARK.finditer(line):
        plain += line[last : m.start()]
        doc.names.append((len(doc.text) + len(plain), len(doc.text) + len(plain) + len(m.group(1)), m.group(1), group))
        plain += m.group(1)
        last = m.end()
    doc.text += plain + line[last:] + "\n"


def name_sentences() -> list[Doc]:
    """Each line of names.txt as its own small document, with its group (## heading)."""
    sentences, group = [], ""
    lines = [line for path in sorted(BENCH.glob("names*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if line.startswith("## "):
            group = line[3:].strip()
        elif line.startswith("+ ") and sentences:
            append_marked(sentences[-1], line[2:], group)  # the next line of the same passage (a table, a chat)
        elif line.strip() and not line.startswith("#"):
            doc = Doc("names", group, "")
            append_marked(doc, line, group)
            sentences.append(doc)
    return sentences


def clean_docs() -> list[Doc]:
    return [
        d
        for genre in ("cases", "courses", "lectures")
        for path in sorted(BENCH.glob(f"clean-{genre}*.txt"))
        for d in read_docs(path, genre)
    ]


def mixed_corpus(rng: random.Random) -> list[Doc]:
    """Every clean document once, with the name sentences spread over the case documents."""
    docs = [Doc(d.genre, d.title, d.text, list(d.names)) for d in clean_docs()]
    cases = [d for d in docs if d.genre == "cases"]
    inside: dict[int, set[int]] = {}  # per document: line positions inside a passage put there (a table's rows)
    for sentence in name_sentences():
        doc = rng.choice(cases)
        lines = doc.text.splitlines(keepends=True)
        at = rng.randrange(len(lines) + 1)
        taken = inside.setdefault(id(doc), set())
        while at in taken:  # never split a table or chat put there before: its header would lose its rows
            at += 1
        added = sentence.text.count("\n") or 1
        inside[id(doc)] = {p + added if p >= at else p for p in taken} | set(range(at + 1, at + added))
        offset = sum(len(x) for x in lines[:at])
        shifted = [
            (s + len(sentence.text) if s >= offset else s, e + len(sentence.text) if s >= offset else e, n, g) for s, e, n, g in doc.names
        ]
        doc.text = "".join(lines[:at]) + sentence.text + "".join(lines[at:])
        doc.names = shifted + [(s + offset, e + offset, n, g) for s, e, n, g in sentence.names]
    return docs


def is_unsure_group(group: str) -> bool:
    return group.startswith("像普通词")


def score_names(docs: list[Doc], declared: set[str]) -> dict:
    """Per group: names, found as error, found as warning only, missed; and false findings."""
    groups: dict[str, Counter] = {}
    false = Counter()
    for doc in docs:
        found = [f for f in scan_text(doc.text, declared, citing=doc.genre in ("courses", "lectures")) if f.kind == "name"]
        for start, end, _, group in doc.names:
            hits = [f for f in found if f.start < end and start < f.end]
            c = groups.setdefault(group, Counter())
            c["names"] += 1
            outcome = "error" if any(f.severity == "error" for f in hits) else "warning" if hits else "missed"
            c[outcome] += 1
            if outcome != "error" and not is_unsure_group(group):
                EXAMPLES.setdefault("missed (" + outcome + ")", []).append(doc.text[start:end])
        for f in found:
            if not any(s < f.end and f.start < e for s, e, _, _ in doc.names):
                false[f.severity] += 1
                EXAMPLES.setdefault("false " + f.severity, []).append(doc.text[max(0, f.start - 8) : f.end + 8].replace("\n", " "))
    return {"groups": groups, "false": false}


EXAMPLES: dict[str, list[str]] = {}


def report_names(result: dict) -> None:
    groups, false = result["groups"], result["false"]
    print(f"{'group':<28}{'names':>6}{'error':>7}{'warning':>9}{'missed':>8}")
    for group, c in groups.items():
        print(f"{group[:26]:<28}{c['names']:>6}{c['error']:>7}{c['warning']:>9}{c['missed']:>8}")
    sure = Counter()
    for group, c in groups.items():
        if not is_unsure_group(group):
            sure += c
    every = sum(groups.values(), Counter())
    tp, fp = sure["error"], false["error"]
    print(
        f"errors: recall {tp}/{sure['names']} = {tp / max(sure['names'], 1):.3f} (names a reader would call real), "
        f"precision {every['error']}/{every['error'] + fp} = {every['error'] / max(every['error'] + fp, 1):.3f} ({fp} false errors)"
    )
    found_any = every["error"] + every["warning"]
    print(
        f"any finding: recall {found_any}/{every['names']} = {found_any / max(every['names'], 1):.3f}; "
        f"false warnings {false['warning']}; unsure-looking names found {sum(c['error'] + c['warning'] for g, c in groups.items() if is_unsure_group(g))}"
        f"/{sum(c['names'] for g, c in groups.items() if is_unsure_group(g))}"
    )
    for severity, examples in EXAMPLES.items():
        print(f"  {severity}: " + " | ".join(examples[:40]))


def blocked(docs: list[Doc], known: set[str]) -> dict[str, Counter]:
    """Clean documents through check_entry as items: how many get an error (blocked) or only warnings."""
    context = GuardContext(known_names=known, options={}, root=ROOT)
    shares: dict[str, Counter] = {}
    for n, doc in enumerate(docs):
        entry = Entry(
            doc.genre,
            f"bench-{n}",
            ROOT / f"{doc.genre}/bench-{n}/index.md",
            f"{doc.genre}/bench-{n}/index.md",
            ROOT / f"{doc.genre}/bench-{n}",
            doc.genre,
        )
        entry.body, entry.body_line = doc.text, 12
        entry.data = {"title": doc.title, "summary": doc.title, "pseudonyms": doc.declared}
        problems = check_entry(entry, context)
        c = shares.setdefault(doc.genre, Counter())
        c["docs"] += 1
        if any(p.is_error for p in problems):
            c["blocked"] += 1
            BLOCKED.append(f"{doc.genre}/{doc.title}: " + "; ".join(p.message[:40] for p in problems if p.is_error)[:160])
        elif problems:
            c["warned"] += 1
    return shares


BLOCKED: list[str] = []


def report_blocked(label: str, shares: dict[str, Counter]) -> None:
    parts = [
        f"{genre} {c['blocked']}/{c['docs']} = {c['blocked'] / max(c['docs'], 1):.1%} (warned only {c['warned']})"
        for genre, c in shares.items()
    ]
    print(f"blocked clean documents, {label}: " + "; ".join(parts))


def repository_docs() -> list[Doc]:
    """The repository's sample content (cases/, docs/ collections), each item's body as one clean document."""
    import yaml

    docs = []
    for genre, pattern in (("cases", "cases/*/index.md"), ("courses", "docs/courses/**/*.md"), ("lectures", "docs/lectures/**/*.md")):
        for md in sorted(ROOT.glob(pattern)):
            text = md.read_text(encoding="utf-8")
            parts = text.split("---\n", 2)
            data = yaml.safe_load(parts[1]) if len(parts) == 3 else {}
            body = parts[2] if len(parts) == 3 else text
            declared = [str(v) for v in (data or {}).get("pseudonyms") or []] + [str(v) for v in (data or {}).get("privacy_allow") or []]
            docs.append(Doc(genre, str((data or {}).get("title", md.stem)), body, declared=declared))
    return docs


def heldout_docs(folder: Path) -> list[Doc]:
    docs = []
    for path in sorted(list(folder.rglob("*.txt")) + list(folder.rglob("*.md"))):
        genre = (
            "lectures"
            if "lecture" in path.name or "讲座" in path.name
            else "courses"
            if "course" in path.name or "课" in path.name
            else "cases"
        )
        found = read_docs(path, genre)
        docs += found
    return docs


def run_names(args, known: set[str], site_allowed: set[str]) -> None:
    rng = random.Random(args.seed)
    declared = set(PSEUDONYMS) | site_allowed | known
    corpus = mixed_corpus(rng)
    sentences = sum(
        len([s for s in re.split(r"[。！？]", line) if len(s.strip()) > 3]) for d in clean_docs() for line in d.text.splitlines()
    )
    names = sum(len(d.names) for d in corpus)
    print(
        f"names corpus: {names} marked names in {len(name_sentences())} sentences; {sentences} clean sentences in {len(clean_docs())} documents"
    )
    report_names(score_names(corpus, declared))
    report_blocked("hand-written corpus", blocked(clean_docs(), known))
    report_blocked("repository sample content (written by others)", blocked(repository_docs(), known))
    for line in BLOCKED[:20]:
        print("  blocked:", line)
    if args.heldout and args.heldout.exists():
        EXAMPLES.clear()
        held = heldout_docs(args.heldout)
        print(f"held-out ({args.heldout}): {len(held)} documents, {sum(len(d.names) for d in held)} marked names")
        report_names(score_names(held, declared))
        report_blocked("held-out clean documents", blocked([d for d in held if not d.names], known))


# --- patterns and speed ----------------------------------------------------------------------------------------------


def valid_id(rng: random.Random, valid: bool = True) -> str:
    region = rng.choice(["110105", "310104", "440305", "510107", "330106", "420106"])
    born = f"{rng.randint(2005, 2016)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = region + born + f"{rng.randint(0, 999):03d}"
    check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=False)) % 11]
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def mobile(rng: random.Random) -> str:
    digits = rng.choice(["13", "15", "17", "18", "19"]) + "".join(rng.choice("0123456789") for _ in range(9))
    sep = rng.choice(["", "", " ", "-"])
    return digits[:3] + sep + digits[3:7] + sep + digits[7:]


def disguised_mobile(rng: random.Random) -> str:
    """A mobile number as people hide it from filters: zero-width characters, dots, brackets, a line break."""
    digits = rng.choice(["13", "15", "18"]) + "".join(rng.choice("0123456789") for _ in range(9))
    style = rng.choice(["zw", "dot", "paren", "break", "fullwidth"])
    if style == "zw":
        return "\u200b".join(digits[i : i + 3] for i in range(0, 11, 3))
    if style == "dot":
        return f"{digits[:3]}.{digits[3:7]}.{digits[7:]}"
    if style == "paren":
        return f"({digits[:3]}){digits[3:7]}-{digits[7:]}"
    if style == "break":
        return f"{digits[:7]}\n{digits[7:]}"
    return digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


PLANTS = {
    "id_card": ("家长提供的身份证号是{v}，用于办理转介手续。", lambda rng: valid_id(rng)),
    "id_card_spaced": (
        "身份证 {v}",
        lambda rng: rng.choice(["  ", "\u3000", "\u00a0", " - ", "\u200b"]).join(re.findall(".{1,6}", valid_id(rng))),
    ),
    "id_card_fullwidth_x": ("证件号{v}", lambda rng: next(v[:-1] + "Ｘ" for v in iter(lambda: valid_id(rng), None) if v.endswith("X"))),
    "mobile": ("妈妈的电话是{v}，可以随时联系。", mobile),
    "mobile_disguised": ("妈妈的电话是{v}，可以随时联系。", disguised_mobile),
    "mobile_after_hotline": ("心理援助热线12355，妈妈手机{v}。", lambda rng: mobile(rng).replace(" ", "").replace("-", "")),
    "email": (
        "家长留下了邮箱{v}。",
        lambda rng: rng.choice(["zhangwei", "li.na88"]) + rng.choice(["@", "＠"]) + rng.choice(["qq.com", "163.com"]),
    ),
    "qq": ("他的QQ号：{v}，经常在网上聊天到深夜。", lambda rng: str(rng.randint(10000, 9999999999))),
    "address": ("他家住在{v}，离学校不远。", lambda rng: rng.choice(["解放路", "人民路", "幸福巷"]) + f"{rng.randint(1, 300)}号"),
    "birth_date": ("小A于{v}出生，现在读初二。", lambda rng: f"{rng.randint(2006, 2016)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"),
}
KIND_OF = {"id_card_spaced": "id_card", "id_card_fullwidth_x": "id_card", "mobile_disguised": "mobile", "mobile_after_hotline": "mobile"}
HOTLINES = ["心理援助热线：010-82951332。", "可拨打12355青少年服务热线。", "希望24热线 400-161-9995"]


def pattern_items(rng: random.Random, count: int, size: int) -> list[tuple[str, list[tuple[str, int, int]]]]:
    paragraphs = [d.text for d in clean_docs()]
    items = []
    for n in range(count):
        parts = []
        while sum(len(p) for p in parts) < size:
            parts.append(rng.choice(paragraphs))
        if rng.random() < 0.3:
            parts.append(rng.choice(HOTLINES + [f"档案中的编号{valid_id(rng, valid=False)}已作废。"]))
        planted = []
        for _ in range(0 if n % 4 == 0 else rng.randint(1, 3)):
            kind = rng.choice(list(PLANTS))
            frame, make = PLANTS[kind]
            value = make(rng)
            parts.insert(rng.randrange(len(parts) + 1), frame.format(v=value))
            planted.append((kind, value))
        text = "\n\n".join(parts)
        spans = [(kind, m.start(), m.end()) for kind, value in planted for m in re.finditer(re.escape(value), text)]
        items.append((text, spans))
    return items


def run_patterns(args) -> None:
    rng = random.Random(args.seed)
    items = pattern_items(rng, args.items, args.size)
    stats: dict[str, Counter] = {}
    for text, spans in items:
        found = [f for f in scan_text(text, set(PSEUDONYMS), names=False)]
        for kind, s, e in spans:
            hit = any(f.kind == KIND_OF.get(kind, kind) and f.start < e and s < f.end for f in found)
            stats.setdefault(kind, Counter())["found" if hit else "missed"] += 1
        for f in found:
            if f.severity == "error" and not any(s < f.end and f.start < e for _, s, e in spans):
                stats.setdefault(f.kind, Counter())["false"] += 1
    print(f"patterns: {len(items)} items of ~{args.size} characters")
    print(f"{'kind':<22}{'planted':>8}{'found':>7}{'missed':>8}{'false':>7}")
    for kind, c in sorted(stats.items()):
        print(f"{kind:<22}{c['found'] + c['missed']:>8}{c['found']:>7}{c['missed']:>8}{c['false']:>7}")


def run_timing(args, known: set[str]) -> None:
    """Seconds per item through check_entry (body + metadata), as `xinyu check` calls it."""
    rng = random.Random(args.seed + 1)
    items = pattern_items(rng, args.timing, args.size)
    names = name_sentences()
    context = GuardContext(known_names=known, options={}, root=ROOT)
    entries = []
    for n, (text, _) in enumerate(items):
        if n % 5 == 0:
            text += "\n" + rng.choice(names).text  # a real-looking name in one item of five
        entry = Entry(
            "cases", f"bench-{n}", ROOT / f"cases/bench-{n}/index.md", f"cases/bench-{n}/index.md", ROOT / f"cases/bench-{n}", "cases"
        )
        entry.body, entry.body_line = text, 14
        entry.data = {
            "title": "一名初二学生考试焦虑的个体辅导",
            "summary": "辅导教师运用认知行为技术帮助小A调整不合理信念。",
            "pseudonyms": PSEUDONYMS,
        }
        entries.append(entry)
    check_entry(entries[0], context)  # load dictionaries and models once, as any run does
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for entry in entries:
            clear_caches()  # the generated items repeat the corpus's paragraphs; real items do not
            check_entry(entry, context)
        best = min(best, (time.process_time() - started) / len(entries))
    print(
        f"check_entry (body + metadata), CPU time: {best * 1000:.3f} ms per item of ~{args.size} characters (best of 2, {len(entries)} items); {best * 10000:.1f} s for 10,000 items"
    )


def clear_caches() -> None:
    """Real items do not repeat the corpus's sentences: no help from the clause caches."""
    from xinyu.guard import names

    for name in dir(names):
        cached = getattr(getattr(names, name), "cache_clear", None)
        if cached and name not in ("_has_word",):
            cached()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["names", "patterns", "timing"])
    parser.add_argument("--items", type=int, default=1000, help="items for the pattern metrics")
    parser.add_argument("--timing", type=int, default=1000, help="items for the timing run")
    parser.add_argument("--size", type=int, default=5000, help="characters per generated item")
    parser.add_argument("--seed", type=int, default=20240520)
    parser.add_argument("--guard", type=Path, default=ROOT / "plugins", help="the plugins folder whose guard is measured")
    parser.add_argument("--heldout", type=Path, default=Path("/work/notes/heldout"), help="held-out documents, if present")
    parser.add_argument("--bench", type=Path, default=BENCH, help="folder of names.txt and clean-*.txt")
    args = parser.parse_args()
    globals()["BENCH"] = args.bench
    import_guard(args.guard)
    known = {"赵阳", "周敏"}
    site_allowed = set(read_allow_file(ROOT / "data/privacy-allow.txt"))
    if args.only in (None, "names"):
        run_names(args, known, site_allowed)
    if args.only in (None, "patterns"):
        run_patterns(args)
    if args.only in (None, "timing"):
        run_timing(args, known)


if __name__ == "__main__":
    main()
