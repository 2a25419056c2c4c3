"""The rules' names the stored incident's ``drafting`` section is validated against before the
first frame (``rule_names``) are the rule book's own: the same profiles, tables and rule ids."""

from __future__ import annotations

from warroom.domain.checks import load_rulebook
from warroom.domain.notice_checks.rule_names import profile_ids, promotable_ids


def test_the_profiles_are_the_rule_books() -> None:
    book = load_rulebook()
    assert profile_ids() == {table.id for table in book.profiles}
    assert {"california", "gdpr", "massachusetts"} <= profile_ids()
    assert not profile_ids() & set(book.always)


def test_what_may_be_promoted_is_every_table_and_rule_of_the_book() -> None:
    book = load_rulebook()
    rules = {rule.id for table in book.tables.values() for rule in table.rules}
    assert promotable_ids() == set(book.tables) | rules
    assert len(rules) > len(book.tables)  # rules are named, not only their tables
