"""``python -m warroom`` and the ``warroom`` console script: the CLI contract, in one place.

Whatever a command does, the process ends the same documented way (README, "Exit codes"):

- 0 done; 2 an operator's mistake (``UserError``: one line on stderr, no traceback);
- 1 a bug in warroom: one line naming the exception and pointing at ``--debug`` (or
  ``WARROOM_DEBUG=1``), which shows the traceback;
- 130 interrupted (ctrl+c), 141 the reader of stdout went away (``warroom status | head -3``):
  both quietly, because neither is a failure the operator needs to read about.

Everything a command prints goes through ``for_terminal``: titles, feed text and database
content are outside text, and a CLI print must not write the clipboard any more than the TUI.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from warroom.domain.errors import UserError
from warroom.domain.text import for_terminal, inert

__all__ = ["main", "guarded", "EXIT_BUG", "EXIT_USER", "EXIT_INTERRUPTED", "EXIT_BROKEN_PIPE"]

EXIT_BUG = 1
EXIT_USER = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
DEBUG_ENV = "WARROOM_DEBUG"


class InertStream:
    """A text stream that neutralises escapes and controls before they reach the real one."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        """Write ``text`` made safe; return the length given, as ``TextIO.write`` callers expect."""
        self._inner.write(for_terminal(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        # flush, fileno, isatty, encoding, buffer …: the wrapped stream's own.
        return getattr(self._inner, name)


@contextmanager
def _inert_streams() -> Iterator[None]:
    """Route ``sys.stdout``/``sys.stderr`` through ``InertStream`` while a command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout = InertStream(saved[0])
    sys.stderr = InertStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _debugging(argv: Sequence[str]) -> bool:
    return "--debug" in argv or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError):
        pass  # nothing left to protect: the process is ending either way


def guarded(command: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None) -> int:
    """Run ``command(argv)`` under the CLI contract; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with _inert_streams():
            try:
                code = command(argv)
                sys.stdout.flush()  # a reader gone away shows here, not at interpreter exit
                return code
            except UserError as error:
                print(f"warroom: {error}", file=sys.stderr)
                return EXIT_USER
            except (KeyboardInterrupt, BrokenPipeError):
                raise
            except Exception as error:
                if _debugging(args):
                    traceback.print_exc()
                what = f"{type(error).__name__}: {inert(str(error), limit=200)}"
                print(
                    f"warroom: internal error ({what}); "
                    f"this is a bug: rerun with --debug (or {DEBUG_ENV}=1) to see the traceback",
                    file=sys.stderr,
                )
                return EXIT_BUG
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: the CLI under its contract."""
    from warroom.cli import main as cli_main

    return guarded(cli_main, argv)


if __name__ == "__main__":
    sys.exit(main())
