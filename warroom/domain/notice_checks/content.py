"""Checks on what a draft says: facts present or absent, phrases, counts, dates, advice."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from warroom.domain.clock import utc
from warroom.domain.drafts import format_date
from warroom.domain.notice_checks.registry import Draft, Finding, check
from warroom.domain.notice_checks.text import (
    channels_in,
    contains,
    date_forms,
    digits,
    fact_text,
    find_line,
    line_of,
    month_forms,
    norm,
    number_forms,
    sentences_of,
)


@check("contains_fact")
def _contains_fact(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The fact's value appears in the draft, or (when given) one of the phrases does."""
    value = fact_text(d.facts, p["field"])
    if value and contains(d.text, value):
        return []
    if any(contains(d.text, phrase) for phrase in p.get("phrases", ())):
        return []
    if not value:
        return [(f"the fact sheet has no {p['field'].replace('_', ' ')} yet", None)]
    return [("", None)]


@check("phone_fact")
def _phone_fact(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The phone number on the fact sheet appears (any punctuation), toll-free if asked."""
    value = fact_text(d.facts, p.get("field", "hotline"))
    if not value:
        return [("the fact sheet has no hotline number", None)]
    wanted = digits(value)
    if p.get("toll_free") and wanted[:3] not in ("800", "833", "844", "855", "866", "877", "888"):
        return [(f"{value} is not a toll-free number", None)]
    if any(k == "phone" and digits(v) == wanted for k, v, _ in channels_in(d.text)):
        return []
    return [("", None)]


@check("all_items")
def _all_items(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every item of a list fact (e.g. each category of data affected) is named."""
    missing = [item for item in getattr(d.facts, p["field"]) if not contains(d.text, item)]
    return [(f"does not name: {', '.join(missing)}", None)] if missing else []


@check("phrases_any")
def _phrases_any(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """For each group of phrases, at least one phrase of the group appears."""
    groups = p.get("groups") or [p["phrases"]]
    for group in groups:
        if not any(contains(d.text, phrase) for phrase in group):
            return [("", None)]
    return []


@check("phrases_absent")
def _phrases_absent(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """None of the phrases appears (each hit reported on its line)."""
    found: list[Finding] = []
    for phrase in p["phrases"]:
        pattern = re.compile(r"\b" + re.escape(phrase) + r"\b", re.IGNORECASE)
        for match in pattern.finditer(d.text):
            found.append((f"“{match.group(0)}”", line_of(d.text, match.start())))
    return found


@check("internal_names_absent")
def _internal_names_absent(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No internal system or project name from the incident file appears."""
    return _phrases_absent(d, {"phrases": d.prep.internal_names})


@check("fact_absent")
def _fact_absent(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The fact's value does not appear (a count in any of its usual spellings)."""
    value = getattr(d.facts, p["field"])
    if value is None or value == "" or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [("", find_line(d.text, value))] if contains(d.text, value) else []
    for form in number_forms(int(value)):
        pattern = re.compile(r"(?<![\d,.])" + re.escape(form) + r"(?![\d]|[,.]\d)")
        if match := pattern.search(d.text):
            return [("", line_of(d.text, match.start()))]
    return []


_APPROX = (
    "approximately|about|around|roughly|nearly|almost|some|an estimated|estimated|over|"
    "more than|fewer than|less than|under|up to"
)
_MULTIPLIERS = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000}
_MULTIPLIERS["billion"] = 1_000_000_000
_SUBGROUP_AFTER = re.compile(r"^\s*(?:whose|who|of whom|for whom|that|which|with)\b", re.I)
_SUBGROUP_BEFORE = re.compile(
    r"(?:of (?:these|them|those|the affected)|including|among (?:them|these|those))\W+"
    r"(?:\w+\W+){0,3}$",
    re.I,
)


def _stated_count(number: str, multiplier: str | None) -> int:
    """``48,200`` → 48200; ``9 million`` → 9000000; ``1.5 million`` → 1500000."""
    if multiplier:
        return round(float(number.replace(",", ".")) * _MULTIPLIERS[multiplier.lower()])
    return int(re.sub(r"\D", "", number))


def _agrees(stated: int, wanted: int, approx: str, rounded: bool) -> bool:
    """A rounded or hedged count agrees when it is within 5 % and on the side its words say."""
    if stated == wanted:
        return True
    if not (approx or rounded):
        return False
    word = approx.lower()
    if word in ("over", "more than"):
        return wanted * 0.5 <= stated < wanted
    if word in ("fewer than", "less than", "under", "up to"):
        return wanted < stated <= wanted * 2
    return abs(stated - wanted) <= wanted * 0.05


@check("count_matches_fact")
def _count_matches_fact(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every number that counts people in the draft is the count on the fact sheet.

    "Approximately 9 million customers" is nine million, not nine, and agrees with a count
    within 5 %; a smaller count labelled as a subgroup ("10 customers whose card data …",
    "of these, 10 customers") is not a contradiction.
    """
    nouns = "|".join(re.escape(n) for n in p["nouns"])
    pattern = re.compile(
        r"(?:\b(?P<approx>" + _APPROX + r")\s+)?"
        r"(?P<num>\d{1,3}(?:[,. ]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
        r"(?:\s*(?P<mult>thousand|million|billion|k|m)\b)?"
        r"\s+(?:[a-z-]+\s+){0,2}(?:" + nouns + r")\b",
        re.IGNORECASE,
    )
    wanted = getattr(d.facts, p.get("field", "customers_affected"))
    found: list[Finding] = []
    for match in pattern.finditer(d.text):
        stated = _stated_count(match.group("num"), match.group("mult"))
        approx = match.group("approx") or ""
        if wanted is not None:
            if _agrees(stated, wanted, approx, bool(match.group("mult"))):
                continue
            before = d.text[max(0, match.start() - 60) : match.start()]
            after = d.text[match.end() : match.end() + 20]
            if stated < wanted and (
                _SUBGROUP_AFTER.match(after) or _SUBGROUP_BEFORE.search(before)
            ):
                continue
        expected = "not yet known" if wanted is None else f"{wanted:,}"
        said = " ".join(filter(None, (approx, match.group("num"), match.group("mult"))))
        found.append(
            (f"says {said}, the fact sheet says {expected}", line_of(d.text, match.start()))
        )
    return found


@check("no_placeholders")
def _no_placeholders(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No template placeholder or filler is left."""
    found: list[Finding] = []
    for pattern in p["patterns"]:
        for match in re.finditer(pattern, d.text):
            found.append((f"unfilled “{match.group(0)}”", line_of(d.text, match.start())))
    return sorted(found, key=lambda f: f[1] or 0)


@check("dates_in_order")
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


@check("dates_not_future")
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
        low = norm(item)
        if any(norm(t) in low for t in p["data_terms"]) and not any(
            norm(t) in low for t in p.get("except_terms", ())
        ):
            hits.append(item)
    return hits


@check("advice_if_data")
def _advice_if_data(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """When the data affected includes a trigger, the draft gives the matching advice."""
    hits = _triggered(d, p)
    if not hits or any(contains(d.text, phrase) for phrase in p["phrases"]):
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


@check("advice_months")
def _advice_months(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """When triggered, a sentence offering the service states at least ``min_months``.

    With ``cost_phrases`` the same sentence must also say the offer costs nothing ("at no
    cost", "free"): California, Massachusetts and Connecticut require the service free.
    """
    hits = _triggered(d, p)
    if not hits:
        return []
    best = 0
    cost = p.get("cost_phrases", ())
    for sentence, _ in sentences_of(d.text):
        if not any(contains(sentence, word) for word in p["near"]):
            continue
        if cost and not any(contains(sentence, phrase) for phrase in cost):
            continue
        for amount, unit in _DURATION.findall(sentence):
            number = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount.lower()]
            best = max(best, number * 12 if unit.lower().startswith("year") else number)
    if best >= p["min_months"]:
        return []
    return [(f"{p['advice']} (because {', '.join(hits)} were affected)", None)]


@check("dates_stated")
def _dates_stated(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Each known date fact is stated in the draft (any common format).

    With ``approximate`` a date given to the month ("in April 2023", "on or about") or an
    honest "unknown" also counts: HIPAA asks for the dates "if known".
    """
    found: list[Finding] = []
    for name in p["fields"]:
        value = getattr(d.facts, name)
        if value is None:
            if name in p.get("required", ()):
                found.append((f"the fact sheet has no {name.replace('_', ' ')}", None))
            continue
        forms = date_forms(value)
        if p.get("approximate"):
            forms += month_forms(value)
        if not any(contains(d.text, form) for form in forms) and not (
            p.get("approximate") and _UNKNOWN_DATE.search(d.text)
        ):
            found.append(
                (f"does not state the {name.replace('_', ' ')} ({format_date(value)})", None)
            )
    return found


_UNKNOWN_DATE = re.compile(
    r"\b(?:date|when)\b[^.\n]{0,60}\b(?:is |are |remains? )?(?:not (?:yet )?known|unknown)\b",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}/\d{1,2}/\d{4}\b",
    re.IGNORECASE,
)


@check("notice_date_stated")
def _notice_date_stated(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The notice carries its date: the fact sheet's notice date, else some full date.

    Without a notice date on the fact sheet any full date counts, since the letter's own
    date line is usually written by the mail merge ("November 30, 2026").
    """
    when = d.facts.notice_date
    if when is not None:
        if any(contains(d.text, form) for form in date_forms(when)):
            return []
        return [(f"the fact sheet's notice date is {format_date(when)}", None)]
    return [] if _FULL_DATE.search(d.text) else [("", None)]


@check("law_enforcement_stated")
def _law_enforcement_stated(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """When the fact sheet says law enforcement delayed the notice, the notice says so."""
    if not d.facts.law_enforcement_delay:
        return []
    delayed = re.search(r"\bdelay", d.text, re.IGNORECASE)  # delay, delayed, delaying
    if delayed and any(contains(d.text, phrase) for phrase in p["phrases"]):
        return []
    return [("", None)]


_TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")
_POSTAL = re.compile(r"\b(?:P\.?\s?O\.?\s*Box\s+\d+|\d+\s+[A-Z][a-z]+)|\b[A-Z]{2}\s+\d{5}\b")


@check("bureau_contacts")
def _bureau_contacts(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """When triggered, each bureau is named with a toll-free number and a postal address.

    Both must sit in the bureau's own paragraph (or the 300 characters after its name), so a
    bare "Equifax" in a sentence does not pass as the contact details the law asks for.
    """
    hits = _triggered(d, p)
    if not hits:
        return []
    missing = []
    for bureau in p["bureaus"]:
        at = d.text.lower().find(bureau.lower())
        if at < 0:
            missing.append(f"{bureau} (not named)")
            continue
        end = d.text.find("\n\n", at)
        block = d.text[at : max(end, at + 300) if end >= 0 else len(d.text)]
        phones = [v for k, v, _ in channels_in(block) if k == "phone"]
        needs = []
        if not any(digits(v)[:3] in _TOLL_FREE for v in phones):
            needs.append("toll-free number")
        if not _POSTAL.search(block):
            needs.append("address")
        if needs:
            missing.append(f"{bureau} ({' and '.join(needs)})")
    if not missing:
        return []
    return [(f"missing: {', '.join(missing)} (because {', '.join(hits)} were affected)", None)]


@check("any_fact_present")
def _any_fact_present(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """At least one of the facts' values appears."""
    for name in p["fields"]:
        value = fact_text(d.facts, name)
        if value and contains(d.text, value):
            return []
    return [("", None)]
