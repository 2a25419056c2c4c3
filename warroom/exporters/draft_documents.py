"""Drafts as documents: Markdown, plain text and standalone HTML pages.

Every character that came from a person (facts, drafts, team Q&A) is escaped with
``html.escape``; the pages are well-formed XHTML-compatible HTML5 (self-closed void elements,
no named entities beyond XML's), so both browsers and XML tools read them.
"""

from __future__ import annotations

import html

from warroom.domain.drafts import FaqPage, parse_faq, split_notice
from warroom.exporters.light_markdown import Block, blocks, inline_html, plain_text

__all__ = [
    "notice_markdown",
    "notice_text",
    "notice_html",
    "faq_markdown",
    "faq_html",
    "thread_markdown",
    "thread_text",
    "thread_html",
    "document_html",
    "html_page",
    "plain_text",
]

_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111}"
    "h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.6rem}"
    ".updated{color:#555;font-size:.9rem}a{color:#0645ad}"
)


def html_page(title: str, body_html: str) -> str:
    """Wrap already-escaped body HTML into a standalone page; ``title`` is escaped here."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body_html}</main>\n</body>\n</html>\n"
    )


def _blocks_html(found: list[Block]) -> str:
    out = []
    for block in found:
        if block.kind == "ul":
            items = "".join(f"<li>{inline_html(item)}</li>\n" for item in block.lines)
            out.append(f"<ul>\n{items}</ul>\n")
        elif block.kind == "p":
            out.append(f"<p>{'<br />'.join(inline_html(line) for line in block.lines)}</p>\n")
        else:
            out.append(f"<{block.kind}>{inline_html(block.text)}</{block.kind}>\n")
    return "".join(out)


def document_html(text: str, title: str) -> str:
    """Any light-Markdown draft (banner, briefing) as a standalone page."""
    return html_page(title, _blocks_html(blocks(text)))


def notice_markdown(text: str) -> str:
    """The notice as Markdown, the subject first."""
    subject, body = split_notice(text)
    head = f"**Subject:** {subject}\n\n" if subject else ""
    return head + body.strip() + "\n"


def notice_text(text: str) -> str:
    """The notice body as plain text (the e-mail's text part)."""
    return plain_text(split_notice(text)[1])


def notice_html(text: str) -> str:
    """The notice body as a standalone HTML page (the e-mail's HTML part)."""
    subject, body = split_notice(text)
    return html_page(subject or "Notice", _blocks_html(blocks(body)))


def _faq_body(page: FaqPage) -> str:
    out = [f"<h1>{inline_html(page.title)}</h1>\n"] if page.title else []
    if page.last_updated:
        stamp = html.escape(page.last_updated)
        out.append(f'<p class="updated">Last updated: <time>{stamp}</time></p>\n')
    out.append(_blocks_html(blocks(page.intro)))
    for number, entry in enumerate(page.entries, 1):
        out.append(f'<section id="q{number}">\n<h2>{inline_html(entry.question)}</h2>\n')
        out.append(_blocks_html(blocks(entry.answer)))
        out.append("</section>\n")
    return "".join(out)


def faq_html(text: str) -> str:
    """The FAQ as a page the web team can publish as it is."""
    page = parse_faq(text)
    return html_page(page.title or "Questions and answers", _faq_body(page))


def faq_markdown(text: str) -> str:
    """The FAQ as Markdown (it is written in light Markdown already)."""
    return text.strip() + "\n"


def thread_markdown(posts: tuple[str, ...]) -> str:
    """A social thread as Markdown, one section per post."""
    if len(posts) == 1:
        return posts[0] + "\n"
    return "\n\n".join(f"## Post {i} of {len(posts)}\n\n{p}" for i, p in enumerate(posts, 1)) + "\n"


def thread_text(posts: tuple[str, ...]) -> str:
    """A social thread as plain text, posts separated by a rule."""
    return "\n\n---\n\n".join(posts) + "\n"


def thread_html(posts: tuple[str, ...], title: str = "Social post") -> str:
    """A social thread as a page, one numbered item per post."""
    items = "".join(f"<li><p>{inline_html(p)}</p></li>\n" for p in posts)
    return html_page(title, f"<h1>{html.escape(title)}</h1>\n<ol>\n{items}</ol>\n")
