"""What the supervision apps read from the workbook: every agreement's and record's content as
saved, the records as the model reads them, and an organisation's own agreement templates."""

from __future__ import annotations

import logging
from typing import Literal, TypeVar

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


def save_org_template(store: Store, template: AgreementTemplate) -> None:
    store.save(
        Supervision.TOOL,
        Supervision.agreement_template(template.id),
        template.model_dump(mode="json"),
    )
