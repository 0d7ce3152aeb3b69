"""The agreement builder, headless: starting points with their sources, the organisation's own
template file, saving and reopening, the review date, and both parties' signatures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reflect.frameworks import supervision_forms, supervision_framework
from reflect.layout import Supervision
from reflect.model.signoff import fingerprint
from reflect.model.supervision_export import verify_export
from reflect.store import Store
from reflect.ui.supervision_agreement import AgreementApp
from tests.ui.supervision.app_helpers import (
    SUPERVISEE,
    SUPERVISOR,
    complete_agreement,
    downloaded,
    reopen_agreements,
    sign_both,
    start_agreement,
    text_of,
    unlabelled_inputs,
)

ORG_TEMPLATE = """\
id: our-agreement
title: Our trust's supervision agreement
format: one-to-one
description: The agreement our trust uses.
review_every_months: 24
sections:
  - id: frequency
    title: How often we meet
    prompt: How often, and who books it.
"""


def test_every_policys_agreement_is_offered_with_its_source(agreement_app: AgreementApp) -> None:
    # A first visit offers the starting points at once.
    assert agreement_app.start_card.layout.display is None
    offered = [key for _title, key in agreement_app.starter.choice.options]
    assert offered == [one.id for one in supervision_forms().agreement_templates]
    for template in supervision_forms().agreement_templates:
        agreement_app.starter.choice.value = template.id
        shown = text_of(agreement_app.starter.about.value)
        assert template.description.split()[0] in shown
        assert template.source is not None
        assert f"Source: {template.source.cite()}" in shown
        assert f"Reviewed every {template.review_every_months} months" in shown
    agreement_app.starter.choice.value = "group-agreement"
    assert agreement_app.starter.members.layout.display is None
    assert agreement_app.starter.supervisee.layout.display == "none"


def test_a_started_agreement_is_saved_with_the_policys_words_and_reopens(
    agreement_app: AgreementApp, store: Store, store_path: Path
) -> None:
    agreement_id = start_agreement(agreement_app)
    saved = store.latest(Supervision.TOOL, Supervision.agreement(agreement_id))
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["supervisee"] == SUPERVISEE
    assert "within two weeks" in saved.value["sections"]["cancellations"]
    cancellations = agreement_app.form.sections["cancellations"]
    assert "within two weeks" in cancellations.text.value
    assert "Source: 001_05a6c3fe3a77e762.txt" in text_of(cancellations.widget.children[1].value)
    assert "Written by the supervisee" in text_of(
        agreement_app.form.sections["supervisee-wants"].widget.children[1].value
    )
    agreement_app.form.sections["frequency"].text.value = "Every four weeks; Sam books it."
    assert agreement_app.flush()
    label = agreement_app.picker.dropdown.label
    assert f"{SUPERVISEE} with {SUPERVISOR}, made 2 March 2026" in label

    again = reopen_agreements(store_path, date(2026, 3, 3))
    assert again.agreement_id == agreement_id
    assert again.form.sections["frequency"].text.value == "Every four weeks; Sam books it."
    assert again.form.supervisee.value == SUPERVISEE


def test_an_agreement_without_a_supervisee_is_not_started(agreement_app: AgreementApp) -> None:
    agreement_app.starter.supervisor.value = SUPERVISOR
    assert agreement_app.start() is None
    assert "supervisee's name" in text_of(agreement_app.starter.status.value)
    assert agreement_app.agreement_box.layout.display == "none"


def test_the_review_date_is_shown_and_flagged_when_due(
    agreement_app: AgreementApp, calendar
) -> None:
    start_agreement(agreement_app)
    assert "next reviewed on 2 March 2027" in text_of(agreement_app.review.value)
    assert "reflect-sv-note" not in agreement_app.review.value
    calendar.day = date(2027, 2, 20)
    agreement_app.refresh()
    assert "due for review on 2 March 2027, in 10 days" in text_of(agreement_app.review.value)
    assert "reflect-sv-note" in agreement_app.review.value
    calendar.day = date(2027, 3, 12)
    agreement_app.refresh()
    assert "The review was due on 2 March 2027, 10 days ago" in text_of(agreement_app.review.value)
    assert "reflect-sv-alert" in agreement_app.review.value

    complete_agreement(agreement_app)
    sign_both(agreement_app)
    agreement_app.record_review()
    assert agreement_app.form.reviewed_on.value == date(2027, 3, 12)
    assert "next reviewed on 12 March 2028" in text_of(agreement_app.review.value)
    # Reviewing changes the agreement, so the signatures no longer apply.
    assert agreement_app.signing.state is not None
    assert agreement_app.signing.state.status == "changed-after-signing"
    assert "sign it again" in text_of(agreement_app.status.value)


def test_both_sign_and_a_change_after_signing_voids_the_signatures(
    agreement_app: AgreementApp, store: Store, store_path: Path
) -> None:
    agreement_id = start_agreement(agreement_app)
    panel = agreement_app.signing
    assert "simple electronic signature with tamper evidence" in text_of(
        panel.widget.children[0].value
    )
    # Not before every part is written, and not without a typed name.
    panel.names["supervisor"].value = SUPERVISOR
    assert panel.sign("supervisor") is None
    assert "Write these parts first: Frequency, Length" in text_of(panel.status.value)
    complete_agreement(agreement_app)
    assert agreement_app.signing.sign("supervisee") is None
    assert "Type the supervisee's full name first." in text_of(panel.status.value)
    sign_both(agreement_app)

    assert panel.state is not None
    assert panel.state.status == "signed"
    saved = store.latest(Supervision.TOOL, Supervision.agreement(agreement_id))
    assert saved is not None
    assert isinstance(saved.value, dict)
    signed_print = fingerprint(saved.value)
    assert panel.state.fingerprint == signed_print
    prefix = Supervision.prefix(Supervision.agreement(agreement_id))
    for role, name in (("supervisor", SUPERVISOR), ("supervisee", SUPERVISEE)):
        signoff = store.latest(Supervision.TOOL, Supervision.signoff(prefix, role))
        assert signoff is not None
        assert isinstance(signoff.value, dict)
        assert signoff.value["full_name"] == name
        assert signoff.value["fingerprint"] == signed_print
        assert signoff.value["statement"] == (
            "I have read this supervision agreement of 2 March 2026 and I agree to it."
        )
    assert "Signed by both" in text_of(panel.state_html.value)
    # The copy to keep carries the fingerprint, and reflect verify would find it unchanged.
    copy = downloaded(agreement_app.download.value)
    assert f"Content fingerprint: `{signed_print}`" in copy
    assert f"- {SUPERVISOR} (supervisor)" in copy
    checked = verify_export(copy, supervision_forms(), supervision_framework())
    assert checked.matches
    assert checked.state.status == "signed"

    agreement_app.form.sections["length"].text.value = "Ninety minutes."
    assert "Changed after signing" in text_of(panel.state_html.value)
    assert 'role="alert"' in panel.state_html.value
    assert agreement_app.flush()
    again = reopen_agreements(store_path, date(2026, 3, 3), agreement=agreement_id)
    assert again.signing.state is not None
    assert again.signing.state.status == "changed-after-signing"
    assert {one.full_name for one in again.signing.state.void} == {SUPERVISOR, SUPERVISEE}
    assert len(store.history(Supervision.TOOL, Supervision.agreement(agreement_id))) >= 2


def test_an_organisations_template_loads_is_kept_and_a_bad_one_is_reported_by_line(
    agreement_app: AgreementApp, store_path: Path
) -> None:
    bad = ORG_TEMPLATE.replace("    prompt: How often", "    promt: How often")
    assert agreement_app.starter.load_template_file("ours.yaml", bad.encode()) is None
    report = text_of(agreement_app.starter.errors.value)
    assert "ours.yaml:9: sections[0].promt: unknown key; did you mean 'prompt'?" in report
    assert 'role="alert"' in agreement_app.starter.errors.value

    loaded = agreement_app.starter.load_template_file("ours.yaml", ORG_TEMPLATE.encode())
    assert loaded is not None
    assert agreement_app.starter.errors.value == ""
    assert agreement_app.starter.choice.value == "our-agreement"
    assert "Your organisation's own template" in agreement_app.starter.about.value
    start_agreement(agreement_app, "our-agreement")
    assert list(agreement_app.form.sections) == ["frequency"]
    assert "next reviewed on 2 March 2028" in text_of(agreement_app.review.value)

    again = reopen_agreements(store_path, date(2026, 3, 3))
    assert "our-agreement" in [key for _title, key in again.starter.choice.options]
    assert list(again.form.sections) == ["frequency"]


def test_every_input_of_the_agreement_page_has_a_label(agreement_app: AgreementApp) -> None:
    start_agreement(agreement_app)
    assert unlabelled_inputs(agreement_app.widget) == []


def test_an_agreement_from_an_organisations_template_exports_and_verifies_by_its_titles(
    agreement_app: AgreementApp,
) -> None:
    """The template is the organisation's, unknown where the file is verified later: the
    agreement carries its title and headings, so the copy reads and verifies the same."""
    from reflect.frameworks import supervision_forms, supervision_framework
    from reflect.model.supervision_export import verify_export

    assert agreement_app.starter.load_template_file("ours.yaml", ORG_TEMPLATE.encode())
    start_agreement(agreement_app, "our-agreement")
    complete_agreement(agreement_app)
    sign_both(agreement_app)
    copy = downloaded(agreement_app.download.value)
    assert "| Template | Our trust's supervision agreement |" in copy
    assert "## How often we meet" in copy
    checked = verify_export(copy, supervision_forms(), supervision_framework())
    assert checked.matches
    assert checked.readable_text == "matches"
