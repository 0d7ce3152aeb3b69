"""People's names in free text, by heuristics (no language model: nothing is downloaded).

A capitalised word is taken for a name when something around it says so: a title before it
(Mr, Mrs, Dr...), a kinship or role word ("Mum Sarah", "her brother, Jayden", "the child
Tyler", "called Kai"), an age after it ("Lily (4)", "Tyler, aged 7"), "'s mum" after it, or
when it is a common first name (the gazetteer). A single letter ("Child A", "Mr B") is how a
record pseudonymises, and a kinship word alone ("Mum") names nobody: neither is flagged."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reflect.model.identifiers._first_names import DOUBLE_NAME_ENDINGS, FIRST_NAMES
from reflect.model.identifiers._found import Found

_NAME_WORD = r"[A-Z][a-z]+(?:['\u2019-][A-Z]?[a-z]+)*|[A-Z]['\u2019][A-Z][a-z]+"
_INITIALS = r"(?:[A-Z]\.?[ \t]+)*"
_TITLES = r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|Revd|Cllr|PC|DC|DS|Sgt"
_TITLE = rf"\b(?:{_TITLES})\.?"
_KIN = (
    r"mum|mummy|mother|dad|daddy|father|step-?dad|step-?mum|step-?father|step-?mother|nan|nana"
    r"|nanna|gran|granny|grandma|grandmother|grandad|granddad|grandfather|grandpa|uncle|aunt"
    r"|auntie|aunty|brother|sister|half-brother|half-sister|sibling|son|daughter|cousin"
    r"|partner|ex-partner|boyfriend|girlfriend|husband|wife|baby|child|toddler|infant|boy|girl"
    r"|pupil|student|teenager|young person|carer|foster carer|teacher|headteacher|neighbour"
    r"|friend|social worker|health visitor|key worker|midwife|fella|bloke|lad|lass|man|woman"
    r"|lady|ex|sw|hv|iro|dsl|fsw|gp|pc|ldo|lado"
)
# Verbs of meeting or contact: "seen Kyra", "spoke to Marek", "rang Tariq". A capitalised word
# straight after one is someone met, not the start of a sentence.
_CONTACT = (
    r"seen|saw|met|meet|visited|visit|phoned|rang|ring|texted|emailed|told|asked|called on"
    r"|spoke (?:to|with)|speak (?:to|with)|talked (?:to|with)|contacted|contact|interviewed"
    r"|observed|collected|supported|reassured"
)
# What a person has that a record names: "Khadija's date of birth", "Jasper's school".
_BELONGINGS = (
    r"date of birth|dob|birthday|address|phone|mobile|school|nursery|class|teacher"
    r"|bedroom|room|house|home|behaviour|attendance|weight|injur\w*|bruis\w*"
    r"|social worker|keyworker|key worker|gp|family|disclosure"
)
_NAMING = r"called|named|known as|aka"
_AFTER_TITLE = re.compile(rf"{_TITLE}\s+{_INITIALS}(?P<name>{_NAME_WORD})\b")
# Typed all in lower case ("mum (sarah) rang"), the word after a kinship word is a name only
# if it is a known first name: that is the `lower` group.
_AFTER_KIN = re.compile(
    rf"\b(?i:{_KIN}|{_NAMING}),?\s+\(?(?:(?P<name>{_NAME_WORD})\b|(?P<lower>[a-z]+)\b)"
)
_BEFORE_AGE = re.compile(
    rf"\b(?P<name>{_NAME_WORD})(?:\s*\(\s*(?:aged\s+)?\d{{1,2}}\s*(?:y(?:ears?|rs?)?\.?)?\s*\)"
    r"|,?\s+aged\s+\d)"
)
_BEFORE_KIN = re.compile(rf"\b(?P<name>{_NAME_WORD})['\u2019]s\s+(?i:{_KIN}|{_BELONGINGS})\b")
_AFTER_CONTACT = re.compile(rf"(?<![.!?]\s)\b(?:{_CONTACT})\s+(?P<name>{_NAME_WORD})\b")
# A surname before "family" or "household": "the Okonkwo family".
_BEFORE_FAMILY = re.compile(
    rf"\b(?P<name>{_NAME_WORD})\s+(?:family|household|children|twins)\b(?!['\u2019])"
)
_CAPITALISED = re.compile(rf"\b(?:{_NAME_WORD})\b")
# On the same line: a name does not run on into the next line's first word.
_FOLLOWING_NAME = re.compile(rf"[ \t]+(?:{_INITIALS})(?P<name>{_NAME_WORD})\b")

# Capitalised words that are not names, however they are placed: sentence openers, kinship and
# role words, days and months, and the services a record names.
_NOT_NAME_WORDS = """
    A An The This That These Those There Then When While After Before During Since Until At On
    In Of To For From With Without By About As And But Or Nor So If Also Yes No Not None Nothing
    I He She It We They You His Her Hers Its Our Their My Your Him Them Us Me Who Whom What
    Which Where Why How Some Any All Each Every Both Either Neither One Two Three Four Five
    Mum Mummy Mother Dad Daddy Father Nan Nana Nanna Gran Granny Grandma Grandad Grandpa Uncle
    Aunt Auntie Aunty Brother Sister Son Daughter Cousin Partner Baby Child Children Toddler
    Infant Boy Girl Pupil Student Carer Teacher Headteacher Neighbour Friend Family Case Parent
    Parents Sibling Siblings Young Person Worker Staff Supervisor Supervisee Manager Lead
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Christmas Easter Eid Diwali
    NHS GP DSL LADO MASH CAMHS Police School Schools College Nursery Academy Hospital Council
    Social Care Services Service Team Unit Ward Court Conference Plan Strategy Section Policy
    Protection Safeguarding Health Early Help Children's Trust Board Partnership Agency
    Road Street Avenue Lane Close Drive Way Place Centre Surgery Practice Clinic Infirmary
    General Royal St Saint North South East West Upper Lower Great Little New Old
    English British Polish Muslim Christian Jewish Hindu Sikh Catholic
    Safeguarding Reflection Gibbs Description Feelings Evaluation Analysis Conclusion Action
    Today Yesterday Tomorrow Later Next Last First Second Third Year Term Week Month
    Mr Mrs Ms Miss Mx Dr Prof Sir Dame Rev
    Nurse Doctor Midwife Professional Officer Visitor Designated Named Paediatrician Consultant
    Leeds Bradford Wakefield Harrogate Huddersfield Halifax York Hull Sheffield Manchester
    Liverpool Birmingham London Bristol Leicester Nottingham Newcastle Sunderland Middlesbrough
    Doncaster Rotherham Barnsley Kirklees Calderdale Otley Ilkley Keighley Skipton Wetherby
    Cardiff Swansea Glasgow Edinburgh Belfast Derby Coventry Oxford Cambridge Norwich Plymouth
    Exeter Torbay Torquay Devon Cornwall Yorkshire Lancashire Kent Essex Surrey Scotland Wales
    England Ireland Britain UK Europe Poland Romania Nigeria Pakistan India
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


_TITLE_WORD = re.compile(rf"^(?:{_TITLES})$", re.IGNORECASE)


def name_words(excerpt: str) -> list[str]:
    """The words of a name found, lower-cased, without its title or initials ("Dr J. Patel"
    gives ["patel"])."""
    words = [re.sub(r"['\u2019]s$", "", word.strip(".,()")) for word in excerpt.split()]
    return [w.lower() for w in words if len(w) > 1 and not _TITLE_WORD.match(w)]


def find_names(text: str) -> Iterator[Found]:
    found = list(_found_alone(text))
    yield from found
    # "Huw and Megan", "Megan & Huw": a capitalised word joined to a name is a name too
    for name in found:
        before = _JOINED_BEFORE.search(text, max(0, name.start - 40), name.start)
        after = _JOINED_AFTER.match(text, name.end)
        for joined in (before, after):
            if joined is None or not _is_name_word(joined.group("name")):
                continue
            if not _in_a_place_name(text, joined.start("name"), joined.end("name")):
                yield Found("real-name", joined.start("name"), joined.end("name"))


_JOINED_BEFORE = re.compile(rf"\b(?P<name>{_NAME_WORD})\s+(?:and|&)\s+$")
_JOINED_AFTER = re.compile(rf"\s+(?:and|&)\s+(?P<name>{_NAME_WORD})\b")


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Like finditer, but a lower-case word taken after a kinship word is looked at again as
    the start of the next match ("the uncle, known as Spider": "known as" is a cue too)."""
    position = 0
    while match := pattern.search(text, position):
        yield match
        lower = match.groupdict().get("lower")
        position = match.start("lower") if lower is not None else max(match.end(), position + 1)


def _found_alone(text: str) -> Iterator[Found]:
    for pattern in (
        _AFTER_TITLE,
        _AFTER_KIN,
        _BEFORE_AGE,
        _BEFORE_KIN,
        _AFTER_CONTACT,
        _BEFORE_FAMILY,
    ):
        for match in _matches(pattern, text):
            if match.group("name") is None:
                if match.group("lower").capitalize() in FIRST_NAMES:
                    yield Found("real-name", match.start("lower"), match.end("lower"))
            elif _is_name_word(match.group("name")) and not _in_a_place_name(
                text, match.start("name"), match.end("name")
            ):
                start = match.start() if pattern is _AFTER_TITLE else match.start("name")
                yield Found("real-name", start, _surname_end(text, match.end("name")))
    for match in _CAPITALISED.finditer(text):
        if _is_first_name(match.group(0)) and not _in_a_place_name(
            text, match.start(), match.end()
        ):
            yield Found("real-name", match.start(), _surname_end(text, match.end()))


def _is_first_name(word: str) -> bool:
    if word in FIRST_NAMES:
        return True
    halves = word.split("-")
    # "Ruby-Mae", "Kacey-Leigh", "Mary-Ann": a double first name
    return len(halves) == 2 and (halves[0] in FIRST_NAMES or halves[1] in DOUBLE_NAME_ENDINGS)


# A capitalised word followed by one of these is part of a place or a service's name
# ("Leeds City Council", "Chapel Allerton Hospital"), and one after "St" is a saint's.
_PLACE_WORD_LIST = """
   Council City Town Hospital Infirmary School Academy College Nursery University Police Team
   Service Services Centre Center Surgery Practice Clinic Trust General Royal Road Street
   Avenue Lane Park House Hall Court Church Mosque Temple Library Station Village Estate
   Primary Secondary High Infant Junior Community Children's Health Board Partnership State
   Government County Borough Department Ministry Agency Review Journal Report Inquiry Act Panel
   Committee Group Association Foundation Institute Society Project
"""
_PLACE_WORDS = frozenset(_PLACE_WORD_LIST.split())
_PLACE_BEFORE = re.compile(r"\b(?:St|Saint)\.?\s+$")


def _in_a_place_name(text: str, start: int, end: int) -> bool:
    following = re.match(r"(?:\s+[A-Z][\w'\u2019-]*){1,3}", text[end:])
    if following and any(word in _PLACE_WORDS for word in following.group(0).split()):
        return True
    return bool(_PLACE_BEFORE.search(text[max(0, start - 8) : start]))


def _is_name_word(word: str) -> bool:
    return word not in _NOT_NAMES and len(word) >= 2


def _surname_end(text: str, end: int) -> int:
    # "Jane Smith", "Dr Amir Khan", "Mary-Ann O'Neill": the capitalised words that follow
    for _ in range(2):
        following = _FOLLOWING_NAME.match(text, end)
        if following is None or not _is_name_word(following.group("name")):
            break
        end = following.end("name")
    return end
