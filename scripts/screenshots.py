"""Screenshots of every stage's HTML at 390 px and 1000 px wide, in light and dark mode.

    python scripts/screenshots.py [RECORD ...] [--out FOLDER]

Drafts each stage of each record (by default the four examples) at the
moment its history sends it, writes the HTML, and has headless Chromium
(Debian's ``chromium``; ``apt-get install -y chromium``) photograph it four
ways: ``<record>.<stage>.<width>.<light|dark>.png``. Dark mode is Chromium's
``prefers-color-scheme: dark``, as a mail client in dark mode reports it.
Prints each file it writes. A tool for looking at the drafts, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from excuses import Stage, draft, load_record
from excuses.stages import sending_moment

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = (390, 1000)
HEIGHT = 2400

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("screenshots: no chromium found; install it with apt-get install -y chromium")


def shoot(html: Path, png: Path, width: int, dark: bool) -> None:
    """One screenshot of ``html`` at ``width`` pixels, light or dark."""
    with tempfile.TemporaryDirectory() as profile:
        command = [
            _browser(),
            *_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{HEIGHT}",
            f"--screenshot={png}",
        ]
        if dark:
            command.append("--blink-settings=preferredColorScheme=0")
            command.append("--force-dark-mode")
        command.append(html.as_uri())
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    args = parser.parse_args(argv)
    records = args.records or sorted((ROOT / "examples").glob("*.yaml"))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in records:
        record = load_record(path)
        for stage in Stage:
            moment = sending_moment(record, stage) or record.incident.reported_at
            item = draft(record, stage, now=moment + timedelta(minutes=5))
            html = args.out / f"{path.stem}.{stage.value}.html"
            html.write_text(item.html, encoding="utf-8")
            for width in WIDTHS:
                for dark in (False, True):
                    mode = "dark" if dark else "light"
                    png = args.out / f"{path.stem}.{stage.value}.{width}.{mode}.png"
                    shoot(html, png, width, dark)
                    print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
