"""A French record's problems are told in French: each kind, located by line and field path.

The English messages are those of ``test_loader.py``; here the same mistakes in
a French record (``language: fr``), in its file name when the record cannot
be read, and on the command line.
"""

from __future__ import annotations

import dataclasses
import json
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from excuses import Client, RecordError, load_record, parse_record
from excuses.record import IncidentRecord
from excuses.record_messages import LANGUAGE_VARIABLE, Key, catalogue
from excuses.record_messages.en import TEMPLATES as ENGLISH
from excuses.record_messages.fr import TEMPLATES as FRENCH
from excuses.record_messages.fr import typeset
from excuses.record_messages.fr_fields import FIELDS

NBSP, NNBSP = "\u00a0", "\u202f"

MINIMAL = """\
language: fr
client:
  organisation: Maison Vasseur
  contact_name: Madame Vasseur
  email: claire@example.fr
  country: FR
  timezone: Europe/Paris
sender:
  name: Jérôme Labastie
  role: Responsable
  organisation: Onirio
  email: jerome@example.com
incident:
  id: INC-1
  title: Commande incomplète
  found_by: client
  reported_at: 2026-11-23T10:02
  channel: téléphone
  criticality: important
  what_happened: Trois références manquaient.
  impact: Les boutiques n'ont pas pu vendre.
"""


def minimal() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL)
    return data


def caught(source: Any, **options: Any) -> RecordError:
    with pytest.raises(RecordError) as error:
        if isinstance(source, str):
            parse_record(source, **{"filename": "incident.yaml", **options})
        else:
            load_record(source, **options)
    return error.value


def problems_of(source: Any, **options: Any) -> list[str]:
    """Each problem as the error's text lists it (``ligne 2 : client.email : …``)."""
    return [line.strip() for line in str(caught(source, **options)).splitlines()[1:]]


def fr(text: str) -> str:
    """``text`` written with ordinary spaces, given French typography (as the catalogue is)."""
    text = re.sub(r" ([:»])", NBSP + r"\1", text)
    text = re.sub(r" ([;?!])", NNBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP)


# --- each kind of problem, in French --------------------------------------------------


def test_the_heading_and_the_place_of_each_problem_are_french() -> None:
    text = MINIMAL.replace("  email: claire@example.fr\n", "").replace("  channel: téléphone\n", "")
    assert str(caught(text)).splitlines()[0] == fr(
        "incident.yaml : la fiche d’incident comporte 2\u00a0problèmes :"
    )
    one = caught(MINIMAL.replace("  channel: téléphone\n", ""))
    assert str(one).splitlines()[0] == fr(
        "incident.yaml : la fiche d’incident comporte un problème :"
    )
    assert one.language == "fr"


def test_missing_fields_name_the_field_and_what_it_holds() -> None:
    text = MINIMAL.replace("  email: claire@example.fr\n", "").replace("  channel: téléphone\n", "")
    assert problems_of(text) == [
        fr(
            "ligne 2 : client.email : manquant ; ce champ obligatoire indique l’adresse "
            "électronique de votre interlocuteur"
        ),
        fr(
            "ligne 12 : incident.channel : manquant ; ce champ obligatoire indique comment "
            "l’incident nous est parvenu : courriel, téléphone, supervision…"
        ),
    ]


def test_wrong_types() -> None:
    data = minimal()
    data["incident"]["symptoms"] = "pas une liste"
    data["actions"] = [{"description": "x", "owner": "y", "due": "2026-11-24T12:00", "done": "oui"}]
    data["client"] = "Maison Vasseur"
    assert problems_of(data) == [
        fr("client : doit être une table de champs (`nom: valeur`), et non « Maison Vasseur »"),
        fr("incident.symptoms : doit être une liste, et non « pas une liste »"),
        fr("actions[0].done : doit valoir true ou false, et non « oui »"),
    ]


def test_a_date_that_is_not_one() -> None:
    text = MINIMAL.replace("2026-11-23T10:02", "23/11/2026")
    assert problems_of(text) == [
        fr(
            "ligne 17 : incident.reported_at : doit être une date et une heure ISO comme "
            "2026-11-23T17:00, et non « 23/11/2026 »"
        )
    ]


def test_a_time_the_clocks_skipped() -> None:
    text = MINIMAL.replace("2026-11-23T10:02", "2026-03-29T02:30")
    assert problems_of(text) == [
        fr(
            "ligne 17 : incident.reported_at : « 2026-03-29T02:30 » n’a jamais existé dans le "
            "fuseau Europe/Paris : cette nuit-là, les horloges ont sauté cette heure ; écrivez "
            "l’heure qu’affichait l’horloge, ou ajoutez le décalage UTC"
        )
    ]


def test_unknown_time_zone_suggests_the_closest() -> None:
    text = MINIMAL.replace("Europe/Paris", "Europe/Pariss")
    assert problems_of(text) == [
        fr(
            "ligne 7 : client.timezone : doit être un fuseau horaire IANA comme Europe/Paris, "
            "et non « Europe/Pariss » (vouliez-vous dire `Europe/Paris` ?)"
        )
    ]


def test_unknown_field_suggests_the_closest() -> None:
    text = MINIMAL.replace("  channel:", "  chanel:")
    assert problems_of(text)[0].startswith(
        fr(
            "ligne 18 : incident.chanel : champ inconnu (vouliez-vous dire `channel` ?) ; "
            "champs possibles : `id`, `title`,"
        )
    )
    assert problems_of(text)[0].endswith("`broken_promise` ou `internal_summary`")


def test_bad_formats_and_choices() -> None:
    text = (
        MINIMAL.replace("claire@example.fr", "claire chez example")
        .replace("country: FR", "country: France")
        .replace("found_by: client", "found_by: eux")
    )
    assert problems_of(text) == [
        fr(
            "ligne 5 : client.email : doit être une adresse électronique comme "
            "nom@example.com, et non « claire chez example »"
        ),
        fr(
            "ligne 6 : client.country : doit être un code de pays ISO 3166 comme FR ou BE, "
            "et non « France »"
        ),
        fr("ligne 16 : incident.found_by : doit valoir `client` ou `us`, et non « eux »"),
    ]


def test_empty_text_and_a_control_character() -> None:
    text = MINIMAL.replace("title: Commande incomplète", 'title: "  "').replace(
        "id: INC-1", 'id: "INC\\a1"'
    )
    assert problems_of(text) == [
        fr(
            "ligne 14 : incident.id : contient le caractère de contrôle \\x07 en position 4 ; "
            "supprimez-le"
        ),
        fr("ligne 15 : incident.title : vide ; un texte est attendu"),
    ]


def test_bad_span_and_amount() -> None:
    text = MINIMAL + (
        "policy:\n  update_every: souvent\n"
        "resolution:\n  resolved_at: 2026-11-25T11:00\n  summary: Livré.\n"
        "  root_cause: Aucun contrôle.\n  detection_gap: Pas d'alerte.\n"
        "  gesture:\n    kind: credit\n    description: un avoir\n    amount: -5\n"
    )
    assert problems_of(text) == [
        fr(
            "ligne 32 : resolution.gesture.amount : doit être un montant positif comme 150.00, "
            "et non -5"
        ),
        fr(
            "ligne 23 : policy.update_every : doit être un délai comme `1h`, `30 minutes`, "
            "`2 business days` ou `end of business day`, et non « souvent »"
        ),
    ]


def test_facts_in_an_impossible_order() -> None:
    data = minimal()
    data["updates"] = [{"sent_at": "2026-11-24T10:00"}, {"sent_at": "2026-11-23T12:00"}]
    data["actions"] = [
        {
            "description": "Livrer",
            "owner": "Cyril",
            "due": "2026-11-24T12:00",
            "new_due": "2026-11-24T11:00",
            "done_at": "2026-11-20T09:00",
        }
    ]
    assert problems_of(data) == [
        fr(
            "actions[0].done_at : 2026-11-20T09:00+01:00 est antérieur au signalement de "
            "l’incident (2026-11-23T10:02+01:00) ; une étape du plan se fait après l’incident "
            "qu’elle corrige"
        ),
        fr(
            "actions[0].new_due : 2026-11-24T11:00+01:00 n’est pas postérieur à la première "
            "échéance (2026-11-24T12:00+01:00) ; une nouvelle heure se fixe une fois la "
            "première manquée"
        ),
        fr(
            "updates[1].sent_at : 2026-11-23T12:00+01:00 est antérieur au point d’avancement "
            "précédent (2026-11-24T10:00+01:00) ; listez les points d’avancement du plus "
            "ancien au plus récent"
        ),
    ]


def test_a_resolution_before_the_report_is_located_by_its_line() -> None:
    text = MINIMAL + (
        "resolution:\n  resolved_at: 2026-11-21T10:00\n  summary: Livré.\n"
        "  root_cause: Aucun contrôle.\n  detection_gap: Pas d'alerte.\n"
    )
    assert problems_of(text) == [
        fr(
            "ligne 23 : resolution.resolved_at : 2026-11-21T10:00+01:00 est antérieur au "
            "signalement de l’incident (2026-11-23T10:02+01:00) ; un incident est résolu "
            "après avoir commencé"
        )
    ]


# --- a record that cannot be read: its text, its file name ----------------------------


def test_a_yaml_syntax_error_is_french_when_the_text_says_language_fr() -> None:
    assert problems_of("language: fr\nclient: [pas fermé\n") == [
        fr(
            "ligne 3 : erreur de syntaxe YAML, colonne 1 : le lecteur "
            "YAML signale « expected ',' or ']', but got '<stream end>' »"
        )
    ]
    assert problems_of("language: fr\nclient:\n  organisation: Maison : Vasseur\n") == [
        fr(
            "ligne 3 : erreur de syntaxe YAML, colonne 24 : deux-points "
            "mal placé (mettez entre guillemets une valeur qui en contient un)"
        )
    ]


def test_a_key_written_twice() -> None:
    assert problems_of(MINIMAL + "language: en\n") == [
        fr("ligne 22 : language : figure deux fois ; n’en gardez qu’un")
    ]


def test_a_json_syntax_error() -> None:
    assert problems_of('{"language": "fr",}', format="json", filename="incident.json") == [
        fr(
            "ligne 1 : erreur de syntaxe JSON, colonne 19 : nom de champ "
            "entre guillemets doubles attendu"
        )
    ]


def test_the_file_name_tells_the_language_of_a_record_without_one() -> None:
    assert problems_of("- a\n- b\n", filename="incidents.fr.yaml") == [
        fr(
            "une fiche d’incident est une table avec les champs language, "
            "client, sender et incident, et non une liste"
        )
    ]
    unknown = MINIMAL.replace("language: fr", "language: de")
    assert problems_of(unknown, filename="incident.fr.yaml")[0] == fr(
        "ligne 1 : language : doit valoir `fr` ou `en`, et non « de »"
    )
    assert problems_of(unknown, filename="incident.yaml")[0] == (
        'line 1: language: expected one of `fr` or `en`, got "de"'
    )


def test_a_missing_or_unreadable_file_is_told_in_the_language_of_its_name(tmp_path: Path) -> None:
    error = caught(tmp_path / "absente.fr.yaml")
    assert str(error).endswith(
        fr("absente.fr.yaml : la fiche d’incident comporte un problème :\n")
        + fr("  fichier introuvable")
    )
    (tmp_path / "latin1.fr.yaml").write_bytes("language: fr\ntitle: Café\xe9".encode("latin-1"))
    assert problems_of(tmp_path / "latin1.fr.yaml") == [
        fr(
            "n’est pas un texte UTF-8 (octet invalide à la position 23) ; "
            "enregistrez-le en UTF-8 et réessayez"
        )
    ]


def test_the_language_option_and_the_environment_come_after_the_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "- a\n"
    assert problems_of(text, language="fr")[0].startswith(fr("une fiche"))
    monkeypatch.setenv(LANGUAGE_VARIABLE, "fr")
    assert problems_of(text)[0].startswith(fr("une fiche"))
    # The record's own language comes first: an English record stays English.
    english = MINIMAL.replace("language: fr", "language: en").replace("  channel: téléphone\n", "")
    assert problems_of(english) == [
        "line 13: incident.channel: missing; expected how it reached us: email, phone, monitoring…"
    ]


def test_a_record_built_in_python_follows_its_language(monkeypatch: pytest.MonkeyPatch) -> None:
    record = load_record(minimal())
    with pytest.raises(RecordError) as error:
        dataclasses.replace(record, team_email="pas une adresse")
    assert str(error.value).splitlines()[1] == fr(
        "  IncidentRecord.team_email : doit être une adresse électronique comme "
        "nom@example.com, et non « pas une adresse »"
    )
    monkeypatch.setenv(LANGUAGE_VARIABLE, "fr")
    with pytest.raises(RecordError) as error:
        Client("Maison Vasseur", "Mme Vasseur", "claire@example.fr", "FR", "Europe/Pariss")
    assert "doit être un fuseau horaire IANA" in str(error.value)


def test_a_batch_keeps_each_records_language(tmp_path: Path) -> None:
    from excuses import iter_records

    good = minimal()
    bad = minimal()
    bad["client"]["email"] = "pas une adresse"
    path = tmp_path / "clients.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (good, bad)) + "\n{pas du json\n", "utf-8")
    errors = [item for _, item in iter_records([path]) if isinstance(item, RecordError)]
    assert [error.language for error in errors] == ["fr", "en"]
    assert "doit être une adresse électronique" in str(errors[0])


# --- the command line ---------------------------------------------------------------


def test_the_cli_says_it_in_one_french_paragraph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.fr.yaml"
    bad.write_text(
        MINIMAL.replace("Europe/Paris", "Europe/Pariss").replace(
            "criticality: important", "criticality: urgent"
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "excuses", "draft", str(bad), "--now", "2026-11-23T10:30"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr == (
        fr(f"excuses: erreur : {bad} : la fiche d’incident comporte 2\u00a0problèmes :\n")
        + fr(
            "  ligne 7 : client.timezone : doit être un fuseau horaire IANA comme Europe/Paris, "
            "et non « Europe/Pariss » (vouliez-vous dire `Europe/Paris` ?)\n"
        )
        + fr(
            "  ligne 19 : incident.criticality : doit valoir `annoying`, `important` ou "
            "`critical`, et non « urgent »\n"
        )
    )


def test_the_cli_speaks_french_about_a_french_file_it_cannot_read(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "excuses", "draft", str(tmp_path / "absente.fr.yaml")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.endswith(fr("fichier introuvable\n"))
    assert run.stderr.startswith(fr("excuses: erreur : "))


# --- the catalogues cannot drift ----------------------------------------------------


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_a_template_in_each_language_with_the_same_values() -> None:
    assert set(ENGLISH) == set(Key) == set(FRENCH)
    for key in Key:
        # The French may leave out a value (the class name of a mapping), never add one.
        assert _names(FRENCH[key]) <= _names(ENGLISH[key]), key


def _documented_fields() -> list[str]:
    from excuses import record

    names = []
    for value in vars(record).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                if field.metadata.get("doc"):
                    names.append(f"{value.__name__}.{field.name}")
    return names


def test_every_field_with_an_english_description_has_a_french_one() -> None:
    documented = _documented_fields()
    assert len(documented) > 80
    missing = [name for name in documented if not FIELDS.get(name)]
    assert not missing, f"describe these fields in record_messages/fr_fields.py: {missing}"
    assert not set(FIELDS) - set(documented), "French descriptions of fields that are gone"


def test_every_required_field_reads_after_the_missing_message() -> None:
    say = catalogue("fr")
    for cls in (IncidentRecord,):
        for field in dataclasses.fields(cls):
            doc = say.field_doc(cls, field)
            if field.metadata.get("doc"):
                assert doc and (doc[0].isupper() or doc[0] == "`") and doc.endswith((".", "…")), (
                    field.name
                )


def test_the_french_catalogue_has_french_typography() -> None:
    for text in [*FRENCH.values(), *FIELDS.values()]:
        prose = re.sub(r"`[^`]*`|\{[^}]*\}", "", text)
        assert "'" not in prose, text  # the typographic apostrophe (’)
        assert '"' not in prose, text  # « guillemets »
        assert not re.search(r" [:;?!»]", typeset(text)), text


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            "  update_every: 0h\n",
            "ligne 23\u00a0: policy.update_every\u00a0: doit être un délai positif comme `2h` ou "
            "`1 business day`, et non `0 hours`",
        ),
        (
            "  business_hours: 09:00-24:30\n",
            "ligne 23\u00a0: policy.business_hours\u00a0: doit fermer au plus tard à 24:00, et non "
            "«\u00a009:00-24:30\u00a0»",
        ),
        (
            "  working_days: []\n",
            "ligne 23\u00a0: policy.working_days\u00a0: doit compter au moins un jour ouvré",
        ),
    ],
)
def test_an_override_the_policy_refuses_is_told_in_french(override: str, message: str) -> None:
    from excuses import DEFAULT_POLICY

    record = parse_record(MINIMAL + "policy:\n" + override, filename="incident.yaml")
    with pytest.raises(RecordError) as caught:
        DEFAULT_POLICY.for_record(record)
    assert str(caught.value).splitlines()[1].strip() == message
    assert caught.value.language == "fr"


def test_the_yaml_readers_limits_are_told_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems_of("language: fr\na: &a [1, *a]\n") == [
        fr("ligne 2 : un alias renvoie à la valeur qui le contient")
    ]
    assert problems_of("language: fr\nclient: !!binary aGk=\n") == [
        fr(
            "ligne 2 : les étiquettes YAML explicites comme `!!binary` ne sont pas lues dans "
            "une fiche ; écrivez simplement la valeur"
        )
    ]
    nested = "[" * 70 + "]" * 70
    assert problems_of(f"language: fr\nclient: {nested}\n") == [
        fr(
            "ligne 2 : imbrication de plus de 64 niveaux (définissez EXCUSES_MAX_DEPTH pour "
            "lire des fichiers plus profonds)"
        )
    ]
    bomb = "language: fr\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(5)
    )
    (message,) = problems_of(bomb)
    assert message.endswith(
        fr(
            " : les alias (*nom) du fichier répètent plus de 10\u202f000 valeurs "
            "(définissez EXCUSES_MAX_ALIAS_VALUES pour en permettre davantage)"
        )
    )
    monkeypatch.setenv("EXCUSES_MAX_INPUT_BYTES", "100")
    assert problems_of(MINIMAL) == [
        fr(
            f"compte {len(MINIMAL)} caractères ; au plus 100 sont lus (définissez "
            "EXCUSES_MAX_INPUT_BYTES pour en lire davantage)"
        )
    ]


def test_each_problem_of_a_french_record_prints_in_french() -> None:
    error = caught(MINIMAL.replace("  channel: téléphone\n", ""))
    (only,) = error.problems
    assert only.language == "fr"
    assert str(only) == fr(
        "ligne 13 : incident.channel : manquant ; ce champ obligatoire indique comment "
        "l’incident nous est parvenu : courriel, téléphone, supervision…"
    )
    # The language is how the problem is written, not what it is.
    assert only == dataclasses.replace(only, language="en")
