"""Say in words what a re-imported incident file changes, for the timeline."""

from __future__ import annotations

from warroom.domain.incident import Incident

__all__ = ["describe_changes"]


def _by_id(items: tuple[object, ...]) -> dict[str, object]:
    return {getattr(item, "id"): item for item in items}  # noqa: B009


def describe_changes(old: Incident | None, new: Incident) -> list[str]:
    """List the differences between two versions of the preparation (empty when identical)."""
    if old is None:
        return [
            f"“{new.title}”, {len(new.checklist)} checklist items, {len(new.channels)} channels, "
            f"{len(new.teams)} teams, {len(new.feeds)} feeds"
        ]
    changes: list[str] = []
    for name in ("title", "severity", "status", "detected_at", "summary"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(f"{name.replace('_', ' ')} changed from {before} to {after}")
    if old.facts != new.facts:
        changed = [
            field
            for field in old.facts.__dataclass_fields__
            if getattr(old.facts, field) != getattr(new.facts, field)
        ]
        changes.append("facts changed: " + ", ".join(f.replace("_", " ") for f in changed))
    for label, before_items, after_items in (
        ("checklist item", old.checklist, new.checklist),
        ("channel", old.channels, new.channels),
        ("team", old.teams, new.teams),
        ("feed", old.feeds, new.feeds),
    ):
        before, after = _by_id(before_items), _by_id(after_items)
        for key in after.keys() - before.keys():
            changes.append(f"{label} {key} added")
        for key in before.keys() - after.keys():
            kept = " (its record is kept)" if label in ("checklist item", "channel") else ""
            changes.append(f"{label} {key} removed{kept}")
        for key in before.keys() & after.keys():
            if before[key] != after[key]:
                changes.append(f"{label} {key} changed")
    if old.keywords != new.keywords:
        changes.append("keywords changed")
    if old.extras.keys() != new.extras.keys() or any(
        old.extras.get(k) != new.extras.get(k) for k in new.extras if k.endswith("_raw")
    ):
        changes.append("optional sections changed")
    return sorted(changes, key=lambda c: (c.startswith("facts"), c))
