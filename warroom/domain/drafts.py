"""Drafts of every message, rendered from the one sheet of facts, with versions and staleness.

A draft's *source* is what the operator edits: text with placeholders such as
``{facts.hotline}``, so a fact is written once and every message says the same thing. Rendering
replaces them from the current ``Facts`` and records which facts it read and their values.
When a fact changes, a draft is *stale* if it read that fact at a different value than the one it
was last saved or reviewed with; a change to a fact the draft never read leaves it alone.

Placeholders (all lower case):

- ``{facts.<field>}`` for every field of ``Facts`` (lists read "a, b and c", counts "48,200",
  dates "November 27, 2026", ``law_enforcement_delay`` "yes"/"no");
- derived ones: ``{facts.data_affected_list}`` (one "- " bullet per category),
  ``{facts.breach_dates}`` ("between … and …", "on or about …", "not yet known"),
  ``{facts.discovered_on}``, ``{facts.notice_on}``, ``{facts.law_enforcement_statement}``;
- ``{team.name}``, ``{team.lead}``, ``{team.qa}`` in briefings;
- ``{draft.last_updated}`` in the FAQ (the time of the version, or of the preview).

A placeholder whose fact is empty, or that names nothing, is left as it is, so the
"unfilled placeholder" check flags it and nothing half-rendered goes out.

Text layout is "light Markdown": ``# Title``, ``## Heading``, paragraphs, ``- `` bullets. The
notice's first line is ``Subject: …``. Exporters turn that into text, Markdown, HTML or e-mail.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from warroom.domain.clock import format_utc, utc
from warroom.domain.incident import Facts, QuestionAnswer, Team

__all__ = [
    "DraftKind",
    "DraftRef",
    "FactKind",
    "FactField",
    "FACT_FIELDS",
    "FactError",
    "fact_field",
    "parse_fact",
    "format_fact",
    "fact_snapshot",
    "with_fact",
    "changed_facts",
    "Rendered",
    "render",
    "DraftLimits",
    "DraftingPrep",
    "NoticeVariant",
    "DEFAULT_PREP",
    "DraftVersion",
    "Review",
    "Draft",
    "diff_texts",
    "diff_versions",
    "split_notice",
    "split_thread",
    "FaqEntry",
    "FaqPage",
    "parse_faq",
    "format_date",
    "natural_join",
]


class DraftKind(StrEnum):
    """The messages the playbook asks for; briefings exist once per customer-facing team."""

    NOTICE = "notice"
    FAQ = "faq"
    SOCIAL = "social"
    BANNER = "banner"
    BRIEFING = "briefing"

    @property
    def label(self) -> str:
        """The kind as screens title it."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DraftKind.NOTICE: "Customer notice e-mail",
    DraftKind.FAQ: "FAQ page",
    DraftKind.SOCIAL: "Social post",
    DraftKind.BANNER: "Homepage banner",
    DraftKind.BRIEFING: "Team briefing",
}


@dataclass(frozen=True, order=True)
class DraftRef:
    """Which draft: its kind and, for briefings, the team id (``key`` is ``""`` otherwise)."""

    kind: DraftKind
    key: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.key}" if self.key else self.kind.value


# --------------------------------------------------------------------------------------------
# The sheet of facts: field descriptions, parsing what an operator types, canonical values.


class FactKind(StrEnum):
    """How a fact is typed in and shown."""

    TEXT = "text"
    MULTILINE = "multiline"
    LIST = "list"
    COUNT = "count"
    DATETIME = "datetime"
    FLAG = "flag"


@dataclass(frozen=True)
class FactField:
    """One line of the facts screen."""

    name: str
    label: str
    kind: FactKind
    help: str = ""


FACT_FIELDS: tuple[FactField, ...] = (
    FactField(
        "what_happened",
        "What happened",
        FactKind.MULTILINE,
        "A short, honest summary in plain words.",
    ),
    FactField(
        "when_happened",
        "When it happened (as worded)",
        FactKind.TEXT,
        "Free wording; leave empty to use the breach dates below.",
    ),
    FactField(
        "breach_started",
        "Breach started",
        FactKind.DATETIME,
        "Date or ISO time (UTC); empty = not yet known.",
    ),
    FactField(
        "breach_ended",
        "Breach ended",
        FactKind.DATETIME,
        "End of the range; empty for a single date.",
    ),
    FactField("breach_date_estimated", "Breach dates are an estimate", FactKind.FLAG, "yes/no"),
    FactField("discovered_at", "Discovered", FactKind.DATETIME, "Date or ISO time (UTC)."),
    FactField("notice_date", "Notice date", FactKind.DATETIME, "When the first notice goes out."),
    FactField(
        "data_affected",
        "Data affected",
        FactKind.LIST,
        "One concrete category per line (e.g. postal addresses).",
    ),
    FactField(
        "customers_affected",
        "Customers affected",
        FactKind.COUNT,
        "A whole number; empty = not yet known.",
    ),
    FactField(
        "likely_consequences",
        "Likely consequences",
        FactKind.MULTILINE,
        "What could happen to people because of it (GDPR asks for this).",
    ),
    FactField("what_customers_should_do", "What customers should do", FactKind.MULTILINE),
    FactField("what_company_is_doing", "What we are doing", FactKind.MULTILINE),
    FactField("how_security_will_improve", "How security will improve", FactKind.MULTILINE),
    FactField(
        "law_enforcement_delay", "Law enforcement delayed the notice", FactKind.FLAG, "yes/no"
    ),
    FactField("hotline", "Hotline", FactKind.TEXT, "The toll-free number customers call."),
    FactField("faq_url", "FAQ URL", FactKind.TEXT),
    FactField("support_email", "Support e-mail", FactKind.TEXT),
    FactField("postal_address", "Postal address", FactKind.TEXT),
    FactField(
        "sender_address",
        "Sender",
        FactKind.TEXT,
        'The From of the notice, e.g. "Northwind Outfitters <notice@example.com>".',
    ),
    FactField(
        "data_protection_contact",
        "Data-protection contact",
        FactKind.TEXT,
        "The DPO or contact point (name and e-mail).",
    ),
)
"""Every fact, in the order the facts screen lists them."""

_FIELDS_BY_NAME = {f.name: f for f in FACT_FIELDS}


class FactError(ValueError):
    """What the operator typed cannot be that fact."""


def fact_field(name: str) -> FactField:
    """Return the description of the fact called ``name`` (``FactError`` if there is none)."""
    try:
        return _FIELDS_BY_NAME[name]
    except KeyError:
        raise FactError(f"{name!r} is not a fact") from None


_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off", ""}


def parse_fact(name: str, text: str) -> object:
    """Turn what an operator typed for fact ``name`` into its value.

    Lists take one item per line (or ``;``); counts accept ``48,200``; dates accept
    ``2026-11-27`` (midnight UTC) or ISO date-times; an empty date or count means not yet known.
    """
    kind = fact_field(name).kind
    value = text.strip()
    if kind in (FactKind.TEXT, FactKind.MULTILINE):
        return value
    if kind is FactKind.LIST:
        parts = re.split(r"[\n;]", value)
        return tuple(p.strip().lstrip("-•* ").strip() for p in parts if p.strip().lstrip("-•* "))
    if kind is FactKind.COUNT:
        if not value:
            return None
        digits = value.replace(",", "").replace("_", "").replace(" ", "")
        if not digits.isdigit():
            raise FactError(f"{text!r} is not a whole number")
        return int(digits)
    if kind is FactKind.FLAG:
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise FactError(f"{text!r}: answer yes or no")
    if not value:
        return None
    try:
        return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise FactError(f"{text!r} is not a date (use 2026-11-27 or 2026-11-27T09:30Z)") from None


def format_fact(name: str, value: object) -> str:
    """Show a fact's value the way the facts screen edits it (the inverse of ``parse_fact``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        moment = utc(value)
        if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
            return moment.date().isoformat()
        return moment.strftime("%Y-%m-%dT%H:%MZ")
    if isinstance(value, tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def fact_snapshot(facts: Facts) -> dict[str, str]:
    """Every fact as a canonical string: what staleness compares."""
    return {f.name: format_fact(f.name, getattr(facts, f.name)) for f in FACT_FIELDS}


def with_fact(facts: Facts, name: str, value: object) -> Facts:
    """Return ``facts`` with one fact replaced."""
    fact_field(name)
    changes: dict[str, Any] = {name: value}
    return dataclasses.replace(facts, **changes)


def changed_facts(old: Facts, new: Facts) -> tuple[str, ...]:
    """Names of the facts whose value differs between two sheets, in sheet order."""
    before, after = fact_snapshot(old), fact_snapshot(new)
    return tuple(name for name in before if before[name] != after[name])


# --------------------------------------------------------------------------------------------
# Rendering.

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(moment: datetime) -> str:
    """A date as customers read it, locale-independent: ``November 27, 2026``."""
    moment = utc(moment)
    return f"{_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def natural_join(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    listed = [i for i in items if i]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def _breach_dates(facts: Facts) -> str:
    start, end = facts.breach_started, facts.breach_ended
    if start is None:
        return "not yet known"
    if end is not None and format_date(end) != format_date(start):
        prefix = "between about" if facts.breach_date_estimated else "between"
        return f"{prefix} {format_date(start)} and {format_date(end)}"
    return ("on or about " if facts.breach_date_estimated else "on ") + format_date(start)


def _plain(name: str) -> Callable[[Facts], str]:
    def get(facts: Facts) -> str:
        value = getattr(facts, name)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, datetime):
            return format_date(value)
        if isinstance(value, tuple):
            return natural_join(value)
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    return get


_DERIVED: dict[str, tuple[tuple[str, ...], Callable[[Facts], str]]] = {
    "data_affected_list": (
        ("data_affected",),
        lambda f: "\n".join(f"- {d}" for d in f.data_affected),
    ),
    "breach_dates": (("breach_started", "breach_ended", "breach_date_estimated"), _breach_dates),
    "discovered_on": (("discovered_at",), _plain("discovered_at")),
    "notice_on": (("notice_date",), _plain("notice_date")),
    "law_enforcement_statement": (
        ("law_enforcement_delay",),
        lambda f: (
            "A law enforcement investigation delayed this notice."
            if f.law_enforcement_delay
            else "This notice was not delayed by a law enforcement investigation."
        ),
    ),
    "when_happened": (
        ("when_happened", "breach_started", "breach_ended", "breach_date_estimated"),
        lambda f: f.when_happened or _breach_dates(f),
    ),
}
"""Placeholders computed from several facts: (the facts they read, how to word them)."""

FACT_PLACEHOLDERS: tuple[str, ...] = tuple(f.name for f in FACT_FIELDS) + tuple(
    n for n in _DERIVED if n not in _FIELDS_BY_NAME
)
"""Every ``{facts.…}`` name a template may use (for the editor's help)."""

_PLACEHOLDER = re.compile(r"\{(facts|team|draft)\.([a-z_]+)\}")


@dataclass(frozen=True)
class Rendered:
    """A source rendered from the facts, and what it read."""

    text: str
    facts_used: Mapping[str, str]
    """Fact name → canonical value read (see ``fact_snapshot``), including empty facts."""
    missing: tuple[str, ...] = ()
    """Placeholders left as they are because their value is empty."""
    unknown: tuple[str, ...] = ()
    """Placeholders that name nothing (a typo, or a team placeholder outside a briefing)."""


def _team_qa(qa: Iterable[QuestionAnswer]) -> str:
    return "\n\n".join(f"### {item.question}\n{item.answer}" for item in qa)


def render(
    source: str,
    facts: Facts,
    *,
    team: Team | None = None,
    last_updated: datetime | None = None,
) -> Rendered:
    """Replace the placeholders in ``source`` and record which facts were read.

    Args:
        source: The draft as the operator wrote it.
        facts: The current sheet of facts.
        team: The team a briefing is for (enables ``{team.…}``).
        last_updated: The FAQ's stamp (enables ``{draft.last_updated}``).
    """
    snapshot = fact_snapshot(facts)
    used: dict[str, str] = {}
    missing: list[str] = []
    unknown: list[str] = []

    def value_of(match: re.Match[str]) -> str:
        scope, name = match.group(1), match.group(2)
        text: str | None = None
        if scope == "facts":
            if name in _DERIVED:
                reads, word = _DERIVED[name]
            elif name in _FIELDS_BY_NAME:
                reads, word = (name,), _plain(name)
            else:
                unknown.append(match.group(0))
                return match.group(0)
            for read in reads:
                used[read] = snapshot[read]
            # Flags ("no") and breach dates ("not yet known") always have an answer; any
            # other empty fact leaves its placeholder visible for the check to flag.
            text = word(facts)
        elif scope == "team" and team is not None and name in ("name", "lead", "qa"):
            text = {"name": team.name, "lead": team.lead, "qa": _team_qa(team.qa)}[name]
        elif scope == "draft" and name == "last_updated" and last_updated is not None:
            text = format_utc(last_updated, with_date=True).replace("Z", " UTC")
        else:
            unknown.append(match.group(0))
            return match.group(0)
        if not text:
            missing.append(match.group(0))
            return match.group(0)
        return text

    rendered = _PLACEHOLDER.sub(value_of, source)
    return Rendered(rendered, used, tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(unknown)))


# --------------------------------------------------------------------------------------------
# Preparation from the incident file: templates, jurisdiction profiles, limits.


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


# --------------------------------------------------------------------------------------------
# Versions, reviews, staleness.


@dataclass(frozen=True)
class DraftVersion:
    """One saved version (ctrl+s): the source, what it rendered to, who and when."""

    number: int
    source: str
    text: str
    operator: str
    at: datetime
    facts_used: Mapping[str, str]
    """The facts this version was rendered from, at the values it read."""

    @property
    def label(self) -> str:
        """``v3 · alice · 2026-11-27 14:05Z`` for lists and diff headers."""
        return f"v{self.number} · {self.operator} · {format_utc(self.at, with_date=True)}"


@dataclass(frozen=True)
class Review:
    """An operator confirmed a version still reads right with the facts as they are now."""

    version: int
    operator: str
    at: datetime
    facts_seen: Mapping[str, str]
    """The values of the facts the version reads, at review time."""


@dataclass(frozen=True)
class Draft:
    """A draft and its history; the store builds it, screens show it."""

    ref: DraftRef
    versions: tuple[DraftVersion, ...] = ()
    """Oldest first."""
    reviews: tuple[Review, ...] = ()
    """Oldest first."""

    @property
    def latest(self) -> DraftVersion | None:
        """The newest saved version, if any."""
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> DraftVersion | None:
        """The version with this number."""
        return next((v for v in self.versions if v.number == number), None)

    def baseline(self) -> Mapping[str, str]:
        """The fact values the latest version was last confirmed against (save or review)."""
        latest = self.latest
        if latest is None:
            return {}
        seen = dict(latest.facts_used)
        for review in self.reviews:
            if review.version == latest.number:
                seen.update(review.facts_seen)
        return seen

    def stale_facts(self, facts: Facts) -> tuple[str, ...]:
        """Facts this draft read that have changed since it was saved or last reviewed."""
        now = fact_snapshot(facts)
        return tuple(name for name, value in self.baseline().items() if now.get(name) != value)

    def is_stale(self, facts: Facts) -> bool:
        """True while a fact the draft read has changed and nobody has reviewed it since."""
        return bool(self.stale_facts(facts))


def diff_texts(old: str, new: str, old_label: str, new_label: str, *, context: int = 3) -> str:
    """A unified diff of two texts ("" when they are the same)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=old_label,
        tofile=new_label,
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def diff_versions(old: DraftVersion, new: DraftVersion, *, rendered: bool = False) -> str:
    """A unified diff between two versions' sources (or their rendered texts)."""
    if rendered:
        return diff_texts(old.text, new.text, old.label, new.label)
    return diff_texts(old.source, new.source, old.label, new.label)


# --------------------------------------------------------------------------------------------
# Shapes of particular messages.


def split_notice(text: str) -> tuple[str, str]:
    """Split a notice into (subject, body): the first line ``Subject: …`` is the subject."""
    lines = text.split("\n")
    if lines and lines[0].lower().startswith("subject:"):
        body = "\n".join(lines[1:]).lstrip("\n")
        return lines[0].split(":", 1)[1].strip(), body
    return "", text


def split_thread(text: str, limit: int, *, numbered: bool = True) -> tuple[str, ...]:
    """Split a social post into a thread of posts no longer than ``limit`` characters each.

    Words are never cut (a single word longer than a post gets a post of its own, and the
    length check flags it). With ``numbered``, each post ends in `` (i/n)``. Lengths are
    counted in characters; platforms that shorten links count less, never more.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return (text,) if text else ()
    words = text.split(" ")
    count = 2
    for _ in range(5):  # the suffix width depends on the count; settle it
        suffix_len = len(f" ({count}/{count})") if numbered else 0
        posts = _pack(words, max(limit - suffix_len, 1))
        if len(posts) == count:
            break
        count = len(posts)
    if numbered:
        total = len(posts)
        posts = [f"{p} ({i}/{total})" for i, p in enumerate(posts, 1)]
    return tuple(posts)


def _pack(words: list[str], budget: int) -> list[str]:
    posts: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= budget or not current:
            current = candidate
        else:
            posts.append(current)
            current = word
    if current:
        posts.append(current)
    return posts


@dataclass(frozen=True)
class FaqEntry:
    """One question and its answer (answer in light Markdown)."""

    question: str
    answer: str


@dataclass(frozen=True)
class FaqPage:
    """The FAQ as a page: title, intro, entries and the "last updated" stamp."""

    title: str
    intro: str
    entries: tuple[FaqEntry, ...]
    last_updated: str


_LAST_UPDATED = re.compile(r"^last updated:\s*(.*)$", re.IGNORECASE)


def parse_faq(text: str) -> FaqPage:
    """Read a rendered FAQ: ``# title``, intro, ``Last updated: …``, then ``## question`` blocks."""
    title, stamp = "", ""
    intro: list[str] = []
    entries: list[FaqEntry] = []
    question: str | None = None
    answer: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("## "):
            if question is not None:
                entries.append(FaqEntry(question, "\n".join(answer).strip()))
            question, answer = stripped[3:].strip(), []
        elif question is not None:
            answer.append(line)
        elif stripped.startswith("# ") and not title:
            title = stripped[2:].strip()
        elif match := _LAST_UPDATED.match(stripped):
            stamp = match.group(1).strip()
        else:
            intro.append(line)
    if question is not None:
        entries.append(FaqEntry(question, "\n".join(answer).strip()))
    return FaqPage(title, "\n".join(intro).strip(), tuple(entries), stamp)
