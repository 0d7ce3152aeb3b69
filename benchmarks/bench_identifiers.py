"""How well reflect spots identifying details: precision and recall per kind on a labelled set
of fictional sentences (benchmarks/data/identifiers.yaml), beside the issue's targets.

Run: .venv/bin/python benchmarks/bench_identifiers.py [--misses]
A found span counts as right when it overlaps an expected span of the same kind (where exactly
a name or an address starts is a matter of taste: "Dr Patel" or "Patel"); each expected span is
found at most once. Every third sentence is held out: it was not looked at while the detector
was tuned, and its figures are printed separately. --misses lists what the tuning part missed
or wrongly found (never the held-out part's).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from pydantic import Field, model_validator

from reflect._yaml import load_file
from reflect.model._base import StrictModel
from reflect.model.identifiers import IdentifierKind, find_identifying_details, find_in_fields

DATA = Path(__file__).resolve().parent / "data" / "identifiers.yaml"
KINDS: tuple[IdentifierKind, ...] = get_args(IdentifierKind)
STRUCTURED_RECALL = 0.95
NAME_RECALL = 0.8
PRECISION = 0.8


class Labelled(StrictModel):
    text: str = Field(min_length=1)
    expect: dict[IdentifierKind, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_expected_span_is_in_the_text(self) -> Labelled:
        for kind, excerpts in self.expect.items():
            for excerpt in excerpts:
                if excerpt not in self.text:
                    raise ValueError(f"{kind} {excerpt!r} is not in the sentence: copy it exactly")
        return self


class LabelledSet(StrictModel):
    sentences: list[Labelled] = Field(min_length=150)


@dataclass
class Score:
    expected: int = 0
    recalled: int = 0
    found: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0


def target_recall(kind: IdentifierKind) -> float:
    return NAME_RECALL if kind == "real-name" else STRUCTURED_RECALL


def load(path: Path = DATA) -> tuple[list[Labelled], list[Labelled]]:
    """The tuning part and the held-out part (every third sentence) of the labelled set."""
    sentences = load_file(path, LabelledSet).sentences
    tuning = [s for index, s in enumerate(sentences) if index % 3 != 2]
    held_out = [s for index, s in enumerate(sentences) if index % 3 == 2]
    return tuning, held_out


def expected_spans(sentence: Labelled) -> list[tuple[IdentifierKind, int, int]]:
    spans: list[tuple[IdentifierKind, int, int]] = []
    for kind, excerpts in sentence.expect.items():
        position = 0
        for excerpt in excerpts:
            # the same words twice are labelled twice, in order
            start = sentence.text.find(excerpt, position)
            if start < 0:
                start = sentence.text.find(excerpt)
            spans.append((kind, start, start + len(excerpt)))
            position = start + len(excerpt)
    return spans


def score(sentences: Iterable[Labelled]) -> dict[IdentifierKind, Score]:
    scores = {kind: Score() for kind in KINDS}
    for sentence in sentences:
        expected = expected_spans(sentence)
        found = [(w.kind, w.start, w.end) for w in find_identifying_details(sentence.text)]
        for kind, start, end in expected:
            scores[kind].expected += 1
            if any(_overlap((kind, start, end), other) for other in found):
                scores[kind].recalled += 1
            else:
                scores[kind].misses.append(
                    f"missed {sentence.text[start:end]!r} in {sentence.text!r}"
                )
        for kind, start, end in found:
            scores[kind].found += 1
            if any(_overlap((kind, start, end), other) for other in expected):
                scores[kind].right += 1
            else:
                wrong = sentence.text[start:end]
                scores[kind].misses.append(f"wrongly found {wrong!r} in {sentence.text!r}")
    return scores


def _overlap(one: tuple[IdentifierKind, int, int], other: tuple[IdentifierKind, int, int]) -> bool:
    return one[0] == other[0] and one[1] < other[2] and other[1] < one[2]


def shortfalls(scores: dict[IdentifierKind, Score]) -> list[str]:
    """Each kind's figure that misses its target, in words (empty when all are met)."""
    short = []
    for kind, result in scores.items():
        if result.recall < target_recall(kind):
            short.append(f"{kind}: recall {result.recall:.2f} < {target_recall(kind)}")
        if result.precision < PRECISION:
            short.append(f"{kind}: precision {result.precision:.2f} < {PRECISION}")
    return short


def table(scores: dict[IdentifierKind, Score]) -> str:
    rows = [
        "| kind | expected | found | right | precision | recall | recall target |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, result in scores.items():
        rows.append(
            f"| {kind} | {result.expected} | {result.found} | {result.right} "
            f"| {result.precision:.2f} | {result.recall:.2f} | {target_recall(kind)} |"
        )
    total = _total(scores.values())
    rows.append(
        f"| **all** | {total.expected} | {total.found} | {total.right} "
        f"| {total.precision:.2f} | {total.recall:.2f} | |"
    )
    return "\n".join(rows)


def _total(scores: Iterable[Score]) -> Score:
    total = Score()
    for result in scores:
        total.expected += result.expected
        total.recalled += result.recalled
        total.found += result.found
        total.right += result.right
    return total


# A reflection as a trainee writes one: six stages of about 300 words of ordinary prose, one
# detail to find. What the page checks at each keystroke: the stage typed in (its warning) and,
# for the check before the download, every stage (ExportCheck reads again only the one changed).
_PROSE = (
    "We met the family at home and talked about the plan. Mum was worried about school "
    "attendance and said the younger child had been unwell. I felt unsure whether to challenge "
    "her account, and later I wondered what the child would have said if asked alone. "
)


def timing(runs: int = 200) -> str:
    stage = (_PROSE * 8)[:1900]
    fields = [("Title", "A home visit")]
    fields += [(f"Stage {n}", stage + (" Dr Patel rang." if n == 1 else "")) for n in range(1, 7)]
    words = sum(len(text.split()) for _, text in fields)
    rows = [
        "| check | words | runs | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for what, check, size in (
        ("one stage (its warning)", lambda: find_identifying_details(fields[1][1]), 0),
        ("every stage (find_in_fields)", lambda: find_in_fields(fields), words),
    ):
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            check()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        count = size or len(fields[1][1].split())
        rows.append(f"| {what} | {count} | {runs} | {statistics.median(times):.2f} | {p99:.2f} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--misses", action="store_true", help="list the tuning part's errors")
    args = parser.parse_args(argv)
    tuning, held_out = load()
    print(
        f"Identifying details, {datetime.date.today()}, Python {platform.python_version()}: "
        f"{len(tuning) + len(held_out)} sentences ({len(held_out)} held out). "
        f"Targets: precision ≥ {PRECISION}, recall ≥ {STRUCTURED_RECALL} "
        f"(names ≥ {NAME_RECALL})."
    )
    for title, part in (("All", tuning + held_out), ("Held out", held_out), ("Tuning", tuning)):
        scores = score(part)
        print(f"\n**{title}** ({len(part)} sentences)\n\n{table(scores)}")
        missed = shortfalls(scores)
        print("\nTargets " + ("met." if not missed else "missed: " + "; ".join(missed)))
    print(f"\n**Time per check**\n\n{timing()}")
    if args.misses:
        print()
        for result in score(tuning).values():
            for line in result.misses:
                print("-", line)


if __name__ == "__main__":
    main()
