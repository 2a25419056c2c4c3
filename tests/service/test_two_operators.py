"""Two operators on one file, each with a repository of their own: nobody's change is lost."""

from __future__ import annotations

import threading
from datetime import timedelta

from tests.service.conftest import NOW, Services
from tests.ui.conftest import make_mention
from warroom.domain.mentions import Triage
from warroom.domain.timeline import EventKind


def _seed(services: Services, count: int) -> None:
    services("seed").repo.add_new_mentions(make_mention(n) for n in range(1, count + 1))


def test_bulk_triage_is_one_write_and_one_entry_naming_them(services: Services) -> None:
    _seed(services, 12)
    ana = services("ana")
    before = len(ana.view().room.timeline)
    ids = [f"m{n:05d}" for n in range(1, 11)]
    changed = ana.triage(ids, Triage.IGNORE)
    assert len(changed.value) == 10
    room = services("ben").view().room  # as another process reads it
    assert all(room.triage_state(i) is Triage.IGNORE for i in ids)
    assert room.triage_state("m00011") is Triage.NEW
    entries = room.timeline[before:]
    assert len(entries) == 1 and entries[0].kind is EventKind.TRIAGE
    assert (
        entries[0].text.startswith("10 mentions marked ignore: ")
        and "and 2 more" in entries[0].text
    )


def test_two_operators_triaging_at_once_both_land(services: Services) -> None:
    _seed(services, 40)
    ana, ben = services("ana"), services("ben", now=NOW + timedelta(seconds=1))
    errors: list[BaseException] = []

    def work(service: object, ids: list[str], state: Triage) -> None:
        try:
            for mention_id in ids:
                service.triage([mention_id], state)  # type: ignore[attr-defined]
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    first = [f"m{n:05d}" for n in range(1, 21)]
    second = [f"m{n:05d}" for n in range(21, 41)]
    threads = [
        threading.Thread(target=work, args=(ana, first, Triage.MONITOR)),
        threading.Thread(target=work, args=(ben, second, Triage.RESPOND)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    room = services("cy").view().room
    assert {room.triage_state(i) for i in first} == {Triage.MONITOR}
    assert {room.triage_state(i) for i in second} == {Triage.RESPOND}
    operators = {e.operator for e in room.timeline if e.kind is EventKind.TRIAGE}
    assert operators == {"ana", "ben"}


def test_responded_needs_the_reply(services: Services) -> None:
    import pytest

    _seed(services, 1)
    ana = services("ana")
    ana.triage(["m00001"], Triage.RESPOND)  # queued: no reply yet
    with pytest.raises(ValueError, match="reply"):
        ana.triage(["m00001"], Triage.RESPONDED)
    ana.triage(["m00001"], Triage.RESPONDED, reply="See our FAQ", where="X")
    record = services("ben").view().room.triage["m00001"]
    assert record.state is Triage.RESPONDED and record.reply == "See our FAQ"
    assert record.first_decided_at == NOW  # the first decision was "to respond"
