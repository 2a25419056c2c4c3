"""The incident-file loader: every kind of broken file gets one message naming file, path, problem.

Each case writes a real file, breaks it in one way, and checks the three parts of the message
separately, so a message that loses the path or the file name fails here, not in a breach.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.domain.incident import PlaybookStep, Severity, Status
from warroom.incident_file import IncidentFileError, load_incident, parse_incident

Data = dict[str, Any]


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def expect_error(path: Path, json_path: str, *words: str) -> IncidentFileError:
    """Load ``path`` and check the error names the file, the JSON path and the problem."""
    with pytest.raises(IncidentFileError) as caught:
        load_incident(path)
    error = caught.value
    message = str(error)
    assert error.source == str(path)
    assert error.json_path == json_path, message
    assert message.startswith(f"{path}: {json_path}: "), message
    for line in message.splitlines():  # every problem in one run, one line each
        assert line.startswith(f"{path}: $"), message
    for word in words:
        assert word in error.problem, message
    return error


# ------------------------------------------------------------------ the file itself
def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "incident.json"
    path.write_text('{\n  "incident": {\n    "id": "x",\n  }\n}\n', encoding="utf-8")
    error = expect_error(path, "$", "not valid JSON", "line 4", "column 3")
    assert "Expecting property name" in error.problem


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "incident.json"
    path.write_bytes(b'{"incident": "caf\xe9"}')
    expect_error(path, "$", "not UTF-8", "byte 17")


def test_json_nested_too_deeply(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    expect_error(path, "$", "nested too deeply")


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "nowhere.json", "$", "no such file")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    expect_error(tmp_path, "$", "directory")


def test_top_level_list(tmp_path: Path) -> None:
    expect_error(write_json(tmp_path / "list.json", [1, 2]), "$", "expected an object", "a list")


# ------------------------------------------------------------------ one break per case
def _set(path: list[str | int], value: object) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[str | int]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _rename(path: list[str | int], old: str, new: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target: Any = data
        for key in path:
            target = target[key]
        target[new] = target.pop(old)

    return change


def _duplicate_team(data: Data) -> None:
    data["teams"].append(copy.deepcopy(data["teams"][0]))


def _duplicate_item(data: Data) -> None:
    data["checklist"].insert(3, copy.deepcopy(data["checklist"][0]))


def _duplicate_channel_key(data: Data) -> None:
    data["channels"][2]["key"] = data["channels"][0]["key"]


BROKEN: list[tuple[str, Callable[[Data], None], str, tuple[str, ...]]] = [
    (
        "wrong type",
        _set(["facts", "customers_affected"], "many"),
        "$.facts.customers_affected",
        ("expected a whole number", "a string"),
    ),
    (
        "wrong type: list for string",
        _set(["incident", "title"], ["a", "b"]),
        "$.incident.title",
        ("expected a string", "a list"),
    ),
    (
        "wrong type: boolean is not a number",
        _set(["facts", "customers_affected"], True),
        "$.facts.customers_affected",
        ("expected a whole number",),
    ),
    (
        "negative count",
        _set(["facts", "customers_affected"], -3),
        "$.facts.customers_affected",
        ("at least 0",),
    ),
    ("missing field", _delete(["facts", "hotline"]), "$.facts.hotline", ("required", "missing")),
    ("missing section", _delete(["incident"]), "$.incident", ("required", "missing")),
    (
        "null required field",
        _set(["incident", "summary"], None),
        "$.incident.summary",
        ("required",),
    ),
    ("blank field", _set(["incident", "title"], "   "), "$.incident.title", ("must not be empty",)),
    (
        "unknown field (misspelt key)",
        _rename(["facts"], "support_email", "suport_email"),
        "$.facts.suport_email",
        ("not a known field", "spelling"),
    ),
    (
        "misspelt required key",
        _rename(["facts"], "hotline", "hotlne"),
        "$.facts.hotline",
        ("required",),
    ),
    ("unknown top-level section", _set(["checklsit"], []), "$.checklsit", ("not a known field",)),
    (
        "unknown field in a list item",
        _set(["checklist", 2, "owner"], "kim"),
        "$.checklist[2].owner",
        ("not a known field",),
    ),
    (
        "impossible date",
        _set(["incident", "detected_at"], "2026-02-30T10:00:00Z"),
        "$.incident.detected_at",
        ("2026-02-30", "not a valid date-time"),
    ),
    (
        "date that is not a date",
        _set(["facts", "discovered_at"], "last tuesday"),
        "$.facts.discovered_at",
        ("not a valid date-time",),
    ),
    (
        "discovered after detected",
        _set(["facts", "discovered_at"], "2026-11-27T00:00:00Z"),
        "$.facts.discovered_at",
        ("later than $.incident.detected_at",),
    ),
    (
        "bad enum",
        _set(["incident", "severity"], "apocalyptic"),
        "$.incident.severity",
        ("'apocalyptic'", "low, medium, high, critical"),
    ),
    (
        "bad playbook step",
        _set(["checklist", 0, "step"], "panic"),
        "$.checklist[0].step",
        ("tell, prepare, monitor, learn",),
    ),
    (
        "duplicate team ids",
        _duplicate_team,
        "$.teams[4]",
        ("duplicate team id", "'customer-service'"),
    ),
    (
        "duplicate checklist ids",
        _duplicate_item,
        "$.checklist[3]",
        ("duplicate checklist item id", "'notice-what-to-do'"),
    ),
    (
        "duplicate channel keys",
        _duplicate_channel_key,
        "$.channels[2]",
        ("duplicate channel key", "'1'"),
    ),
    (
        "channel key is a letter",
        _set(["channels", 0, "key"], "p"),
        "$.channels[0].key",
        ("'p'", "letters are taken"),
    ),
    (
        "channel key of two characters",
        _set(["channels", 0, "key"], "12"),
        "$.channels[0].key",
        ("one printable character",),
    ),
    (
        "checklist item names an unknown team",
        _set(["checklist", 12, "team"], "legal"),
        "$.checklist[12].team",
        ("'legal'", "not one of the teams"),
    ),
    ("empty checklist", _set(["checklist"], []), "$.checklist", ("at least one item",)),
    ("no channels", _set(["channels"], []), "$.channels", ("at least one inquiry channel",)),
    ("bad id", _set(["incident", "id"], "Northwind Breach!"), "$.incident.id", ("lowercase",)),
    (
        "bad duration",
        _set(["checklist", 1, "due"], "soon"),
        "$.checklist[1].due",
        ("90m", "'soon'"),
    ),
    ("negative duration", _set(["checklist", 1, "due"], -5), "$.checklist[1].due", ("negative",)),
    (
        "absurd duration",
        _set(["checklist", 1, "due"], "99999999999d"),
        "$.checklist[1].due",
        ("at most 3660d",),
    ),
    (
        "absurd duration in minutes",
        _set(["checklist", 1, "due"], 10**12),
        "$.checklist[1].due",
        ("at most 3660d",),
    ),
    (
        "faq url not http",
        _set(["facts", "faq_url"], "www.example.com/faq"),
        "$.facts.faq_url",
        ("http(s) URL",),
    ),
    (
        "sender not an address",
        _set(["facts", "sender_address"], "security team"),
        "$.facts.sender_address",
        ("not an e-mail address",),
    ),
    (
        "no data affected",
        _set(["facts", "data_affected"], []),
        "$.facts.data_affected",
        ("at least one",),
    ),
    (
        "empty string in a list",
        _set(["keywords"], ["breach", ""]),
        "$.keywords[1]",
        ("non-empty string",),
    ),
    (
        "feed polled too often",
        _set(["feeds", 0, "poll_seconds"], 1),
        "$.feeds[0].poll_seconds",
        ("at least 10",),
    ),
    (
        "feed url not http",
        _set(["feeds", 1, "url"], "ftp://example.com/feed"),
        "$.feeds[1].url",
        ("http:// or https://",),
    ),
    ("newer format", _set(["format"], 2), "$.format", ("newer than this warroom",)),
    (
        "section of the wrong type",
        _set(["teams"], {"id": "x"}),
        "$.teams",
        ("expected a list", "an object"),
    ),
    (
        "list item of the wrong type",
        _set(["channels", 1], "email"),
        "$.channels[1]",
        ("expected an object", "a string"),
    ),
]


@pytest.mark.parametrize(
    ("change", "json_path", "words"),
    [pytest.param(change, json_path, words, id=name) for name, change, json_path, words in BROKEN],
)
def test_broken_file_names_file_path_and_problem(
    tmp_path: Path,
    sample_data: Data,
    change: Callable[[Data], None],
    json_path: str,
    words: tuple[str, ...],
) -> None:
    change(sample_data)
    path = write_json(tmp_path / "broken incident.json", sample_data)
    expect_error(path, json_path, *words)


# ------------------------------------------------------------------ what a good file gives
def test_sample_loads(sample_path: Path) -> None:
    incident = load_incident(sample_path)
    assert incident.id == "nw-2026-11-credential-breach"
    assert incident.severity is Severity.CRITICAL
    assert incident.status is Status.NOTIFYING
    assert incident.detected_at.utcoffset() == timedelta(0)
    assert incident.facts.customers_affected == 48200
    assert "555" in incident.facts.hotline
    assert incident.facts.faq_url.startswith("https://www.example.com/")
    assert incident.facts.sender_address.endswith("@example.com")
    assert {step for step in PlaybookStep} == {item.step for item in incident.checklist}
    assert incident.channels and incident.feeds and incident.keywords


def test_durations_in_every_form(sample_data: Data) -> None:
    for index, due in enumerate(["90m", "4h", "2d", 45, 0, " 3h "]):
        sample_data["checklist"][index]["due"] = due
    del sample_data["checklist"][6]["due"]
    incident = parse_incident("test", sample_data)
    dues = [item.due for item in incident.checklist[:7]]
    assert dues == [
        timedelta(minutes=90),
        timedelta(hours=4),
        timedelta(days=2),
        timedelta(minutes=45),
        timedelta(0),
        timedelta(hours=3),
        None,
    ]


def test_date_without_zone_is_utc(sample_data: Data) -> None:
    sample_data["incident"]["detected_at"] = "2026-11-26T22:40:00"
    incident = parse_incident("test", sample_data)
    assert incident.detected_at.utcoffset() == timedelta(0)
    assert incident.detected_at.hour == 22


def test_optional_null_is_absent(sample_data: Data) -> None:
    sample_data["facts"]["customers_affected"] = None
    sample_data["teams"][0]["lead"] = None
    sample_data["feeds"] = None
    incident = parse_incident("test", sample_data)
    assert incident.facts.customers_affected is None
    assert incident.teams[0].lead == ""
    assert incident.feeds == ()


# ------------------------------------------------------------------ the playbook of PRODUCT.md
PLAYBOOK: list[tuple[str, PlaybookStep, tuple[str, ...]]] = [
    ("notice-what-to-do", PlaybookStep.TELL, ("what customers must do", "protect")),
    ("notice-what-happened", PlaybookStep.TELL, ("what happened", "information")),
    ("notice-security-improvements", PlaybookStep.TELL, ("security will be improved",)),
    ("faq-published", PlaybookStep.TELL, ("faq",)),
    ("social-posts", PlaybookStep.TELL, ("social",)),
    ("homepage-banner", PlaybookStep.TELL, ("homepage banner",)),
    ("notice-hotline", PlaybookStep.TELL, ("hotline", "e-mail")),
    ("qa-per-team", PlaybookStep.PREPARE, ("each team", "q&a")),
    ("empathy-coaching", PlaybookStep.PREPARE, ("empathy",)),
    ("monitoring-set-up", PlaybookStep.MONITOR, ("alerts", "set up")),
    ("triage-rota", PlaybookStep.MONITOR, ("ignored", "monitored", "answered")),
    ("review-written", PlaybookStep.LEARN, ("what went right", "where to improve", "next time")),
]


@pytest.mark.parametrize(("item_id", "step", "words"), PLAYBOOK, ids=[p[0] for p in PLAYBOOK])
def test_sample_carries_playbook_item(
    sample_path: Path, item_id: str, step: PlaybookStep, words: tuple[str, ...]
) -> None:
    incident = load_incident(sample_path)
    item = incident.item(item_id)
    assert item is not None, f"the sample has no checklist item {item_id!r}"
    assert item.step is step
    assert item.due is not None, "every playbook item has a due time"
    for word in words:
        assert word in item.title.lower(), item.title


def test_sample_briefs_every_team_and_gives_each_its_own_qa(sample_path: Path) -> None:
    incident = load_incident(sample_path)
    names = {team.name.lower() for team in incident.teams}
    # The customer-facing teams PRODUCT.md names.
    for wanted in ("customer service", "social media", "sales", "switchboard"):
        assert any(wanted in name for name in names), wanted
    for team in incident.teams:
        briefings = [
            item
            for item in incident.checklist
            if item.team == team.id
            and item.step is PlaybookStep.PREPARE
            and "briefed" in item.title.lower()
        ]
        assert len(briefings) == 1, f"team {team.id} needs exactly one briefing item"
        assert team.qa, f"team {team.id} has no Q&A"
    questions = [frozenset(qa.question for qa in team.qa) for team in incident.teams]
    assert len(set(questions)) == len(questions), "each team's Q&A differs"


def test_sample_mentions_the_post_incident_review_meeting(sample_path: Path) -> None:
    incident = load_incident(sample_path)
    learn = [item for item in incident.checklist if item.step is PlaybookStep.LEARN]
    assert any("review" in item.title.lower() and "meeting" in item.title.lower() for item in learn)


def test_sample_uses_only_fictional_contacts(sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    incident = load_incident(sample_path)
    assert "-555-" in incident.facts.hotline
    for address in (incident.facts.sender_address, incident.facts.support_email):
        assert address.endswith("example.com")
    addresses = re.findall(r"[\w.+-]+@[\w.-]+", text)
    assert addresses
    assert all(address.endswith("@example.com") for address in addresses), addresses
    urls = re.findall(r"https?://([^/\"]+)", text)
    assert all(host.endswith("example.com") or host == "www.google.com" for host in urls), urls
