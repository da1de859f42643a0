"""xinyu check --changed and check PATHS: only the items that changed files belong to."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import Site, bin_path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "t@example.test",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "t@example.test",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without CI variables that would pick the base ref themselves."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_"))}
    return {**env, **GIT_ENV, **extra}


def git(site: Site, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=site.root, check=True, capture_output=True, text=True, env=clean_env()).stdout


def check(site: Site, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [bin_path("xinyu"), "check", *args], cwd=site.root, capture_output=True, text=True, encoding="utf-8", env=clean_env(**env)
    )


def broken(valid_case: str) -> str:
    return valid_case.replace("grade: 初一", "grade: 初四")


def paths(proc: subprocess.CompletedProcess) -> set[str]:
    return {line.split(":", 1)[0] for line in proc.stdout.splitlines() if line.strip()}


@pytest.fixture
def repo(site: Site, valid_case: str) -> Site:
    """A git repository on main with three cases, two of them broken, and a branch to work on."""
    site.write("cases/old-broken/index.md", broken(valid_case))
    site.write(
        "cases/with-file/index.md", valid_case.replace("pseudonyms: [小A]", "pseudonyms: [小A]\nattachments: [{file: 表.docx, title: 表}]")
    )
    site.write("cases/with-file/表.docx", b"PK\x03\x04 docx")
    site.write("cases/fine/index.md", valid_case)
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "base")
    git(site, "switch", "-q", "-c", "contribution")
    return site


def test_nothing_changed_checks_nothing(repo: Site):
    proc = check(repo, "--changed")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "检查了 0 个条目" in proc.stderr


def test_committed_uncommitted_and_untracked_changes_are_checked(repo: Site, valid_case: str):
    repo.write("cases/committed/index.md", broken(valid_case))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "new case")
    repo.write("cases/fine/index.md", broken(valid_case))  # modified, not committed
    repo.write("cases/untracked/index.md", broken(valid_case))  # new, never added
    proc = check(repo, "--changed")
    assert proc.returncode == 1
    assert paths(proc) == {"cases/committed/index.md", "cases/fine/index.md", "cases/untracked/index.md"}
    assert "old-broken" not in proc.stdout  # broken on main, but not part of this change
    assert "检查了 3 个条目" in proc.stderr


def test_a_changed_attachment_checks_its_item(repo: Site):
    (repo.root / "cases/with-file/表.docx").unlink()
    proc = check(repo, "--changed")
    assert proc.returncode == 1
    assert paths(proc) == {"cases/with-file/index.md"}
    assert "attachments[0].file" in proc.stdout


def test_explicit_ref_and_merge_base(repo: Site, valid_case: str):
    repo.write("cases/later/index.md", broken(valid_case))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "later")
    assert paths(check(repo, "--changed", "main")) == {"cases/later/index.md"}
    assert check(repo, "--changed", "HEAD").stdout == ""  # committed changes are not changes against HEAD
    # main moves on after the branch was made: its new broken case is not this branch's change
    git(repo, "switch", "-q", "main")
    repo.write("cases/on-main/index.md", broken(valid_case))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main moved")
    git(repo, "switch", "-q", "contribution")
    assert paths(check(repo, "--changed")) == {"cases/later/index.md"}


def test_ci_target_branch_is_used(repo: Site, valid_case: str):
    git(repo, "branch", "-q", "target", "main")
    repo.write("cases/mine/index.md", broken(valid_case))
    proc = check(repo, "--changed", GITHUB_BASE_REF="no-such-branch")  # falls through to main
    assert paths(proc) == {"cases/mine/index.md"}
    proc = check(repo, "--changed", CI_MERGE_REQUEST_DIFF_BASE_SHA=git(repo, "rev-parse", "main").strip())
    assert paths(proc) == {"cases/mine/index.md"}


def test_a_vocabulary_change_checks_everything(repo: Site):
    vocabulary = repo.root / "data/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    proc = check(repo, "--changed")
    assert "检查所有条目" in proc.stderr
    assert "cases/old-broken/index.md" in paths(proc)


def test_outside_a_git_repository_is_a_clear_error(site: Site, valid_case: str):
    site.write("cases/x/index.md", valid_case)
    proc = check(site, "--changed")
    assert proc.returncode == 2
    assert "无法确定改动的文件" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_paths_map_attachments_and_folders_to_items(repo: Site):
    (repo.root / "cases/with-file/表.docx").unlink()
    assert paths(check(repo, "cases/with-file/表.docx")) == {"cases/with-file/index.md"}
    assert paths(check(repo, "cases/old-broken")) == {"cases/old-broken/index.md"}
    assert paths(check(repo, "cases\\old-broken\\index.md")) == {"cases/old-broken/index.md"}
    proc = check(repo, "docs/index.md")  # pre-commit passes every staged file: a page of docs/ is checked too
    assert proc.returncode == 0 and proc.stdout == ""
    assert "1 个网站页面或文件" in proc.stderr
    (repo.root / "data/notes.txt").write_text("x", encoding="utf-8")
    proc = check(repo, "data/notes.txt")
    assert proc.returncode == 0 and "不属于任何条目" in proc.stderr


def test_a_mistyped_path_is_not_an_all_clear(repo: Site):
    """Every named path missing and no item behind it: say nothing was checked, and fail."""
    proc = check(repo, "cases/no-such-case/index.md", "cases/typo")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "没有检查任何条目" in proc.stderr and "没有需要修改的错误" not in proc.stderr
    proc = check(repo, "cases/no-such-case/index.md", "cases/old-broken")  # one real item among them: checked
    assert paths(proc) == {"cases/old-broken/index.md"} and "没有检查任何条目" not in proc.stderr


def test_site_in_a_subfolder_of_the_repository(tmp_path, valid_case: str):
    from conftest import MINIMAL_CONFIG, ROOT

    top = Site(tmp_path / "repo")
    top.write("README.md", "repo\n")
    site = Site(top.root / "site")
    site.write("mkdocs.yml", MINIMAL_CONFIG)
    site.write("data/vocabulary.yml", (ROOT / "plugins/xinyu/data/vocabulary.yml").read_text(encoding="utf-8"))
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "base")
    site.write("cases/x/index.md", broken(valid_case))
    top.write("other/notes.md", "not part of the site\n")
    proc = check(site, "--changed", "--format", "github")
    assert proc.stdout.startswith("::error file=site/cases/x/index.md,line=6,")
