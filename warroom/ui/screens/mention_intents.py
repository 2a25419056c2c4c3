"""What the dashboard does with mentions: triage, edits, filters, ignore rules, feed polling.

A mixin of ``DashboardScreen`` (handlers found by Textual's naming convention), kept apart so
the screen itself stays a coordinator of panes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import work

from warroom.domain.feed_state import FeedState
from warroom.domain.feed_urls import FeedUrlError, check_feed_url, check_poll_seconds
from warroom.domain.ignore_rules import IgnoreRuleError, parse_rule
from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Triage
from warroom.ui.screens.dashboard_host import DashboardHost
from warroom.ui.screens.form_field import Field
from warroom.ui.widgets.mention_pane import MentionPane

__all__ = ["MentionIntents"]


class MentionIntents(DashboardHost):
    """Mention handlers and feed polling for the dashboard."""

    _failing_feeds: set[str]

    if TYPE_CHECKING:  # provided by DashboardScreen

        @property
        def rules(self) -> list[str]: ...

    def on_mention_pane_triage_requested(self, event: MentionPane.TriageRequested) -> None:
        """Triage mentions (one, or all marked); `responded` first asks what was replied."""
        ids = list(event.mention_ids or (event.mention_id,))
        if event.state is Triage.RESPONDED:

            async def replied(values: list[str]) -> None:
                reply, where = values
                # An unofficial channel in the reply: the service asks for a reason first.
                await self.change_with_reason(
                    lambda service, reason: service.triage(
                        ids, Triage.RESPONDED, reply=reply, where=where, reason=reason
                    )
                )

            self.ask(
                "Responded: what was replied, and where?",
                [
                    Field("Reply (what we said)", required=True),
                    Field(
                        "Where (channel, post URL, ticket)", placeholder="e.g. X reply, ticket 4411"
                    ),
                ],
                replied,
                hint="The mention becomes ‘responded’; the reply is kept with it and in the "
                "timeline.",
            )
            return
        state = event.state
        self.run_worker(self.change(lambda service: service.triage(ids, state)), group="triage")

    async def on_mention_pane_edit_requested(self, event: MentionPane.EditRequested) -> None:
        """Copy the link, cycle priority, or ask for an assignee or a note."""
        room = self.room
        if room is None:
            return
        mention = self.query_one(MentionPane).mention(event.mention_id)
        record = room.triage.get(event.mention_id)
        if mention is None:
            return
        mention_id = mention.id
        ids = list(event.mention_ids or (mention_id,))
        if event.what == "copy":
            self.app.copy_to_clipboard(mention.url)
            self.notify(f"Copied {mention.url[:80]}", title="Link copied", markup=False)
            return
        if event.what == "priority":
            await self.change(lambda service: service.set_priority(ids))
            return
        label, attribute = {
            "assign": ("Assign to (operator name)", "assignee"),
            "note": ("Note on this mention", "note"),
        }[event.what]
        current_text = getattr(record, attribute) if record else ""

        async def answered(values: list[str]) -> None:
            text = values[0]
            if attribute == "assignee":
                await self.change(lambda service: service.assign(ids, text))
            else:
                await self.change(lambda service: service.mention_note(mention_id, text))

        self.ask(label, [Field(label, value=current_text)], answered)

    def action_ignore_rules(self) -> None:
        """Add an ignore rule, or remove one by typing it with a leading minus."""

        def validate(values: list[str]) -> str | None:
            text = values[0].strip()
            if text.startswith("-") and text[1:].strip() in self.rules:
                return None
            try:
                parse_rule(text)
            except IgnoreRuleError as error:
                return str(error)
            return None

        async def answered(values: list[str]) -> None:
            text = values[0].strip()
            if text.startswith("-") and text[1:].strip() in self.rules:
                await self.change(lambda service: service.remove_ignore_rule(text[1:]))
            else:
                await self.change(lambda service: service.add_ignore_rule(text))

        current = ", ".join(self.rules) if self.rules else "none"
        self.ask(
            "Ignore rule (hides matching mentions)",
            [Field("Word, phrase, re:regex or /regex/; -rule removes it", required=True)],
            answered,
            validate=validate,
            hint=f"Rules now: {current}",
        )

    def action_poll_feeds(self) -> None:
        """Poll every feed now."""
        if self.warroom_app.feeds is None:
            self.notify(
                "This dashboard does not poll feeds (wall mode, --no-poll, or `warroom poll` "
                "runs elsewhere).",
                markup=False,
            )
            return
        self.poll_feeds(force=True)

    def poll_due_feeds(self) -> None:
        """Timer: poll the feeds whose interval has passed."""
        if self.warroom_app.feeds is not None and not self.warroom_app.feeds.running:
            self.poll_feeds(force=False)

    @work(exclusive=True, group="feeds", exit_on_error=False)
    async def poll_feeds(self, force: bool) -> None:
        """Fetch, parse and store; show progress while it runs and what failed after."""
        service, room = self.warroom_app.feeds, self.room
        if service is None or room is None or not room.incident.feeds:
            return
        pane = self.query_one(MentionPane)

        def progress(done: int, total: int) -> None:
            pane.poll_progress = f"polling {done}/{total}" if done < total else ""

        try:
            outcome = await service.poll(room.incident, force=force, progress=progress)
        except Exception as error:  # noqa: BLE001 - a poll must never fail in silence
            pane.poll_progress = ""
            pane.set_class(True, "-stale")
            self.notify(f"Polling failed: {error!r}", title="Feeds", severity="error", markup=False)
            return
        pane.poll_progress = ""
        if outcome is None:
            return
        result, added = outcome
        failed = [o for o in result.outcomes if o.error]
        for failure in failed:
            if failure.feed_id not in self._failing_feeds:
                self.notify(
                    f"{failure.feed_id}: {failure.error}",
                    title="Feed failing",
                    severity="warning",
                    markup=False,
                )
        self._failing_feeds = {o.feed_id for o in failed}
        pane.set_class(bool(failed), "-stale")
        if force:
            self.notify(f"{result.summary()}; {len(added)} new", title="Feeds polled", markup=False)
        await self.reload()

    def action_feed_health(self) -> None:
        """Show each feed's health: last success, last error, next poll."""
        from warroom.ui.screens.feed_health import FeedHealthScreen

        async def read() -> tuple[tuple[FeedSource, ...], dict[str, FeedState], datetime] | None:
            states = await self.store(lambda service: service.feed_states())
            if self.room is None or states is None:
                return None
            sources = self.room.incident.feeds
            if self.warroom_app.feeds is not None:
                sources = tuple(self.warroom_app.feeds.sources(sources))
            return sources, states, self.now()

        async def open_screen() -> None:
            first = await read()
            if first is not None:
                self.app.push_screen(FeedHealthScreen(*first, reread=read), self._feed_requested)

        self.run_worker(open_screen(), group="feed-health")

    async def _feed_requested(self, request: tuple[str, str] | None) -> None:
        """Add or remove a feed as asked on the feed screen, then show the feeds again."""
        if request is None:
            return
        what, feed_id = request
        if what == "remove":
            await self.change(lambda service: service.remove_feed(feed_id))
            self.action_feed_health()
            return

        def validate(values: list[str]) -> str | None:
            seconds = values[2].strip() or "300"
            try:  # the same rule the service applies, told in place
                check_feed_url(values[1].strip())
                check_poll_seconds(int(seconds) if seconds.isdigit() else 0)
            except FeedUrlError as error:
                return str(error)
            return None

        async def answered(values: list[str]) -> None:
            name, url, seconds = values[0], values[1].strip(), values[2]
            every = int(seconds.strip() or "300")
            if await self.change(lambda service: service.add_feed(name, url, every)):
                self.notify(f"Now monitoring {url[:80]}", title="Feed added", markup=False)
                if self.warroom_app.feeds is not None:
                    self.poll_feeds(force=False)
            self.action_feed_health()

        self.ask(
            "Monitor another feed",
            [
                Field("Name", placeholder="e.g. Google Alerts: Northwind breach", required=True),
                Field(
                    "Feed URL", placeholder="https://www.google.com/alerts/feeds/…", required=True
                ),
                Field("Poll every (seconds)", value="300"),
            ],
            answered,
            validate=validate,
            hint="Google Alerts: Deliver to → RSS feed. Any RSS 0.9x/1.0/2.0 or Atom feed works.",
        )
