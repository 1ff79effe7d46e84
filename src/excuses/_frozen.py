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
