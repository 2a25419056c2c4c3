"""Three-way merge of text two operators changed from one base, with conflicts marked.

``merge3`` (the line merge of Bazaar/Breezy, kept as its own small PyPI package) does the
merge: a hand-made merge would get the hard cases (both sides changing neighbouring lines,
one side deleting what the other edited) subtly wrong, and a lost sentence in a breach notice
is the one thing this exists to prevent. Regions both sides changed differently are kept,
both, between markers the operator resolves; a save refuses text that still has markers.
"""

from __future__ import annotations

from dataclasses import dataclass

import merge3

__all__ = ["Merged", "merge_texts", "has_conflict_markers", "THEIRS", "YOURS"]

THEIRS = "theirs (saved)"
YOURS = "yours (unsaved)"
_START, _MID, _END = "<<<<<<< ", "=======", ">>>>>>> "


@dataclass(frozen=True)
class Merged:
    """The merged text and how many regions still need the operator."""

    text: str
    conflicts: int


def _lines(text: str) -> list[str]:
    return (
        text.splitlines(keepends=True)
        if text.endswith("\n")
        else (text + "\n").splitlines(keepends=True)
    )


def merge_texts(base: str, theirs: str, yours: str) -> Merged:
    """Merge ``yours`` and ``theirs``, both edited from ``base``; conflicts are marked."""
    merger = merge3.Merge3(_lines(base), _lines(theirs), _lines(yours))
    conflicts = sum(1 for region in merger.merge_regions() if region[0] == "conflict")
    lines = merger.merge_lines(
        name_a=THEIRS,
        name_b=YOURS,
        start_marker=_START.strip(),
        mid_marker=_MID,
        end_marker=_END.strip(),
    )
    text = "".join(lines)
    if not (theirs.endswith("\n") or yours.endswith("\n")):
        text = text.removesuffix("\n")
    return Merged(text, conflicts)


def has_conflict_markers(text: str) -> bool:
    """True while merge markers are left in the text (it must not be saved like that)."""
    lines = text.split("\n")
    return any(line.startswith(_START) for line in lines) and any(
        line.startswith(_END) for line in lines
    )
