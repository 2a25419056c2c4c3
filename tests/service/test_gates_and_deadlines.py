"""Rules that hold on every path because the service holds them: gates, reasons, deadlines."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from tests.drafting.conftest import save_public_drafts
from tests.service.conftest import NOW, Services
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.domain.timeline import EventKind
from warroom.service import GateBlocked, ReadOnlyError, ReasonRequired
from warroom.service.status import status_document

ROOT = Path(__file__).resolve().parents[2]


def _overrides(service: object) -> list[str]:
    repo = service.repo  # type: ignore[attr-defined]
    repo.refresh_if_changed()
    return [e.text for e in repo.snapshot().timeline if e.text.startswith("Override:")]


def test_a_gated_tick_of_an_unsaved_notice_is_refused_with_its_problems(
    services: Services,
) -> None:
    ana = services("ana")
    with pytest.raises(GateBlocked) as refused:
        ana.tick("notify-individuals", True)
    assert any("never saved" in str(p) for p in refused.value.problems)
    assert "notify-individuals" not in ana.view().room.ticks  # nothing written


def test_a_reason_ticks_it_and_is_recorded_in_the_same_write(services: Services) -> None:
    ana = services("ana")
    changed = ana.tick("notify-individuals", True, reason="sent by letter, legal agreed")
    assert changed.value is True
    assert changed.view.room.ticks["notify-individuals"].done  # the view comes with the change
    (override,) = _overrides(services("ben"))  # another operator's process reads it from disk
    assert "Reason: sent by letter, legal agreed" in override and "never saved" in override


@pytest.mark.parametrize(
    ("item", "kind"),
    [("social-posts", "social"), ("homepage-banner", "banner"), ("faq-published", "faq")],
)
def test_every_public_message_item_is_gated_on_its_draft(
    services: Services, item: str, kind: str
) -> None:
    with pytest.raises(GateBlocked) as refused:
        services().tick(item, True)
    assert any(DraftKind(kind).label in str(p) for p in refused.value.problems)


def test_saved_clean_drafts_open_the_gates(db: Path, services: Services) -> None:
    save_public_drafts(db)
    ana = services("ana")
    for item in ("notify-individuals", "social-posts", "homepage-banner", "faq-published"):
        assert ana.tick(item, True).value is True
    assert _overrides(ana) == []


def test_a_blocking_problem_in_a_saved_notice_still_blocks(db: Path, services: Services) -> None:
    save_public_drafts(db)
    ana = services("ana")
    ana.set_fact("hotline", "")  # the notice now says no hotline
    with pytest.raises(GateBlocked) as refused:
        ana.tick("notify-individuals", True)
    assert any("hotline" in str(p).lower() for p in refused.value.problems)


def test_unticking_a_sent_item_asks_why_and_records_it(db: Path, services: Services) -> None:
    save_public_drafts(db)
    ana = services("ana")
    ana.tick("notify-individuals", True)
    with pytest.raises(ReasonRequired):
        ana.tick("notify-individuals", False)
    assert ana.view().room.ticks["notify-individuals"].done
    ana.tick("notify-individuals", False, reason="ticked by mistake: the send failed")
    texts = [e.text for e in services("ben").view().room.timeline]
    assert (
        "Unticked “First notice sent to affected customers”. Reason: ticked by mistake: "
        "the send failed" in texts
    )
    # An item that says nothing went out unticks freely.
    ana.tick("key-messages", True)
    assert ana.tick("key-messages", False).value is True


def test_filing_a_clock_goes_through_the_same_gate(services: Services) -> None:
    """us-ca-individuals is closed by "first notice sent": filing it is that tick."""
    ana = services("ana")
    with pytest.raises(GateBlocked):
        ana.file_clock("us-ca-individuals")
    assert "notify-individuals" not in ana.view().room.ticks
    ana.file_clock("us-ca-individuals", reason="legal approved the letter version")
    assert ana.view().room.ticks["notify-individuals"].done
    assert len(_overrides(ana)) == 1


def test_an_overdue_filing_needs_the_reasons_for_the_delay(services: Services) -> None:
    late = NOW + timedelta(days=4)  # GDPR's 72 h ran out
    ana = services("ana", now=late)
    assert ana.clock_status("gdpr-authority").state.value == "overdue"
    with pytest.raises(ReasonRequired):
        ana.file_clock("gdpr-authority")
    ana.file_clock("gdpr-authority", late_reasons="forensics confirmed scope only on day 3")
    texts = [e.text for e in ana.view().room.timeline]
    assert any(t.startswith("Filed late: ") and "day 3" in t for t in texts)


def test_a_read_only_service_refuses_every_change(services: Services) -> None:
    wall = services("wall", read_only=True)
    with pytest.raises(ReadOnlyError):
        wall.tick("key-messages", True)
    with pytest.raises(ReadOnlyError):
        wall.count("phone")
    with pytest.raises(ReadOnlyError):
        wall.note("hello")


def test_the_sec_item_waits_for_materiality_then_takes_the_clock_due(
    services: Services,
) -> None:
    ana = services("ana")
    view = ana.view()
    (status,) = [
        s for _, group in view.checklist(NOW) for s in group if s.item.id == "sec-8k-filed"
    ]
    assert status.waiting and status.due_at is None and not status.overdue
    assert "Materiality" in status.clock.waiting_for  # type: ignore[union-attr]
    # Four days later it would have been "OVERDUE (due T+96:00)" by detection: it is not.
    later = view.checklist(NOW + timedelta(days=5))
    (late,) = [s for _, group in later for s in group if s.item.id == "sec-8k-filed"]
    assert not late.overdue and late.waiting
    document = status_document(ana, NOW)
    (item,) = [i for i in document["checklist"]["items"] if i["id"] == "sec-8k-filed"]
    assert item["due"] is None and item["clock"] == "sec-8k" and item["waiting_for"]

    ana.set_trigger("materiality_determined", NOW - timedelta(hours=1))
    clock = ana.clock_status("sec-8k")
    assert clock.due_at is not None
    view = ana.view()
    (status,) = [
        s for _, group in view.checklist(NOW) for s in group if s.item.id == "sec-8k-filed"
    ]
    assert status.due_at == clock.due_at and not status.waiting
    document = status_document(ana, NOW)
    (item,) = [i for i in document["checklist"]["items"] if i["id"] == "sec-8k-filed"]
    assert item["due"] == clock.due_at.isoformat()
    (sec,) = [c for c in document["clocks"] if c["id"] == "sec-8k"]
    assert sec["due_at"] == item["due"] and sec["state"] == clock.state.value
    assert sec["citation"] and "not legal advice" in document["legal_notice"]


def test_checklist_wall_review_and_status_agree_on_every_deadline(services: Services) -> None:
    ana = services("ana")
    ana.set_trigger("materiality_determined", NOW - timedelta(hours=1))
    when = NOW + timedelta(days=6)
    view = services("ben", now=when).view()
    checklist = {s.item.id: s for _, group in view.checklist(when) for s in group}
    overdue_on_wall = {item.id for item in view.overdue_items(when)}
    review = view.review(when)
    document = status_document(services("cy", now=when), when)
    assert overdue_on_wall == {i for i, s in checklist.items() if s.overdue}
    assert {s.item.id for s in review.overdue_items} == overdue_on_wall
    assert set(document["checklist"]["overdue"]) == overdue_on_wall
    for item in document["checklist"]["items"]:
        due = checklist[item["id"]].due_at
        assert item["due"] == (due.isoformat() if due else None)
    assert "sec-8k-filed" in overdue_on_wall  # 6 days after the determination: really overdue


def test_status_json_matches_its_schema(db: Path, services: Services) -> None:
    save_public_drafts(db)
    ana = services("ana")
    ana.count("phone", count=3)
    document = json.loads(json.dumps(status_document(ana, NOW)))
    schema = json.loads((ROOT / "schema" / "status.schema.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    assert document["drafts"]["notice"]["latest_version"] == 1
    assert document["inquiries"]["phone"]["total"] == 3
    broken = {**document, "clocks": [{"id": 1}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warroom", *args, "--db", str(db)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def test_cli_export_of_a_blocked_notice_exits_2_with_one_line_per_problem(
    db: Path, tmp_path: Path, services: Services
) -> None:
    save_public_drafts(db)
    ana = services("ana")
    source = ana.editor_data(DraftRef(DraftKind.NOTICE)).source
    ana.save_draft(DraftRef(DraftKind.NOTICE), source + "\nCall TODO for help.\n")
    ana.set_fact("hotline", "")
    out = tmp_path / "out"
    done = _cli(db, "export", "notice", "--format", "eml", "--out", str(out), "--operator", "ci")
    assert done.returncode == 2, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("warroom export: blocking:")]
    assert len(lines) >= 2 and any("hotline" in ln.lower() for ln in lines)
    assert not (out / "notice.eml").exists()
    done = _cli(
        db, "export", "notice", "--format", "eml", "--out", str(out),
        "--operator", "ci", "--override", "counsel signed the letter as is",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (out / "notice.eml").is_file()
    entries = [e for e in services("ben").view().room.timeline if e.kind is EventKind.DRAFT]
    assert "Reason: counsel signed the letter as is" in entries[-1].text
    assert entries[-1].operator == "ci"
