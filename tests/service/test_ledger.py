"""Who has been told: the ledger, the population revisions, update promises, holding statements.

Every test runs the service on a real war-room file seeded from the sample incident, and reads
the result back through a second operator's process where it matters (what is on disk).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from tests.service.conftest import NOW, Services
from warroom.domain.cadence import updates_from_versions
from warroom.domain.clocks import ClockState
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.domain.ledger import Audience, LedgerState
from warroom.domain.population import Counts, counts_csv, parse_counts_csv
from warroom.domain.timeline import EventKind
from warroom.service import IntentRefused, ReasonRequired, WarRoomService
from warroom.service.status import status_document
from warroom.store.drafts import DraftStore

ROOT = Path(__file__).resolve().parents[2]


def _rows(service: WarRoomService) -> dict[str, object]:
    return {row.id: row for row in service.ledger()}


def _clock(service: WarRoomService, clock_id: str) -> ClockState:
    return next(c for c in service.view().clocks(NOW) if c.id == clock_id).state


def _revise_ca(service: WarRoomService, residents: int, reason: str) -> None:
    counts = service.view().regulatory.counts
    assert counts is not None
    jurisdictions = {**counts.jurisdictions, "US-CA": residents}
    service.revise_population(replace(counts, jurisdictions=jurisdictions), reason)


# ------------------------------------------------------------------ rows from the sample
def test_the_sample_ledger_has_a_row_per_applicable_clock_and_per_stakeholder(
    services: Services,
) -> None:
    service = services()
    rows = service.ledger()
    ids = [row.id for row in rows]
    applicable = [
        c.id for c in service.view().clocks(NOW) if c.state is not ClockState.NOT_APPLICABLE
    ]
    assert {f"clock:{c}" for c in applicable} <= set(ids)
    assert "clock:dora-initial" not in ids  # DORA does not apply: no row
    assert "clock:hipaa-hhs" not in ids
    stakeholders = service.view().ledger.stakeholders
    assert {s.id for s in stakeholders} <= set(ids)
    assert len(ids) == len(applicable) + len(stakeholders)
    by_id = {row.id: row for row in rows}
    assert by_id["clock:gdpr-authority"].audience is Audience.REGULATOR
    assert by_id["clock:us-ca-individuals"].audience is Audience.CUSTOMERS
    assert by_id["clock:us-ca-individuals"].recipients == 1900  # from the population ledger
    assert by_id["eu-customers"].recipients == 3100
    assert by_id["card-digit-customers"].recipients == 31000  # a data-category cohort
    assert by_id["staff"].recipients == 1850  # declared in the file
    bureaus = by_id["credit-bureaus"]  # declared not required, with counsel's reason
    assert bureaus.state is LedgerState.NOT_REQUIRED and "5,000" in bureaus.reason
    assert all(row.state is LedgerState.TO_DRAFT for row in rows if row is not bureaus)


def test_overdue_rows_come_first(services: Services) -> None:
    later = services(now=NOW + timedelta(days=3))  # GDPR's 72 h and the 24 h rows have passed
    rows = later.ledger()
    overdue = [row.id for row in rows if row.overdue]
    assert "clock:gdpr-authority" in overdue and "cyber-insurer" in overdue
    assert [row.overdue for row in rows] == sorted((row.overdue for row in rows), reverse=True)


# ------------------------------------------------------------------ one record both ways
def test_marking_a_regulator_row_sent_files_its_clock_in_one_record(services: Services) -> None:
    ana = services("ana")
    changed = ana.ledger_step(
        "clock:gdpr-authority", LedgerState.SENT, channel="DPC portal", reference="DPC-118"
    )
    assert changed.value.state is LedgerState.SENT
    ben = services("ben")  # another process reads it from disk
    assert _clock(ben, "gdpr-authority") is ClockState.CLOSED
    assert ben.view().room.ticks["notify-authority-gdpr"].operator == "ana"
    row = _rows(ben)["clock:gdpr-authority"]
    assert row.reference == "DPC-118" and row.channel == "DPC portal"  # type: ignore[attr-defined]
    ticks = [e for e in ben.view().room.timeline if e.kind is EventKind.TICK]
    assert len(ticks) == 1 and "ref DPC-118" in ticks[0].text  # one entry says it all
    assert not [e for e in ben.view().room.timeline if e.kind is EventKind.LEDGER]


def test_filing_the_clock_on_the_board_marks_its_row_sent(services: Services) -> None:
    services("ana").file_clock("nis2-early-warning")
    row = _rows(services("ben"))["clock:nis2-early-warning"]
    assert row.state is LedgerState.SENT  # type: ignore[attr-defined]
    sent = row.step(LedgerState.SENT)  # type: ignore[attr-defined]
    assert sent is not None and sent.operator == "ana" and sent.at == NOW


def test_a_sent_regulator_row_goes_back_only_with_a_reason_and_unfiles_the_clock(
    services: Services,
) -> None:
    ana = services("ana")
    ana.ledger_step("clock:gdpr-authority", LedgerState.SENT)
    with pytest.raises(ReasonRequired):
        ana.ledger_step("clock:gdpr-authority", LedgerState.APPROVED)
    ana.ledger_step("clock:gdpr-authority", LedgerState.APPROVED, reason="portal rejected it")
    assert _clock(services("ben"), "gdpr-authority") is not ClockState.CLOSED
    assert _rows(services("ben"))["clock:gdpr-authority"].state is LedgerState.APPROVED  # type: ignore[attr-defined]


def test_a_stakeholder_row_walks_its_states_with_who_and_when(services: Services) -> None:
    ana = services("ana")
    with pytest.raises(IntentRefused, match="not sent yet"):
        ana.ledger_step("cyber-insurer", LedgerState.ACKNOWLEDGED)
    for state in (LedgerState.DRAFTED, LedgerState.APPROVED, LedgerState.SENT):
        ana.ledger_step("cyber-insurer", state, channel="claims hotline", reference="CL-77")
    services("ben").ledger_step("cyber-insurer", LedgerState.ACKNOWLEDGED)
    row = _rows(services("cy"))["cyber-insurer"]
    assert row.state is LedgerState.ACKNOWLEDGED  # type: ignore[attr-defined]
    steps = [(s.state, s.operator) for s in row.steps]  # type: ignore[attr-defined]
    assert steps[-2:] == [(LedgerState.SENT, "ana"), (LedgerState.ACKNOWLEDGED, "ben")]
    with pytest.raises(ReasonRequired):
        ana.ledger_step("press", LedgerState.NOT_REQUIRED)
    ana.ledger_step("press", LedgerState.NOT_REQUIRED, reason="no inbound enquiries")
    assert _rows(ana)["press"].reason == "no inbound enquiries"  # type: ignore[attr-defined]


def test_a_row_sent_records_the_draft_version_and_its_hash(services: Services) -> None:
    ana = services("ana")
    source = ana.editor_data(DraftRef(DraftKind.FAQ)).source
    ana.save_draft(DraftRef(DraftKind.FAQ), source, base_version=0)
    assert _rows(ana)["press"].state is LedgerState.DRAFTED  # type: ignore[attr-defined]
    ana.ledger_step("press", LedgerState.SENT)
    row = _rows(services("ben"))["press"]
    assert row.draft_version == 1 and row.draft_hash.startswith("sha256:")  # type: ignore[attr-defined]


def test_rows_added_during_the_incident_are_kept(services: Services) -> None:
    added = services("ana").add_ledger_row("Second insurer", Audience.INSURER).value
    assert added.origin == "added"
    assert _rows(services("ben"))[added.id].name == "Second insurer"  # type: ignore[attr-defined]


# ------------------------------------------------------------------ population revisions
def test_a_revision_below_and_back_above_a_threshold_drops_and_adds_the_ca_ag_row(
    services: Services,
) -> None:
    ana = services("ana")
    assert _clock(ana, "us-ca-attorney-general") is not ClockState.NOT_APPLICABLE
    _revise_ca(ana, 400, "forensics revised after log review")
    ben = services("ben")
    assert _clock(ben, "us-ca-attorney-general") is ClockState.NOT_APPLICABLE
    row = _rows(ben)["clock:us-ca-attorney-general"]  # kept, not required, with the reason
    assert row.state is LedgerState.NOT_REQUIRED  # type: ignore[attr-defined]
    assert "501 or more CA residents (this incident: 400)" in row.reason  # type: ignore[attr-defined]
    entry = ben.view().room.timeline[-1]
    assert "No longer required: California: copy of the notice to the Attorney General" in (
        entry.text
    )
    _revise_ca(ben, 650, "a second export found more Californians")
    cy = services("cy")
    assert _rows(cy)["clock:us-ca-attorney-general"].state is LedgerState.TO_DRAFT  # type: ignore[attr-defined]
    assert "Now required: California: copy" in cy.view().room.timeline[-1].text
    assert [r.number for r in cy.population()] == [0, 1, 2]
    assert cy.population()[1].operator == "ana" and cy.population()[2].operator == "ben"


def test_a_revision_crossing_a_threshold_up_adds_the_row(services: Services) -> None:
    ana = services("ana")
    _revise_ca(ana, 300, "first pass")
    assert _rows(ana)["clock:us-ca-attorney-general"].state is LedgerState.NOT_REQUIRED  # type: ignore[attr-defined]
    _revise_ca(ana, 900, "more found")  # back above 500: required again, its old step void
    assert _rows(ana)["clock:us-ca-attorney-general"].state is LedgerState.TO_DRAFT  # type: ignore[attr-defined]


def test_a_revision_is_the_facts_count_and_makes_quoting_drafts_stale(
    services: Services,
) -> None:
    ana = services("ana")
    for kind in (DraftKind.NOTICE, DraftKind.BANNER):
        ana.save_draft(DraftRef(kind), ana.editor_data(DraftRef(kind)).source, base_version=0)
    counts = ana.view().regulatory.counts
    assert counts is not None
    ana.revise_population(replace(counts, total=61000), "forensics revised after log review")
    ben = services("ben")
    assert DraftStore(ben.repo).facts().customers_affected == 61000
    stale = {status.ref.kind for status in ben.draft_statuses() if status.stale}
    assert stale == {DraftKind.NOTICE}  # the notice quotes the count; the banner does not
    entry = ben.view().room.timeline[-1]
    assert entry.kind is EventKind.FACT and "total 48,200 → 61,000" in entry.text
    assert "now stale: notice" in entry.text and "forensics revised" in entry.text
    assert "Fact “Customers affected” is now 61,000" in entry.text


def test_the_facts_sheet_count_is_a_revision_of_the_total(services: Services) -> None:
    ana = services("ana")
    assert ana.set_fact("customers_affected", "52,000", base="48200").value is True
    ben = services("ben")
    assert ben.population()[-1].counts.total == 52000
    assert ben.population()[-1].source == "facts sheet"
    assert ben.view().regulatory.counts == ben.population()[-1].counts
    with pytest.raises(ValueError, match="more than the total"):
        ana.set_fact("customers_affected", "1000", base="52000")  # below California's 1,900


def test_a_revision_needs_a_reason_and_sane_counts(services: Services) -> None:
    ana = services("ana")
    with pytest.raises(ReasonRequired):
        ana.revise_population(Counts(50000), "")
    with pytest.raises(IntentRefused, match="more than the total"):
        ana.revise_population(Counts(10, {"US-CA": 11}), "typo")
    assert [r.number for r in ana.population()] == [0]


def test_counts_import_from_csv(services: Services) -> None:
    text = "kind,key,count\ntotal,,61000\njurisdiction,us-ca,2100\ncategory,names,61000\n"
    revision = services("ana").import_population(text, "forensics.csv", "day-2 export").value
    assert revision.source == "import forensics.csv"
    assert revision.counts == Counts(61000, {"US-CA": 2100}, {"names": 61000})
    assert parse_counts_csv(counts_csv(revision.counts)) == revision.counts  # round-trips
    with pytest.raises(IntentRefused, match="line 2"):
        services("ana").import_population("kind,key,count\ncity,x,1\n", "bad.csv", "x")


# ------------------------------------------------------------------ cadence
def test_a_promised_faq_update_counts_down_then_is_overdue_everywhere(services: Services) -> None:
    ana = services("ana")
    ana.promise_update("faq", by=NOW + timedelta(hours=2))
    (faq,) = ana.cadence()
    assert faq.open and not faq.overdue and "02:00 left" in faq.summary
    late = services("ben", now=NOW + timedelta(hours=2, minutes=10))
    (faq,) = late.cadence()
    assert faq.overdue and "OVERDUE" in faq.summary and "00:10" in faq.summary
    document = json.loads(json.dumps(status_document(late, late.clock())))
    assert document["cadence"]["overdue"] == ["faq"]
    assert document["cadence"]["next"]["overdue_by"] == 600
    schema = json.loads((ROOT / "schema" / "status.schema.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    written = late.record_missed_promises().value
    assert [s.channel for s in written] == ["faq"]
    assert late.record_missed_promises().value == []  # once, not every tick
    missed = [e for e in late.view().room.timeline if e.text.startswith("OVERDUE: the FAQ")]
    assert len(missed) == 1 and missed[0].at == NOW + timedelta(hours=2)


def test_a_new_faq_version_meets_the_promise(services: Services) -> None:
    ana = services("ana")
    ana.promise_update("faq", by=NOW + timedelta(hours=2))
    later = services("ben", now=NOW + timedelta(hours=1))
    faq = DraftRef(DraftKind.FAQ)
    later.save_draft(faq, later.editor_data(faq).source, base_version=0)
    (faq,) = services("cy", now=NOW + timedelta(hours=3)).cadence()
    assert not faq.overdue and faq.met_at == NOW + timedelta(hours=1)


def test_a_recurring_promise_runs_from_the_last_update(services: Services) -> None:
    ana = services("ana")
    ana.promise_update("status-page", every=timedelta(hours=4))
    services("ana", now=NOW + timedelta(hours=3)).mark_channel_updated("status-page")
    (page,) = services("ben", now=NOW + timedelta(hours=5)).cadence()
    assert page.next_due == NOW + timedelta(hours=7) and not page.overdue
    late = services("ben", now=NOW + timedelta(hours=8))
    (page,) = late.cadence()
    assert page.overdue
    assert [s.channel for s in late.record_missed_promises().value] == ["status-page"]
    assert late.record_missed_promises().value == []  # this due time is reported once
    with pytest.raises(IntentRefused):
        ana.promise_update("faq", by=NOW - timedelta(minutes=1))
    with pytest.raises(IntentRefused):
        ana.promise_update("fax", every=timedelta(hours=1))


def test_only_public_drafts_count_as_channel_updates() -> None:
    updates = updates_from_versions([("faq", 2, NOW, "ana"), ("notice", 1, NOW, "ana")])
    assert [(u.channel, u.what) for u in updates] == [("faq", "faq v2")]


# ------------------------------------------------------------------ holding statements
def test_a_holding_statement_is_rendered_linted_and_approved_while_valid(
    services: Services,
) -> None:
    ana = services("ana")
    statuses = {s.statement.id: s for s in ana.holding_statements()}
    investigating = statuses["we-are-investigating"]
    assert "https://www.example.com/security-update" in investigating.text  # rendered
    assert "{facts." not in investigating.text
    assert investigating.approval_problem == ""  # approved in March, unchanged, < 365 days
    assert isinstance(investigating.problems, tuple)  # linted like any social post
    version = ana.use_holding_statement("we-are-investigating").value
    assert version == 1
    ben = services("ben")
    latest = ben.versions(DraftRef(DraftKind.SOCIAL))[-1]
    assert "We are investigating" in latest.text
    entry = [e for e in ben.view().room.timeline if "holding statement" in e.text][-1]
    assert "approved by Dana Whitfield" in entry.text
    expired = services("cy", now=NOW + timedelta(days=365))
    old = {s.statement.id: s for s in expired.holding_statements()}["we-are-investigating"]
    assert "expired" in old.approval_problem


def test_a_changed_holding_statement_is_not_counted_as_approved(
    tmp_path: Path, services: Services
) -> None:
    from warroom.domain.holding import approval_problem

    statement = services().holding_statements()[0].statement
    edited = replace(statement, source=statement.source + " Sorry.")
    assert approval_problem(edited, timedelta(days=365), NOW) == (
        "the text changed since it was approved"
    )


# ------------------------------------------------------------------ the CLI
def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warroom", "ledger", *args, "--db", str(db)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def test_cli_ledger_exports_json_csv_and_md_that_parse_and_agree(
    db: Path, services: Services
) -> None:
    services("ana").ledger_step("clock:gdpr-authority", LedgerState.SENT, reference="DPC-118")
    as_json = _cli(db, "--json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    rows = {row["id"]: row for row in document["rows"]}
    assert rows["clock:gdpr-authority"]["state"] == "sent"
    assert rows["clock:gdpr-authority"]["reference"] == "DPC-118"
    assert rows["clock:gdpr-authority"]["sent_at"] == NOW.isoformat()
    assert document["summary"]["total"] == len(rows)
    as_csv = _cli(db, "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in table] == list(rows)  # same rows, same order
    assert next(r for r in table if r["id"] == "clock:gdpr-authority")["reference"] == "DPC-118"
    as_md = _cli(db, "--format", "md")
    assert as_md.returncode == 0 and "| GDPR: notify the supervisory authority | sent" in (
        as_md.stdout
    )


def test_cli_imports_population_and_refuses_a_broken_csv(tmp_path: Path, db: Path) -> None:
    good = tmp_path / "counts.csv"
    good.write_text("kind,key,count\ntotal,,61000\njurisdiction,US-CA,300\n", encoding="utf-8")
    done = _cli(db, "--json", "--import-population", str(good), "--reason", "day 2")
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)["rows"]}
    assert rows["clock:us-ca-attorney-general"]["state"] == "not-required"
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,key,count\ntotal,,lots\n", encoding="utf-8")
    refused = _cli(db, "--import-population", str(bad), "--reason", "x")
    assert refused.returncode == 2 and "line 2" in refused.stderr


def test_the_review_lists_every_row_with_its_times_and_references(
    tmp_path: Path, services: Services
) -> None:
    ana = services("ana")
    ana.ledger_step("clock:gdpr-authority", LedgerState.SENT, reference="DPC-118")
    ana.ledger_step("press", LedgerState.NOT_REQUIRED, reason="no enquiries")
    review = ana.view().review(NOW)
    assert len(review.ledger) == len(ana.ledger())
    (md, html_file) = ana.export_review(["md", "html"], tmp_path)
    text = md.read_text("utf-8")
    section = text[text.index("## Who was told") : text.index("## The four questions")]
    line = next(x for x in section.splitlines() if "GDPR: notify the supervisory" in x)
    assert "sent 2026-11-27 03:00Z by ana" in line and "DPC-118" in line
    assert "not-required (no enquiries)" in section
    assert "<h2>Who was told</h2>" in html_file.read_text("utf-8")
