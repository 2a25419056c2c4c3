"""The linter findings the law audit called wrong, and the checks it found missing.

Each case is a piece of a real-world letter's wording (``/work/shared/LAW-SOURCES.md`` §3),
with the provision it turns on. Each failed on the code at commit 7e17439.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from warroom.domain.checks import RuleKind, Severity, check_draft, load_rulebook
from warroom.domain.drafts import DraftingPrep, DraftKind, render
from warroom.domain.incident import Facts, Incident
from warroom.domain.notice_checks.channels import channel_warnings, lookalike_warnings, skeleton

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CA_HEADINGS = (
    "What Happened",
    "What Information Was Involved",
    "What We Are Doing",
    "What You Can Do",
    "For More Information",
)


def ids(text: str, facts: Facts, profiles: tuple[str, ...], prep: DraftingPrep) -> set[str]:
    return {p.rule_id for p in check_draft("notice", text, facts, profiles, NOW, prep=prep)}


def letter(*parts: str) -> str:
    return "Subject: Notice of Data Breach\n\n" + "\n\n".join(parts) + "\n"


# --- California: headings as real letters write them (1798.82(d)(1)) -------------------------


def test_california_headings_with_question_marks_or_run_into_the_text_pass(
    incident: Incident, prep: DraftingPrep
) -> None:
    questions = letter(*(f"{h}?\nText." for h in CA_HEADINGS))
    inline = letter(*(f"{h}? On 18 July we wrote this." for h in CA_HEADINGS))
    bold = letter(*(f"**{h}:** More text." for h in CA_HEADINGS))
    for text in (questions, inline, bold):
        assert "california.headings" not in ids(text, incident.facts, ("california",), prep)


def test_california_heading_order_only_advises(incident: Incident, prep: DraftingPrep) -> None:
    text = letter(*(f"## {h}\nText." for h in reversed(CA_HEADINGS)))
    problems = check_draft("notice", text, incident.facts, ("california",), NOW, prep=prep)
    order = next(p for p in problems if p.rule_id == "california.headings-order")
    assert order.severity is Severity.WARNING and order.kind is RuleKind.HOUSE
    assert "california.headings" not in {p.rule_id for p in problems}


# --- HIPAA: a breach date given as a month (164.404(c)(1)(A), "if known") ------------------


def test_hipaa_accepts_a_month_or_an_approximate_date(
    incident: Incident, prep: DraftingPrep
) -> None:
    facts = dataclasses.replace(
        incident.facts,
        breach_started=datetime(2023, 4, 3, tzinfo=UTC),
        discovered_at=datetime(2023, 5, 2, tzinfo=UTC),
    )
    month = letter("The breach happened in April 2023. We found it on or about May 2, 2023.")
    assert "hipaa.dates" not in ids(month, facts, ("hipaa",), prep)
    unknown = letter("The date of the breach is unknown. We found it in May 2023.")
    assert "hipaa.dates" not in ids(unknown, facts, ("hipaa",), prep)
    silent = letter("We had a breach.")
    assert "hipaa.dates" in ids(silent, facts, ("hipaa",), prep)


# --- GDPR: likely consequences worded as a risk (Art. 34(2), 33(3)(c)) ---------------------


def test_gdpr_consequences_worded_as_a_risk_of_phishing_pass(
    incident: Incident, prep: DraftingPrep
) -> None:
    facts = dataclasses.replace(incident.facts, likely_consequences="")
    text = letter("You may receive phishing e-mails that pretend to come from us.")
    assert "gdpr.consequences" not in ids(text, facts, ("gdpr",), prep)
    keyed = dataclasses.replace(incident.facts, likely_consequences="Fake e-mails may follow.")
    assert "gdpr.consequences" not in ids(
        letter("Fake e-mails may follow."), keyed, ("gdpr",), prep
    )
    assert "gdpr.consequences" in ids(letter("We are sorry."), keyed, ("gdpr",), prep)


# --- counts: "approximately 9 million", and labelled subgroups -----------------------------


def test_approximately_nine_million_is_nine_million(incident: Incident, prep: DraftingPrep) -> None:
    facts = dataclasses.replace(incident.facts, customers_affected=9_012_345)
    text = letter("The breach affects approximately 9 million customers.")
    assert "consistency.customer-count" not in ids(text, facts, (), prep)
    small = dataclasses.replace(incident.facts, customers_affected=48_200)
    problems = check_draft("notice", text, small, (), NOW, prep=prep)
    count = next(p for p in problems if p.rule_id == "consistency.customer-count")
    assert "approximately 9 million" in count.message and "48,200" in count.message


def test_a_labelled_subgroup_count_is_not_a_contradiction(
    incident: Incident, prep: DraftingPrep
) -> None:
    text = letter(
        "The breach affects 48,200 customers. About 10 customers whose card data was stored "
        "in full will get a new card. Of these, 3 customers had placed orders this week."
    )
    assert "consistency.customer-count" not in ids(text, incident.facts, (), prep)
    assert "consistency.customer-count" in ids(
        letter("It affects 48,000 customers."), incident.facts, (), prep
    )


# --- California: credit bureaus' numbers and addresses, no-cost services, LE delay, date ---


def test_a_bare_bureau_name_does_not_meet_californias_contact_rule(
    incident: Incident, prep: DraftingPrep
) -> None:
    facts = dataclasses.replace(incident.facts, data_affected=("names", "Social Security numbers"))
    problems = check_draft(
        "notice",
        letter("Contact Equifax, Experian or TransUnion."),
        facts,
        ("california",),
        NOW,
        prep=prep,
    )
    bureaus = next(p for p in problems if p.rule_id == "california.credit-bureaus")
    assert "Equifax (toll-free number and address)" in bureaus.message
    assert bureaus.severity is Severity.BLOCKING and bureaus.kind is RuleKind.LEGAL


def test_monitoring_must_be_at_no_cost_and_long_enough_per_state(
    incident: Incident, prep: DraftingPrep
) -> None:
    facts = dataclasses.replace(incident.facts, data_affected=("names", "Social Security numbers"))
    paid = letter("We offer 24 months of credit monitoring.")
    free = letter("We offer 24 months of credit monitoring at no cost to you.")
    short = letter("We offer 12 months of free credit monitoring.")
    assert "california.identity-theft-services" in ids(paid, facts, ("california",), prep)
    assert "california.identity-theft-services" not in ids(free, facts, ("california",), prep)
    assert "massachusetts.monitoring-18-months" in ids(short, facts, ("massachusetts",), prep)
    assert "connecticut.monitoring-24-months" not in ids(free, facts, ("connecticut",), prep)


def test_california_asks_for_the_law_enforcement_delay_and_the_notice_date(
    incident: Incident, prep: DraftingPrep
) -> None:
    delayed = dataclasses.replace(incident.facts, law_enforcement_delay=True)
    found = ids(letter("We are sorry."), delayed, ("california",), prep)
    assert {"california.law-enforcement", "california.notice-date", "california.contact"} <= found
    dated = dataclasses.replace(delayed, notice_date=datetime(2026, 11, 30, tzinfo=UTC))
    good = letter(
        "November 30, 2026",
        "A law enforcement investigation delayed this notice.",
        "Call 1-800-555-0142.",
    )
    assert not {"california.law-enforcement", "california.notice-date"} & ids(
        good, dated, ("california",), prep
    )


# --- legal blocks, house warns, the incident file promotes ---------------------------------


def test_only_legal_findings_block_unless_promoted(incident: Incident, prep: DraftingPrep) -> None:
    book = load_rulebook()
    every = [r for t in book.tables.values() for r in t.rules]
    assert all(r.kind in (RuleKind.LEGAL, RuleKind.HOUSE) and r.citation for r in every)
    text = letter("This was a sophisticated attack. Call 1-800-555-0142.")
    bare = dataclasses.replace(prep, promote=())
    by_id = {p.rule_id: p for p in check_draft("notice", text, incident.facts, (), NOW, prep=bare)}
    assert by_id["playbook.what-to-do"].severity is Severity.WARNING  # house
    promoted = {
        p.rule_id: p for p in check_draft("notice", text, incident.facts, (), NOW, prep=prep)
    }
    assert promoted["playbook.what-to-do"].severity is Severity.BLOCKING  # the sample promotes
    assert promoted["plain.dodges"].severity is Severity.WARNING  # not promoted
    card = dataclasses.replace(incident.facts, data_affected=("payment card numbers",))
    replace_card = {p.rule_id: p for p in check_draft("notice", text, card, (), NOW, prep=prep)}[
        "advice.replace-card"
    ]
    assert replace_card.severity is Severity.WARNING  # FTC guidance, not law


# --- California and Massachusetts in one letter; the Massachusetts variant ------------------


def test_california_and_massachusetts_together_ask_for_a_variant(
    incident: Incident, prep: DraftingPrep
) -> None:
    text = render(prep.notice, incident.facts).text
    problems = check_draft(
        "notice", text, incident.facts, ("california", "massachusetts"), NOW, prep=prep
    )
    conflict = next(p for p in problems if p.rule_id == "profiles.conflict")
    assert "massachusetts variant" in conflict.message and conflict.severity is Severity.BLOCKING


def test_the_sample_massachusetts_variant_passes_its_own_profile_only(
    incident: Incident, prep: DraftingPrep
) -> None:
    variant = prep.variant("massachusetts")
    assert variant is not None and prep.profiles_for(DraftKind.NOTICE, "massachusetts") == (
        "massachusetts",
    )
    text = render(prep.source_for(DraftKind.NOTICE, "massachusetts"), incident.facts).text
    own = check_draft("notice", text, incident.facts, variant.profiles, NOW, prep=prep)
    assert not [p for p in own if p.severity is Severity.BLOCKING], [str(p) for p in own]
    assert "48,200" not in text and incident.facts.what_happened not in text
    # Against California's profile the same letter fails: the profiles really differ.
    californian = ids(text, incident.facts, ("california",), prep)
    assert "california.headings" in californian


# --- official channels ---------------------------------------------------------------------


def test_strangers_bare_domains_punycode_lookalikes_shorteners_and_dashes_are_caught(
    incident: Incident, prep: DraftingPrep
) -> None:
    cases = {
        "Reset it at northwind-help.net/reset.": "channels.official",
        "Reset it at https://xn--exmple-cua.com/reset.": "channels.lookalike",
        "Reset it at https://www.ex\u0430mple.com/reset.": "channels.lookalike",
        "Reset it at https://www.examp1e.com/reset.": "channels.lookalike",
        "Details: https://bit.ly/3xYz": "channels.official",
        "Call 1\u2010800\u2010555\u20100142.": "channels.unicode-dashes",
        "Please verify your password at our site.": "channels.credential-request",
    }
    for sentence, rule_id in cases.items():
        assert rule_id in ids(letter(sentence), incident.facts, (), prep), sentence
    shortener = check_draft(
        "notice", letter("Details: https://bit.ly/3xYz"), incident.facts, (), NOW, prep=prep
    )
    assert any("link shortener" in p.message for p in shortener)
    no_subject = "Dear customer,\n\nWe are sorry.\n"
    assert "channels.subject-line" in ids(no_subject, incident.facts, (), prep)
    # A stranger's number written with Unicode hyphens is still a stranger.
    assert "channels.official" in ids(
        letter("Call 1\u2011900\u2011555\u20110199."), incident.facts, (), prep
    )


def test_skeletons_fold_lookalikes_to_the_ascii_they_imitate() -> None:
    assert skeleton("ex\u0430mple.com") == skeleton("example.com")  # Cyrillic a
    assert skeleton("exarnple.com") == skeleton("example.com")  # rn for m
    assert skeleton("xn--exmple-cua.com") == skeleton("example.com")  # exämple
    assert skeleton("northwind-help.net") != skeleton("example.com")


def test_replies_and_mentions_get_the_same_warnings(incident: Incident, prep: DraftingPrep) -> None:
    mention = "Northwind says reset your password here: https://www.ex\u0430mple.com/reset"
    warnings = channel_warnings(mention, incident.facts, prep)
    assert warnings and warnings[0].startswith("links to a look-alike domain")
    assert "looks like example.com" in warnings[0]
    reply = "Please call us on 1-800-555-0142 or read https://www.example.com/security-update"
    assert channel_warnings(reply, incident.facts, prep) == []
    news = "Northwind breach: https://news.example.org/story and https://www.ex\u0430mple.com"
    flagged = lookalike_warnings(news, incident.facts, prep)
    assert len(flagged) == 1 and flagged[0].startswith("this mention links to a look-alike")


def test_a_heading_with_two_spaces_still_counts(incident: Incident, prep: DraftingPrep) -> None:
    text = letter(*(f"{h.replace(' ', '  ')}?\nText." for h in CA_HEADINGS))
    assert "california.headings" not in ids(text, incident.facts, ("california",), prep)


def test_a_malformed_url_in_checked_text_never_crashes_the_check() -> None:
    """Found by the hostile-text terminal test: ``http://[`` made urlsplit raise."""
    from warroom.domain.notice_checks.text import host

    assert host("http://[::1") == ""
    assert host("https://[not-an-ip]/x") == ""
    assert host("https://www.Example.com/a") == "example.com"
