"""Fuzzing excuses: hypothesis strategies for records and texts, and mutations of the examples.

Every input goes through the public API as a user's file would (load, draft
every format, build the email, check it); the only exception allowed out is
:class:`~excuses.errors.ExcusesError`. ``tests/test_fuzz.py`` runs a bounded
budget in every ``make test``; ``python -m tests.fuzzing --cases 100000``
(``make fuzz``) runs a long campaign and lists each distinct crash.
"""
