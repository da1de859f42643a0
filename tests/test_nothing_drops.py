"""Nothing drops silently: the build says what it left out; a published item that disappears is named."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, VALID_CASE


def case(title: str, **extra: str) -> str:
    text = VALID_CASE.replace("title: 用情绪温度计帮助初一学生识别情绪", f"title: {title}")
    for key, value in extra.items():
        text = text.replace("pseudonyms: [小A]", f"pseudonyms: [小A]\n{key}: {value}")
    return text


def four_cases(site) -> None:
    for slug, title in (
        ("stays", "留下的案例"),
        ("deleted", "被删的案例"),
        ("broken", "改坏的案例"),
        ("drafted", "改成草稿的案例"),
        ("taken-down", "撤下的案例"),
    ):
        site.write(f"cases/{slug}/index.md", case(title))


def spoil(site) -> None:
    """Every way a published item leaves: deleted, broken, made a draft, withdrawn (the only one on purpose)."""
    shutil.rmtree(site.root / "cases/deleted")
    site.write("cases/broken/index.md", case("改坏的案例").replace("date: 2024-05-20", "date: 2024-02-30"))
    site.write("cases/drafted/index.md", case("改成草稿的案例", status="draft"))
    site.write("cases/taken-down/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")


def warnings(err: str) -> str:
    return "\n".join(line for line in err.splitlines() if not line.startswith("INFO"))


def test_the_build_ends_with_one_summary_of_what_it_left_out(site):
    four_cases(site)
    spoil(site)
    site.write("docs/bad.md", "# 页面\n\n<script>alert(1)</script>\n")
    result = site.build()
    assert result.code == 0 and "Traceback" not in result.err
    err = result.err
    assert err.count("共 4 个条目，发布 1 个") == 1
    tail = err[err.index("共 4 个条目，发布 1 个") :]
    assert "cases/broken/index.md：date" in tail and "docs/bad.md：正文" in tail
    assert "1 个草稿不发布：cases/drafted/index.md" in tail
    assert "1 个已撤下的条目不发布（列在 withdrawn.json）：cases/taken-down" in tail
    assert err.rindex("cases/broken/index.md:") < err.index("共 4 个条目")  # the detailed problems come first


def test_a_published_item_missing_from_the_next_build_is_named_loudly(site):
    four_cases(site)
    first = site.build()
    assert first.code == 0, first.err
    spoil(site)
    second = site.build()
    loud = warnings(second.err)
    for url, title in (("cases/deleted/", "被删的案例"), ("cases/broken/", "改坏的案例"), ("cases/drafted/", "改成草稿的案例")):
        assert f"{url}《{title}》" in loud, loud
    assert "cases/taken-down/" not in loud  # withdrawn on purpose: not a loss
    assert "条目文件夹或文件已不在" in loud and "status: draft" in loud
    site.write("cases/broken/index.md", case("改坏的案例"))
    site.write("cases/drafted/index.md", case("改成草稿的案例"))
    site.write("cases/deleted/index.md", case("被删的案例"))
    site.build()
    spoil(site)
    assert site.build("--strict").code != 0


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(site):
    four_cases(site)
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "start")
    return site


def test_compare_with_a_git_version_fails_on_a_loss_but_not_on_a_withdrawal(repo):
    repo.write("cases/taken-down/index.md", "---\nstatus: withdrawn\nwithdrawn_date: 2025-03-01\n---\n")
    ok = subprocess.run([*_xinyu(), "compare", "--base", "HEAD"], cwd=repo.root, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "已撤下（不算丢失）：cases/taken-down/《撤下的案例》" in ok.stdout
    spoil(repo)
    lost = subprocess.run([*_xinyu(), "compare", "--base", "HEAD"], cwd=repo.root, capture_output=True, text=True)
    assert lost.returncode == 1 and "Traceback" not in lost.stderr
    for url in ("cases/deleted/", "cases/broken/", "cases/drafted/"):
        assert any(line.startswith(f"将不再发布：{url}") for line in lost.stdout.splitlines()), lost.stdout
    assert "date" in lost.stdout  # the reason: the broken item's error, located
    as_json = subprocess.run([*_xinyu(), "compare", "--base", "HEAD", "--format", "json"], cwd=repo.root, capture_output=True, text=True)
    assert {i["slug"] for i in json.loads(as_json.stdout) if not i["withdrawn"]} == {"deleted", "broken", "drafted"}


def test_upgrade_report_against_an_existing_sites_catalog(site, tmp_path):
    """The items an old version published, read with today's rules: what an upgrade would take offline."""
    four_cases(site)
    site.write("cases/tags/index.md", case("名字与分类页相同的案例"))  # published before slugs were reserved
    old = tmp_path / "old-catalog.json"
    items = [{"collection": "cases", "slug": s, "url": f"cases/{s}/", "title": s} for s in ("stays", "tags", "broken")]
    old.write_text(json.dumps({"items": items}), encoding="utf-8")
    site.write("cases/broken/index.md", case("改坏的案例").replace("date: 2024-05-20", "date: 2024-02-30"))
    result = subprocess.run([*_xinyu(), "compare", "--catalog", str(old)], cwd=site.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert any(line.startswith("将不再发布：cases/tags/") and "目录名" in line for line in result.stdout.splitlines()), result.stdout
    assert "cases/stays/" not in result.stdout
    missing = subprocess.run([*_xinyu(), "compare"], cwd=site.root, capture_output=True, text=True)
    assert missing.returncode == 2 and "--catalog" in missing.stderr


def _xinyu() -> list[str]:
    from conftest import bin_path

    return [bin_path("xinyu")]


CI_FILES = [".github/workflows/check.yml", ".gitea/workflows/check.yml", ".gitlab-ci.yml"]
STARTER = "plugins/xinyu/starter/"  # what xinyu init writes into a district's repository
CI_FILES += [STARTER + v + f for v in ("", "offline/") for f in ("dot-github/workflows/check.yml", "dot-gitea/workflows/check.yml", "dot-gitlab-ci.yml")]


@pytest.mark.parametrize("path", CI_FILES)
def test_the_shipped_ci_compares_published_items(path):
    config = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    if "gitlab" in path:
        jobs = [job for job in config.values() if isinstance(job, dict) and "xinyu compare --base" in str(job.get("script"))]
        assert len(jobs) == 1
        assert jobs[0].get("stage", "test") in config.get("stages", ["test"])
        publish = config.get("publish")
        assert not publish or "compare-published" in publish.get("needs", [])  # nothing is published that loses an item
    else:
        steps = [step for job in config["jobs"].values() for step in job["steps"]]
        runs = [i for i, step in enumerate(steps) if "xinyu compare --base" in str(step.get("run"))]
        assert len(runs) == 1
        deploy = [i for i, step in enumerate(steps) if "publish.sh" in str(step.get("run"))]
        assert all(i > runs[0] for i in deploy)
