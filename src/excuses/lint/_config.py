"""Project configuration: ``excuses.toml`` or ``[tool.excuses]`` in ``pyproject.toml``.

::

    [lint]                          # [tool.excuses.lint] in pyproject.toml
    rules = ["house-rules.toml"]    # extra rule files, relative to this file
    disable = ["FR-MINIMISATION-001", "vague-deadline"]
    fail-on = "error"
    [lint.severity]
    EN-VAGUE-001 = "info"
    minimisation = "error"

    [policy]                        # [tool.excuses.policy]: read by the deadline engine

The nearest such file above the starting directory wins.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import RulesError
from ._types import LintConfig, Severity

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass, field
    from typing import Any
else:  # as dataclasses, without importing it at each start (see ``_frozen``)
    from .._frozen import dataclass, field

_LINT_KEYS = {"rules", "disable", "severity", "fail-on", "fail_on", "stage-checks"}


@dataclass(frozen=True)
class Config:
    """A project's settings: the checker's, and the raw ``[policy]`` table for deadlines."""

    path: Path | None = None
    lint: LintConfig = field(default_factory=LintConfig)
    policy: dict[str, Any] = field(default_factory=dict)
    fail_on: Severity | None = None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``excuses.toml``, or ``pyproject.toml`` with ``[tool.excuses]``, read."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "excuses.toml"
        if candidate.is_file():
            return candidate, _read(candidate)
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read(project).get("tool", {}).get("excuses")
            if isinstance(table, dict):
                return project, table
    return None


def _read(path: Path) -> dict[str, Any]:
    # Imported here: a check run without a settings file never pays for the TOML reader.
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise RulesError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise RulesError(f"{path}: cannot be read ({exc.strerror})") from None


def load_config(start: Path) -> Config:
    """The configuration that applies to ``start`` (a file or folder); defaults when none."""
    found = find_config(start)
    if found is None:
        return Config()
    return parse_config(*found)


def read_config(path: Path) -> Config:
    """The configuration in one given file (``excuses.toml`` or ``pyproject.toml``)."""
    table = _read(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("excuses", {})
    return parse_config(path, table)


def parse_config(path: Path, table: dict[str, Any]) -> Config:
    prefix = "tool.excuses." if path.name == "pyproject.toml" else ""
    policy = table.get("policy", {})
    if not isinstance(policy, dict):
        raise _fail(path, f"{prefix}policy", "expected a table")
    lint = table.get("lint", {})
    if not isinstance(lint, dict):
        raise _fail(path, f"{prefix}lint", "expected a table")
    where = f"{prefix}lint"
    unknown = sorted(set(lint) - _LINT_KEYS)
    if unknown:
        raise _fail(
            path, f"{where}.{unknown[0]}", f"unknown key; expected one of {sorted(_LINT_KEYS)}"
        )
    rules = _strings(lint.get("rules", []), path, f"{where}.rules")
    disabled = _strings(lint.get("disable", []), path, f"{where}.disable")
    severities_raw = lint.get("severity", {})
    if not isinstance(severities_raw, dict):
        raise _fail(path, f"{where}.severity", "expected a table of rule id or category = severity")
    severities: dict[str, Severity] = {}
    for name, value in severities_raw.items():
        severities[name] = _severity(value, path, f"{where}.severity.{name}")
    fail_raw = lint.get("fail-on", lint.get("fail_on"))
    fail_on = _severity(fail_raw, path, f"{where}.fail-on") if fail_raw is not None else None
    stage_checks = lint.get("stage-checks", True)
    if not isinstance(stage_checks, bool):
        raise _fail(path, f"{where}.stage-checks", "expected true or false")
    config = LintConfig(
        extra_rules=tuple((path.parent / rule).resolve() for rule in rules),
        disabled=frozenset(disabled),
        severities=severities,
        stage_checks=stage_checks,
    )
    return Config(path, config, dict(policy), fail_on)


def _strings(value: Any, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "expected a list of strings")
    return list(value)


def _severity(value: Any, path: Path, key: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise _fail(path, key, f"expected `info`, `warning` or `error`, got {value!r}") from None


def _fail(path: Path, key: str, problem: str) -> RulesError:
    return RulesError(f"{path}: key `{key}`: {problem}")
