"""The check every racing save makes: was what the operator edited still what is saved?

A draft version, a fact and a review answer each carry the base the operator's edit began
from. Inside the save's transaction (so no other write can slip in between), these compare it
with what is on disk now and raise ``SaveConflict`` with the three texts when another
operator saved in between, unless the caller is knowingly saving on top (``overriding``).
"""

from __future__ import annotations

from warroom.domain.clock import format_utc
from warroom.domain.draft_versions import Draft
from warroom.domain.fact_sheet import fact_field, format_fact
from warroom.service.errors import IntentRefused, SaveConflict
from warroom.service.merge import has_conflict_markers
from warroom.store.drafts import DraftStore

__all__ = ["check_draft_base", "check_text_base", "refuse_markers", "override_note"]


def refuse_markers(text: str) -> None:
    """A merge's conflict markers must be resolved before the text is saved."""
    if has_conflict_markers(text):
        raise IntentRefused(
            "the text still has merge markers (<<<<<<< … >>>>>>>): keep what should stay, "
            "delete the markers, then save"
        )


def check_draft_base(
    store: DraftStore, draft: Draft, source: str, base_version: int, *, overriding: bool
) -> str:
    """Refuse a save whose edit began before another operator's version.

    Returns:
        The timeline's words for a knowing save on top ("" when none was overridden).

    Raises:
        SaveConflict: a newer version was saved since ``base_version`` (an override names
            the version it knowingly replaces as its base: if yet another was saved since,
            that is a new conflict).
    """
    latest = draft.latest
    number = latest.number if latest else 0
    if latest is None:
        return ""
    if number == base_version:
        return override_note(f"v{number} by {latest.operator}") if overriding else ""
    if latest.source == source:
        return ""
    newer = [v for v in draft.versions if v.number > base_version]
    by = ", ".join(sorted({v.operator for v in newer}))
    base = draft.version(base_version)
    raise SaveConflict(
        str(draft.ref),
        base=base.source if base else store.prep().template(draft.ref.kind),
        theirs=latest.source,
        yours=source,
        base_label=f"v{base_version}" if base else "the template",
        theirs_label=f"v{number} ({format_utc(latest.at)})",
        theirs_by=by,
        token=number,
    )


def override_note(theirs: str) -> str:
    """The timeline's words for "saved mine on top": what was overridden, both kept."""
    return f", overriding {theirs} (both kept in history)"


def check_text_base(
    what: str, current: str, by: str, base: str, yours: str, *, overriding: bool
) -> str:
    """The same rule for one text (a fact's value, a review answer); returns the override words."""
    if current == base:
        overrode = overriding and current != yours
        return override_note(f"{by or 'another operator'}'s change") if overrode else ""
    if current == yours:
        return ""
    raise SaveConflict(
        what,
        base=base,
        theirs=current,
        yours=yours,
        base_label="the value you started from",
        theirs_label="a new value",
        theirs_by=by or "another operator",
        token=current,
    )


def current_fact(store: DraftStore, field: str) -> tuple[str, str]:
    """A fact's canonical text now and who last changed it ("" if nobody here did)."""
    fact_field(field)
    edits = store.fact_edits(field)
    text = format_fact(field, getattr(store.facts(), field))
    return text, edits[-1].operator if edits else ""
