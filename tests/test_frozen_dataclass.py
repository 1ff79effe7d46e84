"""The public value types built by ``excuses._frozen.dataclass`` behave as the dataclasses
:mod:`dataclasses` would build from the same class body: same fields, ``__init__``,
``repr``, equality, hash, ``replace``, ``asdict``, frozenness and pickling."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from excuses._frozen import replace
from excuses.errors import Problem
from excuses.lint import Config, Finding, LintConfig, Rule, Severity
from excuses.lint._output import InputError
from excuses.lint._rules import RuleSet

RULE = Rule("EN-X-001", "denial", Severity.WARNING, "m", "s", ("a",), (), ("a",), (), "en", "here")
FINDING = Finding("EN-X-001", "denial", Severity.ERROR, "m", "s", "a", 0, 1, 1, 1)

SAMPLES: list[tuple[type, tuple[Any, ...], dict[str, Any]]] = [
    (Finding, ("EN-X-001", "denial", Severity.ERROR, "m", "s", "a", 0, 1, 1, 1), {}),
    (Finding, FINDING.__match_args__ and (), dataclasses.asdict(FINDING) | {"evidence": ("a",)}),
    (LintConfig, (), {}),
    (LintConfig, ((Path("x.toml"),), frozenset({"a"})), {"severities": {"a": Severity.INFO}}),
    (Rule, tuple(getattr(RULE, f.name) for f in dataclasses.fields(Rule)), {}),
    (RuleSet, ("en", (RULE,)), {}),
    (InputError, ("in.txt", "missing"), {}),
    (InputError, ("in.txt", "missing", 3), {}),
    (Config, (), {}),
    (Config, (None, LintConfig(stage_checks=False)), {"fail_on": Severity.ERROR}),
    (Problem, ("a.b", "wrong"), {}),
    (Problem, ("a.b", "wrong", 2), {"language": "fr"}),
]


def twin(cls: type) -> type:
    """The class :mod:`dataclasses` builds from the same body."""
    namespace: dict[str, Any] = {
        "__annotations__": dict(cls.__annotations__),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
    }
    for f in dataclasses.fields(cls):
        namespace[f.name] = dataclasses.field(
            default=f.default, default_factory=f.default_factory, compare=f.compare
        )
    return dataclasses.dataclass(frozen=True)(type(cls.__name__, (), namespace))


def state(value: Any) -> Any:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


@pytest.mark.parametrize(("cls", "args", "kwargs"), SAMPLES)
def test_a_light_dataclass_behaves_as_its_dataclass_twin(
    cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    other = twin(cls)
    ours, theirs = cls(*args, **kwargs), other(*args, **kwargs)
    assert dataclasses.is_dataclass(cls) and dataclasses.is_dataclass(ours)
    assert [
        (f.name, f.type, f.default, f.default_factory, f.compare, f.init)
        for f in dataclasses.fields(cls)
    ] == [
        (f.name, f.type, f.default, f.default_factory, f.compare, f.init)
        for f in dataclasses.fields(other)
    ]
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert repr(ours) == repr(theirs)
    assert state(ours) == state(theirs)
    assert outcome(lambda: hash(ours)) == outcome(lambda: hash(theirs))
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert ours.__match_args__ == theirs.__match_args__  # type: ignore[attr-defined]
    assert str(inspect.signature(cls)) == str(inspect.signature(other))
    assert ours == cls(*args, **kwargs) and ours != theirs and ours != 1
    first = dataclasses.fields(cls)[0].name
    for changed in (dataclasses.replace(ours, **{first: "z"}), replace(ours, **{first: "z"})):
        assert state(changed) == state(dataclasses.replace(theirs, **{first: "z"}))
        assert changed != ours and type(changed) is cls
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(ours, first, "z")
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(ours, first)
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.deepcopy(ours) == ours and copy.copy(ours) == ours


def outcome(call: Callable[[], object]) -> object:
    """What ``call`` returns, or the type of what it raises."""
    try:
        return call()
    except Exception as exc:  # the outcome is what is compared
        return type(exc)


@pytest.mark.parametrize("cls", sorted({cls for cls, _, _ in SAMPLES}, key=str))
def test_a_light_dataclass_refuses_what_its_twin_refuses(cls: type) -> None:
    other = twin(cls)
    for args, kwargs in [((), {"nope": 1}), (tuple(range(30)), {})]:
        with pytest.raises(TypeError):
            other(*args, **kwargs)
        with pytest.raises(TypeError):
            cls(*args, **kwargs)


def test_fields_compared_and_not() -> None:
    # ``language`` is not compared: the same problem said in two languages is one problem.
    assert Problem("a", "b", language="fr") == Problem("a", "b")
    assert hash(Problem("a", "b", language="fr")) == hash(Problem("a", "b"))
    assert LintConfig().severities is not LintConfig().severities
