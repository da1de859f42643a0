"""A build's temporary files (the search documents, the index's work folder) do not outlive it: not when it ends,
not when it is stopped (SIGTERM, Ctrl+C), and what a build killed outright left is swept by the next one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import VALID_CASE, bin_path, interruptible
from xinyu.pipeline import scratch

posix_only = pytest.mark.skipif(os.name != "posix", reason="signals and process ids as on Linux and macOS")


@posix_only
def test_sweep_removes_what_dead_builds_left_and_nothing_of_a_running_one(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        here = scratch.WHERE
        (tmp_path / f"xinyu-search-{dead}-{here}-a1b2c3").mkdir()
        (tmp_path / f"xinyu-search-{dead}-{here}-a1b2c3/search").mkdir()
        (tmp_path / f"xinyu-search-{dead}-{here}-d4e5f6.pickle").write_bytes(b"\x80")
        (tmp_path / f"xinyu-search-{running.pid}-{here}-g7h8i9").mkdir()
        # a build in a container sharing /tmp: its pid means nothing here, so it is judged by age (recent: kept)
        (tmp_path / f"xinyu-search-{dead}-n1-p0q9r8").mkdir()
        (tmp_path / f"xinyu-search-{dead}-a1b2c3").mkdir()  # a name without the namespace: by age too
        old = tmp_path / "xinyu-search-k2j3h4g5"  # a name from before names carried the process: by age
        old.mkdir()
        os.utime(old, (time.time() - 2 * scratch.STALE_SECONDS, time.time() - 2 * scratch.STALE_SECONDS))
        (tmp_path / "xinyu-search-m9n8b7v6.pickle").write_bytes(b"\x80")  # recent: kept
        (tmp_path / "xinyu-other-1-x").mkdir()
        scratch.sweep("xinyu-search-", tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "xinyu-other-1-x",
            f"xinyu-search-{dead}-a1b2c3",
            f"xinyu-search-{dead}-n1-p0q9r8",
            f"xinyu-search-{running.pid}-{here}-g7h8i9",
            "xinyu-search-m9n8b7v6.pickle",
        ]
    finally:
        running.kill()
        running.wait()


@posix_only
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_leaves_no_temporary_files(site, tmp_path, stop):
    for n in range(40):
        site.write(f"cases/c{n}/index.md", VALID_CASE + f"\n第 {n} 个案例。\n" * 20)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), NO_MKDOCS_2_WARNING="1", XINYU_WORKERS="0")
    build = subprocess.Popen(
        interruptible([bin_path("mkdocs"), "build"]), cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(f"xinyu-search-{build.pid}-") for p in tmp.iterdir()):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before its search job started"
        time.sleep(0.01)
    build.send_signal(stop)
    build.communicate(timeout=120)
    left = ["?"]
    for _ in range(100):  # the index process, if still running, finds its folder gone and ends (it never makes it again)
        left = [p.name for p in tmp.iterdir() if p.name.startswith("xinyu-search-")]
        if not left:
            break
        time.sleep(0.1)
    assert left == []


def test_an_entry_made_as_the_build_is_stopped_is_removed_too(tmp_path):
    """Ctrl+C can land between the file's making and anything that lists it: the entry is still removed at exit."""
    script = (
        "import tempfile\n"
        "from xinyu.pipeline import scratch\n"
        "made = tempfile.mkstemp\n"
        "def stopped(*args, **kwargs):\n"
        "    made(*args, **kwargs)\n"
        "    raise KeyboardInterrupt\n"
        "tempfile.mkstemp = stopped\n"
        "scratch.file('xinyu-search-', suffix='.pickle')\n"
    )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = subprocess.run([sys.executable, "-c", script], env=dict(os.environ, TMPDIR=str(tmp)), capture_output=True, text=True)
    assert "KeyboardInterrupt" in done.stderr, done.stderr
    assert [p.name for p in tmp.iterdir()] == []


def test_the_index_process_never_makes_a_removed_work_folder_again(tmp_path, monkeypatch):
    """A build stopped by SIGTERM removes its work folder at once, while its index process runs on until it sees
    its parent gone (workers.watch_parent): the process must not make the folder again (the SIGTERM test of a
    stopped build found it left when the signal came during the indexing)."""
    from xinyu.search import SearchDoc, writer

    work = tmp_path / "xinyu-search-1-h1-abc"
    (work / "search").mkdir(parents=True)
    indexing = writer._write_index

    def stopped_meanwhile(*args):
        shutil.rmtree(work)  # the build's SIGTERM handler (pipeline.scratch), during the indexing
        return indexing(*args)

    monkeypatch.setattr(writer, "_write_index", stopped_meanwhile)
    doc = SearchDoc(
        url="cases/c/", collection="cases", collection_label="优秀案例", title="考试焦虑", summary="", text="团体辅导。", date="2024-01-01"
    )
    with pytest.raises(FileNotFoundError):
        writer.write_index([doc], work / "search", dictionary=None, parents=False)  # as the indexing process calls it
    assert not work.exists()
