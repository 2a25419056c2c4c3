"""The packaged notice rules as read from ``warroom/data/notice_rules.json``, and the names in
them an incident file may use (profiles, tables, rule ids).

Kept apart from ``rulebook`` so that validating a stored incident's ``drafting`` section, which
happens before the dashboard's first frame, reads the names without building the rule book or
loading the checks; ``rulebook.load_rulebook`` builds the book from the same data.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from warroom.data import packaged_text

__all__ = ["rules_data", "profile_ids", "promotable_ids"]


@lru_cache(maxsize=1)
def rules_data() -> dict[str, Any]:
    """The rules file's JSON, read once (never changed by its readers)."""
    data: dict[str, Any] = json.loads(packaged_text("notice_rules.json"))
    return data


def profile_ids() -> frozenset[str]:
    """The jurisdiction profiles an incident file may select: every table not always applied."""
    data = rules_data()
    always = set(data["always"])
    return frozenset(table for table in data["tables"] if table not in always)


def promotable_ids() -> frozenset[str]:
    """What ``drafting.promote`` may name: a rule table, or one rule of any table."""
    tables: dict[str, Any] = rules_data()["tables"]
    return frozenset(tables) | {rule["id"] for table in tables.values() for rule in table["rules"]}
