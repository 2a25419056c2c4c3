"""The incident file's optional ``drafting`` section: message templates, profiles and limits.

Shape (every key optional; missing templates fall back to ``DEFAULT_PREP``)::

    "drafting": {
      "profiles": ["california", "gdpr"],          # tables of warroom/data/notice_rules.json
      "limits": {"social_post_length": 280, "social_max_posts": 3, "banner_length": 160,
                 "reading_grade": 8, "sentence_words": 25},
      "internal_names": ["ORCA", "orders-db-02"],  # never to appear in customer text
      "official_channels": ["https://twitter.com/NorthwindHelp"],  # beyond the fact sheet
      "notice": {"subject": "…", "body": ["line", "line", …]},
      "faq": {"title": "…", "intro": "…", "entries": [{"question": "…", "answer": "…"}]},
      "social": "…",
      "banner": "…",
      "briefing": {"title": "…", "intro": "…", "key_messages": ["…"], "empathy": ["…"]},
      "promote": ["playbook.hotline", "channels"],  # house rules (or tables) that block here
      "variants": {"massachusetts": {"title": "…", "profiles": ["massachusetts"],
                                     "notice": {"subject": "…", "body": ["…"]}}}
    }

Long texts may be a string or a list of lines (JSON has no multi-line strings). Templates use
the placeholders of ``warroom.domain.drafts``; a misspelt placeholder is refused here, at
preparation time, not discovered in a draft during the breach.
"""

from __future__ import annotations

import re
from typing import Any

# The types it builds and the rules' names, not the drafting checks that later use them: this
# section is validated before the dashboard's first frame (tests/ui/test_first_frame.py).
from warroom.domain.draft_prep import (
    DEFAULT_PREP,
    DraftingPrep,
    DraftLimits,
    NoticeVariant,
    briefing_source,
    faq_source,
)
from warroom.domain.draft_rendering import FACT_PLACEHOLDERS
from warroom.domain.notice_checks.rule_names import profile_ids, promotable_ids
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields, child_path, type_name

__all__ = ["parse_drafting"]

ROOT = "$.drafting"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\.([a-z_]+)\}")


def _text(fields: Fields, key: str, *, allowed: set[str], required: bool = False) -> str | None:
    """Read a string or a list of lines, and check its placeholders."""
    value = fields.raw(key)
    path = child_path(fields.path, key)
    if value is None:
        if required:
            raise fields.error(key, "is required but missing")
        return None
    if isinstance(value, list):
        for index, line in enumerate(value):
            if not isinstance(line, str):
                raise IncidentFileError(
                    fields.source,
                    child_path(path, index),
                    f"expected a string, found {type_name(line)}",
                )
        text = "\n".join(value)
    elif isinstance(value, str):
        text = value
    else:
        raise fields.error(key, f"expected a string or a list of lines, found {type_name(value)}")
    if not text.strip():
        raise fields.error(key, "must not be empty")
    for match in _PLACEHOLDER.finditer(text):
        if match.group(0) not in allowed:
            raise fields.error(
                key, f"unknown placeholder {match.group(0)} (known: {', '.join(sorted(allowed))})"
            )
    return text.strip("\n")


def _allowed(*extra: str) -> set[str]:
    return {f"{{facts.{name}}}" for name in FACT_PLACEHOLDERS} | set(extra)


def _limits(fields: Fields | None) -> DraftLimits:
    if fields is None:
        return DraftLimits()
    default = DraftLimits()

    def whole(key: str, fallback: int, minimum: int) -> int:
        value = fields.integer(key, required=False, default=fallback, minimum=minimum)
        return fallback if value is None else value

    grade_raw: Any = fields.raw("reading_grade")
    if grade_raw is None:
        grade = default.reading_grade
    elif isinstance(grade_raw, bool) or not isinstance(grade_raw, int | float) or grade_raw <= 0:
        raise fields.error("reading_grade", f"expected a positive number, found {grade_raw!r}")
    else:
        grade = float(grade_raw)
    limits = DraftLimits(
        social_post_length=whole("social_post_length", default.social_post_length, 20),
        social_max_posts=whole("social_max_posts", default.social_max_posts, 1),
        banner_length=whole("banner_length", default.banner_length, 20),
        reading_grade=grade,
        sentence_words=whole("sentence_words", default.sentence_words, 5),
    )
    fields.done()
    return limits


def _known_names(fields: Fields, key: str, known: set[str], what: str) -> tuple[str, ...]:
    """A list of names, each of which must be ``known`` (the error names the item's path)."""
    names = fields.strings(key)
    for index, name in enumerate(names):
        if name not in known:
            raise IncidentFileError(
                fields.source,
                child_path(child_path(fields.path, key), index),
                f"{name!r} is not {what} (known: {', '.join(sorted(known))})",
            )
    return names


def _profiles(fields: Fields) -> tuple[str, ...]:
    profiles = _known_names(fields, "profiles", set(profile_ids()), "a profile")
    if len(set(profiles)) != len(profiles):
        raise fields.error("profiles", "lists a profile twice")
    return profiles


def _notice(fields: Fields | None) -> str:
    if fields is None:
        return DEFAULT_PREP.notice
    subject = _text(fields, "subject", allowed=_allowed(), required=True)
    body = _text(fields, "body", allowed=_allowed(), required=True)
    assert subject is not None and body is not None
    if "\n" in subject:
        raise fields.error("subject", "must be one line")
    fields.done()
    return f"Subject: {subject}\n\n{body}\n"


def _faq(fields: Fields | None) -> str:
    if fields is None:
        return DEFAULT_PREP.faq
    allowed = _allowed("{draft.last_updated}")
    title = fields.string("title")
    intro = _text(fields, "intro", allowed=allowed) or ""
    entries = []
    for entry in fields.objects("entries", required=True):
        question = entry.string("question")
        answer = _text(entry, "answer", allowed=allowed, required=True)
        assert answer is not None
        entries.append((question, answer))
        entry.done()
    if not entries:
        raise fields.error("entries", "must list at least one question")
    fields.done()
    return faq_source(title, intro, entries)


def _briefing(fields: Fields | None) -> str:
    if fields is None:
        return DEFAULT_PREP.briefing
    allowed = _allowed("{team.name}", "{team.lead}")
    title = fields.string("title", required=False, default="Briefing for {team.name}")
    intro = _text(fields, "intro", allowed=allowed) or ""
    key_messages = fields.strings("key_messages", required=True)
    empathy = fields.strings("empathy", required=True)
    for key, items in (("key_messages", key_messages), ("empathy", empathy)):
        for index, item in enumerate(items):
            for match in _PLACEHOLDER.finditer(item):
                if match.group(0) not in allowed:
                    raise IncidentFileError(
                        fields.source,
                        child_path(child_path(fields.path, key), index),
                        f"unknown placeholder {match.group(0)}",
                    )
    if not key_messages:
        raise fields.error("key_messages", "must list at least one key message")
    fields.done()
    return briefing_source(title, intro, key_messages, empathy)


def parse_drafting(source: str, raw: object) -> DraftingPrep:
    """Validate the ``drafting`` section of an incident file.

    Raises:
        IncidentFileError: naming the file, the JSON path under ``$.drafting`` and the problem.
    """
    root = Fields(source, ROOT, raw)
    profiles = _profiles(root)
    limits = _limits(root.object("limits", required=False))
    internal_names = root.strings("internal_names")
    channels = root.strings("official_channels")
    promote = _promote(root)
    variants = _variants(root.object("variants", required=False))
    notice = _notice(root.object("notice", required=False))
    faq = _faq(root.object("faq", required=False))
    social = _text(root, "social", allowed=_allowed()) or DEFAULT_PREP.social
    banner = _text(root, "banner", allowed=_allowed()) or DEFAULT_PREP.banner
    briefing = _briefing(root.object("briefing", required=False))
    root.done()
    return DraftingPrep(
        notice=notice,
        faq=faq,
        social=social,
        banner=banner,
        briefing=briefing,
        profiles=profiles,
        limits=limits,
        internal_names=internal_names,
        official_channels=channels,
        promote=promote,
        variants=variants,
    )


def _variants(fields: Fields | None) -> tuple[NoticeVariant, ...]:
    """``{"massachusetts": {"title", "profiles", "notice": {"subject", "body"}}}``."""
    if fields is None:
        return ()
    variants = []
    for key in list(fields.data):
        if not re.match(r"^[a-z][a-z0-9-]{0,31}$", key):
            raise fields.error(key, "a variant id is lower case letters, digits and hyphens")
        entry = fields.object(key)
        assert entry is not None
        variants.append(
            NoticeVariant(
                key,
                entry.string("title"),
                _profiles(entry),
                _notice(entry.object("notice")),
            )
        )
        entry.done()
    fields.done()
    return tuple(variants)


def _promote(fields: Fields) -> tuple[str, ...]:
    """House rules (or tables) to treat as blocking; each must name a rule or a table."""
    known = set(promotable_ids())
    return _known_names(fields, "promote", known, "a notice rule or rule table id")
