"""The template machinery: Jinja environments, template folders, and the compile cache.

Three templates per stage and language, looked up first in the user's
folder (``<folder>/<language>/<file>``, file by file) then in ours:
``<stage>.subject.txt``, ``<stage>.txt`` and ``<stage>.mjml``.

Every template goes through two passes. The *structure* pass uses Jinja with
square-bracket delimiters (``[% extends "layout.mjml" %]``, ``[% block %]``,
``[% import "_lists.txt" as lists %]``, ``[[ lists.plan("plan") ]]``) and
runs once, with no record data at all: it expands the shared layout and
lists into one flat template. For ``.mjml`` files MJML then compiles that
into HTML which still holds the ordinary ``{{ }}`` and ``{% %}``
placeholders. The result becomes a normal Jinja template (autoescaped for
HTML, plain for text), cached per (folder, language, file) and filled per
record; it is built again only when one of the files it came from changes
on disk. Compiling MJML is the slow part, so it never runs per record.

Every environment uses ``StrictUndefined``: a template that reads a value the
record does not have fails with a :class:`~excuses.errors.TemplateError`
naming the value and the template, never a blank in a client's email.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import meta

from . import filters
from ._resources import templates_dir
from .errors import TemplateError
from .locales import respell, typeset
from .typography import french_spacing

#: What the HTML renderer calls to turn MJML into HTML; replaced in tests to count calls.
mjml_to_html: Callable[[str], str]


def _mjml_to_html(source: str) -> str:
    import mjml

    html: str = mjml.mjml2html(source, disable_comments=True, fonts={})
    return html


mjml_to_html = _mjml_to_html


def _finalize(value: Any) -> Any:
    # A ``None`` reaching the output is a missing value in disguise: refuse it
    # like an undefined one rather than print "None" to a client.
    if value is None:
        raise jinja2.UndefinedError("a value in this template is empty (None)")
    return value


def _finalize_fr(value: Any) -> Any:
    # Record text is typed with ordinary spaces; a French message still needs
    # its no-break spaces before ":" and "?" and inside « », wherever text comes from.
    # Every value a French template prints comes here: text, the usual case, goes
    # straight to the (memoised) spacing, without a call to check it is not None.
    if isinstance(value, str):
        return french_spacing(value)
    return _finalize(value)


def _finalizer(language: str) -> Callable[[Any], Any]:
    return _finalize_fr if language == "fr" else _finalize


class _RecordingLoader(jinja2.FileSystemLoader):
    """A file loader that remembers every file it read, so a cache entry knows its sources."""

    def __init__(self, searchpath: list[Path]) -> None:
        super().__init__(searchpath)
        self.read: list[str] = []

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            raise TemplateError(
                f"template {template!r}: not UTF-8 text (invalid byte at offset {exc.start}); "
                "save it as UTF-8"
            ) from None
        self.read.append(filename)
        return source, filename, uptodate


@dataclass(frozen=True)
class _Compiled:
    """A compiled HTML template and the files (with their mtimes) it was built from."""

    template: jinja2.Template
    sources: tuple[tuple[Path, int], ...]
    #: The template's globals (Jinja's ``range``, ``namespace``…) as one plain dict.
    globals: dict[str, Any]

    def fresh(self) -> bool:
        try:
            return all(path.stat().st_mtime_ns == mtime for path, mtime in self.sources)
        except OSError:
            return False


class Renderer:
    """Renders the subject, text and HTML of a stage for one template folder.

    ``templates`` is the user's folder whose files override ours one by one;
    ``cache_mjml=False`` recompiles the MJML on every draft (for measuring).
    """

    def __init__(self, templates: Path | None = None, *, cache_mjml: bool = True) -> None:
        self.user_folder = Path(templates) if templates is not None else None
        if self.user_folder is not None and not self.user_folder.is_dir():
            raise TemplateError(
                f"template folder {str(self.user_folder)!r} does not exist or is not a folder; "
                "expected a folder holding fr/ and/or en/ template files"
            )
        self.cache_mjml = cache_mjml
        self._text: dict[str, jinja2.Environment] = {}
        self._html_env: dict[str, jinja2.Environment] = {}
        self._compiled: dict[tuple[str, str, str], _Compiled] = {}
        self._lock = threading.Lock()
        #: How many times MJML ran for this renderer (read by the benchmark).
        self.mjml_runs = 0
        self._checked_at = time.monotonic()

    def search_path(self, language: str) -> list[Path]:
        """The folders searched for ``language``'s templates, the user's first."""
        folders = [templates_dir() / language]
        if self.user_folder is not None:
            folders.insert(0, self.user_folder / language)
        return folders

    def _common(self, env: jinja2.Environment) -> jinja2.Environment:
        env.filters.update(filters.FILTERS)
        return env

    def text_env(self, language: str) -> jinja2.Environment:
        """The environment of subjects and plain-text bodies: no escaping, strict values."""
        env = self._text.get(language)
        if env is None:
            env = self._common(
                jinja2.Environment(
                    undefined=jinja2.StrictUndefined,
                    finalize=_finalizer(language),
                    autoescape=False,
                    trim_blocks=True,
                    lstrip_blocks=True,
                    keep_trailing_newline=False,
                )
            )
            self._text[language] = env
        return env

    def html_env(self, language: str) -> jinja2.Environment:
        """The environment of compiled HTML: every value from the record is escaped."""
        env = self._html_env.get(language)
        if env is None:
            env = self._common(
                jinja2.Environment(
                    undefined=jinja2.StrictUndefined,
                    finalize=_finalizer(language),
                    autoescape=True,
                    trim_blocks=True,
                    lstrip_blocks=True,
                    # Compiled HTML carries CSS; keep its "{#" from reading as a comment.
                    comment_start_string="{##",
                    comment_end_string="##}",
                )
            )
            self._html_env[language] = env
        return env

    def _structure_env(self, language: str) -> tuple[jinja2.Environment, _RecordingLoader]:
        loader = _RecordingLoader(self.search_path(language))
        env = jinja2.Environment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            block_start_string="[%",
            block_end_string="%]",
            variable_start_string="[[",
            variable_end_string="]]",
            comment_start_string="[#",
            comment_end_string="#]",
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            cache_size=0,
        )
        return env, loader

    def subject(self, language: str, stage: str, context: Mapping[str, Any]) -> str:
        """The one-line subject of ``stage``."""
        text = self._render(language, f"{stage}.subject.txt", context)
        # Only the template's own leading and trailing blanks go: a line break coming
        # from the record stays, so that the email refuses it instead of hiding it.
        return text.strip(" \t\n")

    def text(self, language: str, stage: str, context: Mapping[str, Any]) -> str:
        """The plain-text body of ``stage``, before wrapping."""
        return self._render(language, f"{stage}.txt", context)

    def html(self, language: str, stage: str, context: Mapping[str, Any]) -> str:
        """The HTML body of ``stage``, compiled from MJML once and filled per record."""
        return self._render(language, f"{stage}.mjml", context)

    def compiled_html(self, language: str, stage: str, spelling: str = "") -> jinja2.Template:
        """The HTML template of ``stage`` (MJML already compiled), from the cache when fresh."""
        return self.template(language, f"{stage}.mjml", spelling)

    def template(self, language: str, name: str, spelling: str = "") -> jinja2.Template:
        """The runtime template of ``name``: its structure expanded, compiled once and cached.

        ``spelling`` (``en_US``) respells the template's own English words
        (:func:`~excuses.locales.respell`); the record's text is never touched.
        """
        return self._entry(language, name, spelling).template

    def _entry(self, language: str, name: str, spelling: str) -> _Compiled:
        key = (language, name, spelling)
        mjml = name.endswith(".mjml")
        cached = self.cache_mjml or not mjml
        entry = self._compiled.get(key) if cached else None
        if entry is not None:
            return entry
        with self._lock:
            entry = self._compile(language, name, spelling)
            if cached:
                self._compiled[key] = entry
        return entry

    def expand(self, language: str, name: str) -> tuple[str, list[Path]]:
        """The structure pass: ``name`` with its layout, blocks and lists expanded, no data."""
        env, loader = self._structure_env(language)
        try:
            source = env.get_template(name).render()
        except jinja2.TemplateNotFound as exc:
            raise self._not_found(language, exc) from None
        except jinja2.TemplateError as exc:
            raise _template_error(exc, f"{language}/{name}", exc.__traceback__) from None
        return source, [Path(path) for path in dict.fromkeys(loader.read)]

    def _compile(self, language: str, name: str, spelling: str = "") -> _Compiled:
        source, read = self.expand(language, name)
        source = typeset(respell(source, spelling), language)
        where = f"{language}/{name}"
        if name.endswith(".mjml"):
            try:
                source = mjml_to_html(source)
            except Exception as exc:  # mjml raises its own exception types
                raise TemplateError(f"{where}: MJML could not compile it: {exc}") from None
            self.mjml_runs += 1
            env = self.html_env(language)
        else:
            env = self.text_env(language)
        try:
            template = env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{where}, line {exc.lineno}: {exc.message}") from None
        # Error messages name the file; a line number counts in the expanded text
        # when a layout or shared lists were expanded into it.
        template.name = where if len(read) == 1 else f"{where} (layout and lists expanded)"
        sources = tuple((path, path.stat().st_mtime_ns) for path in read)
        return _Compiled(template, sources, dict(template.globals))

    def _render(self, language: str, name: str, context: Mapping[str, Any]) -> str:
        self._maybe_reload()
        locale = context[filters.LOCALE_KEY]
        entry = self._entry(language, name, locale.spelling)
        template = entry.template
        settings = filters.Settings(locale, context[filters.ZONE_KEY], context[filters.NOW_KEY])
        token = filters.CURRENT.set(settings)
        try:
            # What Template.render() does, less its cost: it copies the values twice and
            # walks the globals' ChainMap each time, half the time of a short template.
            # One merged dict (values over globals, as render() merges them) is the same
            # context, handed over as is.
            env = template.environment
            jinja_context = template.new_context({**entry.globals, **context}, shared=True)
            try:
                return env.concat(template.root_render_func(jinja_context))
            except Exception:
                env.handle_exception()
        except jinja2.TemplateError as exc:
            raise _template_error(exc, template.name or name, exc.__traceback__) from None
        finally:
            filters.CURRENT.reset(token)

    def _maybe_reload(self) -> None:
        # Templates edited on disk are picked up, but the files are looked at
        # no more than once a second: a batch drafts thousands per second.
        if time.monotonic() - self._checked_at >= _RECHECK_SECONDS:
            self.refresh()

    def refresh(self) -> None:
        """Drop every compiled template whose files changed on disk since it was built."""
        self._checked_at = time.monotonic()
        stale = [key for key, entry in self._compiled.items() if not entry.fresh()]
        for key in stale:
            del self._compiled[key]

    def _not_found(self, language: str, exc: jinja2.TemplateNotFound) -> TemplateError:
        where = ", ".join(repr(str(folder)) for folder in self.search_path(language))
        return TemplateError(f"template {exc.name!r} not found in search path: {where}")

    def variables(self, language: str, name: str) -> set[str]:
        """The top-level names a template reads once expanded (tests hold them to the context)."""
        source, _read = self.expand(language, name)
        env = self.html_env(language) if name.endswith(".mjml") else self.text_env(language)
        return meta.find_undeclared_variables(env.parse(source))


def _template_error(
    exc: jinja2.TemplateError, name: str, traceback: TracebackType | None
) -> TemplateError:
    """A :class:`TemplateError` naming the template, the line, and what went wrong."""
    line = getattr(exc, "lineno", None)
    while traceback is not None:
        # Jinja rewrites frames so that template code shows its own file and line.
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith((".txt", ".mjml")) or filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    where = f"{name}, line {line}" if line else name
    message = exc.message or str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        message += " (the template reads a value that this record or stage does not provide)"
    return TemplateError(f"{where}: {message}")


_RECHECK_SECONDS = 1.0

_RENDERERS: dict[str | None, Renderer] = {}


def renderer_for(templates: Path | None) -> Renderer:
    """The shared renderer of a template folder (ours when ``None``), created once."""
    key = str(Path(templates).resolve()) if templates is not None else None
    found = _RENDERERS.get(key)
    if found is None:
        found = _RENDERERS[key] = Renderer(templates)
    return found
