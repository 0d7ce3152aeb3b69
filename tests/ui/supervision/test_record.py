"""The session record, headless: the policies' forms, agenda items tagged by function, actions
carried across sessions, the 24-hour reminder, confidentiality exceptions on the escalation
route, a cancelled session, and both parties' signatures."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from reflect.frameworks import supervision_forms
from reflect.layout import Supervision
from reflect.store import Store
from reflect.ui._supervision_rows import ActionRow, AgendaRow
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_record import RecordApp
from tests.ui.supervision.app_helpers import (
    MONDAY,
    SUPERVISEE,
    SUPERVISOR,
    downloaded,
    reopen_records,
    sign_both,
    start_agreement,
    start_record,
    text_of,
    unlabelled_inputs,
)
from tests.ui.today import Calendar


def add_agenda(app: RecordApp, title: str, function: str) -> AgendaRow:
    app.editor.agenda.add_button.click()
    row = app.editor.agenda.rows[-1]
    assert isinstance(row, AgendaRow)
    row.title.value, row.function.value = title, function
    return row


def add_action(app: RecordApp, what: str, review_on: date) -> ActionRow:
    app.editor.actions.add_button.click()
    row = app.editor.actions.rows[-1]
    assert isinstance(row, ActionRow)
    row.what.value, row.who.value, row.review_on.value = what, "Ali", review_on
    row.outcome.value = "Child A is seen by the GP."
    return row


def test_every_policy_form_is_offered_and_a_first_visit_starts_one(
    record_app: RecordApp,
) -> None:
    assert record_app.start_card.layout.display is None
    offered = [kind for _title, kind in record_app.new_kind.options]
    assert offered == [form.kind for form in supervision_forms().record_forms] + ["cancelled"]
    record_app.new_kind.value = "group"
    assert record_app.new_members.layout.display is None
    assert record_app.new_supervisee.layout.display == "none"


def test_a_record_follows_its_form_and_is_saved_and_reopened(
    record_app: RecordApp, store: Store, store_path: Path
) -> None:
    record_id = start_record(record_app, MONDAY)
    editor = record_app.editor
    assert "Safeguarding supervision record (a child or family)" in editor.title.value
    assert "Source: 003_3ed91ddee24b6ab3.txt" in text_of(editor.title.value)
    # 'If not, why not?' is asked only once the case is said not to be progressing.
    why_not = editor.questions_box.children[list(editor.questions).index("why-not")]
    assert why_not.layout.display == "none"
    editor.questions["progressing"].value = "no"
    assert why_not.layout.display is None
    editor.questions["why-not"].value = "The core group has not met."
    editor.case.value = "Child A"
    add_agenda(record_app, "Child A's missed appointments", "management")
    assert record_app.flush()

    saved = store.latest(Supervision.TOOL, Supervision.record(record_id))
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["answers"] == {
        "progressing": "no",
        "why-not": "The core group has not met.",
    }
    assert saved.value["agenda"] == [
        {"title": "Child A's missed appointments", "function": "management", "notes": ""}
    ]
    again = reopen_records(store_path, MONDAY, record=record_id)
    assert again.editor.case.value == "Child A"
    assert again.editor.questions["why-not"].value == "The core group has not met."
    assert "Ali Khan: session of 2 March 2026, Child A" in again.picker.dropdown.label


def test_each_agenda_item_names_the_function_as_each_policy_does(record_app: RecordApp) -> None:
    start_record(record_app, MONDAY)
    row = add_agenda(record_app, "How Ali is coping", "support")
    labels = {key: label for label, key in row.function.options}
    assert labels["support"] == "Support (002: Personal Support; 004: Supportive)"
    assert labels["management"] == "Management (002: Performance Management; 004: Managerial)"
    assert row.function.description == "Function agenda item 1 served"


def test_the_24_hour_reminder_is_due_then_overdue_then_done(
    record_app: RecordApp, calendar: Calendar
) -> None:
    start_record(record_app, MONDAY)
    assert "within 24 hours" in text_of(record_app.reminder.value)
    assert "(due: by 3 March 2026)" in text_of(record_app.reminder.value)
    calendar.day = MONDAY + timedelta(days=2)
    record_app.refresh()
    assert "(overdue: by 3 March 2026)" in text_of(record_app.reminder.value)
    assert "reflect-sv-alert" in record_app.reminder.value
    record_app.editor.on_file_on.value = MONDAY + timedelta(days=1)
    assert "Put on the child's file on 3 March 2026." in text_of(record_app.reminder.value)
    # Not a rule for a record that is not about a child.
    start_record(record_app, MONDAY, kind="not-about-a-child")
    assert record_app.reminder.value == ""


def test_open_actions_are_carried_into_the_next_record_and_flagged_when_overdue(
    record_app: RecordApp, calendar: Calendar
) -> None:
    start_record(record_app, MONDAY)
    add_action(record_app, "Ask the GP about missed appointments", MONDAY + timedelta(days=21))
    add_action(record_app, "Book the core group", MONDAY + timedelta(days=60))
    calendar.day = MONDAY + timedelta(days=28)
    start_record(record_app, MONDAY + timedelta(days=28))
    carried = record_app.editor.actions.rows
    assert [row.what.value for row in carried] == [  # type: ignore[attr-defined]
        "Ask the GP about missed appointments",
        "Book the core group",
    ]
    assert "2 open actions carried from earlier sessions" in text_of(record_app.status.value)
    late = carried[0]
    assert isinstance(late, ActionRow)
    assert "Overdue" in text_of(late.track.value)
    assert "carried over 1 session" in text_of(late.track.value)
    assert "7 days overdue" in text_of(late.track.value)
    assert "reflect-sv-late" in late.track.value
    late.done.value, late.done_on.value = True, MONDAY + timedelta(days=27)
    assert "Done" in text_of(late.track.value)
    assert "Overdue" not in text_of(late.track.value)
    # The third session starts with only what is still open.
    record_app.flush()
    start_record(record_app, MONDAY + timedelta(days=56))
    assert [row.what.value for row in record_app.editor.actions.rows] == [  # type: ignore[attr-defined]
        "Book the core group"
    ]


def test_an_exception_takes_the_line_manager_route_with_the_supervisee_told_first(
    agreement_app: AgreementApp, record_app: RecordApp
) -> None:
    # 004's contract: the supervisee is told first.
    start_agreement(agreement_app, "hwccg-contract")
    agreement_app.flush()
    start_record(record_app, MONDAY, kind="not-about-a-child")
    exceptions = record_app.editor.exceptions
    assert "Herefordshire and Worcestershire" in text_of(exceptions.intro.value)
    exceptions.choice.value = "unreported-concern"
    block = exceptions.raise_chosen()
    assert block is not None
    route = text_of(block.route.value)
    assert "This policy has the supervisee told first" in route
    assert "Tell your line manager today" in route
    assert "Do not wait for the next supervision session" in route
    assert route.index("Tell the supervisee that you are going to tell") < route.index(
        "Record in this session's record"
    )
    found = text_of(block.problems.value)
    assert "The record does not say the line manager has been told." in found
    assert "The record does not say the supervisee was told first." in found
    block.line_manager_told_on.value = MONDAY
    block.supervisee_told_on.value = MONDAY + timedelta(days=1)
    assert "told before the supervisee" in text_of(block.problems.value)
    block.supervisee_told_on.value = MONDAY
    assert text_of(block.problems.value) == "Recorded as the policy says."
    record_app.flush()
    state = record_app.editor.state()
    assert state["exceptions"] == [
        {
            "exception_id": "unreported-concern",
            "policy": "004_f6cdc1a4cce2d268.txt",
            "raised_on": "2026-03-02",
            "supervisee_told_on": "2026-03-02",
            "line_manager_told_on": "2026-03-02",
            "note": "",
        }
    ]


def test_a_cancelled_session_keeps_who_why_and_the_new_date_and_is_not_signed(
    record_app: RecordApp, store: Store
) -> None:
    record_id = start_record(record_app, MONDAY, kind="cancelled")
    editor = record_app.editor
    assert editor.held_part.layout.display == "none"
    assert editor.cancelled_part.layout.display is None
    assert record_app.signing.widget.layout.display == "none"
    editor.cancelled_by.value = SUPERVISOR
    editor.reason.value = "Called to a strategy meeting."
    editor.rearranged_to.value = MONDAY + timedelta(days=7)
    record_app.flush()
    saved = store.latest(Supervision.TOOL, Supervision.record(record_id))
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["rearranged_to"] == "2026-03-09"
    assert saved.value["kind"] == "cancelled"
    assert "agenda" not in saved.value or saved.value["agenda"] == []


def test_both_sign_the_record_and_a_change_after_signing_voids_both(
    record_app: RecordApp, store: Store, store_path: Path
) -> None:
    record_id = start_record(record_app, MONDAY)
    add_agenda(record_app, "Child A's school attendance", "management")
    sign_both(record_app)
    panel = record_app.signing
    assert panel.state is not None
    assert panel.state.status == "signed"
    statement = "This is an accurate record of our discussion on 2 March 2026."
    assert statement in text_of(panel.statements["supervisee"].value)
    copy = downloaded(record_app.download.value)
    assert f"Content fingerprint: `{panel.state.fingerprint}`" in copy

    add_agenda(record_app, "Ali's training", "development")
    assert panel.state.status == "changed-after-signing"
    shown = text_of(panel.state_html.value)
    assert "Changed after signing: the signatures no longer apply." in shown
    assert "both of you need to read it and sign again" in shown
    assert panel.buttons["supervisor"].description == "Sign as the supervisor"
    record_app.flush()
    again = reopen_records(store_path, MONDAY, record=record_id)
    assert again.signing.state is not None
    assert again.signing.state.status == "changed-after-signing"
    assert len(store.history(Supervision.TOOL, Supervision.record(record_id))) >= 2
    sign_both(again)
    assert again.signing.state.status == "signed"


def test_a_record_that_is_not_complete_says_why_and_cannot_be_signed(
    record_app: RecordApp,
) -> None:
    start_record(record_app, MONDAY)
    record_app.editor.supervisee.value = ""
    assert "the record needs the supervisee's name" in text_of(record_app.problems.value)
    record_app.signing.names["supervisor"].value = SUPERVISOR
    assert record_app.signing.sign("supervisor") is None
    assert "Put this right first" in text_of(record_app.signing.status.value)
    assert record_app.download.value == ""


def test_every_input_of_the_record_page_has_a_label(record_app: RecordApp) -> None:
    assert unlabelled_inputs(record_app.widget) == []
    start_record(record_app, MONDAY)
    add_agenda(record_app, "Item", "support")
    add_action(record_app, "Action", MONDAY)
    record_app.editor.exceptions.choice.value = "significant-harm"
    record_app.editor.exceptions.raise_chosen()
    assert unlabelled_inputs(record_app.widget) == []
    assert SUPERVISEE in record_app.editor.supervisee.value


def test_the_list_names_each_record_by_its_own_session_while_one_is_edited(
    record_app: RecordApp,
) -> None:
    first = start_record(record_app, MONDAY)
    second = start_record(record_app, MONDAY + timedelta(days=28))
    record_app.editor.case.value = "Child B"
    record_app.open(first)
    record_app.editor.case.value = "Child A"
    labels = {key: label for label, key in record_app.picker.dropdown.options}
    assert labels[first].startswith("Ali Khan: session of 2 March 2026, Child A (")
    assert labels[second].startswith("Ali Khan: session of 30 March 2026, Child B (")
    assert record_app.picker.dropdown.value == first


def test_a_group_session_names_its_members_and_its_themes(
    record_app: RecordApp, store: Store
) -> None:
    record_app.new_record()
    record_app.new_kind.value = "group"
    record_app.new_members.value = "Ali Khan\n  Bea  Long \n\nCal Moss"
    record_app.new_supervisor.value = SUPERVISOR
    started = record_app.start()
    assert started is not None
    assert started.members == ("Ali Khan", "Bea Long", "Cal Moss")
    editor = record_app.editor
    assert editor.themes_part.layout.display is None
    assert editor.supervisee.layout.display == "none"
    editor.themes.value = "Neglect and drift\nWorking with resistant families"
    editor.questions["immediate-concern"].value = "yes"
    editor.questions["taken-forward-by"].value = "Bea Long"
    record_app.flush()
    saved = store.latest(Supervision.TOOL, Supervision.record(started.id))
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["themes"] == ["Neglect and drift", "Working with resistant families"]
    assert saved.value["answers"]["taken-forward-by"] == "Bea Long"
    assert "Group supervision record" in record_app.editor.title.value


def test_a_group_record_is_signed_by_the_supervisor_and_each_member_for_themselves(
    record_app: RecordApp, store: Store, store_path: Path
) -> None:
    from reflect.supervision_files import read_book

    record_app.new_record()
    record_app.new_kind.value = "group"
    record_app.new_members.value = "Ali Khan\nBea Long"
    record_app.new_supervisor.value = SUPERVISOR
    started = record_app.start()
    assert started is not None
    panel = record_app.signing
    assert list(panel.member_names) == ["Ali Khan", "Bea Long"]
    assert panel.supervisee_box.layout.display == "none"  # members sign in its place
    panel.names["supervisor"].value = SUPERVISOR
    assert panel.sign("supervisor") is not None
    assert panel.sign("supervisee", "Ali Khan") is None
    assert "Type Ali Khan's full name first." in text_of(panel.status.value)
    panel.member_names["Ali Khan"].value = "Ali Khan"
    assert panel.sign("supervisee", "Ali Khan") is not None
    assert panel.state is not None
    assert panel.state.status == "partly-signed"
    assert "once Bea Long signs this version" in text_of(panel.state_html.value)
    panel.member_names["Bea Long"].value = "Beatrice Long"
    assert panel.sign("supervisee", "Bea Long") is not None
    assert panel.state.status == "signed"
    assert "Signed: Beatrice Long (group member)" in text_of(
        panel.member_statements["Bea Long"].value
    )
    copy = downloaded(record_app.download.value)
    assert "Beatrice Long (supervisee)" in copy or "Beatrice Long" in copy

    record_app.flush()
    again = reopen_records(store_path, MONDAY, record=started.id)
    assert again.signing.state is not None
    assert again.signing.state.status == "signed"
    [stored] = read_book(store).records
    assert stored.state.status == "signed"
    assert {one.member for one in stored.signoffs} == {"", "Ali Khan", "Bea Long"}


def test_the_copy_to_keep_waits_until_an_identifying_detail_is_changed_or_kept(
    record_app: RecordApp,
) -> None:
    start_record(record_app, MONDAY)
    assert "Download this record" in record_app.download.value
    editor = record_app.editor
    editor.questions["progressing"].value = "no"
    editor.questions["why-not"].value = "GP has NHS number 943 476 5919 on file."
    check = record_app.export_check
    assert record_app.download.value == ""  # held back, never redacted
    [finding] = check.findings
    assert finding.kind == "nhs-number"
    assert finding.excerpt == "943 476 5919"
    editor.questions["why-not"].value = "The GP has the child's details on file."
    assert check.findings == []
    assert "Download this record" in record_app.download.value
    assert SUPERVISOR not in [
        one.excerpt for one in check.findings
    ]  # a signer's name is no finding
