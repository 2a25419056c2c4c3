"""Feed passwords kept out of the incident file and the database.

A feed URL with ``user:password@`` is refused (``domain.feed_urls``): it would be stored in
clear in the database, shown on screens and copied into exports. A feed that needs a login
takes it from one of two places, looked up by the feed's id:

- the environment variable ``WARROOM_FEED_AUTH_<ID>`` (id upper-cased, ``-`` as ``_``), holding
  ``user:password``;
- the ``credentials`` file beside the database (``warroom.credentials.json`` for
  ``warroom.json``): a JSON object ``{"feed-id": "user:password"}``, which must be a regular
  file readable by its owner only (mode 0600 or stricter): otherwise it is refused, not used.

The environment wins over the file. Credentials are sent only to the origin of the feed's own
URL, never to a host a redirect leads to (``feeds/fetch.py``).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from warroom.domain.errors import UserError
from warroom.domain.feed_urls import origin
from warroom.domain.incident import FeedSource, Incident
from warroom.feeds.fetch import FetchSettings

__all__ = [
    "CredentialsError",
    "credentials_path",
    "env_name",
    "load_credentials",
    "auth_by_origin",
    "fetch_settings_for",
    "MAX_CREDENTIALS_BYTES",
]

MAX_CREDENTIALS_BYTES = 64 * 1024
"""A credentials file larger than this is refused (it holds a few lines)."""


class CredentialsError(UserError):
    """The credentials file cannot be used; the message says how to fix it."""


def credentials_path(db: Path) -> Path:
    """Where the credentials of the database at ``db`` are kept."""
    return db.with_name(f"{db.stem}.credentials.json")


def env_name(feed_id: str) -> str:
    """The environment variable holding ``user:password`` for one feed."""
    return "WARROOM_FEED_AUTH_" + feed_id.upper().replace("-", "_")


def _pair(where: str, value: object) -> tuple[str, str]:
    if not isinstance(value, str) or ":" not in value:
        raise CredentialsError(f'{where}: expected "user:password"')
    user, password = value.split(":", 1)
    return user, password


def _read_file(path: Path) -> dict[str, tuple[str, str]]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise CredentialsError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise CredentialsError(f"{path}: is not a regular file; refusing to read it")
        if st.st_mode & 0o077:
            raise CredentialsError(
                f"{path}: is readable by others (mode {stat.S_IMODE(st.st_mode):04o}); "
                f"run `chmod 600 {path}` so only you can read the passwords"
            )
        if st.st_size > MAX_CREDENTIALS_BYTES:
            raise CredentialsError(f"{path}: larger than {MAX_CREDENTIALS_BYTES // 1024} KiB")
        os.set_blocking(fd, True)
        raw = os.read(fd, MAX_CREDENTIALS_BYTES + 1)
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise CredentialsError(f'{path}: not a JSON object of "feed-id": "user:password"') from None
    if not isinstance(data, dict):
        raise CredentialsError(f'{path}: not a JSON object of "feed-id": "user:password"')
    return {str(key): _pair(f"{path}: {key}", value) for key, value in data.items()}


def load_credentials(
    db: Path, feed_ids: Iterable[str], environ: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """(user, password) by feed id, from the environment, then the credentials file.

    Raises:
        CredentialsError: the file is unsafe (readable by others, not a regular file) or broken.
    """
    env = os.environ if environ is None else environ
    found = _read_file(credentials_path(db))
    for feed_id in feed_ids:
        value = env.get(env_name(feed_id))
        if value:
            found[feed_id] = _pair(env_name(feed_id), value)
    return found


def fetch_settings_for(
    incident: Incident, db: Path, concurrency: int, environ: Mapping[str, str] | None = None
) -> FetchSettings:
    """The fetch limits for a database: its incident's redirect allowance, its feeds' logins.

    Raises:
        CredentialsError: the credentials file is unsafe or broken.
    """
    allowed = incident.extras.get("allow_private_hosts", ())
    by_feed = load_credentials(db, [feed.id for feed in incident.feeds], environ)
    return FetchSettings(
        concurrency=max(1, concurrency),
        allow_private_hosts=frozenset(allowed if isinstance(allowed, tuple) else ()),
        credentials=auth_by_origin(incident.feeds, by_feed),
    )


def auth_by_origin(
    feeds: Iterable[FeedSource], by_feed: Mapping[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """The credentials keyed by the origin of each feed's URL, as ``FetchSettings`` wants them."""
    return {origin(feed.url): by_feed[feed.id] for feed in feeds if feed.id in by_feed}
