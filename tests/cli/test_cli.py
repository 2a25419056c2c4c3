"""The command line through a real subprocess: exit codes, stderr, and what lands on disk.

Each run is ``python -m warroom ...`` in its own folder, with the user's config and
environment hidden (see tests/conftest.py), exactly as a script on the jump host would run it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import warroom
from warroom.domain.clock import format_elapsed
from warroom.domain.item_deadlines import clock_deadlines
from warroom.domain.mentions import Mention, Triage
from warroom.store.regulatory import room_clocks
from warroom.store.repository import WarRoomRepository

Data = dict[str, Any]
INCIDENT_ID = "nw-2026-11-credential-breach"


def run(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run warroom in ``cwd`` with the (already isolated) environment plus ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "warroom", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit code 2, nothing on stdout, one line on stderr holding ``words``, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def initialised(tmp_path: Path, sample_path: Path) -> Path:
    """A folder holding ./warroom.json with the sample imported through the CLI."""
    result = run(tmp_path, "init", str(sample_path), "--operator", "ana")
    assert result.returncode == 0, result.stderr
    return tmp_path / "warroom.json"


# ------------------------------------------------------------------ basics
def test_help(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("demo", "init", "open", "status"):
        assert command in result.stdout
    assert list(tmp_path.iterdir()) == [], "--help writes nothing"


def test_version(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"warroom {warroom.__version__}"


def test_no_command_prints_help_and_fails(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.returncode == 2
    assert "usage: warroom" in result.stdout


# ------------------------------------------------------------------ init and status
def test_init_then_status(initialised: Path, tmp_path: Path) -> None:
    assert initialised.exists()
    result = run(tmp_path, "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Northwind Outfitters customer account breach [critical, notifying]"
    assert "since detection" in lines[1]
    assert any(line.startswith("checklist: 0/") for line in lines)
    assert any(line.startswith("inquiries: phone 0, email 0") for line in lines)
    assert any(line.startswith("mentions: new 0") for line in lines)
    assert "timeline: 1 events" in lines


def test_init_twice_with_an_unchanged_file_changes_nothing(
    initialised: Path, tmp_path: Path, sample_path: Path
) -> None:
    before = sha256(initialised)
    result = run(tmp_path, "init", str(sample_path), "--operator", "kim")
    assert result.returncode == 0, result.stderr
    assert "already up to date" in result.stdout
    assert sha256(initialised) == before


def test_init_of_a_changed_file_keeps_operator_data(
    initialised: Path, tmp_path: Path, sample_data: Data
) -> None:
    repo = WarRoomRepository.open(initialised)
    now = datetime.now(UTC)
    try:
        repo.set_tick("faq-published", True, "ana", now)
        repo.count_inquiry("phone", "ana", now, count=2)
    finally:
        repo.close()
    sample_data["facts"]["hotline"] = "1-800-555-0199"
    changed = tmp_path / "v2.json"
    changed.write_text(json.dumps(sample_data), encoding="utf-8")
    result = run(tmp_path, "init", str(changed), "--operator", "lead")
    assert result.returncode == 0, result.stderr
    assert "facts changed: hotline" in result.stdout
    status = json.loads(run(tmp_path, "status", "--json").stdout)
    assert status["checklist"]["done"] == 1
    assert status["inquiries"]["phone"]["total"] == 2
    assert status["timeline_events"] == 4  # import, tick, count, update


def test_status_json(initialised: Path, tmp_path: Path) -> None:
    repo = WarRoomRepository.open(initialised)
    now = datetime.now(UTC)
    try:
        detected = repo.incident().detected_at
        repo.set_tick("notice-what-to-do", True, "ana", now)
        repo.set_tick("faq-published", True, "kim", now)
        repo.count_inquiry("phone", "ana", now, count=3)
        repo.count_inquiry("social", "kim", now)
        repo.add_new_mentions(
            Mention(f"m-{n}", "alerts-northwind", f"post {n}", f"https://example.com/{n}", now, now)
            for n in range(4)
        )
        repo.set_triage("m-0", "ana", now, state=Triage.RESPOND)
        repo.set_triage("m-1", "ana", now, state=Triage.IGNORE)
        checklist = repo.incident().checklist
        room = repo.snapshot()
    finally:
        repo.close()

    before = datetime.now(UTC)
    # Items a clock closes are due when their clock says (one truth for deadlines).
    by_clock = clock_deadlines(room_clocks(room, {}, before))
    result = run(tmp_path, "status", "--json")
    after = datetime.now(UTC)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)

    assert status["incident"] == INCIDENT_ID
    assert status["detected_at"] == detected.isoformat()
    low = int((before - detected).total_seconds())
    high = int((after - detected).total_seconds())
    assert low <= status["elapsed_seconds"] <= high
    assert status["elapsed"] == format_elapsed(timedelta(seconds=status["elapsed_seconds"]))
    assert status["checklist"]["done"] == 2
    assert status["checklist"]["total"] == len(checklist)
    overdue = set(status["checklist"]["overdue"])
    assert not overdue & {"notice-what-to-do", "faq-published"}, "ticked items are never overdue"
    for item in checklist:
        clock = by_clock.get(item.id)
        due = clock.due_at if clock is not None else item.due_at(detected)
        if item.id in {"notice-what-to-do", "faq-published"} or due is None:
            assert item.id not in overdue
        elif due < before:
            assert item.id in overdue, item.id
        elif due > after:
            assert item.id not in overdue, item.id
    assert {k: v["total"] for k, v in status["inquiries"].items()} == {
        "phone": 3,
        "email": 0,
        "social": 1,
        "sales": 0,
        "service": 0,
        "press": 0,
    }
    assert status["mentions"] == {
        "new": 2,
        "ignore": 1,
        "monitor": 0,
        "respond": 1,
        "responded": 0,
        "respond_first": 0,
        "total": 4,
    }
    # Every clock of the sample's regimes, each with its citation and how far to trust it.
    clocks = {c["id"]: c for c in status["clocks"]}
    assert clocks["sec-8k"]["citation"].startswith("Form 8-K")
    assert clocks["gdpr-authority"]["due_at"] == "2026-11-29T22:40:00+00:00"
    assert clocks["br-lgpd-anpd"]["state"] == "not-applicable"
    assert all(c["citation"] and "last_verified" in c for c in status["clocks"])
    assert "not legal advice" in status["legal_notice"]
    assert status["timeline_events"] == 1 + 2 + 2 + 2


# ------------------------------------------------------------------ broken incident files
def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _broken(tmp_path: Path, sample: Data, case: str) -> tuple[Path, str, str]:
    """Write the broken file for ``case``; return it, the JSON path and a word of the problem."""
    data = copy.deepcopy(sample)
    if case == "bad json":
        path = tmp_path / "bad.json"
        path.write_text('{"incident": {"id": "x",}}', encoding="utf-8")
        return path, "$", "line 1 column 25"
    if case == "not utf-8":
        path = tmp_path / "latin1.json"
        path.write_bytes('{"incident": "café"}'.encode("latin-1"))
        return path, "$", "not UTF-8"
    if case == "wrong type":
        data["facts"]["customers_affected"] = "many"
        return _write(tmp_path, "type.json", data), "$.facts.customers_affected", "whole number"
    if case == "missing field":
        del data["incident"]["detected_at"]
        return _write(tmp_path, "missing.json", data), "$.incident.detected_at", "missing"
    if case == "unknown field":
        data["incident"]["severty"] = "high"
        return _write(tmp_path, "unknown.json", data), "$.incident.severty", "not a known field"
    if case == "impossible date":
        data["incident"]["detected_at"] = "2026-02-30T10:00:00Z"
        return _write(tmp_path, "date.json", data), "$.incident.detected_at", "2026-02-30"
    if case == "bad enum":
        data["incident"]["severity"] = "apocalyptic"
        return _write(tmp_path, "enum.json", data), "$.incident.severity", "apocalyptic"
    if case == "unknown team":
        data["checklist"][0]["team"] = "legal"
        return _write(tmp_path, "team.json", data), "$.checklist[0].team", "legal"
    if case == "empty checklist":
        data["checklist"] = []
        return _write(tmp_path, "empty.json", data), "$.checklist", "at least one item"
    if case == "nested too deeply":
        path = tmp_path / "deep.json"
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        return path, "$", "nested too deeply"
    if case == "no such file":
        return tmp_path / "absent.json", "$", "no such file"
    raise AssertionError(case)


BROKEN_CASES = [
    "bad json",
    "not utf-8",
    "wrong type",
    "missing field",
    "unknown field",
    "impossible date",
    "bad enum",
    "unknown team",
    "empty checklist",
    "nested too deeply",
    "no such file",
]


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_init_of_a_broken_file_fails_cleanly_and_creates_nothing(
    tmp_path: Path, sample_data: Data, case: str
) -> None:
    path, json_path, problem = _broken(tmp_path, sample_data, case)
    result = run(tmp_path, "init", str(path))
    line = assert_one_line_error(result, str(path), json_path, problem)
    assert line.startswith(f"warroom: {path}: {json_path}: ")
    assert result.stdout == ""
    assert not (tmp_path / "warroom.json").exists()
    assert not any(p.name.startswith("warroom.") for p in tmp_path.iterdir())


@pytest.mark.parametrize("case", ["wrong type", "unknown field", "impossible date"])
def test_init_of_a_broken_file_leaves_the_database_untouched(
    initialised: Path, tmp_path: Path, sample_data: Data, case: str
) -> None:
    before = sha256(initialised)
    path, json_path, problem = _broken(tmp_path, sample_data, case)
    result = run(tmp_path, "init", str(path))
    assert_one_line_error(result, str(path), json_path, problem)
    assert sha256(initialised) == before


def test_init_of_another_incident_is_refused(
    initialised: Path, tmp_path: Path, sample_data: Data
) -> None:
    before = sha256(initialised)
    sample_data["incident"]["id"] = "another-incident"
    result = run(tmp_path, "init", str(_write(tmp_path, "other.json", sample_data)))
    assert_one_line_error(result, "another-incident", "--db")
    assert sha256(initialised) == before


# ------------------------------------------------------------------ opening databases
def test_open_on_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    result = run(tmp_path, "open", "--db", "missing.json")
    assert_one_line_error(result, "missing.json", "warroom init", "--db missing.json")
    assert not (tmp_path / "missing.json").exists()


def test_status_on_a_missing_database(tmp_path: Path) -> None:
    result = run(tmp_path, "status")
    assert_one_line_error(result, "warroom.json", "warroom init")
    assert not (tmp_path / "warroom.json").exists()


@pytest.mark.parametrize(
    "content",
    [
        b'{"meta": {"1": {"app": "warroom", "kind": "main", "sch',
        b"\x89PNG\r\n\x1a\n",
        b'{"_default": {}}',
    ],
    ids=["truncated", "binary", "someone else's tinydb"],
)
def test_open_on_a_damaged_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "warroom.json"
    db.write_bytes(content)
    before = sha256(db)
    for command in ("open", "status"):
        result = run(tmp_path, command, "--db", str(db))
        assert_one_line_error(result, str(db))
        assert sha256(db) == before


def test_init_into_a_damaged_database_is_refused_untouched(
    tmp_path: Path, sample_path: Path
) -> None:
    db = tmp_path / "warroom.json"
    db.write_bytes(b"[1, 2, 3]")
    result = run(tmp_path, "init", str(sample_path))
    assert_one_line_error(result, str(db.name), "left untouched")
    assert db.read_bytes() == b"[1, 2, 3]"


# ------------------------------------------------------------------ choosing the database
def test_warroom_db_is_honoured(tmp_path: Path, sample_path: Path) -> None:
    env = {"WARROOM_DB": str(tmp_path / "from-env.json")}
    result = run(tmp_path, "init", str(sample_path), env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-env.json").exists()
    assert not (tmp_path / "warroom.json").exists()
    status = run(tmp_path, "status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["incident"] == INCIDENT_ID


def test_db_flag_beats_warroom_db(tmp_path: Path, sample_path: Path) -> None:
    env = {"WARROOM_DB": str(tmp_path / "from-env.json")}
    result = run(tmp_path, "init", str(sample_path), "--db", "from-flag.json", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-flag.json").exists()
    assert not (tmp_path / "from-env.json").exists()
    # The env file does not exist, so status only works if --db wins.
    status = run(tmp_path, "status", "--db", "from-flag.json", env=env)
    assert status.returncode == 0, status.stderr
    missing = run(tmp_path, "status", env=env)
    assert_one_line_error(missing, "from-env.json")


def test_operator_is_recorded(tmp_path: Path, sample_path: Path) -> None:
    result = run(tmp_path, "init", str(sample_path), env={"WARROOM_OPERATOR": "zoe"})
    assert result.returncode == 0, result.stderr
    repo = WarRoomRepository.open(tmp_path / "warroom.json")
    try:
        (entry,) = repo.snapshot().timeline
    finally:
        repo.close()
    assert entry.operator == "zoe"
    assert abs((datetime.now(UTC) - entry.recorded_at).total_seconds()) < 600


def test_a_broken_config_file_is_one_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"operator": "ana", "colour": "red"}', encoding="utf-8")
    result = run(tmp_path, "status", env={"WARROOM_CONFIG": str(config)})
    assert_one_line_error(result, str(config), "colour")
