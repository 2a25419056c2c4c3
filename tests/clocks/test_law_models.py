"""DORA's weekend relief, HIPAA's substitute notice and the SEC's Form 6-K, as sourced rules.

Each case writes out its input and the due time (or the absence of one) the source gives:
- DORA: Delegated Regulation (EU) 2025/301 Art. 5(4)-(6); BaFin's FAQ
  (https://www.bafin.de/ref/19882254): a report due on a weekend day or a bank holiday of the
  member state may go by 12:00 of the next working day; Art. 5(5) keeps initial and
  intermediate reports of credit institutions, CCPs, trading venues and NIS2 entities out.
- HIPAA: 45 CFR 164.404(d)(2): 10 or more without current contact details → web posting for 90
  days or major media, with a toll-free number for 90 days; fewer than 10 → other means.
- SEC: Form 6-K General Instruction B, Release 33-11216: a foreign private issuer furnishes a
  6-K promptly after it discloses a material incident at home: no four-business-day clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from clockhelp import at, prep

from warroom.domain.clocks import ClockRules, ClockState, ClockStatus, evaluate_clocks
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.regulatory import parse_regulatory

DETECTED = at("2026-03-01T08:00")


def clock(rules: ClockRules, p, now: str, rule_id: str) -> ClockStatus:  # type: ignore[no-untyped-def]
    statuses = evaluate_clocks(p, {}, DETECTED, at(now), rules)
    return next(s for s in statuses if s.id == rule_id)


# Initial notification sent Wed 2026-03-04 10:00Z: the intermediate report's 72 h end on
# Sat 2026-03-07 10:00Z (Art. 5(1)(b)).
INTERMEDIATE = {"became_aware": "2026-03-04T06:00", "dora_initial_sent": "2026-03-04T10:00"}


@pytest.mark.parametrize(
    ("status", "due", "case"),
    [
        # Not said in the file: the strict deadline stands (a relief assumed wrongly is late).
        ("", "2026-03-07T10:00", "not said"),
        # Eligible, in Paris: Mon 2026-03-09 12:00 CET = 11:00Z.
        ("eligible", "2026-03-09T11:00", "eligible"),
        # Excluded by Art. 5(5) (a credit institution): intermediate reports get no relief.
        ("final-only", "2026-03-07T10:00", "credit institution"),
        # Disapplied by the authority (Art. 5(6)).
        ("none", "2026-03-07T10:00", "disapplied"),
    ],
)
def test_dora_intermediate_report_due_on_a_saturday(
    rules: ClockRules, status: str, due: str, case: str
) -> None:
    p = replace(
        prep("dora", triggers=INTERMEDIATE), weekend_relief=status, relief_zone="Europe/Paris"
    )
    found = clock(rules, p, "2026-03-05T00:00", "dora-intermediate")
    assert found.due_at == at(due), case
    if status == "eligible":
        assert "falls on weekend (Sat 07 Mar)" in found.reason
        assert "Delegated Regulation (EU) 2025/301 Art. 5(4)" in found.reason
    if not status:
        assert "may allow until 12:00 of the next working day" in found.reason


def test_dora_final_report_relief_holds_for_an_excluded_entity_too(rules: ClockRules) -> None:
    # Intermediate report sent Sat 2026-02-07 10:00Z; one month later is Sat 2026-03-07 10:00Z
    # (Art. 5(1)(c)). Art. 5(5) excludes only initial and intermediate reports, so a credit
    # institution may file the final report by Mon 2026-03-09 12:00 Paris (11:00Z).
    p = replace(
        prep("dora", triggers={"became_aware": "2026-02-01T00:00"}),
        weekend_relief="final-only",
        relief_zone="Europe/Paris",
    ).with_trigger("dora_intermediate_sent", at("2026-02-07T10:00"))
    assert clock(rules, p, "2026-02-08T00:00", "dora-final").due_at == at("2026-03-09T11:00")


def test_dora_relief_over_a_member_state_bank_holiday(rules: ClockRules) -> None:
    # Initial notification sent Fri 2026-04-03 10:00Z: 72 h end Mon 2026-04-06 10:00Z, Easter
    # Monday, a bank holiday in France: by 12:00 Tue 7 Apr Paris (CEST) = 10:00Z.
    p = replace(
        prep("dora", triggers={"became_aware": "2026-04-03T06:00"}),
        weekend_relief="eligible",
        relief_zone="Europe/Paris",
    ).with_trigger("dora_initial_sent", at("2026-04-03T10:00"))
    assert clock(rules, p, "2026-04-04T00:00", "dora-intermediate").due_at == at(
        "2026-04-06T10:00"
    )  # Monday is a working day until the file says it is a bank holiday
    holiday = p.with_closure("eu-working-days", date(2026, 4, 6), "Lundi de Pâques")
    found = clock(rules, holiday, "2026-04-04T00:00", "dora-intermediate")
    assert found.due_at == at("2026-04-07T10:00")
    assert "falls on Lundi de Pâques" in found.reason


def test_dora_relief_reads_the_day_in_the_member_states_zone(rules: ClockRules) -> None:
    # Initial notification sent Tue 2026-03-03 22:30Z: 72 h end Fri 2026-03-06 22:30Z, which is
    # already Sat 00:30 in Helsinki (EET): by Mon 2026-03-09 12:00 EET = 10:00Z. In Lisbon it
    # is still Friday 22:30: no relief.
    base = prep("dora", triggers={"became_aware": "2026-03-03T20:00"}).with_trigger(
        "dora_initial_sent", at("2026-03-03T22:30")
    )
    helsinki = replace(base, weekend_relief="eligible", relief_zone="Europe/Helsinki")
    lisbon = replace(base, weekend_relief="eligible", relief_zone="Europe/Lisbon")
    assert clock(rules, helsinki, "2026-03-04T00:00", "dora-intermediate").due_at == at(
        "2026-03-09T10:00"
    )
    assert clock(rules, lisbon, "2026-03-04T00:00", "dora-intermediate").due_at == at(
        "2026-03-06T22:30"
    )


def test_the_file_says_whether_the_relief_applies(rules: ClockRules) -> None:
    section = {
        "regimes": {"dora": {"applies": True}},
        "weekend_relief": {"status": "eligible", "zone": "Europe/Dublin", "why": "a payment inst."},
    }
    parsed = parse_regulatory("f.json", section, rules)
    assert (parsed.weekend_relief, parsed.relief_zone) == ("eligible", "Europe/Dublin")
    with pytest.raises(IncidentFileError, match="use one of eligible, final-only, none"):
        parse_regulatory("f.json", {**section, "weekend_relief": {"status": "maybe"}}, rules)
    with pytest.raises(IncidentFileError, match="time zone 'Mars/Olympus' is not available"):
        bad = {"status": "eligible", "zone": "Mars/Olympus"}
        parse_regulatory("f.json", {**section, "weekend_relief": bad}, rules)


# --- HIPAA substitute notice, 45 CFR 164.404(d)(2) -----------------------------------------


def hipaa(rules: ClockRules, unreachable: int | None) -> dict[str, ClockStatus]:
    section: dict[str, object] = {
        "regimes": {"hipaa": {"applies": True}},
        "triggers": {"became_aware": "2026-05-04T09:00:00Z"},
        "affected_total": 1200,
    }
    if unreachable is not None:
        section["counts"] = {"hipaa_contact_insufficient": unreachable}
    p = parse_regulatory("f.json", section, rules)
    statuses = evaluate_clocks(p, {}, DETECTED, at("2026-05-05T00:00"), rules)
    return {s.id: s for s in statuses}


def test_hipaa_substitute_notice_for_ten_or_more_without_contact_details(
    rules: ClockRules,
) -> None:
    found = hipaa(rules, 12)
    sub = found["hipaa-substitute-notice"]
    # Part of the notice to individuals: the same outer limit, 60 days from discovery
    # (164.404(b)): 2026-05-04 09:00Z + 60 days = 2026-07-03 09:00Z.
    assert sub.state is ClockState.RUNNING and sub.due_at == at("2026-07-03T09:00")
    assert sub.rule.outer_limit and sub.rule.recipient == "individuals"
    assert "home page" in sub.rule.note and "90 days" in sub.rule.note
    assert "toll-free number" in sub.rule.note
    assert found["hipaa-substitute-alternative"].state is ClockState.NOT_APPLICABLE


def test_hipaa_fewer_than_ten_get_another_form_of_notice(rules: ClockRules) -> None:
    found = hipaa(rules, 9)
    assert found["hipaa-substitute-alternative"].state is ClockState.RUNNING
    sub = found["hipaa-substitute-notice"]
    assert sub.state is ClockState.NOT_APPLICABLE
    assert "10 or more individuals whose contact information is insufficient" in sub.reason
    assert "(this incident: 9)" in sub.reason
    none = hipaa(rules, None)  # nobody counted: neither applies
    assert none["hipaa-substitute-notice"].state is ClockState.NOT_APPLICABLE
    assert none["hipaa-substitute-alternative"].state is ClockState.NOT_APPLICABLE


def test_a_count_the_rules_do_not_use_is_refused(rules: ClockRules) -> None:
    section = {"regimes": {"hipaa": {"applies": True}}, "counts": {"hipaa_unreachable": 3}}
    with pytest.raises(IncidentFileError, match="unknown count"):
        parse_regulatory("f.json", section, rules)


# --- SEC Form 6-K, foreign private issuers ------------------------------------------------


def test_form_6k_has_no_four_day_clock_it_is_furnished_promptly(rules: ClockRules) -> None:
    p = prep("sec-fpi", triggers={"became_aware": "2026-03-01T08:00"})
    waiting = clock(rules, p, "2026-03-02T00:00", "sec-6k")
    assert waiting.state is ClockState.NO_FIXED_DEADLINE and waiting.due_at is None
    assert waiting.reason == (
        "no fixed number of days: promptly after the information is made public at home "
        "(no four-business-day clock)"
    )
    assert waiting.started_at is None
    public = p.with_trigger("home_country_disclosure", at("2026-03-02T07:00"))
    shown = clock(rules, public, "2026-03-02T09:00", "sec-6k")
    assert shown.state is ClockState.NO_FIXED_DEADLINE and shown.started_at == at(
        "2026-03-02T07:00"
    )
    # A domestic registrant's 8-K is another regime: not on a 6-K filer's board at all.
    ids = {s.id for s in evaluate_clocks(p, {}, DETECTED, at("2026-03-02T00:00"), rules)}
    assert "sec-8k" not in ids


def test_form_6k_cyber_disclosure_applies_from_18_december_2023(rules: ClockRules) -> None:
    # Release 33-11216: the Form 6-K amendments took effect on 18 Dec 2023.
    before = prep("sec-fpi", triggers={"home_country_disclosure": "2023-12-01T12:00"})
    found = clock(rules, before, "2023-12-02T00:00", "sec-6k")
    assert found.state is ClockState.NOT_APPLICABLE and "in force from 2023-12-18" in found.reason


# --- verification of the rules against their sources --------------------------------------


def test_every_verified_rule_says_what_was_checked_and_where(rules: ClockRules) -> None:
    verified = [r for r in rules.rules if r.last_verified is not None]
    assert len(verified) >= 94  # 63 in the LAW-SOURCES audit, 31 checked or added this session
    for rule in verified:
        assert rule.verified_by, rule.id
        assert rule.source_url.startswith(("http://", "https://")), rule.id
    # A rule nobody checked says so: no verified_by without a date.
    assert all(not r.verified_by for r in rules.rules if r.last_verified is None)


@pytest.mark.parametrize(
    ("rule_id", "days", "cited"),
    [
        # Each: the resident notice's outer limit in days from discovery, and where it is read.
        ("us-de-individuals", 60, "not later than 60 days after determination"),  # 12B-102(c)
        ("us-md-individuals", 45, "not later than 45 days after the business discovers"),
        ("us-or-individuals", 45, "not later than 45 days after discovering"),  # 646A.604(3)
        ("us-sd-individuals", 60, "not later than 60 days from discovery"),  # 22-40-20
        ("us-la-individuals", 60, "not later than 60 days from discovery"),  # 51:3074(E)
        ("us-me-individuals", 30, "not later than 30 days after becoming aware"),  # 1348(1)
        ("us-ri-individuals", 45, "no later than 45 calendar days after confirmation"),
        ("us-nm-individuals", 45, "not later than 45 calendar days following discovery"),
    ],
)
def test_state_deadlines_checked_against_the_statute_text(
    rules: ClockRules, rule_id: str, days: int, cited: str
) -> None:
    rule = rules.rule(rule_id)
    assert rule is not None and rule.outer_limit
    (limit,) = rule.limits
    assert limit.trigger == "became_aware" and limit.offset.days == days
    assert rule.conditions[0].at_least == 1  # any resident
    assert rule.last_verified == date(2026, 12, 1)
    state = rule_id.split("-")[1].upper()
    p = prep("us-states", triggers={"became_aware": "2026-06-01T12:00"}, residents={state: 3})
    status = clock(rules, p, "2026-06-02T00:00", rule_id)
    assert status.due_at == at("2026-06-01T12:00") + timedelta(days=days), cited


def test_pecr_breach_reports_run_72_hours_from_20_august_2025(rules: ClockRules) -> None:
    # The Data (Use and Access) Act 2025, commenced on 20 Aug 2025 by SI 2025/904 (SCL,
    # https://www.scl.org/data-use-and-access-act-2025-commencement-no-1-regulations-2025-made;
    # the ICO's guide notes the change that day), replaced PECR's 24 hours with "without undue
    # delay and, where feasible, not later than 72 hours after having become aware".
    late = prep("uk-pecr", triggers={"became_aware": "2025-09-01T10:00"})
    now = clock(rules, late, "2025-09-01T11:00", "uk-pecr-ico-72h")
    assert now.due_at == at("2025-09-04T10:00")  # was 2025-09-02 10:00Z: a day and more early
    assert clock(rules, late, "2025-09-01T11:00", "uk-pecr-ico").state is ClockState.NOT_APPLICABLE
    early = prep("uk-pecr", triggers={"became_aware": "2025-08-01T10:00"})
    assert clock(rules, early, "2025-08-01T11:00", "uk-pecr-ico").due_at == at("2025-08-02T10:00")
    assert clock(rules, early, "2025-08-01T11:00", "uk-pecr-ico-72h").state is (
        ClockState.NOT_APPLICABLE
    )
