"""Records built in Python: checked as the loader checks a file, and round-tripped by asdict."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import excuses
from excuses import (
    Client,
    Criticality,
    Incident,
    IncidentRecord,
    RecordError,
    Sender,
    load_record,
    parse_record,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    *sorted(ROOT.glob("examples/*.yaml")),
    ROOT / "docs" / "examples" / "minimal.fr.yaml",
    ROOT / "docs" / "examples" / "faits-maladroits.fr.yaml",
]
LATE = ROOT / "examples" / "late-delivery.en.yaml"


def client(**changes: str) -> Client:
    values = {
        "organisation": "Hartley & Sons",
        "contact_name": "Ms Hartley",
        "email": "emma@hartley.example",
        "country": "GB",
        "timezone": "Europe/London",
    }
    return Client(**{**values, **changes})


def test_a_bad_time_zone_or_address_built_in_python_has_the_loaders_message() -> None:
    with pytest.raises(RecordError) as caught:
        client(timezone="Europe/Londn", email="emma at hartley")
    assert str(caught.value) == (
        "the incident record has 2 problems:\n"
        '  Client.email: expected an email address like name@example.com, got "emma at hartley"\n'
        "  Client.timezone: expected an IANA time zone like Europe/Paris, got "
        '"Europe/Londn" (did you mean `Europe/London`?)'
    )
    text = LATE.read_text(encoding="utf-8").replace("Europe/London", "Europe/Londn", 1)
    with pytest.raises(RecordError) as loaded:
        parse_record(text)
    loader_message = str(loaded.value).splitlines()[1].split("client.timezone: ")[1]
    assert str(caught.value).endswith(loader_message)


def test_a_record_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"Client\.country: expected an ISO 3166 country code"):
        client(country="Narnia")


def test_values_are_normalised_as_the_loader_normalises_them() -> None:
    built = client(country="gb", organisation="  Hartley & Sons ")
    assert (built.country, built.organisation) == ("GB", "Hartley & Sons")
    incident = Incident(
        id="INC-1",
        title="Late order",
        found_by="client",  # type: ignore[arg-type]
        reported_at=datetime(2026, 11, 23, 10, 2),
        channel="phone",
        criticality="critical",  # type: ignore[arg-type]
        what_happened="The order arrived a week late.",
        impact="Two shops had nothing to sell.",
        symptoms=["Three items missing"],  # type: ignore[arg-type]
    )
    assert incident.criticality is Criticality.CRITICAL
    assert incident.symptoms == ("Three items missing",)
    record = IncidentRecord(
        language="en",
        client=client(),
        sender=Sender(
            name="Sarah Collins",
            role="Head of delivery",
            organisation="Onirio",
            email="sarah@onirio.example",
        ),
        incident=incident,
    )
    # A date-time with no time zone is the client's, as in a record file.
    assert record.incident.reported_at == datetime(
        2026, 11, 23, 10, 2, tzinfo=ZoneInfo("Europe/London")
    )
    assert excuses.draft(record, "acknowledgement", now=datetime(2026, 11, 23, 10, 30)).subject


def test_the_loader_checks_each_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from excuses import _convert

    checked: list[str] = []
    original = _convert.validate

    def spy(obj: object) -> bool:
        done = original(obj)
        if done:
            checked.append(type(obj).__name__)
        return done

    monkeypatch.setattr(_convert, "validate", spy)
    load_record(LATE)
    assert checked == []
    client()
    assert checked == ["Client"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_asdict_round_trips_through_load_record(path: Path) -> None:
    record = load_record(path)
    data = dataclasses.asdict(record)
    assert "source" in data
    again = load_record(data)
    assert again == record
    assert dataclasses.asdict(again)["incident"] == data["incident"]


def test_missing_fields_keep_the_capitals_of_their_documentation() -> None:
    text = LATE.read_text(encoding="utf-8")
    without = "\n".join(
        line for line in text.splitlines() if not line.startswith(("  timezone:", "  country:"))
    )
    with pytest.raises(RecordError) as caught:
        parse_record(without)
    message = str(caught.value)
    assert "client.timezone: missing; expected IANA time zone of the client" in message
    assert "(Monday 23 November in GB)" in message
    assert "expected iana" not in message


def test_closing_and_the_reference_agree_about_measures() -> None:
    record = load_record(LATE)
    assert record.resolution is not None
    no_measures = dataclasses.replace(
        record, resolution=dataclasses.replace(record.resolution, measures=())
    )
    with pytest.raises(RecordError, match=r"resolution\.measures: empty; the closing note"):
        excuses.draft(no_measures, "closing", now=datetime(2026, 11, 26, 10, 0))
    reference = (ROOT / "docs" / "reference" / "record.md").read_text(encoding="utf-8")
    row = next(line for line in reference.splitlines() if line.startswith("| `measures` |"))
    assert "the closing note needs at least one" in row


def test_help_shows_each_fields_description() -> None:
    doc = Client.__doc__ or ""
    assert "    timezone: IANA time zone of the client" in doc
    assert "    subdivision (optional): Region, state or province code" in doc
    import pydoc

    assert "email: The contact's email address." in pydoc.render_doc(Client)
