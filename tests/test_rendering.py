"""Template machinery: user overrides, strict values, the MJML compile cache, and the filters."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from markupsafe import escape

from excuses import RecordError, Stage, StageError, TemplateError, load_record, rendering
from excuses.drafting import draft, draft_with, wrap
from excuses.filters import elide, in_words, list_and, money, ordinal, quote, salutation_name
from excuses.record import IncidentRecord
from excuses.rendering import Renderer

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FR = EXAMPLES / "livraison-en-retard.fr.yaml"
EN = EXAMPLES / "late-delivery.en.yaml"
NOW = datetime(2026, 11, 25, 12, 0)


def records(count: int) -> list[IncidentRecord]:
    base = load_record(FR)
    return [
        dataclasses.replace(
            base,
            client=dataclasses.replace(
                base.client,
                contact_name=f"Madame Client{i}",
                email=f"client{i}@example.fr",
                organisation=f"Boutique {i}",
            ),
        )
        for i in range(count)
    ]


@pytest.fixture
def mjml_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = rendering.mjml_to_html

    def counting(source: str) -> str:
        calls.append(source)
        return real(source)

    monkeypatch.setattr(rendering, "mjml_to_html", counting)
    return calls


def test_mjml_runs_once_per_stage_for_many_records(mjml_calls: list[str]) -> None:
    renderer = Renderer()
    many = records(200)
    for stage in Stage:
        htmls = {draft_with(renderer, record, stage, now=NOW).html for record in many}
        assert len(htmls) == len(many)  # each record gets its own HTML...
    assert len(mjml_calls) == len(Stage)  # ...from one MJML compilation per stage
    assert renderer.mjml_runs == len(Stage)


def test_without_the_cache_mjml_runs_for_every_draft(mjml_calls: list[str]) -> None:
    renderer = Renderer(cache_mjml=False)
    for record in records(5):
        draft_with(renderer, record, Stage.APOLOGY, now=NOW)
    assert len(mjml_calls) == 5


def test_mjml_sees_no_record_data(mjml_calls: list[str]) -> None:
    draft_with(Renderer(), records(1)[0], Stage.APOLOGY, now=NOW)
    (source,) = mjml_calls
    assert "Vasseur" not in source and "Client0" not in source
    assert "{{ greeting_name }}" in source
    assert "[%" not in source


def _user_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_user_templates_override_ours_file_by_file(tmp_path: Path) -> None:
    folder = _user_folder(
        tmp_path, {"fr/apology.subject.txt": "Nos excuses, {{ greeting_name }} ({{ incident.id }})"}
    )
    ours = draft(FR, Stage.APOLOGY, now=NOW)
    theirs = draft(FR, Stage.APOLOGY, now=NOW, templates=folder)
    assert theirs.subject == "Nos excuses, Madame Vasseur (INC-2026-0142)"
    assert theirs.text == ours.text
    assert theirs.html == ours.html.replace(str(escape(ours.subject)), str(escape(theirs.subject)))
    # English is not overridden at all.
    assert (
        draft(EN, "apology", now=NOW, templates=folder).subject
        == draft(EN, "apology", now=NOW).subject
    )


def test_user_layout_overrides_the_html_of_every_stage(tmp_path: Path) -> None:
    layout = (Path(rendering.templates_dir()) / "fr" / "layout.mjml").read_text(encoding="utf-8")
    folder = _user_folder(tmp_path, {"fr/layout.mjml": layout.replace("#1f3a5f", "#8b0000")})
    item = draft(FR, Stage.CLOSING, now=NOW, templates=folder)
    assert "#8b0000" in item.html and "#1f3a5f" not in item.html


def test_an_edited_template_is_compiled_again(tmp_path: Path, mjml_calls: list[str]) -> None:
    source = '[% extends "layout.mjml" %][% block body %]<mj-text>Un</mj-text>[% endblock %]'
    folder = _user_folder(tmp_path, {"fr/apology.mjml": source})
    renderer = Renderer(folder)
    record = records(1)[0]
    assert "Un</div>" in draft_with(renderer, record, Stage.APOLOGY, now=NOW).html
    path = folder / "fr" / "apology.mjml"
    path.write_text(source.replace("Un", "Deux"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    renderer.refresh()
    assert "Deux</div>" in draft_with(renderer, record, Stage.APOLOGY, now=NOW).html
    assert len(mjml_calls) == 2


def test_a_missing_value_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = _user_folder(
        tmp_path, {"fr/apology.txt": "Bonjour,\n\nVotre code : {{ client.nickname }}\n"}
    )
    with pytest.raises(TemplateError) as caught:
        draft(FR, Stage.APOLOGY, now=NOW, templates=folder)
    assert str(caught.value) == (
        "fr/apology.txt, line 3: 'excuses.record.Client object' has no attribute 'nickname' "
        "(the template reads a value that this record or stage does not provide)"
    )


def test_a_value_of_another_stage_is_an_error(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, {"fr/acknowledgement.txt": "{{ next_update|deadline }}\n"})
    with pytest.raises(TemplateError, match=r"^fr/acknowledgement.txt, line 1: 'next_update' is"):
        draft(FR, Stage.ACKNOWLEDGEMENT, now=NOW, templates=folder)


def test_an_empty_value_is_refused_rather_than_printed(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, {"fr/apology.txt": "{{ client.subdivision }}\n"})
    with pytest.raises(TemplateError, match=r"a value in this template is empty \(None\)"):
        draft(FR, Stage.APOLOGY, now=NOW, templates=folder)


def test_invalid_mjml_is_reported_with_its_template(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, {"fr/apology.mjml": "<mj-body>pas du MJML</p>"})
    with pytest.raises(TemplateError, match=r"^fr/apology.mjml: MJML could not compile it: "):
        draft(FR, Stage.APOLOGY, now=NOW, templates=folder)


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        draft(FR, Stage.APOLOGY, now=NOW, templates=tmp_path / "nowhere")
    assert str(caught.value) == (
        f"template folder {str(tmp_path / 'nowhere')!r} does not exist or is not a folder; "
        "expected a folder holding fr/ and/or en/ template files"
    )


def test_an_unknown_stage_is_reported() -> None:
    with pytest.raises(ValueError) as caught:  # StageError is a ValueError too
        draft(FR, "apolgy", now=NOW)
    assert isinstance(caught.value, StageError)
    assert str(caught.value) == (
        "unknown stage 'apolgy' (did you mean apology?); expected one of acknowledgement, "
        "apology, update, closing or debrief"
    )


def test_closing_without_resolution_names_the_field() -> None:
    record = dataclasses.replace(load_record(EN), resolution=None)
    with pytest.raises(RecordError) as caught:
        draft(record, Stage.CLOSING, now=NOW)
    assert "resolution: missing; the closing needs it (resolved_at, summary" in str(caught.value)
    french = dataclasses.replace(load_record(FR), resolution=None)
    with pytest.raises(RecordError) as caught:
        draft(french, Stage.CLOSING, now=NOW)
    assert "resolution\u00a0: manquant\u202f; le message «\u00a0note de clôture\u00a0»" in str(
        caught.value
    )


def test_filters_write_lists_amounts_and_quotes_the_locale_way() -> None:
    assert list_and(["A", "B", "C"], "fr") == "A, B et C"
    assert list_and(["A", "B", "C"], "en") == "A, B, and C"
    assert list_and(["A"], "fr") == "A"
    assert money(Decimal("1500.5"), "EUR", "fr") == "1\u202f500,50\u00a0€"
    assert money(Decimal("89"), "USD", "en") == "$89"
    assert quote("Il manque trois références", "fr") == "«\u00a0Il manque trois références\u00a0»"
    assert quote("Three items are missing", "en") == "\u201cThree items are missing\u201d"
    assert salutation_name("Mme Martin") == "Madame Martin"
    assert salutation_name("M. Dupont") == "Monsieur Dupont"
    assert salutation_name("Ms Patel") == "Ms Patel"
    assert elide("de", "envoyer le plan") == "d\u2019envoyer le plan"
    assert elide("de", "livrer") == "de livrer"
    assert ordinal(3, "fr") == "troisième" and ordinal(3, "en") == "third"
    assert in_words(2, "fr") == "deux" and in_words(12, "en") == "12"


def test_wrap_keeps_lists_readable_and_no_break_spaces_whole() -> None:
    text = (
        "Nous reviendrons vers vous avant 18\u00a0h\u00a000 aujourd'hui, lundi 23\u00a0novembre, "
        "avec notre analyse.\n"
        "- Une étape assez longue pour passer à la ligne, avec son responsable et sa date\n"
        "1. Une étape numérotée elle aussi assez longue pour passer à la ligne suivante\n\n\n\n"
        "We will call you by 6:00 p.m. today, Monday, November 23, with our findings, ok\n"
    )
    assert wrap(text) == (
        "Nous reviendrons vers vous avant 18\u00a0h\u00a000 aujourd'hui, lundi 23\u00a0novembre,\n"
        "avec notre analyse.\n"
        "- Une étape assez longue pour passer à la ligne, avec son responsable et\n"
        "  sa date\n"
        "1. Une étape numérotée elle aussi assez longue pour passer à la ligne\n"
        "   suivante\n"
        "\n"
        "We will call you by 6:00 p.m. today, Monday, November 23, with our\n"
        "findings, ok\n"
    )


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
def test_templates_read_only_what_the_stage_provides(language: str, stage: Stage) -> None:
    from excuses.stages import stage_context

    record = load_record(FR if language == "fr" else EN)
    # "lists" is the shared macros, imported by each template (Jinja reports it from blocks).
    provided = set(stage_context(record, stage, NOW).values) | {"subject", "lists"}
    renderer = Renderer()
    for name in (f"{stage.value}.txt", f"{stage.value}.subject.txt", "layout.txt"):
        assert renderer.variables(language, name) - provided == set(), name


def test_an_error_in_a_layout_names_the_stage_it_was_expanded_into(tmp_path: Path) -> None:
    folder = _user_folder(
        tmp_path,
        {"fr/layout.txt": "Bonjour {{ client.nickname }},\n\n[% block body %][% endblock %]\n"},
    )
    with pytest.raises(TemplateError) as caught:
        draft(FR, Stage.APOLOGY, now=NOW, templates=folder)
    assert str(caught.value).startswith(
        "fr/apology.txt (layout and lists expanded), line 1: "
        "'excuses.record.Client object' has no attribute 'nickname'"
    )


def test_an_edited_text_template_is_picked_up_on_refresh(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, {"fr/apology.subject.txt": "Un"})
    renderer = Renderer(folder)
    record = records(1)[0]
    assert draft_with(renderer, record, Stage.APOLOGY, now=NOW).subject == "Un"
    path = folder / "fr" / "apology.subject.txt"
    path.write_text("Deux", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert draft_with(renderer, record, Stage.APOLOGY, now=NOW).subject == "Un"  # not yet looked
    renderer.refresh()
    assert draft_with(renderer, record, Stage.APOLOGY, now=NOW).subject == "Deux"
