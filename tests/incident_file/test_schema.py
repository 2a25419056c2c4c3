"""The JSON Schema in schema/ describes the incident file the loader accepts, no more, no less.

Editors validate against the schema while preparing; warroom validates with the loader during
the breach. If they disagree, a file that looked fine in the editor is refused at the worst
moment, so most cases here run through both and require the same verdict.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from warroom.incident_file import IncidentFileError, parse_incident
from warroom.resources import schema_path

Data = dict[str, Any]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def schema() -> Data:
    loaded: Data = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: Data) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def loader_accepts(data: Data) -> bool:
    try:
        parse_incident("test", data)
    except IncidentFileError:
        return False
    return True


def test_schema_is_a_valid_draft_2020_12_schema(schema: Data) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_sample_validates(validator: jsonschema.Draft202012Validator, sample_data: Data) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(sample_data)]
    assert errors == []


def test_sample_points_editors_at_the_schema(sample_data: Data) -> None:
    """The sample's ``$schema`` is relative to the checkout, where people edit it."""
    assert (ROOT / sample_data["$schema"]).resolve() == (ROOT / "schema" / "incident.schema.json")


def _walk_objects(schema: Data, node: Data, path: str) -> list[tuple[str, Data]]:
    """Every object schema reachable from ``node``, with the JSON path it describes."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    found: list[tuple[str, Data]] = []
    if "properties" in node:
        found.append((path, node))
        for key, child in node["properties"].items():
            found.extend(_walk_objects(schema, child, f"{path}.{key}"))
    if isinstance(node.get("items"), dict):
        found.extend(_walk_objects(schema, node["items"], f"{path}[0]"))
    return found


def _resolve(data: Any, path: str) -> list[Any]:
    """Every value at ``$.a.b[0].c`` in ``data``, ``[0]`` standing for each item of a list."""
    found = [data]
    for part in path.replace("[0]", ".#").split(".")[1:]:
        step: list[Any] = []
        for value in found:
            if part == "#":
                step.extend(value if isinstance(value, list) else [])
            elif isinstance(value, dict) and value.get(part) is not None:
                step.append(value[part])
        found = step
    return found


NOT_IN_SAMPLE = {"$.facts": {"notice_date"}, "$.regulatory": {"pauses", "closures"}}
"""Keys the sample leaves out on purpose (no notice has gone out yet); ACCEPTED sets them."""


def test_every_object_refuses_unknown_keys_like_the_loader(
    schema: Data, validator: jsonschema.Draft202012Validator, sample_data: Data
) -> None:
    objects = _walk_objects(schema, schema, "$")
    assert len(objects) >= 8  # root, incident, facts, teams, qa, channels, checklist, feeds
    for path, node in objects:
        assert node.get("additionalProperties") is False, path
        data = copy.deepcopy(sample_data)
        targets = _resolve(data, path)
        assert targets and isinstance(targets[0], dict), f"the sample has nothing at {path}"
        targets[-1]["colour"] = "red"
        assert not validator.is_valid(data), path
        assert not loader_accepts(data), path


def test_sample_uses_every_key_the_schema_lists(schema: Data, sample_data: Data) -> None:
    """With the sample loading and validating, this ties the schema's keys to the loader's."""
    for path, node in _walk_objects(schema, schema, "$"):
        used = {key for target in _resolve(sample_data, path) for key in target}
        listed = set(node["properties"]) - NOT_IN_SAMPLE.get(path, set())
        assert listed <= used, f"{path}: the sample lacks {sorted(listed - used)}"


def _set(path: list[str | int], value: object) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[str | int]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _sample_drafting(data: Data) -> None:
    text = resources.files("warroom.data").joinpath("sample_drafting.json").read_text("utf-8")
    data["drafting"] = json.loads(text)


REJECTED: list[tuple[str, Callable[[Data], None]]] = [
    ("wrong type", _set(["facts", "customers_affected"], "many")),
    ("negative count", _set(["facts", "customers_affected"], -1)),
    ("missing field", _delete(["facts", "hotline"])),
    ("missing section", _delete(["checklist"])),
    ("null required field", _set(["incident", "title"], None)),
    ("blank field", _set(["incident", "summary"], " ")),
    ("misspelt key", _set(["facts", "suport_email"], "help@example.com")),
    ("bad severity", _set(["incident", "severity"], "apocalyptic")),
    ("bad status", _set(["incident", "status"], "panicking")),
    ("bad step", _set(["checklist", 0, "step"], "panic")),
    ("date that is not a date", _set(["incident", "detected_at"], "last tuesday")),
    ("upper-case id", _set(["incident", "id"], "NW-2026")),
    ("id too long", _set(["checklist", 0, "id"], "a" * 65)),
    ("channel key is a letter", _set(["channels", 0, "key"], "p")),
    ("channel key of two characters", _set(["channels", 0, "key"], "12")),
    ("channel key is a space", _set(["channels", 0, "key"], " ")),
    ("channel key is a control character", _set(["channels", 0, "key"], "\u0007")),
    ("empty checklist", _set(["checklist"], [])),
    ("no channels", _set(["channels"], [])),
    ("no data affected", _set(["facts", "data_affected"], [])),
    ("bad duration", _set(["checklist", 1, "due"], "soon")),
    ("duration with a space", _set(["checklist", 1, "due"], "90 m")),
    ("negative duration", _set(["checklist", 1, "due"], -5)),
    ("absurd duration in minutes", _set(["checklist", 1, "due"], 10**20)),
    ("duration as true", _set(["checklist", 1, "due"], True)),
    ("faq url not http", _set(["facts", "faq_url"], "www.example.com/faq")),
    ("sender not an address", _set(["facts", "sender_address"], "security team")),
    ("feed url with a space", _set(["feeds", 0, "url"], "https://example.com/a feed")),
    ("feed polled too often", _set(["feeds", 0, "poll_seconds"], 5)),
    ("empty keyword", _set(["keywords"], ["breach", ""])),
    ("newer format", _set(["format"], 2)),
    ("qa without an answer", _delete(["teams", 0, "qa", 0, "answer"])),
    ("teams as an object", _set(["teams"], {"id": "x"})),
    ("drafting as a list", _set(["drafting"], [])),
    ("regulatory as a string", _set(["regulatory"], "gdpr")),
    ("top level key unknown", _set(["owner"], "kim")),
    ("unknown regime", _set(["regulatory", "regimes", "ccpa"], {"applies": True})),
    ("state code in lower case", _set(["regulatory", "residents", "ca"], 3)),
    ("negative residents", _set(["regulatory", "residents", "CA"], -1)),
    ("unknown trigger", _set(["regulatory", "triggers", "aware"], "2026-11-26T22:40:00Z")),
    (
        "trigger note without why",
        _set(["regulatory", "triggers", "classified_major"], {"set_by": "x"}),
    ),
    ("review date not a date", _set(["regulatory", "rules_review", "reviewed_on"], "last week")),
]

ACCEPTED: list[tuple[str, Callable[[Data], None]]] = [
    ("the sample as it is", lambda data: None),
    ("due in minutes as a number", _set(["checklist", 0, "due"], 90)),
    ("due in days", _set(["checklist", 0, "due"], "2d")),
    ("due zero", _set(["checklist", 0, "due"], 0)),
    ("no due time", _delete(["checklist", 0, "due"])),
    ("date without a zone", _set(["incident", "detected_at"], "2026-11-26T22:40:00")),
    ("date with an offset", _set(["incident", "detected_at"], "2026-11-27T00:40:00+02:00")),
    ("date with fractions", _set(["incident", "detected_at"], "2026-11-26T22:40:00.250Z")),
    ("optional null", _set(["facts", "customers_affected"], None)),
    ("optional lead null", _set(["teams", 0, "lead"], None)),
    (
        "no teams",
        lambda data: (data.pop("teams"), [i.pop("team", None) for i in data["checklist"]]),
    ),
    ("no feeds", _delete(["feeds"])),
    ("no keywords", _delete(["keywords"])),
    ("no format", _delete(["format"])),
    ("channel key a symbol", _set(["channels", 0, "key"], "#")),
    ("law enforcement delay", _set(["facts", "law_enforcement_delay"], True)),
    ("notice date", _set(["facts", "notice_date"], "2026-11-27T10:00:00Z")),
    (
        "a law-enforcement pause",
        _set(
            ["regulatory", "pauses"],
            [
                {
                    "kind": "law-enforcement",
                    "clocks": ["us-ca-individuals"],
                    "start": "2026-11-28T00:00:00Z",
                    "set_by": "counsel",
                }
            ],
        ),
    ),
    (
        "a closure",
        _set(
            ["regulatory", "closures"],
            [{"calendar": "us-federal", "date": "2026-12-24", "why": "executive order"}],
        ),
    ),
    ("no drafting section", _delete(["drafting"])),
    ("no regulatory section", _delete(["regulatory"])),
    ("sample drafting section", _sample_drafting),
]


@pytest.mark.parametrize("change", [c for _, c in REJECTED], ids=[n for n, _ in REJECTED])
def test_schema_and_loader_both_refuse(
    validator: jsonschema.Draft202012Validator, sample_data: Data, change: Callable[[Data], None]
) -> None:
    change(sample_data)
    assert not validator.is_valid(sample_data), "the schema lets it through"
    assert not loader_accepts(sample_data), "the loader lets it through"


@pytest.mark.parametrize("change", [c for _, c in ACCEPTED], ids=[n for n, _ in ACCEPTED])
def test_schema_and_loader_both_accept(
    validator: jsonschema.Draft202012Validator, sample_data: Data, change: Callable[[Data], None]
) -> None:
    change(sample_data)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(sample_data)]
    assert errors == [], "the schema refuses it"
    parse_incident("test", sample_data)  # raises if the loader refuses it


def test_schema_says_what_only_the_loader_checks(schema: Data) -> None:
    """Uniqueness, cross-references and real calendar dates are beyond a schema: it must say so."""
    description = schema["description"]
    for words in ("unique", "team", "calendar", "discovered_at"):
        assert words in description, words


def test_schema_names_the_regimes_and_triggers_of_the_rules_file(schema: Data) -> None:
    rules = json.loads(resources.files("warroom.data").joinpath("clock_rules.json").read_text())
    regulatory = schema["properties"]["regulatory"]["properties"]
    assert regulatory["regimes"]["propertyNames"]["enum"] == list(rules["regimes"])
    assert regulatory["triggers"]["propertyNames"]["enum"] == list(rules["triggers"])
