"""The one exception tree of excuses, rooted in :class:`ExcusesError`.

::

    ExcusesError
     ├── RecordError          an incident record that cannot be loaded (lists every problem)
     ├── StageError           a stage name that is not one of the five stages
     ├── TemplateError        a template that is missing, broken or reads an unknown value
     ├── HeaderInjectionError a header value that carries a line break
     ├── RulesError           a checker rules or configuration file that is not valid
     ├── OutputError          an output path that cannot be written without destroying something
     └── SendError            a message the SMTP server did not accept

Every message says where (file, line, field path) and what was expected, so
that the command line can print it as it is and exit with status 2.
"""

from __future__ import annotations

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass, field, replace
else:  # as dataclasses, without importing it at each start (see ``_frozen``)
    from ._frozen import dataclass, field, replace


class ExcusesError(Exception):
    """Base class of every error excuses raises on purpose."""

    #: The command line's exit status for this error.
    exit_code: int = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input, located by field path and, when known, line."""

    path: str
    message: str
    line: int | None = None
    #: The language ``message`` is written in, and so the place before it (``ligne 3 :``).
    language: str = field(default="en", compare=False)

    def __str__(self) -> str:
        if self.language != "en":
            from .record_messages import catalogue

            return catalogue(self.language).located(self)
        where = self.path or "(top level)"
        if self.line is not None:
            return f"line {self.line}: {where}: {self.message}"
        return f"{where}: {self.message}"


class RecordError(ExcusesError, ValueError):
    """An incident record that cannot be loaded; ``problems`` lists all of them.

    ``language`` is the language the problems are written in, that of the
    record they talk about (``fr`` or ``en``): the heading and the place of
    each problem (``line 3``, ``ligne 3``) are written in it too.
    """

    def __init__(
        self, problems: list[Problem], source: str | None = None, language: str = "en"
    ) -> None:
        self.problems = [
            problem if problem.language == language else replace(problem, language=language)
            for problem in problems
        ]
        self.source = source
        self.language = language
        super().__init__(self._render())

    def _render(self) -> str:
        from .record_messages import catalogue

        say = catalogue(self.language)
        lines = [say.heading(self.source, len(self.problems))]
        lines.extend(f"  {say.located(problem)}" for problem in self.problems)
        return "\n".join(lines)


class StageError(ExcusesError, ValueError):
    """A stage name that is not one of ``acknowledgement``, ``apology``, ``update``,
    ``closing`` or ``debrief``; the message names them, and the closest one."""


class TemplateError(ExcusesError, LookupError):
    """A template that is missing, does not compile, or reads a value that is not there."""


class HeaderInjectionError(ExcusesError, ValueError):
    """A value bound for an email header contains a line break."""

    def __init__(self, header: str, value: str) -> None:
        self.header = header
        self.value = value
        super().__init__(
            f"the {header} header would carry a line break ({value!r}); "
            "a header value must be a single line, so remove the CR/LF from that field"
        )


class RulesError(ExcusesError, ValueError):
    """A checker rules file or configuration that is not valid."""


class OutputError(ExcusesError):
    """An output path that is not a regular file (or a new one in an existing folder)."""


class SendError(ExcusesError):
    """A message that could not be handed to the SMTP server."""
