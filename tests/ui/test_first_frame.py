"""What ``warroom open`` does before its first frame, checked in a fresh process: the code and
stylesheets only other screens, exports, drafting or polling need are not loaded yet (they
come right after, or with their screen), only the newest page of each pane's history is
decoded, and the garbage collector is paused until the first snapshot is shown, then on
again. One child harness serves every case."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.ui.conftest import NOW
from warroom.cli.dashboard import run_dashboard
from warroom.config import Settings
from warroom.domain.mentions import Mention
from warroom.domain.timeline import EventKind
from warroom.store.errors import StoreError
from warroom.store.repository import WarRoomRepository

_CHILD = """
import gc, json, sys
from textual.app import App
import warroom.store.repository as repository
from warroom.ui.screens.dashboard import DashboardScreen

seen = {"gc_while_loading": None}
snapshot = repository.WarRoomRepository.snapshot

def watched_snapshot(self):
    if seen["gc_while_loading"] is None:
        seen["gc_while_loading"] = gc.isenabled()
    return snapshot(self)

repository.WarRoomRepository.snapshot = watched_snapshot
show_room = DashboardScreen.show_room

def shown(self, room, rules):
    show_room(self, room, rules)
    self.app._shown = room

DashboardScreen.show_room = shown
display = App._display

def displayed(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None and getattr(self, "_shown", False) and "modules" not in seen:
        seen["modules"] = sorted(sys.modules)
        seen["styles"] = sorted(path for path, _ in self.stylesheet.source)
        seen["gc_at_first_frame"] = gc.isenabled()
        from warroom.domain.mention_history import decoded_count  # loaded by the frame

        room = self._shown
        for name in ("timeline", "mentions", "inquiries"):
            records = getattr(room, name)
            seen[name] = [decoded_count(records), len(records)]
        self.set_timer(1.0, lambda: later(self))  # time for the work that follows the frame

def later(app):
    seen["styles_later"] = sorted(path for path, _ in app.stylesheet.source)
    seen["feeds_later"] = "warroom.service.feeds" in sys.modules
    app.exit()

App._display = displayed
run = App.run
App.run = lambda self, *a, **k: run(self, headless=True, size=(160, 48))
from warroom.__main__ import main
seen["code"] = main(sys.argv[1:])
print(json.dumps(seen))
"""

LATER = (
    "warroom.service.feeds",  # the poller: httpx, feedparser (built after the first frame)
    "httpx",
    "feedparser",
    "warroom.exporters.draft_email",  # exports, and the e-mail package under them
    "email.policy",
    "merge3",  # merging racing saves
    "warroom.service.conflicts",
    "warroom.service.signoff_state",
    "warroom.domain.inquiry_import",
    "html.parser",  # only HTML fragments beyond simple tags need the tokenizer
    "warroom.ui.screens.confirm",
    # The drafting checks and the review: the stored incident's drafting section is validated
    # from the rules' names alone, and the stale-draft count comes after the frame.
    "warroom.domain.checks",
    "warroom.domain.notice_checks.rulebook",
    "warroom.domain.notice_checks.content",
    "warroom.domain.notice_checks.form",
    "warroom.domain.drafts",  # the façade: first-frame code imports the parts it uses
    "warroom.domain.message_shapes",
    "warroom.domain.review",
    "warroom.domain.approvals",  # the stored roles are validated into domain.roles alone
    "importlib.resources.readers",  # packaged data is read as the plain files it is
    "zipfile",
    "warroom.service.drafting_views",  # what the drafting screens are handed
    "warroom.domain.ledger_rows",  # the ledger's rows: its screens, the review, the exports
    "warroom.domain.ledger_build",
    "warroom.domain.gate_problems",  # why a gate refuses: the first gated action
    "warroom.ui.screens.form_dialog",  # built when first shown (the fields are form_field's)
    "warroom.ui.screens.help",
    "csv",  # the population's counts files
    "warroom.store.autosave",  # the editor's buffers
)


def _open_in_a_fresh_process(db: Path, *flags: str) -> dict[str, object]:
    env = {**os.environ, "WARROOM_CONFIG": str(db.parent / "config.json")}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "open", "--db", str(db), "--operator", "kim", *flags],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("flags", [("--no-poll",), ()], ids=["no-poll", "polling"])
def test_the_first_frame_loads_only_what_it_shows(db_file: Path, flags: tuple[str, ...]) -> None:
    seen = _open_in_a_fresh_process(db_file, *flags)
    assert seen["code"] == 0
    modules = set(seen["modules"])  # type: ignore[arg-type]
    assert "warroom.ui.widgets.mention_pane" in modules  # the probe saw the real first frame
    assert [name for name in LATER if name in modules] == []
    styles = {Path(path).name for path in seen["styles"]}  # type: ignore[union-attr]
    assert {"base.tcss", "dashboard.tcss"} <= styles
    assert not styles & {"dialogs.tcss", "drafting.tcss", "clocks.tcss", "wall.tcss"}
    assert seen["gc_while_loading"] is False  # paused while the database is read
    assert seen["gc_at_first_frame"] is True  # and on again once the snapshot is shown
    later = {Path(path).name for path in seen["styles_later"]}  # type: ignore[union-attr]
    assert {"dialogs.tcss", "drafting.tcss", "clocks.tcss"} <= later  # read after the frame
    assert seen["feeds_later"] is (flags == ())  # a polling dashboard builds its poller then


def test_the_collector_is_on_again_when_opening_fails(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert gc.isenabled()
    with pytest.raises(StoreError, match="no such database"):
        run_dashboard(Settings(db=missing, operator="kim"), read_only=False, poll=False)
    assert gc.isenabled()


def test_a_logged_reply_on_the_first_frame_is_checked_against_the_whole_rule_book(
    db_file: Path,
) -> None:
    """The mention pane checks a logged reply with the rule book, which the first frame loads
    without the drafting checks: every rule must still find its check (it once found none,
    and the dashboard died drawing the row)."""
    repo = WarRoomRepository.open(db_file)
    try:
        repo.add_new_mentions(
            [
                Mention(
                    id="m-reply", feed_id="alerts-northwind", title="Is this e-mail real?",
                    url="https://social.example.com/post/1", published=NOW, fetched_at=NOW,
                    entry_id="tag:example.com,2026:1",
                )
            ]
        )  # fmt: skip
        repo.set_triage("m-reply", "ana", NOW, reply="Call us on 555-010-9999 or northw1nd.com")
    finally:
        repo.close()
    seen = _open_in_a_fresh_process(db_file, "--no-poll")
    assert seen["code"] == 0
    assert "warroom.domain.notice_checks.rulebook" in seen["modules"]  # type: ignore[operator]
    done = subprocess.run(
        [sys.executable, "-c", "from warroom.domain.notice_checks.rulebook import load_rulebook\n"
         "print(sum(len(t.rules) for t in load_rulebook().tables.values()))"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert int(done.stdout) > 20


def test_the_first_frame_decodes_the_newest_pages_only(db_file: Path) -> None:
    """The newest page of each pane, not the shards the page falls in: 3,000 mentions and
    2,500 timeline entries in shards of 1,000, so the timeline's newest 1,000 reach into the
    second shard and the mention pane's newest 2,000 fill two. Before, the page decoded the
    shards it touched whole (the timeline about 1,800 entries)."""
    repo = WarRoomRepository.open(db_file)
    try:
        repo.add_new_mentions(
            Mention(f"m{n:05d}", "f", f"Story {n} about the breach", f"https://e.org/{n}",
                    NOW - timedelta(minutes=n), NOW - timedelta(minutes=n))
            for n in range(3_000)
        )  # fmt: skip
        for start in range(0, 2_500, 100):  # a few entries per intent, as use writes them
            with repo.transaction():
                for n in range(start, start + 100):
                    at = NOW - timedelta(hours=3) + timedelta(seconds=n)
                    repo.record(EventKind.NOTE, f"note {n}", "ana", at)
    finally:
        repo.close()
    seen = _open_in_a_fresh_process(db_file, "--no-poll")
    assert seen["code"] == 0
    assert seen["timeline"] == [1_000, 2_501]  # the page; was the shards it falls in, whole
    assert seen["mentions"] == [2_000, 3_000]
    assert seen["inquiries"] == [0, 0]
