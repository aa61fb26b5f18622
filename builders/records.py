"""The released records, defined once.

Every config of the release is one model here. The JSON Schemas (`schema/*.schema.json`), the Arrow schema and the
Hugging Face `Features` are all derived from these classes (see `builders.features` and `builders.schemas`);
label fields are `StrEnum`s and become `ClassLabel`s whose names are the enum values, in declaration order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class EntityType(StrEnum):
    PER = "PER"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    NORP = "NORP"
    EVENT = "EVENT"
    DATE = "DATE"
    QUANTITY = "QUANTITY"


class MentionKind(StrEnum):
    NAME = "name"
    NOMINAL = "nominal"
    PRONOUN = "pronoun"


NerTag = StrEnum("NerTag", [("O", "O")] + [(f"{p}_{t.value}", f"{p}-{t.value}") for t in EntityType for p in "BI"])


class CheckWorthiness(StrEnum):
    NON_FACTUAL = "non-factual"
    UNIMPORTANT_FACTUAL = "unimportant-factual"
    CHECK_WORTHY_FACTUAL = "check-worthy-factual"


class ClaimType(StrEnum):
    EVENT = "event"
    QUANTITY = "quantity"
    REPORTED_STATEMENT = "reported-statement"
    ATTRIBUTED_STANCE = "attributed-stance"
    CHARACTERISATION = "characterisation"
    PREDICTION = "prediction"


class Veracity(StrEnum):
    SUPPORTED = "supported"
    REFUTED = "refuted"
    NOT_ENOUGH_INFO = "not-enough-info"
    NOT_APPLICABLE = "not-applicable"
    # Added in 2.0.0 at the end, so the integer codes of the four labels above keep their meaning.
    CONFLICTING_EVIDENCE_CHERRYPICKING = "conflicting-evidence-cherrypicking"


class Relation(StrEnum):
    """How claim A relates to claim B, read as "A is <relation> B"."""

    EQUIVALENT = "equivalent"
    MORE_SPECIFIC = "more-specific"
    LESS_SPECIFIC = "less-specific"
    CONFLICTING = "conflicting"


class PairLabel(StrEnum):
    EQUIVALENT = "equivalent"
    MORE_SPECIFIC = "more-specific"
    LESS_SPECIFIC = "less-specific"
    CONFLICTING = "conflicting"
    UNRELATED = "unrelated"


class AnnotationState(StrEnum):
    """How far a document's annotated layer is; only `gold` layers are released."""

    NONE = "none"
    PROPOSED = "proposed"
    GOLD = "gold"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


DERIVED = {"derived": True}  # json_schema_extra of a field computed from other records (see `derived_fields`)


def derived_fields(model: type[BaseModel]) -> list[str]:
    """Fields whose values follow from other records (counts, memberships): adding records may change them, so the
    lock leaves them out of record digests and an addition stays a MINOR change."""
    return [name for name, field in model.model_fields.items() if (field.json_schema_extra or {}).get("derived")]


class Span(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0, description="Code-point offset of the first character in the raw text.")
    end: int = Field(ge=0, description="Code-point offset one past the last character (exclusive).")


class Document(Record):
    """One raw news text with its provenance (config `documents`)."""

    id: str = Field(pattern=r"^[0-9a-f]{16}$", description="Hex part of the raw file name.")
    file: str = Field(description="Raw file, relative to corpus/.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the raw bytes.")
    headline: Optional[str] = Field(description="The headline line, or null when the text has none.")
    text: str = Field(description="The raw text, exactly as published in corpus/raw/.")
    paragraphs: list[Span] = Field(description="Spans of the non-blank lines, in order.")
    publisher: str
    url: str
    published: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date (ISO 8601).")
    date_source: str = Field(description="'address' when the date is in the URL, 'inferred' when the curators inferred it, 'given' when whoever added the document stated it.")
    language: str
    mentions_status: AnnotationState = Field(description="Annotation status of the document's entity mentions; `mentions` and `ner` rows exist only when 'gold'.")
    claims_status: AnnotationState = Field(description="Annotation status of the document's check-worthiness labels, claims and links; their rows exist only when 'gold'.")


class Sentence(Record):
    """One sentence; the headline counts as one (config `sentences`)."""

    id: str = Field(description="<document id>-s<index, three digits>.")
    document_id: str
    index: int = Field(ge=0)
    paragraph: int = Field(ge=0, description="Index of the paragraph (non-blank line) holding the sentence.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    is_headline: bool
    tokens: list[str] = Field(description="The sentence's tokens (automatic; the same tokenisation as the `ner` config).")
    token_starts: list[int] = Field(description="Code-point offset of each token in the raw text.")
    token_ends: list[int] = Field(description="Code-point offset one past each token's end (exclusive).")


class Entity(Record):
    """A canonical referent; cross-document coreference is the shared id (config `entities`)."""

    id: str
    name: str
    type: EntityType
    aliases: list[str]
    description: str
    wikidata: Optional[str]
    mention_count: int = Field(ge=0, description="Number of gold mentions of the entity in the release (derived).", json_schema_extra=DERIVED)
    documents: list[str] = Field(description="Ids of the documents with a gold mention of the entity (derived).", json_schema_extra=DERIVED)


class Mention(Record):
    """One mention of an inventory entity (config `mentions`)."""

    id: str = Field(description="<document id>-m<start>-<end>, offsets zero-padded to five digits.")
    document_id: str
    sentence_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    type: EntityType
    kind: MentionKind
    entity_id: str
    metonymy: bool


class NerSentence(Record):
    """A sentence as tokens with BIO tags over its outermost `name` mentions (config `ner`)."""

    id: str = Field(description="The sentence id.")
    document_id: str
    tokens: list[str]
    token_starts: list[int] = Field(description="Code-point offset of each token in the raw text.")
    token_ends: list[int]
    ner_tags: list[NerTag]


class Fact(Record):
    """A sourced fact a veracity verdict may cite (config `facts`; not every fact is cited)."""

    id: str
    statement: str
    source_title: str
    source_url: str
    source_date: Optional[str]
    quote: str
    reference: str = Field(description="Section (F1-F6) of corpus/reference/facts.md, the sourced notes the fact comes from.")


class Claim(Record):
    """One claim with its attribution, veracity and evidence (config `claims`)."""

    id: str = Field(description="<document id>-<claim id in the annotation file>.")
    document_id: str
    sentence_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    statement: str = Field(
        min_length=1,
        description="The claim as one self-contained sentence readable without its document: pronouns and anaphora resolved, the speaker named for attributed claims, relative dates made absolute where the text allows, the claim's own hedges and errors kept (a false claim is never corrected here).",
    )
    claim_type: ClaimType
    checkworthiness: CheckWorthiness = Field(description="The label of the claim's sentence.")
    source: str = Field(description="Entity id of the attributed source, 'article' for the article's own voice, or 'unspecified' for a source the text gives that is no single entity.")
    cue: Optional[str]
    cue_start: Optional[int]
    cue_end: Optional[int]
    veracity: Veracity
    evidence: list[str] = Field(description="Fact ids the verdict rests on.")
    looked_for: Optional[str] = Field(description="For not-enough-info: what evidence was looked for.")
    time_text: Optional[str]
    time_start: Optional[int]
    time_end: Optional[int]
    time_value: Optional[str] = Field(description="Normalised time (ISO 8601 style, '/' for intervals).")
    rationale: str


class CheckworthinessExample(Record):
    """One sentence with its ClaimBuster label (config `checkworthiness`)."""

    id: str
    document_id: str
    text: str
    label: CheckWorthiness


class Cluster(Record):
    """Claims across documents that report one proposition (config `clusters`)."""

    id: str
    statement: str
    claim_ids: list[str] = Field(description="Member claims (derived from the cluster's links).", json_schema_extra=DERIVED)
    document_ids: list[str] = Field(description="Documents of the member claims (derived).", json_schema_extra=DERIVED)


class ClaimLink(Record):
    """A typed relation between two claims of different documents in one cluster (config `claim_links`)."""

    id: str
    cluster_id: str
    source_claim: str
    target_claim: str
    source_document: str
    target_document: str
    relation: Relation


class ClaimPair(Record):
    """A cross-document claim pair for pair classification (config `claim_pairs`)."""

    id: str
    claim1: str
    claim2: str
    document1: str
    document2: str
    sentence1: str = Field(description="Text of claim1.")
    sentence2: str = Field(description="Text of claim2.")
    label: PairLabel
    cluster_id: Optional[str] = Field(description="The shared cluster, or null for unrelated pairs.")
