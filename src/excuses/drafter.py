"""A drafting object that holds one configuration, for a tool that drafts many messages.

As ``jinja2.Environment`` holds its loader and filters and ``httpx.Client``
its settings, a :class:`Drafter` holds the template folder (compiled once),
the team's deadline policy and the checker's settings, and applies them to
every draft it makes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .batch import BatchItem
    from .drafting import Draft
    from .errors import ExcusesError
    from .lint import Finding, LintConfig
    from .policy import Policy
    from .record import IncidentRecord, Stage
    from .rendering import Renderer


class Drafter:
    """Drafts and checks messages with one configuration: templates, policy, checker settings.

    ``templates`` is a folder whose ``fr/`` and ``en/`` files override ours
    one by one (default: ours only); ``policy`` the team's deadline scale
    (default: :data:`~excuses.policy.DEFAULT_POLICY`, the record's own
    overrides still apply); ``lint_config`` what :meth:`check` reports. The
    language, locale and time zone of each message come from its record.
    """

    def __init__(
        self,
        *,
        templates: Path | str | None = None,
        policy: Policy | None = None,
        lint_config: LintConfig | None = None,
    ) -> None:
        from .rendering import renderer_for

        self.templates = Path(templates) if templates is not None else None
        self.policy = policy
        self.lint_config = lint_config
        # Checked now, so that a wrong folder fails here rather than at the first draft.
        self.renderer: Renderer = renderer_for(self.templates)

    def __repr__(self) -> str:
        return f"Drafter(templates={self.templates!r}, policy={self.policy!r})"

    def draft(
        self,
        record_or_path: IncidentRecord | str | os.PathLike[str],
        stage: Stage | str | None = None,
        *,
        now: datetime | None = None,
    ) -> Draft:
        """Draft ``stage`` (by default the next one due) for a record, as :func:`~excuses.draft`."""
        from .drafting import draft_with
        from .loader import load_record

        record = load_record(record_or_path)
        return draft_with(self.renderer, record, stage, now=now, policy=self.policy)

    def draft_all(
        self,
        sources: Iterable[tuple[str, IncidentRecord | ExcusesError]] | Sequence[IncidentRecord],
        stage: Stage | str | None = None,
        *,
        now: datetime | None = None,
        fail_fast: bool = False,
    ) -> Iterator[BatchItem]:
        """Draft ``stage`` for every record, as :func:`~excuses.draft_all`."""
        from .batch import draft_all

        return draft_all(
            sources, stage, now=now, fail_fast=fail_fast, renderer=self.renderer, policy=self.policy
        )

    def check(self, draft: Draft) -> list[Finding]:
        """The checker's findings on ``draft``, with this drafter's checker settings."""
        from .lint import check_draft

        return check_draft(draft, config=self.lint_config)
