"""``warroom serve``: the dashboard in a web browser, for people who cannot SSH to the jump host.

textual-serve runs one ``warroom open`` process per browser session and relays its terminal
over a websocket to xterm.js in the page. The server itself has no login: anyone who can reach
the port sees (and, without ``--wall``, changes) the incident. A breach's war room exposed by a
typo would be a second incident, so only loopback addresses are served unless ``--public`` says
the exposure is meant (behind a reverse proxy that authenticates, say), and that is warned about.
"""

from __future__ import annotations

import gc
import ipaddress
import shlex
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from warroom.store.errors import StoreError

__all__ = ["run_serve", "build_command", "is_loopback", "EXIT_USAGE"]

EXIT_USAGE = 2


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, ``localhost``)."""
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name may resolve anywhere: treat it as public


def build_command(db: Path, operator: str, *, wall: bool, poll: bool = True) -> str:
    """The shell command textual-serve runs for each browser session.

    It is the same interpreter running ``warroom open``, so the served dashboard is exactly
    the one operators get over SSH; every argument is quoted because textual-serve hands the
    string to a shell.
    """
    parts = [sys.executable, "-m", "warroom", "open", "--db", str(db), "--operator", operator]
    if wall:
        parts.append("--wall")
    if not poll:
        parts.append("--no-poll")
    return shlex.join(parts)


def _incident_title(db: Path) -> str:
    """Check the database the sessions will open, and return its incident's title.

    Raises:
        StoreError: no such database, no incident in it, or one this warroom cannot read.
    """
    from warroom.store.repository import WarRoomRepository

    repo = WarRoomRepository.open(db, create=False)
    try:
        if not repo.has_incident():
            raise StoreError(
                f"{db}: holds no incident yet; run `warroom init INCIDENT.json --db {db}`"
            )
        return repo.incident().title
    finally:
        repo.close()


def run_serve(
    db: Path,
    host: str,
    port: int,
    wall: bool,
    operator: str,
    *,
    public: bool = False,
    public_url: str | None = None,
    poll: bool = True,
    user_header: str | None = None,
) -> int:
    """Serve the dashboard on ``host:port`` until Ctrl-C; returns the exit status.

    Args:
        db: the database every browser session opens.
        host: the address to listen on; loopback unless ``public``.
        port: the TCP port.
        wall: serve the read-only wall mode.
        operator: not used for the sessions any more: each browser gives its own name (or the
            proxy's ``user_header`` does); kept so that every command takes ``--operator``.
        public: allow a non-loopback ``host`` (with a warning).
        public_url: the URL browsers reach the server at, when it differs from
            ``http://host:port`` (a reverse proxy, an SSH tunnel on another port).
        poll: let each session poll the feeds (off when a ``warroom poll`` service does it).
        user_header: take each session's operator from this request header (set by an
            authenticating reverse proxy); without it, the page asks for a name.
    """
    if not is_loopback(host) and not public:
        print(
            f"warroom: refusing to serve on {host}: anyone who reaches it sees the incident "
            "and, without --wall, can change it; serve on 127.0.0.1 behind an SSH tunnel or an "
            "authenticating reverse proxy, or pass --public if you mean it",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not 0 < port < 65536:
        print(f"warroom: --port {port}: must be between 1 and 65535", file=sys.stderr)
        return EXIT_USAGE
    db = db.absolute()  # sessions must open this file whatever their working directory
    try:
        title = _incident_title(db)
    except StoreError as error:
        print(f"warroom: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        from warroom.commands.serve_sessions import SessionServer, offline_templates
    except ImportError:
        print(
            "warroom: serving to browsers needs textual-serve; install warroom[serve] "
            "(pip install 'warroom[serve]')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not is_loopback(host):
        print(
            f"warroom: WARNING: serving the incident dashboard on {host}:{port} with no login; "
            "anyone who can reach this address can see it"
            + ("" if wall else " and change it (add --wall for read-only)"),
            file=sys.stderr,
        )
    if public_url is None and ":" in host:
        public_url = (
            f"http://[{host.strip('[]')}]:{port}"  # textual-serve would write http://::1:8080
        )
    mode = "wall" if wall else "one operator per browser session"
    with tempfile.TemporaryDirectory(prefix="warroom-serve-") as folder:
        server = SessionServer(
            db,
            wall=wall,
            poll=poll,
            user_header=user_header,
            templates=offline_templates(Path(folder)),
            host=host,
            port=port,
            title=f"warroom: {title} ({mode})",
            public_url=public_url,
        )
        # Kept until the process ends: transports may be collected as late as interpreter exit.
        sys.unraisablehook = _ignoring_closed_loop(sys.unraisablehook)
        server.serve()  # returns after Ctrl-C or SIGTERM (textual-serve handles both)
        gc.collect()
    return 0


def _ignoring_closed_loop(
    previous: Callable[[Any], object],
) -> Callable[[Any], object]:
    """An unraisable-exception hook that drops one known harmless shutdown message.

    When textual-serve stops with a browser still connected, the session's subprocess transport
    is garbage-collected after its event loop closed, and Python prints a traceback ("Event loop
    is closed") on the operator's terminal. Everything else still goes to ``previous``.
    """

    def hook(unraisable: Any) -> object:
        error = unraisable.exc_value
        if isinstance(error, RuntimeError) and "Event loop is closed" in str(error):
            return None
        return previous(unraisable)

    return hook
