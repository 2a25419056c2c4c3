"""Property-based fuzzing of every parser at the boundary (Hypothesis).

Any input gives a result or the project's own error (``UserError``), never another exception,
and within ``FUZZ_BOUND`` seconds. CI runs the short ``ci`` profile (tests/boundary/conftest.py);
``HYPOTHESIS_PROFILE=local pytest tests/boundary/test_fuzz.py`` runs 3,000 examples per target.
Examples Hypothesis found are kept below as ``@example``s, so they run on every profile.
"""

from __future__ import annotations

import copy
import json
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import example, given
from hypothesis import strategies as st

from warroom.domain.errors import UserError
from warroom.domain.ignore_rules import parse_rule
from warroom.domain.incident import Channel
from warroom.domain.inquiry_import import parse_inquiry_csv
from warroom.domain.mentions import Mention
from warroom.domain.text import _UNSAFE, for_terminal, inert
from warroom.incident_file.bounded import decode_strict
from warroom.incident_file.loader import parse_incident
from warroom.resources import sample_incident_path
from warroom.store.repository import WarRoomRepository

T = TypeVar("T")

FUZZ_BOUND = 2.0
"""Seconds one input may take, at most, in any target."""

SAMPLE: dict[str, Any] = json.loads(sample_incident_path().read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CHANNELS = (Channel("phone", "Phone", "1"), Channel("email", "E-mail", "2"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=25,
)


def _bounded(call: Callable[[], T]) -> T | UserError:
    """Run ``call``; a ``UserError`` is a fine answer, anything else fails; so does slowness."""
    started = time.monotonic()
    try:
        result: T | UserError = call()
    except UserError as error:
        result = error
    assert time.monotonic() - started < FUZZ_BOUND
    return result


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


SAMPLE_PATHS = _paths(SAMPLE)[1:]


def _mutated(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@given(st.binary(max_size=2000))
@example(b'{"format": ' + b"9" * 5000 + b"}")
@example(b'{"a": NaN}')
@example(b"[" * 100_000)
def test_fuzz_incident_file_bytes(raw: bytes) -> None:
    _bounded(lambda: parse_incident("fuzz.json", decode_strict("fuzz.json", raw)))


@given(st.sampled_from(SAMPLE_PATHS), json_values)
@example(("incident", "detected_at"), "9999-12-31T23:59:59+00:00")
@example(("incident", "detected_at"), "0001-01-01T00:00:00-14:00")
@example(("checklist", 0, "due"), 10**15)
@example(("feeds", 0, "url"), "http://[::1")
def test_fuzz_incident_file_mutations(path: tuple[Any, ...], value: Any) -> None:
    text = json.dumps(_mutated(path, value))
    _bounded(lambda: parse_incident("fuzz.json", decode_strict("fuzz.json", text.encode())))


@given(st.text(max_size=3000), st.one_of(st.none(), st.integers(0, 500)))
@example("\x1b]52;c;eA==\x07\u202e\x9b", 10)
def test_fuzz_sanitiser(text: str, limit: int | None) -> None:
    clean = _bounded(lambda: inert(text, limit=limit, keep_newlines=True))
    assert isinstance(clean, str)
    assert not _UNSAFE.search(clean)
    assert limit is None or len(clean) <= max(limit, 1)
    assert inert(clean, limit=None, keep_newlines=True) == clean, "idempotent"
    assert not _UNSAFE.search(for_terminal(text))


MENTION = Mention("m", "f", "t" * 50, "https://example.com/" + "a" * 50, NOW, NOW, "s" * 500)


@given(st.text(max_size=200))
@example("re:(a+)+$")
@example("/(a|aa)*b/")
@example("re:" + "(" * 500)
def test_fuzz_ignore_rules(text: str) -> None:
    rule = _bounded(lambda: parse_rule(text))
    if not isinstance(rule, UserError):
        _bounded(lambda: rule.matches(MENTION))


csv_cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


@given(st.lists(st.lists(csv_cells, max_size=5), max_size=20))
@example([["timestamp", "channel", "count"], ["0001-01-01T00:00:00-14:00", "phone", "1"]])
@example([["timestamp", "channel", "count"], ["2026-11-27T01:00:00Z", "phone", "9" * 5000]])
@example([["timestamp", "channel", "count"], ["2026-11-27T01:00:00Z", "phone", "²"]])
def test_fuzz_inquiry_csv(rows: list[list[str]]) -> None:
    text = "\n".join(",".join(row) for row in rows)
    _bounded(lambda: parse_inquiry_csv(text, CHANNELS, NOW))


@given(st.binary(max_size=1500))
@example(b'{"meta": {"1": {"app": "warroom", "kind": "main", "schema_version": 1}}, "ticks": 3}')
def test_fuzz_database_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "warroom.json"
        db.write_bytes(raw)

        def load() -> object:
            repo = WarRoomRepository.open(db)
            try:
                return repo.snapshot()
            finally:
                repo.close()

        _bounded(load)


def _sample_files() -> dict[str, Any]:
    """A real database (sample incident, three mentions, a tick) as {file name: JSON}, built
    once: every example's draws then depend on this constant, never on a fresh build."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "warroom.json"
        repo = WarRoomRepository.open(db, create=True)
        try:
            repo.import_incident(copy.deepcopy(SAMPLE), "ana", NOW, source="sample")
            repo.add_new_mentions(
                Mention(f"m{n}", "alerts-northwind", "t", f"https://e.com/{n}", NOW, NOW)
                for n in range(3)
            )
            repo.set_tick(SAMPLE["checklist"][0]["id"], True, "ana", NOW)
        finally:
            repo.close()
        return {
            path.name: json.loads(path.read_text("utf-8"))
            for path in sorted(Path(folder).glob("warroom*.json"))
        }


SAMPLE_DB = _sample_files()


@given(st.data())
def test_fuzz_database_documents(data: st.DataObject) -> None:
    """A valid database with one document's field deleted or replaced by anything still opens."""
    files = copy.deepcopy(SAMPLE_DB)
    content = files[data.draw(st.sampled_from(sorted(files)))]
    table = data.draw(st.sampled_from([t for t in content if t != "meta" and content[t]]))
    doc = content[table][data.draw(st.sampled_from(sorted(content[table])))]
    if isinstance(doc, dict) and doc:
        key = data.draw(st.sampled_from(sorted(doc)))
        if data.draw(st.booleans()):
            del doc[key]
        else:
            doc[key] = data.draw(json_values)
    with tempfile.TemporaryDirectory() as folder:
        for name, written in files.items():
            (Path(folder) / name).write_text(json.dumps(written), encoding="utf-8")

        def load() -> object:
            repo = WarRoomRepository.open(Path(folder) / "warroom.json")
            try:
                return repo.snapshot(), repo.feed_states(), repo.quarantined()
            finally:
                repo.close()

        _bounded(load)
