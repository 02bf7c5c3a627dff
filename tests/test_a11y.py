"""Accessibility in a real browser: axe-core (the npm package, tests/a11y/) run by
tests/a11y/check.mjs in the system Chromium through puppeteer-core (no browser is downloaded) on
each page type (the seed reports, their index, their comparison page, a validation page), at desktop
(1300 px) and phone (400 px) width: no serious or critical violation.

Needs node, the packages (``cd tests/a11y && npm ci``) and Chromium; without them the test skips,
saying which is missing. CI installs them and sets FRAMING_REQUIRE_A11Y=1, so there it cannot skip."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_pages import CHROMIUM, render_page_types

A11Y = Path(__file__).resolve().parent / "a11y"
NODE = shutil.which("node")


def missing() -> str | None:
    """Why the check cannot run here, or None."""
    if NODE is None:
        return "node is not installed (apt-get install nodejs npm)"
    if not all((A11Y / "node_modules" / p / "package.json").is_file() for p in ("axe-core", "puppeteer-core")):
        return "the npm packages axe-core and puppeteer-core are not installed (cd tests/a11y && npm ci)"
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def checker():
    reason = missing()
    if reason and os.environ.get("FRAMING_REQUIRE_A11Y"):
        pytest.fail(f"FRAMING_REQUIRE_A11Y is set but {reason}")
    if reason:
        pytest.skip(reason)

    def check(*pages):
        return subprocess.run([NODE, str(A11Y / "check.mjs"), "--chromium", CHROMIUM, *map(str, pages)],
                              capture_output=True, text=True, timeout=900)
    return check


def test_the_packages_are_pinned_and_locked():
    pkg = json.loads((A11Y / "package.json").read_text(encoding="utf-8"))
    assert pkg["dependencies"] == {"axe-core": "4.14.1", "puppeteer-core": "25.16.0"}
    lock = json.loads((A11Y / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == "4.14.1"
    assert lock["packages"]["node_modules/puppeteer-core"]["version"] == "25.16.0"
    # puppeteer-core brings no browser; node_modules is not committed
    assert "puppeteer" not in pkg["dependencies"] and not any(k.endswith("/puppeteer") for k in lock["packages"])
    ignored = (Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert "/tests/a11y/node_modules/" in ignored.splitlines()


def test_the_check_fails_on_a_page_with_a_serious_violation(checker, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang='en'><head><title>x</title></head><body><main>"
                   "<p style='color:#bbb'>Pale grey text on white.</p><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                   "</main></body></html>", encoding="utf-8")
    run = checker(bad)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "serious color-contrast" in run.stdout and "critical image-alt" in run.stdout


def test_no_page_type_has_a_serious_or_critical_violation(checker, tmp_path_factory):
    pages = render_page_types(tmp_path_factory.mktemp("a11y"))
    run = checker(*pages.values())
    assert run.returncode == 0, run.stdout + run.stderr
    for path in pages.values():            # each page at both widths
        for width in (1300, 400):
            assert f"{path} @{width}px: 0 serious or critical" in run.stdout
