"""Intents on mentions and feeds: triage (one or many at once), ignore rules, feeds.

Bulk triage is one transaction with one timeline entry listing the mentions, so fifty marked
mentions cost one write, and another operator never sees half of them changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from warroom.domain.ignore_rules import IgnoreRuleError, parse_rule
from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Priority, Triage, TriageRecord
from warroom.domain.timeline import EventKind
from warroom.domain.triage import TriageChange, next_priority, triage_change
from warroom.service.core import ServiceCore
from warroom.service.errors import IntentRefused, ReasonRequired
from warroom.service.view import Changed
from warroom.store.drafts import DraftStore

__all__ = ["MentionIntents", "BULK_LISTED"]

BULK_LISTED = 8
"""How many mention titles a bulk entry names before it says "and N more"."""


class MentionIntents(ServiceCore):
    """Triage, priority, assignment, notes, ignore rules, adding and removing feeds."""

    def _apply(
        self, mention_ids: Sequence[str], change: TriageChange, note: str = ""
    ) -> list[TriageRecord]:
        """Apply one change to every mention in one transaction and one timeline entry
        (``note`` ends the entry: an override's reason)."""
        self.writable()
        if not mention_ids:
            raise IntentRefused("no mention chosen")
        operator, now = self.operator, self.clock()
        with self.repo.transaction():
            stored = self.repo.triage_records()
            titles = {m.id: m.title for m in self.repo.find_mentions(mention_ids).values()}
            updated: list[TriageRecord] = []
            words: list[str] = []
            for mention_id in dict.fromkeys(mention_ids):
                record, said = triage_change(
                    stored.get(mention_id), mention_id, change, operator, now
                )
                if said:
                    updated.append(record)
                    words = words or said
            if not updated:
                return []
            self.repo.put_triage(updated)
            named = [f"“{titles.get(r.mention_id, r.mention_id)}”" for r in updated]
            if len(updated) == 1:
                text = f"Mention {named[0]}: " + ", ".join(words)
            else:
                more = len(named) - BULK_LISTED
                listed = ", ".join(named[:BULK_LISTED]) + (f" and {more} more" if more > 0 else "")
                text = f"{len(updated)} mentions " + ", ".join(words) + f": {listed}"
            self.repo.record(EventKind.TRIAGE, text + note, operator, now)
        return updated

    def triage(
        self,
        mention_ids: Sequence[str],
        state: Triage,
        *,
        reply: str = "",
        where: str = "",
        reason: str = "",
    ) -> Changed[list[TriageRecord]]:
        """Move mentions to a triage state.

        ``to respond`` queues a mention for a writer or for legal; ``responded`` needs the
        reply that was given (and where), which is kept with the mention and in the timeline.
        A reply pointing at an unofficial channel (a stranger's number, a look-alike domain,
        a link shortener) raises ``ReasonRequired`` unless ``reason`` says why it is right;
        the reason and the warnings go in the same timeline entry.
        """
        note = ""
        if state is Triage.RESPONDED:
            self.writable()
            from warroom.domain.notice_checks.channels import reply_warnings
            from warroom.domain.notice_checks.rulebook import load_rulebook

            store = DraftStore(self.repo)
            warned = reply_warnings(reply, store.facts(), store.prep(), load_rulebook())
            if warned and not reason.strip():
                raise ReasonRequired(
                    "log this reply",
                    "it points at an unofficial channel: "
                    + "; ".join(warned)
                    + ". Correct the reply, or give the reason it is right",
                )
            if warned:
                note = (
                    f". Reply logged with unofficial channel(s) ({'; '.join(warned)}). "
                    f"Reason: {reason.strip()}"
                )
        change = TriageChange(
            state=state,
            reply=reply if state is Triage.RESPONDED else None,
            reply_where=where if state is Triage.RESPONDED else None,
        )
        return self.changed(self._apply(mention_ids, change, note))

    def set_priority(
        self, mention_ids: Sequence[str], priority: Priority | None = None
    ) -> Changed[list[TriageRecord]]:
        """Set the priority of mentions (``None``: move the first one's to the next level)."""
        if priority is None:
            if not mention_ids:
                raise IntentRefused("no mention chosen")
            record = self.repo.triage_records().get(mention_ids[0])
            priority = next_priority(record.priority if record else Priority.NORMAL)
        return self.changed(self._apply(mention_ids, TriageChange(priority=priority)))

    def assign(self, mention_ids: Sequence[str], assignee: str) -> Changed[list[TriageRecord]]:
        """Give mentions to an operator (empty: to nobody)."""
        return self.changed(self._apply(mention_ids, TriageChange(assignee=assignee)))

    def mention_note(self, mention_id: str, note: str) -> Changed[list[TriageRecord]]:
        """Keep a note with one mention."""
        return self.changed(self._apply([mention_id], TriageChange(note=note)))

    # ------------------------------------------------------------------ ignore rules
    def add_ignore_rule(self, pattern: str) -> Changed[None]:
        """Hide mentions matching a word, phrase or regular expression (validated here)."""
        self.writable()
        text = pattern.strip()
        try:
            parse_rule(text)
        except IgnoreRuleError as error:
            raise IntentRefused(str(error)) from None
        if text in self.repo.ignore_rules():
            raise IntentRefused(f"the ignore rule {text!r} is already there")
        self.repo.add_ignore_rule(text, self.operator, self.clock())
        return self.changed(None)

    def remove_ignore_rule(self, pattern: str) -> Changed[bool]:
        """Remove an ignore rule; False when there was none."""
        self.writable()
        return self.changed(
            self.repo.remove_ignore_rule(pattern.strip(), self.operator, self.clock())
        )

    # ------------------------------------------------------------------ feeds
    def add_feed(self, name: str, url: str, poll_seconds: int = 300) -> Changed[FeedSource]:
        """Monitor another feed (its URL checked by the one feed-URL rule)."""
        self.writable()
        return self.changed(
            self.repo.add_feed(name, url, poll_seconds, self.operator, self.clock())
        )

    def remove_feed(self, feed_id: str) -> Changed[bool]:
        """Stop monitoring a feed added during the incident (the file's feeds stay)."""
        self.writable()
        return self.changed(self.repo.remove_added_feed(feed_id, self.operator, self.clock()))
