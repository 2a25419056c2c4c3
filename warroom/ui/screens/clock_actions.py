"""What the clock board asks before a lawful pause, its end, a closed day or a trigger's reason.

A mixin of ``ClockBoardScreen`` (kept apart so the board stays a coordinator): each action
asks its fields in one form, hands them to one service intent (``warroom.service.clocks``),
and tells the operator the timeline's words; the palette offers the same actions. A read-only
dashboard says so before any form.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from warroom.domain.clock import WhenError, parse_when
from warroom.domain.clocks import ClockStatus, pausable_clocks, running_pauses
from warroom.service import RoomView
from warroom.service.clocks import default_rules
from warroom.ui.screens.form_dialog import Field

__all__ = ["ClockActions", "WHEN_PLACEHOLDER"]

WHEN_PLACEHOLDER = "empty: now · -15m · -2h · HH:MM · ISO (UTC)"

if TYPE_CHECKING:
    from warroom.ui.screens.store_screen import StoreScreen as _Base
else:
    _Base = object


class ClockActions(_Base):
    """Pause, resume, closure and trigger-reason actions of the clock board."""

    if TYPE_CHECKING:  # provided by ClockBoardScreen
        view: RoomView | None

        def _highlighted_clock(self) -> ClockStatus | None: ...

        def _target_trigger(self) -> str | None: ...

        def action_set_trigger(self) -> None: ...

        async def action_filed(self) -> None: ...

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The board's actions for the command palette (ctrl+p): the same intents as the keys."""
        yield SystemCommand(
            "Set trigger", "Set the highlighted trigger (t)", self.action_set_trigger
        )
        yield SystemCommand(
            "Trigger reason", "Why the trigger is at its time (w)", self.action_trigger_reason
        )
        yield SystemCommand("File clock", "Tick the item that closes it (f)", self.action_filed)
        yield SystemCommand(
            "Pause clocks", "A lawful delay: law enforcement, DOJ (p)", self.action_pause_clocks
        )
        yield SystemCommand("Resume clocks", "End a running pause (r)", self.action_resume_clocks)
        yield SystemCommand(
            "Add EDGAR closure", "A day closed by executive order (x)", self.action_add_closure
        )

    def _chosen_trigger(self) -> tuple[str, str] | None:
        """The trigger the operator means (name and label), or ``None`` after saying why not."""
        name = self._target_trigger()
        if name is None:
            self.notify("Highlight a trigger or a clock first.", markup=False)
            return None
        definition = default_rules().triggers.get(name)
        return name, definition.label if definition else name

    def _when_problem(self, text: str) -> str | None:
        try:
            parse_when(text, self.now())
        except WhenError as error:
            return str(error)
        return None

    async def _told(self, text: str | None) -> None:
        if text:
            self.notify(text, title="Clock board", markup=False)

    # ------------------------------------------------------------------ pause and resume
    def action_pause_clocks(self) -> None:
        """Record a lawful delay (law enforcement, the DOJ's 8-K delay) that stops clocks."""
        if not self.may_change():
            return
        rules = default_rules()
        kinds = list(rules.pause_kinds)
        status = self._highlighted_clock()
        kind = status.rule.pauses[0] if status and status.rule.pauses else kinds[0]
        clock = status.id if status and kind in status.rule.pauses else ""
        statuses = self.view.clocks(self.now()) if self.view else ()
        every = len(pausable_clocks(statuses, kind))

        def validate(values: list[str]) -> str | None:
            if values[0].strip() not in rules.pause_kinds:
                return f"Kind: one of {', '.join(kinds)}"
            return self._when_problem(values[2])

        async def then(values: list[str]) -> None:
            kind, ids, when, why = (v.strip() for v in values)
            clocks = [c.strip() for c in ids.split(",") if c.strip()]
            start = parse_when(when, self.now())
            await self._told(
                await self.change(
                    lambda service: service.pause_clocks(kind, clocks, why=why, start=start)
                )
            )

        self.ask(
            "Pause clocks: a lawful delay",
            [
                Field("Kind", value=kind, placeholder=" · ".join(kinds)),
                Field("Clocks (ids, comma-separated; empty: every clock it can stop)", clock),
                Field("From", placeholder=WHEN_PLACEHOLDER),
                Field("Why: who asked, and how (letter, call, reference)", required=True),
            ],
            then,
            validate=validate,
            hint=f"Paused clocks show ⏸ instead of running out; the time paused is added when it "
            f"ends (r). Empty clocks: the {every} clock(s) whose law allows a {kind}.",
        )

    def action_resume_clocks(self) -> None:
        """End a running pause; its clocks run again with the paused time added."""
        if not self.may_change():
            return
        pauses = self.view.regulatory.pauses if self.view else ()
        running = sorted({p.kind for p in running_pauses(pauses, self.now())})
        if not running:
            self.notify("No pause is running.", markup=False)
            return

        def validate(values: list[str]) -> str | None:
            if values[0].strip() not in running:
                return f"Kind: one of the running pauses ({', '.join(running)})"
            return self._when_problem(values[1])

        async def then(values: list[str]) -> None:
            kind, when = (v.strip() for v in values)
            end = parse_when(when, self.now())
            await self._told(
                await self.change(lambda service: service.resume_clocks(kind, end=end))
            )

        self.ask(
            "End a pause: the delay is over",
            [
                Field("Kind", value=running[0], placeholder=" · ".join(running)),
                Field("Ended", placeholder=WHEN_PLACEHOLDER),
            ],
            then,
            validate=validate,
            hint="The agency's letter or call that ends the delay; the timeline records it.",
        )

    # ------------------------------------------------------------------ closures and reasons
    def action_add_closure(self) -> None:
        """Record a day EDGAR (a business-day calendar) is closed by an executive order."""
        if not self.may_change():
            return
        calendars = list(default_rules().calendars)

        def validate(values: list[str]) -> str | None:
            try:
                date.fromisoformat(values[0].strip())
            except ValueError:
                return "Day: a date such as 2025-01-09"
            if values[1].strip() not in calendars:
                return f"Calendar: one of {', '.join(calendars)}"
            return None

        async def then(values: list[str]) -> None:
            day, calendar, why = (v.strip() for v in values)
            await self._told(
                await self.change(
                    lambda service: service.add_closure(
                        date.fromisoformat(day), why, calendar=calendar
                    )
                )
            )

        self.ask(
            "A closed day (EDGAR closed by executive order)",
            [
                Field("Day closed", placeholder="YYYY-MM-DD", required=True),
                Field("Calendar", value=calendars[0], placeholder=" · ".join(calendars)),
                Field("Why: the order or announcement", required=True),
            ],
            then,
            validate=validate,
            hint="Business-day clocks (the SEC's 4 business days) recount at once.",
        )

    def action_trigger_reason(self) -> None:
        """Record why the highlighted trigger is at the time it is (counsel's reasoning)."""
        if not self.may_change():
            return
        chosen = self._chosen_trigger()
        if chosen is None:
            return
        name, label = chosen
        stored = self.view.regulatory.triggers.get(name) if self.view else None

        async def then(values: list[str]) -> None:
            why = values[0].strip()
            await self._told(await self.change(lambda service: service.trigger_reason(name, why)))

        self.ask(
            f"Why is it then: {label}?",
            [Field("Why (the facts, who decided)", stored.why if stored else "", required=True)],
            then,
            hint="Its time stays; the reason is kept with it and in the timeline.",
        )
