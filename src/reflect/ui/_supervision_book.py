"""What the supervision apps read from the workbook: every agreement's and record's content as
saved, the records as the model reads them, and an organisation's own agreement templates."""

from __future__ import annotations

import logging
from typing import Literal, TypeVar

from pydantic import ValidationError

from reflect.layout import Supervision
from reflect.model.supervision_agreement import Agreement, AgreementTemplate
from reflect.model.supervision_record import SessionRecord
from reflect.store import JSONValue, Store

_log = logging.getLogger(__name__)
M = TypeVar("M", Agreement, SessionRecord)


def saved_contents(
    store: Store, kind: Literal["agreement", "record"]
) -> dict[str, dict[str, JSONValue]]:
    """Every agreement's (or record's) content as last saved, by its id."""
    prefix = Supervision.AGREEMENTS if kind == "agreement" else Supervision.RECORDS
    return {
        item.removeprefix(prefix): revision.value
        for item, revision in store.latest_many(Supervision.TOOL, prefix).items()
        if Supervision.is_content(item) and isinstance(revision.value, dict)
    }


def saved_agreements(store: Store) -> list[Agreement]:
    """The agreements that can be read (one being written may not be complete yet)."""
    return _valid(Agreement, saved_contents(store, "agreement"))


def saved_records(store: Store) -> list[SessionRecord]:
    """The session records that can be read (one being written may not be complete yet)."""
    return _valid(SessionRecord, saved_contents(store, "record"))


def _valid(model: type[M], values: dict[str, dict[str, JSONValue]]) -> list[M]:
    found = []
    for entry_id, value in values.items():
        try:
            found.append(model.model_validate(value))
        except ValidationError:
            _log.info("%s %s is not complete yet", model.__name__, entry_id)
    return found


def load_org_templates(store: Store) -> dict[str, AgreementTemplate]:
    """The organisation's templates loaded into this workbook, by id."""
    found = {}
    prefix = Supervision.AGREEMENT_TEMPLATES
    for item, revision in store.latest_many(Supervision.TOOL, prefix).items():
        try:
            template = AgreementTemplate.model_validate(revision.value)
        except ValidationError:
            _log.warning("ignoring an unreadable agreement template in %s", item)
            continue
        found[template.id] = template
    return found


def save_org_template(store: Store, template: AgreementTemplate) -> None:
    store.save(
        Supervision.TOOL,
        Supervision.agreement_template(template.id),
        template.model_dump(mode="json"),
    )
