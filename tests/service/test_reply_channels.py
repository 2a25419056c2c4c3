"""A reply logged against a mention is held to the official channels, on every path (issue 13).

The rule is in the service (``MentionIntents.triage``), so the dashboard's form, the palette and
the browser view (the same app) all meet it; this checks it on the service as any path calls it.
"""

from __future__ import annotations

import pytest

from tests.service.conftest import Services
from tests.ui.conftest import make_mention
from warroom.domain.mentions import Triage
from warroom.domain.timeline import EventKind
from warroom.service import ReasonRequired


def triage_entries(services: Services) -> list[str]:
    timeline = services("reader").view().room.timeline
    return [e.text for e in timeline if e.kind is EventKind.TRIAGE]


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        # The sample's official domain is example.com; a digit one stands in for the letter l.
        (
            "Please use https://www.examp1e.com/refund to claim",
            "examp1e.com looks like example.com",
        ),
        ("Call us on 1-800-555-0199 for help", "1-800-555-0199 is not an official channel"),
        ("Details at https://bit.ly/3xyz", "is a link shortener"),
        ("Write to help@example-support.net", "help@example-support.net is not an official"),
    ],
)
def test_a_reply_to_an_unofficial_channel_needs_a_reason(
    services: Services, reply: str, why: str
) -> None:
    services("seed").repo.add_new_mentions([make_mention(3)])
    ana = services("ana")
    before = triage_entries(services)
    with pytest.raises(ReasonRequired, match="unofficial channel") as refused:
        ana.triage(["m00003"], Triage.RESPONDED, reply=reply, where="X reply")
    assert why in str(refused.value)
    assert services("reader").view().room.triage_state("m00003") is Triage.NEW
    assert triage_entries(services) == before  # nothing logged, nothing written
    ana.triage(
        ["m00003"], Triage.RESPONDED, reply=reply, where="X reply", reason="legal approved it"
    )
    room = services("reader").view().room
    assert room.triage_state("m00003") is Triage.RESPONDED
    (entry,) = triage_entries(services)[len(before) :]  # one entry: the reply and the reason
    assert "Reply logged with unofficial channel(s)" in entry and why in entry
    assert entry.endswith("Reason: legal approved it")


def test_a_reply_giving_our_own_channels_or_a_credit_bureau_logs_at_once(
    services: Services,
) -> None:
    services("seed").repo.add_new_mentions([make_mention(3), make_mention(4)])
    ana = services("ana")
    ana.triage(
        ["m00003"],
        Triage.RESPONDED,
        reply="It is genuine: see https://www.example.com/security-update or 1-800-555-0142",
    )
    # The credit bureaus' numbers pass as they do in a notice (the official_channels rule's
    # allowed_phones: Equifax 1-800-685-1111).
    ana.triage(["m00004"], Triage.RESPONDED, reply="Freeze your credit: Equifax 1-800-685-1111")
    room = services("reader").view().room
    assert room.triage_state("m00003") is Triage.RESPONDED
    assert room.triage_state("m00004") is Triage.RESPONDED
    assert not any("unofficial" in e for e in triage_entries(services))
