"""The public surface: ``excuses.__all__`` is complete, sorted and importable."""

from __future__ import annotations

import subprocess
import sys

import excuses


def _isort_order(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: constants, then classes, then functions, each alphabetical.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert excuses.__all__ == sorted(excuses.__all__, key=_isort_order)
    for name in excuses.__all__:
        assert getattr(excuses, name) is not None, name


def test_public_classes_and_functions_say_they_belong_to_excuses() -> None:
    import inspect

    for name in excuses.__all__:
        value = getattr(excuses, name)
        if inspect.isclass(value) or inspect.isfunction(value):
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


# Names a signature may use without excuses exporting them: the standard library's and typing's.
_STANDARD = {
    "Any",
    "Callable",
    "Decimal",
    "EmailMessage",
    "Iterable",
    "Iterator",
    "Literal",
    "Mapping",
    "Message",
    "None",
    "Path",
    "PathLike",
    "Sequence",
    "date",
    "datetime",
    "timedelta",
    "tzinfo",
    "ZoneInfo",
}


def _signature_names(value: object) -> set[str]:
    import inspect
    import re

    try:
        signature = inspect.signature(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return set()
    text = " ".join(
        [str(p.annotation) for p in signature.parameters.values()]
        + [str(signature.return_annotation)]
    )
    return {
        name
        for name in re.findall(r"(?<![\w.])([A-Z]\w*)", text)
        if name not in _STANDARD and not name.startswith("_")
    }


def test_every_name_in_a_public_signature_is_exported() -> None:
    import inspect

    missing: dict[str, set[str]] = {}
    for name in excuses.__all__:
        value = getattr(excuses, name)
        if not callable(value):
            continue
        used = _signature_names(value)
        if inspect.isclass(value):
            for member_name, member in vars(value).items():
                if not member_name.startswith("_") and inspect.isfunction(member):
                    used |= _signature_names(member)
        unknown = {n for n in used if n not in excuses.__all__}
        if unknown:
            missing[name] = unknown
    assert missing == {}


def test_every_name_the_docs_import_from_excuses_is_exported() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    private: dict[str, list[str]] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # Examples import from the package, never from a module of it (those are private).
        for module, names in re.findall(r"from excuses\.([\w.]+) import ([\w, ]+)", text):
            private.setdefault(f"excuses.{module}: {names}", []).append(page.name)
        for names in re.findall(r"from excuses import ([\w, ]+)", text):
            for name in (n.strip() for n in names.split(",")):
                # The templates page tries the filters module itself, as a template author would.
                if name not in excuses.__all__ and name != "filters":
                    private.setdefault(f"excuses.{name}", []).append(page.name)
        # A call through a submodule, ``excuses.batch.iter_records(...)``, in an example.
        for module, name in re.findall(r"(?<![\w.])excuses\.([a-z_]+)\.(\w+)\(", text):
            if name not in excuses.__all__:
                private.setdefault(f"excuses.{module}.{name}", []).append(page.name)
    assert private == {}
