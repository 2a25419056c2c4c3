"""Preparation from the incident file: the templates, jurisdiction variants and limits of
every message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from warroom.domain.draft_kinds import DraftKind

__all__ = [
    "DraftLimits",
    "NoticeVariant",
    "DraftingPrep",
    "faq_source",
    "briefing_source",
    "DEFAULT_PREP",
]


@dataclass(frozen=True)
class DraftLimits:
    """Limits the checks apply; the incident file may change them."""

    social_post_length: int = 280
    social_max_posts: int = 4
    banner_length: int = 160
    reading_grade: float = 8.0
    sentence_words: int = 25


@dataclass(frozen=True)
class NoticeVariant:
    """A per-jurisdiction version of the notice, rendered from the same facts.

    Checked against its own profiles only: a Massachusetts letter must not describe the breach
    or give the count, which California's letter must, so one text cannot serve both.
    """

    id: str
    title: str
    profiles: tuple[str, ...]
    notice: str
    """The variant's source (``Subject: …`` first, placeholders as in any template)."""


@dataclass(frozen=True)
class DraftingPrep:
    """The ``drafting`` section of the incident file: templates, profiles and limits.

    Templates are sources (see the module docstring); ``template`` hands out a new draft's
    starting text per kind.
    """

    notice: str
    faq: str
    social: str
    banner: str
    briefing: str
    profiles: tuple[str, ...] = ()
    """Jurisdiction profiles whose checks apply (ids of tables in ``notice_rules.json``)."""
    limits: DraftLimits = field(default_factory=DraftLimits)
    internal_names: tuple[str, ...] = ()
    """Internal system and project names customers must never read (plain-language check)."""
    official_channels: tuple[str, ...] = ()
    """Extra official URLs, phone numbers, e-mail addresses and handles beyond the fact sheet."""
    promote: tuple[str, ...] = ()
    """House rules (ids, or whole table ids) this incident treats as blocking."""
    variants: tuple[NoticeVariant, ...] = ()
    """Per-jurisdiction notices (the draft ``notice:<id>``), each with its own profiles."""

    def variant(self, key: str) -> NoticeVariant | None:
        """The notice variant with this id (``None``: the main notice, or no such variant)."""
        return next((v for v in self.variants if v.id == key), None) if key else None

    def source_for(self, kind: DraftKind, key: str = "") -> str:
        """The starting source of a draft: a variant's notice, else the kind's template."""
        variant = self.variant(key) if kind is DraftKind.NOTICE else None
        return variant.notice if variant else self.template(kind)

    def profiles_for(self, kind: DraftKind, key: str = "") -> tuple[str, ...]:
        """The profiles a draft is checked against: a variant's own, else the incident's."""
        variant = self.variant(key) if kind is DraftKind.NOTICE else None
        return variant.profiles if variant else self.profiles

    def template(self, kind: DraftKind) -> str:
        """The starting source of a new draft of ``kind``."""
        return {
            DraftKind.NOTICE: self.notice,
            DraftKind.FAQ: self.faq,
            DraftKind.SOCIAL: self.social,
            DraftKind.BANNER: self.banner,
            DraftKind.BRIEFING: self.briefing,
        }[kind]


def faq_source(title: str, intro: str, entries: Iterable[tuple[str, str]]) -> str:
    """Build an FAQ source from its parts (the incident file lists questions as data)."""
    parts = [f"# {title}", ""]
    if intro:
        parts += [intro, ""]
    parts += ["Last updated: {draft.last_updated}", ""]
    for question, answer in entries:
        parts += [f"## {question}", answer, ""]
    return "\n".join(parts).rstrip() + "\n"


def briefing_source(
    title: str, intro: str, key_messages: Iterable[str], empathy: Iterable[str]
) -> str:
    """Build the shared briefing source; ``{team.qa}`` brings in each team's own Q&A."""
    parts = [f"# {title}", ""]
    if intro:
        parts += [intro, ""]
    parts += ["## Key messages (the same on every channel)", ""]
    parts += [f"- {m}" for m in key_messages]
    parts += ["", "## Showing empathy", ""]
    parts += [f"- {m}" for m in empathy]
    parts += [
        "",
        "## Official channels (the only ones customers should trust)",
        "",
        "- Hotline: {facts.hotline}",
        "- FAQ: {facts.faq_url}",
        "- E-mail: {facts.support_email}",
        "",
        "## Questions and answers for {team.name}",
        "",
        "{team.qa}",
    ]
    return "\n".join(parts) + "\n"


DEFAULT_PREP = DraftingPrep(
    notice="\n".join(
        [
            "Subject: Notice of Data Breach",
            "",
            "# Notice of Data Breach",
            "",
            "## What Happened",
            "{facts.what_happened} It happened {facts.breach_dates}. We found it on "
            "{facts.discovered_on}.",
            "",
            "## What Information Was Involved",
            "{facts.data_affected_list}",
            "",
            "## What We Are Doing",
            "{facts.what_company_is_doing} {facts.how_security_will_improve}",
            "",
            "## What You Can Do",
            "{facts.what_customers_should_do}",
            "",
            "## For More Information",
            "Call {facts.hotline} or read {facts.faq_url}.",
            "",
        ]
    ),
    faq=faq_source(
        "Questions and answers about our security incident",
        "",
        [
            ("What happened?", "{facts.what_happened}"),
            ("What information was involved?", "{facts.data_affected_list}"),
            ("What should I do?", "{facts.what_customers_should_do}"),
            ("How can I reach you?", "Call {facts.hotline}."),
        ],
    ),
    social="We are writing to customers about a security incident. Details and what to do: "
    "{facts.faq_url}",
    banner="Security notice: what happened and what to do: {facts.faq_url}",
    briefing=briefing_source(
        "Briefing for {team.name}",
        "",
        ["{facts.what_happened}"],
        [
            "Listen first, and say sorry for the worry this causes.",
        ],
    ),
)
"""What drafts start from when the incident file has no ``drafting`` section."""
