"""The phrase checker: the reflexes a client email should not have, found with exact spans.

``check_text``, ``check_message``, ``check_record`` and ``check_draft`` return
:class:`Finding` lists; rules are data files (``rules/fr.toml``,
``rules/en.toml``) compiled once per process into a single pattern.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS: dict[str, str] = {
    "Config": "excuses.lint._config",
    "Finding": "excuses.lint._types",
    "LintConfig": "excuses.lint._types",
    "Rule": "excuses.lint._rules",
    "Severity": "excuses.lint._types",
    "check_draft": "excuses.lint._check",
    "check_message": "excuses.lint._check",
    "check_record": "excuses.lint._check",
    "check_text": "excuses.lint._check",
    "load_config": "excuses.lint._config",
    "load_rules": "excuses.lint._rules",
    "precise_dates": "excuses.lint._stage_checks",
}

__all__ = [
    "Config",
    "Finding",
    "LintConfig",
    "Rule",
    "Severity",
    "check_draft",
    "check_message",
    "check_record",
    "check_text",
    "load_config",
    "load_rules",
    "precise_dates",
]

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._check import check_draft, check_message, check_record, check_text
    from ._config import Config, load_config
    from ._rules import Rule, load_rules
    from ._stage_checks import precise_dates
    from ._types import Finding, LintConfig, Severity


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'excuses.lint' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
