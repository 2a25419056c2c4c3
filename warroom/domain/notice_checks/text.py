"""Reading a rendered draft: words, sentences, headings, channels, numbers and dates.

Shared by every check so that "the text says X" means the same thing to all of them: case,
spacing and typographic quotes folded, whole words only.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from warroom.domain.clock import utc
from warroom.domain.draft_rendering import format_date
from warroom.domain.incident import Facts


def norm(text: str) -> str:
    """Lower case, one space between words, typographic quotes folded: for "contains" tests."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').lower().split())


def contains(text: str, needle: str) -> bool:
    """True when ``needle`` appears in ``text`` as whole words ("free" is not in "freeze")."""
    if not needle.strip():
        return False
    pattern = r"(?<!\w)" + re.escape(norm(needle)) + r"(?!\w)"
    return re.search(pattern, norm(text)) is not None


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def find_line(text: str, needle: str) -> int | None:
    low = text.lower()
    at = low.find(needle.lower())
    return None if at < 0 else line_of(text, at)


URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
PHONE_RE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d\s().-]{7,}\d(?![\w/-])")
ISO_TIME_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|\s*UTC)?)?")
DATE_LIKE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
"""Unicode look-alikes of the hyphen-minus that people (and word processors) put in numbers."""
_DASH_IN_NUMBER = re.compile(rf"(?<=\d)[{DASHES}](?=\d)")
_TLDS = (
    "com|net|org|info|biz|io|co|us|uk|eu|de|fr|ca|au|in|br|sg|app|help|support|online|site|"
    "xyz|top|live|link|shop|store|ly|gl|gd|me|cc|tv|ws|security|services|email|xn--[a-z0-9-]+"
)
BARE_DOMAIN_RE = re.compile(
    r"(?<![\w@./-])((?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:" + _TLDS + r"))(?:/[^\s<>()\"']*)?"
    r"(?![\w-])",
    re.IGNORECASE,
)
"""A domain written without ``http://`` or ``www.`` (``northwind-help.net``), IDN included."""


def fold_dashes(text: str) -> str:
    """Replace Unicode dashes between digits with ``-`` (same length, so indices hold)."""
    return _DASH_IN_NUMBER.sub("-", text)


def dashed_numbers(text: str) -> list[tuple[str, int]]:
    """Numbers written with a Unicode dash between digits: (the number, its line)."""
    found = []
    for match in re.finditer(rf"\+?\(?\d[\d\s().{DASHES}-]{{6,}}\d", text):
        if _DASH_IN_NUMBER.search(match.group(0)):
            found.append((match.group(0), line_of(text, match.start())))
    return found


def digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def host(url: str) -> str:
    """The host of a URL found in text, lower-cased, without ``www.`` ("" when it has none).

    Text from feeds and drafts holds anything: ``http://[`` makes ``urlsplit`` raise, and a
    check must never crash on what it checks.
    """
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _strip_url(url: str) -> str:
    return url.rstrip(".,;:!?")


def links_in(text: str) -> list[tuple[str, str, int]]:
    """Every URL and e-mail address in ``text``, as ``channels_in`` finds them, without its
    phone numbers: a mention row's look-alike check reads only these, and the phone pattern
    was most of what each row drawn cost."""
    return _links(fold_dashes(text))[0]


def _links(text: str) -> tuple[list[tuple[str, str, int]], str]:
    """The URLs, e-mail addresses and bare domains of dash-folded ``text``, and the text with
    each blanked out (so one is not found again as another kind)."""
    found: list[tuple[str, str, int]] = []
    masked = text
    for match in URL_RE.finditer(text):
        found.append(("url", _strip_url(match.group(0)), line_of(text, match.start())))
        masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
    for match in EMAIL_RE.finditer(masked):
        found.append(("email", match.group(0), line_of(text, match.start())))
        masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
    for match in BARE_DOMAIN_RE.finditer(masked):
        found.append(("url", _strip_url(match.group(0)), line_of(text, match.start())))
        masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
    return found, masked


def channels_in(text: str) -> list[tuple[str, str, int]]:
    """Every URL, e-mail address and phone number in ``text``: (kind, value, line).

    Bare domains (``northwind-help.net/reset``) count as URLs, and numbers written with
    Unicode dashes as phone numbers, so neither slips past the official-channels check.
    """
    text = fold_dashes(text)
    found, masked = _links(text)
    masked = ISO_TIME_RE.sub(lambda m: " " * len(m.group(0)), masked)
    for match in PHONE_RE.finditer(masked):
        value = match.group(0).strip()
        if DATE_LIKE_RE.match(value) or len(digits(value)) < 10:
            continue  # a date, a postcode or an amount, not a number to call
        found.append(("phone", value, line_of(text, match.start())))
    return found


def sentences_of(text: str) -> list[tuple[str, int]]:
    """Prose sentences with their line; headings, subject lines and bullets stand alone."""
    units: list[tuple[str, int]] = []
    paragraph: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        heading = line.startswith("#") or line.lower().startswith(("subject:", "last updated:"))
        if not line or heading or line.startswith(("- ", "* ")):
            if paragraph:
                units.append((" ".join(paragraph), start))
                paragraph = []
            if line.startswith(("- ", "* ")):
                units.append((line[2:], number))
            continue
        if not paragraph:
            start = number
        paragraph.append(line)
    if paragraph:
        units.append((" ".join(paragraph), start))
    sentences: list[tuple[str, int]] = []
    for unit, at in units:
        clean = URL_RE.sub("link", EMAIL_RE.sub("address", unit))
        clean = PHONE_RE.sub("number", clean)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", clean):
            if re.search(r"[A-Za-z]", sentence):
                sentences.append((sentence, at))
    return sentences


def words_of(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*", sentence)


def _syllables(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return 1
    letters = re.sub(r"[^a-z]", "", word)
    if not letters:
        return 1
    groups = re.findall(r"[aeiouy]+", letters)
    count = len(groups)
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if letters.endswith("ed") and count > 1 and not letters.endswith(("ted", "ded")):
        count -= 1
    return max(count, 1)


def reading_grade(text: str) -> float | None:
    """Flesch-Kincaid grade level of the prose in ``text`` (None when there is none)."""
    sentences = [s for s, _ in sentences_of(text)]
    words = [w for s in sentences for w in words_of(s)]
    if not sentences or not words:
        return None
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def headings_of(text: str) -> list[tuple[str, int]]:
    """Lines that read as headings (``#`` lines or lines alone), normalised, with their line."""
    found: list[tuple[str, int]] = []
    for number, raw in enumerate(text.split("\n"), 1):
        # "## What Happened?", "**What Happened:**" and "What Happened" all read the same.
        line = raw.strip().lstrip("#").strip().strip("*_").strip().rstrip(":?.!").strip()
        if line:
            found.append((norm(line), number))
    return found


def heading_line(text: str, heading: str) -> int | None:
    """The line a heading starts, alone or run into its paragraph ("What Happened? On …")."""
    pattern = re.compile(
        r"^[ \t]*(?:#+[ \t]*)?(?:\*\*|__)?"
        + r"\s+".join(re.escape(word) for word in heading.split())
        + r"(?:\*\*|__)?[ \t]*[?:.!]?(?:\*\*|__)?(?=\s|$)",
        re.IGNORECASE | re.MULTILINE,
    )
    match = pattern.search(text)
    return None if match is None else line_of(text, match.start())


def month_forms(moment: datetime) -> list[str]:
    """``April 2023`` and ``April of 2023``: a date given to the month."""
    moment = utc(moment)
    month = format_date(moment).split(" ")[0]
    return [f"{month} {moment.year}", f"{month} of {moment.year}"]


def number_forms(value: int) -> list[str]:
    return [
        f"{value:,}",
        str(value),
        f"{value:,}".replace(",", "."),
        f"{value:,}".replace(",", " "),
    ]


def date_forms(moment: datetime) -> list[str]:
    moment = utc(moment)
    month = format_date(moment).split(" ")[0]
    return [
        format_date(moment),
        f"{moment.day} {month} {moment.year}",
        moment.date().isoformat(),
        f"{moment.month}/{moment.day}/{moment.year}",
        f"{moment.month:02d}/{moment.day:02d}/{moment.year}",
    ]


def fact_text(facts: Facts, name: str) -> str:
    value = getattr(facts, name)
    if value is None or value is False:
        return ""
    if isinstance(value, tuple):
        return " ".join(value)
    return str(value)
