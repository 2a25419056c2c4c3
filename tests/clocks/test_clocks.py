"""Each clock rule against worked examples, and the states a clock goes through."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib.resources import files

import pytest
from clockhelp import at, prep, tick

from warroom.domain.clocks import (
    ClockRules,
    ClockState,
    ClockStatus,
    evaluate_clocks,
    format_countdown,
    next_deadline,
    set_trigger,
    unclosable_clocks,
)
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.regulatory import load_clock_rules

DETECTED = at("2026-11-26T22:40:00")


def clock(statuses: tuple[ClockStatus, ...], rule_id: str) -> ClockStatus:
    return next(s for s in statuses if s.id == rule_id)


def board(rules: ClockRules, p, now: str, ticks=None) -> tuple[ClockStatus, ...]:  # type: ignore[no-untyped-def]
    return evaluate_clocks(p, ticks or {}, DETECTED, at(now), rules)


def test_gdpr_is_72_hours_from_awareness_defaulting_to_detection(rules: ClockRules) -> None:
    status = clock(board(rules, prep("gdpr"), "2026-11-27T08:00"), "gdpr-authority")
    assert status.due_at == at("2026-11-29T22:40")
    assert status.state is ClockState.RUNNING
    assert status.rule.source == "GDPR Art. 33(1)"
    explicit = prep("gdpr", triggers={"became_aware": "2026-11-26T20:00"})
    assert clock(board(rules, explicit, "2026-11-27T08:00"), "gdpr-authority").due_at == at(
        "2026-11-29T20:00"
    )


def test_nis2_early_warning_notification_and_final_report(rules: ClockRules) -> None:
    p = prep("nis2", closes={"nis2-notification": "nis2-sent"})
    statuses = board(rules, p, "2026-11-27T08:00")
    assert clock(statuses, "nis2-early-warning").due_at == at("2026-11-27T22:40")
    assert clock(statuses, "nis2-notification").due_at == at("2026-11-29T22:40")
    final = clock(statuses, "nis2-final")
    assert final.state is ClockState.NOT_STARTED
    assert "NIS2 incident notification sent" in final.reason
    # Sending the notification (ticking its item) starts the final report's month.
    after = board(
        rules, p, "2026-12-01T00:00", {"nis2-sent": tick("nis2-sent", "2026-11-29T10:00")}
    )
    assert clock(after, "nis2-final").due_at == at("2026-12-29T10:00")
    assert clock(after, "nis2-notification").state is ClockState.CLOSED


def test_a_month_after_31_january_is_the_end_of_february(rules: ClockRules) -> None:
    p = prep("nis2", triggers={"nis2_notification_sent": "2027-01-31T09:00"})
    assert clock(board(rules, p, "2027-02-01T00:00"), "nis2-final").due_at == at("2027-02-28T09:00")


def test_dora_initial_report_when_the_four_hours_come_first(rules: ClockRules) -> None:
    p = prep(
        "dora",
        triggers={"became_aware": "2026-11-26T00:00", "classified_major": "2026-11-26T03:00"},
    )
    status = clock(board(rules, p, "2026-11-26T04:00"), "dora-initial")
    assert status.due_at == at("2026-11-26T07:00")
    assert "4 h after classified_major" in status.reason


def test_dora_initial_report_when_the_24_hours_come_first(rules: ClockRules) -> None:
    p = prep(
        "dora",
        triggers={"became_aware": "2026-11-26T00:00", "classified_major": "2026-11-26T22:00"},
    )
    status = clock(board(rules, p, "2026-11-26T22:30"), "dora-initial")
    assert status.due_at == at("2026-11-27T00:00")  # not 02:00
    assert "24 h after became_aware" in status.reason
    assert status.state is ClockState.RED  # 1.5 h left of a 24 h window


def test_dora_intermediate_runs_72_hours_from_the_initial_report(rules: ClockRules) -> None:
    p = prep("dora", closes={"dora-initial": "dora-1"})
    ticks = {"dora-1": tick("dora-1", "2026-11-27T05:00")}
    statuses = board(rules, p, "2026-11-27T06:00", ticks)
    assert clock(statuses, "dora-intermediate").due_at == at("2026-11-30T05:00")
    assert clock(statuses, "dora-final").state is ClockState.NOT_STARTED


def test_sec_8k_counts_business_days_across_thanksgiving_and_a_weekend(rules: ClockRules) -> None:
    p = prep("sec", triggers={"materiality_determined": "2026-11-25T15:00"})
    status = clock(board(rules, p, "2026-11-26T12:00"), "sec-8k")
    # Thu 26 Thanksgiving, Sat-Sun skipped: Fri 27, Mon 30, Tue 1, Wed 2 December, 17:30 EST.
    assert status.due_at == at("2026-12-02T22:30")
    assert status.state is ClockState.RUNNING


def test_sec_8k_not_started_until_materiality_is_determined(rules: ClockRules) -> None:
    status = clock(board(rules, prep("sec"), "2026-11-27T12:00"), "sec-8k")
    assert status.state is ClockState.NOT_STARTED
    assert status.due_at is None and status.remaining is None
    assert "Materiality determined" in status.reason


def test_hipaa_is_an_outer_limit_of_60_days(rules: ClockRules) -> None:
    status = clock(board(rules, prep("hipaa"), "2026-11-27T00:00"), "hipaa-individuals")
    assert status.due_at == at("2027-01-25T22:40")
    assert status.rule.outer_limit
    assert status.due_text.startswith("at most by 2027-01-25")


def test_state_clocks_and_their_attorney_general_conditions(rules: ClockRules) -> None:
    p = prep(
        "us-states",
        residents={"CA": 1900, "NY": 2400, "TX": 310, "AL": 0},
        closes={"us-ca-individuals": "notify-individuals"},
    )
    statuses = board(rules, p, "2026-11-27T00:00")
    assert clock(statuses, "us-ca-individuals").due_at == at("2026-12-26T22:40")
    assert clock(statuses, "us-ny-individuals").due_at == at("2026-12-26T22:40")
    assert clock(statuses, "us-tx-individuals").due_at == at("2027-01-25T22:40")
    assert clock(statuses, "us-tx-attorney-general").due_at == at("2026-12-26T22:40")
    al = clock(statuses, "us-al-individuals")
    assert al.state is ClockState.NOT_APPLICABLE and "(this incident: 0)" in al.reason
    ca_ag = clock(statuses, "us-ca-attorney-general")
    assert ca_ag.state is ClockState.NOT_STARTED
    # The consumer notice goes out on 3 December: the AG copy is due 15 days later.
    sent = {"notify-individuals": tick("notify-individuals", "2026-12-03T10:00")}
    later = board(rules, p, "2026-12-04T00:00", sent)
    assert clock(later, "us-ca-attorney-general").due_at == at("2026-12-18T10:00")
    assert clock(later, "us-ca-individuals").state is ClockState.CLOSED


@pytest.mark.parametrize(
    ("state", "residents", "applies"),
    [("CA", 500, False), ("CA", 501, True), ("TX", 249, False), ("TX", 250, True)],
)
def test_attorney_general_thresholds(
    rules: ClockRules, state: str, residents: int, applies: bool
) -> None:
    rule_id = f"us-{state.lower()}-attorney-general"
    status = clock(
        board(rules, prep("us-states", residents={state: residents}), "2026-11-27T00:00"), rule_id
    )
    assert (status.state is not ClockState.NOT_APPLICABLE) is applies


def test_amber_red_overdue_and_closed_transitions(rules: ClockRules) -> None:
    p = prep("gdpr", closes={"gdpr-authority": "dpa"})
    # 72 h window: amber at <= 18 h left, red at <= 7.2 h left (fractions 25 % / 10 %).
    states = {
        now: clock(board(rules, p, now), "gdpr-authority").state
        for now in (
            "2026-11-28T04:40",  # 42 h left
            "2026-11-29T04:40",  # 18 h left
            "2026-11-29T15:20",  # 7 h 20 left
            "2026-11-29T15:30",  # 7 h 10 left
            "2026-11-29T22:41",  # 1 minute over
        )
    }
    assert list(states.values()) == [
        ClockState.RUNNING,
        ClockState.AMBER,
        ClockState.AMBER,
        ClockState.RED,
        ClockState.OVERDUE,
    ]
    on_time = board(rules, p, "2026-12-05T00:00", {"dpa": tick("dpa", "2026-11-29T12:00")})
    assert clock(on_time, "gdpr-authority").state is ClockState.CLOSED
    assert clock(on_time, "gdpr-authority").closed_at == at("2026-11-29T12:00")
    late = clock(
        board(rules, p, "2026-12-05T00:00", {"dpa": tick("dpa", "2026-11-30T01:00")}),
        "gdpr-authority",
    )
    assert late.state is ClockState.CLOSED_LATE and late.ran_over
    unticked = board(rules, p, "2026-12-05T00:00", {"dpa": tick("dpa", "2026-11-29T12:00", False)})
    assert clock(unticked, "gdpr-authority").state is ClockState.OVERDUE


def test_long_windows_cap_amber_at_72_hours(rules: ClockRules) -> None:
    p = prep("hipaa")
    assert (
        clock(board(rules, p, "2027-01-20T00:00"), "hipaa-individuals").state is ClockState.RUNNING
    )
    assert clock(board(rules, p, "2027-01-23T00:00"), "hipaa-individuals").state is ClockState.AMBER
    assert clock(board(rules, p, "2027-01-25T00:00"), "hipaa-individuals").state is ClockState.RED


def test_every_state_has_its_own_symbol_and_words() -> None:
    labels = {state.label for state in ClockState}
    assert len(labels) == len(ClockState)
    assert all(state.symbol and state.text for state in ClockState)
    assert ClockState.OVERDUE.label == "✖ OVERDUE"


def test_regimes_marked_not_applicable_show_why(rules: ClockRules) -> None:
    p = prep("gdpr", not_applicable={"dora": "not a financial entity"})
    statuses = board(rules, p, "2026-11-27T00:00")
    dora = [s for s in statuses if s.rule.regime == "dora"]
    assert len(dora) == 4  # initial, intermediate, final, clients (Art. 19(3))
    assert all(
        s.state is ClockState.NOT_APPLICABLE and s.reason == "not a financial entity" for s in dora
    )
    assert not any(s.rule.regime == "sec" for s in statuses)  # not listed: not shown
    only = evaluate_clocks(
        p, {}, DETECTED, at("2026-11-27T00:00"), rules, include_not_applicable=False
    )
    assert [s.id for s in only] == ["gdpr-authority", "gdpr-individuals"]


def test_next_deadline_prefers_overdue_then_earliest(rules: ClockRules) -> None:
    p = prep("gdpr", "nis2", closes={"nis2-early-warning": "ew"})
    first = next_deadline(board(rules, p, "2026-11-27T00:00"))
    assert first is not None and first.id == "nis2-early-warning"
    assert "left" in first.summary and first.label in first.summary
    closed = board(rules, p, "2026-11-30T00:00", {"ew": tick("ew", "2026-11-27T10:00")})
    overdue = next_deadline(closed)
    assert overdue is not None and overdue.state is ClockState.OVERDUE
    assert overdue.id == "gdpr-authority"
    assert next_deadline(board(rules, prep("sec"), "2026-11-27T00:00")) is None


def test_format_countdown() -> None:
    assert format_countdown(timedelta(hours=51, minutes=15, seconds=30)) == "2d 03:15 left"
    assert format_countdown(timedelta(minutes=59)) == "00:59 left"
    assert format_countdown(-timedelta(hours=1, minutes=2)) == "overdue by 01:02"


def test_setting_a_trigger_starts_the_clock_and_says_so(rules: ClockRules) -> None:
    p = prep("sec")
    new, text = set_trigger(p, "materiality_determined", at("2026-11-25T15:00"), rules)
    assert p.triggers == {}  # the old prep is untouched
    assert new.triggers["materiality_determined"] == at("2026-11-25T15:00")
    assert text.startswith("Trigger set: Materiality determined (SEC) at 2026-11-25 15:00Z")
    assert "Form 8-K" in text
    assert clock(board(rules, new, "2026-11-26T00:00"), "sec-8k").state is ClockState.RUNNING
    cleared, text = set_trigger(new, "materiality_determined", None, rules)
    assert "materiality_determined" not in cleared.triggers and "cleared" in text
    with pytest.raises(ValueError, match="unknown trigger"):
        set_trigger(p, "materiality", at("2026-11-25T15:00"), rules)


def test_unclosable_clocks_are_reported(rules: ClockRules) -> None:
    p = prep("gdpr", "sec", closes={"gdpr-authority": "notify-authority-gdpr", "sec-8k": "gone"})
    assert unclosable_clocks(p, ["notify-authority-gdpr"], rules) == [
        "sec-8k",
        "gdpr-individuals",
        "sec-8k-amendment",
    ]


def test_every_rule_cites_a_source_and_the_rules_are_data(rules: ClockRules) -> None:
    assert all(rule.source for rule in rules.rules)
    assert {"gdpr", "nis2", "dora", "sec", "hipaa", "us-states"} <= set(rules.regimes)
    data = json.loads(files("warroom.data").joinpath("clock_rules.json").read_text())
    ca = next(r for r in data["rules"] if r["id"] == "us-ca-individuals")
    ca["limits"][0]["offset"] = {"days": 45}
    changed = load_clock_rules(json.dumps(data))
    status = clock(
        board(changed, prep("us-states", residents={"CA": 10}), "2026-11-27T00:00"),
        "us-ca-individuals",
    )
    assert status.due_at == at("2027-01-10T22:40")


def test_a_broken_rules_file_names_the_path() -> None:
    data = json.loads(files("warroom.data").joinpath("clock_rules.json").read_text())
    data["rules"][7]["limits"][0]["offset"] = {"business_days": 4, "hours": 2}
    with pytest.raises(IncidentFileError) as error:
        load_clock_rules(json.dumps(data))
    assert error.value.json_path == "$.rules[7].limits[0].offset"
    data["rules"][0]["limits"][0]["trigger"] = "aware"
    with pytest.raises(IncidentFileError, match="'aware' is not one of"):
        load_clock_rules(json.dumps(data))


def test_unclosable_clocks_judge_effective_dates_from_the_detection_default(
    rules: ClockRules,
) -> None:
    # Awareness defaults to detection (26 Nov 2026): California's pre-2026 rule (no fixed days,
    # before SB 446) is not in force, so it needs no checklist item; the 30-day rule does.
    p = prep("us-states", residents={"CA": 10})
    missing = unclosable_clocks(p, [], rules, DETECTED)
    assert "us-ca-individuals" in missing
    assert "us-ca-individuals-before-2026" not in missing
    assert "us-ca-individuals-before-2026" in unclosable_clocks(p, [], rules)  # no detection
