"""``warroom new-incident FILE``: write a starter incident file with the playbook filled in.

Plan ahead: the checklist (the four playbook steps), the customer-facing teams with starter
Q&A, the inquiry channels and the regulatory section are all there to adapt; what only the
company can know is marked ``TODO`` so ``warroom check`` flags it. An existing file is never
overwritten: the file is created exclusively.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from warroom.domain.clock import system_clock
from warroom.incident_file import IncidentFileError, parse_incident

__all__ = ["starter_incident", "run_new_incident"]


def _item(
    item_id: str, step: str, title: str, due: str | None = None, team: str = ""
) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "step": step, "title": title}
    if due:
        item["due"] = due
    if team:
        item["team"] = team
    return item


_TEAMS = [
    ("customer-service", "Customer service", "Is my card / account safe? What should I do now?"),
    ("social", "Social media community managers", "Why did you wait to tell us?"),
    ("sales", "Sales force", "Is it safe to keep ordering?"),
    ("switchboard", "Switchboard operators", "Who do I talk to about the breach?"),
]

_CHECKLIST = [
    _item(
        "notice-what-to-do",
        "tell",
        "Notice says what customers must do to protect themselves",
        "6h",
    ),
    _item(
        "notice-what-happened",
        "tell",
        "Notice says what happened and which information was affected",
        "6h",
    ),
    _item(
        "notice-security-improvements",
        "tell",
        "Notice says how security will be improved, in detail",
        "6h",
    ),
    _item("notice-hotline", "tell", "Hotline number is in the notice e-mail", "6h"),
    _item("faq-published", "tell", "FAQ page published and linked from the notice", "8h"),
    _item("notify-individuals", "tell", "First notice sent to affected customers", "12h"),
    _item("social-posts", "tell", "Same news posted on the company's social channels", "12h"),
    _item("homepage-banner", "tell", "Homepage banner up, pointing to the FAQ", "12h"),
    _item(
        "notify-authority-gdpr", "tell", "Data-protection authority notified (GDPR Art. 33)", "72h"
    ),
    _item("nis2-early-warning-sent", "tell", "NIS2 early warning sent (Art. 23(4)(a))", "24h"),
    _item(
        "nis2-notification-sent", "tell", "NIS2 incident notification sent (Art. 23(4)(b))", "72h"
    ),
    _item("nis2-final-report-sent", "learn", "NIS2 final report sent (Art. 23(4)(d))"),
    _item("sec-8k-filed", "tell", "SEC Form 8-K Item 1.05 filed"),
    _item(
        "notify-ca-attorney-general",
        "tell",
        "Sample notice sent to the California Attorney General",
    ),
    _item("notify-tx-attorney-general", "tell", "Texas Attorney General notified", "30d"),
    _item("hotline-staffed", "prepare", "1-800 hotline staffed and tested", "8h"),
    _item("key-messages", "prepare", "Key messages agreed, the same for every team", "6h"),
    *[
        _item(f"brief-{team_id}", "prepare", f"{name} briefed", "10h", team_id)
        for team_id, name, _ in _TEAMS
    ],
    _item("qa-per-team", "prepare", "Each team has its own Q&A for the questions it hears", "12h"),
    _item(
        "empathy-coaching",
        "prepare",
        "Staff coached on empathy and how seriously we take it",
        "12h",
    ),
    _item(
        "monitoring-set-up",
        "monitor",
        "Alerts and feeds set up for the company and breach keywords",
        "4h",
    ),
    _item(
        "triage-rota",
        "monitor",
        "Triage rota set: every mention ignored, monitored or answered",
        "8h",
    ),
    _item(
        "first-public-response",
        "monitor",
        "First public reply to a customer complaint posted",
        "24h",
    ),
    _item(
        "phishing-warning",
        "monitor",
        "Warned customers about phishing that imitates the notice",
        "24h",
    ),
    _item("review-scheduled", "learn", "Post-incident review meeting scheduled", "7d"),
    _item(
        "review-written",
        "learn",
        "Review written: what happened, what went right, where to improve, next time",
        "14d",
    ),
]


def starter_incident(now: datetime) -> dict[str, Any]:
    """The starter incident file's JSON, detected at ``now``."""
    decide = "TODO: decide with counsel"
    return {
        "format": 1,
        "incident": {
            "id": "todo-incident",
            "title": "TODO: short title of the incident",
            "severity": "high",
            "status": "investigating",
            "detected_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "summary": "TODO: two sentences on what happened, for the header.",
        },
        "facts": {
            "what_happened": "TODO: what happened, in plain words, as customers will read it.",
            "data_affected": ["TODO: e.g. names", "TODO: e.g. e-mail addresses"],
            "what_customers_should_do": "TODO: what customers must do to protect themselves.",
            "what_company_is_doing": "TODO: what we did and are doing about it.",
            "how_security_will_improve": "TODO: how security will be improved, in detail.",
            "hotline": "TODO: 1-800 number",
            "faq_url": "https://www.example.com/security-update",
            "sender_address": "security-update@example.com",
        },
        "teams": [
            {
                "id": team_id,
                "name": name,
                "qa": [{"question": question, "answer": "TODO: this team's answer."}],
            }
            for team_id, name, question in _TEAMS
        ],
        "channels": [
            {"id": "phone", "name": "Phone / switchboard", "key": "1"},
            {"id": "email", "name": "E-mail", "key": "2"},
            {"id": "social", "name": "Social media", "key": "3"},
            {"id": "sales", "name": "Sales force", "key": "4"},
            {"id": "service", "name": "Customer service desk", "key": "5"},
        ],
        "checklist": _CHECKLIST,
        "feeds": [
            {
                "id": "alerts-company",
                "name": "Google Alerts: company name + breach",
                "url": "https://www.google.com/alerts/feeds/TODO/TODO",
                "poll_seconds": 300,
            }
        ],
        "keywords": ["TODO: company name", "breach", "hacked", "leak"],
        "regulatory": {
            "regimes": {
                "gdpr": {"applies": False, "why": decide},
                "nis2": {"applies": False, "why": decide},
                "dora": {"applies": False, "why": decide},
                "sec": {"applies": False, "why": decide},
                "hipaa": {"applies": False, "why": decide},
                "us-states": {"applies": False, "why": decide},
            },
            "triggers": {"became_aware": None, "materiality_determined": None},
            "residents": {},
            "closes": {
                "gdpr-authority": "notify-authority-gdpr",
                "nis2-early-warning": "nis2-early-warning-sent",
                "nis2-notification": "nis2-notification-sent",
                "nis2-final": "nis2-final-report-sent",
                "sec-8k": "sec-8k-filed",
                "us-ca-individuals": "notify-individuals",
                "us-ca-attorney-general": "notify-ca-attorney-general",
                "us-ny-individuals": "notify-individuals",
                "us-tx-individuals": "notify-individuals",
                "us-tx-attorney-general": "notify-tx-attorney-general",
                "us-al-individuals": "notify-individuals",
                "us-az-individuals": "notify-individuals",
                "us-ct-individuals": "notify-individuals",
                "hipaa-individuals": "notify-individuals",
            },
            "notes": "TODO: with counsel, mark each regime that applies and say why.",
        },
    }


def run_new_incident(
    out: Path, *, now: datetime | None = None, stdout: TextIO | None = None
) -> int:
    """Write the starter file to ``out``; refuse (status 2, a user error) if it exists."""
    data = starter_incident(now or system_clock())
    try:
        parse_incident(str(out), data)  # never hand out a starter the loader refuses
    except IncidentFileError as error:  # pragma: no cover - a bug in the starter itself
        print(f"warroom new-incident: internal error: {error}", file=sys.stderr)
        return 1
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        with Path(out).open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"warroom new-incident: {out} already exists; not overwriting it", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"warroom new-incident: cannot write {out}: {error.strerror}", file=sys.stderr)
        return 2
    print(
        f"Wrote {out}. Fill in every TODO, then run `warroom check {out}`.",
        file=stdout or sys.stdout,
    )
    return 0
