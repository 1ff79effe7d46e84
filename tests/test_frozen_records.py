"""The checker's internal records: values, equal by their fields, that cannot be changed."""

from __future__ import annotations

import pytest

from excuses._frozen import Frozen
from excuses.cli._lint_files import Target
from excuses.lint._inputs import Extracted
from excuses.lint._normalize import Normalized, normalize
from excuses.lint._output import Symbols


def test_records_are_equal_and_hash_alike_by_their_fields() -> None:
    assert Target("a.txt") == Target("a.txt", explicit=True)
    assert Target("a.txt") != Target("a.txt", explicit=False)
    assert len({Target("a.txt"), Target("a.txt"), Target("b.txt")}) == 2
    assert normalize("Nous étions") == normalize("Nous étions")
    assert Symbols() == Symbols("→", "«", "»")


def test_records_of_different_kinds_are_never_equal() -> None:
    assert Normalized("a", "a", "a") != Extracted("a", "a")
    assert Target("a") != ("a", True)


def test_a_record_cannot_be_changed() -> None:
    target = Target("a.txt")
    with pytest.raises(AttributeError):
        target.name = "b.txt"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del target.explicit  # type: ignore[misc]
    with pytest.raises(AttributeError):
        target.other = 1  # type: ignore[attr-defined]
    assert target.name == "a.txt"


def test_a_record_shows_its_fields() -> None:
    assert repr(Target("a.txt")) == "Target(explicit=True, name='a.txt')"
    # The segments are an offset index, not worth reading.
    shown = repr(Extracted("x", "<b>x</b>", "html", ((0, 3, 1),)))
    assert shown == "Extracted(text='x', source='<b>x</b>', part='html')"


def test_the_records_carry_no_per_instance_dict() -> None:
    # __slots__ all the way down: that is what makes them frozen and small.
    assert not hasattr(Target("a.txt"), "__dict__")
    assert Frozen.__slots__ == ()
