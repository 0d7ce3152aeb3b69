"""Each export holds what the workbook holds: a reflection written into a real SQLite workbook
through the store, exported, and read back from the DOCX (paragraphs and their styles), the
PDF (tags, language, text) and the Markdown."""

from __future__ import annotations

from datetime import date

from reflect import frameworks
from reflect.layout import Portfolio
from reflect.model.supervision_export import export_markdown, verify_export
from reflect.portfolio import exports
from reflect.store import Store
from reflect.supervision_files import read_book
from tests.model.supervision.helpers import SUPERVISEE, SUPERVISOR
from tests.portfolio.filled import (
    DISCUSSION,
    ENTRY,
    OTHER,
    PEER,
    PLAN_ACTION,
    RELEVANCE,
    STAGE_TEXTS,
    SUMMARY,
    TITLE,
    write_reflection,
)
from tests.portfolio.read_back import read_docx, read_pdf

CYCLE = frameworks.gibbs_cycle()
NMC_PROMPTS = [
    "1. What was the CPD activity, the feedback about your practice, or the event or experience "
    "in your practice that you are reflecting on?",
    "2. What did you learn from it?",
    "3. How have you changed or improved your practice as a result, or how will you?",
    "4. How is this relevant to the Code?",
]
THEMES = [
    "Prioritise people",
    "Practise effectively",
    "Preserve safety",
    "Promote professionalism and trust",
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_nmc_account_docx_has_the_four_prompts_as_headings_and_every_stage_answer(
    store: Store,
) -> None:
    facts = read_docx(exports.nmc_account_export(store, ENTRY).render("docx"))
    level_one = [text for style, text in facts.headings() if style == "Heading 1"]
    assert level_one[:4] == NMC_PROMPTS
    stages = [text for style, text in facts.headings() if style == "Heading 2"]
    assert stages == [stage.name for stage in CYCLE.stages]  # each stage under its prompt
    for text in STAGE_TEXTS.values():
        for paragraph in text.split("\n\n"):
            assert ("Normal", paragraph) in facts.paragraphs
    assert ("Normal", RELEVANCE) in facts.paragraphs
    code_table = next(table for table in facts.tables if table[0][0] == "Theme of the Code")
    assert [row[0] for row in code_table[1:]] == THEMES
    assert [row[1] for row in code_table[1:]] == ["Yes", "No", "Yes", "No"]
    assert facts.title == "NMC reflective account"
    assert facts.language == "en-GB"
    assert [row[1] for row in facts.tables[0]] == [TITLE, "2 March 2026"]


def test_nmc_account_pdf_is_tagged_in_english_and_holds_the_answers(store: Store) -> None:
    facts = read_pdf(exports.nmc_account_export(store, ENTRY).render("pdf"))
    assert facts.tagged
    assert facts.marked
    assert facts.language == "en-GB"
    text = _flat(facts.text)
    for prompt in NMC_PROMPTS:
        assert _flat(prompt) in text
    for answer in [*STAGE_TEXTS.values(), RELEVANCE, *THEMES]:
        for paragraph in answer.split("\n\n"):
            assert _flat(paragraph) in text


def test_a_stage_left_unwritten_shows_as_not_written_not_as_nothing(store: Store) -> None:
    write_reflection(store, OTHER, {"description": "Only the first stage."}, "Half done")
    markdown = exports.nmc_account_export(store, OTHER).render("md").decode()
    assert "Only the first stage." in markdown
    assert markdown.count("_Not written._") == 6  # five stages and the Code's relevance
    assert "| Preserve safety | No |" in markdown


def test_swe_cpd_record_holds_type_date_answers_and_the_peer_reflection(store: Store) -> None:
    export = exports.swe_cpd_export(store, ENTRY)
    markdown = export.render("md").decode()
    assert "| Type of CPD | Supervision |" in markdown
    assert "| Date of the activity | 2 March 2026 |" in markdown
    assert "| With peer reflection | Yes |" in markdown
    assert "## P: What have you learnt from talking this activity through with a peer?" in markdown
    assert PEER in markdown
    docx = read_docx(export.render("docx"))
    assert (
        "Heading 1",
        "P: What have you learnt from talking this activity through with a peer?",
    ) in docx.headings()
    assert ("Normal", PEER) in docx.paragraphs
    pdf = read_pdf(export.render("pdf"))
    assert pdf.language == "en-GB"
    assert _flat(PEER) in _flat(pdf.text)


def test_swe_cpd_without_a_peer_reflection_says_so(store: Store) -> None:
    store.save(Portfolio.TOOL, Portfolio.reflection(ENTRY, "peer-reflection"), "")
    markdown = exports.swe_cpd_export(store, ENTRY).render("md").decode()
    assert "| With peer reflection | No |" in markdown
    assert "Not answered: this piece has no peer reflection." in markdown


def test_nmc_discussion_form_holds_both_parties_the_date_accounts_and_summary(
    store: Store,
) -> None:
    export = exports.nmc_discussion_export(store)
    docx = read_docx(export.render("docx"))
    cells = {row[0]: row[1] for table in docx.tables for row in table}
    assert cells["Your name"] == DISCUSSION["registrant-name"]
    assert cells["Partner's NMC Pin"] == DISCUSSION["partner-pin"]
    assert cells["Partner's email address"] == DISCUSSION["partner-email"]
    assert cells["Partner's postcode"] == DISCUSSION["partner-postcode"]
    assert cells["Date of the discussion"] == "1 May 2026"
    assert cells["Signature"] == ""
    assert ("List Bullet", f"{TITLE} (2 March 2026)") in docx.paragraphs
    assert ("Normal", SUMMARY) in docx.paragraphs
    assert export.file_name("docx") == "nmc-reflective-discussion-2026-05-01.docx"


def test_appraisal_pack_holds_supervision_given_profile_plan_and_reflection(
    store: Store,
) -> None:
    export = exports.appraisal_export(store, date(2026, 8, 1))
    docx = read_docx(export.render("docx"))
    headings = [text for style, text in docx.headings() if style == "Heading 1"]
    assert headings == [
        "Supervision received",
        "Supervision given",
        "Competency profile",
        "Development plan and progress",
        "Reflections",
        "Sources",
    ]
    given = next(table for table in docx.tables if table[0][0] == "Supervisee")
    assert given[1][0] == SUPERVISEE
    assert given[1][2] == "20 July 2026"  # the last of the three sessions
    assert given[1][6] == "2 of 3"  # the second record was changed after signing
    plan = next(table for table in docx.tables if table[0][0] == "Item")
    assert plan[1][3] == PLAN_ACTION
    assert plan[1][4] == "30 September 2026"
    assert plan[1][5] == "same (2 to 2)"
    assert plan[2][5] == "improved (2 to 3)"
    profile = next(table for table in docx.tables if table[0][0] == "Domain")
    assert profile[0][1:3] == ["Mean on 1 January 2026", "Mean on 1 June 2026"]
    assert ("Heading 2", f"{TITLE} (2 March 2026)") in docx.headings()
    assert ("Normal", STAGE_TEXTS["analysis"].split("\n\n")[0]) in docx.paragraphs
    cells = {row[0]: row[1] for row in docx.tables[0]}
    assert cells["Name"] == SUPERVISOR


def test_appraisal_pack_shows_supervision_received_against_the_policy(store: Store) -> None:
    export = exports.appraisal_export(store, date(2026, 8, 1), name=SUPERVISEE)
    markdown = export.render("md").decode()
    received = markdown.split("## Supervision received")[1].split("## Supervision given")[0]
    assert "Held to: Herefordshire and Worcestershire CCG (004)" in received
    assert "| 12 January 2026 | Sam Okafor |" in received
    assert "| 10 April 2026 | Sam Okafor | Safeguarding supervision record" in received
    assert "No supervisee in this workbook." in markdown  # Ali supervises no one


def test_appraisal_pack_takes_the_reflections_named_else_those_ticked(store: Store) -> None:
    write_reflection(store, OTHER, {"description": "Another one."}, "Not ticked")
    ticked = exports.appraisal_export(store, date(2026, 8, 1)).render("md").decode()
    assert TITLE in ticked
    assert "Not ticked" not in ticked
    named = exports.appraisal_export(store, date(2026, 8, 1), reflection_ids=[OTHER])
    text = named.render("md").decode()
    assert "Another one." in text
    assert f"### {TITLE}" not in text


def test_signed_record_markdown_is_the_one_verify_checks(store: Store) -> None:
    stored = read_book(store).records[0]
    export = exports.signed_export(store, "record", stored.record.id)
    markdown = export.render("md").decode()
    assert markdown == export_markdown(
        "record",
        stored.content,
        stored.signoffs,
        frameworks.supervision_forms(),
        frameworks.supervision_framework(),
    )
    assert verify_export(markdown).matches


def test_signed_record_docx_and_pdf_carry_the_fingerprint_and_signatures(store: Store) -> None:
    stored = read_book(store).records[0]
    fingerprint = stored.state.fingerprint
    export = exports.signed_export(store, "record", stored.record.id)
    docx = read_docx(export.render("docx"))
    assert docx.paragraphs[0] == ("Title", "Supervision record: 12 January 2026")
    assert ("Heading 1", "Signatures") in docx.headings()
    assert f"Content fingerprint: {fingerprint}" in docx.text()
    assert f"Signed by both: {SUPERVISOR} (supervisor)" in docx.text()
    pdf = read_pdf(export.render("pdf"))
    assert pdf.tagged
    assert pdf.language == "en-GB"
    assert fingerprint in pdf.text.replace("\n", "")
    assert "/H1" in pdf.tags


def test_signed_agreement_exports_with_its_fingerprint(store: Store) -> None:
    export = exports.signed_export(store, "agreement", "a1")
    assert export.file_name("pdf") == "supervision-agreement-ali-khan-2026-01-05.pdf"
    docx = read_docx(export.render("docx"))
    stored = read_book(store).agreements[0]
    assert f"Content fingerprint: {stored.state.fingerprint}" in docx.text()


def test_hostile_text_in_a_reflection_comes_out_as_written(store: Store) -> None:
    hostile = '#import "x.typ": * and #set page(width: 1cm) ] [ $5 \\ *no* _no_ <a> @b //'
    write_reflection(store, OTHER, {"analysis": hostile}, f"Title {hostile}")
    export = exports.nmc_account_export(store, OTHER)
    pdf = read_pdf(export.render("pdf"))
    assert _flat(pdf.text).count(_flat(hostile)) == 2  # the title and the analysis
    assert ("Normal", hostile) in read_docx(export.render("docx")).paragraphs
    assert f"\n{hostile}\n" in export.render("md").decode()
