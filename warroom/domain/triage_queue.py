"""Triage at volume, the pure parts: the next untriaged mention, bulk targets, a live filter.

At forty mentions a minute an operator presses ``i``/``m``/``r`` and wants the next mention
that still needs a decision, not the one below it; marks a dozen syndicated copies with
``space`` and ignores them at once; and narrows the pane while typing ``/``. The screens wire
keys to these functions (issue 12, part 3); nothing here knows a widget.
"""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from warroom.domain.mentions import Mention, Triage

__all__ = ["next_untriaged", "bulk_targets", "LiveFilter", "parse_live_filter"]


def next_untriaged(states: Sequence[Triage], after: int, *, wrap: bool = True) -> int | None:
    """Index of the first ``NEW`` mention after ``after`` (then from the top when ``wrap``).

    ``states`` are the rows' triage states in display order; ``after`` is the row just
    triaged (-1 for "from the top"). ``None`` when nothing is left to triage.
    """
    count = len(states)
    for index in range(after + 1, count):
        if states[index] is Triage.NEW:
            return index
    if wrap:
        for index in range(0, min(max(after + 1, 0), count)):
            if states[index] is Triage.NEW:
                return index
    return None


def bulk_targets(marked: Collection[str], highlighted: str | None) -> tuple[str, ...]:
    """The mentions a triage key applies to: every marked one, else the highlighted one."""
    if marked:
        return tuple(sorted(marked))
    return (highlighted,) if highlighted else ()


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: "Régulateur" matches "regulateur"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_STATES = {state.value: state for state in Triage}


@dataclass(frozen=True)
class LiveFilter:
    """What the operator typed after ``/``, applied on every keystroke.

    ``breach -reddit "hotline number" site:bbc.co.uk is:new flag:first reach:tier1``: every
    word and quoted phrase must appear (title, summary, author, domain, URL, highlights),
    ``-word`` must not, ``site:`` matches the domain or a subdomain, ``is:`` a triage state,
    ``flag:first`` the respond-first flag, ``reach:`` the outlet reach.
    """

    text: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    states: tuple[Triage, ...] = ()
    respond_first: bool = False
    reach: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """False for an empty filter (escape clears it)."""
        return bool(self.text.strip())

    @property
    def title(self) -> str:
        """For the pane title: ``filter: breach -reddit`` (empty when inactive)."""
        return f"filter: {' '.join(self.text.split())}" if self.active else ""

    def matches(self, mention: Mention, state: Triage) -> bool:
        """True when the mention passes every part of the filter."""
        if self.states and state not in self.states:
            return False
        if self.respond_first and not mention.respond_first:
            return False
        if self.reach and mention.reach not in self.reach:
            return False
        if self.sites:
            domain = mention.domain.lower()
            if not any(domain == s or domain.endswith("." + s) for s in self.sites):
                return False
        if not (self.include or self.exclude):
            return True
        haystack = _fold(
            "\n".join(
                (mention.title, mention.summary, mention.author, mention.domain, mention.url)
                + mention.keywords
            )
        )
        return all(w in haystack for w in self.include) and not any(
            w in haystack for w in self.exclude
        )


def parse_live_filter(text: str) -> LiveFilter:
    """Read a half-typed filter; never fails (an unclosed quote is taken as typed so far)."""
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unclosed quote while typing
        tokens = text.replace('"', " ").replace("'", " ").split()
    include: list[str] = []
    exclude: list[str] = []
    sites: list[str] = []
    states: list[Triage] = []
    reach: list[str] = []
    first = False
    for token in tokens:
        key, _, value = token.partition(":")
        lowered = value.lower()
        if key == "site" and value:
            sites.append(lowered.removeprefix("www."))
        elif key == "is" and lowered in _STATES:
            states.append(_STATES[lowered])
        elif key == "flag" and lowered in ("first", "respond-first", "phishing"):
            first = True
        elif key == "reach" and value:
            reach.append(lowered)
        elif token.startswith("-") and len(token) > 1:
            exclude.append(_fold(token[1:]))
        else:
            include.append(_fold(token))
    return LiveFilter(
        text, tuple(include), tuple(exclude), tuple(sites), tuple(states), first, tuple(reach)
    )
