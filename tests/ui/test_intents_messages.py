"""Each pane intent: the message its widget posts (``message_hook``), then the state on disk.

Widgets only post what the operator wants; the dashboard hands it to the service; another
process reading the file sees the result. One test per intent, the same shape for each.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message

from tests.ui.conftest import AppFactory, make_mention, store_view
from warroom.domain.mentions import Priority, Triage
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.inquiry_pane import InquiryPane
from warroom.ui.widgets.mention_pane import MentionPane

Check = Callable[[WarRoom], bool]


def _seed(db: Path) -> None:
    repo = store_view(db)
    repo.add_new_mentions([make_mention(3, title="Northwind phishing e-mail going around")])
    repo.count_inquiry("phone", "lee", repo.incident().detected_at)
    repo.close()


CASES: list[tuple[str, type[Message], str, tuple[str, ...], Check]] = [
    (
        "tick",
        ChecklistPane.ToggleRequested,
        "#checklist",
        ("space",),
        lambda room: room.ticks["notice-what-to-do"].done,
    ),
    (
        "count",
        InquiryPane.CountRequested,
        "#inquiries",
        ("enter",),
        lambda room: room.inquiry_totals()["phone"] == 2,
    ),
    (
        "take back",
        InquiryPane.TakeBackRequested,
        "#inquiries",
        ("minus",),
        lambda room: room.inquiry_totals()["phone"] == 0,
    ),
    (
        "ignore",
        MentionPane.TriageRequested,
        "#mentions",
        ("i",),
        lambda room: room.triage_state("m00003") is Triage.IGNORE,
    ),
    (
        "monitor",
        MentionPane.TriageRequested,
        "#mentions",
        ("m",),
        lambda room: room.triage_state("m00003") is Triage.MONITOR,
    ),
    (
        "to respond",
        MentionPane.TriageRequested,
        "#mentions",
        ("r",),
        lambda room: room.triage_state("m00003") is Triage.RESPOND,
    ),
    (
        "priority",
        MentionPane.EditRequested,
        "#mentions",
        ("p",),
        lambda room: room.triage["m00003"].priority is Priority.HIGH,
    ),
]


@pytest.mark.parametrize(
    ("name", "message", "pane", "keys", "check"), CASES, ids=[c[0] for c in CASES]
)
async def test_intent_posts_its_message_and_lands_on_disk(
    make_app: AppFactory,
    db_file: Path,
    name: str,
    message: type[Message],
    pane: str,
    keys: tuple[str, ...],
    check: Check,
) -> None:
    _seed(db_file)
    posted: list[Message] = []

    def hook(seen: Any) -> None:
        if isinstance(seen, message):
            posted.append(seen)

    app = make_app()
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.pause()
        app.screen.query_one(pane).focus_list()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The hook sees the message at every node it bubbles through: count it once.
        assert len({id(m) for m in posted}) == 1, f"{name}: {posted}"
    view = store_view(db_file)
    try:
        assert check(view.snapshot()), name
        assert view.snapshot().timeline[-1].operator == "ana"
    finally:
        view.close()


def test_reach_and_respond_first_show_as_badges_in_words() -> None:
    from dataclasses import replace

    from warroom.ui.widgets.mention_pane import mention_row

    press = replace(make_mention(1, title="Northwind breach explained"), reach="tier1")
    regulator = replace(make_mention(2), reach="regulator")
    plain = make_mention(3)
    assert "★press" in mention_row(press, None, ()).plain
    assert "§regulator" in mention_row(regulator, None, ()).plain
    assert "★press" not in mention_row(plain, None, ()).plain
    assert "§regulator" not in mention_row(plain, None, ()).plain


async def test_a_mention_linking_to_a_look_alike_of_our_domain_is_flagged(
    make_app: AppFactory, db_file: Path
) -> None:
    from dataclasses import replace

    repo = store_view(db_file)
    faq = repo.incident().facts.faq_url  # https://www.example.com/…: ours
    fake = faq.replace("example.com", "examp1e.com")  # a digit one for the letter l
    repo.add_new_mentions(
        [
            replace(make_mention(2, title="Refund form for the breach"), url=fake),
            make_mention(4, title="Northwind breach explained"),
        ]
    )
    repo.close()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        rows = {r.key: r for r in pane.rows.rows}
        assert "⚠look-alike" in rows["m00002"].plain
        assert "look-alike domain" in rows["m00002"].detail
        assert "⚠look-alike" not in rows["m00004"].plain
