"""Package data: clock rules, notice rules, signals, rehearsal script, sample sections.

``packaged_text`` reads them as the plain files they always are beside this module (in a
checkout and in the wheel alike): ``importlib.resources`` would cost its own imports (its
readers, ``zipfile``) before the dashboard's first frame, which reads three of these files.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["packaged_text"]

_HERE = Path(__file__).parent


def packaged_text(name: str) -> str:
    """The text of the packaged data file ``name`` (``clock_rules.json`` …)."""
    return (_HERE / name).read_text(encoding="utf-8")
