#!/usr/bin/env python3
"""Build benchmark (issue 17): our site against plain MkDocs, on two corpora, in one run.

For each corpus and N it writes the items twice: into our site and into a plain Material
site (the **floor**: the same Markdown at the same URLs, front matter kept as page meta,
no search, a nav that lists only the home page, the same Markdown extensions as ours).
Both corpora's floors mean the same thing; they differ only in the items:

- ``corpus``: ``scripts/corpus.py`` (all collections, attachments, aliases, registry
  authors; ≈ 5,000 characters a case);
- ``gencases``: ``../shared/bench/gencases.py N ROOT --plain PLAIN`` (plain-paragraph
  cases only). Its text is sampled words, in which the privacy guard finds "names" in four
  cases out of ten: our site reads them as warnings (``privacy: {names: warning}``) so that
  it publishes every case, as the floor does, with the guard's full work still done.

Then, alternating: ours (cold: no build cache), the floor, Material with its search
(``lang: zh``); one case edited and ours rebuilt with the cache (one-edit); ``serve
--dirty`` with one title edited until the page shows it (preview, median of ``--edits``, each
``bench_preview.GAP`` seconds after the last showed, so that serve's search index runs between them);
``xinyu check`` cold, warm (nothing changed since the last check: the kept report) and after one
edit (the one case changed again: what a contributor runs, and CI with its cache). Every figure comes with CPU seconds (the process tree's user
+ system time, workers included, sampled from /proc) and the load average, because wall
times on a shared machine say little.

    python scripts/bench_build.py                              # the issue's table: both corpora, 5,000 and 10,000
    python scripts/bench_build.py --sizes 300 --corpora corpus  # a quick look
    python scripts/bench_build.py --sizes 5000 --skip material,preview
    python scripts/bench_build.py --prepare-only && python scripts/bench_build.py --reuse   # write first, measure later

Results go to ``--out`` (JSON, after every step) and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
import corpus  # noqa: E402

CORPORA = ("corpus", "gencases")
STEPS = ("ours", "floor", "material", "edit", "preview", "check")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
FLOOR_CONFIG = """site_name: 心育资源库
site_url: http://localhost:8000/
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.top, content.code.copy]
plugins: {plugins}
markdown_extensions:
  - toc: {{permalink: true}}
  - tables
  - footnotes
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
nav:
  - 首页: index.md
validation:
  nav: {{omitted_files: info, not_found: warn}}
  links: {{not_found: info}}
"""


def machine() -> str:
    cpu, mem = "unknown CPU", 0.0
    try:
        cpu = next(
            line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")
        )
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        pass
    import markdown
    import material
    import mkdocs

    return (
        f"{os.cpu_count()} cores, {cpu}, {mem:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}; "
        f"MkDocs {mkdocs.__version__}, Material {material.__version__}, Markdown {markdown.__version__}"
    )


def load() -> float:
    return round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else 0.0


# the corpora --------------------------------------------------------------------------------------------------


def gencases_script() -> Path | None:
    candidates = [
        os.environ.get("XINYU_GENCASES", ""),
        ROOT.parent / "shared/bench/gencases.py",
        ROOT.parent.parent / "shared/bench/gencases.py",
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def our_config_site(target: Path) -> None:
    """This repository's configuration and site pages, without its sample items' text being needed."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("dev"))


def prepare(name: str, n: int, base: Path, seed: int) -> dict[str, Path]:
    """Our site, the floor and Material+search for one corpus and N; returns the three roots."""
    sites = {"ours": base / "ours", "floor": base / "floor", "material": base / "material"}
    for path in sites.values():
        shutil.rmtree(path, ignore_errors=True)
    if name == "corpus":
        corpus.generate(sites["ours"], n, seed=seed)
        floor_from(sites["ours"], sites["floor"], search=False)
    else:
        script = gencases_script()
        if script is None:
            raise FileNotFoundError("gencases.py not found: set XINYU_GENCASES")
        our_config_site(sites["ours"])
        for folder in ("cases",):
            shutil.rmtree(sites["ours"] / folder, ignore_errors=True)
        config = sites["ours"] / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - xinyu:\n", "  - xinyu:\n      privacy: {names: warning}\n", 1), encoding="utf-8")
        subprocess.run([sys.executable, str(script), str(n), str(sites["ours"]), "--plain", str(sites["floor"])], check=True)
        (sites["floor"] / "docs/index.md").write_text("# 心育资源库\n", encoding="utf-8")
        (sites["floor"] / "mkdocs.yml").write_text(FLOOR_CONFIG.format(plugins="[]"), encoding="utf-8")
    shutil.copytree(sites["floor"], sites["material"])
    (sites["material"] / "mkdocs.yml").write_text(FLOOR_CONFIG.format(plugins="[search: {lang: zh}]"), encoding="utf-8")
    return sites


def floor_from(ours: Path, target: Path, search: bool) -> None:
    """The same Markdown as a plain Material site: every collection's items under docs/<prefix>/ at the same URLs."""
    shutil.copytree(ours / "docs", target / "docs")
    shutil.copytree(ours / "cases", target / "docs" / "cases", dirs_exist_ok=True)
    # Our site pages (home, about, guide) name our templates: plain Material's default instead.
    for page in (target / "docs").rglob("*.md"):
        if "cases" in page.relative_to(target / "docs").parts[:1]:
            continue
        text = page.read_text(encoding="utf-8")
        if "template: xinyu/" in text:
            page.write_text(re.sub(r"(?m)^template: xinyu/.*\n", "", text), encoding="utf-8")
    (target / "mkdocs.yml").write_text(FLOOR_CONFIG.format(plugins="[search: {lang: zh}]" if search else "[]"), encoding="utf-8")


def edited_case(site: Path) -> Path:
    """The Markdown file of the case the one-edit and preview steps change (the fourth)."""
    return sorted((site / "cases").glob("*/index.md"))[3]


def edit(md: Path, mark: str) -> None:
    """A new title and one more sentence: what a contributor's fix looks like."""
    lines = md.read_text(encoding="utf-8").split("\n")
    lines = [f"title: 修改后的标题{mark}" if line.startswith("title:") else line for line in lines]
    md.write_text("\n".join(lines) + f"\n\n补充说明{mark}：辅导结束后一个月回访，情况稳定。\n", encoding="utf-8")


# measuring ----------------------------------------------------------------------------------------------------


class Tree(threading.Thread):
    """Peak memory and CPU seconds of a process and all its descendants, sampled from /proc.

    Memory is measured twice. ``peak`` sums the processes' RSS: the fork-server workers share
    the pages they were forked with (modules, the parent's data) and each RSS counts them again,
    so the sum overstates what the tree holds. ``peak_pss`` sums PSS (/proc/<pid>/smaps_rollup:
    each shared page divided among the processes sharing it), which adds up to the memory the
    tree really uses: the honest figure for "peak memory".
    """

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.peak_pss, self.running = pid, every, 0, 0, True
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while self.running:
            rss = pss = 0
            for pid in _tree(self.pid):
                ticks, pages = _usage(pid)
                rss += pages
                pss += _pss(pid)
                if ticks is not None:
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), ticks / TICK)
            self.peak = max(self.peak, rss * page)
            self.peak_pss = max(self.peak_pss, pss)
            time.sleep(self.every)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parents[int(name)] = int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return out


def _usage(pid: int) -> tuple[float | None, int]:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return float(fields[11]) + float(fields[12]), rss
    except (OSError, IndexError, ValueError):
        return None, 0


def _pss(pid: int) -> int:
    """Bytes of the process's proportional set size (0 when it is gone or the kernel has no smaps_rollup)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def measured(cmd: list[str], cwd: Path, env: dict | None = None, timeout: float = 7200, codes: tuple = (0,)) -> dict:
    """Wall time, CPU seconds and peak memory of the process tree; the load average before and after."""
    before = load()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    tree = Tree(proc.pid)
    tree.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    tree.running = False
    tree.join()
    result = {
        "ok": proc.returncode in codes,
        "seconds": round(wall, 2),
        "cpu_s": round(sum(tree.cpu.values()), 1),
        "peak_mb": round(tree.peak / 2**20),  # summed RSS (shared pages counted once per process)
        "peak_pss_mb": round(tree.peak_pss / 2**20),  # summed PSS: what the tree really holds
        "load": [before, load()],
    }
    if not result["ok"]:
        result["error"] = (err or out)[-800:]
    result["log"] = [line for line in err.splitlines() if "xinyu" in line][-8:]
    return result


def dir_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build(site: Path, out: Path, env: dict | None = None) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    r = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=site, env=env)
    r["site_mb"] = round(dir_size(out) / 2**20, 1) if out.exists() else 0
    r["pages"] = sum(1 for _ in out.rglob("index.html")) if out.exists() else 0
    return r


def check(site: Path, cache: bool) -> dict:
    code = "import sys; from xinyu.cli.main import main; sys.exit(main(['check']))"
    env = {**ENV, **({} if cache else {"XINYU_NO_CACHE": "1"})}
    return measured([sys.executable, "-c", code], cwd=site, env=env, codes=(0, 1))  # 1: content errors


def preview(site: Path, edits: int) -> dict:
    """``serve --dirty``: seconds from saving a new title to the page showing it (scripts/bench_preview.py)."""
    import bench_preview

    md = edited_case(site)
    url = md.parent.relative_to(site).as_posix() + "/"
    server = bench_preview.Server(site, dirty=True)
    times = []
    try:
        first = server.wait(lambda: "</html>" in server.page(url), timeout=3600, every=0.5)
        time.sleep(2)
        for i in range(edits):
            title = f"预览计时的新标题第{i + 1}版"
            bench_preview.set_field(md, "title", title)
            times.append(round(server.wait(lambda title=title: title in server.page(url)), 2))
            time.sleep(bench_preview.GAP)
    finally:
        server.stop()
    return {"first_build": round(first, 1), "edits": times, "median": statistics.median(times) if times else None, "load": load()}


# the run ------------------------------------------------------------------------------------------------------


def say(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def one_size(name: str, n: int, args) -> dict:
    base = Path(args.work) / f"{name}-{n}"
    sites = {kind: base / kind for kind in ("ours", "floor", "material")}
    if not (args.reuse and all((site / "mkdocs.yml").is_file() for site in sites.values())):
        say(f"{name} N={n}: writing the sites")
        sites = prepare(name, n, base, args.seed)
    if args.prepare_only:
        return {}
    row: dict = RESULTS["runs"].setdefault(f"{name}-{n}", {})  # saved after every step, so a cut-short run keeps its figures
    row.update(ours=[], floor=[], material=[])
    for rep in range(args.repeat):
        for kind in ("ours", "floor", "material"):
            if kind in args.skip:
                continue
            shutil.rmtree(sites[kind] / ".cache", ignore_errors=True)
            say(f"  {kind} #{rep + 1}")
            r = build(sites[kind], base / f"site-{kind}")
            say(
                f"    {r['seconds']} s, CPU {r['cpu_s']} s, peak {r['peak_mb']} MB RSS / {r['peak_pss_mb']} MB PSS, {r['pages']} pages, load {r['load']}{'' if r['ok'] else ' FAILED'}"
            )
            row[kind].append(r)
            save(args)
    if "edit" not in args.skip and "ours" not in args.skip:
        shutil.rmtree(sites["ours"] / ".cache", ignore_errors=True)
        build(sites["ours"], base / "site-ours")  # the cache as a build leaves it
        row["edit"] = []
        for rep in range(args.repeat):
            edit(edited_case(sites["ours"]), f"{rep}")
            say(f"  one edit #{rep + 1}")
            r = build(sites["ours"], base / "site-ours")
            say(f"    {r['seconds']} s, CPU {r['cpu_s']} s, load {r['load']}")
            row["edit"].append(r)
            save(args)
    if "check" not in args.skip:
        row["check_cold"] = [check(sites["ours"], cache=False) for _ in range(args.repeat)]
        check(sites["ours"], cache=True)  # fills the cache with what check reads
        row["check_warm"] = [check(sites["ours"], cache=True) for _ in range(args.repeat)]
        row["check_edit"] = []
        for rep in range(args.repeat):  # what a contributor runs after an edit, and CI on a fresh clone with its cache
            edit(edited_case(sites["ours"]), f"检查{rep}")
            row["check_edit"].append(check(sites["ours"], cache=True))
        say(
            f"  xinyu check cold {[(c['seconds'], c['cpu_s']) for c in row['check_cold']]}, warm {[(c['seconds'], c['cpu_s']) for c in row['check_warm']]}"
            f", after one edit {[(c['seconds'], c['cpu_s']) for c in row['check_edit']]}"
        )
    if "preview" not in args.skip:
        say("  serve --dirty")
        row["preview"] = preview(sites["ours"], args.edits)
        say(f"    {row['preview']}")
    save(args)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return row


RESULTS: dict = {}


def save(args) -> None:
    Path(args.out).write_text(json.dumps(RESULTS, ensure_ascii=False, indent=1), encoding="utf-8")


def best(runs: list[dict], key: str = "seconds") -> float | None:
    ok = [r[key] for r in runs or [] if r.get("ok")]
    return min(ok) if ok else None


def table(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']}",
        f"Command: {results['command']}",
        "",
        "| corpus | N | ours cold s (CPU) | floor s (CPU) | Material+search s (CPU) | ours/floor | one edit s (CPU) | edit/floor | "
        "preview s | check cold s (CPU) | check warm s (CPU) | check after one edit s (CPU) | peak MB ours / floor (RSS sum) | "
        "peak MB ours / floor (PSS) | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, row in results["runs"].items():
        lines.append(table_row(key, row))
    lines.append(
        "\nBest of the repeats; CPU: user + system seconds of the whole process tree; load: 1-minute load average during the runs."
        "\nPeak memory: the RSS sum counts the pages the fork-server workers share with each other once per process;"
        " PSS divides each shared page among its sharers, so its sum is what the tree really holds (the figure the 2 GB target means)."
    )
    lines.append(
        "Targets (issue 17): cold ≤ 1.5 × floor, one edit ≤ 0.5 × floor, preview ≤ 1.5 s at 5,000, check ≤ 5 s cold / 1 s warm at 10,000 (warm read both ways), peak ≤ 2 GB."
    )
    return "\n".join(lines)


def table_row(key: str, row: dict) -> str:
    name, n = key.rsplit("-", 1)
    t = {k: best(row.get(k)) for k in ("ours", "floor", "material", "edit", "check_cold", "check_warm", "check_edit")}
    c = {k: best(row.get(k), "cpu_s") for k in t}

    def ratio(k: str) -> str:
        return f"{t[k] / t['floor']:.2f}" if t[k] and t["floor"] else "–"

    def cell(k: str) -> str:
        return f"{t[k]:.1f} ({c[k]:.1f})" if t[k] is not None else "–"

    peak = {k: max((r["peak_mb"] for r in row.get(k, []) if r.get("ok")), default=None) for k in ("ours", "floor")}
    pss = {k: max((r.get("peak_pss_mb", 0) for r in row.get(k, []) if r.get("ok")), default=None) for k in ("ours", "floor")}
    loads = [x for k in ("ours", "floor", "material", "edit") for r in row.get(k, []) for x in r["load"]]
    shown = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "–"
    pv = row.get("preview", {}).get("median")
    return (
        f"| {name} | {int(n):,} | {cell('ours')} | {cell('floor')} | {cell('material')} | {ratio('ours')} | {cell('edit')} | {ratio('edit')} | "
        f"{pv if pv is not None else '–'} | {cell('check_cold')} | {cell('check_warm')} | {cell('check_edit')} | {peak['ours']} / {peak['floor']} | {pss['ours']} / {pss['floor']} | {shown} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[5000, 10000])
    parser.add_argument("--corpora", type=lambda s: [c for c in s.split(",") if c in CORPORA], default=list(CORPORA))
    parser.add_argument("--skip", type=lambda s: set(s.split(",")), default=set(), help=f"steps to leave out: {', '.join(STEPS)}")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build, alternating (the best is reported)")
    parser.add_argument("--edits", type=int, default=3, help="title edits timed under serve --dirty (the median is reported)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xinyu-bench-build"))
    parser.add_argument("--out", default="bench_build.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated and built sites")
    parser.add_argument("--prepare-only", action="store_true", help="write the sites into --work and stop (implies --keep)")
    parser.add_argument("--reuse", action="store_true", help="use the sites a --prepare-only run wrote into --work")
    args = parser.parse_args()
    args.keep = args.keep or args.prepare_only or args.reuse
    RESULTS.update(machine=machine(), command=" ".join(sys.argv), started=time.strftime("%Y-%m-%d %H:%M"), runs={})
    say(RESULTS["machine"])
    for n in args.sizes:  # every corpus at the smaller size first: the figures a short window has time for
        for name in args.corpora:
            RESULTS["runs"][f"{name}-{n}"] = {}
            RESULTS["runs"][f"{name}-{n}"] = one_size(name, n, args)
            save(args)
    RESULTS["finished"] = time.strftime("%Y-%m-%d %H:%M")
    save(args)
    print(table(RESULTS))


if __name__ == "__main__":
    main()
