"""Checks on a draft's form: title, headings, length, sentence length, reading level."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warroom.domain.drafts import split_thread
from warroom.domain.notice_checks.registry import Draft, Finding, check
from warroom.domain.notice_checks.text import (
    heading_line,
    headings_of,
    norm,
    reading_grade,
    sentences_of,
    words_of,
)


@check("reading_grade")
def _reading_grade(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Flesch-Kincaid grade at most the limit (the incident file's, else the rule's)."""
    limit = d.prep.limits.reading_grade if p.get("use_limits", True) else p["max_grade"]
    grade = reading_grade(d.text)
    if grade is None or grade <= limit:
        return []
    return [(f"reads at grade {grade:.1f}; aim for {limit:g} or below", None)]


@check("long_sentences")
def _long_sentences(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No sentence longer than the limit in words."""
    limit = d.prep.limits.sentence_words if p.get("use_limits", True) else p["max_words"]
    found: list[Finding] = []
    for sentence, line in sentences_of(d.text):
        count = len(words_of(sentence))
        if count > limit:
            found.append((f"a sentence of {count} words (limit {limit}): “{sentence[:50]}…”", line))
    return found


@check("max_length")
def _max_length(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The whole text fits the limit named in ``limit`` (a ``DraftLimits`` field)."""
    limit = getattr(d.prep.limits, p["limit"])
    length = len(" ".join(d.text.split()))
    return [] if length <= limit else [(f"{length} characters; the limit is {limit}", None)]


@check("thread_length")
def _thread_length(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The social post fits one post (``max_posts``: 1) or a thread of at most the limit."""
    limits = d.prep.limits
    posts = split_thread(d.text, limits.social_post_length)
    allowed = p.get("max_posts") or limits.social_max_posts
    found: list[Finding] = []
    if len(posts) > allowed:
        found.append(
            (
                f"needs {len(posts)} posts of {limits.social_post_length} characters; "
                f"at most {allowed}",
                None,
            )
        )
    for number, post in enumerate(posts, 1):
        if len(post) > limits.social_post_length:
            found.append(
                (f"post {number} cannot be split below the limit (a very long word)", None)
            )
    return found


@check("title")
def _title(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The draft carries the title, before any required heading."""
    want = norm(p["title"])
    headings = headings_of(d.text)
    for text, line in headings:
        if text == want:
            firsts = [n for t, n in headings if t in {norm(h) for h in p.get("before", ())}]
            if firsts and min(firsts) < line:
                return [("the title comes after the first heading", line)]
            return []
    return [("", None)]


@check("headings_present")
def _headings_present(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Each required heading starts a line: alone, with "?" or ":", or run into its text.

    Real California letters write "What Happened?" and "What Happened? On July 18 …"; the
    statute asks for the headings, so all of these count.
    """
    missing = [h for h in p["headings"] if heading_line(d.text, h) is None]
    return [(f"missing heading(s): {', '.join(missing)}", None)] if missing else []


@check("headings_in_order")
def _headings_in_order(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The headings that are present come in the given order (missing ones are not judged)."""
    positions = [
        (heading, line)
        for heading in p["headings"]
        if (line := heading_line(d.text, heading)) is not None
    ]
    for (first, a), (second, b) in zip(positions, positions[1:], strict=False):
        if a > b:
            return [(f"“{second}” usually comes after “{first}”", b)]
    return []
