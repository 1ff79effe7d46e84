"""SMTP settings for the send gate, from a config file section and ``EXCUSES_SMTP_*`` variables.

The settings come from, in increasing order of precedence:

1. the defaults below (STARTTLS on port 587, a 30 second timeout);
2. the ``[smtp]`` table of ``excuses.toml``, or ``[tool.excuses.smtp]`` of
   ``pyproject.toml`` (the file given with ``--config``, otherwise the nearest
   of the two in the starting folder or above it, as for the checker's settings);
3. the environment: ``EXCUSES_SMTP_HOST``, ``_PORT``, ``_SECURITY``
   (``starttls``, ``tls`` or ``none``), ``_USERNAME``, ``_PASSWORD``,
   ``_TIMEOUT`` (seconds), ``_FROM`` (the envelope and From address, replacing
   the sender's) and ``_CAFILE`` (a PEM bundle of extra trusted authorities).

There is deliberately no way to give a password on the command line: it would
end up in the shell history and in the process list for every user to read.
For the same reason a config file that holds a password must be readable by
its owner only (``chmod 600``), as ssh and ``.netrc`` require.
"""

from __future__ import annotations

import ipaddress
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import SendError

ENV_PREFIX = "EXCUSES_SMTP_"


class SmtpConfigError(SendError, ValueError):
    """SMTP settings that are missing or not valid; names the file or variable and the key."""

    exit_code = 2


class Security(StrEnum):
    """How the connection to the SMTP server is protected."""

    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


_DEFAULT_PORTS = {Security.STARTTLS: 587, Security.TLS: 465, Security.NONE: 25}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand messages to an SMTP server.

    ``port`` defaults by ``security``: 587 for STARTTLS, 465 for implicit TLS,
    25 for none. ``from_address`` replaces the From header and the envelope
    sender of every message (for relays that only accept their own address).
    """

    host: str | None = None
    port: int | None = None
    security: Security = Security.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    from_address: str | None = None
    cafile: Path | None = None

    @property
    def effective_port(self) -> int:
        """The port to connect to: the one set, or the usual one for ``security``."""
        return self.port if self.port is not None else _DEFAULT_PORTS[self.security]

    def describe(self) -> str:
        """A one-line summary for messages, without the password."""
        host = self.host or "(no host)"
        text = f"{host}:{self.effective_port} ({self.security.value})"
        if self.username:
            text += f" as {self.username}"
        return text


# key in the file -> environment variable suffix; the order is the one of the docs.
_KEYS: dict[str, str] = {
    "host": "HOST",
    "port": "PORT",
    "security": "SECURITY",
    "username": "USERNAME",
    "password": "PASSWORD",
    "timeout": "TIMEOUT",
    "from": "FROM",
    "cafile": "CAFILE",
}


def load_smtp_settings(
    config: Path | str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    start: Path | None = None,
    read_files: bool = True,
) -> SmtpSettings:
    """Read the settings from ``config`` (or the nearest one above ``start``), then the environment.

    With ``read_files=False`` no file is read at all: the environment alone
    counts. A missing ``config`` file, a key that is not one of the known
    ones, or a value of the wrong kind raises :class:`SmtpConfigError` naming
    where it is.
    """
    env = os.environ if environ is None else environ
    settings = SmtpSettings()
    path: Path | None = None
    if read_files:
        path = Path(config) if config is not None else _find_config(start or Path.cwd())
    if path is not None:
        table = _read_table(path)
        for key, value in table.items():
            if key not in _KEYS:
                known = ", ".join(_KEYS)
                raise SmtpConfigError(
                    f"{path}: {_table_name(path)}.{key}: unknown setting; "
                    f"the known ones are {known}"
                )
            settings = _apply(settings, key, value, f"{path}: {_table_name(path)}.{key}")
        if "password" in table:
            _check_private(path)
    for key, suffix in _KEYS.items():
        name = ENV_PREFIX + suffix
        if name in env and env[name] != "":
            settings = _apply(settings, key, env[name], name)
    return settings


def _check_private(path: Path) -> None:
    """Refuse a password in a file other users can read, as ssh and .netrc do."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise SmtpConfigError(
            f"{path}: holds an SMTP password but other users can read it (mode {mode:04o}); "
            f"run `chmod 600 {path}`, or move the password to EXCUSES_SMTP_PASSWORD"
        )


def _find_config(start: Path) -> Path | None:
    """The nearest ``excuses.toml``, or ``pyproject.toml`` with ``[tool.excuses]``, upward."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / "excuses.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_excuses_table(pyproject):
            return pyproject
    return None


def _has_excuses_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # somebody else's broken pyproject.toml is not ours to report
    return isinstance(data.get("tool", {}).get("excuses"), dict)


def _table_name(path: Path) -> str:
    return "[tool.excuses.smtp]" if path.name == "pyproject.toml" else "[smtp]"


def _read_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SmtpConfigError(f"{path}: no such config file") from None
    except OSError as exc:
        raise SmtpConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SmtpConfigError(f"{path}: the config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SmtpConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table: Any = data.get("tool", {}).get("excuses", {}).get("smtp")
    else:
        table = data.get("smtp")
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise SmtpConfigError(f"{path}: {_table_name(path)} must be a table of settings")
    return table


def _apply(settings: SmtpSettings, key: str, value: Any, where: str) -> SmtpSettings:
    from_env = isinstance(value, str) and where.startswith(ENV_PREFIX)
    if key == "host":
        host = _text(value, where, "a host name or address")
        if any(ch.isspace() for ch in host):
            raise SmtpConfigError(f"{where}: expected a host name or address, got {host!r}")
        return replace(settings, host=host)
    if key == "port":
        return replace(settings, port=_port(value, where, from_env))
    if key == "security":
        text = _text(value, where, "starttls, tls or none").strip().lower()
        try:
            return replace(settings, security=Security(text))
        except ValueError:
            raise SmtpConfigError(
                f"{where}: expected starttls, tls or none, got {value!r}"
            ) from None
    if key == "username":
        return replace(settings, username=_ascii(_text(value, where, "a user name"), where))
    if key == "password":
        return replace(settings, password=_secret(value, where))
    if key == "timeout":
        return replace(settings, timeout=_timeout(value, where, from_env))
    if key == "from":
        return replace(settings, from_address=_address(value, where))
    if key == "cafile":
        return replace(
            settings, cafile=_cafile(_text(value, where, "the path of a PEM file"), where)
        )
    raise AssertionError(key)  # pragma: no cover - _KEYS and this function list the same keys


def _text(value: Any, where: str, expected: str) -> str:
    if not isinstance(value, str) or value == "":
        raise SmtpConfigError(f"{where}: expected {expected} as a non-empty string, got {value!r}")
    if "\r" in value or "\n" in value:
        raise SmtpConfigError(f"{where}: expected {expected} on one line, got a line break")
    return value


def _secret(value: Any, where: str) -> str:
    """The password, checked like any text, but never shown in a message."""
    if not isinstance(value, str) or value == "":
        kind = "an empty string" if value == "" else f"a value of type {type(value).__name__}"
        raise SmtpConfigError(
            f"{where}: expected a password as a non-empty string, got {kind} (not shown)"
        )
    if "\r" in value or "\n" in value:
        raise SmtpConfigError(f"{where}: expected a password on one line, got a line break")
    return _ascii(value, where, shown=False)


def _ascii(value: str, where: str, shown: bool = True) -> str:
    # smtplib sends AUTH PLAIN and LOGIN credentials as ASCII only.
    if value.isascii():
        return value
    what = f"{value!r} holds" if shown else "holds"
    raise SmtpConfigError(
        f"{where}: {what} characters outside ASCII, which SMTP authentication cannot send; "
        "use an ASCII user name and password (an application password, say)"
    )


def _cafile(value: str, where: str) -> Path:
    """A readable PEM bundle, checked now: a wrong path is a setting to fix, not a network error."""
    import ssl

    path = Path(value).expanduser()
    if not path.is_file():
        raise SmtpConfigError(f"{where}: {value}: no such file; expected a PEM bundle")
    try:
        ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError, ValueError) as exc:
        raise SmtpConfigError(
            f"{where}: {value}: not a usable PEM bundle of certificates ({exc})"
        ) from None
    return path


def _port(value: Any, where: str, from_env: bool) -> int:
    number: Any = value
    if from_env:
        try:
            number = int(value.strip())
        except ValueError:
            number = value
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 65535:
        raise SmtpConfigError(f"{where}: expected a port number from 1 to 65535, got {value!r}")
    return number


def _timeout(value: Any, where: str, from_env: bool) -> float:
    number: Any = value
    if from_env:
        try:
            number = float(value.strip())
        except ValueError:
            number = value
    if (
        isinstance(number, bool)
        or not isinstance(number, int | float)
        or not math.isfinite(number)
        or number <= 0
    ):
        raise SmtpConfigError(
            f"{where}: expected a number of seconds greater than 0, got {value!r}"
        )
    return float(number)


def _address(value: Any, where: str) -> str:
    text = _text(value, where, "an email address")
    _name, address = parseaddr(text)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise SmtpConfigError(
            f"{where}: expected an email address like name@example.com, got {text!r}"
        )
    return text


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine, where a password may travel unencrypted."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
