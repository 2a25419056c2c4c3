"""Triage from the keyboard: each key changes the mention on screen and in the store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.ui.conftest import AppFactory, make_mention, screen_text, store_view
from warroom.domain.mentions import Priority, Triage
from warroom.domain.timeline import EventKind
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.widgets.mention_pane import MentionPane


def _seed(db: Path) -> None:
    repo = store_view(db)
    repo.add_new_mentions(
        [
            make_mention(3, title="Northwind phishing e-mail going around", respond_first=True),
            make_mention(9, title="Northwind sale ends Sunday"),
            make_mention(15, title="Northwind breach: customers angry on forums"),
        ]
    )
    repo.close()


async def _focus_mentions(app: object, pilot: object) -> MentionPane:
    pane = app.screen.query_one(MentionPane)  # type: ignore[attr-defined]
    pane.focus_list()
    await pilot.pause()  # type: ignore[attr-defined]
    return pane


async def test_i_m_u_change_state_on_screen_in_store_and_timeline(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert pane.rows.rows[0].plain.startswith("MON")
        assert pane.highlighted_key == "m00009"  # moved on to the next new mention by itself
        await pilot.press("i")
        await pilot.pause()
        assert pane.rows.rows[1].plain.startswith("ign")
        view = store_view(db_file)
        room = view.snapshot()
        assert (
            room.triage["m00003"].state is Triage.MONITOR
            and room.triage["m00003"].operator == "kim"
        )
        assert room.triage["m00009"].state is Triage.IGNORE
        await pilot.press("up", "up", "u")  # the cursor had moved on to m00015
        await pilot.pause()
        view.refresh_if_changed()
        assert view.snapshot().triage_state("m00003") is Triage.NEW
        triage_entries = [e.text for e in view.snapshot().timeline if e.kind is EventKind.TRIAGE]
        assert len(triage_entries) == 3 and "marked monitor" in triage_entries[0]
        view.close()


async def test_r_queues_to_respond_then_y_logs_the_reply(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app()
    posted: list[MentionPane.TriageRequested] = []

    def hook(message: object) -> None:
        if isinstance(message, MentionPane.TriageRequested):
            posted.append(message)

    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("r")  # one key: queued for a writer or for legal, no dialog
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert posted[-1].state is Triage.RESPOND and posted[-1].mention_id == "m00003"
        view = store_view(db_file)
        assert view.snapshot().triage["m00003"].state is Triage.RESPOND
        assert pane.rows.rows[0].plain.startswith("RESP")
        view.close()
        assert pane.highlighted_key == "m00009"  # the cursor moved on to the next new one
        await pilot.press("up", "y")  # later: the reply was given
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"It is genuine; see our FAQ", "enter", *"X reply", "enter")
        await pilot.pause()
        assert pane.rows.rows[0].plain.startswith("done")
        view = store_view(db_file)
        record = view.snapshot().triage["m00003"]
        assert record.state is Triage.RESPONDED
        assert record.reply == "It is genuine; see our FAQ" and record.reply_where == "X reply"
        assert "replied on X reply" in view.snapshot().timeline[-1].text
        view.close()
        await pilot.press("up")  # the cursor moved on to the next new mention; back to it
        await pilot.pause()
        assert "Replied on X reply: It is genuine" in screen_text(app)


async def test_escape_on_the_reply_form_changes_nothing(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await _focus_mentions(app, pilot)
        await pilot.press("y", "escape")
        await pilot.pause()
        view = store_view(db_file)
        assert "m00003" not in view.snapshot().triage
        view.close()


async def test_priority_assign_note_and_copy(make_app: AppFactory, db_file: Path) -> None:
    _seed(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert "URGENT" in pane.rows.rows[0].plain
        await pilot.press("a", *"leo", "enter")
        await pilot.pause()
        assert "@leo" in pane.rows.rows[0].plain
        await pilot.press("e", *"Legal to review wording", "enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == "https://news3.example.org/story/3"
        view = store_view(db_file)
        record = view.snapshot().triage["m00003"]
        assert record.priority is Priority.URGENT and record.assignee == "leo"
        assert record.note == "Legal to review wording"
        view.close()


async def test_slash_filters_by_text_and_f_shows_one_state(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("slash", *"forums", "enter")
        await pilot.pause()
        assert [r.key for r in pane.rows.rows] == ["m00015"]
        assert "filter “forums”" in str(pane.border_subtitle)
        await pilot.press("slash", "ctrl+u", "enter")  # empty filter shows everything again
        await pilot.pause()
        assert len(pane.rows.rows) == 3
        await pilot.press("m")  # the cursor stayed on the forums mention: it becomes monitor
        await pilot.pause()
        await pilot.press("f")  # only new
        await pilot.pause()
        assert [r.key for r in pane.rows.rows] == ["m00003", "m00009"]
        assert "only new" in str(pane.border_subtitle)
        await pilot.press("f", "f")  # ignore → monitor
        await pilot.pause()
        assert [r.key for r in pane.rows.rows] == ["m00015"]


async def test_ignore_rules_hide_mentions_and_say_how_many(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        await pilot.press("I", *"sale", "enter")
        await pilot.pause()
        assert [r.key for r in pane.rows.rows] == ["m00003", "m00015"]
        assert "1 hidden by ignore rules" in str(pane.border_subtitle)
        await pilot.press("I", *"re:(a+)+$", "enter")  # catastrophic: refused in place
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#form-error").render()).strip()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("I", *"/angry|phishing/", "enter")
        await pilot.pause()
        assert len(pane.rows.rows) == 0 and "3 hidden" in str(pane.border_subtitle)
        await pilot.press("I", *"-sale", "enter")
        await pilot.pause()
        assert [r.key for r in pane.rows.rows] == ["m00009"]
        view = store_view(db_file)
        assert view.ignore_rules() == ["/angry|phishing/"]
        view.close()


async def test_triage_keys_are_greyed_out_when_no_mention_is_highlighted(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        assert pane.check_action("triage", ("ignore",)) is None
        assert pane.check_action("filter", ()) is True


async def test_space_marks_and_one_key_triages_all_marked_in_one_entry(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("space", "down", "space")  # m00003 marked, m00009 skipped, m00015 marked
        await pilot.pause()
        assert pane.marked == {"m00003", "m00015"}
        assert pane.rows.rows[0].plain.startswith("● ")
        assert "2 marked" in str(pane.border_subtitle)
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.marked == set()
    view = store_view(db_file)
    room = view.snapshot()
    assert room.triage_state("m00003") is Triage.IGNORE
    assert room.triage_state("m00015") is Triage.IGNORE
    assert room.triage_state("m00009") is Triage.NEW
    entries = [e for e in room.timeline if e.kind is EventKind.TRIAGE]
    assert len(entries) == 1 and entries[0].text.startswith("2 mentions marked ignore")
    view.close()


async def test_slash_filters_live_and_escape_clears_it(make_app: AppFactory, db_file: Path) -> None:
    _seed(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("slash", *"sale")  # no enter: it filters as it is typed
        await pilot.pause()
        assert [r.key for r in pane.rows.rows] == ["m00009"]
        assert "/sale" in str(pane.border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert len(pane.rows.rows) == 3 and pane.filter.text == ""
        assert "/" not in str(pane.border_title)


async def test_auto_advance_can_be_turned_off(make_app: AppFactory, db_file: Path) -> None:
    _seed(db_file)
    app = make_app(auto_advance=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.highlighted_key == "m00003"


async def test_syndicated_copies_show_once_and_are_decided_together(
    make_app: AppFactory, db_file: Path
) -> None:
    title = "Northwind Outfitters confirms customer data breach affecting thousands"
    repo = store_view(db_file)
    repo.add_new_mentions(
        [
            replace(make_mention(n, title=title, url=f"https://{s}/{n}"), domain=s)
            for n, s in ((30, "a.example.org"), (25, "b.example.org"), (20, "c.example.org"))
        ]
        + [
            make_mention(10, title="Northwind sale ends Sunday"),
        ]
    )
    repo.close()
    app = make_app(auto_advance=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = await _focus_mentions(app, pilot)
        keys = [r.key for r in pane.rows.rows]
        assert keys == ["m00010", "m00030"]  # the story once, by its earliest copy
        story = pane.rows.rows[1]
        assert "+2 copies" in story.plain and "b.example.org" in story.detail
        assert pane.rows.select_key("m00030")
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
    view = store_view(db_file)
    room = view.snapshot()
    assert {room.triage_state(f"m{n:05d}") for n in (20, 25, 30)} == {Triage.MONITOR}
    assert room.triage_state("m00010") is Triage.NEW
    view.close()


async def test_a_mention_storm_raises_the_alarm_once(make_app: AppFactory, db_file: Path) -> None:
    repo = store_view(db_file)
    repo.add_new_mentions(make_mention(n, title=f"Northwind leak story {n}") for n in range(1, 31))
    repo.close()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        assert "⚡ spike" in str(pane.border_title) and pane.has_class("-spike")
    view = store_view(db_file)
    entries = [e.text for e in view.snapshot().timeline if e.text.startswith("Mention spike")]
    assert len(entries) == 1 and "update the FAQ or the holding statement" in entries[0]
    view.close()


async def test_a_reply_pointing_at_a_look_alike_asks_for_a_reason_first(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await _focus_mentions(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press(*"Claim at https://examp1e.com/refund", "enter", *"X reply", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The service refused it: the form asks why, naming the look-alike.
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert "examp1e.com looks like example.com" in dialog.hint
        view = store_view(db_file)
        assert view.snapshot().triage_state("m00003") is Triage.NEW
        view.close()
        await pilot.press(*"legal checked the partner site", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = store_view(db_file)
        assert view.snapshot().triage_state("m00003") is Triage.RESPONDED
        last = view.snapshot().timeline[-1].text
        assert "examp1e.com" in last and last.endswith("Reason: legal checked the partner site")
        view.close()
