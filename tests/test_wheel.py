"""The package as installed from a wheel: every package listed in pyproject.toml, and a wheel built
from the repository carrying every module, data file, template and notebook.

The wheel's contents are checked when ``FRAMING_WHEEL`` names one: CI (``.ci/run``) builds it
(``pip wheel --no-deps . -w DIR``), runs the tests with it set, then installs it in a fresh
virtualenv and renders a report from a folder outside the repository.
"""
from __future__ import annotations

import os
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _shipped(path: Path) -> bool:
    return path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"


def test_every_package_is_listed():
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "analysis").rglob("__init__.py")}
    assert set(PYPROJECT["packages"]) == on_disk | {"analysis._notebooks"}, \
        "pyproject.toml, [tool.setuptools] packages: list exactly the packages of analysis/ (and analysis._notebooks)"
    assert PYPROJECT["package-dir"] == {"analysis._notebooks": "notebooks"}


def test_the_notebooks_are_found_as_the_repository_folder():
    from analysis import notebooks
    assert notebooks.NOTEBOOKS == ROOT / "notebooks"        # an editable install: the folder users open
    assert notebooks.REPOSITORY == ROOT


@pytest.mark.skipif(not os.environ.get("FRAMING_WHEEL"), reason="FRAMING_WHEEL=path/to/the.whl not set (CI builds the wheel and sets it)")
def test_the_wheel_carries_the_whole_library():
    inside = {n for n in zipfile.ZipFile(os.environ["FRAMING_WHEEL"]).namelist() if ".dist-info/" not in n}
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "analysis").rglob("*") if _shipped(p)}
    expected |= {f"analysis/_notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    expected.add("analysis/_notebooks/__init__.py")
    assert "analysis/_notebooks/article_report.ipynb" in inside
    assert sorted(expected - inside) == [], "files of the repository missing from the wheel (pyproject.toml, package-data)"
    assert sorted(inside - expected) == []
