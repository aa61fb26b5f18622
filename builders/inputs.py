"""The human-edited corpus files, as typed entries: one model per kind of YAML record.

These are the *input* formats (what an annotator writes, see corpus/GUIDELINES.md); the released records are in
`builders.records`. Parsing an entry never raises: a bad entry becomes an `entry-invalid` problem at its line.
Types are strict (pydantic strict mode): `"41"` or `41.0` is not an offset and `"yes"` or `1` is not a boolean;
labels are matched against their enum's values (strict mode would otherwise want enum instances from Python input).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date
from typing import Annotated, Literal, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from builders.problems import Problem
from builders.records import CheckWorthiness, ClaimType, EntityType, MentionKind, Relation, Veracity
from builders.yamlio import line_of

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# Free text an annotator writes (names, statements, reasons): never empty or only whitespace.
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]


def _no_duplicates(items: list) -> list:
    repeated = sorted({str(item) for item in items if items.count(item) > 1})
    if repeated:
        raise ValueError(f"items repeated: {repeated}, expected each item once")
    return items


def UniqueList(item):  # noqa: N802 - used as a type
    return Annotated[list[item], AfterValidator(_no_duplicates)]


def Label(enum):  # noqa: N802 - used as a type
    """An enum field matched by value (strict mode would want an enum instance)."""
    return Annotated[enum, Field(strict=False)]


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _calendar(value: str) -> tuple[int, int, int]:
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    date(year, month, day)  # raises ValueError for a month or day that does not exist
    return year, month, day


def _date_value(value: str) -> str:
    _calendar(value)
    return value


def _time_value(value: str) -> str:
    """ISO 8601 style (GUIDELINES 2.14): a date, an interval `A/B`, or an open interval `A/..` or `../B`."""
    parts = value.split("/")
    try:
        if len(parts) == 1:
            _calendar(value)
        elif len(parts) == 2 and parts != ["..", ".."]:
            ends = [_calendar(part) for part in parts if part != ".."]
            if len(ends) == 2 and ends[0] > ends[1]:
                raise ValueError(f"interval {value!r} ends before it starts")
        else:
            raise ValueError(f"{value!r} has {len(parts) - 1} slashes")
    except ValueError as error:
        raise ValueError(f"time value {error}; expected a date (2035, 2024-06, 2025-12-18), an interval (2025-06-24/2025-06-25) or an open interval (2014/..)") from None
    return value


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Anchor(Entry):
    """An exact quote and the code-point offset where it starts in the raw text."""

    quote: str = Field(min_length=1)
    start: int = Field(ge=0)

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


Status = Literal["none", "proposed", "gold"]


class AnnotationStatus(Entry):
    """How far a document's annotated layers are: `none` (automatic layers only), `proposed` (files written by
    `hague-claims propose`, awaiting review; not released) or `gold` (reviewed; released). `claims` covers the
    document's check-worthiness labels, claims and its links file."""

    mentions: Status = "none"
    claims: Status = "none"


class Proposal(Entry):
    """Marks an item written by `hague-claims propose` and not yet accepted: how it was found and from what."""

    by: Text
    source: Optional[Text] = None
    similarity: Optional[float] = None


class DocumentEntry(Entry):
    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    file: Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    headline: bool
    publisher: Text
    url: str = Field(pattern=r"^https?://\S+$")
    published: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    date_source: Literal["address", "inferred", "given"]  # given: stated by whoever added it (`hague-claims add`)
    language: str = Field(pattern=r"^[a-z]{2}$")
    split: Literal["train", "validation", "test"]
    annotation: AnnotationStatus = AnnotationStatus()


class EntityEntry(Entry):
    id: str = Field(pattern=KEBAB)
    name: Text
    type: Label(EntityType)
    aliases: UniqueList(Text)
    description: Text
    wikidata: Optional[str] = Field(default=None, pattern=r"^Q[1-9][0-9]*$")


class MentionEntry(Anchor):
    entity: Text
    type: Label(EntityType)
    kind: Label(MentionKind)
    metonymy: bool = False
    note: Optional[Text] = None
    proposed: Optional[Proposal] = None


class NonMentionEntry(Anchor):
    entity: Text
    reason: Text


class SentenceLabelEntry(Entry):
    sentence: int = Field(ge=0)
    label: Label(CheckWorthiness)
    text: Text
    note: Optional[Text] = None
    proposed: Optional[Proposal] = None


class TimeAnchor(Anchor):
    value: Annotated[str, AfterValidator(_time_value)]


class ClaimEntry(Anchor):
    id: str = Field(pattern=r"^c[0-9]{3}$")
    type: Label(ClaimType)
    source: Text
    cue: Optional[Anchor]
    veracity: Label(Veracity)
    evidence: UniqueList(Text)
    looked_for: Optional[Text]
    time: Optional[TimeAnchor]
    statement: Text
    rationale: Text
    note: Optional[Text] = None
    proposed: Optional[Proposal] = None


class PassClaimEntry(ClaimEntry):
    """A claim of the frozen first and second passes (corpus/first_pass, corpus/second_pass): written before 2.0.0
    introduced claim statements, so `statement` is optional there."""

    statement: Optional[Text] = None


class FactEntry(Entry):
    id: str = Field(pattern=KEBAB)
    statement: Text
    source_title: Text
    source_url: str = Field(pattern=r"^https?://\S+$")
    source_date: Optional[Annotated[str, AfterValidator(_date_value)]]
    quote: Text
    reference: Text


class ClusterEntry(Entry):
    id: str = Field(pattern=KEBAB)
    statement: Text
    split: Literal["train", "validation", "test"]
    members: UniqueList(Text)
    note: Optional[Text] = None


class RelationEntry(Entry):
    a: Text
    b: Text
    relation: Label(Relation)
    note: Optional[Text] = None
    proposed: Optional[Proposal] = None


class UniqueEntry(Entry):
    claim: Text
    reason: Text
    proposed: Optional[Proposal] = None


class JoinEntry(Entry):
    """In a document's links file: one of its claims joins a cluster of corpus/links.yaml."""

    claim: Text
    cluster: Text
    proposed: Optional[Proposal] = None


class CandidateReview(Entry):
    a: Text
    b: Text
    decision: Literal["linked", "not-linked"]
    reason: Text
    proposed: Optional[Proposal] = None


E = TypeVar("E", bound=Entry)


def parse_entries(
    items: object, model: type[E], shown: str, key: str, parent_line: int = 1, same: Callable[[E], Hashable] | None = None
) -> tuple[list[tuple[E, int]], list[Problem]]:
    """Parse the list under `key`; every entry that does not fit `model` is reported at its own line. With `same`, an
    entry with the same `same(entry)` as an earlier one is a `duplicate-entry` (lists whose entries carry an id
    leave repeats to their `duplicate-id` or span rules)."""
    if items is None:
        items = []
    if not isinstance(items, list):
        found = type(items).__name__
        return [], [Problem(shown, parent_line, "entry-invalid", f"'{key}' is a {found}, expected a list of records")]
    parsed, problems = [], []
    first_line: dict[Hashable, int] = {}
    for item in items:
        line = line_of(item, parent_line)
        try:
            entry = model.model_validate(item)
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"]) or key
                found = detail.get("input")
                problems.append(
                    Problem(shown, line, "entry-invalid", f"{key} entry, field '{where}': {detail['msg']}; found {found!r}")
                )
            continue
        identity = same(entry) if same else None
        if same and identity in first_line:
            problems.append(Problem(shown, line, "duplicate-entry", f"{key} entry repeats the one at line {first_line[identity]}, expected each entry once"))
            continue
        first_line[identity] = line
        parsed.append((entry, line))
    return parsed, problems


def check_top_level(data: object, keys: tuple[str, ...], shown: str) -> list[Problem]:
    """A corpus file is a mapping whose keys are among `keys` (a misspelt key would silently be an empty list)."""
    if not isinstance(data, dict):
        return [Problem(shown, line_of(data), "entry-invalid", f"top level is a {type(data).__name__}, expected a mapping with {', '.join(keys)}")]
    unknown = sorted(set(data) - set(keys))
    if unknown:
        return [Problem(shown, line_of(data), "top-level-key-unknown", f"top-level key(s) {unknown}, expected only {', '.join(keys)}")]
    return []
