"""One version, written in pyproject.toml, and the release tag pre-commit users name."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import excuses

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_version_comes_from_the_package_metadata() -> None:
    assert PROJECT["name"] == excuses.DISTRIBUTION == "excuses-mail"
    assert excuses.__version__ == version("excuses-mail") == PROJECT["version"]
    done = subprocess.run(
        [sys.executable, "-m", "excuses", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout == f"excuses {PROJECT['version']}\n"


def test_no_module_writes_a_version_of_its_own() -> None:
    for path in (ROOT / "src" / "excuses").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"__version__\s*=\s*[\"']", text), path


def test_the_documented_pre_commit_rev_is_the_release_tag_of_this_version() -> None:
    recipes = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    assert re.findall(r"rev: (\S+)", recipes) == [f"v{PROJECT['version']}"]


def test_the_changelog_has_this_version_and_the_tag_convention() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(PROJECT['version'])}\b", changelog, re.MULTILINE)
    assert f'git tag -a v{PROJECT["version"]} -m "excuses {PROJECT["version"]}"' in changelog


def test_the_readme_and_docs_name_the_distribution_to_install() -> None:
    for page in ("README.md", "docs/index.md"):
        text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
        assert "pip install excuses-mail" in text, page
