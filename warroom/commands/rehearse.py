"""``warroom rehearse SCRIPT.json [--speed N]``: replay a scripted incident to practise on.

A script lists what arrives and when, as offsets from the start: inquiries on a channel
(with a count and a topic), mentions from a feed, notes. The replay writes each into the
database through the service (the same intents as a dashboard's, at the scripted moment),
so dashboards open on the same file see the incident unfold live; ``--speed 60`` plays an
hour in a minute, ``--speed 0`` writes it all at once.

A rehearsal runs on a clock of its own (``warroom.domain.rehearsal``): every write is stamped
with its *scripted* time, and dashboards on the file tell time by the same clock, so trends,
spikes, clocks and the review come out the same at any speed. ``rehearse`` creates the file
(the bundled sample, or ``--incident FILE``, moved so detection is the script's start) and
marks it as a rehearsal: every screen on it shows REHEARSAL. It refuses to play into a
database without that mark unless told ``--into-live`` (then only at ``--speed 1``, under an
operator name that says "rehearsal").

Script format (``warroom/data/rehearsal_breach.json`` is the shipped example)::

    {"format": 1, "title": "…", "operator": "rehearsal",
     "events": [
       {"after": "5m", "inquiry": {"channel": "phone", "count": 3, "topic": "card"}},
       {"after": "12m", "mention": {"feed": "alerts-northwind", "title": "…",
                                    "url": "https://…", "summary": "…", "author": "…"}},
       {"after": "20m", "note": "Press office: Reuters called."}
     ]}

``after`` is a duration like ``90s``, ``5m``, ``2h`` (events are played in ``after`` order).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from warroom.domain.clock import Clock, system_clock, utc
from warroom.domain.incident import Incident
from warroom.domain.mentions import Mention
from warroom.domain.rehearsal import REHEARSAL_OPERATOR, RehearsalClock, rehearsal_operator
from warroom.domain.text import inert
from warroom.incident_file import IncidentFileError, load_incident
from warroom.incident_file.bounded import read_bounded
from warroom.incident_file.fields import Fields
from warroom.incident_file.rebase import rebased_to
from warroom.resources import sample_incident_path
from warroom.service import WarRoomService
from warroom.store.errors import StoreError
from warroom.store.rehearsal import mark_rehearsal, read_rehearsal
from warroom.store.repository import WarRoomRepository

__all__ = [
    "ScriptEvent",
    "Script",
    "parse_script",
    "load_script",
    "replay",
    "open_for_rehearsal",
    "run_rehearse",
]

SHIPPED_SCRIPT = "rehearsal_breach.json"
_AFTER = re.compile(r"^(\d+)\s*(s|m|h)$")


@dataclass(frozen=True)
class ScriptEvent:
    """One thing that arrives during the rehearsal."""

    after: timedelta
    kind: str
    """``inquiry``, ``mention`` or ``note``."""
    data: dict[str, Any]


@dataclass(frozen=True)
class Script:
    """A parsed rehearsal script."""

    title: str
    operator: str
    events: tuple[ScriptEvent, ...]

    @property
    def duration(self) -> timedelta:
        """When the last event arrives."""
        return max((e.after for e in self.events), default=timedelta(0))


def _after(fields: Fields) -> timedelta:
    text = fields.string("after")
    match = _AFTER.match(text)
    if not match:
        raise fields.error("after", f"{text!r}: use a duration like 90s, 5m or 2h")
    unit = {"s": 1, "m": 60, "h": 3600}[match.group(2)]
    return timedelta(seconds=int(match.group(1)) * unit)


def parse_script(source: str, data: object) -> Script:
    """Validate a rehearsal script; errors name the JSON path."""
    root = Fields(source, "$", data)
    root.integer("format", required=False, default=1, minimum=1)
    title = root.string("title")
    operator = root.string("operator", required=False, default="rehearsal")
    root.string("about", required=False)
    events: list[ScriptEvent] = []
    for event in root.objects("events", required=True):
        after = _after(event)
        kinds = [k for k in ("inquiry", "mention", "note") if event.has(k)]
        if len(kinds) != 1:
            raise event.error(None, "give exactly one of: inquiry, mention, note")
        kind = kinds[0]
        if kind == "note":
            events.append(ScriptEvent(after, kind, {"text": event.string("note")}))
        elif kind == "inquiry":
            body = event.object("inquiry")
            assert body is not None
            data_ = {
                "channel": body.string("channel"),
                "count": body.integer("count", required=False, default=1, minimum=1),
                "topic": body.string("topic", required=False, empty=True),
            }
            body.done()
            events.append(ScriptEvent(after, kind, data_))
        else:
            body = event.object("mention")
            assert body is not None
            url = body.string("url")
            if not re.match(r"^https?://\S+$", url):
                raise body.error("url", f"{url!r} must be an http(s) URL")
            data_ = {
                "feed": body.string("feed"),
                "title": body.string("title"),
                "url": url,
                "summary": body.string("summary", required=False, empty=True),
                "author": body.string("author", required=False, empty=True),
            }
            body.done()
            events.append(ScriptEvent(after, kind, data_))
        event.done()
    root.done()
    if not events:
        raise root.error("events", "must list at least one event")
    return Script(title, operator, tuple(sorted(events, key=lambda e: e.after)))


def load_script(path: Path | None) -> Script:
    """Read a script file, or the shipped one when ``path`` is ``None``."""
    if path is None:
        text = files("warroom.data").joinpath(SHIPPED_SCRIPT).read_text(encoding="utf-8")
        source = SHIPPED_SCRIPT
    else:
        source = str(path)
        try:
            text = read_bounded(path, what="a rehearsal script").decode("utf-8")
        except UnicodeDecodeError as error:
            raise IncidentFileError(source, "$", f"cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IncidentFileError(source, "$", f"is not valid JSON: {error.msg}") from None
    return parse_script(source, data)


def _mention(data: dict[str, Any], now: datetime) -> Mention:
    url = data["url"]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return Mention(
        id=f"rh-{digest}",
        feed_id=data["feed"],
        title=inert(data["title"], limit=300),
        url=url,
        published=now,
        fetched_at=now,
        summary=inert(data["summary"]),
        author=inert(data["author"], limit=120),
        domain=urlsplit(url).hostname or "",
        entry_id=f"rehearsal:{url}",
    )


def _check_against(script: Script, incident: Incident) -> None:
    """Refuse a script naming channels or feeds the incident does not have, before writing."""
    feeds = {f.id for f in incident.feeds}
    for index, event in enumerate(script.events):
        if event.kind == "inquiry" and incident.channel(event.data["channel"]) is None:
            raise StoreError(f"script event {index}: no channel {event.data['channel']!r}")
        if event.kind == "mention" and event.data["feed"] not in feeds:
            raise StoreError(f"script event {index}: no feed {event.data['feed']!r}")


def _rehearsal_service(repo: WarRoomRepository, operator: str, clock: Clock) -> WarRoomService:
    """The service a rehearsal writes through, as an operator whose name says "rehearsal"."""
    return WarRoomService(repo, operator=rehearsal_operator(operator), clock=clock)


def replay(
    script: Script,
    repo: WarRoomRepository,
    *,
    clock: RehearsalClock,
    wall: Clock = system_clock,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[ScriptEvent], None] | None = None,
    operator: str | None = None,
) -> int:
    """Play the script into ``repo`` on ``clock``; return the number of events written.

    Each event is stamped with its scripted moment (``clock.sim_start`` + ``after``), whatever
    the speed: the replay only waits, by the ``wall`` clock, until that moment comes round.

    Args:
        operator: Who the records are by (default: the script's operator, marked as a
            rehearsal's so that its records stay apart from anyone's real work).
    """
    _check_against(script, repo.incident())
    moment = [clock.sim_start]  # the service's clock: each event's scripted moment
    service = _rehearsal_service(repo, operator or script.operator, lambda: moment[0])
    for event in script.events:
        at = moment[0] = clock.sim_start + event.after
        wait = (clock.wall_for(at) - wall()).total_seconds()
        if wait > 0:
            sleep(wait)
        if event.kind == "inquiry":
            service.count(
                event.data["channel"], topic=event.data["topic"], count=event.data["count"]
            )
        elif event.kind == "mention":
            service.save_poll([_mention(event.data, at)], [])
        else:
            service.note(event.data["text"])
        if progress:
            progress(event)
    return len(script.events)


def _new_rehearsal_room(
    db: Path, script: Script, incident: Path | None, clock: RehearsalClock
) -> None:
    """Create a rehearsal database: the incident file moved so detection is the script's start."""
    path = incident or sample_incident_path()
    _check_against(script, load_incident(path))  # before the file exists: a retry starts clean
    data = json.loads(path.read_text(encoding="utf-8"))
    repo = WarRoomRepository.open(db, create=True)
    try:
        with repo.transaction():
            moved = rebased_to(data, clock.sim_start)
            repo.import_incident(moved, REHEARSAL_OPERATOR, clock.sim_start, source=str(path))
            mark_rehearsal(repo, clock, REHEARSAL_OPERATOR)
    except BaseException:
        repo.close()
        raise
    repo.close()


def open_for_rehearsal(
    db: Path,
    script: Script,
    clock: RehearsalClock,
    *,
    into_live: bool,
    incident: Path | None = None,
) -> WarRoomRepository:
    """The database to play into: a new rehearsal one, or a live one only when asked.

    Raises:
        StoreError: ``db`` is not a rehearsal database and ``into_live`` was not given; it
            already holds a rehearsal; or a live database was asked for at a speed other
            than 1 (its dashboards run on the wall clock: scripted times would be in the future).
    """
    if not db.exists():
        _new_rehearsal_room(db, script, incident, clock)
        return WarRoomRepository.open(db)
    repo = WarRoomRepository.open(db)
    try:
        if read_rehearsal(repo) is not None:
            raise StoreError(
                f"{db}: already holds a rehearsal; play again into a new file (--db NEW.json)"
            )
        if not into_live:
            raise StoreError(
                f"{db}: is not a rehearsal database, and a rehearsal would mix its counts with "
                "real ones; rehearse into a new file (--db rehearsal.json), or pass --into-live"
            )
        if clock.speed != 1:
            raise StoreError("--into-live plays at --speed 1 only: a live room runs on real time")
    except BaseException:
        repo.close()
        raise
    return repo


def run_rehearse(
    script_path: Path | None,
    db: Path,
    *,
    speed: float = 1.0,
    into_live: bool = False,
    incident: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    wall: Clock = system_clock,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """The sub-command: 0 when the whole script played, 2 for a bad script or database.

    130 when stopped with ctrl+c.
    """
    out, err = out or sys.stdout, err or sys.stderr
    try:
        script = load_script(script_path)
        start = utc(wall()).replace(microsecond=0)
        clock = RehearsalClock(script.title, start, start, speed, script.duration)
        repo = open_for_rehearsal(Path(db), script, clock, into_live=into_live, incident=incident)
    except (IncidentFileError, StoreError, ValueError) as error:
        print(f"warroom rehearse: {error}", file=err)
        return 2
    try:
        minutes = (clock.wall_end - clock.wall_start).total_seconds() / 60
        where = "the LIVE database" if into_live else "a rehearsal database"
        print(
            f"Rehearsal: {script.title} ({len(script.events)} events, "
            f"{script.duration} of scripted time in ~{minutes:.0f} min, into {where} {db})",
            file=out,
        )
        if into_live:
            _rehearsal_service(repo, script.operator, lambda: clock.sim_start).note(
                f"Rehearsal into the live database begins: {script.title}"
            )

        def show(event: ScriptEvent) -> None:
            what = event.data.get("title") or event.data.get("text") or event.data.get("channel")
            print(f"  +{event.after} {event.kind}: {inert(what, limit=70)}", file=out)

        count = replay(script, repo, clock=clock, wall=wall, sleep=sleep, progress=show)
    except (StoreError, ValueError) as error:
        print(f"warroom rehearse: {error}", file=err)
        return 2
    except KeyboardInterrupt:
        print("warroom rehearse: stopped", file=err)
        return 130
    finally:
        repo.close()
    print(f"Done: {count} events played.", file=out)
    return 0
