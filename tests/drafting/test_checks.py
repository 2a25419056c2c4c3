"""Each check on a draft that breaks it and on one that passes it (rules come from the data)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from warroom.domain.checks import check_draft, load_rulebook, reading_grade
from warroom.domain.drafts import DraftingPrep, DraftKind, DraftLimits, render
from warroom.domain.incident import Facts, Incident

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

Case = tuple[str, str, Facts, DraftingPrep]
"""kind, rendered text, facts, prep."""
Make = Callable[[Incident, DraftingPrep], Case]


def base(kind: str) -> Make:
    """The sample draft of ``kind`` as rendered from the sample facts."""

    def make(incident: Incident, prep: DraftingPrep) -> Case:
        team = incident.teams[0] if kind == "briefing" else None
        text = render(prep.template(DraftKind(kind)), incident.facts, team=team, last_updated=NOW)
        return kind, text.text, incident.facts, prep

    return make


def edit(kind: str, old: str, new: str) -> Make:
    """The sample draft with one piece of text replaced (which must be there)."""

    def make(incident: Incident, prep: DraftingPrep) -> Case:
        k, text, facts, p = base(kind)(incident, prep)
        assert old in text, old
        return k, text.replace(old, new), facts, p

    return make


def add(kind: str, extra: str) -> Make:
    def make(incident: Incident, prep: DraftingPrep) -> Case:
        k, text, facts, p = base(kind)(incident, prep)
        return k, text + "\n" + extra + "\n", facts, p

    return make


def with_facts(make: Make, **changes: object) -> Make:
    def wrapped(incident: Incident, prep: DraftingPrep) -> Case:
        k, text, facts, p = make(incident, prep)
        return k, text, dataclasses.replace(facts, **changes), p  # type: ignore[arg-type]

    return wrapped


def with_prep(make: Make, **changes: object) -> Make:
    def wrapped(incident: Incident, prep: DraftingPrep) -> Case:
        k, text, facts, p = make(incident, prep)
        return k, text, facts, dataclasses.replace(p, **changes)  # type: ignore[arg-type]

    return wrapped


def text_case(kind: str, text: str) -> Make:
    def make(incident: Incident, prep: DraftingPrep) -> Case:
        return kind, text, incident.facts, prep

    return make


SSN = ("names", "Social Security numbers")
FULL_CARD = ("names", "payment card numbers")
DATED = {
    "breach_started": datetime(2026, 11, 19, tzinfo=UTC),
    "discovered_at": datetime(2026, 11, 26, 22, 10, tzinfo=UTC),
}
MA_LETTER = (
    "Subject: Notice of Data Breach\n\n# Notice of Data Breach\n\nDear customer,\n\n"
    "We are writing about an incident that may involve your personal information. "
    "You have the right to obtain a police report. You can place a security freeze on your "
    "credit file. A security freeze is free of charge. Call 1-800-555-0142 with any question.\n"
)

SSN_FACTS: dict[str, object] = {"data_affected": SSN}
SORRY = "Subject: Notice\n\nWe are sorry.\n"
BUREAUS = "\n\n".join(
    [
        "Equifax: 1-800-685-1111, P.O. Box 105788, Atlanta, GA 30348, https://www.equifax.com",
        "Experian: 1-888-397-3742, P.O. Box 9554, Allen, TX 75013, https://www.experian.com",
        "TransUnion: 1-888-909-8872, P.O. Box 2000, Chester, PA 19016, https://www.transunion.com",
    ]
)

# rule id, profiles, breaking case, passing case
CASES: list[tuple[str, tuple[str, ...], Make, Make]] = [
    (
        "playbook.what-to-do",
        (),
        edit("notice", "Change your Northwind password, and", "And"),
        base("notice"),
    ),
    (
        "playbook.what-happened",
        (),
        edit("notice", "On 26 November 2026 we found", "We found"),
        base("notice"),
    ),
    ("playbook.data-affected", (), edit("notice", "- postal addresses\n", ""), base("notice")),
    (
        "playbook.security-improves",
        (),
        edit("notice", "Every contractor login now needs", "Each contractor login now needs"),
        base("notice"),
    ),
    (
        "playbook.faq-link",
        (),
        edit("banner", "https://www.example.com/security-update", "our website"),
        base("banner"),
    ),
    ("playbook.hotline", (), edit("notice", "1-800-555-0142", "our hotline"), base("notice")),
    (
        "playbook.briefing-hotline",
        (),
        edit("briefing", "1-800-555-0142", "the hotline"),
        base("briefing"),
    ),
    ("playbook.faq-last-updated", (), edit("faq", "Last updated:", "Stamp:"), base("faq")),
    (
        "consistency.customer-count",
        (),
        edit("social", "customer details", "customer details of 48,000 customers"),
        edit("social", "customer details", "customer details of 48,200 customers"),
    ),
    (
        "consistency.dates-order",
        (),
        with_facts(base("notice"), breach_started=datetime(2026, 11, 28, tzinfo=UTC)),
        with_facts(base("notice"), **DATED),
    ),
    (
        "consistency.dates-future",
        (),
        with_facts(base("notice"), breach_ended=datetime(2026, 12, 1, tzinfo=UTC)),
        with_facts(base("notice"), breach_ended=datetime(2026, 11, 26, tzinfo=UTC)),
    ),
    (
        "placeholders.unfilled",
        (),
        add("notice", "Your reference is [reference number]."),
        add("notice", "See [our FAQ](https://www.example.com/security-update)."),
    ),
    (
        "advice.ssn-credit-bureaus",
        (),
        with_facts(base("notice"), data_affected=SSN),
        with_facts(
            add(
                "notice",
                "Contact the credit bureaus Equifax, Experian and TransUnion. "
                "We offer 24 months of free identity protection.",
            ),
            data_affected=SSN,
        ),
    ),
    (
        "advice.identity-protection-12-months",
        (),
        with_facts(
            add("notice", "Contact Equifax. We offer 6 months of free identity protection."),
            data_affected=SSN,
        ),
        with_facts(
            add("notice", "Contact Equifax. We offer two years of free identity protection."),
            data_affected=SSN,
        ),
    ),
    (
        "advice.change-password",
        (),
        edit("notice", "Change your Northwind password", "Think about your Northwind password"),
        base("notice"),
    ),
    (
        "advice.replace-card",
        (),
        with_facts(base("notice"), data_affected=FULL_CARD),
        with_facts(add("notice", "Ask your bank for a new card."), data_affected=FULL_CARD),
    ),
    (
        "channels.official",
        (),
        add("notice", "Log in at https://northwind-secure.example.net."),
        add("notice", "Place a fraud alert at https://www.equifax.com or call 1-800-685-1111."),
    ),
    (
        "plain.reading-grade",
        (),
        text_case(
            "banner",
            "Notwithstanding organisational considerations, comprehensive "
            "remediation activities are systematically proceeding. "
            "https://www.example.com/security-update",
        ),
        base("banner"),
    ),
    (
        "plain.long-sentences",
        (),
        text_case("notice", MA_LETTER + "We " + "really " * 30 + "care."),
        text_case("notice", MA_LETTER),
    ),
    ("plain.dodges", (), add("notice", "This was a sophisticated attack."), base("notice")),
    ("plain.internal-names", (), add("notice", "The ORCA system was affected."), base("notice")),
    (
        "length.social",
        (),
        with_prep(base("social"), limits=DraftLimits(social_post_length=60, social_max_posts=2)),
        base("social"),
    ),
    (
        "length.banner",
        (),
        with_prep(base("banner"), limits=DraftLimits(banner_length=60)),
        base("banner"),
    ),
    (
        "california.title",
        ("california",),
        edit("notice", "# Notice of Data Breach\n", ""),
        base("notice"),
    ),
    (
        "california.headings",
        ("california",),
        edit("notice", "## What We Are Doing", "## What we do"),
        base("notice"),
    ),
    (
        "california.headings-order",
        ("california",),
        text_case(
            "notice", "Subject: x\n\n## What Information Was Involved\nx\n\n## What Happened\n"
        ),
        base("notice"),
    ),
    ("california.notice-date", ("california",), text_case("notice", SORRY), base("notice")),
    (
        "california.law-enforcement",
        ("california",),
        with_facts(text_case("notice", SORRY), law_enforcement_delay=True),
        with_facts(base("notice"), law_enforcement_delay=True),
    ),
    ("california.contact", ("california",), text_case("notice", SORRY), base("notice")),
    (
        "california.credit-bureaus",
        ("california",),
        with_facts(add("notice", "Contact Equifax, Experian and TransUnion."), data_affected=SSN),
        with_facts(add("notice", BUREAUS), data_affected=SSN),
    ),
    (
        "california.identity-theft-services",
        ("california",),
        with_facts(add("notice", "We offer 12 months of identity protection."), data_affected=SSN),
        with_facts(
            add("notice", "We offer 12 months of identity protection at no cost."),
            data_affected=SSN,
        ),
    ),
    (
        "connecticut.monitoring-24-months",
        ("connecticut",),
        with_facts(add("notice", "We offer 18 months of free identity protection."), **SSN_FACTS),
        with_facts(add("notice", "We offer 24 months of free identity protection."), **SSN_FACTS),
    ),
    (
        "channels.lookalike",
        (),
        add("notice", "Reset it at https://www.ex\u0430mple.com/reset."),
        base("notice"),
    ),
    (
        "channels.unicode-dashes",
        (),
        add("notice", "Call 1\u2011800\u2011555\u20110142."),
        base("notice"),
    ),
    (
        "channels.credential-request",
        (),
        add("notice", "Please verify your password on our site."),
        base("notice"),
    ),
    (
        "channels.subject-line",
        (),
        edit("notice", "Subject: Notice of Data Breach: your Northwind Outfitters account\n", ""),
        base("notice"),
    ),
    (
        "california.breach-date",
        ("california",),
        edit("notice", "between 19 and 26 November 2026", "recently"),
        base("notice"),
    ),
    (
        "gdpr.nature",
        ("gdpr",),
        edit("notice", "On 26 November 2026 we found", "We found"),
        base("notice"),
    ),
    ("gdpr.contact", ("gdpr",), edit("notice", "dpo@example.com", "our office"), base("notice")),
    (
        "gdpr.consequences",
        ("gdpr",),
        edit("notice", "The risk is that someone could use", "Someone can use"),
        base("notice"),
    ),
    (
        "gdpr.measures",
        ("gdpr",),
        edit("notice", "We removed the attacker's access", "We acted"),
        base("notice"),
    ),
    (
        "hipaa.dates",
        ("hipaa",),
        with_facts(text_case("notice", "Subject: x\n\nWe had a breach. We found it.\n"), **DATED),
        with_facts(
            text_case(
                "notice",
                "Subject: x\n\nIt began in November 2026. We found it on November 26, 2026.\n",
            ),
            **DATED,
        ),
    ),
    (
        "hipaa.toll-free",
        ("hipaa",),
        with_facts(edit("notice", "1-800-555-0142", "503-555-0142"), hotline="503-555-0142"),
        base("notice"),
    ),
    (
        "hipaa.contact",
        ("hipaa",),
        text_case("notice", "Subject: Notice\n\nWe are sorry.\n"),
        text_case("notice", "Subject: Notice\n\nCall 1-800-555-0142.\n"),
    ),
    (
        "hipaa.data-affected",
        ("hipaa",),
        edit("notice", "- postal addresses\n", ""),
        base("notice"),
    ),
    (
        "hipaa.steps-individuals",
        ("hipaa",),
        edit("notice", "Change your Northwind password, and", "And"),
        base("notice"),
    ),
    (
        "hipaa.what-we-are-doing",
        ("hipaa",),
        edit("notice", "We removed the attacker's access", "We acted"),
        base("notice"),
    ),
    (
        "hipaa.protect-further",
        ("hipaa",),
        edit("notice", "Every contractor login now needs", "Each contractor login now needs"),
        base("notice"),
    ),
    ("massachusetts.no-nature", ("massachusetts",), base("notice"), text_case("notice", MA_LETTER)),
    (
        "massachusetts.no-nature-words",
        ("massachusetts",),
        text_case("notice", MA_LETTER + "\nA hacker got in.\n"),
        text_case("notice", MA_LETTER),
    ),
    (
        "massachusetts.no-count",
        ("massachusetts",),
        text_case("notice", MA_LETTER + "\nIt affects 48,200 customers.\n"),
        text_case("notice", MA_LETTER),
    ),
    (
        "massachusetts.police-report",
        ("massachusetts",),
        text_case("notice", MA_LETTER.replace("police report", "report")),
        text_case("notice", MA_LETTER),
    ),
    (
        "massachusetts.freeze-information",
        ("massachusetts",),
        text_case("notice", MA_LETTER),
        text_case("notice", MA_LETTER + "To place a freeze, give your name and date of birth.\n"),
    ),
    (
        "massachusetts.monitoring-18-months",
        ("massachusetts",),
        with_facts(
            text_case("notice", MA_LETTER + "We offer 12 months of free credit monitoring.\n"),
            **SSN_FACTS,
        ),
        with_facts(
            text_case("notice", MA_LETTER + "We offer 18 months of free credit monitoring.\n"),
            **SSN_FACTS,
        ),
    ),
    (
        "massachusetts.security-freeze",
        ("massachusetts",),
        text_case("notice", MA_LETTER.replace("free of charge", "available")),
        text_case("notice", MA_LETTER),
    ),
]


def _rule_ids(make: Make, profiles: tuple[str, ...], incident: Incident, prep: DraftingPrep):
    kind, text, facts, p = make(incident, prep)
    problems = check_draft(kind, text, facts, profiles, NOW, prep=p)
    return {pr.rule_id: pr for pr in problems}


def test_every_rule_has_a_case() -> None:
    book = load_rulebook()
    assert {r.id for t in book.tables.values() for r in t.rules} == {c[0] for c in CASES}


@pytest.mark.parametrize(
    ("rule_id", "profiles", "breaking", "passing"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_catches_break_and_passes_fix(
    rule_id: str,
    profiles: tuple[str, ...],
    breaking: Make,
    passing: Make,
    incident: Incident,
    prep: DraftingPrep,
) -> None:
    broken = _rule_ids(breaking, profiles, incident, prep)
    assert rule_id in broken
    problem = broken[rule_id]
    assert problem.reason and problem.source and problem.message
    assert rule_id not in _rule_ids(passing, profiles, incident, prep)


@pytest.mark.parametrize(
    "filler", ["{facts.nope}", "[date]", "TBD", "XXX", "<insert date here>", "<Insert name>"]
)
def test_each_placeholder_form_is_flagged_on_its_line(
    filler: str, incident: Incident, prep: DraftingPrep
) -> None:
    text = f"Subject: Hi\n\nFirst line.\nWe found it on {filler}.\n"
    problems = check_draft("notice", text, incident.facts, (), NOW, prep=prep)
    hits = [p for p in problems if p.rule_id == "placeholders.unfilled"]
    assert hits and hits[0].line == 4


def test_last_four_digits_alone_do_not_ask_for_a_new_card(
    incident: Incident, prep: DraftingPrep
) -> None:
    text = render(prep.template(DraftKind.NOTICE), incident.facts).text.replace("new card", "")
    problems = check_draft("notice", text, incident.facts, (), NOW, prep=prep)
    assert "advice.replace-card" not in {p.rule_id for p in problems}


def test_channel_problem_names_the_stranger_and_its_line(
    incident: Incident, prep: DraftingPrep
) -> None:
    text = "Subject: x\n\nCall 1-800-555-0142.\nOr write to refunds@example.org today.\n"
    problems = check_draft("notice", text, incident.facts, (), NOW, prep=prep)
    hit = next(p for p in problems if p.rule_id == "channels.official")
    assert "refunds@example.org" in hit.message and hit.line == 4


def test_dates_and_iso_stamps_are_not_phone_numbers(incident: Incident, prep: DraftingPrep) -> None:
    text = "Last updated: 2026-11-27 12:00 UTC\nIt began 2026-11-19 and ended 11/26/2026.\n"
    problems = check_draft("faq", text, incident.facts, (), NOW, prep=prep)
    assert "channels.official" not in {p.rule_id for p in problems}


def test_massachusetts_suppresses_the_demand_to_say_what_happened(
    incident: Incident, prep: DraftingPrep
) -> None:
    kind, text, facts, p = text_case("notice", MA_LETTER)(incident, prep)
    with_ma = {pr.rule_id for pr in check_draft(kind, text, facts, ("massachusetts",), NOW, prep=p)}
    without = {pr.rule_id for pr in check_draft(kind, text, facts, (), NOW, prep=p)}
    assert "playbook.what-happened" in without
    assert "playbook.what-happened" not in with_ma


def test_blocking_problems_come_first(incident: Incident, prep: DraftingPrep) -> None:
    text = "Subject: x\n\nThis was a sophisticated attack. TBD.\n"
    problems = check_draft("notice", text, incident.facts, ("california",), NOW, prep=prep)
    severities = [p.severity.value for p in problems]
    assert severities == sorted(severities)  # "blocking" < "warning"
    assert severities[0] == "blocking" and severities[-1] == "warning"


def test_reading_grade_orders_simple_below_complex() -> None:
    simple = reading_grade("We lost your name. We are sorry. Call us.")
    hard = reading_grade(
        "Comprehensive organisational remediation necessitates multidisciplinary collaboration."
    )
    assert simple is not None and hard is not None
    assert simple < 4 < 12 < hard
