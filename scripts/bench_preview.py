#!/usr/bin/env python3
"""Preview speed: ``mkdocs serve`` on a generated site, one case edited, time until the page shows it.

    python scripts/bench_preview.py            # 2,000 items (issue 6 goal: ≤ 3 s from save to page)
    python scripts/bench_preview.py --n 300    # a quick look

Starts ``mkdocs serve`` on a free loopback port, waits for the first build, then
for each step writes the file and polls (every 50 ms) until the served site shows
the result; the time is from the write to the first response that shows it:

- edit: a case's title changes → its page shows the new title;
- break: an impossible date → the case leaves the index page and catalog.json, and
  serve prints the error (file and field);
- fix: the date back → the case is back on the index page;
- delete: the case's folder removed → gone from the index page;
- add: a new case folder → on the index page.

The edit is repeated (``--repeat``), ``GAP`` seconds after the last one showed, and the median
reported. A browser adds the
reload over the livereload socket (a few ms) to these times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Seconds between the page showing one save and the next save: a contributor reads the page first. Longer than the
# pause after which serve writes the search index (plugin.serving.IDLE, 2.5 s), so each save meets that work as a
# contributor's does; a shorter gap never lets it start, and measures a preview no one gets.
GAP = 6.0


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


class Server:
    """``mkdocs serve`` in a child process, its output collected."""

    def __init__(self, site: Path, dirty: bool = False, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *(["--dirty"] if dirty else [])],
            cwd=site,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line.rstrip())

    def wait(self, check, timeout: float = 600, every: float = 0.05) -> float:
        """Seconds until ``check()`` is true (raises TimeoutError)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError("mkdocs serve stopped:\n" + "\n".join(self.output[-30:]))
            if check():
                return time.perf_counter() - start
            time.sleep(every)
        raise TimeoutError("\n".join(self.output[-30:]))

    def page(self, path: str) -> str:
        return fetch(self.url + path)

    def catalog_urls(self) -> set[str]:
        text = self.page("catalog.json")
        try:
            return {item["url"] for item in json.loads(text)["items"]}
        except (ValueError, KeyError):
            return set()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def set_field(md: Path, key: str, value: str) -> None:
    lines = md.read_text(encoding="utf-8").split("\n")
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    md.write_text("\n".join(lines), encoding="utf-8")


def steps(server: Server, site: Path, repeat: int) -> dict:
    """Edit (repeated), break, fix, delete, add: seconds from the write to the served result."""
    slug, folder = "case-00003", site / "cases" / "case-00003"
    md = folder / "index.md"
    listed = lambda s: f'href="{s}/"' in server.page("cases/") or f'href="./{s}/"' in server.page("cases/")  # noqa: E731
    out: dict = {"edit": []}
    for i in range(repeat):
        title = f"预览计时用的新标题第{i + 1}版"
        set_field(md, "title", title)
        out["edit"].append(server.wait(lambda title=title: title in server.page(f"cases/{slug}/")))
        time.sleep(GAP)
    date = next(line for line in md.read_text(encoding="utf-8").split("\n") if line.startswith("date:")).split(": ", 1)[1]
    set_field(md, "date", "'2023-02-30'")
    out["break"] = server.wait(lambda: not listed(slug) and f"cases/{slug}/" not in server.catalog_urls())
    out["error_printed"] = server.wait(lambda: any(f"cases/{slug}/index.md" in line and "date" in line for line in server.output), 10)
    set_field(md, "date", date)
    out["fix"] = server.wait(lambda: listed(slug) and f"cases/{slug}/" in server.catalog_urls())
    moved = site.parent / f"{slug}-moved"
    shutil.move(str(folder), moved)
    out["delete"] = server.wait(lambda: not listed(slug))
    shutil.copytree(moved, site / "cases" / "case-new-one")
    out["add"] = server.wait(lambda: listed("case-new-one"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dirty", action="store_true", help="serve --dirty, as `python3 scripts/dev.py serve` does")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xinyu-bench-preview"))
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    site = work / "site"
    corpus.generate(site, args.n, seed=args.seed)
    server = Server(site, dirty=args.dirty)
    try:
        first = server.wait(lambda: "case-00003" in server.page("cases/"), timeout=1800, every=0.5)
        print(f"first build and serve: {first:.1f} s", file=sys.stderr, flush=True)
        time.sleep(2)
        result = {"n": args.n, "first_build": round(first, 1), **steps(server, site, args.repeat)}
    finally:
        server.stop()
    rebuilds = [line for line in server.output if "Documentation built in" in line or "xinyu" in line][-12:]
    print("\n".join(rebuilds), file=sys.stderr)
    edit = result["edit"]
    print(
        f"| items | edit → page (median of {len(edit)}) | edits | break → gone | error printed | fix → back | delete → gone | add → listed |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.n} | {statistics.median(edit):.2f} s | {', '.join(f'{t:.2f}' for t in edit)} | {result['break']:.2f} s | yes | "
        f"{result['fix']:.2f} s | {result['delete']:.2f} s | {result['add']:.2f} s |"
    )


if __name__ == "__main__":
    main()
