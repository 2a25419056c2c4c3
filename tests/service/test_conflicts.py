"""Saves that race another operator's are never applied silently, and nothing saved is lost."""

from __future__ import annotations

import pytest

from tests.service.conftest import Services
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.service import IntentRefused, SaveConflict
from warroom.service.merge import has_conflict_markers, merge_texts

NOTICE = DraftRef(DraftKind.NOTICE)


def _both_open_v1(services: Services) -> tuple[object, object, str]:
    ana, bo = services("ana"), services("bo")
    source = ana.editor_data(NOTICE).source
    assert ana.save_draft(NOTICE, source, base_version=0).value is not None
    bo.repo.refresh_if_changed()
    assert bo.editor_data(NOTICE).latest.number == 1  # type: ignore[union-attr]
    return ana, bo, source


def test_a_save_based_on_an_older_version_is_refused_with_all_three_texts(
    services: Services,
) -> None:
    ana, bo, v1 = _both_open_v1(services)
    theirs = v1.replace("Dear customer,", "Dear Northwind customer,")
    ana.save_draft(NOTICE, theirs, base_version=1)  # type: ignore[attr-defined]
    yours = v1 + "\nWe will write again when we know more.\n"
    with pytest.raises(SaveConflict) as refused:
        bo.save_draft(NOTICE, yours, base_version=1)  # type: ignore[attr-defined]
    conflict = refused.value
    assert (conflict.base, conflict.theirs, conflict.yours) == (v1, theirs, yours)
    assert conflict.theirs_by == "ana" and conflict.token == 2
    versions = bo.versions(NOTICE)  # type: ignore[attr-defined]
    assert [v.source for v in versions] == [v1, theirs]  # bo's was not applied


def test_merge_keeps_both_changes_and_saves_on_top_of_theirs(services: Services) -> None:
    ana, bo, v1 = _both_open_v1(services)
    theirs = v1.replace("Dear customer,", "Dear Northwind customer,")
    ana.save_draft(NOTICE, theirs, base_version=1)  # type: ignore[attr-defined]
    yours = v1 + "\nWe will write again when we know more.\n"
    with pytest.raises(SaveConflict) as refused:
        bo.save_draft(NOTICE, yours, base_version=1)  # type: ignore[attr-defined]
    c = refused.value
    merged = merge_texts(c.base, c.theirs, c.yours)
    assert merged.conflicts == 0
    assert "Dear Northwind customer," in merged.text and "write again" in merged.text
    saved = bo.save_draft(NOTICE, merged.text, base_version=int(c.token)).value  # type: ignore[attr-defined]
    assert saved is not None and saved.number == 3
    texts = [v.source for v in bo.versions(NOTICE)]  # type: ignore[attr-defined]
    assert texts == [v1, theirs, merged.text]


def test_conflicting_edits_are_marked_and_cannot_be_saved_until_resolved(
    services: Services,
) -> None:
    ana, bo, v1 = _both_open_v1(services)
    theirs = v1.replace("Dear customer,", "Dear Northwind customer,")
    yours = v1.replace("Dear customer,", "Hello,")
    ana.save_draft(NOTICE, theirs, base_version=1)  # type: ignore[attr-defined]
    merged = merge_texts(v1, theirs, yours)
    assert merged.conflicts == 1 and has_conflict_markers(merged.text)
    assert "Dear Northwind customer," in merged.text and "Hello," in merged.text
    with pytest.raises(IntentRefused, match="merge markers"):
        bo.save_draft(NOTICE, merged.text, base_version=2)  # type: ignore[attr-defined]
    assert len(bo.versions(NOTICE)) == 2  # type: ignore[attr-defined]


def test_save_mine_on_top_is_recorded_as_overriding_and_keeps_theirs(
    services: Services,
) -> None:
    ana, bo, v1 = _both_open_v1(services)
    theirs = v1.replace("Dear customer,", "Dear Northwind customer,")
    yours = v1.replace("Dear customer,", "Hello,")
    ana.save_draft(NOTICE, theirs, base_version=1)  # type: ignore[attr-defined]
    with pytest.raises(SaveConflict) as refused:
        bo.save_draft(NOTICE, yours, base_version=1)  # type: ignore[attr-defined]
    token = int(refused.value.token)
    saved = bo.save_draft(NOTICE, yours, base_version=token, overriding=True).value  # type: ignore[attr-defined]
    assert saved is not None and saved.number == 3
    assert [v.source for v in bo.versions(NOTICE)] == [v1, theirs, yours]  # type: ignore[attr-defined]
    last = bo.view().room.timeline[-1]  # type: ignore[attr-defined]
    assert last.operator == "bo"
    assert last.text.endswith("v3, overriding v2 by ana (both kept in history)")


def test_an_override_of_a_version_that_is_no_longer_the_latest_conflicts_again(
    services: Services,
) -> None:
    ana, bo, v1 = _both_open_v1(services)
    ana.save_draft(NOTICE, v1 + "\nA\n", base_version=1)  # type: ignore[attr-defined]
    ana.save_draft(NOTICE, v1 + "\nB\n", base_version=2)  # type: ignore[attr-defined]
    with pytest.raises(SaveConflict) as refused:
        bo.save_draft(NOTICE, v1 + "\nC\n", base_version=1)  # type: ignore[attr-defined]
    assert refused.value.token == 3


def test_a_fact_changed_by_someone_else_since_is_a_conflict_until_overridden(
    services: Services,
) -> None:
    ana, bo = services("ana"), services("bo")
    seen = "1-800-555-0142"
    assert ana.set_fact("hotline", "1-800-555-0199", base=seen).value is True
    with pytest.raises(SaveConflict) as refused:
        bo.set_fact("hotline", "1-800-555-0111", base=seen)
    c = refused.value
    assert (c.base, c.theirs, c.yours, c.theirs_by) == (
        seen,
        "1-800-555-0199",
        "1-800-555-0111",
        "ana",
    )
    assert bo.set_fact("hotline", "1-800-555-0111", base=str(c.token), overriding=True).value
    _, edits = bo.facts_and_edits()
    assert [e.new for e in edits] == ["1-800-555-0199", "1-800-555-0111"]  # both kept
    assert "overriding ana's change" in bo.view().room.timeline[-1].text


def test_a_review_answer_changed_since_conflicts_and_the_old_answer_is_kept(
    services: Services,
) -> None:
    ana, bo = services("ana"), services("bo")
    assert ana.answer_review("what_happened", "Stolen contractor login.", base="").value
    with pytest.raises(SaveConflict) as refused:
        bo.answer_review("what_happened", "Phished contractor.", base="")
    token = str(refused.value.token)
    assert token == "Stolen contractor login."
    merged = merge_texts("", token, "Phished contractor.")
    assert merged.conflicts == 1  # both wrote from nothing: the operator decides
    assert bo.answer_review("what_happened", "Phished contractor.", base=token, overriding=True)
    bo.repo.refresh_if_changed()
    history = bo.repo.table("review_answer_history").all()
    assert [d["text"] for d in history] == ["Stolen contractor login."]
