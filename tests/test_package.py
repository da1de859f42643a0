"""xinyu as a real package: a wheel installed in a fresh virtual environment outside this
repository makes a new district site with `xinyu init` and builds it with --strict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def run(command: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    proc = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built once a session from a copy of the sources (nothing is written into the repository)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source], cwd=source)
    (found,) = out.glob("xinyu-*.whl")
    return found


@pytest.fixture(scope="session")
def fresh(tmp_path_factory, wheel) -> Path:
    """A new virtual environment, far from this repository, with only the wheel (and its dependencies) installed."""
    home = tmp_path_factory.mktemp("newcomer")
    run([sys.executable, "-m", "venv", home / "venv"], cwd=home)
    python = home / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], cwd=home)
    return python


def test_the_wheel_carries_templates_assets_schemas_defaults_and_the_starter(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for part in (
        "xinyu/plugin/templates/xinyu/item.html",
        "xinyu/plugin/assets/search.js",
        "xinyu/schemas/cases.yml",
        "xinyu/data/vocabulary.yml",
        "xinyu/starter/dot-github/workflows/check.yml",
        "xinyu/starter/scripts/dev.py",
    ):
        assert part in names, part
    assert not any(n.startswith(("tests/", "docs/", "cases/")) for n in names)


def test_a_fresh_install_makes_and_builds_a_district_site(fresh):
    home = fresh.parent.parent.parent
    xinyu = fresh.parent / ("xinyu.exe" if os.name == "nt" else "xinyu")
    where = run([fresh, "-c", "import xinyu; print(xinyu.__file__)"], cwd=home).stdout
    assert str(ROOT) not in where and str(home) in where
    assert run([xinyu, "--version"], cwd=home).stdout.strip().startswith("xinyu ")
    run([xinyu, "init", "site", "--district", "新区"], cwd=home)
    site = home / "site"
    assert run([xinyu, "check"], cwd=site).stdout == ""
    built = run([xinyu, "build", "--strict"], cwd=site)
    assert "WARNING" not in built.stderr and "Material for MkDocs reaches end of life" not in built.stderr
    assert (site / "site/cases/example-case/index.html").is_file()
    assert "网站构建完成" in built.stderr


def test_the_wheelhouse_covers_linux_and_windows_for_this_python_and_the_next(tmp_path):
    """`python3 scripts/dev.py wheelhouse`: its pip commands (run for real in docs/dev/deploy.md's measurement)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts/dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    commands = dev.wheelhouse_commands(tmp_path, tmp_path / "xinyu-9.9.9-py3-none-any.whl")
    downloads = [c for c in commands if "download" in c]
    minor = sys.version_info[1]
    seen = {(c[c.index("--python-version") + 1], "win_amd64" in c) for c in downloads}
    assert seen == {(f"3.{minor}", True), (f"3.{minor}", False), (f"3.{minor + 1}", True), (f"3.{minor + 1}", False)}
    assert all("--only-binary=:all:" in c and "xinyu[test]==9.9.9" in c and "setuptools>=68" in c for c in downloads)
    assert any("--no-binary" in c and "rjsmin" in c for c in commands), "pure-Python wheels for what has no Windows wheel"
