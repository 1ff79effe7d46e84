"""The built wheel carries the templates and drafts with no source tree around."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from excuses.lint._compiled import built_name, file_name

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the build backend is already in the test environment, and a
    # fresh download of it would make the suite depend on the network.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("excuses_mail-*.whl")
    return built


def test_wheel_ships_templates_rules_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_templates = {
        f"excuses/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    }
    assert shipped_templates, "the source tree has templates to ship"
    assert shipped_templates <= names
    assert "excuses/py.typed" in names
    assert {"excuses/lint/rules/fr.toml", "excuses/lint/rules/en.toml"} <= names
    # The checker's data read at run time: parsed rules, the classifier's models.
    assert {
        f"excuses/lint/{kind}/{language}.json"
        for kind in ("rules", "model")
        for language in ("fr", "en")
    } <= names
    # The shipped rules' regular expressions, compiled once for this interpreter.
    assert {f"excuses/lint/rules/{file_name(language)}" for language in ("fr", "en")} <= names
    # The parsed rules, built once for this interpreter.
    assert {f"excuses/lint/rules/{built_name(language)}" for language in ("fr", "en")} <= names
    # The clause rules, built once for this interpreter.
    assert {f"excuses/lint/clauses/{built_name(language)}" for language in ("fr", "en")} <= names
    assert not any(n.startswith(("tests/", "examples/", "src/")) for n in names)


def test_installed_wheel_drafts_an_example_outside_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    # Dependencies come from the test environment (offline, quick); excuses itself
    # only from the wheel, so nothing can be found in the source tree by accident.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "test_dependencies.pth").write_text(deps + "\n", encoding="utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    incident = workdir / "incident.yaml"
    shutil.copy(ROOT / "examples" / "livraison-en-retard.fr.yaml", incident)

    where = subprocess.run(
        [
            str(python),
            "-c",
            "import excuses, excuses._resources as r; print(excuses.__file__); "
            "print(r.templates_dir())",
        ],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert all(line.startswith(str(venv)) for line in where), where

    drafted = subprocess.run(
        [
            str(venv / "bin" / "excuses"),
            "draft",
            str(incident),
            "--stage",
            "acknowledgement",
            "--now",
            "2026-11-23T10:30",
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    assert drafted.returncode == 0, drafted.stderr
    assert "Madame Vasseur" in drafted.stdout
    assert "INC-2026-0142" in drafted.stdout
