"""The project configuration the commands share: ``--config`` / ``--no-config`` and the team policy.

``excuses draft``, ``plan`` and ``send`` read the same file ``excuses lint``
reads (``excuses.toml``, or ``[tool.excuses]`` in ``pyproject.toml``), found
upward from the incident's folder, so a team's ``[policy]`` gives the same
deadlines whichever command states them.
"""

from __future__ import annotations

from pathlib import Path

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..lint._config import Config
    from ..policy import Policy

CONFIG_HELP = (
    "an excuses.toml or pyproject.toml to read settings from "
    "(default: the nearest one above INCIDENT)"
)
NO_CONFIG_HELP = "ignore excuses.toml and pyproject.toml"


def add_config_options(
    parser: argparse.ArgumentParser,
    *,
    config_help: str = CONFIG_HELP,
    no_config_help: str = NO_CONFIG_HELP,
) -> None:
    """``--config PATH`` and ``--no-config``, which exclude each other, as ``excuses lint`` has."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--config", metavar="PATH", help=config_help)
    group.add_argument("--no-config", action="store_true", help=no_config_help)


def project_config(args: argparse.Namespace, start: Path) -> Config:
    """The configuration the options name, else the nearest one above ``start``; else defaults."""
    from ..errors import ExcusesError
    from ..lint._config import Config, load_config, read_config

    if args.no_config:
        return Config()
    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise ExcusesError(f"--config {args.config}: no such file")
        return read_config(path)
    return load_config(start)


def team_policy(config: Config) -> Policy | None:
    """The ``[policy]`` table of ``config`` as a :class:`~excuses.policy.Policy`; ``None`` if empty.

    A bad setting raises :class:`~excuses.errors.RulesError` naming the file
    and the key, one line each.
    """
    if config.path is None or not config.policy:
        return None
    from ..policy import Policy

    pyproject = config.path.name == "pyproject.toml"
    table = "tool.excuses.policy" if pyproject else "policy"
    return Policy.from_mapping(config.policy, source=str(config.path), table=table)
