"""The scaffold of a new scenario (`reflect new-scenario`): a file that already validates, with
placeholder text, ids on every event, question and option, and comments saying what goes where.
Kept apart from the loader (reflect.scenarios), which checks the scaffold like any other file."""

from __future__ import annotations

import re
import textwrap

from reflect.model.scenario import SLUG_PATTERN
from reflect.model.themes import THEME_IDS

SCHEMA_FILE = "scenario.schema.json"
"""The JSON Schema's file name; a copy sits in scenarios/ beside the shipped scenarios."""


def scaffold(
    scenario_id: str, theme: str | None = None, *, schema_ref: str = f"./{SCHEMA_FILE}"
) -> str:
    """The YAML text of a new scenario that already validates: three chapters of placeholder
    text, one of each activity, five warning signs with their notes (the library's bar), an id
    on every event, question and option, and comments saying what goes where.

    Its first line tells editors (via the YAML language server) where the JSON Schema is:
    `schema_ref`, by default ./scenario.schema.json, right when the file sits in scenarios/
    beside the schema; elsewhere give a path or URL to a copy of the schema."""
    if not re.fullmatch(SLUG_PATTERN, scenario_id):
        raise ValueError(
            f"'{scenario_id}' is not a scenario id: use lowercase words and digits joined by "
            "hyphens, e.g. missed-appointments"
        )
    chosen = theme if theme is not None else "professional-curiosity"
    if chosen not in THEME_IDS:
        raise ValueError(f"unknown theme '{chosen}'; known themes: {', '.join(THEME_IDS)}")
    replacements = {
        "@SCHEMA@": schema_ref,
        "@ID@": scenario_id,
        "@TITLE@": scenario_id.replace("-", " ").capitalize(),
        "@THEME@": chosen,
        "@THEMES@": "\n".join(
            f"#   {line}"
            for line in textwrap.wrap(", ".join(THEME_IDS), width=90, break_on_hyphens=False)
        ),
    }
    return re.sub("|".join(replacements), lambda match: replacements[match.group(0)], TEMPLATE)


TEMPLATE = """\
# yaml-language-server: $schema=@SCHEMA@
#
# A reflect scenario (format version 1). Replace the placeholder text, keep the structure, then:
#     reflect validate @ID@.yaml
# Each problem is reported with its line and field. Every person and place must be fictional.
# Markdown works in narrative, prompt, feedback and trainer_notes. Dates are YYYY-MM-DD.

schema_version: 1
id: @ID@  # the file name without .yaml
title: @TITLE@
summary: One line for the landing page, saying whose case it is and what the trainee practises.
themes: [@THEME@]  # most important first; one or more of:
@THEMES@
setting: school  # school | health | early-years | social-care | multi-agency
audience:
  - Designated Safeguarding Lead
  - Deputy Designated Safeguarding Lead
learning_outcomes:
  - Recognise a pattern in small events that each look minor on their own.
  - Use the drift check to judge whether the plan is changing the child's daily life.
  - Decide when a concern must go to a line manager at once.
sources:  # kind policy (a file in shared/seeds/) or publication (a citation)
  - kind: policy
    document: 003_3ed91ddee24b6ab3.txt
    section: Safeguarding Supervision Record Form
  - kind: publication
    document: >-
      Brandon, M. et al. (2020) Complexity and challenge, a triennial analysis of serious
      case reviews 2014-2017. Department for Education
    section: Key findings (as summarised in research/domain.md section 3.1)

# 3 to 6 chapters, shown one at a time. Within a chapter, events are in date order; a chapter
# starts no earlier than the one before it ends. Aim for five warning signs (indicator: true)
# or more across the chapters, each with its `why`. In a chapter with spot_indicators, give
# every event a `why` and include ordinary events; elsewhere each warning sign is shown with
# its `why` under "Why it matters".
#
# A chapter may show images from this folder, each with its alt text (required):
#     images: [{file: images/plan-of-the-flat.png, alt: What it shows, in a sentence.}]
#
# Every event, question and option has an `id`: a short name in lowercase words joined by
# hyphens, unique in the scenario (an option's, in its question). Trainees' answers are saved
# against it, so rename the placeholders once, then keep each id when you reword or move things.
chapters:
  - title: First signs
    narrative: |
      Set the scene in a paragraph or two: who the child is (an invented name), who is around
      them, and who notices what. End where the trainee has to think.
    events:
      - id: first-warning-sign  # a short name for the event; saved answers refer to it
        on: 2026-01-05
        text: What happened, in a sentence or two, as it would be written in the log.
        indicator: true  # a warning sign; the trainee is marked against these
        why: Why it matters. Shown after the trainee has chosen.
      - id: something-ordinary
        on: 2026-01-12
        text: Something ordinary that a trainee might over-read.
        why: Why it is not in itself a warning sign; shown if a trainee picks it as one.
      - id: second-warning-sign
        on: 2026-01-19
        text: A second warning sign that forms a pattern with the first.
        indicator: true
        why: Why it matters, and how it adds to the first.
      - id: third-sign-from-another-service
        on: 2026-01-26
        text: A third small sign, perhaps recorded by another service, that adds to the pattern.
        indicator: true
        why: Why it matters, and what it would take to put it beside the others.
    activities:  # one or more, done in order; kind is one of the five used in this file
      - kind: spot_indicators
        prompt: Which of these events are warning signs?
        feedback: Optional closing comment shown after the marking.
      - kind: question
        id: what-next  # unique among the scenario's questions
        prompt: What should happen next?
        options:  # two or more, at least one correct; with several correct, trainees pick many
          - id: wait-and-see  # unique among this question's options
            text: Wait and see whether it happens again.
            feedback: Say why this is, or is not, a good answer.
          - id: record-tell-and-start-chronology
            text: Record it, tell the designated safeguarding lead and start a chronology.
            correct: true
            feedback: Say why this is a good answer.

  - title: The plan
    narrative: |
      What has been put in place, by whom, and how the family and the child are now.
    events:
      - id: actions-carried-over-again
        on: 2026-03-02
        text: The review at which the same actions were carried over again.
        indicator: true
        why: Actions carried over from review to review are a sign the plan is not working.
    activities:
      - kind: drift_check
        prompt: Run the drift check. Is the plan making a difference for the child?
        as_of: 2026-03-02  # 'today' in the story; the facts below must be known by then
        case_facts:
          plan_type: child-protection  # child-protection | child-in-need | early-help | none
          plan_start: 2025-09-01
          last_review: 2025-10-27
          actions:
            - description: Register the children with a dentist
              due: 2025-11-28
              done: false
              carried_over: 2  # times carried over from one review to the next
          safety_scale:  # Signs of Safety scores, 0 (cannot live at home) to 10 (safe)
            - {on: 2025-10-27, score: 4}
            - {on: 2025-12-08, score: 4}
            - {on: 2026-02-02, score: 4}
          referrals: [2025-06-10, 2025-08-20]  # referrals to children's social care
        expected_level: serious  # on-track | watch | drifting | serious
        feedback: Say which facts show drift and what a supervisor would do about it.
      - kind: escalation_check
        prompt: Another agency disagrees with you about the plan. Where does this go?
        expected_route: ladder  # line-manager-now | ladder | none
        exceptions: []  # for line-manager-now: significant-harm, unsafe-practice, illegal-activity
        as_of: 2026-03-02  # optional: the day the concern is raised (default: the chapter's last)
        refer_to_childrens_social_care: false  # optional: ask whether to refer now; true or false
        feedback: Say why this route, and what the first step on the ladder looks like.

  - title: Supervision
    narrative: |
      The practitioner brings the case to safeguarding supervision. What do they say, and how
      do they seem?
    events:
      - id: child-shows-daily-life
        on: 2026-03-05
        text: What the child says or does that shows what daily life is like for them now.
        indicator: true
        why: Why it matters. With no spotting here, this is shown under the event.
      - id: supervision-session
        on: 2026-03-09
        text: The supervision session.
    activities:
      - kind: gibbs_reflection
        prompt: Reflect on the case so far as the practitioner would in supervision.
        # optional: description, feelings, evaluation, analysis, conclusion, action-plan
        emphasise: [feelings, analysis]
        feedback: Optional points a thoughtful reflection might touch on.
      - kind: body_map  # the child's outline, front and back, drawn by the player
        prompt: The practitioner recorded these marks. Which are you concerned by?
        child: The child's invented name and age, e.g. Sam, six years old
        alt: >-
          Outline of a child, front and back, with two marks: one on the front of the left
          shin and one on the back of the upper arm.
        marks:  # x across (0 left to 100 right, as you look), y down (0 head to 100 feet)
          - id: bruise-on-shin  # unique in this body map; saved answers refer to it
            side: front  # front | back; on the front the child's right is on your left
            x: 59
            y: 75
            where: front of the left shin
            description: A yellowing bruise about 2 cm across.
            why: Why it is, or is not, a concern. Shins are where active children bruise.
          - id: marks-on-upper-arm
            side: back
            x: 24
            y: 27
            where: back of the right upper arm
            description: Four small round bruises in a row.
            concerning: true  # the trainee is marked against these
            why: Why it is a concern, e.g. the pattern of a grip.

debrief:
  key_learning:
    - The first thing to take away.
  themes_drawn_on:  # every theme in themes, once each
    - theme: @THEME@
      how: Where the theme shows in this case, and what it teaches.
  trainer_notes: |
    How to run the scenario with a group, and where trainees tend to go wrong.
  references:
    - kind: policy
      document: 000_60ac9bac0d3b363c.txt
      section: Confidentiality
"""
