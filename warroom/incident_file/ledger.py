"""The incident file's ``stakeholders``, ``population`` and ``holding_statements`` sections.

``stakeholders`` lists every audience beyond the regulators the clocks bring (customer
cohorts, partners, card brands, the insurer, law enforcement, the board, staff, the press);
``population`` is the first revision of the affected-population ledger; ``holding_statements``
are the statements approved in peacetime. Each error names the JSON path, like every section.
"""

from __future__ import annotations

import re
from datetime import timedelta

from warroom.domain.clocks import RegulatoryPrep
from warroom.domain.draft_kinds import DraftKind
from warroom.domain.holding import HoldingPrep, HoldingStatement
from warroom.domain.incident import Facts
from warroom.domain.ledger import Audience, Stakeholder
from warroom.domain.population import (
    JURISDICTION,
    Counts,
    FilePopulation,
    PopulationError,
    check_counts,
    residents_of,
)
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields

__all__ = [
    "parse_stakeholders",
    "parse_population",
    "parse_holding_statements",
    "check_population",
]

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_DRAFT = re.compile(r"^(notice|faq|social|banner|briefing:[a-z0-9][a-z0-9_-]{0,63})$")
_HOLDING_KINDS = tuple(k.value for k in DraftKind if k is not DraftKind.BRIEFING)


def parse_stakeholders(source: str, raw: object) -> tuple[Stakeholder, ...]:
    """Validate ``$.stakeholders``: a list of audiences, each with a unique id."""
    wrapper = Fields(source, "$", {"stakeholders": raw})
    found: list[Stakeholder] = []
    for entry in wrapper.objects("stakeholders", required=True):
        ident = entry.string("id")
        if not _ID.match(ident) or ident.startswith("clock") or any(s.id == ident for s in found):
            raise entry.error("id", f"{ident!r} must be a unique lowercase id (not clock…)")
        audience = entry.choice("audience", Audience)
        assert audience is not None
        jurisdiction = entry.string("jurisdiction", required=False).upper()
        if jurisdiction and not JURISDICTION.match(jurisdiction):
            raise entry.error("jurisdiction", f"{jurisdiction!r}: use IE, DE or US-CA")
        draft = entry.string("draft", required=False)
        if draft and not _DRAFT.match(draft):
            raise entry.error("draft", f"{draft!r}: notice, faq, social, banner or briefing:TEAM")
        required = entry.boolean("required", default=True)
        why_not = entry.string("why_not", required=not required)
        found.append(
            Stakeholder(
                id=ident,
                name=entry.string("name"),
                audience=audience,
                jurisdiction=jurisdiction,
                category=entry.string("category", required=False),
                channel=entry.string("channel", required=False),
                contact=entry.string("contact", required=False),
                recipients=entry.integer("recipients", required=False, minimum=0),
                draft=draft,
                due=entry.duration("due"),
                required=required,
                why_not=why_not,
                note=entry.string("note", required=False),
            )
        )
        entry.done()
    return tuple(found)


def _count_map(section: Fields, key: str, *, codes: bool) -> dict[str, int]:
    table = section.object(key, required=False)
    if table is None:
        return {}
    found: dict[str, int] = {}
    for name in list(table.data):
        if codes and not JURISDICTION.match(name):
            raise table.error(name, "use a country code (IE) or a US state (US-CA)")
        found[name] = table.integer(name, minimum=0) or 0
    table.done()
    return found


def parse_population(source: str, raw: object) -> FilePopulation:
    """Validate ``$.population``: total, per jurisdiction, per data category."""
    section = Fields(source, "$.population", raw)
    total = section.integer("total", minimum=0)
    assert total is not None
    jurisdictions = _count_map(section, "jurisdictions", codes=True)
    categories = _count_map(section, "categories", codes=False)
    as_of = section.datetime("as_of", required=False)
    basis = section.string("basis", required=False)
    section.done()
    try:
        counts = check_counts(Counts(total, jurisdictions, categories))
    except PopulationError as error:
        raise IncidentFileError(source, "$.population", str(error)) from None
    return FilePopulation(counts, as_of, basis)


def check_population(source: str, facts: Facts, extras: dict[str, object]) -> None:
    """The population is the one count: the facts' total and the clocks' residents agree with it."""
    population = extras.get("population")
    if not isinstance(population, FilePopulation):
        return
    counts = population.counts
    regulatory = extras.get("regulatory")
    if isinstance(regulatory, RegulatoryPrep):
        given = residents_of(counts)
        for state, residents in regulatory.residents.items():
            if given.get(state, 0) != residents:
                raise IncidentFileError(
                    source,
                    f"$.population.jurisdictions.US-{state}",
                    f"is {given.get(state, 0)} but $.regulatory.residents.{state} is "
                    f"{residents}: the count of residents is one number (make them equal)",
                )
        total = regulatory.affected_total
        if total is not None and total != counts.total:
            raise IncidentFileError(
                source,
                "$.regulatory.affected_total",
                f"is {total} but $.population.total is {counts.total}: one number",
            )
    if facts.customers_affected is not None and facts.customers_affected != counts.total:
        raise IncidentFileError(
            source,
            "$.facts.customers_affected",
            f"is {facts.customers_affected} but $.population.total is {counts.total}: "
            "the count of people affected is one number (leave the fact out or make them equal)",
        )


def parse_holding_statements(source: str, raw: object) -> HoldingPrep:
    """Validate ``$.holding_statements``: statements with their approval, and how long it holds."""
    section = Fields(source, "$.holding_statements", raw)
    valid_days = section.integer("approval_valid_days", required=False, default=365, minimum=1)
    statements: list[HoldingStatement] = []
    for entry in section.objects("statements", required=True):
        ident = entry.string("id")
        if not _ID.match(ident) or any(s.id == ident for s in statements):
            raise entry.error("id", f"{ident!r} must be a unique lowercase id")
        kind = entry.string("kind")
        if kind not in _HOLDING_KINDS:
            raise entry.error("kind", f"{kind!r} is not one of {', '.join(_HOLDING_KINDS)}")
        body = entry.raw("body")
        if isinstance(body, list) and all(isinstance(line, str) for line in body):
            text = "\n".join(body)
        elif isinstance(body, str):
            text = body
        else:
            raise entry.error("body", "expected a string or a list of lines")
        if not text.strip():
            raise entry.error("body", "must not be empty")
        placeholders = entry.strings("placeholders")
        for name in placeholders:
            if name not in text:
                raise entry.error("placeholders", f"{name} is declared but not in the body")
        approved_hash = entry.string("approved_hash", required=False)
        if approved_hash and not re.match(r"^sha256:[0-9a-f]{64}$", approved_hash):
            raise entry.error("approved_hash", "expected sha256: and 64 hex digits")
        statements.append(
            HoldingStatement(
                id=ident,
                scenario=entry.string("scenario"),
                title=entry.string("title"),
                kind=kind,
                source=text,
                placeholders=placeholders,
                approved_by=entry.string("approved_by", required=False),
                approved_at=entry.datetime("approved_at", required=False),
                approved_hash=approved_hash,
            )
        )
        entry.done()
    section.done()
    return HoldingPrep(tuple(statements), timedelta(days=valid_days or 365))
