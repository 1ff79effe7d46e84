"""SMTP settings: defaults, the config file's [smtp] table, EXCUSES_SMTP_* variables, and errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from excuses.smtp_config import (
    Security,
    SmtpConfigError,
    SmtpSettings,
    is_loopback,
    load_smtp_settings,
)
from smtp_server import self_signed

FULL_ENV = {
    "EXCUSES_SMTP_HOST": "127.0.0.1",
    "EXCUSES_SMTP_PORT": "2525",
    "EXCUSES_SMTP_SECURITY": "TLS",
    "EXCUSES_SMTP_USERNAME": "relay-user",
    "EXCUSES_SMTP_PASSWORD": "pw from the environment",
    "EXCUSES_SMTP_TIMEOUT": "0.5",
    "EXCUSES_SMTP_FROM": "Northwind Support <support@northwind.example>",
    "EXCUSES_SMTP_CAFILE": "certs/relay.pem",
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_starttls_on_587_with_a_30_second_timeout(tmp_path: Path) -> None:
    settings = load_smtp_settings(environ={}, start=tmp_path)
    assert settings == SmtpSettings()
    assert (settings.host, settings.effective_port, settings.security, settings.timeout) == (
        None,
        587,
        Security.STARTTLS,
        30.0,
    )


@pytest.mark.parametrize(("security", "port"), [("tls", 465), ("none", 25), ("starttls", 587)])
def test_the_port_follows_the_security_unless_set(tmp_path: Path, security: str, port: int) -> None:
    settings = load_smtp_settings(environ={"EXCUSES_SMTP_SECURITY": security}, start=tmp_path)
    assert settings.effective_port == port


def test_every_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("openssl is needed to make a PEM bundle")
    (tmp_path / "certs").mkdir()
    made[0].rename(tmp_path / "certs" / "relay.pem")
    monkeypatch.chdir(tmp_path)
    assert load_smtp_settings(environ=FULL_ENV, start=tmp_path) == SmtpSettings(
        host="127.0.0.1",
        port=2525,
        security=Security.TLS,
        username="relay-user",
        password="pw from the environment",
        timeout=0.5,
        from_address="Northwind Support <support@northwind.example>",
        cafile=Path("certs/relay.pem"),
    )


def test_the_config_file_then_the_environment_which_wins(tmp_path: Path) -> None:
    config = write(
        tmp_path / "excuses.toml",
        '[lint]\nfail-on = "error"\n\n'
        '[smtp]\nhost = "127.0.0.1"\nport = 2526\nsecurity = "none"\ntimeout = 3\n'
        'username = "file-user"\n',
    )
    from_file = load_smtp_settings(config, environ={})
    assert from_file == SmtpSettings(
        host="127.0.0.1", port=2526, security=Security.NONE, timeout=3.0, username="file-user"
    )
    both = load_smtp_settings(config, environ={"EXCUSES_SMTP_PORT": "2527"})
    assert (both.port, both.username) == (2527, "file-user")


def test_an_empty_variable_does_not_override(tmp_path: Path) -> None:
    config = write(tmp_path / "excuses.toml", '[smtp]\nhost = "127.0.0.1"\n')
    assert load_smtp_settings(config, environ={"EXCUSES_SMTP_HOST": ""}).host == "127.0.0.1"


def test_the_nearest_config_above_the_start_folder_is_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.excuses.smtp]\nhost = "127.0.0.1"\nport = 2600\n')
    deeper = tmp_path / "incidents" / "2026"
    deeper.mkdir(parents=True)
    assert load_smtp_settings(environ={}, start=deeper).port == 2600
    write(tmp_path / "incidents" / "excuses.toml", "[smtp]\nport = 2601\n")
    assert load_smtp_settings(environ={}, start=deeper).port == 2601


def test_a_pyproject_without_an_excuses_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "excuses.toml", "[smtp]\nport = 2602\n")
    inner = tmp_path / "project"
    inner.mkdir()
    write(inner / "pyproject.toml", '[project]\nname = "other"\n')
    assert load_smtp_settings(environ={}, start=inner).port == 2602


def test_the_password_is_never_shown() -> None:
    settings = SmtpSettings(host="127.0.0.1", username="relay-user", password="hunter2")
    assert "hunter2" not in repr(settings)
    assert settings.describe() == "127.0.0.1:587 (starttls) as relay-user"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("127.0.0.1", True), ("127.8.0.1", True), ("::1", True),
     ("[::1]", True), ("192.0.2.10", False), ("smtp.example.com", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PORT", "smtp", "EXCUSES_SMTP_PORT: expected a port number from 1 to 65535, got 'smtp'"),
        ("PORT", "70000", "EXCUSES_SMTP_PORT: expected a port number from 1 to 65535, got '70000'"),
        ("SECURITY", "ssl", "EXCUSES_SMTP_SECURITY: expected starttls, tls or none, got 'ssl'"),
        (
            "TIMEOUT",
            "-1",
            "EXCUSES_SMTP_TIMEOUT: expected a number of seconds greater than 0, got '-1'",
        ),
        (
            "TIMEOUT",
            "nan",
            "EXCUSES_SMTP_TIMEOUT: expected a number of seconds greater than 0, got 'nan'",
        ),
        (
            "FROM",
            "support",
            "EXCUSES_SMTP_FROM: expected an email address like name@example.com, got 'support'",
        ),
        (
            "HOST",
            "smtp example com",
            "EXCUSES_SMTP_HOST: expected a host name or address, got 'smtp example com'",
        ),
        (
            "USERNAME",
            "a\nb",
            "EXCUSES_SMTP_USERNAME: expected a user name on one line, got a line break",
        ),
    ],
)
def test_a_bad_variable_names_itself_and_what_was_expected(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(environ={f"EXCUSES_SMTP_{variable}": value}, start=tmp_path)
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[smtp]\npasswrd = 'x'\n", "[smtp].passwrd: unknown setting; the known ones are "
         "host, port, security, username, password, timeout, from, cafile"),
        ("[smtp]\nport = '25'\n", "[smtp].port: expected a port number from 1 to 65535, got '25'"),
        ("[smtp]\nport = true\n", "[smtp].port: expected a port number from 1 to 65535, got True"),
        ("[smtp]\ntimeout = 0\n",
         "[smtp].timeout: expected a number of seconds greater than 0, got 0"),
        ("[smtp]\nhost = 127\n",
         "[smtp].host: expected a host name or address as a non-empty string, got 127"),
        ("smtp = 'x'\n", "[smtp] must be a table of settings"),
        ("[smtp\nhost = 'x'\n", "not valid TOML: Expected ']' at the end of a table declaration "
         "(at line 1, column 6)"),
    ],
)  # fmt: skip
def test_a_bad_config_file_names_file_key_and_what_was_expected(
    tmp_path: Path, text: str, message: str
) -> None:
    config = write(tmp_path / "excuses.toml", text)
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(config, environ={})
    assert str(caught.value) == f"{config}: {message}"


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    config = write(tmp_path / "pyproject.toml", "[tool.excuses.smtp]\nsecurity = 'ssl'\n")
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(config, environ={})
    assert str(caught.value) == (
        f"{config}: [tool.excuses.smtp].security: expected starttls, tls or none, got 'ssl'"
    )


def test_a_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(tmp_path / "nope.toml", environ={})
    assert str(caught.value) == f"{tmp_path / 'nope.toml'}: no such config file"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_password_in_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    config = write(tmp_path / "excuses.toml", '[smtp]\nusername = "u"\npassword = "hunter2"\n')
    config.chmod(0o644)
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(config, environ={})
    assert str(caught.value) == (
        f"{config}: holds an SMTP password but other users can read it (mode 0644); "
        f"run `chmod 600 {config}`, or move the password to EXCUSES_SMTP_PASSWORD"
    )
    config.chmod(0o600)
    assert load_smtp_settings(config, environ={}).password == "hunter2"


def test_a_readable_file_without_a_password_is_fine(tmp_path: Path) -> None:
    config = write(tmp_path / "excuses.toml", '[smtp]\nhost = "127.0.0.1"\n')
    config.chmod(0o644)
    assert load_smtp_settings(config, environ={}).host == "127.0.0.1"


def test_the_password_is_never_shown_in_an_error(tmp_path: Path) -> None:
    for value in ("424242", "[4, 2, 4, 2]", '"pässwörd"'):
        config = write(tmp_path / "excuses.toml", f"[smtp]\npassword = {value}\n")
        config.chmod(0o600)
        with pytest.raises(SmtpConfigError) as caught:
            load_smtp_settings(config, environ={})
        assert "424242" not in str(caught.value) and "4, 2" not in str(caught.value)
        assert "pässwörd" not in str(caught.value)
        assert str(caught.value).startswith(f"{config}: [smtp].password: ")


def test_credentials_outside_ascii_are_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(environ={"EXCUSES_SMTP_USERNAME": "rené"}, start=tmp_path)
    assert str(caught.value) == (
        "EXCUSES_SMTP_USERNAME: 'rené' holds characters outside ASCII, which SMTP "
        "authentication cannot send; use an ASCII user name and password (an application "
        "password, say)"
    )
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(environ={"EXCUSES_SMTP_PASSWORD": "pässwörd"}, start=tmp_path)
    assert str(caught.value) == (
        "EXCUSES_SMTP_PASSWORD: holds characters outside ASCII, which SMTP authentication "
        "cannot send; use an ASCII user name and password (an application password, say)"
    )


def test_a_missing_or_broken_cafile_is_a_settings_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pem"
    with pytest.raises(SmtpConfigError) as caught:
        load_smtp_settings(environ={"EXCUSES_SMTP_CAFILE": str(missing)}, start=tmp_path)
    assert str(caught.value) == (
        f"EXCUSES_SMTP_CAFILE: {missing}: no such file; expected a PEM bundle"
    )
    assert caught.value.exit_code == 2
    broken = write(tmp_path / "broken.pem", "not a certificate\n")
    with pytest.raises(SmtpConfigError, match="not a usable PEM bundle of certificates"):
        load_smtp_settings(environ={"EXCUSES_SMTP_CAFILE": str(broken)}, start=tmp_path)
