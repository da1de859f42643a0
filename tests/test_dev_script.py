"""scripts/dev.py and the repository's hygiene: what a maintainer runs before any test."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, bin_path


@pytest.fixture
def dev(tmp_path, monkeypatch):
    """scripts/dev.py loaded as a module, with its virtual environment in tmp_path and pip recorded, not run."""
    spec = importlib.util.spec_from_file_location("dev_script_under_test", ROOT / "scripts/dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin/python").write_text("")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "WHEELS", tmp_path / "wheels")
    monkeypatch.setattr(module, "PYTHON", venv / "bin/python")
    monkeypatch.setattr(module, "STAMP", venv / ".xinyu-installed")
    module.pip_targets = []
    monkeypatch.setattr(module, "run", lambda command, **extra: module.pip_targets.append(command[-1]))
    return module


def test_a_changed_pyproject_reinstalls_every_extra_installed_before(dev):
    """`test` installed the test extra; pyproject.toml changes; `serve` runs first: the test extra stays,
    so that a later direct `python -m pytest` still finds the test dependencies."""
    dev.ensure_venv("test")
    assert dev.pip_targets == [".[test]"]
    (dev.ROOT / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n")
    dev.ensure_venv()  # serve
    assert dev.pip_targets == [".[test]", ".[test]"]
    dev.ensure_venv("test")
    assert len(dev.pip_targets) == 2, "nothing changed since: no reinstall"


def test_switching_commands_never_reinstalls(dev):
    dev.ensure_venv()
    dev.ensure_venv("test")
    dev.ensure_venv()
    dev.ensure_venv("test")
    assert dev.pip_targets == [".", ".[test]"]


def test_serve_passes_the_address_on_and_names_none_before_it_serves(dev, monkeypatch, capsys):
    """The address is said by xinyu serve once it serves there: said before, it was said even when another
    program held the port (and xinyu serve then refused it)."""
    monkeypatch.setattr(dev, "ensure_venv", lambda extras="": None)
    dev.main(["serve", "-a", "127.0.0.1:8001"])
    said = capsys.readouterr().out
    assert dev.pip_targets[-1] == "127.0.0.1:8001"  # passed on to xinyu serve
    assert "正在准备网站预览" in said and "http://" not in said, said


def test_ruff_finds_nothing_in_the_whole_repository():
    """`ruff check` on everything (plugins, tests, scripts): a lint finding fails the suite, not a later review."""
    proc = subprocess.run([bin_path("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(os.name == "nt", reason="a process group and SIGINT, as a terminal's Ctrl+C sends them")
def test_ctrl_c_lets_the_command_stop_itself_and_shows_no_traceback(tmp_path):
    """Ctrl+C in the terminal signals dev.py and the command it runs (``xinyu serve``) together: the command says
    it is stopping and ends; dev.py waits for it and ends without a Python traceback of its own."""
    child = tmp_path / "command.py"
    child.write_text(
        "import signal, sys, time\n"
        "def stop(*_):\n"
        "    time.sleep(0.5); print('正在停止预览……', flush=True); sys.exit(0)\n"
        "signal.signal(signal.SIGINT, stop)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    runner = f"import runpy, sys; dev = runpy.run_path({str(ROOT / 'scripts/dev.py')!r}); dev['run']([sys.executable, {str(child)!r}])"
    process = subprocess.Popen([sys.executable, "-c", runner], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout.readline().strip() == "ready"
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert "正在停止预览" in out, (out, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
