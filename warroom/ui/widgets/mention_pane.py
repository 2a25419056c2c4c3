"""The mention feed: live mentions, newest first, each with its triage state, triaged by key."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input

from warroom.domain.clock import format_utc
from warroom.domain.draft_prep import DEFAULT_PREP, DraftingPrep
from warroom.domain.ignore_rules import IgnoreRule, parse_rules
from warroom.domain.ignore_rules import apply as apply_rules
from warroom.domain.incident import Facts
from warroom.domain.mention_history import newest
from warroom.domain.mentions import Mention, Priority, Triage, TriageRecord
from warroom.domain.notice_checks.channels import lookalike_warnings, reply_warnings
from warroom.domain.syndication import MentionGroup, group_syndicated
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import LazyRows, Row, RowList

__all__ = ["MentionPane", "MentionFilter", "mention_row", "mention_badges", "highlight_fragments"]

PAGE = 2000
"""Mentions the pane reads at first (the newest): a breach with 100,000 stored opens as fast as
one with 2,000, and older ones are read a page at a time as the cursor nears the end."""

_STATE_BADGE = {
    Triage.NEW: ("NEW ", "new"),
    Triage.IGNORE: ("ign ", "muted"),
    Triage.MONITOR: ("MON ", "warning"),
    Triage.RESPOND: ("RESP", "error"),
    Triage.RESPONDED: ("done", "success"),
}


def highlight_fragments(text: str, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """Split ``text`` into fragments with the matched words tagged ``highlight`` (no markup)."""
    terms = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not terms:
        return [(text, "")]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    fragments: list[tuple[str, str]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            fragments.append((text[last : match.start()], ""))
        fragments.append((match.group(0), "highlight"))
        last = match.end()
    if last < len(text):
        fragments.append((text[last:], ""))
    return fragments


_REACH_BADGE = {
    "tier1": ("★press", "warning"),
    "regulator": ("§regulator", "warning"),
    "own": ("◎ours", "accent"),
}
"""The reach hint from the incident's outlet list, in words (never colour alone)."""


def mention_badges(mention: Mention, record: TriageRecord | None) -> list[tuple[str, str]]:
    """What needs saying before the title: respond first, priority, who has it."""
    badges: list[tuple[str, str]] = []
    if mention.respond_first:
        badges.append(("⚑", "error"))
    if mention.reach in _REACH_BADGE:  # tier 1 press, a regulator, our own site: who reads it
        badges.append(_REACH_BADGE[mention.reach])
    if record and record.priority is not Priority.NORMAL:
        badges.append((f"▲{record.priority.value.upper()}", "warning"))
    if record and record.assignee:
        badges.append((f"@{record.assignee}", "accent"))
    return badges


def official_warnings(
    mention: Mention, record: TriageRecord | None, facts: Facts, prep: DraftingPrep
) -> list[str]:
    """Look-alikes of our domains in a mention, and unofficial channels in the reply we logged.

    A customer who follows a look-alike link from a post, or a reply that sends people to a
    number that is not the hotline, is exactly what phishing during a breach looks like.
    """
    found = lookalike_warnings(f"{mention.title}\n{mention.url}\n{mention.summary}", facts, prep)
    if record is not None and record.reply:
        from warroom.domain.notice_checks.rulebook import load_rulebook

        warned = reply_warnings(record.reply, facts, prep, load_rulebook())
        found += [f"the reply we logged: {w}" for w in warned]
    return found


def mention_row(
    mention: Mention,
    record: TriageRecord | None,
    keywords: tuple[str, ...],
    group: MentionGroup | None = None,
    warnings: list[str] | None = None,
) -> Row:
    """One mention as a row: triage state and badges, then the title; source and time last.

    The title is what operators read and decide on, so it comes first and gets the width;
    the source and time are cut first when the pane is narrow (the detail line has them).
    """
    state = record.state if record else Triage.NEW
    badge, role = _STATE_BADGE[state]
    badges = mention_badges(mention, record)
    source = mention.domain or mention.feed_id
    said = " ".join(text for text, _ in badges)
    detail_lines = [
        f"{_STATE_WORD[state]}{' · ' + said if said else ''} · {mention.title}",
        f"{format_utc(mention.published, with_date=True)} · {source}"
        f" · feed {mention.feed_id} · {state.value}"
        + (f" by {record.operator} {format_utc(record.at)}" if record else ""),
    ]
    if record and record.reply:
        where = f" on {record.reply_where}" if record.reply_where else ""
        detail_lines.append(f"Replied{where}: {record.reply}")
    if record and record.note:
        detail_lines.append(f"Note: {record.note}")
    if mention.respond_first:
        detail_lines.append("⚑ Speaks of phishing, scams or fake e-mails: respond first.")
    detail_lines += [f"⚠ {warning}" for warning in warnings or ()]
    copies = group.label if group is not None else ""
    if group is not None and copies:
        detail_lines.append(f"Syndicated: {copies}, carried by {', '.join(group.sources)}")
    detail_lines.append(mention.url)
    if mention.summary:
        detail_lines.append(mention.summary)
    return Row.of(
        mention.id,
        (f"{badge} ", role),
        *((f"{text} ", where) for text, where in badges),
        *(((f"{copies} ", "accent"),) if copies else ()),
        *((("⚠look-alike ", "error"),) if warnings else ()),
        *highlight_fragments(mention.title, keywords + mention.keywords),
        (f"  {source[:24]} {mention.published.strftime('%H:%M')}", "muted"),
        detail="\n".join(detail_lines),
    )


_STATE_WORD = {
    Triage.NEW: "NEW",
    Triage.IGNORE: "IGNORED",
    Triage.MONITOR: "MONITORING",
    Triage.RESPOND: "TO RESPOND",
    Triage.RESPONDED: "RESPONDED",
}


@dataclass(frozen=True)
class MentionFilter:
    """What the operator chose to see."""

    text: str = ""
    state: Triage | None = None

    def matches(self, mention: Mention, state: Triage) -> bool:
        """True when the mention passes the text and state filters."""
        if self.state is not None and state != self.state:
            return False
        if self.text:
            needle = self.text.lower()
            haystack = (
                f"{mention.title}\n{mention.summary}\n{mention.domain}\n{mention.url}".lower()
            )
            return needle in haystack
        return True


MARK = ("● ", "accent")
"""Drawn before a marked mention's row."""


class MentionPane(Pane):
    """Shows mentions; i/m/r/u triage the highlighted one, or every marked one.

    At volume: ``space`` marks mentions and the triage keys apply to all of them in one
    intent; after a single triage the cursor moves to the next new mention (``auto_advance``);
    ``/`` filters live as it is typed and ``escape`` clears it.
    """

    PANE_TITLE = "Mentions"
    FILTER_ID = "mention-filter"
    FILTER_PLACEHOLDER = "filter: words in title, summary, source or link"
    EMPTY_TEXT = "No mentions yet. Feeds are polled on their interval; R polls now."

    BINDINGS = [
        Binding("i", "triage('ignore')", "Ignore", tooltip="Ignore this mention"),
        Binding("m", "triage('monitor')", "Monitor", tooltip="Monitor for further developments"),
        Binding(
            "r", "triage('respond')", "To respond", tooltip="Queue for a reply (writer or legal)"
        ),
        Binding(
            "y", "triage('responded')", "Replied", tooltip="Log the reply given to this mention"
        ),
        Binding("u", "triage('new')", "Back to new", show=False),
        Binding("space", "mark", "Mark", tooltip="Mark this mention; triage keys apply to all"),
        Binding("p", "priority", "Priority", show=False, tooltip="Cycle priority"),
        Binding("a", "assign", "Assign", show=False, tooltip="Assign to an operator"),
        Binding("e", "note", "Note", show=False, tooltip="Add a note to this mention"),
        Binding("c", "copy_link", "Copy link", show=False, tooltip="Copy the link (OSC 52)"),
        Binding("slash", "filter", "Filter", tooltip="Filter mentions as you type"),
        Binding("escape", "clear", "Clear", show=False, tooltip="Clear the filter and the marks"),
        Binding("f", "cycle_state", "State filter", tooltip="Show one triage state at a time"),
    ]

    filter: reactive[MentionFilter] = reactive(MentionFilter, init=False)
    """The text and state filter in force."""

    poll_progress: reactive[str] = reactive("", init=False)
    """Shown in the title while a poll runs."""

    spike: reactive[str] = reactive("", init=False)
    """The mention spike now, in words (empty: none); the title says ⚡ and the pane is marked."""

    @dataclass
    class TriageRequested(Message):
        """Set the triage state of these mentions (``responded`` asks what was replied first).

        ``mention_id`` is the first of ``mention_ids`` (the highlighted one when none is marked).
        """

        mention_id: str
        state: Triage
        mention_ids: tuple[str, ...] = ()

    @dataclass
    class EditRequested(Message):
        """Change mentions' priority or assignee, a note, or copy the link."""

        mention_id: str
        what: str
        mention_ids: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__(id="mentions")
        self._row_cache: dict[tuple[object, ...], Row] = {}
        self._room: WarRoom | None = None
        self._rule_texts: list[str] = []
        self._rules: tuple[IgnoreRule, ...] = ()
        self._seen_total = 0
        """How many mentions were stored when the operator last looked (they only grow)."""
        self._first_show = True
        self.window = PAGE
        self.more_to_read = 0
        """Stored mentions older than the ones read (0 while a filter reads everything)."""
        """How many of the newest mentions the pane reads; it grows by a page as the cursor
        nears its end, and a filter reads the whole history."""
        self.hidden_by_rules = 0
        self.unseen = 0
        self.marked: set[str] = set()
        """Mentions marked with space: the triage keys apply to all of them."""
        self.auto_advance = True
        """After a single triage, move to the next new mention (a setting can turn it off)."""
        self._shown: list[Mention] = []
        self._official: tuple[Facts, DraftingPrep] | None = None
        """Our facts and drafting preparation: what counts as an official domain or number."""
        self._groups: dict[str, MentionGroup] = {}
        """Syndicated stories by their lead mention's id (one row, "+N copies")."""
        self._grouped_for: tuple[tuple[Mention, ...], tuple[MentionGroup, ...]] | None = None

    def show(self, room: WarRoom, rules: list[str] | None = None) -> None:
        """Show the room's mentions through the filters and ignore rules."""
        self._room = room
        prep = room.incident.extras.get("drafting")
        self._official = (
            room.incident.facts,
            prep if isinstance(prep, DraftingPrep) else DEFAULT_PREP,
        )
        if list(rules or []) != [r for r in self._rule_texts]:
            self._rule_texts = list(rules or [])
            self._rules = parse_rules(self._rule_texts)
        self._refresh_rows()

    def _refresh_rows(self) -> None:
        room = self._room
        if room is None:
            return
        keywords = room.incident.keywords
        stored = len(room.mentions)
        if self._first_show:
            self._seen_total = stored
            self._first_show = False
        wanted = self.filter  # a reactive: read it once, not once per mention
        searching = wanted.state is not None or bool(wanted.text)
        # The newest page (or more, as the operator scrolls); a filter searches everything.
        read = room.mentions if searching else newest(room.mentions, self.window)
        self.more_to_read = 0 if searching else stored - len(read)
        visible, hidden = apply_rules(self._rules, read)
        self.hidden_by_rules = hidden
        triage = room.triage
        if wanted.state is None and not wanted.text:
            shown = visible
        else:
            shown = [m for m in visible if wanted.matches(m, room.triage_state(m.id))]
        shown = self._group(visible, shown)
        cache = self._row_cache
        marked = self.marked = {m for m in self.marked if m in {x.id for x in shown}}
        self._shown = list(shown)
        groups = self._groups
        official = self._official

        def build(index: int) -> Row:
            mention = shown[index]
            record = triage.get(mention.id)
            group = groups.get(mention.id)
            key = (mention.id, record, group)
            row = cache.get(key)
            if row is None:
                warned = official_warnings(mention, record, *official) if official else []
                row = cache[key] = mention_row(mention, record, keywords, group, warned)
            if mention.id in marked:
                return Row(row.key, (MARK, *row.fragments), row.detail)
            return row

        keys = [mention.id for mention in shown]
        rows = LazyRows(keys, build)
        # Rows depend on which mentions, their triage records, the keywords and the marks.
        signature = (keys, dict(triage), keywords, frozenset(marked))
        if self.has_focus_within:
            self._seen_total = stored
        self.unseen = max(0, stored - self._seen_total)
        parts = [f"{len(rows)} shown"]
        if self.more_to_read:
            parts.append(f"{self.more_to_read:,} older (scroll or / to read)")
        if self.unseen:
            parts.insert(0, f"{self.unseen} unseen")
        if hidden:
            parts.append(f"{hidden} hidden by ignore rules")
        if self.filter.state:
            parts.append(f"only {self.filter.state.value}")
        if self.filter.text:
            parts.append(f"filter “{self.filter.text[:20]}”")
        if marked:
            parts.insert(0, f"{len(marked)} marked")
        self.show_rows(rows, " · ".join(parts), signature=signature)
        self._show_title()
        self.set_state(self.unseen > 0, "-unseen")

    def mention(self, mention_id: str) -> Mention | None:
        """The mention with this id among those the pane read (shown, or a copy of one)."""
        for mention in self._shown:
            if mention.id == mention_id:
                return mention
        for group in self._groups.values():
            for mention in group.mentions:
                if mention.id == mention_id:
                    return mention
        return None

    @property
    def groups(self) -> dict[str, MentionGroup]:
        """The syndicated stories shown now, by their lead mention's id."""
        return dict(self._groups)

    def _group(self, visible: list[Mention], shown: list[Mention]) -> list[Mention]:
        """Show each syndicated story once (its earliest copy) with "+N copies".

        Grouping runs over every visible mention (a copy filtered out still counts) and is
        kept until the mentions change, so a triage keypress does not pay for it again.
        """
        everything = tuple(visible)
        # Equal when the same mention objects come again (compared by identity first: cheap).
        if self._grouped_for is None or self._grouped_for[0] != everything:
            self._grouped_for = (everything, group_syndicated(everything))
        groups = self._grouped_for[1]
        self._groups = {g.lead.id: g for g in groups if g.copies}
        copies = {c.id for g in self._groups.values() for c in g.copies}
        return [m for m in shown if m.id not in copies] if copies else shown

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        """Show the detail line; near the end of what is read, read the next page."""
        super().on_row_list_highlighted(event)
        if self.more_to_read and self.rows.cursor >= len(self.rows.rows) - PAGE // 10:
            self.window += PAGE
            self._refresh_rows()

    def on_descendant_focus(self) -> None:
        """The operator is looking: everything shown now counts as seen."""
        if self._room is not None and self.unseen:
            self._refresh_rows()

    def watch_filter(self) -> None:
        self._refresh_rows()

    def watch_poll_progress(self) -> None:
        self._show_title()

    def watch_spike(self, spike: str) -> None:
        self.set_state(bool(spike), "-spike")
        self._show_title()

    def _show_title(self) -> None:
        """Title, the filter in force (so nobody mistakes a filtered pane for all), progress."""
        title = self.PANE_TITLE
        if self.filter.text:
            title += f" · /{self.filter.text[:24]}"
        if self.spike:
            title += " · ⚡ spike"
        if self.poll_progress:
            title += f" · {self.poll_progress}"
        self.border_title = title

    def targets(self) -> tuple[str, ...]:
        """The marked mentions in the order shown, else the highlighted one.

        A syndicated story stands for all its copies: deciding it decides each of them.
        """
        if self.marked:
            chosen = [m.id for m in self._shown if m.id in self.marked]
        else:
            key = self.highlighted_key
            chosen = [key] if key is not None else []
        ids: list[str] = []
        for mention_id in chosen:
            group = self._groups.get(mention_id)
            ids += [m.id for m in group.mentions] if group else [mention_id]
        return tuple(ids)

    def action_mark(self) -> None:
        """Mark or unmark the highlighted mention and move on to the next."""
        key = self.highlighted_key
        if key is None:
            return
        self.marked.symmetric_difference_update({key})
        self._refresh_rows()
        self.rows.action_cursor_down()

    def action_triage(self, state: str) -> None:
        ids = self.targets()
        if not ids:
            return
        self.post_message(self.TriageRequested(ids[0], Triage(state), ids))
        single = not self.marked
        self.marked = set()
        if single and self.auto_advance and state != Triage.NEW.value:
            self._advance_from(ids[0])
        self._refresh_rows()

    def _advance_from(self, mention_id: str) -> None:
        """Move to the next mention still new after this one (the one just decided is done)."""
        room = self._room
        if room is None:
            return
        order = [m.id for m in self._shown]
        if mention_id not in order:
            return
        start = order.index(mention_id)
        after = order[start + 1 :] + order[:start]
        target = next((m for m in after if room.triage_state(m) is Triage.NEW), None)
        if target is not None:
            self.rows.select_key(target)

    def action_priority(self) -> None:
        self._edit("priority")

    def action_assign(self) -> None:
        self._edit("assign")

    def action_note(self) -> None:
        self._edit("note")

    def action_copy_link(self) -> None:
        self._edit("copy")

    def _edit(self, what: str) -> None:
        if what in ("priority", "assign") and self.marked:
            ids = self.targets()
            self.marked = set()
            self.post_message(self.EditRequested(ids[0], what, ids))
            self._refresh_rows()
        elif (key := self.highlighted_key) is not None:
            self.post_message(self.EditRequested(key, what, (key,)))

    async def action_filter(self) -> None:
        """Open the filter line (it filters as it is typed)."""
        search = await self.filter_line()
        search.value = self.filter.text
        search.display = True
        self.screen.set_focus(search)  # now, not after the keys already typed behind "/"

    def action_clear(self) -> None:
        """Clear the text filter and the marks, close the filter line."""
        self.close_filter_line()
        self.marked = set()
        self.filter = MentionFilter("", self.filter.state)
        self.focus_list()

    @on(Input.Changed, "#mention-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter = MentionFilter(event.value.strip(), self.filter.state)

    @on(Input.Submitted, "#mention-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        """Enter keeps the filter and goes back to the rows."""
        event.stop()
        if not event.value.strip():
            event.input.display = False
        self.focus_list()

    def action_cycle_state(self) -> None:
        order: list[Triage | None] = [None, *Triage]
        index = order.index(self.filter.state)
        self.filter = MentionFilter(self.filter.text, order[(index + 1) % len(order)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out the per-mention keys when no mention is highlighted."""
        if action in {"triage", "priority", "assign", "note", "copy_link", "mark"}:
            return True if self.highlighted_key is not None else None
        return True
