"""The public surface: ``excuses.__all__`` is complete, sorted and importable."""

from __future__ import annotations

import subprocess
import sys

import excuses


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert excuses.__all__ == sorted(excuses.__all__)
    for name in excuses.__all__:
        assert getattr(excuses, name) is not None, name


def test_public_classes_and_functions_say_they_belong_to_excuses() -> None:
    for name in excuses.__all__:
        value = getattr(excuses, name)
        if callable(value):
            assert value.__module__.startswith("excuses."), name
            assert value.__doc__, f"{name} has no docstring"


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        excuses.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert str(exc) == "module 'excuses' has no attribute 'no_such_thing'"
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, excuses; "
        "print(sorted(m for m in ('jinja2', 'babel', 'mjml', 'yaml', 'holidays', 'dateutil') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
