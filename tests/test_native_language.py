"""The drafts read as a native writer's: Grammalecte, Hunspell and proselint find nothing.

Every stage of every example and of the edge records in ``tests/edge/`` (night
reports, the nights the clocks change, a team of one, no gesture, no update,
clients in the United States, the United Kingdom, Canada in French and in
English, Belgium, Switzerland and Japan) is checked; what each checker's
findings set aside, and why, is in ``native_checks.py``. ``make test``
installs the tools (Debian's grammalecte-cli, hunspell, hunspell-en-us,
hunspell-en-gb; proselint from PyPI); where one is missing its test is
skipped and says which.
"""

from __future__ import annotations

from functools import cache

import pytest

from native_checks import RECORDS, Drafted, drafts, grammalecte, hunspell, missing, proselint


@cache
def _drafts() -> tuple[Drafted, ...]:
    return tuple(drafts())


def test_the_edge_records_cover_the_cases_asked_for() -> None:
    names = {path.name for path in RECORDS}
    for name in (
        "nuit-samedi.fr.yaml",  # a Saturday night report, a team of one
        "heure-d-hiver.fr.yaml",  # the night the clocks go back, in Paris
        "london-clocks.en.yaml",  # the same night in London
        "new-york-night.en.yaml",  # the United States, at night
        "montreal.fr.yaml",  # Canada, in French
        "toronto.en.yaml",  # Canada, in English
        "bruxelles.fr.yaml",  # Belgium; no gesture, no update
        "geneve.fr.yaml",  # Switzerland
        "tokyo.en.yaml",  # Japan, in English
    ):
        assert name in names


def test_every_draft_is_checked() -> None:
    items = _drafts()
    assert len(items) == 5 * len(RECORDS)
    assert {item.language for item in items} == {"fr", "en"}
    assert {item.spelling for item in items if item.language == "en"} == {"en_US", "en_GB"}


@pytest.mark.skipif(bool(missing("grammalecte-cli")), reason=str(missing("grammalecte-cli")))
def test_grammalecte_finds_no_grammar_or_typography_error_in_french_drafts() -> None:
    findings = grammalecte(_drafts())
    assert findings == [], "\n".join(findings)


@pytest.mark.skipif(bool(missing("hunspell")), reason=str(missing("hunspell")))
def test_hunspell_knows_every_word_in_the_clients_variant() -> None:
    findings = hunspell(_drafts())
    assert findings == [], "\n".join(findings)


def test_hunspell_flags_a_british_word_in_an_american_draft() -> None:
    reason = missing("hunspell")
    if reason:
        pytest.skip(reason)
    item = next(i for i in _drafts() if i.spelling == "en_US")
    british = Drafted(
        item.record_path,
        item.stage,
        "en",
        "en_US",
        ("We apologise for the colour of this organisation.",),
        item.names,
    )
    assert [f.rsplit(" ", 1)[-1] for f in hunspell([british])] == [
        "apologise",
        "colour",
        "organisation",
    ]


def test_proselint_finds_nothing_a_native_editor_would_accept() -> None:
    pytest.importorskip("proselint", reason="proselint is not installed (pip install -e '.[dev]')")
    findings = proselint(_drafts())
    assert findings == [], "\n".join(findings)
