"""The incident file's ``roles`` section: who signs off, and what each message kind needs.

    "roles": {
      "holders": {
        "comms-lead": {"name": "Comms lead", "operators": ["ana"], "may_approve_own_text": true},
        "legal":      {"name": "Legal counsel", "operators": ["lee"]}
      },
      "approve": {"notice": ["legal", "comms-lead"], "faq": ["comms-lead"]}
    }

Role ids are lower-case words with dashes; every role named in ``approve`` must be declared
in ``holders``; the kinds are the message kinds (``regulator`` for regulator filings). A file
without the section requires no approvals.
"""

from __future__ import annotations

import re

from warroom.domain.roles import NO_SIGNOFF, SIGNOFF_KINDS, Role, Signoff
from warroom.incident_file.fields import Fields
from warroom.incident_file.gates import string_lists

__all__ = ["parse_roles", "signoff_for"]

_ROLE_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


def parse_roles(source: str, raw: object) -> Signoff:
    """Validate the section into a ``Signoff``."""
    section = Fields(source, "$.roles", raw)
    holders = section.object("holders", required=True)
    assert holders is not None
    roles: dict[str, Role] = {}
    for role_id in list(holders.data):
        if not _ROLE_ID.match(role_id):
            raise holders.error(role_id, "a role id is lower-case letters, digits and dashes")
        entry = holders.object(role_id, required=True)
        assert entry is not None
        roles[role_id] = Role(
            role_id,
            entry.string("name", required=False, default=role_id),
            entry.strings("operators", required=True),
            entry.boolean("may_approve_own_text"),
        )
        entry.done()
    holders.done()
    required = string_lists(
        section, "approve", SIGNOFF_KINDS, roles, "a role declared in $.roles.holders"
    )
    section.done()
    return Signoff(roles, required)


def signoff_for(declared: object) -> Signoff:
    """The sign-off rules in force: the file's, or none."""
    return declared if isinstance(declared, Signoff) else NO_SIGNOFF
