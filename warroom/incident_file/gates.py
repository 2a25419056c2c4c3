"""The incident file's ``gates`` section: which actions need which drafts ready.

    "gates": {
      "items":   {"notify-individuals": ["notice"], "homepage-banner": ["banner"]},
      "exports": {"notice": ["notice"]}
    }

Item ids must be checklist items of the file; draft kinds are the four public messages. A file
without the section gets ``DEFAULT_GATES`` (for the items it has), so an old file is not
suddenly ungated.
"""

from __future__ import annotations

from collections.abc import Iterable

from warroom.domain.gates import DEFAULT_GATES, Gates
from warroom.incident_file.fields import Fields, child_path

__all__ = ["parse_gates", "gates_for", "GATED_DRAFTS", "GATED_EXPORTS"]

GATED_DRAFTS = ("notice", "faq", "social", "banner")
"""The drafts a gate can require (briefings are internal: they gate nothing)."""

GATED_EXPORTS = ("notice", "faq", "social", "banner", "briefings")


def string_lists(
    section: Fields,
    key: str,
    allowed_keys: Iterable[str] | None,
    allowed_values: Iterable[str],
    what: str,
) -> dict[str, tuple[str, ...]]:
    """Read ``{name: [value, …]}``, refusing unknown names and values (``what`` names a value:
    "a gated draft", "a role declared in $.roles.holders")."""
    table = section.object(key, required=False)
    if table is None:
        return {}
    allowed = set(allowed_keys) if allowed_keys is not None else None
    values = tuple(allowed_values)
    found: dict[str, tuple[str, ...]] = {}
    for name in list(table.data):
        if allowed is not None and name not in allowed:
            raise table.error(name, f"is not one of {', '.join(sorted(allowed))}")
        kinds = table.strings(name, required=True)
        for index, kind in enumerate(kinds):
            if kind not in values:
                raise table.error(
                    None,
                    f"{child_path(child_path(table.path, name), index)}: {kind!r} is not "
                    f"{what} ({', '.join(values)})",
                )
        found[name] = kinds
    table.done()
    return found


def parse_gates(source: str, raw: object) -> Gates:
    """Validate the section (item ids are checked against the checklist by ``gates_for``)."""
    section = Fields(source, "$.gates", raw)
    items = string_lists(section, "items", None, GATED_DRAFTS, "a gated draft")
    exports = string_lists(section, "exports", GATED_EXPORTS, GATED_DRAFTS, "a gated draft")
    section.done()
    return Gates(items=items, exports=exports, declared=True)


def gates_for(declared: object, checklist_ids: Iterable[str]) -> Gates:
    """The gates in force: the file's, or the defaults for the items the file has."""
    known = set(checklist_ids)
    if isinstance(declared, Gates):
        return declared
    return Gates(
        items={k: v for k, v in DEFAULT_GATES.items.items() if k in known},
        exports=dict(DEFAULT_GATES.exports),
    )
