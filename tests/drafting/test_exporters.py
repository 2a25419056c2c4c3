"""The notice as a real e-mail, pages that are well-formed and escape what people typed."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser

import pytest

from warroom.domain.drafts import DraftingPrep, DraftKind, render, split_thread
from warroom.domain.incident import Incident
from warroom.exporters.draft_documents import (
    document_html,
    faq_html,
    notice_html,
    notice_markdown,
    notice_text,
    thread_html,
)
from warroom.exporters.draft_email import email_bytes, notice_email

EVIL = "<script>alert('x')</script> & \"quotes\""


class _Balance(HTMLParser):
    """Checks tags open and close in order (void elements aside)."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"  # <x /> opens nothing

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def well_formed(page: str) -> ET.Element:
    checker = _Balance()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == [] and checker.scripts == 0
    return ET.fromstring(page.split("\n", 1)[1])  # XML after the doctype line


def _notice(incident: Incident, prep: DraftingPrep, **facts: object) -> str:
    changed = dataclasses.replace(incident.facts, **facts)  # type: ignore[arg-type]
    return render(prep.template(DraftKind.NOTICE), changed).text


def test_eml_parses_and_holds_text_and_html(
    incident: Incident, prep: DraftingPrep, now: datetime
) -> None:
    text = _notice(incident, prep)
    raw = email_bytes(notice_email(text, "Northwind Outfitters <security-update@example.com>", now))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == "Notice of Data Breach: your Northwind Outfitters account"
    assert parsed["From"].addresses[0].addr_spec == "security-update@example.com"
    assert parsed["To"] == "undisclosed-recipients:;"
    assert parsed["Date"].datetime == now
    assert parsed["Message-ID"].endswith("@example.com>")
    assert parsed.get_content_type() == "multipart/alternative"
    plain = parsed.get_body(("plain",))
    rich = parsed.get_body(("html",))
    assert plain is not None and rich is not None
    assert "What Information Was Involved" in plain.get_content()
    assert "1-800-555-0142" in plain.get_content()
    well_formed(rich.get_content())


def test_eml_refuses_a_sender_that_is_not_an_address(
    incident: Incident, prep: DraftingPrep, now: datetime
) -> None:
    with pytest.raises(ValueError):
        notice_email(_notice(incident, prep), "Northwind", now)


def test_html_escapes_script_typed_into_a_fact(incident: Incident, prep: DraftingPrep) -> None:
    text = _notice(incident, prep, what_happened=EVIL)
    page = notice_html(text)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    root = well_formed(page)
    assert root.tag == "html"
    assert any(EVIL in "".join(p.itertext()) for p in root.iter("p"))


def test_faq_page_is_publishable(incident: Incident, prep: DraftingPrep, now: datetime) -> None:
    facts = dataclasses.replace(incident.facts, support_email="<script>@example.com")
    text = render(prep.template(DraftKind.FAQ), facts, last_updated=now).text
    page = faq_html(text)
    root = well_formed(page)
    assert "<script>" not in page
    headings = ["".join(h.itertext()) for h in root.iter("h2")]
    assert "What happened?" in headings and len(headings) == 9
    stamps = ["".join(t.itertext()) for t in root.iter("time")]
    assert stamps == ["2026-11-27 12:00 UTC"]
    assert "&lt;script&gt;@example.com" in page
    links = {a.get("href") for a in root.iter("a")}
    assert all(h and h.startswith(("https://", "mailto:")) for h in links)


def test_thread_and_documents_are_well_formed(incident: Incident, prep: DraftingPrep) -> None:
    social = render(prep.template(DraftKind.SOCIAL), incident.facts).text
    posts = split_thread(social, 140)
    root = well_formed(thread_html(posts))
    assert len(list(root.iter("li"))) == len(posts) > 1
    briefing = render(prep.template(DraftKind.BRIEFING), incident.facts, team=incident.teams[1])
    root = well_formed(document_html(briefing.text, "Briefing <social>"))
    assert "".join(root.find("head/title").itertext()) == "Briefing <social>"  # type: ignore[union-attr]


def test_markdown_and_text_forms_of_the_notice(incident: Incident, prep: DraftingPrep) -> None:
    text = _notice(incident, prep)
    md = notice_markdown(text)
    assert md.startswith("**Subject:** Notice of Data Breach") and "## What Happened" in md
    plain = notice_text(text)
    assert "What Happened\n-------------" in plain and "#" not in plain
