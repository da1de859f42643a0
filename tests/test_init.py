"""`xinyu init`: a new district's site that checks clean and builds with --strict as made."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Site, bin_path

STARTER = ROOT / "plugins/xinyu/starter"
CI_FILES = [".github/workflows/check.yml", ".gitea/workflows/check.yml", ".gitlab-ci.yml"]


def init(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([bin_path("xinyu"), "init", str(folder), *args], capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("init") / "district"
    proc = init(folder, "--district", "某某区")
    assert proc.returncode == 0, proc.stderr
    assert f"scripts/dev.py wheelhouse {folder / 'wheels'}" in proc.stderr  # how to install before xinyu is on PyPI
    return Site(folder)


def test_a_new_site_has_every_part(made):
    for rel in [
        "mkdocs.yml",
        "README.md",
        "CONTRIBUTING.md",
        ".gitignore",
        "requirements.txt",
        "scripts/dev.py",
        "scripts/publish.sh",
        "data/vocabulary.yml",
        "data/authors.yml",
        *CI_FILES,
    ]:
        assert (made.root / rel).is_file(), rel
    config = yaml.safe_load((made.root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = config["plugins"][0]["xinyu"]
    assert set(options["collections"]) == {"cases", "courses", "lectures", "research"} and options["contract"] == 1
    assert config["site_name"] == "某某区心育资源库"
    readme = (made.root / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py serve" in readme and "python3 scripts/dev.py check" in readme
    assert "site/" in (made.root / ".gitignore").read_text(encoding="utf-8")


def test_a_new_site_checks_clean_and_builds_strict(made):
    checked = made.check()
    assert checked.code == 0 and checked.out == "", checked.out + checked.err
    built = made.build("--strict")
    assert built.code == 0, built.err
    for url in [
        "cases/example-case/",
        "courses/example-course/",
        "lectures/example-lecture/",
        "research/example-research/",
        "people/example-teacher/",
        "contribute/",
    ]:
        assert (made.out / url / "index.html").is_file(), url
    assert len(made.catalog()) == 4
    # no palette of Material's own (its teal links are 3.76:1 on white): the plugin's AA palette applies
    assert 'data-md-color-primary="' not in (made.out / "index.html").read_text(encoding="utf-8")


def test_the_ci_files_are_valid_and_the_offline_ones_fetch_nothing(made, tmp_path):
    offline = tmp_path / "offline"
    assert init(offline, "--offline").returncode == 0
    for rel in CI_FILES:
        online, local = (made.root / rel).read_text(encoding="utf-8"), (offline / rel).read_text(encoding="utf-8")
        assert yaml.safe_load(online) and yaml.safe_load(local), rel
        assert "publish.sh" in online and "publish.sh" in local, rel
        assert "uses:" not in local and "image:" not in local.replace("image: 内网镜像地址", ""), rel
        assert "pip install" not in local and "wheels" in local, rel


def test_the_guide_is_this_repositorys_guide():
    """One guide: edit docs/contribute/index.md, then copy it to plugins/xinyu/starter/docs/contribute/index.md."""
    same = (STARTER / "docs/contribute/index.md").read_bytes() == (ROOT / "docs/contribute/index.md").read_bytes()
    assert same, "cp docs/contribute/index.md plugins/xinyu/starter/docs/contribute/index.md（新站点用同一份投稿指南）"


@pytest.mark.parametrize("args,message", [(["--district", "某某区: 试点"], "区名"), ([], "不是空文件夹")])
def test_init_refuses_in_chinese_and_writes_nothing(tmp_path, args, message):
    folder = tmp_path / "taken"
    folder.mkdir()
    if not args:
        (folder / "mine.md").write_text("我的文件\n", encoding="utf-8")
    proc = init(folder, *args)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert [p.name for p in folder.iterdir()] == ([] if args else ["mine.md"])


def test_publish_skips_without_its_settings(made):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
    proc = subprocess.run(["sh", "scripts/publish.sh"], cwd=made.root, env=env, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0 and "未设置 DEPLOY_HOST" in proc.stdout


STUB_SSH = """#!/bin/sh
# Stands in for ssh: drops the options and the host, runs the remote command here.
while [ $# -gt 0 ]; do
  case "$1" in -i|-o|-p|-l) shift 2;; -*) shift;; *) shift; break;; esac
done
exec sh -c "$*"
"""


def test_publish_copies_the_site_with_rsync_over_ssh(made, tmp_path):
    if not shutil.which("rsync"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI 需要 rsync（.ci/run 安装）")
        pytest.skip("需要 rsync")
    if not (made.out / "index.html").is_file():
        assert made.build().code == 0
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "ssh").write_text(STUB_SSH, encoding="utf-8")
    (stub / "ssh").chmod(0o755)
    target = tmp_path / "www/xinyu"
    target.mkdir(parents=True)
    (target / "stale.html").write_text("old", encoding="utf-8")
    env = dict(
        os.environ,
        PATH=f"{stub}{os.pathsep}{os.environ['PATH']}",
        DEPLOY_HOST="web.example.test",
        DEPLOY_USER="xinyu",
        DEPLOY_PATH=str(target),
        DEPLOY_KEY="-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----",
        DEPLOY_KNOWN_HOSTS="web.example.test ssh-ed25519 AAAA",
    )
    proc = subprocess.run(["sh", "scripts/publish.sh"], cwd=made.root, env=env, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (target / "cases/example-case/index.html").read_bytes() == (made.out / "cases/example-case/index.html").read_bytes()
    assert not (target / "stale.html").exists(), "pages that are gone from site/ go from the server too"
