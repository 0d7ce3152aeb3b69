"""A case's actions agreed in supervision records count in its drift check, by pseudonym."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reflect.layout import Supervision
from reflect.store import Store
from reflect.ui.drift import DriftApp
from tests.model.supervision.helpers import record_content
from tests.ui.drift.app_helpers import TODAY


def test_an_overdue_action_from_a_supervision_record_makes_the_case_drift(
    make_app: Callable[..., DriftApp], store: Store
) -> None:
    # Agreed in supervision on 2 February, to be reviewed 14 days later: overdue by 2 March.
    held_on = date(2026, 2, 2)
    store.save(Supervision.TOOL, Supervision.record("r1"), record_content(1, held_on))
    app = make_app()
    app.pseudonym.box.value = "Child A"

    shown = app.view.check()

    assert "actions-past-due" in {reason.indicator_id for reason in shown.reasons}
    assert "Joint home visit" in app.view.result.value
    assert held_on.replace(day=16) < TODAY


def test_another_cases_supervision_actions_do_not_count(
    make_app: Callable[..., DriftApp], store: Store
) -> None:
    store.save(Supervision.TOOL, Supervision.record("r1"), record_content(1, date(2026, 2, 2)))
    app = make_app()
    app.pseudonym.box.value = "Child B"

    shown = app.view.check()

    assert "actions-past-due" not in {reason.indicator_id for reason in shown.reasons}
    assert "Joint home visit" not in app.view.result.value
