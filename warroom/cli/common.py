"""What every command of the command line shares: its settings, its clock, its error."""

from __future__ import annotations

import argparse
from datetime import datetime

from warroom.config import Settings
from warroom.domain.errors import UserError

__all__ = ["CommandError", "settings_of", "now"]


class CommandError(UserError):
    """A command failed in a way the operator can act on; the message says how."""


def settings_of(args: argparse.Namespace) -> Settings:
    return Settings.resolve(
        db=getattr(args, "db", None),
        operator=getattr(args, "operator", None),
        theme=getattr(args, "theme", None),
    )


def now() -> datetime:
    from warroom.domain.clock import system_clock

    return system_clock()
