"""Feeds: fetch (httpx), parse (feedparser, off the UI's loop), poll on each feed's interval.

Modules here import httpx/feedparser lazily where they can: a warm poll (every feed answers
304) must not pay for feedparser's import. For the same reason httpx is loaded without its
command-line client: ``import httpx`` tries ``httpx._main``, which loads click, rich and
pygments (about a tenth of a warm poll of 200 feeds) and is never used here. A ``None`` entry
in ``sys.modules`` makes that optional import fail at once, which httpx expects and handles.
"""

import sys

if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
