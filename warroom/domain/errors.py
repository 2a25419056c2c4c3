"""The one base class for mistakes an operator can fix: the CLI turns them into exit code 2.

Every layer's refusal (a broken incident file, a damaged database, a bad config, a refused
CSV import) derives from ``UserError``, so the command line decides *once*, at its entry
point, that these are one line on stderr and exit 2, and that anything else is a bug (exit 1).
"""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """Something the operator asked for cannot be done; the message says what and how to fix it."""
