"""The checker on texts: hard cases, matching on real text, masking, stages, suppressions."""

from __future__ import annotations

import pytest

from excuses.lint import Finding, LintConfig, Severity, check_text
from excuses.lint._stage_checks import has_precise_date


def found(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(f.category, f.matched) for f in check_text(text, **kwargs)]  # type: ignore[arg-type]


# --- the playbook's hard cases -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ce n'est pas de votre faute, c'est la nôtre.",
        "Ce n’est pas de votre faute, c’est la nôtre.",
        "Vous nous avez écrit : « c'est un petit souci, mais il nous coûte cher ».",
        "C'est Cyril qui vous rappellera à 15 h.",
        "Nous ne dirons pas que c'est la faute du transporteur.",
    ],
)
def test_french_hard_cases_are_not_flagged(text: str) -> None:
    assert found(text, language="fr") == []


@pytest.mark.parametrize(
    "text",
    [
        "This is not normal and we apologise.",
        'You told us: "it is just a minor glitch for you, but a real problem for us".',
        "Cyril will call you back at 3:00 p.m.",
        "We will reply by 17:00 today.",
        "We will not say it was the courier's fault.",
    ],
)
def test_english_hard_cases_are_not_flagged(text: str) -> None:
    assert found(text, language="en") == []


@pytest.mark.parametrize(
    ("text", "category", "matched"),
    [
        (
            "Ce n'est pas un bug, c'est une fonctionnalité normale.",
            "denial",
            "Ce n'est pas un bug",
        ),
        ("Mon équipe est irréprochable.", "denial", "Mon équipe est irréprochable"),
        (
            "Vous avez dû commettre une erreur dans la commande, non ?",
            "blame-client",
            "Vous avez dû commettre",
        ),
        (
            "Je n'étais pas au courant de la situation.",
            "blame-team",
            "Je n'étais pas au courant",
        ),
        (
            "Ah, c'est Cyril qui a géré votre commande.",
            "blame-person",
            "c'est Cyril qui a géré",
        ),
        (
            "Je ne peux rien pour vous, attendez la réponse du service client.",
            "deflection",
            "Je ne peux rien pour vous",
        ),
        ("C'est la faute du chien qui a mangé les câbles.", "blame-fate", "la faute du chien"),
        ("Désolés si vous avez ressenti une gêne.", "non-apology", "Désolés si vous avez"),
        ("Nous revenons vers vous au plus vite.", "vague-deadline", "au plus vite"),
        ("Ce n'est qu'un petit souci.", "minimisation", "Ce n'est qu'un petit souci"),
        ("Nous étions débordés.", "excuse", "Nous étions débordés"),
    ],
)
def test_the_seed_reflexes_are_found_with_their_exact_span(
    text: str, category: str, matched: str
) -> None:
    findings = check_text(text, language="fr")
    assert (category, matched) in [(f.category, f.matched) for f in findings]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.matched


# --- matching on real text ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ce n'est vraiment pas de notre faute.",
        "CE N’EST PAS DE NOTRE FAUTE.",
        "ce n'est pas de notre faute",
        "Ce n'est\npas de notre\n  faute.",
        "Ce n'est pas\u00a0de notre\u202ffaute.",
        "Ce n\u02bcest pas de notre faute.",
        "Ce n'est pas de notre faute.",  # decomposed accents are read like composed ones
    ],
)
def test_case_apostrophes_spaces_and_words_in_between_do_not_hide_a_phrase(text: str) -> None:
    assert [f.rule_id for f in check_text(text, language="fr")] == ["FR-DENIAL-003"]


def test_accents_are_optional_on_either_side() -> None:
    assert found("Nous etions debordes.", language="fr") == [("excuse", "Nous etions debordes")]
    assert found("NOUS ÉTIONS DÉBORDÉS.", language="fr") == [("excuse", "NOUS ÉTIONS DÉBORDÉS")]


@pytest.mark.parametrize(
    "text",
    ["Je n'étais pas au courant.", "Nous n'étions pas au courant.", "Je n'avais pas été prévenu."],
)
def test_person_and_tense_variants_are_found(text: str) -> None:
    categories = {f.category for f in check_text(text, language="fr")}
    assert categories == {"blame-team"} or text.startswith("Je n'avais")


@pytest.mark.parametrize(
    "text", ["Vous avez dû vous tromper.", "Tu as dû te tromper.", "You might have misread it."]
)
def test_tu_vous_and_modal_variants_blame_the_client(text: str) -> None:
    assert [f.category for f in check_text(text)] == ["blame-client"]


def test_language_is_detected_when_not_given() -> None:
    assert found("We will fix it as soon as possible, we promise.") == [
        ("vague-deadline", "as soon as possible")
    ]
    assert found("Nous allons corriger cela au plus vite pour vous.") == [
        ("vague-deadline", "au plus vite")
    ]


def test_a_colleague_named_as_the_cause_is_blame_but_as_the_owner_is_fine() -> None:
    assert found("Cyril a oublié trois références.", language="fr") == [
        ("blame-person", "Cyril a oublié")
    ]
    assert found("Cyril livrera les trois références demain à 12 h 00.", language="fr") == []
    assert found("Nous avons oublié trois références.", language="fr") == []


def test_team_names_from_the_record_are_matched_whole() -> None:
    text = "Marie de Rosnay a oublié votre colis."
    assert found(text, language="fr") == [("blame-person", "Rosnay a oublié")]
    assert found(text, language="fr", team_names=["Marie de Rosnay"]) == [
        ("blame-person", "Marie de Rosnay a oublié")
    ]


# --- what is not our words ---------------------------------------------------


def test_quoted_lines_reply_history_and_signature_are_not_checked() -> None:
    text = (
        "Bonjour,\n\nNous avons fait une erreur et la corrigeons aujourd'hui avant 17 h 00.\n\n"
        "> Ce n'est qu'un petit souci, m'avait-on dit.\n\n"
        "-- \nJérôme, au plus vite joignable au 01 84 60 12 34\n"
    )
    assert found(text, language="fr") == []


@pytest.mark.parametrize(
    "header",
    [
        "Le lun. 23 nov. 2026 à 10:02, Claire Martin <claire@example.fr> a écrit :",
        "On Mon, Nov 23, 2026 at 10:02 AM, Claire Martin <claire@example.com> wrote:",
    ],
)
def test_the_quoted_history_of_a_reply_is_not_checked(header: str) -> None:
    text = (
        f"Nous vous répondons avant 17 h 00.\n\n{header}\n"
        "Il s'agit d'un petit souci, au plus vite.\n"
    )
    assert found(text, language="fr") == []
    assert found(f"Il s'agit d'un petit souci.\n{header}\n", language="fr") == [
        ("minimisation", "un petit souci")
    ]


def test_quotation_marks_of_every_kind_mask_the_client_words() -> None:
    for quoted in ("« un petit souci »", "“un petit souci”", '"un petit souci"'):
        assert found(f"Vous parlez d'{quoted} : c'est bien plus que cela.", language="fr") == []


# --- stage checks -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "avant 17 h aujourd'hui",
        "avant 17 h 00 aujourd'hui, lundi 23 novembre",
        "avant 17\u202fh\u202f00 aujourd’hui",
        "d'ici le mercredi 25 novembre à 18 h 00",
        "le 23/11/2026",
    ],
)
def test_french_precise_dates(text: str) -> None:
    assert has_precise_date(text.lower(), "fr")


@pytest.mark.parametrize(
    "text",
    [
        "by 5:00 p.m. today, Monday, November 23",
        "within the hour, by 10:15 a.m.",
        "by noon tomorrow",
        "on 24 November",
        "by 17:00 today",
    ],
)
def test_english_precise_dates(text: str) -> None:
    assert has_precise_date(text.lower(), "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("au plus vite", "fr"),
        ("dans l'heure", "fr"),
        ("dans 2 h", "fr"),
        ("prochainement", "fr"),
        ("as soon as possible", "en"),
        ("within 2 hours", "en"),
        ("soon", "en"),
        ("order 4471", "en"),
    ],
)
def test_vague_or_relative_times_are_not_dates(text: str, language: str) -> None:
    assert not has_precise_date(text, language)


def stage_ids(text: str, stage: str, language: str) -> list[str]:
    return [
        f.rule_id for f in check_text(text, stage=stage, language=language) if f.category == "stage"
    ]


def test_acknowledgement_needs_a_precise_deadline() -> None:
    assert stage_ids("Nous étudions votre demande au plus vite.", "acknowledgement", "fr") == [
        "FR-STAGE-001"
    ]
    assert (
        stage_ids("Nous vous répondons avant 17 h 00 aujourd'hui.", "acknowledgement", "fr") == []
    )


def test_a_date_in_the_quoted_history_is_not_a_deadline() -> None:
    text = "We are looking into it.\n\nOn Mon, Nov 23, 2026 at 10:02 AM, Emma wrote:\n> help\n"
    assert stage_ids(text, "acknowledgement", "en") == ["EN-STAGE-001"]


def test_apology_needs_an_apology_and_a_dated_plan() -> None:
    assert stage_ids("Here is what happened.", "apology", "en") == ["EN-STAGE-002", "EN-STAGE-003"]
    assert (
        stage_ids("We made a mistake. Cyril ships the items by noon tomorrow.", "apology", "en")
        == []
    )
    assert stage_ids("Nous avons fait une erreur.", "apology", "fr") == ["FR-STAGE-003"]


def test_update_needs_the_time_of_the_next_update() -> None:
    assert stage_ids("The items are packed.", "update", "en") == ["EN-STAGE-004"]
    assert stage_ids("Next update: Tuesday, November 24 at 10:00 a.m.", "update", "en") == []
    assert stage_ids("Prochain point : mardi 24 novembre à 10 h 00.", "update", "fr") == []


def test_closing_needs_measures_and_a_gesture() -> None:
    assert stage_ids("Tout est réglé.", "closing", "fr") == ["FR-STAGE-005", "FR-STAGE-006"]
    text = "Désormais, chaque colis est contrôlé. Un avoir de 150 € vous est offert."
    assert stage_ids(text, "closing", "fr") == []


def test_stage_findings_point_at_the_start_with_an_empty_span() -> None:
    findings = check_text("Soon.", stage="acknowledgement", language="en")
    assert [f.rule_id for f in findings] == ["EN-STAGE-001", "EN-VAGUE-001"]
    finding = findings[0]
    assert (finding.start, finding.end, finding.line, finding.column, finding.matched) == (
        0,
        0,
        1,
        1,
        "",
    )
    assert finding.severity is Severity.ERROR


def test_an_unknown_stage_is_a_clear_error() -> None:
    from excuses.errors import ExcusesError

    with pytest.raises(ExcusesError, match="unknown stage 'apologies'; expected acknowledgement"):
        check_text("x", stage="apologies")


# --- suppressions and configuration ----------------------------------------


def test_an_inline_marker_silences_one_rule_on_its_line() -> None:
    text = (
        "Nous étions débordés. excuses: ignore[FR-EXCUSE-001]\n"
        "Nous étions débordés, au plus vite. excuses: ignore[excuse]\n"
        "Nous étions débordés.\n"
    )
    assert [(f.rule_id, f.line) for f in check_text(text, language="fr")] == [
        ("FR-VAGUE-001", 2),
        ("FR-EXCUSE-001", 3),
    ]


def test_ignore_next_line_and_ignore_message_markers() -> None:
    html = "<!-- excuses: ignore-next-line -->\n<p>Just a minor glitch.</p>\n<p>Soon.</p>"
    assert [f.matched for f in check_text(html, kind="html", language="en")] == ["Soon"]
    marked = "<!-- excuses: ignore-message -->\n<p>Just a minor glitch.</p>"
    assert check_text(marked, kind="html", language="en", stage="update") == []


def test_config_disables_rules_or_categories_and_changes_severities() -> None:
    text = "Nous étions débordés, au plus vite."
    assert [
        f.rule_id for f in check_text(text, config=LintConfig(disabled=frozenset({"excuse"})))
    ] == ["FR-VAGUE-001"]
    config = LintConfig(disabled=frozenset({"FR-VAGUE-001"}), severities={"excuse": Severity.ERROR})
    assert [(f.rule_id, f.severity) for f in check_text(text, config=config)] == [
        ("FR-EXCUSE-001", Severity.ERROR)
    ]
    by_id = LintConfig(severities={"excuse": Severity.ERROR, "FR-EXCUSE-001": Severity.INFO})
    assert [f.severity for f in check_text("Nous étions débordés.", config=by_id)] == [
        Severity.INFO
    ]


def test_severities_are_ordered() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert max([Severity.WARNING, Severity.ERROR, Severity.INFO]) is Severity.ERROR
    assert Severity("warning") >= Severity.WARNING


def test_finding_as_a_dict_has_every_attribute() -> None:
    (finding,) = check_text("Just a minor glitch.", language="en")
    assert isinstance(finding, Finding)
    assert finding.to_dict() == {
        "rule_id": "EN-MINIMISATION-001",
        "category": "minimisation",
        "severity": "warning",
        "message": finding.message,
        "suggestion": finding.suggestion,
        "matched": "Just a minor glitch",
        "start": 0,
        "end": 19,
        "line": 1,
        "column": 1,
        "part": None,
        "field_path": None,
        "source": None,
        "confidence": None,
        "evidence": [],
    }


def test_a_match_on_a_word_stem_reports_the_whole_word() -> None:
    text = "Je n'étais pas au courant, c'est l'équipe qui s'est plantée."
    matched = {f.rule_id: f.matched for f in check_text(text, language="fr")}
    assert matched["FR-BLAME-TEAM-002"] == "c'est l'équipe qui s'est plantée"
