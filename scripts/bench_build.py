#!/usr/bin/env python3
"""Build benchmark: our site against plain Material (the floor) and Material's own search, in one run.

For each N it generates a corpus with ``scripts/corpus.py`` and builds, alternating:

- ``ours``: the generated site with the xinyu plugin (search included);
- ``floor``: the same Markdown as a plain Material site without search: every item
  at the same URL (``docs/cases/<slug>/index.md``), front matter kept as page meta,
  attachments beside it, a nav without items;
- ``material``: the floor plus Material's built-in search (``lang: zh``, jieba).

It prints wall time, peak memory (the sum of the process tree's RSS, sampled every
0.1 s, and the largest single process from GNU time), the site's size, the ratios
ours/floor, ours/material and 10k/5k, and the time of ``xinyu check``.

    python scripts/bench_build.py                         # N = 1000, 5000, 10000 (about an hour on 2 cores)
    python scripts/bench_build.py --sizes 300 --repeat 1  # a quick look
    python scripts/bench_build.py --sizes 10000 --kinds ours,floor

Run the full sizes in the background; results go to ``--out`` (JSON, after every
step) and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

KINDS = ("ours", "floor", "material")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
FLOOR_CONFIG = """site_name: 心育资源库
site_url: http://localhost:8000/
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.top, content.code.copy]
  palette: {{primary: teal, accent: teal}}
plugins: {plugins}
markdown_extensions:
  - toc: {{permalink: true}}
  - tables
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
nav:
  - 首页: index.md
  - 关于: about.md
validation:
  nav: {{omitted_files: info, not_found: warn}}
  links: {{not_found: info}}
"""


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        mem = 0
    return f"{os.cpu_count()} cores, {cpu}, {mem:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}"


def floor_site(ours: Path, target: Path, search: bool) -> None:
    """The same Markdown as a plain Material site: items under docs/<prefix>/ at the same URLs."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ours / "docs", target / "docs")
    shutil.copytree(ours / "cases", target / "docs" / "cases", dirs_exist_ok=True)
    home = target / "docs" / "index.md"  # our home page names our template: plain Material's default instead
    home.write_text(home.read_text(encoding="utf-8").replace("template: xinyu/home.html\n", ""), encoding="utf-8")
    plugins = "[search: {lang: zh}]" if search else "[]"
    (target / "mkdocs.yml").write_text(FLOOR_CONFIG.format(plugins=plugins), encoding="utf-8")


class TreeMemory(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while self.running:
            self.peak = max(self.peak, sum(_rss_pages(p) for p in _tree(self.pid)) * page)
            time.sleep(0.1)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
                parents[int(name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return out


def _rss_pages(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def measured(cmd: list[str], cwd: Path, timeout: float = 3600) -> dict:
    """Wall time, peak tree RSS (sampled) and peak single-process RSS (GNU time)."""
    timing = Path(tempfile.mktemp(suffix=".time"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["/usr/bin/time", "-f", "%U %S %M", "-o", str(timing), *cmd],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeMemory(proc.pid)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.running = False
    user, system, single = timing.read_text().strip().splitlines()[-1].split() if timing.exists() else (0, 0, 0)
    timing.unlink(missing_ok=True)
    result = {
        "ok": proc.returncode == 0,
        "seconds": round(wall, 2),
        "peak_mb": round(sampler.peak / 2**20),
        "single_mb": round(int(single) / 1024),
        "cpu_s": round(float(user) + float(system), 1),
    }
    if proc.returncode:
        result["error"] = (err or out)[-800:]
    result["log"] = [line for line in err.splitlines() if "xinyu" in line][-12:]
    return result


def dir_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build(kind: str, sites: dict[str, Path], out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    r = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=sites[kind])
    r["site_mb"] = round(dir_size(out) / 2**20, 1) if out.exists() else 0
    r["pages"] = sum(1 for _ in out.rglob("index.html")) if out.exists() else 0
    return r


def check(site: Path) -> dict:
    code = "import sys; from xinyu.cli.main import main; sys.exit(main(['check']))"
    return measured([sys.executable, "-c", code], cwd=site)


def run(args) -> dict:
    base = Path(args.work)
    results: dict = {"machine": machine(), "command": " ".join(sys.argv), "sizes": {}}
    for n in args.sizes:
        log(f"N={n}: generating the corpus")
        sites = {"ours": base / f"n{n}" / "ours"}
        corpus.generate(sites["ours"], n, seed=args.seed)
        sites["floor"], sites["material"] = base / f"n{n}" / "floor", base / f"n{n}" / "material"
        floor_site(sites["ours"], sites["floor"], search=False)
        floor_site(sites["ours"], sites["material"], search=True)
        row: dict = {kind: [] for kind in args.kinds}
        results["sizes"][str(n)] = row
        for rep in range(args.repeat):
            for kind in args.kinds:
                log(f"N={n} {kind} #{rep + 1}")
                r = build(kind, sites, base / f"n{n}" / f"site-{kind}")
                log(
                    f"  {r['seconds']} s (CPU {r['cpu_s']} s), peak {r['peak_mb']} MB, site {r['site_mb']} MB, {r['pages']} pages{'' if r['ok'] else ' FAILED'}"
                )
                row[kind].append(r)
                save(args.out, results)
        if "ours" in args.kinds:
            row["check"] = [check(sites["ours"]) for _ in range(args.repeat)]
            log(f"  xinyu check: {[(c['seconds'], c['cpu_s']) for c in row['check']]} s (wall, CPU)")
        save(args.out, results)
        if not args.keep:
            for kind in args.kinds:
                shutil.rmtree(base / f"n{n}" / f"site-{kind}", ignore_errors=True)
    return results


def best(runs: list[dict], key: str = "seconds") -> float | None:
    ok = [r[key] for r in runs if r.get("ok")]
    return min(ok) if ok else None


def table(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']}",
        "",
        "| N | ours s | floor s | Material+search s | ours/floor | ours/Material | ours peak MB | floor peak MB | Material peak MB | ours site MB | floor site MB | Material site MB | xinyu check s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    sizes = results["sizes"]
    for n, row in sizes.items():
        t = {k: best(row.get(k, [])) for k in KINDS}
        mem = {k: max((r["peak_mb"] for r in row.get(k, []) if r.get("ok")), default=None) for k in KINDS}
        site = {k: next((r["site_mb"] for r in row.get(k, []) if r.get("ok")), None) for k in KINDS}
        ratio = {k: f"{t['ours'] / t[k]:.2f}" if t["ours"] and t[k] else "–" for k in ("floor", "material")}
        lines.append(
            f"| {n} | {_f(t['ours'])} | {_f(t['floor'])} | {_f(t['material'])} | {ratio['floor']} | {ratio['material']} | "
            f"{_f(mem['ours'])} | {_f(mem['floor'])} | {_f(mem['material'])} | {_f(site['ours'])} | {_f(site['floor'])} | "
            f"{_f(site['material'])} | {_f(best(row.get('check', [])))} |"
        )
    if "5000" in sizes and "10000" in sizes:
        for k in KINDS:
            a, b = best(sizes["10000"].get(k, [])), best(sizes["5000"].get(k, []))
            if a and b:
                lines.append(f"\n10k/5k {k}: {a / b:.2f}")
    lines.append("\nTimes are the best of the repeats; peak MB is the summed RSS of the build's process tree.")
    return "\n".join(lines)


def _f(value) -> str:
    return "–" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))


def save(out: Path, results: dict) -> None:
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 5000, 10000])
    parser.add_argument("--kinds", type=lambda s: [k for k in s.split(",") if k in KINDS], default=list(KINDS))
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind per N, alternating (best is reported)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xinyu-bench-build"))
    parser.add_argument("--out", type=Path, default=Path("bench_build.json"))
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    args = parser.parse_args()
    log(machine())
    results = run(args)
    print(table(results))


if __name__ == "__main__":
    main()
