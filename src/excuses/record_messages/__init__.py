"""What the record checks say, in the language of the record they talk about.

Every message the loader and the record checks give about a record (a field
of the wrong type, a missing field, dates in an impossible order, a file that
cannot be read) is a :class:`Key` looked up in the record's
:class:`~excuses.record_messages.base.Catalogue`: one per language, each with
the templates of every message, the descriptions of the record's fields and
its way of quoting values and placing a problem in a file. The English
descriptions are the fields' own documentation (``record.py``); the French
ones are in :mod:`excuses.record_messages.fr`, and a test keeps the two in step.

The language is the record's own ``language`` when it can be read; else the
one passed by the caller; else the file's name (``incident.fr.yaml``); else
the ``EXCUSES_LANGUAGE`` environment variable; else English.
"""

from __future__ import annotations

from .base import Catalogue, Key
from .choice import LANGUAGE_VARIABLE, catalogue, language_of

__all__ = ["LANGUAGE_VARIABLE", "Catalogue", "Key", "catalogue", "language_of"]
