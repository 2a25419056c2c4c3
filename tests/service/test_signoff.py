"""Sign-off bound to the words: who may approve, what voids it, and the gates that need it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.drafting.conftest import approve_public_drafts, sample_data, save_public_drafts
from tests.service.conftest import NOW, Services
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.service import GateBlocked, IntentRefused, WarRoomService
from warroom.store.repository import WarRoomRepository

NOTICE = DraftRef(DraftKind.NOTICE)


def _missing(service: WarRoomService, ref: DraftRef = NOTICE) -> dict[str, str]:
    service.repo.refresh_if_changed()
    return {r.role: r.why_void or "not approved" for r in service.approval_state(ref).missing}


def test_the_notice_needs_legal_and_the_comms_lead_and_only_holders_may_approve(
    db: Path, services: Services
) -> None:
    save_public_drafts(db, approve=False)  # saved by "lead"
    bo, lee, ana = services("bo"), services("lee"), services("ana")
    assert _missing(bo) == {"legal": "not approved", "comms-lead": "not approved"}
    with pytest.raises(IntentRefused, match="bo does not hold the role Legal counsel"):
        bo.approve(NOTICE, "legal", version=1)
    with pytest.raises(IntentRefused, match="lee does not hold the role Comms lead"):
        lee.approve(NOTICE, "comms-lead", version=1)
    lee.approve(NOTICE, "legal", version=1)
    assert _missing(ana) == {"comms-lead": "not approved"}
    ana.approve(NOTICE, "comms-lead", version=1)
    assert _missing(ana) == {}
    texts = [e.text for e in ana.view().room.timeline if e.operator == "ana"]
    assert texts[-1].startswith("Approved notice v1 as Comms lead (bound to its words")


def test_approving_ones_own_text_is_refused_unless_the_file_allows_it(
    db: Path, tmp_path: Path, services: Services
) -> None:
    kim = services("kim")  # holds comms-lead, may not approve own text
    kim.save_draft(NOTICE, kim.editor_data(NOTICE).source, base_version=0)
    with pytest.raises(IntentRefused, match="kim saved this version"):
        kim.approve(NOTICE, "comms-lead", version=1)
    services("ana").approve(NOTICE, "comms-lead", version=1)  # another holder may

    data = sample_data()
    data["roles"]["holders"]["comms-lead"]["may_approve_own_text"] = True
    other = tmp_path / "own.json"
    repo = WarRoomRepository.open(other, create=True)
    try:
        repo.import_incident(data, "lead", NOW, source="own")
        own = WarRoomService(repo, operator="kim", clock=lambda: NOW)
        own.save_draft(NOTICE, own.editor_data(NOTICE).source, base_version=0)
        assert own.approve(NOTICE, "comms-lead", version=1).value.operator == "kim"
    finally:
        repo.close()


def test_an_edit_voids_the_approval_visibly_and_the_gate_closes(
    db: Path, services: Services
) -> None:
    save_public_drafts(db)
    ana = services("ana")
    assert ana.tick("notify-individuals", True).value is True  # approved: the gate is open
    ana.tick("notify-individuals", False, reason="test: send again")
    source = ana.editor_data(NOTICE).source
    ana.save_draft(NOTICE, source + "\nWe are sorry.\n", base_version=1)
    assert _missing(ana) == {
        "legal": "approved v1; v2 unapproved",
        "comms-lead": "approved v1; v2 unapproved",
    }
    with pytest.raises(GateBlocked) as refused:
        ana.tick("notify-individuals", True)
    words = [str(p) for p in refused.value.problems]
    assert "Customer notice e-mail: needs sign-off: Legal counsel: approved v1; v2 unapproved" in (
        words
    )
    with pytest.raises(IntentRefused, match="v2 was saved since you looked at v1"):
        services("lee").approve(NOTICE, "legal", version=1)


def test_a_fact_change_voids_the_approval_of_every_message_that_reads_it(
    db: Path, services: Services
) -> None:
    save_public_drafts(db)
    ana = services("ana")
    assert _missing(ana) == {}
    ana.set_fact("customers_affected", "51000", base="48200")
    assert _missing(ana) == {
        "legal": "approved v1; a fact it reads changed since",
        "comms-lead": "approved v1; a fact it reads changed since",
    }
    # The banner needs no sign-off; the FAQ reads the count too and is voided with it.
    assert "comms-lead" in _missing(ana, DraftRef(DraftKind.FAQ))
    ana.set_fact("customers_affected", "48200", base="51000")  # the same words again
    assert _missing(ana) == {}


def test_a_gated_export_without_approvals_is_refused_and_with_a_reason_recorded(
    db: Path, tmp_path: Path, services: Services
) -> None:
    save_public_drafts(db, approve=False)
    ana = services("ana")
    out = tmp_path / "out"
    with pytest.raises(GateBlocked) as refused:
        ana.export_drafts("notice", "eml", out)
    assert {str(p) for p in refused.value.problems} == {
        "Customer notice e-mail: needs sign-off: Legal counsel: not approved",
        "Customer notice e-mail: needs sign-off: Comms lead: not approved",
    }
    assert not out.exists()
    ana.export_drafts("notice", "eml", out, reason="legal approved by phone, 03:00Z")
    assert (out / "notice.eml").exists()
    last = [e.text for e in ana.view().room.timeline if e.operator == "ana"][-1]
    assert "Override: exported with 2 problem(s)" in last and "by phone" in last
    approve_public_drafts(ana)
    ana.export_drafts("faq", "md", out)  # approved: no reason needed


def test_the_cli_export_without_approvals_exits_2(db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    save_public_drafts(db, approve=False)
    done = subprocess.run(
        [sys.executable, "-m", "warroom", "export", "notice", "--format", "md",
         "--out", str(tmp_path / "out"), "--db", str(db), "--operator", "ci"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "needs sign-off: Legal counsel: not approved" in done.stderr


def test_a_file_without_roles_asks_no_sign_off(tmp_path: Path) -> None:
    data = sample_data()
    del data["roles"]
    path = tmp_path / "plain.json"
    repo = WarRoomRepository.open(path, create=True)
    try:
        repo.import_incident(data, "lead", NOW, source="plain")
        lead = WarRoomService(repo, operator="lead", clock=lambda: NOW)
        assert lead.approval_state(NOTICE).roles == ()
        save_public_drafts(path, approve=False)
        repo.refresh_if_changed()
        assert lead.tick("notify-individuals", True).value is True
    finally:
        repo.close()
    assert json.loads(path.read_text("utf-8"))["ticks"]
