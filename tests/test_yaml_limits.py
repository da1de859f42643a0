"""Nothing `xinyu check` or the build reads can exhaust memory or hang: YAML gets limits before input.

An alias bomb (a few hundred bytes that expand to billions of values), deep nesting, a huge
front matter and a huge file are each one located error; every other file is still checked.
The commands run under a memory limit, so a regression fails here instead of taking the machine.
"""

from __future__ import annotations

import resource
import subprocess
import time

import pytest

from conftest import VALID_CASE, bin_path
from xinyu.content.source import parse_front_matter

MEMORY_LIMIT = 1536 * 1024 * 1024  # the check of a small site needs a few hundred MB


def alias_bomb(levels: int = 9, width: int = 9, key: str = "tags") -> list[str]:
    """Front-matter lines: each anchor lists the previous one `width` times (width**levels values)."""
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return [*lines, f"{key}: *a{levels - 1}"]


def case_front(*extra: str) -> str:
    """The valid case with lines added at the end of its front matter."""
    head, body = VALID_CASE.split("\n---\n", 1)
    return "\n".join([head, *extra, "---", body])


def limited(command: list[str], cwd, timeout: float = 90) -> subprocess.CompletedProcess:
    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=timeout, preexec_fn=cap_memory)


def check_lines(site) -> tuple[subprocess.CompletedProcess, list[str], float]:
    started = time.perf_counter()
    proc = limited([bin_path("xinyu"), "check"], site.root)
    return proc, [ln for ln in proc.stdout.splitlines() if ln.strip()], time.perf_counter() - started


def test_alias_bomb_in_front_matter_is_a_located_error_and_the_rest_is_checked(site):
    bomb = case_front(*alias_bomb())
    assert len(bomb.encode()) < 1200
    site.write("cases/bomb/index.md", bomb)
    site.write("cases/other-bad/index.md", VALID_CASE.replace("grade: 初一", "grade: 初四"))
    site.write("cases/good/index.md", VALID_CASE)
    proc, lines, seconds = check_lines(site)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    first_anchor = VALID_CASE.split("\n---\n", 1)[0].count("\n") + 2  # the line of `a0: &a0 [...]`
    assert any(ln.startswith(f"cases/bomb/index.md:{first_anchor}: 元数据: ") and "&" in ln for ln in lines), lines
    assert any(ln.startswith("cases/other-bad/index.md:6: grade: ") for ln in lines), lines
    assert not any(ln.startswith("cases/good/") for ln in lines), lines
    assert seconds < 30
    # Again, from the build cache (.cache/xinyu): the refused file is refused again, the same way.
    assert (site.root / ".cache/xinyu").is_dir()
    again, again_lines, _ = check_lines(site)
    assert again.returncode == 1 and again_lines == lines, again.stdout + again.stderr


@pytest.mark.parametrize(
    "name,lines,line,text",
    [
        ("deep-flow", ["tags: " + "[" * 60 + "x" + "]" * 60], 12, "层"),
        ("deeper-than-libyaml", ["tags: " + "[" * 5000 + "x" + "]" * 5000], 12, "层"),
        ("deep-block", ["tags:", *("  " * (i + 1) + "- " for i in range(40)), "  " * 41 + "- x"], 12, "层"),
        (
            "merge-key-bomb",
            [
                "m0: &m0 {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8}",
                *(f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 8) + f"], z{i}: 1}}" for i in range(1, 9)),
            ],
            12,
            "&",
        ),
        ("self-reference", ["tags: &loop [a, *loop]"], 12, "&"),
        ("huge-front-matter", ["summary_extra: [" + ", ".join(["值"] * 200_000) + "]"], 12, "太"),
    ],
)
def test_pathological_front_matter_is_refused_at_its_line(site, name, lines, line, text):
    site.write("cases/bad/index.md", case_front(*lines))
    site.write("cases/good/index.md", VALID_CASE)
    proc, out, seconds = check_lines(site)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1
    bad = [ln for ln in out if ln.startswith("cases/bad/index.md:")]
    assert any(ln.startswith(f"cases/bad/index.md:{line}: 元数据: ") and text in ln for ln in bad), out
    assert not any(ln.startswith("cases/good/") for ln in out), out
    assert seconds < 30


def test_huge_item_file_is_refused_without_reading_it_whole(site):
    """Larger than the memory limit (a sparse file: nothing is written to disk): read whole, it would fail."""
    huge = site.write("cases/huge/index.md", VALID_CASE)
    with open(huge, "r+b") as fh:
        fh.truncate(MEMORY_LIMIT + 100 * 1024 * 1024)
    site.write("cases/good/index.md", VALID_CASE)
    proc, lines, seconds = check_lines(site)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert any(ln.startswith("cases/huge/index.md:1: 文件: ") and "MB" in ln for ln in lines), lines
    assert not any(ln.startswith("cases/good/") for ln in lines)
    assert seconds < 90  # the build cache hashes the file once, in blocks


def test_alias_bomb_in_the_authors_registry_is_located_and_items_are_still_checked(site):
    site.write("data/authors.yml", "zhou-min:\n  name: 周敏\n" + "\n".join(alias_bomb(key="li-ming")) + "\n")
    site.write("cases/good/index.md", VALID_CASE)
    site.write("cases/bad/index.md", VALID_CASE.replace("grade: 初一", "grade: 初四"))
    proc, lines, _ = check_lines(site)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert any(ln.startswith("data/authors.yml:3: 元数据: ") for ln in lines), lines
    assert any(ln.startswith("cases/bad/index.md:6: grade: ") for ln in lines), lines


def test_alias_bomb_in_the_vocabulary_is_a_located_configuration_error(site):
    vocabulary = (site.root / "data/vocabulary.yml").read_text(encoding="utf-8")
    site.write("data/vocabulary.yml", vocabulary + "\n" + "\n".join(alias_bomb(key="bomb")) + "\n")
    site.write("cases/good/index.md", VALID_CASE)
    proc, _, seconds = check_lines(site)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 2
    assert "data/vocabulary.yml:" in proc.stderr and "&" in proc.stderr, proc.stderr
    assert seconds < 30


def test_build_survives_an_alias_bomb_and_publishes_the_rest(site):
    site.write("cases/bomb/index.md", case_front(*alias_bomb()))
    site.write("cases/good/index.md", VALID_CASE)
    proc = limited([bin_path("mkdocs"), "build"], site.root, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "cases/bomb/index.md" in proc.stderr and "元数据" in proc.stderr
    assert (site.out / "cases/good/index.html").is_file()
    assert not (site.out / "cases/bomb").exists()


def test_modest_anchors_still_work():
    front, problems = parse_front_matter("tags: &t [考试焦虑, 沙盘游戏]\npseudonyms: *t\ntitle: 标题\n", "x.md")
    assert problems == []
    assert front.data["pseudonyms"] == ["考试焦虑", "沙盘游戏"]
    assert front.line_of(("pseudonyms", 1)) == 1  # shared values keep the line where they were written
