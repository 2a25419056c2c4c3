"""Presence heartbeats expire on their own; autosaved buffers are per operator and draft."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.service.conftest import NOW, Services
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.domain.presence import (
    EXPIRES_AFTER,
    Presence,
    editors_by_draft,
    live,
    operators_in,
    presence_words,
)

NOTICE = DraftRef(DraftKind.NOTICE)


def test_heartbeats_show_who_is_in_and_what_they_edit_then_expire(
    db: Path, services: Services
) -> None:
    ana, bo = services("ana"), services("bo")
    bo.heartbeat("notice")
    seen = ana.heartbeat()
    assert operators_in(seen) == ("ana", "bo")
    assert editors_by_draft(seen) == {"notice": ("bo",)}
    assert presence_words(seen, "ana") == "◉ 2 in: ana (you), bo ✎ notice"
    later = services("cy", now=NOW + EXPIRES_AFTER + timedelta(seconds=1))
    assert operators_in(later.heartbeat()) == ("cy",)  # ana's and bo's beats are too old
    wall = services("wall", read_only=True)
    assert "wall" not in operators_in(wall.heartbeat())  # a wall is not an operator
    ana.leave()
    assert operators_in(bo.presence()) == ("bo",)


def test_live_drops_old_and_far_future_beats() -> None:
    beats = [
        Presence("ana", "s1", NOW),
        Presence("bo", "s2", NOW - EXPIRES_AFTER - timedelta(seconds=1)),
        Presence("cy", "s3", NOW + timedelta(hours=1)),  # a skewed clock: not trusted
        Presence("ana", "s4", NOW - timedelta(seconds=3), "faq"),
    ]
    assert [b.session for b in live(beats, NOW)] == ["s1", "s4"]
    assert operators_in(live(beats, NOW)) == ("ana",)


def test_autosave_is_per_operator_offered_while_it_differs_and_dropped(
    db: Path, services: Services
) -> None:
    ana, bo = services("ana"), services("bo")
    source = ana.editor_data(NOTICE).source
    ana.autosave(NOTICE, source + "\nhalf a sentence", 0)
    assert bo.restorable(NOTICE) is None  # bo's buffer is bo's
    offered = ana.restorable(NOTICE)
    assert offered is not None and offered.autosaved.base_version == 0
    assert "+half a sentence" in offered.diff and not offered.saved_since
    bo.save_draft(NOTICE, source, base_version=0)
    assert ana.restorable(NOTICE).saved_since  # type: ignore[union-attr]
    ana.autosave(NOTICE, source, 0)  # the same as saved: nothing to offer
    assert ana.restorable(NOTICE) is None
    ana.drop_autosave(NOTICE)
    assert not list(db.parent.glob("warroom.autosave.*"))
