"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, installed by pre-commit in a new repository.

pre-commit installs this repository (copied, committed, and named by path and
commit) into an environment of its own, as it would from a published tag. It
runs offline: pip finds the dependencies and the build backend where this test
runs (``PYTHONPATH``) instead of downloading them, and builds without isolation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("pre_commit", reason="pre-commit is a dev dependency")
if shutil.which("git") is None:  # pragma: no cover - git is part of the setup
    pytest.skip("git is needed", allow_module_level=True)

BAD = "Dear Ms Hartley,\n\nWe were swamped last week.\n"
FIXED = "Dear Ms Hartley,\n\nWe made a mistake, and we will reply by 5:00 p.m. today.\n"
_COPIED = ("src", "templates", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PIP_", "PRE_COMMIT"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
        # Offline: no index, no config pointing at one; the hook's environment takes its
        # dependencies and hatchling from this interpreter's site-packages.
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",  # pip reads "0" here as: do not isolate the build
        PYTHONPATH=sysconfig.get_paths()["purelib"],
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("pre-commit")
    env = _environment(base)
    hooks = base / "excuses"
    hooks.mkdir()
    for name in _COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hooks / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, hooks / name)
    _git(hooks, env, "init", "-q")
    _git(hooks, env, "add", "-A")
    assert _git(hooks, env, "commit", "-q", "-m", "excuses").returncode == 0
    rev = _git(hooks, env, "rev-parse", "HEAD").stdout.strip()
    repo = base / "shop"
    repo.mkdir()
    _git(repo, env, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n"
        "      - id: excuses-lint\n      - id: excuses-lint-records\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return repo, env


def _commit(repo: Path, env: dict[str, str], files: dict[str, str]) -> tuple[int, str]:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(repo, env, "add", "-A")
    done = _git(repo, env, "commit", "-m", "change")
    return done.returncode, done.stdout + done.stderr


def test_the_hook_blocks_a_bad_reply_then_accepts_it_fixed(
    project: tuple[Path, dict[str, str]],
) -> None:
    repo, env = project
    status, output = _commit(repo, env, {"replies/hartley.txt": BAD})
    assert status != 0, output
    assert "excuses lint" in output and "Failed" in output
    assert "replies/hartley.txt:3:1: warning EN-EXCUSE-001 [excuse]" in output
    status, output = _commit(repo, env, {"replies/hartley.txt": FIXED})
    assert status == 0, output
    assert "excuses lint" in output and "Passed" in output


def test_package_json_and_workflows_are_not_read(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    status, output = _commit(
        repo,
        env,
        {
            "package.json": '{"name": "shop", "description": "We were swamped"}\n',
            ".github/workflows/ci.yml": "name: We were swamped\non: [push]\njobs: {}\n",
        },
    )
    assert status == 0, output
    assert "excuses lint" in output and "(no files to check)Skipped" in output
    assert "EN-EXCUSE-001" not in output


def test_two_bad_files_are_both_reported(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    record = (ROOT / "examples" / "late-delivery.en.yaml").read_text(encoding="utf-8")
    record = record.replace("  impact: >-\n", "  impact: >-\n    Just a minor glitch, really.\n", 1)
    assert "Just a minor glitch" in record
    status, output = _commit(
        repo,
        env,
        {
            "replies/a.txt": BAD,
            "replies/b.md": "# Reply\n\nIt was *just a minor glitch*.\n",
            "incidents/late.yaml": record,
        },
    )
    assert status != 0, output
    assert "replies/a.txt:3:1: warning EN-EXCUSE-001" in output
    assert "replies/b.md:3:9: warning EN-MINIMISATION-001" in output
    assert "incidents/late.yaml[incident.impact]:37:5: warning EN-MINIMISATION-001" in output
