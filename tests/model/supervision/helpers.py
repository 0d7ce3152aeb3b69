"""A supervisor and supervisee's workbook, as the pages would save it: an agreement and three
session records, each signed by both, for the book, audit, export and command tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from reflect import frameworks
from reflect.layout import Supervision
from reflect.model.signoff import SignerRole, sign, statement
from reflect.model.supervision_agreement import start_agreement
from reflect.store import Store

SUPERVISOR, SUPERVISEE = "Sam Okafor", "Ali Khan"
MADE_ON = date(2026, 1, 5)
SESSIONS = (date(2026, 1, 12), date(2026, 4, 10), date(2026, 7, 20))  # the third is late


def agreement_content() -> dict[str, Any]:
    template = frameworks.supervision_forms().agreement_template("hwccg-contract")
    agreement = start_agreement(
        template,
        agreement_id="a1",
        supervisor=SUPERVISOR,
        supervisee=SUPERVISEE,
        made_on=MADE_ON,
    )
    return agreement.model_dump(mode="json", exclude_defaults=True)


def record_content(number: int, held_on: date, **fields: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "id": f"r{number}",
        "kind": "child-family",
        "supervisor": SUPERVISOR,
        "supervisee": SUPERVISEE,
        "held_on": held_on.isoformat(),
        "case": "Child A",
        "answers": {"progressing": "no", "why-not": "No home visit since December."},
        "agenda": [
            {"title": "Child A's plan", "function": "management"},
            {"title": "How the visits feel", "function": "support"},
        ],
        "actions": [
            {
                "id": f"visit-{number}",
                "who": SUPERVISEE,
                "what": "Joint home visit",
                "outcome_for_child": "Child A is seen at home",
                "review_on": (held_on + timedelta(days=14)).isoformat(),
            }
        ],
    }
    return content | fields


def save_signed(
    store: Store, item: str, content: dict[str, Any], on: date, days_later: int = 1
) -> None:
    store.save(Supervision.TOOL, item, content)
    kind = "agreement" if item.startswith(Supervision.AGREEMENTS) else "record"
    at = datetime.combine(on + timedelta(days=days_later), time(9), tzinfo=UTC)
    roles: tuple[SignerRole, ...] = ("supervisor", "supervisee")
    for role in roles:
        name = SUPERVISOR if role == "supervisor" else SUPERVISEE
        signoff = sign(content, full_name=name, role=role, statement=statement(on, kind), at=at)  # type: ignore[arg-type]
        key = Supervision.signoff(Supervision.prefix(item), role)
        store.save(Supervision.TOOL, key, signoff.model_dump(mode="json"))


def fill(store: Store) -> None:
    """The agreement and three records, all signed by both a day after; then the second
    record is changed after signing."""
    save_signed(store, Supervision.agreement("a1"), agreement_content(), MADE_ON)
    for number, held_on in enumerate(SESSIONS, start=1):
        save_signed(
            store, Supervision.record(f"r{number}"), record_content(number, held_on), held_on
        )
    changed = record_content(2, SESSIONS[1], answers={"progressing": "yes"})
    store.save(Supervision.TOOL, Supervision.record("r2"), changed)
