"""The errors the law audit found (``/work/shared/LAW-SOURCES.md``), each with its worked case.

Every test writes out its input and the due time the law gives, and names its source. Each
failed on the code at commit 7e17439.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

import pytest
from clockhelp import at, prep, sample_incident_data, tick

from warroom.domain import clocks as clocks_module
from warroom.domain import deadlines
from warroom.domain.business_days import US_FEDERAL, brazil_holidays
from warroom.domain.clock_rules import Limit
from warroom.domain.clocks import (
    ClockRules,
    ClockState,
    ClockStatus,
    MissingTimeZoneError,
    Pause,
    RulesReview,
    TriggerNote,
    evaluate_clocks,
    limit_due,
    not_legal_advice,
    review_status,
    set_trigger,
    unlisted_states,
)
from warroom.incident_file.clock_rules_file import rules_digest
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.loader import parse_incident
from warroom.incident_file.regulatory import load_clock_rules, parse_regulatory

ROOT = Path(__file__).resolve().parents[2]
DETECTED = at("2026-11-26T22:40:00")


def clock(rules: ClockRules, p, now: str, rule_id: str, ticks=None) -> ClockStatus:  # type: ignore[no-untyped-def]
    statuses = evaluate_clocks(p, ticks or {}, DETECTED, at(now), rules)
    return next(s for s in statuses if s.id == rule_id)


# --- E1: DORA late classification ---------------------------------------------------------
# Delegated Regulation (EU) 2025/301 Art. 5(1)(a): 4 h from classification, no later than 24 h
# from awareness; an incident classified major after those 24 h: 4 h from the classification
# (draft RTS Art. 6(2), https://www.dora-info.eu/rts-mir/article-6/). LAW-SOURCES D3.


def test_dora_late_classification_gives_four_hours_from_the_classification(
    rules: ClockRules,
) -> None:
    # Aware Mon 2026-03-02 10:00Z, classified major Wed 2026-03-04 09:00Z.
    p = prep(
        "dora",
        triggers={"became_aware": "2026-03-02T10:00", "classified_major": "2026-03-04T09:00"},
    )
    status = clock(rules, p, "2026-03-04T09:30", "dora-initial")
    assert status.due_at == at("2026-03-04T13:00")  # was Tue 2026-03-03 10:00Z, overdue
    assert status.state is not ClockState.OVERDUE
    assert "classified_major came after the 24 h" in status.reason


def test_dora_unclassified_after_24_hours_waits_for_the_classification(
    rules: ClockRules,
) -> None:
    # Aware Mon 10:00Z, not classified by Tue 11:00Z: no initial notification is due yet (it
    # is due 4 h after a classification), so the board must not show OVERDUE.
    p = prep("dora", triggers={"became_aware": "2026-03-02T10:00"})
    early = clock(rules, p, "2026-03-02T20:00", "dora-initial")
    assert early.due_at == at("2026-03-03T10:00")  # the 24 h cap, while it can still bind
    late = clock(rules, p, "2026-03-03T11:00", "dora-initial")
    assert late.state is ClockState.NOT_STARTED
    assert "Classified as major" in late.reason


# --- E2: the SEC clock without a time-zone database ---------------------------------------
# Form 8-K Item 1.05 counts business days after the determination; 17 CFR 232.13(a)(2) cuts off
# at 17:30 Eastern. Determination Wed 2026-11-18 23:30 ET = Thu 04:30Z: due Tue 2026-11-24
# 17:30 ET (LAW-SOURCES D14); the UTC fallback gave Wed 25 17:30Z, 19 hours late.


def test_sec_deadline_without_the_zone_database_refuses_loudly(
    rules: ClockRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = prep("sec", triggers={"materiality_determined": "2026-11-19T04:30"})
    sec = clock(rules, p, "2026-11-19T05:00", "sec-8k")
    assert sec.due_at == at("2026-11-24T22:30")
    assert sec.local_due_text == "Tue 2026-11-24 17:30 EST (America/New_York)"

    def missing(name: str) -> None:
        raise ZoneInfoNotFoundError(name)

    monkeypatch.setattr(deadlines, "ZoneInfo", missing)
    with pytest.raises(MissingTimeZoneError, match="install the tzdata package"):
        clock(rules, p, "2026-11-19T05:00", "sec-8k")


def test_a_rules_file_naming_an_unknown_zone_is_refused_at_load_time() -> None:
    data = json.loads((ROOT / "warroom/data/clock_rules.json").read_text())
    sec = next(r for r in data["rules"] if r["id"] == "sec-8k")
    sec["limits"][0]["end_of_day"]["zone"] = "America/Nowhere"
    with pytest.raises(IncidentFileError, match="install tzdata"):
        load_clock_rules(json.dumps(data))


def test_tzdata_is_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(dep.startswith("tzdata") for dep in project["dependencies"])


# --- E3: EDGAR closures by executive order ------------------------------------------------


def test_executive_order_closures_move_the_sec_deadline(rules: ClockRules) -> None:
    # Mon 2025-01-06: federal offices and EDGAR closed Thu 9 Jan 2025 (National Day of
    # Mourning; https://www.freewritings.law/2025/01/...): due Mon 2025-01-13 17:30 ET (D12).
    p = prep("sec", triggers={"materiality_determined": "2025-01-06T15:00"})
    assert clock(rules, p, "2025-01-06T16:00", "sec-8k").due_at == at("2025-01-13T22:30")
    # Mon 2020-12-21: EDGAR closed 24 Dec 2020 (cooleypubco, 16 Dec 2020): Tue 29 Dec (D13).
    p = prep("sec", triggers={"materiality_determined": "2020-12-21T15:00"})
    assert clock(rules, p, "2020-12-21T16:00", "sec-8k").due_at == at("2020-12-29T22:30")


def test_a_closure_announced_mid_incident_comes_from_the_incident_file(
    rules: ClockRules,
) -> None:
    # D5: Wed 2026-11-25 14:00 ET is due Wed 2 Dec 17:30 ET. Were offices closed on Tue 1 Dec
    # by an order announced during the incident, the fourth business day becomes Thu 3 Dec.
    section = {
        "regimes": {"sec": {"applies": True}},
        "triggers": {"materiality_determined": "2026-11-25T19:00:00Z"},
        "closures": [{"calendar": "us-federal", "date": "2026-12-01", "why": "EO (example)"}],
    }
    p = parse_regulatory("f.json", section, rules)
    assert clock(rules, p, "2026-11-25T20:00", "sec-8k").due_at == at("2026-12-03T22:30")
    without = prep("sec", triggers={"materiality_determined": "2026-11-25T19:00"})
    assert clock(rules, without, "2026-11-25T20:00", "sec-8k").due_at == at("2026-12-02T22:30")


def test_closures_are_data_in_the_calendars_file(rules: ClockRules) -> None:
    closures = rules.calendar("us-federal").closures
    assert date(2025, 1, 9) in closures and date(2020, 12, 24) in closures
    assert US_FEDERAL.is_business_day(date(2025, 1, 9))  # the computed calendar alone


# --- E4: DORA final report from the latest updated intermediate report ---------------------
# Delegated Regulation (EU) 2025/301 Art. 5(1)(c): one month after the intermediate report
# "or, where applicable, the latest updated intermediate report" (exlege.bg text).


def test_dora_final_report_runs_from_the_latest_updated_intermediate_report(
    rules: ClockRules,
) -> None:
    p = prep("dora", closes={"dora-intermediate": "dora-2"})
    ticks = {"dora-2": tick("dora-2", "2026-03-09T10:00")}
    assert clock(rules, p, "2026-03-10T00:00", "dora-final", ticks).due_at == at("2026-04-09T10:00")
    updated = p.with_trigger("dora_intermediate_updated", at("2026-03-20T12:00"))
    assert clock(rules, updated, "2026-03-21T00:00", "dora-final", ticks).due_at == at(
        "2026-04-20T12:00"
    )


# --- conditions: any one state, and below a threshold -------------------------------------


def test_hipaa_media_notice_needs_more_than_500_residents_of_one_state(
    rules: ClockRules,
) -> None:
    # 45 CFR 164.406: "more than 500 residents of a State or jurisdiction" (bricker).
    spread = prep("hipaa", residents={"CA": 500, "NY": 400})
    assert clock(rules, spread, "2026-11-27T00:00", "hipaa-media").state is (
        ClockState.NOT_APPLICABLE
    )
    one_state = prep("hipaa", residents={"CA": 501})
    status = clock(rules, one_state, "2026-11-27T00:00", "hipaa-media")
    assert status.due_at == at("2027-01-25T22:40")  # 60 days after discovery
    assert status.rule.recipient == "media"


def test_hipaa_breach_of_fewer_than_500_goes_in_the_annual_log(rules: ClockRules) -> None:
    # D17: discovery 2026-01-15, 499 affected. 45 CFR 164.408(c): within 60 days after the end
    # of the calendar year, i.e. by the end of 1 March 2027 (getpocketlaw 164.408).
    p = prep("hipaa", triggers={"became_aware": "2026-01-15T09:00"}, residents={"CA": 499})
    annual = clock(rules, p, "2026-01-16T00:00", "hipaa-hhs-annual")
    assert annual.due_at == at("2027-03-02T00:00")
    assert clock(rules, p, "2026-01-16T00:00", "hipaa-hhs").state is ClockState.NOT_APPLICABLE


# --- effective dates ------------------------------------------------------------------------
# Cal. Civ. Code 1798.82(a) as amended by SB 446: 30 days, from 1 Jan 2026 (dataprotectionreport).


def test_california_30_day_rule_applies_from_2026(rules: ClockRules) -> None:
    before = prep("us-states", triggers={"became_aware": "2025-12-10T12:00"}, residents={"CA": 10})
    old = clock(rules, before, "2025-12-11T00:00", "us-ca-individuals")
    assert old.state is ClockState.NOT_APPLICABLE and "in force from 2026-01-01" in old.reason
    fallback = clock(rules, before, "2025-12-11T00:00", "us-ca-individuals-before-2026")
    assert fallback.state is ClockState.NO_FIXED_DEADLINE
    after = prep("us-states", triggers={"became_aware": "2026-01-05T12:00"}, residents={"CA": 10})
    assert clock(rules, after, "2026-01-06T00:00", "us-ca-individuals").due_at == at(
        "2026-02-04T12:00"
    )


# --- pauses: law-enforcement delay, the DOJ delay -------------------------------------------


def test_a_law_enforcement_delay_pauses_the_california_clock(rules: ClockRules) -> None:
    # 1798.82(c): notice may be delayed while a law-enforcement agency says it would impede a
    # criminal investigation. Aware 2026-11-26 22:40Z: due 2026-12-26 22:40Z without a pause.
    delay = Pause("law-enforcement", ("us-ca-individuals",), at("2026-12-01T00:00"), None, "ana")
    p = prep("us-states", residents={"CA": 10}).with_pause(delay)
    paused = clock(rules, p, "2026-12-30T00:00", "us-ca-individuals")
    assert paused.state is ClockState.PAUSED  # not OVERDUE while the delay runs
    assert paused.due_at is None and "recorded by ana" in paused.reason
    # The agency lifts the delay on 11 Dec after 10 days: the deadline moves 10 days later.
    ended = prep("us-states", residents={"CA": 10}).with_pause(
        Pause(
            "law-enforcement",
            ("us-ca-individuals",),
            at("2026-12-01T00:00"),
            at("2026-12-11T00:00"),
        )
    )
    assert clock(rules, ended, "2026-12-12T00:00", "us-ca-individuals").due_at == at(
        "2027-01-05T22:40"
    )


def test_the_doj_delay_pauses_the_8k_and_warns_past_its_30_days(rules: ClockRules) -> None:
    # Form 8-K Item 1.05(c): delay on the Attorney General's written notice, 30 days, then 30
    # more, then 60 in extraordinary cases (paulweiss; kpmg). Determination Wed 2026-11-25
    # 14:00 ET: due Wed 2 Dec 17:30 ET. DOJ notice received Tue 1 Dec.
    doj = Pause("sec-doj-delay", ("sec-8k",), at("2026-12-01T15:00"), set_by="general counsel")
    p = prep("sec", triggers={"materiality_determined": "2026-11-25T19:00"}).with_pause(doj)
    within = clock(rules, p, "2026-12-20T00:00", "sec-8k")
    assert within.state is ClockState.PAUSED and "has run" not in within.reason
    beyond = clock(rules, p, "2027-01-05T15:00", "sec-8k")
    assert beyond.state is ClockState.PAUSED
    assert "has run 35 days" in beyond.reason and "30, then 30, then 60" in beyond.reason


def test_the_incident_file_refuses_a_pause_the_rule_does_not_allow(rules: ClockRules) -> None:
    section = {
        "regimes": {"gdpr": {"applies": True}},
        "pauses": [
            {
                "kind": "law-enforcement",
                "clocks": ["gdpr-authority"],
                "start": "2026-11-27T00:00:00Z",
                "set_by": "ana",
            }
        ],
    }
    with pytest.raises(IncidentFileError, match="allows no law-enforcement pause"):
        parse_regulatory("f.json", section, rules)


# --- triggers are legal judgements: who and why ---------------------------------------------


def test_triggers_record_who_set_them_and_why(rules: ClockRules) -> None:
    section = {
        "regimes": {"sec": {"applies": True}},
        "triggers": {
            "materiality_determined": {
                "at": "2026-11-27T15:00:00Z",
                "set_by": "disclosure committee",
                "why": "loss of 48,200 customer records is material (minutes of 27 Nov)",
            }
        },
    }
    p = parse_regulatory("f.json", section, rules)
    assert p.trigger_notes["materiality_determined"].set_by == "disclosure committee"
    resolved = clocks_module.resolve_triggers(p, {}, DETECTED, rules)
    assert resolved["materiality_determined"].why.startswith("loss of 48,200")
    _, text = set_trigger(
        p, "classified_major", at("2026-11-27T16:00"), rules, TriggerNote("dpo", "RTS criteria")
    )
    assert "(by dpo: RTS criteria)" in text


# --- counsel's review and the not-legal-advice line -----------------------------------------


def test_a_rules_file_changed_since_counsel_reviewed_it_shows_as_unreviewed(
    rules: ClockRules,
) -> None:
    incident = parse_incident("sample", sample_incident_data())
    p = incident.extras["regulatory"]
    assert review_status(p, rules, rules_digest()).startswith("unreviewed: the rules changed")
    signed = RulesReview("Dana Whitfield", date(2026, 12, 1), rules_digest())
    assert review_status(replace(p, review=signed), rules, rules_digest()) == (
        "rules reviewed by Dana Whitfield on 2026-12-01"
    )


def test_the_not_legal_advice_line_quotes_the_verification_date(rules: ClockRules) -> None:
    line = not_legal_advice(rules.last_verified)
    assert "not legal advice" in line and "Counsel confirms which laws apply" in line
    assert str(rules.last_verified) in line


# --- calendars per regime, and the sample board ---------------------------------------------


def test_brazil_business_days_skip_national_holidays(rules: ClockRules) -> None:
    # Lei 662/1949 as amended; Lei 14.759/2023 (20 Nov from 2024). Easter 2026 is 5 April.
    holidays = brazil_holidays(2026)
    assert date(2026, 4, 3) in holidays and date(2026, 11, 20) in holidays
    assert date(2023, 11, 20) not in brazil_holidays(2023)
    limit = Limit("became_aware", clocks_module.Offset(business_days=3), calendar="br-national")
    # Thu 2 Apr + 3: (Fri 3 Good Friday, weekend) Mon 6, Tue 7, Wed 8; the end of Wed 8 UTC.
    due = limit_due(limit, at("2026-04-02T13:00"), rules.calendar("br-national"))
    assert due == at("2026-04-09T00:00")
    assert limit_due(limit, at("2026-04-02T13:00")) == at("2026-04-08T00:00")  # US days


def test_the_sample_board_lists_the_new_regimes_and_why_the_others_do_not_apply(
    rules: ClockRules,
) -> None:
    incident = parse_incident("sample", sample_incident_data())
    p = incident.extras["regulatory"]
    statuses = evaluate_clocks(p, {}, incident.detected_at, at("2026-11-27T08:00"), rules)
    by_id = {s.id: s for s in statuses}
    for rule_id in ("us-fl-individuals", "us-co-attorney-general", "us-wa-attorney-general"):
        assert by_id[rule_id].due_at == at("2026-12-26T22:40"), rule_id
    assert by_id["us-ma-individuals"].state is ClockState.NO_FIXED_DEADLINE
    assert by_id["br-lgpd-anpd"].reason.startswith("No Brazilian customers")
    assert by_id["pci-visa"].state is ClockState.NOT_APPLICABLE
    assert unlisted_states(p, rules)  # the other states' clocks are named as not shown
    assert "us-ga-individuals" not in by_id


def test_nis2_final_report_of_an_ongoing_incident_runs_from_its_handling(
    rules: ClockRules,
) -> None:
    # NIS2 Art. 23(4)(e): ongoing at one month → progress report then, final report within
    # one month of handling the incident (resiplan summary).
    p = prep(
        "nis2",
        triggers={
            "nis2_notification_sent": "2026-11-29T10:00",
            "nis2_incident_handled": "2027-01-15T12:00",
        },
    )
    assert clock(rules, p, "2027-01-16T00:00", "nis2-final").due_at == at("2026-12-29T10:00")
    late = clock(rules, p, "2027-01-16T00:00", "nis2-final-after-handling")
    assert late.due_at == at("2027-02-15T12:00")


def test_a_rule_with_days_and_no_fixed_deadline_is_refused() -> None:
    data = json.loads((ROOT / "warroom/data/clock_rules.json").read_text())
    data["rules"][0]["no_fixed_deadline"] = True
    with pytest.raises(IncidentFileError, match="not both"):
        load_clock_rules(json.dumps(data))
    del data["rules"][0]["no_fixed_deadline"]
    del data["rules"][0]["limits"]
    with pytest.raises(IncidentFileError, match="list the limits"):
        load_clock_rules(json.dumps(data))
