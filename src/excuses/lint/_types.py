"""The checker's value types: severities, findings and the per-call configuration."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass, field
    from pathlib import Path
    from typing import Any
else:  # as dataclasses, without importing it at each start (see ``_frozen``)
    from .._frozen import dataclass, field

_ORDER = {"info": 0, "warning": 1, "error": 2}


class Severity(StrEnum):
    """How much a finding hurts; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _ORDER[self.value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


@dataclass(frozen=True)
class Finding:
    """One reflex found in a text, located by offsets (into the source), line and column."""

    rule_id: str
    category: str
    severity: Severity
    message: str
    suggestion: str
    matched: str
    start: int
    end: int
    line: int
    column: int
    part: str | None = None
    field_path: str | None = None
    source: str | None = None
    #: For the classifier's findings (``*-MODEL-*``): how sure it is (0 to 1), and
    #: the words of the sentence that weighed most. None and () for a rule's.
    confidence: float | None = None
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with the same keys as the attributes."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "matched": self.matched,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "part": self.part,
            "field_path": self.field_path,
            "source": self.source,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class LintConfig:
    """What to check: extra rule files, rules or categories turned off, severities changed.

    ``disabled`` and the keys of ``severities`` are rule ids (``FR-DENIAL-001``)
    or category names (``minimisation``); a rule id wins over its category.
    """

    extra_rules: tuple[Path, ...] = ()
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    stage_checks: bool = True

    def severity_of(self, rule_id: str, category: str, default: Severity) -> Severity:
        if rule_id in self.severities:
            return self.severities[rule_id]
        return self.severities.get(category, default)

    def is_disabled(self, rule_id: str, category: str) -> bool:
        return rule_id in self.disabled or category in self.disabled
