"""The clock rules against the law, case by case: one row per worked example.

Each row names the rule, a piece of its citation (asserted to be in the rule's ``source``, so
the data cites what the case relies on), the regime, residents, trigger times (UTC), and the
expected due time (UTC), ``n/a`` (the rule does not apply) or ``no date`` (the law sets no
number of days). The ``why`` column says where the expected answer comes from: the case number
of ``/work/shared/LAW-SOURCES.md`` (D1-D20) or the provision itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from clockhelp import at

from warroom.domain.clocks import (
    ClockRules,
    ClockState,
    RegimeApplicability,
    RegulatoryPrep,
    evaluate_clocks,
)

DETECTED = at("2026-11-26T22:40:00")
NA, NO_DATE = "n/a", "no date"


class Case(NamedTuple):
    rule: str
    cite: str
    regime: str
    residents: dict[str, int]
    triggers: dict[str, str]
    expected: str
    why: str


def c(
    rule: str,
    cite: str,
    regime: str,
    expected: str,
    why: str,
    residents: dict[str, int] | None = None,
    **triggers: str,
) -> Case:
    return Case(rule, cite, regime, residents or {}, triggers, expected, why)


SEC_CUTOFF = "17:30 New York time, 17 CFR 232.13(a)(2)"
CASES = [
    # EU
    c("gdpr-authority", "Art. 33(1)", "gdpr", "2026-11-29T22:40", "72 h from awareness (D1)"),
    c("gdpr-individuals", "Art. 34(1)", "gdpr", NO_DATE, "without undue delay: no hours"),
    c("nis2-early-warning", "23(4)(a)", "nis2", "2026-11-27T22:40", "24 h (D2)"),
    c("nis2-notification", "23(4)(b)", "nis2", "2026-11-29T22:40", "72 h (D2)"),
    c(
        "nis2-final",
        "23(4)(d)",
        "nis2",
        "2027-02-28T16:00",
        "one month, day clamped (D15: early by a day, safe)",
        nis2_notification_sent="2027-01-31T16:00",
    ),
    c("nis2-recipients", "Art. 23(1)", "nis2", NO_DATE, "without undue delay"),
    c(
        "dora-initial",
        "2025/301 Art. 5",
        "dora",
        "2026-03-03T03:00",
        "4 h from classification, the earlier limit (D4)",
        became_aware="2026-03-02T10:00",
        classified_major="2026-03-02T23:00",
    ),
    c(
        "dora-initial",
        "2025/301 Art. 5",
        "dora",
        "2026-03-03T10:00",
        "classified 22 h after awareness: the 24 h cap binds (D4)",
        became_aware="2026-03-02T10:00",
        classified_major="2026-03-03T08:00",
    ),
    c(
        "dora-initial",
        "5(2)",
        "dora",
        "2026-03-04T13:00",
        "classified after the 24 h: 4 h from the classification (D3, E1)",
        became_aware="2026-03-02T10:00",
        classified_major="2026-03-04T09:00",
    ),
    c(
        "dora-intermediate",
        "5(1)(b)",
        "dora",
        "2026-03-09T20:00",
        "72 h through the weekend (D16)",
        dora_initial_sent="2026-03-06T20:00",
    ),
    c(
        "dora-final",
        "5(1)(c)",
        "dora",
        "2026-04-09T20:00",
        "one month after the intermediate report",
        dora_intermediate_sent="2026-03-09T20:00",
    ),
    c(
        "dora-final",
        "5(1)(c)",
        "dora",
        "2026-04-20T12:00",
        "one month after the latest updated intermediate report (E4)",
        dora_intermediate_sent="2026-03-09T20:00",
        dora_intermediate_updated="2026-03-20T12:00",
    ),
    c("dora-clients", "Art. 19(3)", "dora", NO_DATE, "without undue delay"),
    # SEC: Eastern dates, business days, the 17:30 cut-off, closures
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-12-02T22:30",
        "D5, " + SEC_CUTOFF,
        materiality_determined="2026-11-25T19:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-12-31T22:30",
        "D6",
        materiality_determined="2026-12-24T15:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-12-03T22:30",
        "D7: a Saturday determination",
        materiality_determined="2026-11-28T12:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-11-24T22:30",
        "D8: 23:30 Eastern on Wed 18",
        materiality_determined="2026-11-19T04:30",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-07-09T21:30",
        "D9: 4 July observed Fri 3",
        materiality_determined="2026-07-02T14:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-07-09T21:30",
        "D9: determined on the holiday",
        materiality_determined="2026-07-03T14:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2028-01-04T22:30",
        "D10: New Year observed 31 Dec",
        materiality_determined="2027-12-28T15:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2026-11-05T22:30",
        "D11: DST ends 1 Nov",
        materiality_determined="2026-10-30T14:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2025-01-13T22:30",
        "D12: EDGAR closed 9 Jan 2025 (E3)",
        materiality_determined="2025-01-06T15:00",
    ),
    c(
        "sec-8k",
        "Item 1.05",
        "sec",
        "2020-12-29T22:30",
        "D13: EDGAR closed 24 Dec 2020 (E3)",
        materiality_determined="2020-12-21T15:00",
    ),
    c(
        "sec-8k-amendment",
        "Instruction 2",
        "sec",
        "2026-12-02T22:30",
        "four business days after the information becomes available",
        sec_missing_info_available="2026-11-25T19:00",
    ),
    # HIPAA
    c("hipaa-individuals", "164.404(b)", "hipaa", "2027-01-25T22:40", "60 days, outer limit"),
    c("hipaa-hhs", "164.408(b)", "hipaa", "2027-01-25T22:40", "500 or more", {"CA": 500}),
    c("hipaa-hhs", "164.408(b)", "hipaa", NA, "499: the annual log instead", {"CA": 499}),
    c(
        "hipaa-hhs-annual",
        "164.408(c)",
        "hipaa",
        "2027-03-02T00:00",
        "D17: 60 days after the end of 2026, i.e. by the end of 1 March 2027",
        {"CA": 499},
        became_aware="2026-01-15T09:00",
    ),
    c("hipaa-hhs-annual", "164.408(c)", "hipaa", NA, "500 or more: not the log", {"CA": 500}),
    c(
        "hipaa-media",
        "164.406",
        "hipaa",
        "2027-01-25T22:40",
        "more than 500 in one state",
        {"CA": 501},
    ),
    c(
        "hipaa-media",
        "164.406",
        "hipaa",
        NA,
        "900 in total but no state over 500",
        {"CA": 500, "NY": 400},
    ),
    # US states: residents
    c(
        "us-ca-individuals",
        "1798.82(a)",
        "us-states",
        "2026-12-26T22:40",
        "30 days (SB 446)",
        {"CA": 1},
    ),
    c(
        "us-ca-individuals",
        "1798.82(a)",
        "us-states",
        NA,
        "30-day rule from 1 Jan 2026",
        {"CA": 1},
        became_aware="2025-12-10T12:00",
    ),
    c(
        "us-ca-individuals-before-2026",
        "1798.82(a)",
        "us-states",
        NO_DATE,
        "before SB 446: most expedient time, no number of days",
        {"CA": 1},
        became_aware="2025-12-10T12:00",
    ),
    c(
        "us-ca-attorney-general",
        "1798.82(f)",
        "us-states",
        "2026-02-16T00:00",
        "D18: 501 residents, 15 days after the consumer notice",
        {"CA": 501},
        became_aware="2026-01-10T00:00",
        consumer_notice_sent="2026-02-01T00:00",
    ),
    c(
        "us-ca-attorney-general",
        "1798.82(f)",
        "us-states",
        NA,
        "D19: 500 is not more than 500",
        {"CA": 500},
    ),
    c("us-ny-individuals", "899-aa(2)", "us-states", "2026-12-26T22:40", "30 days", {"NY": 1}),
    c(
        "us-ny-individuals",
        "899-aa(2)",
        "us-states",
        NA,
        "30-day rule from 24 Dec 2024",
        {"NY": 1},
        became_aware="2024-11-01T00:00",
    ),
    c("us-tx-individuals", "521.053(b)", "us-states", "2027-01-25T22:40", "60 days", {"TX": 1}),
    c(
        "us-tx-attorney-general",
        "521.053(i)",
        "us-states",
        "2026-12-26T22:40",
        "D20: 250 Texans",
        {"TX": 250},
    ),
    c("us-tx-attorney-general", "521.053(i)", "us-states", NA, "249 Texans", {"TX": 249}),
    c(
        "us-tx-credit-bureaus",
        "521.053(h)",
        "us-states",
        NO_DATE,
        "more than 10,000",
        {"TX": 10001},
    ),
    c("us-tx-credit-bureaus", "521.053(h)", "us-states", NA, "10,000 exactly", {"TX": 10000}),
    c("us-al-individuals", "8-38-5(b)", "us-states", "2027-01-10T22:40", "45 days", {"AL": 1}),
    c(
        "us-al-attorney-general",
        "8-38-6",
        "us-states",
        "2027-01-10T22:40",
        "more than 1,000",
        {"AL": 1001},
    ),
    c("us-al-attorney-general", "8-38-6", "us-states", NA, "1,000 exactly", {"AL": 1000}),
    c("us-az-individuals", "18-552(B)", "us-states", "2027-01-10T22:40", "45 days", {"AZ": 1}),
    c(
        "us-az-attorney-general",
        "18-552(B)",
        "us-states",
        "2027-01-10T22:40",
        "more than 1,000",
        {"AZ": 1001},
    ),
    c(
        "us-az-homeland-security",
        "18-552(B)",
        "us-states",
        "2027-01-10T22:40",
        "more than 1,000",
        {"AZ": 1001},
    ),
    c("us-ct-individuals", "36a-701b(b)(1)", "us-states", "2027-01-25T22:40", "60 days", {"CT": 1}),
    c(
        "us-ct-attorney-general",
        "36a-701b(b)(2)",
        "us-states",
        "2027-01-25T22:40",
        "no later than the residents",
        {"CT": 1},
    ),
    c("us-fl-individuals", "501.171(4)", "us-states", "2026-12-26T22:40", "30 days", {"FL": 1}),
    c(
        "us-fl-legal-affairs",
        "501.171(3)",
        "us-states",
        "2026-12-26T22:40",
        "500 or more",
        {"FL": 500},
    ),
    c("us-fl-legal-affairs", "501.171(3)", "us-states", NA, "499", {"FL": 499}),
    c("us-fl-credit-bureaus", "501.171(5)", "us-states", NO_DATE, "more than 1,000", {"FL": 1001}),
    c("us-co-individuals", "6-1-716(2)", "us-states", "2026-12-26T22:40", "30 days", {"CO": 1}),
    c(
        "us-co-attorney-general",
        "6-1-716(2)(f)",
        "us-states",
        "2026-12-26T22:40",
        "500 or more",
        {"CO": 500},
    ),
    c("us-co-credit-bureaus", "6-1-716(2)(d)", "us-states", NO_DATE, "1,000 or more", {"CO": 1000}),
    c("us-co-credit-bureaus", "6-1-716(2)(d)", "us-states", NA, "999", {"CO": 999}),
    c("us-wa-individuals", "19.255.010", "us-states", "2026-12-26T22:40", "30 days", {"WA": 1}),
    c(
        "us-wa-attorney-general",
        "19.255.010",
        "us-states",
        "2026-12-26T22:40",
        "more than 500",
        {"WA": 501},
    ),
    c("us-wa-attorney-general", "19.255.010", "us-states", NA, "500 exactly", {"WA": 500}),
    c("us-ma-individuals", "93H § 3(b)", "us-states", NO_DATE, "as soon as practicable", {"MA": 1}),
    c(
        "us-ma-attorney-general",
        "93H § 3(b)",
        "us-states",
        NO_DATE,
        "as soon as practicable",
        {"MA": 1},
    ),
    c("us-ma-ocabr", "93H § 3(b)", "us-states", NO_DATE, "with the AG", {"MA": 1}),
    c("us-ny-attorney-general", "899-aa(8)(a)", "us-states", NO_DATE, "agency notice", {"NY": 1}),
    c(
        "us-ny-department-of-state",
        "899-aa(8)(a)",
        "us-states",
        NO_DATE,
        "agency notice",
        {"NY": 1},
    ),
    c("us-ny-state-police", "899-aa(8)(a)", "us-states", NO_DATE, "agency notice", {"NY": 1}),
    c("us-ny-dfs", "899-aa(8)(a)", "us-states", NO_DATE, "DFS added in 2024", {"NY": 1}),
    c(
        "us-ny-credit-bureaus",
        "899-aa(8)(b)",
        "us-states",
        NO_DATE,
        "more than 5,000",
        {"NY": 5001},
    ),
    c("us-ny-credit-bureaus", "899-aa(8)(b)", "us-states", NA, "5,000 exactly", {"NY": 5000}),
    c("us-pr-daco", "4052", "us-states", "2026-12-06T22:40", "10 days", {"PR": 1}),
    c(
        "us-vt-attorney-general",
        "2435(b)(3)",
        "us-states",
        "2026-12-10T22:40",
        "14 business days, counted as 14 calendar days (never later)",
        {"VT": 1},
    ),
    # Attorney General rows of issue 13; sources in each rule's verified_by
    c(
        "us-la-attorney-general",
        "§ 701",
        "us-states",
        "2026-12-20T15:00",
        "10 days of the residents' notice (ag.state.la.us, § 701(B))",
        {"LA": 1},
        la_resident_notice_sent="2026-12-10T15:00",
    ),
    c(
        "us-pa-attorney-general",
        "Act 33 of 2024",
        "us-states",
        NO_DATE,
        "more than 500: concurrently with the residents (Constangy on Act 33)",
        {"PA": 501},
    ),
    c(
        "us-ok-attorney-general",
        "SB 626",
        "us-states",
        "2027-02-13T12:00",
        "500 or more: 60 days after the residents' notice (LawIvy on SB 626)",
        {"OK": 500},
        ok_resident_notice_sent="2026-12-15T12:00",
    ),
    c(
        "us-il-attorney-general",
        "530/10(e)",
        "us-states",
        NO_DATE,
        "more than 500: no later than the residents (Buckley on SB 1624)",
        {"IL": 501},
    ),
    c("us-de-individuals", "12B-102(c)", "us-states", "2027-01-25T22:40", "60 days", {"DE": 1}),
    c("us-me-individuals", "1348(1)", "us-states", "2026-12-26T22:40", "30 days", {"ME": 1}),
    c("us-ga-individuals", "10-1-912", "us-states", NO_DATE, "no fixed days", {"GA": 1}),
    # outside the EU and the US
    c("uk-gdpr-ico", "UK GDPR Art. 33(1)", "uk-gdpr", "2026-11-29T22:40", "72 h"),
    # PECR's 24 h ended on 20 Aug 2025 (Data (Use and Access) Act 2025, SI 2025/904): 72 h.
    c("uk-pecr-ico", "reg. 5A", "uk-pecr", NA, "24 h: breaches known before 20 Aug 2025"),
    c("uk-pecr-ico-72h", "SI 2025/904", "uk-pecr", "2026-11-29T22:40", "72 h from 20 Aug 2025"),
    c("ca-pipeda-opc", "10.1", "pipeda", NO_DATE, "as soon as feasible"),
    c("au-ndb-assessment", "26WH(2)", "au-ndb", "2026-12-26T22:40", "30-day assessment"),
    c("au-ndb-oaic", "26WK", "au-ndb", NO_DATE, "as soon as practicable"),
    c(
        "sg-pdpa-pdpc",
        "26D(1)",
        "sg-pdpa",
        "2026-12-01T09:00",
        "3 calendar days after the assessment",
        pdpa_assessed="2026-11-28T09:00",
    ),
    c(
        "in-dpdp-board-report",
        "r. 7(2)(b)",
        "in-dpdp",
        "2027-06-04T00:00",
        "72 h",
        became_aware="2027-06-01T00:00",
    ),
    c("in-dpdp-board-report", "r. 7(2)(b)", "in-dpdp", NA, "rule 7 not yet in force in 2026"),
    c("in-cert-in", "CERT-In Directions", "in-cert-in", "2026-11-27T04:40", "6 h"),
    c(
        "br-lgpd-anpd",
        "15/2024",
        "br-lgpd",
        "2026-04-09T02:59",
        "3 business days over Good Friday (3 Apr 2026), end of day in Sao Paulo",
        became_aware="2026-04-02T13:00",
    ),
    c(
        "br-lgpd-anpd",
        "15/2024",
        "br-lgpd",
        "2026-04-25T02:59",
        "over Tiradentes (21 Apr)",
        became_aware="2026-04-20T13:00",
    ),
    c(
        "br-lgpd-individuals",
        "Art. 9",
        "br-lgpd",
        "2026-11-26T02:59",
        "over Consciencia Negra (20 Nov, a national holiday from 2024)",
        became_aware="2026-11-19T13:00",
    ),
    c("pci-visa", "acquirer", "pci", "2026-11-29T22:40", "3 days, per the acquirer contract"),
]


def test_the_table_covers_at_least_sixty_cases_across_the_regimes() -> None:
    assert len(CASES) >= 60
    assert len({case.regime for case in CASES}) >= 12


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.rule}:{case.why[:30]}")
def test_rule_against_the_law(rules: ClockRules, case: Case) -> None:
    rule = rules.rule(case.rule)
    assert rule is not None, case.rule
    assert case.cite in rule.source, f"{case.rule} should cite {case.cite}: {rule.source}"
    prep = RegulatoryPrep(
        regimes=(RegimeApplicability(case.regime, True),),
        triggers={name: at(value) for name, value in case.triggers.items()},
        residents=case.residents,
    )
    latest = max([DETECTED, *(at(value) for value in case.triggers.values())])
    statuses = evaluate_clocks(prep, {}, DETECTED, latest, rules, include_unlisted_states=True)
    status = next(s for s in statuses if s.id == case.rule)
    if case.expected == NA:
        assert status.state is ClockState.NOT_APPLICABLE, status.reason
    elif case.expected == NO_DATE:
        assert status.state is ClockState.NO_FIXED_DEADLINE
        assert status.due_at is None and status.outer_limit_note
    else:
        assert status.due_at == at(case.expected), status.reason


def test_the_readme_lists_every_regime_and_clock_with_its_citation(rules: ClockRules) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "they are not legal advice" in readme
    for rule in rules.rules:
        assert rule.source in readme, rule.id
        assert rule.regime in readme, rule.id
