"""Drafts of every message, rendered from the one sheet of facts, with versions and staleness.

This module names the whole drafting domain in one place; the parts live beside it:
``draft_kinds``, ``fact_sheet`` (the facts' fields and values), ``draft_rendering``,
``draft_prep`` (templates and limits from the incident file), ``draft_versions`` and
``message_shapes`` (notice subject, social thread, FAQ page).

A draft's *source* is what the operator edits: text with placeholders such as
``{facts.hotline}``, so a fact is written once and every message says the same thing. Rendering
replaces them from the current ``Facts`` and records which facts it read and their values.
When a fact changes, a draft is *stale* if it read that fact at a different value than the one it
was last saved or reviewed with; a change to a fact the draft never read leaves it alone.

Placeholders (all lower case):

- ``{facts.<field>}`` for every field of ``Facts`` (lists read "a, b and c", counts "48,200",
  dates "November 27, 2026", ``law_enforcement_delay`` "yes"/"no");
- derived ones: ``{facts.data_affected_list}`` (one "- " bullet per category),
  ``{facts.breach_dates}`` ("between … and …", "on or about …", "not yet known"),
  ``{facts.discovered_on}``, ``{facts.notice_on}``, ``{facts.law_enforcement_statement}``;
- ``{team.name}``, ``{team.lead}``, ``{team.qa}`` in briefings;
- ``{draft.last_updated}`` in the FAQ (the time of the version, or of the preview).

A placeholder whose fact is empty, or that names nothing, is left as it is, so the
"unfilled placeholder" check flags it and nothing half-rendered goes out.

Text layout is "light Markdown": ``# Title``, ``## Heading``, paragraphs, ``- `` bullets. The
notice's first line is ``Subject: …``. Exporters turn that into text, Markdown, HTML or e-mail.
"""

from __future__ import annotations

from warroom.domain.draft_kinds import DraftKind, DraftRef
from warroom.domain.draft_prep import (
    DEFAULT_PREP,
    DraftingPrep,
    DraftLimits,
    NoticeVariant,
    briefing_source,
    faq_source,
)
from warroom.domain.draft_rendering import (
    FACT_PLACEHOLDERS,
    Rendered,
    format_date,
    natural_join,
    render,
)
from warroom.domain.draft_versions import Draft, DraftVersion, Review, diff_texts, diff_versions
from warroom.domain.fact_sheet import (
    FACT_FIELDS,
    FactError,
    FactField,
    FactKind,
    changed_facts,
    fact_field,
    fact_snapshot,
    format_fact,
    parse_fact,
    with_fact,
)
from warroom.domain.message_shapes import FaqEntry, FaqPage, parse_faq, split_notice, split_thread

__all__ = [
    "DraftKind",
    "DraftRef",
    "FactKind",
    "FactField",
    "FACT_FIELDS",
    "FactError",
    "fact_field",
    "parse_fact",
    "format_fact",
    "fact_snapshot",
    "with_fact",
    "changed_facts",
    "Rendered",
    "render",
    "DraftLimits",
    "DraftingPrep",
    "NoticeVariant",
    "DEFAULT_PREP",
    "faq_source",
    "briefing_source",
    "FACT_PLACEHOLDERS",
    "DraftVersion",
    "Review",
    "Draft",
    "diff_texts",
    "diff_versions",
    "split_notice",
    "split_thread",
    "FaqEntry",
    "FaqPage",
    "parse_faq",
    "format_date",
    "natural_join",
]
