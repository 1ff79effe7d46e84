"""A small immutable value type for the checker's internal records.

``@dataclass(frozen=True)`` builds each class's ``__init__``, ``__eq__``,
``__hash__``, ``__repr__`` and ``__setattr__`` by compiling source text with
``exec`` when the class is created: about a millisecond per class at every
start of ``excuses lint``, which runs before every send. The internal records
of the lint path derive from :class:`Frozen` instead: fields in ``__slots__``,
an ``__init__`` written out, and the rest given here once for all of them.
The public types (``Finding``, ``Rule``, ``LintConfig``...) stay dataclasses.
"""

from __future__ import annotations

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Frozen:
    """Equality, hash and repr by the fields named in ``__slots__``; no assignment after
    ``__init__``, which sets the fields with :func:`object.__setattr__`."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen record")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen record")


# The public value types of the checker (``Finding``, ``Rule``, ``LintConfig``...) are
# dataclasses, and stay so: ``dataclasses.fields``, ``replace``, ``asdict`` and
# ``is_dataclass`` work on them. But importing :mod:`dataclasses` brings in ``inspect``
# (with ``ast``, ``dis`` and ``tokenize``): tens of milliseconds at every start of
# ``excuses lint``. Their modules therefore take ``dataclass`` and ``field`` from here at
# run time (from :mod:`dataclasses` for the type checker): the same methods, written once
# below, and the dataclass description itself (``__dataclass_fields__``) built with
# :mod:`dataclasses` only when something asks for it.

_MISSING = object()


class _Factory:
    """The default of a field with a default factory, as ``__init__``'s signature shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


class _FieldSpec:
    """What ``field(...)`` said of one field (the subset the public types use)."""

    __slots__ = ("compare", "default", "default_factory")

    def __init__(self, default: object, default_factory: object, compare: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.compare = compare


def field(
    *, default: object = _MISSING, default_factory: object = _MISSING, compare: bool = True
) -> Any:
    """:func:`dataclasses.field`, for the options the public types use."""
    return _FieldSpec(default, default_factory, compare)


class _Description:
    """``__dataclass_fields__`` and ``__dataclass_params__``, built by :mod:`dataclasses`
    from the class's fields when first read, then set on the class in its place."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> Any:
        import dataclasses

        namespace: dict[str, object] = {
            "__annotations__": dict(owner.__annotations__),
            "__module__": owner.__module__,
            "__qualname__": owner.__qualname__,
            "__doc__": owner.__doc__,
        }
        for name, spec in owner.__light_fields__:  # type: ignore[attr-defined]
            if spec.default_factory is not _MISSING:
                namespace[name] = dataclasses.field(
                    default_factory=spec.default_factory, compare=spec.compare
                )
            elif spec.default is not _MISSING:
                namespace[name] = dataclasses.field(default=spec.default, compare=spec.compare)
            elif not spec.compare:
                namespace[name] = dataclasses.field(compare=False)
        twin: type = dataclasses.dataclass(frozen=True)(type(owner.__name__, (), namespace))
        for name in ("__dataclass_fields__", "__dataclass_params__"):
            setattr(owner, name, getattr(twin, name))
        return getattr(owner, self.name)


def _frozen_setattr(self: object, name: str, value: object) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


def dataclass(*, frozen: bool) -> Any:
    """``@dataclass(frozen=True)`` as :mod:`dataclasses` writes it, for a class that declares
    its fields in its own body (no base dataclass, no ``ClassVar``, no ``__post_init__``):
    ``__init__`` (positional or keyword, defaults and default factories), ``__repr__``,
    ``__eq__`` and ``__hash__`` (over the compared fields), ``__match_args__``, and no
    assignment after ``__init__``."""
    assert frozen, "only frozen dataclasses are written here"

    def build(cls: type) -> type:
        specs: list[tuple[str, _FieldSpec]] = []
        # A class's own annotations (an empty dict for a class without any, since 3.10).
        annotations: dict[str, object] = cls.__annotations__
        for name in annotations:
            value = cls.__dict__.get(name, _MISSING)
            spec = value if isinstance(value, _FieldSpec) else _FieldSpec(value, _MISSING, True)
            specs.append((name, spec))
            if spec.default is not _MISSING:
                setattr(cls, name, spec.default)
            elif value is not _MISSING:
                delattr(cls, name)
        names = [name for name, _ in specs]
        compared = tuple(name for name, spec in specs if spec.compare)
        # __init__ is the one method written out per class, as dataclasses does: a
        # generic one would cost every Finding and Rule made.
        params: list[str] = []
        body: list[str] = []
        scope: dict[str, object] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
        for name, spec in specs:
            if spec.default_factory is not _MISSING:
                scope[f"_factory_{name}"] = spec.default_factory
                params.append(f"{name}=_FACTORY")
                body.append(f" if {name} is _FACTORY: {name} = _factory_{name}()")
            elif spec.default is not _MISSING:
                scope[f"_default_{name}"] = spec.default
                params.append(f"{name}=_default_{name}")
            else:
                params.append(name)
            body.append(f" _set(self, {name!r}, {name})")
        source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or [" pass"])
        exec(source, scope)  # our own text, built from the field names
        init = scope["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
        init.__annotations__ = {name: annotations[name] for name in names} | {"return": None}

        def values(self: object) -> tuple[object, ...]:
            return tuple([getattr(self, name) for name in compared])

        def __eq__(self: object, other: object) -> bool:
            if other.__class__ is self.__class__:
                return values(self) == values(other)
            return NotImplemented

        def __hash__(self: object) -> int:
            return hash(values(self))

        def __repr__(self: object) -> str:
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
            return f"{type(self).__qualname__}({shown})"

        cls.__init__ = init  # type: ignore[misc]
        cls.__eq__ = __eq__  # type: ignore[method-assign,assignment]
        cls.__hash__ = __hash__  # type: ignore[method-assign,assignment]
        cls.__repr__ = __repr__  # type: ignore[method-assign,assignment]
        cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign,assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign,assignment]
        cls.__match_args__ = tuple(names)  # type: ignore[attr-defined,misc]
        cls.__light_fields__ = tuple(specs)  # type: ignore[attr-defined]
        cls.__dataclass_fields__ = _Description("__dataclass_fields__")  # type: ignore[attr-defined]
        cls.__dataclass_params__ = _Description("__dataclass_params__")  # type: ignore[attr-defined]
        return cls

    return build


def replace(obj: Any, /, **changes: Any) -> Any:
    """:func:`dataclasses.replace`, without importing it for the types written here."""
    specs = getattr(type(obj), "__light_fields__", None)
    if specs is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)
    for name, _ in specs:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)
