"""Shapes of particular messages: the notice's subject line, a social thread within its limit,
the FAQ page as entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["split_notice", "split_thread", "FaqEntry", "FaqPage", "parse_faq"]


def split_notice(text: str) -> tuple[str, str]:
    """Split a notice into (subject, body): the first line ``Subject: …`` is the subject."""
    lines = text.split("\n")
    if lines and lines[0].lower().startswith("subject:"):
        body = "\n".join(lines[1:]).lstrip("\n")
        return lines[0].split(":", 1)[1].strip(), body
    return "", text


def split_thread(text: str, limit: int, *, numbered: bool = True) -> tuple[str, ...]:
    """Split a social post into a thread of posts no longer than ``limit`` characters each.

    Words are never cut (a single word longer than a post gets a post of its own, and the
    length check flags it). With ``numbered``, each post ends in `` (i/n)``. Lengths are
    counted in characters; platforms that shorten links count less, never more.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return (text,) if text else ()
    words = text.split(" ")
    count = 2
    for _ in range(5):  # the suffix width depends on the count; settle it
        suffix_len = len(f" ({count}/{count})") if numbered else 0
        posts = _pack(words, max(limit - suffix_len, 1))
        if len(posts) == count:
            break
        count = len(posts)
    if numbered:
        total = len(posts)
        posts = [f"{p} ({i}/{total})" for i, p in enumerate(posts, 1)]
    return tuple(posts)


def _pack(words: list[str], budget: int) -> list[str]:
    posts: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= budget or not current:
            current = candidate
        else:
            posts.append(current)
            current = word
    if current:
        posts.append(current)
    return posts


@dataclass(frozen=True)
class FaqEntry:
    """One question and its answer (answer in light Markdown)."""

    question: str
    answer: str


@dataclass(frozen=True)
class FaqPage:
    """The FAQ as a page: title, intro, entries and the "last updated" stamp."""

    title: str
    intro: str
    entries: tuple[FaqEntry, ...]
    last_updated: str


_LAST_UPDATED = re.compile(r"^last updated:\s*(.*)$", re.IGNORECASE)


def parse_faq(text: str) -> FaqPage:
    """Read a rendered FAQ: ``# title``, intro, ``Last updated: …``, then ``## question`` blocks."""
    title, stamp = "", ""
    intro: list[str] = []
    entries: list[FaqEntry] = []
    question: str | None = None
    answer: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("## "):
            if question is not None:
                entries.append(FaqEntry(question, "\n".join(answer).strip()))
            question, answer = stripped[3:].strip(), []
        elif question is not None:
            answer.append(line)
        elif stripped.startswith("# ") and not title:
            title = stripped[2:].strip()
        elif match := _LAST_UPDATED.match(stripped):
            stamp = match.group(1).strip()
        else:
            intro.append(line)
    if question is not None:
        entries.append(FaqEntry(question, "\n".join(answer).strip()))
    return FaqPage(title, "\n".join(intro).strip(), tuple(entries), stamp)
