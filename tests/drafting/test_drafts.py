"""Rendering from facts, staleness, thread splitting, diffs and fact parsing (domain only)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from warroom.domain.drafts import (
    Draft,
    DraftKind,
    DraftRef,
    DraftVersion,
    FactError,
    Review,
    changed_facts,
    diff_versions,
    fact_snapshot,
    format_fact,
    parse_fact,
    parse_faq,
    render,
    split_thread,
)
from warroom.domain.incident import Facts, Incident

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def saved(ref: DraftRef, source: str, facts: Facts, number: int = 1) -> Draft:
    rendered = render(source, facts)
    version = DraftVersion(number, source, rendered.text, "ann", NOW, rendered.facts_used)
    return Draft(ref, (version,))


def test_render_fills_facts_and_records_what_it_read(incident: Incident) -> None:
    out = render("Call {facts.hotline} about {facts.customers_affected} customers.", incident.facts)
    assert out.text == "Call 1-800-555-0142 about 48,200 customers."
    assert set(out.facts_used) == {"hotline", "customers_affected"}
    assert out.missing == () and out.unknown == ()


def test_render_leaves_empty_and_unknown_placeholders_visible(incident: Incident) -> None:
    facts = dataclasses.replace(incident.facts, customers_affected=None)
    out = render("{facts.customers_affected} / {facts.hotlines} / {team.name}", facts)
    assert out.text == "{facts.customers_affected} / {facts.hotlines} / {team.name}"
    assert out.missing == ("{facts.customers_affected}",)
    assert out.unknown == ("{facts.hotlines}", "{team.name}")


def test_render_derived_placeholders(incident: Incident) -> None:
    facts = dataclasses.replace(
        incident.facts,
        breach_started=datetime(2026, 11, 19, tzinfo=UTC),
        breach_ended=datetime(2026, 11, 26, tzinfo=UTC),
        breach_date_estimated=False,
        when_happened="",
    )
    out = render("{facts.breach_dates}|{facts.when_happened}|{facts.data_affected_list}", facts)
    first, second, bullets = out.text.split("|")
    assert first == second == "between November 19, 2026 and November 26, 2026"
    assert bullets.startswith("- names\n- e-mail addresses")
    unknown = dataclasses.replace(facts, breach_started=None, breach_ended=None)
    assert render("{facts.breach_dates}", unknown).text == "not yet known"


def test_briefing_renders_the_teams_own_qa(incident: Incident) -> None:
    team = incident.teams[0]
    out = render("# {team.name}\n{team.qa}", incident.facts, team=team)
    assert out.text.startswith("# Customer service\n### Was my card stolen?")


def test_fact_change_marks_only_drafts_that_read_it_stale(incident: Incident) -> None:
    facts = incident.facts
    notice = saved(DraftRef(DraftKind.NOTICE), "Call {facts.hotline}. {facts.faq_url}", facts)
    banner = saved(DraftRef(DraftKind.BANNER), "Read {facts.faq_url}", facts)
    social = saved(DraftRef(DraftKind.SOCIAL), "{facts.customers_affected} customers", facts)
    changed = dataclasses.replace(facts, hotline="1-800-555-0100")
    assert notice.stale_facts(changed) == ("hotline",)
    assert not banner.is_stale(changed)
    assert not social.is_stale(changed)
    count = dataclasses.replace(facts, customers_affected=51000)
    assert [d.ref.kind for d in (notice, banner, social) if d.is_stale(count)] == [DraftKind.SOCIAL]


def test_review_clears_staleness_until_the_next_change(incident: Incident) -> None:
    facts = incident.facts
    draft = saved(DraftRef(DraftKind.NOTICE), "Call {facts.hotline}.", facts)
    changed = dataclasses.replace(facts, hotline="1-800-555-0100")
    assert draft.is_stale(changed)
    seen = render("Call {facts.hotline}.", changed).facts_used
    reviewed = dataclasses.replace(draft, reviews=(Review(1, "bob", NOW, seen),))
    assert not reviewed.is_stale(changed)
    assert reviewed.is_stale(dataclasses.replace(changed, hotline="1-800-555-0111"))
    assert draft.is_stale(dataclasses.replace(changed, hotline=facts.hotline)) is False


def test_changing_back_to_the_rendered_value_is_not_stale(incident: Incident) -> None:
    draft = saved(DraftRef(DraftKind.NOTICE), "{facts.hotline}", incident.facts)
    assert not draft.is_stale(incident.facts)
    assert changed_facts(incident.facts, dataclasses.replace(incident.facts, hotline="x")) == (
        "hotline",
    )


def test_split_thread_respects_the_limit_and_numbers_posts() -> None:
    text = " ".join(f"word{i}" for i in range(120))
    posts = split_thread(text, 100)
    assert len(posts) > 1
    assert all(len(p) <= 100 for p in posts)
    assert posts[0].endswith(f"(1/{len(posts)})") and posts[-1].endswith(
        f"({len(posts)}/{len(posts)})"
    )
    joined = " ".join(p.rsplit(" (", 1)[0] for p in posts)
    assert joined == text  # nothing lost, no word cut
    assert split_thread("short post", 100) == ("short post",)


def test_diff_between_two_versions() -> None:
    one = DraftVersion(1, "Hello\nCall 1\n", "Hello\nCall 1\n", "ann", NOW, {})
    two = DraftVersion(2, "Hello\nCall 2\n", "Hello\nCall 2\n", "bob", NOW, {})
    diff = diff_versions(one, two)
    assert "-Call 1\n" in diff and "+Call 2\n" in diff
    assert diff.startswith("--- v1 · ann") and "+++ v2 · bob" in diff
    assert diff_versions(one, one) == ""


@pytest.mark.parametrize(
    ("name", "typed", "value"),
    [
        ("customers_affected", "48,200", 48200),
        ("customers_affected", "", None),
        ("data_affected", "- names\n- e-mail addresses\n", ("names", "e-mail addresses")),
        ("discovered_at", "2026-11-26", datetime(2026, 11, 26, tzinfo=UTC)),
        ("discovered_at", "2026-11-26T22:10Z", datetime(2026, 11, 26, 22, 10, tzinfo=UTC)),
        ("law_enforcement_delay", "yes", True),
        ("hotline", " 1-800-555-0142 ", "1-800-555-0142"),
    ],
)
def test_parse_fact_round_trips(name: str, typed: str, value: object) -> None:
    assert parse_fact(name, typed) == value
    assert parse_fact(name, format_fact(name, value)) == value


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("customers_affected", "about 48k"),
        ("discovered_at", "last week"),
        ("nope", "x"),
        ("law_enforcement_delay", "maybe"),
    ],
)
def test_parse_fact_refuses_nonsense(name: str, typed: str) -> None:
    with pytest.raises(FactError):
        parse_fact(name, typed)


def test_snapshot_covers_new_fact_fields(incident: Incident) -> None:
    snap = fact_snapshot(incident.facts)
    assert snap["customers_affected"] == "48200" and snap["notice_date"] == ""


def test_parse_faq_reads_title_stamp_and_entries() -> None:
    page = parse_faq("# FAQ\n\nIntro.\n\nLast updated: today\n\n## Q1?\nA1.\n\n## Q2?\n- a\n- b\n")
    assert (page.title, page.intro, page.last_updated) == ("FAQ", "Intro.", "today")
    assert [e.question for e in page.entries] == ["Q1?", "Q2?"]
    assert page.entries[1].answer == "- a\n- b"


def test_domain_modules_import_only_the_standard_library() -> None:
    code = (
        "import sys, warroom.domain.drafts, warroom.domain.checks\n"
        "bad = [m for m in ('textual', 'tinydb', 'httpx', 'feedparser') if m in sys.modules]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
