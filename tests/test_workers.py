"""Worker processes never outlive the command that started them (issue 17).

An IDE's stop button, a service manager or a script ends ``mkdocs serve``/``build`` or
``xinyu check`` with SIGTERM; Python then exits without shutting its process pools down. Ctrl-C
(SIGINT) in a terminal reaches the whole process group, but a script may send it to the command alone.
Each test starts the command with workers forced on (``XINYU_WORKERS=2``), waits until
its worker processes run, sends SIGTERM (or SIGINT) to the command alone and expects every process
it had started to be gone within a few seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import VALID_CASE, bin_path, free_port, interruptible

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")


def descendants(pid: int) -> set[tuple[int, int]]:
    """Every process under ``pid``, as (pid, start time): on a busy machine a pid is soon another process's."""
    parents: dict[tuple[int, int], int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = _stat(int(name))
                parents[(int(name), int(fields[19]))] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        children = [child for child, parent in parents.items() if parent == current]
        found.update(children)
        todo += [child for child, _ in children]
    return found


def alive(process: tuple[int, int]) -> bool:
    """The process runs (not a zombie), and it is the same one (its pid not taken by a new process since)."""
    pid, started = process
    try:
        fields = _stat(pid)
        return fields[0] != "Z" and int(fields[19]) == started
    except (OSError, IndexError, ValueError):
        return False


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command's name: state, parent, …, start time at [19]."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def many_cases(site, count: int = 40) -> None:
    for i in range(count):
        site.write(f"cases/case-{i:03d}/index.md", VALID_CASE.replace("用情绪温度计", f"第{i}个：用情绪温度计"))


COMMANDS = {
    "build": lambda: [bin_path("mkdocs"), "build"],
    "serve": lambda: [bin_path("mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{free_port()}"],
    "check": lambda: [bin_path("xinyu"), "check"],
}


SIGNALS = [(command, signal.SIGTERM) for command in sorted(COMMANDS)] + [
    ("serve", signal.SIGINT),
    ("check", signal.SIGINT),
    ("build", signal.SIGKILL),
]


@pytest.mark.parametrize(("command", "sig"), SIGNALS, ids=[f"{c}-{s.name}" for c, s in SIGNALS])
def test_a_stopped_command_leaves_no_workers(site, command, sig, tmp_path):
    run_and_stop(site, command, sig, tmp_path, piped=False)


def test_workers_leave_while_their_killed_parent_waits_to_be_reaped(site, tmp_path):
    """An IDE (or ``subprocess.communicate``) reads the output to its end before it reaps the command:
    until then the command is a zombie, and workers that took it for alive kept the output open forever."""
    run_and_stop(site, "serve", signal.SIGTERM, tmp_path, piped=True)


def run_and_stop(site, command: str, sig: signal.Signals, tmp_path: Path, piped: bool) -> None:
    many_cases(site)
    env = dict(os.environ, XINYU_WORKERS="2", XINYU_NO_CACHE="1", NO_MKDOCS_2_WARNING="1")
    log = (tmp_path / "log.txt").open("w")
    out = subprocess.PIPE if piped else log
    proc = subprocess.Popen(interruptible(COMMANDS[command]()), cwd=site.root, env=env, stdout=out, stderr=subprocess.STDOUT)
    seen: set[tuple[int, int]] = set()
    try:
        deadline = time.monotonic() + 240
        # the fork server (or a spawned worker) and at least one worker under it
        while time.monotonic() < deadline and proc.poll() is None:
            seen |= descendants(proc.pid)
            if len([p for p in seen if alive(p)]) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"{command} ended before its workers could be seen"
        assert len(seen) >= 2, f"no worker processes started: {(tmp_path / 'log.txt').read_text()[-2000:]}"
        os.kill(proc.pid, sig)
        if piped:
            proc.communicate(timeout=120)  # the end of the output comes only when every worker has left
        proc.wait(timeout=120)
        # generous: under load, a fork server still importing its preloaded modules sees its parent gone only after that
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(alive(p) for p in seen):
            time.sleep(0.1)
        assert not [p for p in seen if alive(p)], f"workers left behind after {sig.name} to {command}"
    finally:
        for pid in [proc.pid, *(pid for pid, started in seen if alive((pid, started)))]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        log.close()


def test_pools_let_go_have_shut_down_when_the_command_ends():
    """A pool is let go without waiting (Workers.close, the search job's pool), and then waited for before the
    process ends: a pool still shutting down at exit made CPython's exit hook write to a closed pipe, and a
    build that had succeeded printed a traceback (``OSError: [Errno 9] Bad file descriptor``)."""
    script = (
        "import threading\n"
        "from xinyu.pipeline import workers\n"
        "build = workers.Workers(2)\n"
        "assert build.map(abs, [-1, 2]) == [1, 2]\n"
        "search = workers.pool(1)\n"
        "job = search.submit(abs, -3)\n"
        "workers.retire(search)\n"
        "build.close()\n"
        "assert workers.settle(60)\n"
        "assert job.result() == 3\n"
        "print([t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "[]" and "Traceback" not in done.stderr, (done.stdout, done.stderr)


def test_ctrl_c_in_a_terminal_leaves_workers_quiet():
    """Ctrl+C reaches the whole process group: the workers ignore it (the command ends them), instead of each
    printing a KeyboardInterrupt traceback under the command's own message."""
    from xinyu.pipeline import workers

    pool = workers.pool(1)
    try:
        assert pool.submit(signal.getsignal, signal.SIGINT).result(timeout=120) == signal.SIG_IGN
    finally:
        workers.retire(pool)
        workers.settle()


def test_workers_start_under_a_long_temporary_folder(tmp_path):
    """The fork server's socket lives in the temporary folder; under a long TMPDIR (macOS's per-user folders, a CI
    runner's work folder) its path did not fit a Unix socket address and every build failed with 'AF_UNIX path too long'."""
    long = tmp_path / ("t" * 60) / ("u" * 40)
    long.mkdir(parents=True)
    script = (
        "from xinyu.pipeline import workers\nbuild = workers.Workers(2)\nprint(build.map(abs, [-1, -2]))\nbuild.close()\nworkers.settle()\n"
    )
    env = dict(os.environ, TMPDIR=str(long))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "[1, 2]", done.stderr[-2000:]


def test_a_worker_killed_costs_its_own_tasks_not_the_stages_after_it():
    """A worker killed (out of memory) breaks its pool: the checks redo the rest here, and the conversions after them
    got the broken pool and failed the build with a traceback. The pool is replaced for what is sent next."""
    from concurrent.futures.process import BrokenProcessPool

    from xinyu.pipeline import workers

    build = workers.Workers(2)
    try:
        with pytest.raises(BrokenProcessPool):
            build.submit(os._exit, 9).result(timeout=120)  # the worker dies as a killed one does
        assert build.submit(abs, -1).result(timeout=120) == 1
        assert list(build.imap(abs, [-2, 3])) == [2, 3]
    finally:
        build.close()
        assert workers.settle(120)
