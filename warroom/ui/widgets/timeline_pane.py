"""The timeline: everything that happened and everything anyone did, oldest first.

Counts fold into one row per channel per minute (enter expands a fold); ``/`` opens a filter
line that narrows the rows as it is typed: kind words (notes, decisions, counts, mentions,
ticks, drafts, clocks, system), ``@name`` for an operator, and any other words for the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.binding import Binding
from textual.widgets import Input

from warroom.domain.clock import format_utc
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.timeline_view import TimelineFilter, TimelineRow, fold_counts
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import LazyRows, Row, RowList

__all__ = ["TimelinePane", "timeline_row", "fold_row", "PAGE"]

PAGE = 1000
"""Entries the pane folds and lists without a filter: the newest, and a page more each time
the cursor nears the top. A breach with 100k calls has 100k entries: folding them all on every
refresh made a key press take seconds to show on five dashboards (bench/dashboards.py), and
reading them all made the first frame wait for every shard; the filter still searches all."""

_KIND_MARK = {
    EventKind.NOTE: ("✎", "accent"),
    EventKind.TICK: ("✓", "success"),
    EventKind.UNTICK: ("↺", "warning"),
    EventKind.INQUIRY: ("☎", ""),
    EventKind.INQUIRY_UNDO: ("↺", "warning"),
    EventKind.TRIAGE: ("◆", "accent"),
    EventKind.IMPORT: ("⇩", "muted"),
    EventKind.FACT: ("≡", "accent"),
    EventKind.DRAFT: ("✉", "accent"),
    EventKind.TRIGGER: ("⏱", "warning"),
    EventKind.LEDGER: ("✉", "accent"),
    EventKind.SYSTEM: ("·", "muted"),
}


def timeline_row(entry: TimelineEntry) -> Row:
    """One timeline entry as a row: time, operator, a mark for its kind, the text."""
    mark, role = _KIND_MARK.get(entry.kind, ("·", "muted"))
    when = entry.at.strftime("%m-%d %H:%MZ")
    backdated = entry.is_backdated
    detail = (
        f"{format_utc(entry.at, with_date=True)} · {entry.operator} · {entry.kind.value}"
        + (f" (recorded {format_utc(entry.recorded_at, with_date=True)})" if backdated else "")
        + f"\n{entry.text}"
    )
    return Row.of(
        entry.id,
        (when, "muted"),
        ("*" if backdated else " ", "warning"),
        (f"{entry.operator[:10]:<10} ", "accent"),
        (f"{mark} ", role),
        (entry.text.replace("\n", " ⏎ "), ""),
        detail=detail,
    )


def fold_row(row: TimelineRow, *, expanded: bool) -> Row:
    """A fold of counts as one row; its detail names who counted and the topics."""
    topics = ", ".join(f"{topic} ×{n}" for topic, n in row.topics)
    detail = (
        f"{format_utc(row.minute, with_date=True)} · {row.count} inquiries on {row.channel} in "
        f"{len(row.entries)} counts · by {', '.join(row.operators)}"
        + (f"\nTopics: {topics}" if topics else "")
        + ("\nenter folds them again" if expanded else "\nenter shows each count")
    )
    return Row.of(
        row.key,
        (row.at.strftime("%m-%d %H:%MZ"), "muted"),
        (" ", ""),
        (f"{row.operators[0][:10]:<10} ", "accent"),
        ("☎ ", ""),
        (row.text, ""),
        (" ▾" if expanded else f" ▸ {len(row.entries)}", "muted"),
        detail=detail,
    )


class TimelinePane(Pane):
    """Shows the timeline; the newest entry is at the bottom and the pane follows it."""

    PANE_TITLE = "Timeline (UTC)"
    FILTER_ID = "timeline-filter"
    FILTER_PLACEHOLDER = "notes decisions counts mentions system · @name · words"
    EMPTY_TEXT = "No events yet."

    BINDINGS = [
        Binding("slash", "search", "Filter", tooltip="Filter by kind, @operator and text"),
        Binding("enter", "toggle_fold", "Expand", tooltip="Show or fold the counts of a minute"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="timeline")
        self._rows_for: dict[str, Row] = {}
        self._entries: Sequence[TimelineEntry] = ()
        self._expanded: set[str] = set()
        self.filter = TimelineFilter()
        """What the filter line says (nothing: every entry)."""
        self.window = PAGE
        """How many of the newest entries the pane reads; it grows by a page as the cursor
        nears the top, and a filter reads the whole history."""
        self.more_to_read = 0
        """Entries older than the ones read (0 while a filter reads everything)."""

    def on_mount(self) -> None:
        self.rows.follow_end = True

    def show(self, room: WarRoom) -> None:
        """Show the room's timeline (rows are built once per entry and reused)."""
        self._entries = room.timeline
        self._refresh_rows()

    def _listed(self) -> Sequence[TimelineEntry]:
        """What the rows are built from: every match of a filter, else the newest page."""
        if self.filter.active:
            return self.filter.apply(self._entries)
        return self._entries[-self.window :]

    def _refresh_rows(self) -> None:
        entries = self._listed()
        folded = fold_counts(entries)
        shown: list[tuple[str, TimelineRow | TimelineEntry]] = []
        for row in folded:
            if not row.is_fold:
                shown.append((row.key, row.entries[0]))
                continue
            shown.append((row.key, row))
            if row.key in self._expanded:
                shown += [(entry.id, entry) for entry in row.entries]
        cache = self._rows_for

        def build(index: int) -> Row:
            key, item = shown[index]
            if isinstance(item, TimelineRow):
                return fold_row(item, expanded=key in self._expanded)
            return cache.get(key) or cache.setdefault(key, timeline_row(item))

        keys = [key for key, _ in shown]
        total = len(self._entries)
        self.more_to_read = 0 if self.filter.active else max(total - len(entries), 0)
        subtitle = f"{total} event" + ("" if total == 1 else "s")
        if self.more_to_read:
            subtitle += f" · {self.more_to_read:,} older (scroll up or / to read)"
        if self.filter.active:
            subtitle += f" · {len(entries)} match “{self.filter.query[:24]}”"
        signature = (keys, frozenset(self._expanded & set(keys)))
        self.show_rows(LazyRows(keys, build), subtitle, signature=signature)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        """Show the detail line; near the top of what is read, read the next page."""
        super().on_row_list_highlighted(event)
        cursor, rows = self.rows.cursor, len(self.rows.rows)
        if self.more_to_read and cursor < rows - 1 and cursor <= rows // 10:
            self.window += PAGE
            self._refresh_rows()

    def action_toggle_fold(self) -> None:
        """Expand the highlighted fold of counts, or fold it (or the one it belongs to) again."""
        key = self.highlighted_key
        if key is None:
            return
        if not key.startswith("fold:"):
            key = next((k for k in self._expanded if self._fold_holds(k, key)), "")
            if not key:
                return
        self._expanded.symmetric_difference_update({key})
        self._refresh_rows()
        self.rows.select_key(key)

    def _fold_holds(self, fold_key: str, entry_id: str) -> bool:
        rows = fold_counts(self._listed())
        return any(r.key == fold_key and any(e.id == entry_id for e in r.entries) for r in rows)

    async def action_search(self) -> None:
        """Open the filter line (it filters as it is typed)."""
        search = await self.filter_line()
        search.display = True
        self.screen.set_focus(search)  # now, not after the keys already typed behind "/"

    def action_clear_filter(self) -> None:
        """Close the filter line and show every entry again."""
        self.close_filter_line()
        self.focus_list()

    @on(Input.Changed, "#timeline-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter = TimelineFilter.parse(event.value)
        self._refresh_rows()

    @on(Input.Submitted, "#timeline-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        """Enter keeps the filter and goes back to the rows."""
        event.stop()
        if not event.value.strip():
            event.input.display = False
        self.focus_list()
