"""Checks a regulator or a customer would make on a draft, driven by rules kept as data.

``warroom/data/notice_rules.json`` holds one table per source (the playbook, consistency,
plain language …) and one per jurisdiction profile (California, GDPR, HIPAA, Massachusetts).
Each rule names a check function below and its parameters, its severity (``blocking`` stops
"first notice sent" being ticked; ``warning`` only advises), a one-line reason and the source
it comes from. Tables listed under ``always`` apply to every draft; profile tables apply when
the incident file's ``drafting.profiles`` selects them. A profile table may ``suppress`` rule
ids whose demand contradicts it (Massachusetts forbids stating what happened).

The text checked is the *rendered* draft; line numbers count from 1 in that text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from warroom.domain.clock import utc
from warroom.domain.drafts import (
    DEFAULT_PREP,
    DraftingPrep,
    DraftKind,
    format_date,
    split_thread,
)
from warroom.domain.incident import Facts

__all__ = [
    "Severity",
    "Problem",
    "Rule",
    "RuleTable",
    "RuleBook",
    "RulesError",
    "load_rulebook",
    "parse_rulebook",
    "check_draft",
    "has_blocking",
    "reading_grade",
    "CHECKS",
]


class Severity(StrEnum):
    """Blocking problems stop a notice going out; warnings advise."""

    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a draft, as the problems list shows it."""

    rule_id: str
    severity: Severity
    message: str
    reason: str
    source: str
    line: int | None = None
    """1-based line of the rendered text, when the problem sits on one line."""

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"[{self.severity.value}] {where}{self.message} ({self.rule_id}; {self.source})"


@dataclass(frozen=True)
class Rule:
    """One row of a rule table."""

    id: str
    check: str
    severity: Severity
    message: str
    reason: str
    source: str
    kinds: tuple[DraftKind, ...]
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleTable:
    """The rules of one source or jurisdiction."""

    id: str
    title: str
    rules: tuple[Rule, ...]
    suppresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleBook:
    """All tables, and which apply to every draft."""

    tables: Mapping[str, RuleTable]
    always: tuple[str, ...]

    @property
    def profiles(self) -> tuple[RuleTable, ...]:
        """The jurisdiction profiles an incident file may select (for help and validation)."""
        return tuple(t for t in self.tables.values() if t.id not in self.always)

    def applicable(self, kind: DraftKind, profile_ids: Iterable[str]) -> list[Rule]:
        """The rules that apply to a draft of ``kind`` under the selected profiles."""
        selected = [self.tables[p] for p in profile_ids if p in self.tables]
        suppressed = {rule_id for table in selected for rule_id in table.suppresses}
        tables = [self.tables[t] for t in self.always if t in self.tables] + selected
        return [
            rule
            for table in tables
            for rule in table.rules
            if kind in rule.kinds and rule.id not in suppressed
        ]


class RulesError(ValueError):
    """The rules file is malformed (a packaging or editing mistake, caught by a test)."""


# --------------------------------------------------------------------------------------------
# Text helpers shared by the checks.


def _norm(text: str) -> str:
    """Lower case, one space between words, typographic quotes folded: for "contains" tests."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').lower().split())


def _contains(text: str, needle: str) -> bool:
    """True when ``needle`` appears in ``text`` as whole words ("free" is not in "freeze")."""
    if not needle.strip():
        return False
    pattern = r"(?<!\w)" + re.escape(_norm(needle)) + r"(?!\w)"
    return re.search(pattern, _norm(text)) is not None


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _find_line(text: str, needle: str) -> int | None:
    low = text.lower()
    at = low.find(needle.lower())
    return None if at < 0 else _line_of(text, at)


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d\s().-]{7,}\d(?![\w/-])")
_ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|\s*UTC)?)?")
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _host(url: str) -> str:
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _strip_url(url: str) -> str:
    return url.rstrip(".,;:!?")


def _channels_in(text: str) -> list[tuple[str, str, int]]:
    """Every URL, e-mail address and phone number in ``text``: (kind, value, line)."""
    found: list[tuple[str, str, int]] = []
    masked = text
    for match in _URL.finditer(text):
        found.append(("url", _strip_url(match.group(0)), _line_of(text, match.start())))
        masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
    for match in _EMAIL.finditer(masked):
        found.append(("email", match.group(0), _line_of(text, match.start())))
        masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
    masked = _ISO_TIME.sub(lambda m: " " * len(m.group(0)), masked)
    for match in _PHONE.finditer(masked):
        value = match.group(0).strip()
        if _DATE_LIKE.match(value) or len(_digits(value)) < 10:
            continue  # a date, a postcode or an amount, not a number to call
        found.append(("phone", value, _line_of(text, match.start())))
    return found


def _sentences(text: str) -> list[tuple[str, int]]:
    """Prose sentences with their line; headings, subject lines and bullets stand alone."""
    units: list[tuple[str, int]] = []
    paragraph: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        heading = line.startswith("#") or line.lower().startswith(("subject:", "last updated:"))
        if not line or heading or line.startswith(("- ", "* ")):
            if paragraph:
                units.append((" ".join(paragraph), start))
                paragraph = []
            if line.startswith(("- ", "* ")):
                units.append((line[2:], number))
            continue
        if not paragraph:
            start = number
        paragraph.append(line)
    if paragraph:
        units.append((" ".join(paragraph), start))
    sentences: list[tuple[str, int]] = []
    for unit, at in units:
        clean = _URL.sub("link", _EMAIL.sub("address", unit))
        clean = _PHONE.sub("number", clean)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", clean):
            if re.search(r"[A-Za-z]", sentence):
                sentences.append((sentence, at))
    return sentences


def _words(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*", sentence)


def _syllables(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return 1
    letters = re.sub(r"[^a-z]", "", word)
    if not letters:
        return 1
    groups = re.findall(r"[aeiouy]+", letters)
    count = len(groups)
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if letters.endswith("ed") and count > 1 and not letters.endswith(("ted", "ded")):
        count -= 1
    return max(count, 1)


def reading_grade(text: str) -> float | None:
    """Flesch-Kincaid grade level of the prose in ``text`` (None when there is none)."""
    sentences = [s for s, _ in _sentences(text)]
    words = [w for s in sentences for w in _words(s)]
    if not sentences or not words:
        return None
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def _headings(text: str) -> list[tuple[str, int]]:
    """Lines that read as headings (``#`` lines or lines alone), normalised, with their line."""
    found: list[tuple[str, int]] = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip().lstrip("#").strip().rstrip(":").strip()
        if line:
            found.append((_norm(line), number))
    return found


def _number_forms(value: int) -> list[str]:
    return [
        f"{value:,}",
        str(value),
        f"{value:,}".replace(",", "."),
        f"{value:,}".replace(",", " "),
    ]


def _date_forms(moment: datetime) -> list[str]:
    moment = utc(moment)
    month = format_date(moment).split(" ")[0]
    return [
        format_date(moment),
        f"{moment.day} {month} {moment.year}",
        moment.date().isoformat(),
        f"{moment.month}/{moment.day}/{moment.year}",
        f"{moment.month:02d}/{moment.day:02d}/{moment.year}",
    ]


def _fact_text(facts: Facts, name: str) -> str:
    value = getattr(facts, name)
    if value is None or value is False:
        return ""
    if isinstance(value, tuple):
        return " ".join(value)
    return str(value)


# --------------------------------------------------------------------------------------------
# The check functions. Each takes the draft and the rule's params; each finding is
# (message or "" for the rule's own message, line or None).

Finding = tuple[str, int | None]


@dataclass(frozen=True)
class Draft:
    """What a check looks at."""

    kind: DraftKind
    text: str
    facts: Facts
    now: datetime
    prep: DraftingPrep


CheckFn = Callable[[Draft, Mapping[str, Any]], list[Finding]]
CHECKS: dict[str, CheckFn] = {}
"""Check functions by the name rules use for them."""


def _check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn

    return register


@_check("contains_fact")
def _contains_fact(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The fact's value appears in the draft, or (when given) one of the phrases does."""
    value = _fact_text(d.facts, p["field"])
    if value and _contains(d.text, value):
        return []
    if any(_contains(d.text, phrase) for phrase in p.get("phrases", ())):
        return []
    if not value:
        return [(f"the fact sheet has no {p['field'].replace('_', ' ')} yet", None)]
    return [("", None)]


@_check("phone_fact")
def _phone_fact(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The phone number on the fact sheet appears (any punctuation), toll-free if asked."""
    value = _fact_text(d.facts, p.get("field", "hotline"))
    if not value:
        return [("the fact sheet has no hotline number", None)]
    wanted = _digits(value)
    if p.get("toll_free") and wanted[:3] not in ("800", "833", "844", "855", "866", "877", "888"):
        return [(f"{value} is not a toll-free number", None)]
    if any(k == "phone" and _digits(v) == wanted for k, v, _ in _channels_in(d.text)):
        return []
    return [("", None)]


@_check("all_items")
def _all_items(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every item of a list fact (e.g. each category of data affected) is named."""
    missing = [item for item in getattr(d.facts, p["field"]) if not _contains(d.text, item)]
    return [(f"does not name: {', '.join(missing)}", None)] if missing else []


@_check("phrases_any")
def _phrases_any(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """For each group of phrases, at least one phrase of the group appears."""
    groups = p.get("groups") or [p["phrases"]]
    for group in groups:
        if not any(_contains(d.text, phrase) for phrase in group):
            return [("", None)]
    return []


@_check("phrases_absent")
def _phrases_absent(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """None of the phrases appears (each hit reported on its line)."""
    found: list[Finding] = []
    for phrase in p["phrases"]:
        pattern = re.compile(r"\b" + re.escape(phrase) + r"\b", re.IGNORECASE)
        for match in pattern.finditer(d.text):
            found.append((f"“{match.group(0)}”", _line_of(d.text, match.start())))
    return found


@_check("internal_names_absent")
def _internal_names_absent(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No internal system or project name from the incident file appears."""
    return _phrases_absent(d, {"phrases": d.prep.internal_names})


@_check("fact_absent")
def _fact_absent(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The fact's value does not appear (a count in any of its usual spellings)."""
    value = getattr(d.facts, p["field"])
    if value is None or value == "" or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [("", _find_line(d.text, value))] if _contains(d.text, value) else []
    for form in _number_forms(int(value)):
        pattern = re.compile(r"(?<![\d,.])" + re.escape(form) + r"(?![\d]|[,.]\d)")
        if match := pattern.search(d.text):
            return [("", _line_of(d.text, match.start()))]
    return []


@_check("count_matches_fact")
def _count_matches_fact(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every number that counts people in the draft is the count on the fact sheet."""
    nouns = "|".join(re.escape(n) for n in p["nouns"])
    pattern = re.compile(
        r"(\d{1,3}(?:[,. ]\d{3})+|\d+)\s+(?:[a-z-]+\s+){0,2}(?:" + nouns + r")\b", re.IGNORECASE
    )
    wanted = getattr(d.facts, p.get("field", "customers_affected"))
    found: list[Finding] = []
    for match in pattern.finditer(d.text):
        number = int(re.sub(r"\D", "", match.group(1)))
        if number != wanted:
            expected = "not yet known" if wanted is None else f"{wanted:,}"
            found.append(
                (
                    f"says {match.group(1)}, the fact sheet says {expected}",
                    _line_of(d.text, match.start()),
                )
            )
    return found


@_check("no_placeholders")
def _no_placeholders(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No template placeholder or filler is left."""
    found: list[Finding] = []
    for pattern in p["patterns"]:
        for match in re.finditer(pattern, d.text):
            found.append((f"unfilled “{match.group(0)}”", _line_of(d.text, match.start())))
    return sorted(found, key=lambda f: f[1] or 0)


@_check("dates_in_order")
def _dates_in_order(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The dates on the fact sheet run in order (unknown dates are skipped)."""
    found: list[Finding] = []
    known = [(name, getattr(d.facts, name)) for name in p["fields"]]
    known = [(n, v) for n, v in known if v is not None]
    for (first, a), (second, b) in zip(known, known[1:], strict=False):
        if utc(a) > utc(b):
            found.append(
                (
                    f"{first.replace('_', ' ')} ({format_date(a)}) is after "
                    f"{second.replace('_', ' ')} ({format_date(b)})",
                    None,
                )
            )
    return found


@_check("dates_not_future")
def _dates_not_future(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No date on the fact sheet lies in the future (the notice date may be today)."""
    found: list[Finding] = []
    for name in p["fields"]:
        value = getattr(d.facts, name)
        if value is not None and utc(value).date() > utc(d.now).date():
            found.append((f"{name.replace('_', ' ')} {format_date(value)} is in the future", None))
    return found


def _triggered(d: Draft, p: Mapping[str, Any]) -> list[str]:
    hits = []
    for item in d.facts.data_affected:
        low = _norm(item)
        if any(_norm(t) in low for t in p["data_terms"]) and not any(
            _norm(t) in low for t in p.get("except_terms", ())
        ):
            hits.append(item)
    return hits


@_check("advice_if_data")
def _advice_if_data(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """When the data affected includes a trigger, the draft gives the matching advice."""
    hits = _triggered(d, p)
    if not hits or any(_contains(d.text, phrase) for phrase in p["phrases"]):
        return []
    return [(f"{p['advice']} (because {', '.join(hits)} were affected)", None)]


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "six": 6,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "twenty four": 24,
    "thirty-six": 36,
}
_DURATION = re.compile(
    r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")[\s-]+(years?|months?)\b", re.IGNORECASE
)


@_check("advice_months")
def _advice_months(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """When triggered, a sentence offering the service states at least ``min_months``."""
    hits = _triggered(d, p)
    if not hits:
        return []
    best = 0
    for sentence, _ in _sentences(d.text):
        if not any(_contains(sentence, word) for word in p["near"]):
            continue
        for amount, unit in _DURATION.findall(sentence):
            number = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount.lower()]
            best = max(best, number * 12 if unit.lower().startswith("year") else number)
    if best >= p["min_months"]:
        return []
    return [(f"{p['advice']} (because {', '.join(hits)} were affected)", None)]


@_check("official_channels")
def _official_channels(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every URL, phone number and e-mail address is an official channel."""
    facts = d.facts
    official = " ".join(
        [
            facts.hotline,
            facts.faq_url,
            facts.support_email,
            facts.sender_address,
            facts.data_protection_contact,
            facts.postal_address,
            *d.prep.official_channels,
        ]
    )
    listed = _channels_in(official)
    hosts = {_host(v) for k, v, _ in listed if k == "url"} | {
        _host(h) for h in p.get("allowed_hosts", ())
    }
    emails = {v.lower() for k, v, _ in listed if k == "email"}
    hosts |= {e.split("@")[1] for e in emails}  # the sender's own domain is official
    phones = {_digits(v) for k, v, _ in listed if k == "phone"} | {
        _digits(n) for n in p.get("allowed_phones", ())
    }
    found: list[Finding] = []
    for kind, value, line in _channels_in(d.text):
        ok = (
            (kind == "url" and _host(value) in hosts)
            or (kind == "email" and value.lower() in emails)
            or (kind == "phone" and _digits(value) in phones)
        )
        if not ok:
            found.append((f"{value} is not an official channel on the fact sheet", line))
    return found


@_check("reading_grade")
def _reading_grade(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Flesch-Kincaid grade at most the limit (the incident file's, else the rule's)."""
    limit = d.prep.limits.reading_grade if p.get("use_limits", True) else p["max_grade"]
    grade = reading_grade(d.text)
    if grade is None or grade <= limit:
        return []
    return [(f"reads at grade {grade:.1f}; aim for {limit:g} or below", None)]


@_check("long_sentences")
def _long_sentences(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No sentence longer than the limit in words."""
    limit = d.prep.limits.sentence_words if p.get("use_limits", True) else p["max_words"]
    found: list[Finding] = []
    for sentence, line in _sentences(d.text):
        count = len(_words(sentence))
        if count > limit:
            found.append((f"a sentence of {count} words (limit {limit}): “{sentence[:50]}…”", line))
    return found


@_check("max_length")
def _max_length(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The whole text fits the limit named in ``limit`` (a ``DraftLimits`` field)."""
    limit = getattr(d.prep.limits, p["limit"])
    length = len(" ".join(d.text.split()))
    return [] if length <= limit else [(f"{length} characters; the limit is {limit}", None)]


@_check("thread_length")
def _thread_length(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The social post fits one post (``max_posts``: 1) or a thread of at most the limit."""
    limits = d.prep.limits
    posts = split_thread(d.text, limits.social_post_length)
    allowed = p.get("max_posts") or limits.social_max_posts
    found: list[Finding] = []
    if len(posts) > allowed:
        found.append(
            (
                f"needs {len(posts)} posts of {limits.social_post_length} characters; "
                f"at most {allowed}",
                None,
            )
        )
    for number, post in enumerate(posts, 1):
        if len(post) > limits.social_post_length:
            found.append(
                (f"post {number} cannot be split below the limit (a very long word)", None)
            )
    return found


@_check("title")
def _title(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The draft carries the title, before any required heading."""
    want = _norm(p["title"])
    headings = _headings(d.text)
    for text, line in headings:
        if text == want:
            firsts = [n for t, n in headings if t in {_norm(h) for h in p.get("before", ())}]
            if firsts and min(firsts) < line:
                return [("the title comes after the first heading", line)]
            return []
    return [("", None)]


@_check("headings_in_order")
def _headings_in_order(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The required headings are present, each on a line of its own, in the given order."""
    headings = _headings(d.text)
    positions = []
    missing = []
    for heading in p["headings"]:
        lines = [n for t, n in headings if t == _norm(heading)]
        if lines:
            positions.append((heading, lines[0]))
        else:
            missing.append(heading)
    if missing:
        return [(f"missing heading(s): {', '.join(missing)}", None)]
    for (first, a), (second, b) in zip(positions, positions[1:], strict=False):
        if a > b:
            return [(f"“{second}” must come after “{first}”", b)]
    return []


@_check("dates_stated")
def _dates_stated(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Each known date fact is stated in the draft (any common format)."""
    found: list[Finding] = []
    for name in p["fields"]:
        value = getattr(d.facts, name)
        if value is None:
            if name in p.get("required", ()):
                found.append((f"the fact sheet has no {name.replace('_', ' ')}", None))
            continue
        if not any(_contains(d.text, form) for form in _date_forms(value)):
            found.append(
                (f"does not state the {name.replace('_', ' ')} ({format_date(value)})", None)
            )
    return found


@_check("any_fact_present")
def _any_fact_present(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """At least one of the facts' values appears."""
    for name in p["fields"]:
        value = _fact_text(d.facts, name)
        if value and _contains(d.text, value):
            return []
    return [("", None)]


# --------------------------------------------------------------------------------------------
# Loading the rules and running them.


def parse_rulebook(data: Mapping[str, Any]) -> RuleBook:
    """Validate the rules data; a rule naming an unknown check or kind is an error."""
    tables: dict[str, RuleTable] = {}
    try:
        for table_id, table in data["tables"].items():
            rules = []
            for raw in table["rules"]:
                if raw["check"] not in CHECKS:
                    raise RulesError(f"rule {raw['id']}: unknown check {raw['check']!r}")
                rules.append(
                    Rule(
                        id=raw["id"],
                        check=raw["check"],
                        severity=Severity(raw["severity"]),
                        message=raw["message"],
                        reason=raw["reason"],
                        source=raw["source"],
                        kinds=tuple(DraftKind(k) for k in raw["kinds"]),
                        params=dict(raw.get("params", {})),
                    )
                )
            tables[table_id] = RuleTable(
                table_id, table["title"], tuple(rules), tuple(table.get("suppresses", ()))
            )
        always = tuple(data["always"])
    except (KeyError, TypeError, ValueError) as error:
        raise RulesError(f"notice rules: {error!r}") from None
    ids = [r.id for t in tables.values() for r in t.rules]
    if len(ids) != len(set(ids)):
        raise RulesError("notice rules: duplicate rule ids")
    return RuleBook(tables, always)


@lru_cache(maxsize=1)
def load_rulebook() -> RuleBook:
    """The packaged rules (``warroom/data/notice_rules.json``), read once."""
    text = resources.files("warroom.data").joinpath("notice_rules.json").read_text("utf-8")
    return parse_rulebook(json.loads(text))


def check_draft(
    kind: DraftKind | str,
    text: str,
    facts: Facts,
    profile_ids: Sequence[str],
    now: datetime,
    *,
    prep: DraftingPrep | None = None,
    rules: RuleBook | None = None,
) -> list[Problem]:
    """Run every applicable rule on a rendered draft; blocking problems first, then by line.

    Args:
        kind: The kind of message (the rules say which apply to which kind).
        text: The rendered draft (for a notice, with its ``Subject:`` line).
        facts: The current sheet of facts.
        profile_ids: Jurisdiction profiles selected (usually ``prep.profiles``).
        now: The current time (dates in the future are problems).
        prep: The incident file's drafting section (limits, internal names, channels).
        rules: The rule book (the packaged one by default).
    """
    draft = Draft(DraftKind(kind), text, facts, utc(now), prep or DEFAULT_PREP)
    book = rules or load_rulebook()
    problems = []
    for rule in book.applicable(draft.kind, profile_ids):
        for message, line in CHECKS[rule.check](draft, rule.params):
            full = rule.message if not message else f"{rule.message}: {message}"
            problems.append(Problem(rule.id, rule.severity, full, rule.reason, rule.source, line))
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1}
    problems.sort(key=lambda pr: (order[pr.severity], pr.line or 0))
    return problems


def has_blocking(problems: Iterable[Problem]) -> bool:
    """True when any problem blocks sending."""
    return any(p.severity is Severity.BLOCKING for p in problems)
