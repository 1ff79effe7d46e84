"""``excuses schema``: print the JSON Schema of incident records."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of incident records",
        description=(
            "Print the JSON Schema (draft 2020-12) of incident records, for editors "
            "that complete and validate incident files."
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..schema import record_schema

    print(json.dumps(record_schema(), indent=2, ensure_ascii=False))
    return 0
