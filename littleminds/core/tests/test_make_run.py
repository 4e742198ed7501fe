"""`make run` starts the demonstration; the commands it runs are replaced by a fake that
writes down what it was given, so nothing is installed, migrated or served."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MAKE = shutil.which("make") or "/usr/bin/make"


def _make_run(tmp_path: Path, *args: str) -> list[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / ".installed").touch()
    fake = bin_dir / "littleminds"
    fake.write_text(f'#!/bin/sh\necho "$1 $LITTLEMINDS_SITE_URL" >> {tmp_path / "calls"}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    static = tmp_path / "static"
    static.mkdir()
    (static / ".built").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LITTLEMINDS_", "MAKE"))}
    subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [
            MAKE,
            "--no-print-directory",
            "-C",
            str(ROOT),
            "run",
            f"BIN={bin_dir}",
            f"STATIC_NHSUK={static}",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # a bound for a hung make, not a speed test
        check=True,
    )
    return (tmp_path / "calls").read_text().splitlines()


def test_it_gives_links_in_e_mails_the_port_the_demonstration_is_served_on(
    tmp_path: Path,
) -> None:
    calls = _make_run(tmp_path, "PORT=8801")

    assert "runserver http://127.0.0.1:8801" in calls
    assert "demo-data http://127.0.0.1:8801" in calls


def test_it_keeps_a_site_address_given_to_it(tmp_path: Path) -> None:
    calls = _make_run(tmp_path, "PORT=8801", "LITTLEMINDS_SITE_URL=https://demo.example.org")

    assert "runserver https://demo.example.org" in calls
