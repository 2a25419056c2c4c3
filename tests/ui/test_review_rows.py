"""The review's rows: a clock that ran over is said once; a cut label ends with an ellipsis."""

from __future__ import annotations

from datetime import timedelta

from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository
from warroom.ui.widgets.review_rows import review_rows

from ..conftest import FIXED_NOW


def test_ran_over_clocks_say_overdue_once_and_long_names_are_marked_cut(
    repo: WarRoomRepository,
) -> None:
    later = FIXED_NOW + timedelta(days=5)  # every short clock of the sample has run over
    rows = [row.plain for row in review_rows(RegulatoryStore(repo).review(later))]
    ran_over = rows[rows.index("Regulatory clocks that ran over") + 1 :]
    overdue = [r for r in ran_over if "OVERDUE" in r]
    assert overdue and all(r.count("OVERDUE") == 1 for r in overdue), overdue
    assert any("NIS2: early warning to the CSIRT/author…" in r for r in rows), rows
    assert not any("CSIRT/authori " in r for r in rows)
