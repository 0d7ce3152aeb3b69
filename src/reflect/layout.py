"""The workbook's layout: every (tool, item) key an app saves under, named in one place.

A workbook is a list of revisions of (tool, item) entries (reflect.store). Which entries an app
writes, and how their names are built, is the layout. Views ask this module for a key and never
build one themselves, so a later change of layout is made here once, and `LAYOUT_VERSION` tells a
migration which layout an old workbook was written in.

The names below are exactly those written since the first release (layout 1); a test pins them,
so a workbook saved before this module existed opens as it always did.

An entry's prefix (`Prefix`) is where one record of a tool lives: a Gibbs reflection, an
assessment, a case, a concern, or a scenario activity. Tools embedded in a scenario save under
the scenario's tool with the activity's prefix, so the same view works in both places.
"""

from __future__ import annotations

import re
from typing import NewType

LAYOUT_VERSION = 1
"""The layout every key below belongs to. Raise it with any change to a key here, with a
migration. A new key beside the old ones (say, Gibbs.shared) changes no saved entry: older
workbooks open as they are, so it keeps the version."""

Prefix = NewType("Prefix", str)
"""Where one record of a tool lives inside the tool: ends with "/" (or is empty)."""


def record(record_id: str) -> Prefix:
    """The prefix of a record (reflection, assessment, case, concern) of a tool."""
    return Prefix(f"{record_id}/")


def record_id(item: str) -> str:
    """The record an item belongs to: the part of its name before the first "/"."""
    return item.split("/", 1)[0]


class Gibbs:
    """A Gibbs reflection: one entry per stage, its title, and whether it is shared.

    A reflection is shared with the trainer when its `shared` entry's latest value is true
    (reflect.model.sharing). It sits beside the stages, so a reflection embedded in a scenario
    ("scenario:<id>", "ch4/a2/") is shared under its own prefix too.
    """

    TOOL = "gibbs"
    TITLE = "title"
    SHARED = "shared"

    @staticmethod
    def stage(prefix: Prefix, stage_id: str) -> str:
        return f"{prefix}{stage_id}"

    @staticmethod
    def shared(prefix: Prefix) -> str:
        """Whether the trainee shares the reflection under `prefix` with their trainer."""
        return f"{prefix}{Gibbs.SHARED}"

    @staticmethod
    def title(entry_id: str) -> str:
        return f"{record(entry_id)}{Gibbs.TITLE}"


class Competency:
    """A self-assessment: when it was taken, the ratings, evidence and the development plan."""

    TOOL = "competency"
    TAKEN_ON = "taken_on"  # the field that says an assessment exists, and its date

    @staticmethod
    def taken_on(entry_id: str) -> str:
        return f"{record(entry_id)}{Competency.TAKEN_ON}"

    @staticmethod
    def ratings(prefix: Prefix) -> str:
        return f"{prefix}ratings"

    @staticmethod
    def evidence(prefix: Prefix, item_id: str) -> str:
        return f"{prefix}evidence/{item_id}"

    @staticmethod
    def evidence_prefix(prefix: Prefix) -> str:
        """The start of every evidence item of an assessment (to read them all at once)."""
        return f"{prefix}evidence/"

    @staticmethod
    def action(prefix: Prefix, item_id: str) -> str:
        return f"{prefix}plan/{item_id}/action"

    @staticmethod
    def due(prefix: Prefix, item_id: str) -> str:
        return f"{prefix}plan/{item_id}/due"


class Drift:
    """A case-drift check: the case's facts, the answers, notes, the checks run, a pseudonym."""

    TOOL = "drift"
    FACTS, CHOICES, CHECK, PSEUDONYM = "facts", "choices", "check", "pseudonym"

    @staticmethod
    def facts(prefix: Prefix) -> str:
        return f"{prefix}{Drift.FACTS}"

    @staticmethod
    def choices(prefix: Prefix) -> str:
        return f"{prefix}{Drift.CHOICES}"

    @staticmethod
    def check(prefix: Prefix) -> str:
        return f"{prefix}{Drift.CHECK}"

    @staticmethod
    def note(prefix: Prefix, question_id: str) -> str:
        return f"{prefix}notes/{question_id}"

    @staticmethod
    def pseudonym(case_id: str) -> str:
        return f"{record(case_id)}{Drift.PSEUDONYM}"


class Escalation:
    """An escalation concern: its name, the check's answers, the ladder record and outcomes."""

    TOOL = "escalation"

    @staticmethod
    def name(concern_id: str) -> str:
        return f"{record(concern_id)}name"

    @staticmethod
    def ladder(concern_id: str) -> str:
        return f"{record(concern_id)}ladder"

    @staticmethod
    def answers(prefix: Prefix) -> str:
        return f"{prefix}answers"

    @staticmethod
    def progress(prefix: Prefix) -> str:
        """The ladder record: the stages started, when, and their due dates."""
        return f"{prefix}record"

    @staticmethod
    def outcome(prefix: Prefix, stage: int) -> str:
        return f"{prefix}stage-{stage}/outcome"


class Scenario:
    """A scenario attempt: the chapters reached, and each activity's state.

    Activities are saved by their place in the chapter, and the chapter by its id when it has
    one (else by its place in the file); questions by their id (they follow the question when a
    trainer moves it; see reflect.ui._player_activities).
    """

    PROGRESS = "progress"
    STATE = "state"
    QUESTIONS = "question/"

    @staticmethod
    def tool(scenario_id: str) -> str:
        return f"scenario:{scenario_id}"

    @staticmethod
    def activity(chapter_number: int, position: int, chapter_id: str | None = None) -> Prefix:
        """Where an activity's state is kept: under its chapter's id when the chapter has one
        (a branching scenario's chapters do: their answers stay with the chapter wherever a
        trainer moves it), else under the chapter's place in the file."""
        if chapter_id:
            return Prefix(f"chapter/{chapter_id}/a{position}/")
        return Prefix(f"ch{chapter_number}/a{position}/")

    @staticmethod
    def state(prefix: str) -> str:
        return f"{prefix}{Scenario.STATE}"

    @staticmethod
    def question(question_id: str) -> Prefix:
        return Prefix(f"{Scenario.QUESTIONS}{question_id}/")

    ACTIVITY_PLACE = re.compile(
        r"^(?:ch(?P<number>\d+)|chapter/(?P<chapter>[^/]+))/a(?P<position>\d+)/"
    )
    """Reads back the place `activity()` writes, at the start of an item's name."""
    QUESTION_PLACE = re.compile(r"^question/(?P<question>[^/]+)/")
    """Reads back the place `question()` writes, at the start of an item's name."""


class Supervision:
    """Supervision agreements and session records, each signed by supervisor and supervisee.

    - `agreement/<id>` holds an agreement's content, `record/<id>` a session record's (a
      cancelled session is a record of kind "cancelled" with its `rearranged_to` date). Each
      save of changed content appends a revision, so the workbook keeps every version.
    - `<content key>/signoff/<role>` holds the latest sign-off of the supervisor or the
      supervisee (reflect.model.signoff.SignOff); its history is every sign-off that party
      made. A sign-off applies only while its fingerprint equals the content's.
    - In a training room, `<content key>/countersign/<request id>` is a request this user sent
      to the other party's account to countersign, and `countersigned/<request id>` is this
      user's answer to one sent to them (the requests and answers travel between workbooks
      through reflect.store.mailbox; a countersignature that came back is kept as the other
      party's sign-off, above).
    - `settings/...` holds the supervision settings of this workbook: the frequency rule each
      supervisee is held to (a rule id, or a rule of the organisation's own as JSON), the
      organisation's term dates, and the organisation's own agreement templates.
    """

    TOOL = "supervision"
    AGREEMENTS = "agreement/"
    RECORDS = "record/"
    SIGNOFF = "signoff/"
    COUNTERSIGN = "countersign/"
    COUNTERSIGNED = "countersigned/"  # what this user countersigned for others, by request id
    SETTINGS = "settings/"
    TERM_DATES = "settings/term-dates"  # the organisation's half terms (TermCalendar as JSON)
    AGREEMENT_TEMPLATES = "settings/agreement-templates/"  # an organisation's own, by id
    OWN_RULES = "settings/own-rules/"  # an organisation's own frequency rules, by id
    ROLES = ("supervisor", "supervisee")

    @staticmethod
    def agreement(agreement_id: str) -> str:
        """The entry holding an agreement's content."""
        return f"{Supervision.AGREEMENTS}{agreement_id}"

    @staticmethod
    def record(record_id: str) -> str:
        """The entry holding a session record's content."""
        return f"{Supervision.RECORDS}{record_id}"

    @staticmethod
    def prefix(content_item: str) -> Prefix:
        """Where the sign-offs of an agreement or record live, beside its content entry."""
        return Prefix(f"{content_item}/")

    @staticmethod
    def signoff(prefix: Prefix, role: str) -> str:
        """The sign-off of `role` (supervisor or supervisee) under an item's prefix."""
        if role not in Supervision.ROLES:
            raise ValueError(f"a sign-off is the supervisor's or the supervisee's, not {role!r}")
        return f"{prefix}{Supervision.SIGNOFF}{role}"

    @staticmethod
    def member_signoff(prefix: Prefix, member: str) -> str:
        """The sign-off of one member of a group, under an item's prefix."""
        name = " ".join(member.replace("/", " ").split())
        if not name:
            raise ValueError("a member's sign-off needs the member's name")
        return f"{prefix}{Supervision.SIGNOFF}member/{name}"

    @staticmethod
    def countersign_request(prefix: Prefix, request_id: str) -> str:
        """A request sent from this workbook for the other party to countersign the content
        under `prefix` (reflect.model.countersign.CountersignRequest)."""
        return f"{prefix}{Supervision.COUNTERSIGN}{request_id}"

    @staticmethod
    def countersigned(request_id: str) -> str:
        """This user's answer to a request another user sent them, with what they read."""
        return f"{Supervision.COUNTERSIGNED}{request_id}"

    @staticmethod
    def is_content(item: str) -> bool:
        """True for an `agreement/<id>` or `record/<id>` entry (not a sign-off beneath it)."""
        kind, _, rest = item.partition("/")
        return f"{kind}/" in (Supervision.AGREEMENTS, Supervision.RECORDS) and (
            bool(rest) and "/" not in rest
        )

    @staticmethod
    def content_of(item: str) -> str:
        """The content entry an entry belongs to: itself, or the one a sign-off is under."""
        kind, _, rest = item.partition("/")
        return f"{kind}/{rest.split('/', 1)[0]}"

    @staticmethod
    def setting(name: str) -> str:
        """A supervision setting of this workbook, e.g. setting('term-dates')."""
        return f"{Supervision.SETTINGS}{name}"

    @staticmethod
    def agreement_template(template_id: str) -> str:
        """An organisation's own agreement template loaded into this workbook (as JSON)."""
        return f"{Supervision.AGREEMENT_TEMPLATES}{template_id}"

    @staticmethod
    def own_rule(rule_id: str) -> str:
        """An organisation's own frequency rule loaded into this workbook (as JSON)."""
        return f"{Supervision.OWN_RULES}{rule_id}"

    @staticmethod
    def frequency_rule(supervisee: str) -> str:
        """The frequency rule a supervisee is held to (a rule id, or an organisation's rule)."""
        return f"{Supervision.SETTINGS}frequency-rule/{supervisee}"


class Portfolio:
    """What the portfolio exports ask beyond a reflection (reflect.portfolio): for each Gibbs
    reflection, `reflection/<entry>/<field>` with field code-themes (a list of theme ids),
    code-relevance, happened-on (YYYY-MM-DD), cpd-type, peer-reflection and appraisal (true: in
    the pack); `discussion/<field>`, the NMC discussion form's details (field ids in
    frameworks/portfolio.yaml, and summary); `appraisal/name`, the name the pack looks for."""

    TOOL = "portfolio"

    @staticmethod
    def reflection(entry_id: str, field: str) -> str:
        """A portfolio answer about the Gibbs reflection `entry_id`, e.g. its 'code-themes'."""
        return f"reflection/{entry_id}/{field}"

    @staticmethod
    def reflection_prefix(entry_id: str) -> str:
        return f"reflection/{entry_id}/"

    @staticmethod
    def discussion(field: str) -> str:
        """A detail of the NMC reflective discussion form, e.g. 'partner-name' or 'summary'."""
        return f"discussion/{field}"

    @staticmethod
    def appraisal(field: str) -> str:
        """A setting of the appraisal pack, e.g. 'name': the user's name in their records."""
        return f"appraisal/{field}"
