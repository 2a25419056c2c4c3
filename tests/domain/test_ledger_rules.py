"""The ledger's, the population's and the cadence's rules, as pure functions on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.cadence import (
    ChannelUpdate,
    Promise,
    PromiseError,
    evaluate_cadence,
    nearest,
    parse_promise,
)
from warroom.domain.clocks import RegulatoryPrep
from warroom.domain.ledger import Audience, LedgerState
from warroom.domain.ledger_rows import LedgerRow, check_step, sort_rows
from warroom.domain.population import (
    Counts,
    PopulationError,
    apply_counts,
    describe_change,
    parse_counts_csv,
    parse_pairs,
)

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def _row(state: LedgerState, *, overdue: bool = False, name: str = "x", due: int = 0) -> LedgerRow:
    at = NOW + timedelta(hours=due) if due else None
    return LedgerRow(name, name, Audience.OTHER, "file", state, due_at=at, overdue=overdue)


def test_moves_forward_are_free_and_backward_ones_need_a_reason() -> None:
    sent = _row(LedgerState.SENT)
    assert check_step(sent, LedgerState.ACKNOWLEDGED, "") == ""
    assert "needs a reason" in check_step(sent, LedgerState.DRAFTED, "")
    assert check_step(sent, LedgerState.DRAFTED, "wrong version went out") == ""
    assert "not sent yet" in check_step(_row(LedgerState.APPROVED), LedgerState.ACKNOWLEDGED, "")
    assert "say why" in check_step(_row(LedgerState.TO_DRAFT), LedgerState.NOT_REQUIRED, " ")
    dropped = _row(LedgerState.NOT_REQUIRED)
    assert "needs a reason" in check_step(dropped, LedgerState.TO_DRAFT, "")
    assert "already" in check_step(sent, LedgerState.SENT, "")


def test_overdue_first_then_least_advanced_then_due_time() -> None:
    rows = [
        _row(LedgerState.SENT, name="sent"),
        _row(LedgerState.TO_DRAFT, name="later", due=9),
        _row(LedgerState.NOT_REQUIRED, name="dropped"),
        _row(LedgerState.APPROVED, name="late", overdue=True),
        _row(LedgerState.TO_DRAFT, name="sooner", due=2),
    ]
    assert [r.name for r in sort_rows(rows)] == ["late", "sooner", "later", "sent", "dropped"]


def test_counts_replace_the_files_residents_and_total() -> None:
    prep = RegulatoryPrep(residents={"CA": 1900, "TX": 310}, affected_total=48200)
    applied = apply_counts(prep, Counts(61000, {"US-CA": 400, "IE": 50}))
    assert applied.residents == {"CA": 400, "TX": 0} and applied.affected_total == 61000
    assert apply_counts(prep, None) is prep


def test_a_change_is_described_in_words() -> None:
    old = Counts(48200, {"US-CA": 1900, "US-TX": 310})
    new = Counts(61000, {"US-CA": 1900, "IE": 3100})
    assert describe_change(old, new) == ["total 48,200 → 61,000", "+ IE 3,100", "− US-TX (was 310)"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kind,count\n", "header"),
        ("kind,key,count\njurisdiction,,5\n", "line 2: a jurisdiction row needs a key"),
        ("kind,key,count\ntotal,,10\njurisdiction,US-CA,11\n", "more than the total"),
        ("kind,key,count\njurisdiction,XX-ZZZZ,1\n", "not a jurisdiction code"),
        ("kind,key,count\ncategory,names,1\ncategory,names,2\n", "line 3: names is listed twice"),
    ],
)
def test_a_broken_counts_csv_names_the_line(text: str, words: str) -> None:
    with pytest.raises(PopulationError, match=words):
        parse_counts_csv(text)


def test_pairs_read_thousands_separators_and_spaces_in_names() -> None:
    assert parse_pairs("US-CA=1,900, eu=3100", codes=True) == {"US-CA": 1900, "EU": 3100}
    assert parse_pairs("e-mail addresses=48,200", codes=False) == {"e-mail addresses": 48200}
    with pytest.raises(PopulationError):
        parse_pairs("US-CA 1900", codes=True)


def test_a_one_off_promise_counts_down_is_kept_or_missed() -> None:
    promise = Promise("faq", "ana", NOW, due_at=NOW + timedelta(hours=2))
    (open_,) = evaluate_cadence({"faq": promise}, [], NOW + timedelta(minutes=30))
    assert open_.open and not open_.overdue and "01:30 left" in open_.summary
    (missed,) = evaluate_cadence({"faq": promise}, [], NOW + timedelta(hours=3))
    assert missed.overdue and "OVERDUE by 01:00" in missed.summary
    before = ChannelUpdate("faq", NOW - timedelta(minutes=1), "ana")  # before the promise
    kept_at = ChannelUpdate("faq", NOW + timedelta(hours=1), "ben")
    (kept,) = evaluate_cadence({"faq": promise}, [before, kept_at], NOW + timedelta(hours=3))
    assert kept.met_at == NOW + timedelta(hours=1) and not kept.overdue and not kept.open


def test_the_nearest_promise_is_an_overdue_one_first() -> None:
    soon = Promise("social", "ana", NOW, due_at=NOW + timedelta(minutes=20))
    late = Promise("faq", "ana", NOW - timedelta(hours=2), due_at=NOW - timedelta(minutes=5))
    statuses = evaluate_cadence({"social": soon, "faq": late}, [], NOW)
    chosen = nearest(statuses)
    assert chosen is not None and chosen.channel == "faq"


def test_promises_are_read_as_operators_type_them() -> None:
    assert parse_promise("14:00Z", NOW) == (NOW.replace(hour=14), None)
    assert parse_promise("02:00", NOW) == (NOW.replace(hour=2) + timedelta(days=1), None)
    assert parse_promise("+90m", NOW) == (NOW + timedelta(minutes=90), None)
    assert parse_promise("every 4h", NOW) == (None, timedelta(hours=4))
    with pytest.raises(PromiseError):
        parse_promise("soon", NOW)
