"""Every CLI command, run as a real process on hostile input, prints no escape or control.

The incident file and the database hold OSC 52/OSC 8 sequences, a clear-screen CSI, C1 controls,
NUL/DEL, a right-to-left override and Textual markup (tests/boundary/conftest.py). Before, the
title reached stdout raw through ``init`` and ``status``.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from tests.boundary.conftest import leaks, run_warroom

COMMANDS_ON_DB = [
    ("status",),
    ("status", "--json"),
    ("poll", "--once", "--parse", "inline"),
    ("export", "notice", "--format", "md", "--out", "out-md", "--override", "gate: test"),
    ("export", "notice", "--format", "html", "--out", "out-html", "--override", "gate: test"),
    ("export", "notice", "--format", "eml", "--out", "out-eml", "--override", "gate: test"),
    ("export", "faq", "--format", "md", "--out", "out-faq", "--override", "gate: test"),
    ("export", "briefings", "--format", "txt", "--out", "out-brief"),
    ("export", "review", "--format", "md", "--out", "out-review"),
    ("export", "review", "--format", "html", "--out", "out-review-html"),
]


def test_init_and_check_print_no_escape(hostile_file: Path, tmp_path: Path) -> None:
    for args in (("init", str(hostile_file), "--db", "fresh.json"), ("check", str(hostile_file))):
        result = run_warroom(tmp_path, *args)
        assert "Traceback" not in result.stderr.decode(), result.stderr
        assert b"\x1b" not in result.stdout + result.stderr, args
        assert leaks(result.stdout + result.stderr) == [], args
    assert b"Breach" in run_warroom(tmp_path, "status", "--db", "fresh.json").stdout


@pytest.mark.parametrize("args", COMMANDS_ON_DB, ids=lambda a: " ".join(a[:3]))
def test_commands_on_a_hostile_database_print_no_escape(
    hostile_db: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_warroom(tmp_path, *args, "--db", str(hostile_db))
    out = result.stdout + result.stderr
    assert "Traceback" not in out.decode(errors="replace"), out
    assert result.returncode in (0, 1, 2), out
    assert b"\x1b" not in out and leaks(out) == [], out
    if "--out" in args:
        folder = tmp_path / args[args.index("--out") + 1]
        files = sorted(folder.iterdir())
        assert files, out
        for written in files:
            assert leaks(written.read_bytes()) == [], written
            assert b"\x1b" not in written.read_bytes(), written


def test_eml_headers_are_clean(hostile_db: Path, tmp_path: Path) -> None:
    args = ("export", "notice", "--format", "eml", "--out", "o", "--db", str(hostile_db))
    args += ("--override", "the gate is not what this test is about")
    assert run_warroom(tmp_path, *args).returncode == 0
    message = email.message_from_bytes(
        (tmp_path / "o" / "notice.eml").read_bytes(), policy=email.policy.default
    )
    for name, value in message.items():
        assert leaks(str(value).encode()) == [], name
        assert "\x1b" not in str(value), name
