"""A build cache that came with the repository is never read.

The cache (.cache/xinyu/cache.sqlite) holds pickled results: reading one runs whatever code it
names. The builds of this machine write it; a pull request can add it too (a web upload ignores
.gitignore). One committed is ignored, with a warning that says how to remove it, so that no
contributed file can run code on the machine that checks or builds the site.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess

from conftest import VALID_CASE, bin_path


class Payload:
    """Unpickled, it creates the marker file (standing for any code an attacker would run)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def git(root, *args: str) -> None:
    env = dict(
        os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.test", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.test"
    )
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def run(root, *command: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("XINYU_NO_CACHE", None)
    return subprocess.run(list(command), cwd=root, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def poison(cache, marker) -> int:
    db = sqlite3.connect(cache)
    with db:
        changed = db.execute("UPDATE results SET value = ?", (pickle.dumps(Payload(str(marker))),)).rowcount
    db.close()
    return changed


def test_a_committed_cache_is_never_read(site, tmp_path):
    site.write("cases/one/index.md", VALID_CASE)
    git(site.root, "init", "-q")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "site")
    assert run(site.root, bin_path("xinyu"), "check").returncode == 0
    cache = site.root / ".cache/xinyu/cache.sqlite"
    marker = tmp_path / "code-ran"
    assert poison(cache, marker) > 0
    run(site.root, bin_path("xinyu"), "check")
    assert marker.exists(), "the poisoned cache is read while it is this machine's own: the test can see the attack"
    marker.unlink()

    git(site.root, "add", "-f", ".cache/xinyu/cache.sqlite")
    git(site.root, "commit", "-qm", "a contributor's cache")
    for command in ([bin_path("xinyu"), "check"], [bin_path("mkdocs"), "build"]):
        proc = run(site.root, *command)
        assert not marker.exists(), f"{command[-1]} read a cache that came with the repository"
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        assert "git rm -r --cached .cache/xinyu" in proc.stderr, proc.stderr[-2000:]
    assert (site.out / "cases/one/index.html").is_file()
