"""The human-edited corpus files, as typed entries: one model per kind of YAML record.

These are the *input* formats (what an annotator writes, see corpus/GUIDELINES.md); the released records are in
`builders.records`. Parsing an entry never raises: a bad entry becomes an `entry-invalid` problem at its line.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from builders.problems import Problem
from builders.records import CheckWorthiness, ClaimType, EntityType, MentionKind, Relation, Veracity
from builders.yamlio import line_of

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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

    by: str = Field(min_length=1)
    source: Optional[str] = None
    similarity: Optional[float] = None


class DocumentEntry(Entry):
    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    headline: bool
    publisher: str
    url: str
    published: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    date_source: Literal["address", "inferred", "given"]  # given: stated by whoever added it (`hague-claims add`)
    language: str = Field(pattern=r"^[a-z]{2}$")
    split: Literal["train", "validation", "test"]
    annotation: AnnotationStatus = AnnotationStatus()


class EntityEntry(Entry):
    id: str = Field(pattern=KEBAB)
    name: str
    type: EntityType
    aliases: list[Annotated[str, Field(min_length=1)]]
    description: str
    wikidata: Optional[str] = Field(default=None, pattern=r"^Q[1-9][0-9]*$")


class MentionEntry(Anchor):
    entity: str
    type: EntityType
    kind: MentionKind
    metonymy: bool = False
    note: Optional[str] = None
    proposed: Optional[Proposal] = None


class NonMentionEntry(Anchor):
    entity: str
    reason: str = Field(min_length=1)


class SentenceLabelEntry(Entry):
    sentence: int = Field(ge=0)
    label: CheckWorthiness
    text: str
    note: Optional[str] = None
    proposed: Optional[Proposal] = None


class TimeAnchor(Anchor):
    value: str = Field(min_length=1)


class ClaimEntry(Anchor):
    id: str = Field(pattern=r"^c[0-9]{3}$")
    type: ClaimType
    source: str
    cue: Optional[Anchor]
    veracity: Veracity
    evidence: list[str]
    looked_for: Optional[str]
    time: Optional[TimeAnchor]
    statement: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    note: Optional[str] = None
    proposed: Optional[Proposal] = None


class PassClaimEntry(ClaimEntry):
    """A claim of the frozen first and second passes (corpus/first_pass, corpus/second_pass): written before 2.0.0
    introduced claim statements, so `statement` is optional there."""

    statement: Optional[str] = None


class FactEntry(Entry):
    id: str = Field(pattern=KEBAB)
    statement: str
    source_title: str
    source_url: str = Field(pattern=r"^https?://")
    source_date: Optional[str] = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    quote: str
    reference: str


class ClusterEntry(Entry):
    id: str = Field(pattern=KEBAB)
    statement: str = Field(min_length=1)
    split: Literal["train", "validation", "test"]
    members: list[str]
    note: Optional[str] = None


class RelationEntry(Entry):
    a: str
    b: str
    relation: Relation
    note: Optional[str] = None
    proposed: Optional[Proposal] = None


class UniqueEntry(Entry):
    claim: str
    reason: str = Field(min_length=1)
    proposed: Optional[Proposal] = None


class JoinEntry(Entry):
    """In a document's links file: one of its claims joins a cluster of corpus/links.yaml."""

    claim: str
    cluster: str
    proposed: Optional[Proposal] = None


class CandidateReview(Entry):
    a: str
    b: str
    decision: Literal["linked", "not-linked"]
    reason: str = Field(min_length=1)
    proposed: Optional[Proposal] = None


E = TypeVar("E", bound=Entry)


def parse_entries(items: object, model: type[E], shown: str, key: str, parent_line: int = 1) -> tuple[list[tuple[E, int]], list[Problem]]:
    """Parse the list under `key`; every entry that does not fit `model` is reported at its own line."""
    if items is None:
        items = []
    if not isinstance(items, list):
        found = type(items).__name__
        return [], [Problem(shown, parent_line, "entry-invalid", f"'{key}' is a {found}, expected a list of records")]
    parsed, problems = [], []
    for item in items:
        line = line_of(item, parent_line)
        try:
            parsed.append((model.model_validate(item), line))
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"]) or key
                found = detail.get("input")
                problems.append(
                    Problem(shown, line, "entry-invalid", f"{key} entry, field '{where}': {detail['msg']}; found {found!r}")
                )
    return parsed, problems
