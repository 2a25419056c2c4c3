"""The rest of the screens in a real pty: forms, versions, facts, clocks, ledger, holding.

``test_tui_outside_text.py`` covers the dashboard and the screens a key opens; this opens the
dialogs and screens behind them on a room where the payload sits in every place they show:
the incident file (stakeholders, holding statements, regimes, facts), the database (an ignore
rule, a feed added by hand, two draft versions, a clock trigger's reason, a review answer, a
channel update) and the feeds. Each step waits for a word the screen paints, and the raw bytes
of the whole session must hold none of the payload.
"""

from __future__ import annotations

import copy
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.boundary.conftest import HOSTILE, hostile_incident, leaks
from tests.boundary.test_tui_outside_text import Terminal, _warroom
from warroom.store import records
from warroom.store.repository import WarRoomRepository

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
AT = records.iso(NOW)


DASHBOARD = b"Messages"
"""A word of the dashboard's footer.

Back from a dialog, the word waited for is in the footer of the screen behind it: a repaint
while the dialog is still up shows that screen's content around the dialog, but the bottom
line is the dialog's own footer, so a footer word means the dialog is gone."""
LEDGER = b"Revise counts"
"""A word of the ledger's footer."""


def _room_data(sample: dict[str, Any]) -> dict[str, Any]:
    data = hostile_incident(sample)
    for number, stakeholder in enumerate(data["stakeholders"]):  # whichever row is highlighted
        stakeholder["name"] = f"Stake {number} {HOSTILE}"
        stakeholder["note"] = HOSTILE
    statement = data["holding_statements"]["statements"][0]
    statement["title"] = "Hold " + HOSTILE
    statement["body"] = [HOSTILE, *statement["body"]]
    data["regulatory"]["regimes"]["gdpr"]["why"] = HOSTILE
    data["regulatory"]["triggers"]["became_aware"]["why"] = HOSTILE
    return data


@pytest.fixture
def room(tmp_path: Path, sample_data: dict[str, Any]) -> Path:
    """A database with the payload in the incident and in the tables the screens read."""
    db = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    try:
        repo.import_incident(_room_data(copy.deepcopy(sample_data)), "ana", NOW, source="x")
        with repo.transaction():
            repo.table("ignore_rules").insert({"pattern": HOSTILE, "operator": "ana", "at": AT})
            repo.table("added_feeds").insert(
                {"id": "ui-hostile", "name": HOSTILE, "url": "http://127.0.0.1:9/h.xml",
                 "poll_seconds": 300, "operator": HOSTILE, "at": AT}
            )  # fmt: skip
            for number in (1, 2):
                repo.table("draft_versions").insert(
                    {"kind": "notice", "key": "", "number": number, "source": HOSTILE * number,
                     "text": HOSTILE * number, "operator": HOSTILE, "at": AT, "facts_used": {}}
                )  # fmt: skip
            repo.table("review_answers").insert(
                {"question_id": "what_happened", "text": HOSTILE, "operator": "ana", "at": AT}
            )
            repo.table("channel_updates").insert(
                {"channel": "social", "at": AT, "operator": HOSTILE, "what": HOSTILE}
            )
    finally:
        repo.close()
    json.loads(db.read_text("utf-8"))  # a valid file, as warroom wrote it
    return db


def _session(db: Path, cwd: Path, steps: list[tuple[str, bytes]]) -> Terminal:
    """Open the dashboard, press each key and wait for its word; quit; return the session."""
    term = Terminal(_warroom(db, "--operator", "ana"), cwd)
    try:
        term.wait_for(lambda: b"Breach" in term.output and b"Timeline" in term.output)
        for number, (key, shows) in enumerate(steps):
            # Back from a dialog only its region is repainted: ask for the whole screen.
            term.press(key, shows, repaint=key == "escape", step=number)
    finally:
        code = term.finish()
    assert code == 0, bytes(term.output[-3000:])
    return term


def _clean(term: Terminal) -> None:
    assert leaks(bytes(term.output)) == []
    assert b"Traceback" not in term.output and b"MarkupError" not in term.output


def test_ignore_rules_and_feed_forms_write_no_payload(room: Path, tmp_path: Path) -> None:
    term = _session(
        room,
        tmp_path,
        [
            ("I", b"Ignore rule"),  # its hint lists the rules, the hostile one among them
            ("escape", DASHBOARD),
            ("F", b"Add feed"),  # the added feed's hostile name; its own keys in the footer
            ("a", b"Monitor another feed"),
            ("escape", DASHBOARD),
        ],
    )
    _clean(term)


def test_facts_versions_and_holding_statements_write_no_payload(room: Path, tmp_path: Path) -> None:
    term = _session(
        room,
        tmp_path,
        [
            ("s", b"Facts"),
            ("\r", b"Fact:"),  # the edit form, filled with the hostile value
            ("escape", b"Edit"),  # the facts screen's footer
            ("escape", DASHBOARD),
            ("d", b"Drafts"),
            ("v", b"version(s), newest first"),
            (" ", b"Diff"),  # mark the newest, then compare with the next
            ("\r", b"Diff v"),
            ("t", b"Diff v"),
            ("escape", b"Drafts"),
            ("h", b"Holding statements"),
            ("escape", b"Drafts"),
            ("escape", DASHBOARD),
        ],
    )
    _clean(term)


def test_clock_board_and_ledger_write_no_payload(room: Path, tmp_path: Path) -> None:
    term = _session(
        room,
        tmp_path,
        [
            ("C", b"Regulatory clocks"),
            ("t", b"When was it"),
            ("escape", b"Trigger now"),  # the clock board's footer
            ("n", b"Clock board"),  # trigger now: the toast that says what it set
            ("escape", DASHBOARD),
            ("L", b"Who has been told"),
            *[("down", b"")] * 4,  # past the promise and count rows, onto an audience
            ("e", b"Details: Stake"),  # the hostile stakeholder's name in the title
            ("escape", LEDGER),
            ("a", b"Add an audience"),
            ("escape", LEDGER),
            ("p", b"Revise the affected population"),
            ("escape", LEDGER),
            ("u", b"Promise the next update"),
            ("escape", LEDGER),
            ("escape", DASHBOARD),
        ],
    )
    _clean(term)
