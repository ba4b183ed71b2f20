"""A non-editable install must carry its package data (templates, fonts, the KPI catalog) and nothing of development.

Builds a real wheel from the source tree, installs it (without dependencies, which the test environment already has)
into a fresh folder, and runs the installed CLI from an unrelated working directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_ARTEFACTS = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    # setuptools builds in the source's build/ folder and packs whatever an earlier build left there (a module
    # since moved or deleted): build from a copy without build artefacts, as a release would from a clean checkout
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*BUILD_ARTEFACTS))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(source)],
        check=True,
        cwd=work,
    )
    return next(work.glob("reporter-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("install")
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        cwd=work,
    )
    return target


def _run(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(
        [sys.executable, "-m", "reporter", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_wheel_ships_templates_and_catalog(installed: Path) -> None:
    package = installed / "reporter"
    assert (package / "templates").is_dir()
    assert (package / "catalog.toml").is_file()
    shipped = {p.name for p in (package / "templates").rglob("*") if p.is_file()}
    source = {p.name for p in (ROOT / "templates").rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert source <= shipped


def test_wheel_ships_no_development_fixtures(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "reporter/synth.py" not in names  # the workbook generator lives with the tests
    assert not [n for n in names if n.split("/")[0] in {"tests", "scripts", "benchmarks"}], names


def test_installed_cli_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import reporter.resources as r; print(r.templates_dir())"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)},
    )
    assert probe.stdout.strip().startswith(str(installed)), probe.stdout + probe.stderr


def test_installed_template_command_writes_a_workbook(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "template", "neu.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(tmp_path / "neu.xlsx")
