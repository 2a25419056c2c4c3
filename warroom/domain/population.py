"""The affected-population ledger: how many people, where, and which data, revision by revision.

Counts change for days after detection (48,200 becomes 61,000 as forensics goes on). Each
revision is kept whole (who, when, why), never edited: the review and a regulator can see what
was known when. The latest revision is the one number everything reads: the clocks' residents
per US state and total (so a revision re-decides which laws apply), the facts'
``customers_affected`` (so every message quoting the count goes stale), the recipient counts
of the notification ledger's customer cohorts.

Jurisdictions are ISO 3166 codes: a country (``IE``, ``DE``) or a US state as ``US-CA``. The
clock rules speak of US states by their two letters; ``residents_of`` translates.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from warroom.domain.clocks import RegulatoryPrep

__all__ = [
    "Counts",
    "PopulationRevision",
    "FilePopulation",
    "PopulationError",
    "JURISDICTION",
    "check_counts",
    "residents_of",
    "apply_counts",
    "counts_from_prep",
    "describe_change",
    "parse_counts_csv",
    "counts_csv",
    "with_total",
    "parse_pairs",
    "format_pairs",
]

JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
"""A country (``IE``) or a subdivision (``US-CA``), as ISO 3166 writes them."""

_CATEGORY_LIMIT = 80
_MAX_COUNT = 10_000_000_000  # more people than there are: a typo, not a count


class PopulationError(ValueError):
    """Counts that cannot be right (a state above the total, a bad code, a broken CSV row)."""


@dataclass(frozen=True)
class Counts:
    """People affected: in total, per jurisdiction, per data category."""

    total: int
    jurisdictions: Mapping[str, int] = field(default_factory=dict)
    categories: Mapping[str, int] = field(default_factory=dict)

    def count_in(self, jurisdiction: str) -> int:
        """People affected in a jurisdiction (0 when not listed)."""
        return self.jurisdictions.get(jurisdiction, 0)


@dataclass(frozen=True)
class FilePopulation:
    """The incident file's ``population`` section: the counts known while preparing."""

    counts: Counts
    as_of: datetime | None = None
    basis: str = ""


@dataclass(frozen=True)
class PopulationRevision:
    """One revision of the counts, as entered or imported (number 0: the incident file's)."""

    number: int
    counts: Counts
    operator: str
    at: datetime
    reason: str
    source: str = "entered"
    """``incident file``, ``entered``, ``facts sheet`` or ``import FILE.csv``."""


def check_counts(counts: Counts) -> Counts:
    """Return ``counts`` if they can be right; else raise ``PopulationError`` saying why.

    A jurisdiction or category counts people among the total, so none may exceed it.
    """
    if not 0 <= counts.total <= _MAX_COUNT:
        raise PopulationError(f"the total {counts.total} is not a count of people")
    for code, count in counts.jurisdictions.items():
        if not JURISDICTION.match(code):
            raise PopulationError(
                f"{code!r} is not a jurisdiction code: use a country (IE) or a US state (US-CA)"
            )
        if count < 0 or count > counts.total:
            raise PopulationError(
                f"{code}: {count} is more than the total of {counts.total} (or negative)"
            )
    for name, count in counts.categories.items():
        if not name.strip() or len(name) > _CATEGORY_LIMIT:
            raise PopulationError(f"{name!r} is not a data category name")
        if count < 0 or count > counts.total:
            raise PopulationError(
                f"{name}: {count} is more than the total of {counts.total} (or negative)"
            )
    return counts


def residents_of(counts: Counts) -> dict[str, int]:
    """Residents per US state as the clock rules name them (``US-CA`` → ``CA``)."""
    return {
        code[3:]: count
        for code, count in counts.jurisdictions.items()
        if code.startswith("US-") and len(code) == 5
    }


def apply_counts(prep: RegulatoryPrep, counts: Counts | None) -> RegulatoryPrep:
    """The regulatory preparation with the ledger's counts in place of the file's.

    States the file listed and the ledger does not keep their value from the ledger's point of
    view: 0 (the ledger is the whole truth once it exists).
    """
    if counts is None:
        return prep
    residents = dict.fromkeys(prep.residents, 0)
    residents.update(residents_of(counts))
    return replace(prep, residents=residents, affected_total=counts.total)


def counts_from_prep(prep: RegulatoryPrep | None, customers_affected: int | None) -> Counts | None:
    """The counts an incident file without a ``population`` section implies (or None)."""
    total = prep.affected_total if prep is not None else None
    if total is None:
        total = customers_affected
    if total is None:
        return None
    states = {f"US-{state}": n for state, n in (prep.residents if prep else {}).items()}
    return Counts(total, states)


def with_total(counts: Counts | None, total: int) -> Counts:
    """The same counts with a new total (an edit of the facts sheet's count)."""
    if counts is None:
        return Counts(total)
    return replace(counts, total=total)


def _fmt(count: int) -> str:
    return f"{count:,}"


def describe_change(old: Counts | None, new: Counts) -> list[str]:
    """What changed, in words: ``total 48,200 → 61,000``, ``US-TX 310 → 0``, ``+ IE 3,100``."""
    if old is None:
        return [f"total {_fmt(new.total)}"]
    parts = []
    if old.total != new.total:
        parts.append(f"total {_fmt(old.total)} → {_fmt(new.total)}")
    for label, before, after in (
        ("", old.jurisdictions, new.jurisdictions),
        ("data: ", old.categories, new.categories),
    ):
        for key in sorted(set(before) | set(after)):
            if key not in after:
                parts.append(f"− {label}{key} (was {_fmt(before[key])})")
            elif key not in before:
                parts.append(f"+ {label}{key} {_fmt(after[key])}")
            elif before[key] != after[key]:
                parts.append(f"{label}{key} {_fmt(before[key])} → {_fmt(after[key])}")
    return parts


_CSV_KINDS = ("total", "jurisdiction", "category")


def parse_counts_csv(text: str) -> Counts:
    """Read counts from CSV with a ``kind,key,count`` header (forensics' export, by hand).

    ``kind`` is ``total`` (key empty), ``jurisdiction`` (an ISO code) or ``category`` (a data
    category as the facts name it). Without a ``total`` row the total is the largest count
    given, never less than any part. Every error names the line.
    """
    import csv  # with the first counts file read or written, not with every stored incident

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = list(reader)
    if not rows or [c.strip().lower() for c in rows[0][:3]] != ["kind", "key", "count"]:
        raise PopulationError("line 1: the header must be kind,key,count")
    total: int | None = None
    jurisdictions: dict[str, int] = {}
    categories: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise PopulationError(f"line {number}: expected 3 cells, found {len(row)}")
        kind, key, raw = (cell.strip() for cell in row)
        kind = kind.lower()
        if kind not in _CSV_KINDS:
            raise PopulationError(f"line {number}: kind {kind!r} is not one of {_CSV_KINDS}")
        try:
            count = int(raw.replace(",", "").replace("_", ""))
        except ValueError:
            raise PopulationError(f"line {number}: {raw!r} is not a whole number") from None
        if count < 0:
            raise PopulationError(f"line {number}: a count cannot be negative")
        if kind == "total":
            total = count
            continue
        if not key:
            raise PopulationError(f"line {number}: a {kind} row needs a key")
        target = jurisdictions if kind == "jurisdiction" else categories
        if kind == "jurisdiction":
            key = key.upper()
        if key in target:
            raise PopulationError(f"line {number}: {key} is listed twice")
        target[key] = count
    if total is None:
        total = max([*jurisdictions.values(), *categories.values(), 0])
    return check_counts(Counts(total, jurisdictions, categories))


def counts_csv(counts: Counts) -> str:
    """Write counts as the CSV ``parse_counts_csv`` reads (round-trips)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "key", "count"])
    writer.writerow(["total", "", counts.total])
    for code in sorted(counts.jurisdictions):
        writer.writerow(["jurisdiction", code, counts.jurisdictions[code]])
    for name in sorted(counts.categories):
        writer.writerow(["category", name, counts.categories[name]])
    return out.getvalue()


def parse_pairs(text: str, *, codes: bool) -> dict[str, int]:
    """Read ``US-CA=1900, IE=3100`` (or ``names=48200``) as typed in a form."""
    found: dict[str, int] = {}
    # A comma before a digit is a thousands separator (1,900), not the next pair.
    for part in re.split(r"[,;\n]\s*(?=[^\d\s])", text):
        if not part.strip():
            continue
        key, sep, raw = part.partition("=")
        key = key.strip().upper() if codes else key.strip()
        if not sep or not key:
            raise PopulationError(f"{part.strip()!r}: write KEY=COUNT")
        try:
            found[key] = int(raw.strip().replace(",", "").replace("_", ""))
        except ValueError:
            raise PopulationError(f"{part.strip()!r}: {raw.strip()!r} is not a count") from None
    return found


def format_pairs(counts: Mapping[str, int]) -> str:
    """Write counts the way ``parse_pairs`` reads them."""
    return ", ".join(f"{key}={count}" for key, count in counts.items())
