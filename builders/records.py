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


INVERSE_RELATION = {
    Relation.EQUIVALENT: Relation.EQUIVALENT,
    Relation.MORE_SPECIFIC: Relation.LESS_SPECIFIC,
    Relation.LESS_SPECIFIC: Relation.MORE_SPECIFIC,
    Relation.CONFLICTING: Relation.CONFLICTING,
}  # "A is R B" read from B's side; keyed by the enum, so a label's name looks it up too


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
    publisher: str = Field(description="Site the text was published on (domain name).")
    url: str = Field(description="Address the text was found at.")
    published: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date (ISO 8601).")
    date_source: str = Field(description="'address' when the date is in the URL, 'inferred' when the curators inferred it, 'given' when whoever added the document stated it.")
    language: str = Field(description="Language of the text (BCP 47).")
    mentions_status: AnnotationState = Field(description="Annotation status of the document's entity mentions; `mentions` and `ner` rows exist only when 'gold'.")
    claims_status: AnnotationState = Field(description="Annotation status of the document's check-worthiness labels, claims and links; their rows exist only when 'gold'.")


class Sentence(Record):
    """One sentence; the headline counts as one (config `sentences`)."""

    id: str = Field(description="<document id>-s<index, three digits>.")
    document_id: str = Field(description="Id of the document (config `documents`).")
    index: int = Field(ge=0, description="Position of the sentence in its document, from 0.")
    paragraph: int = Field(ge=0, description="Index of the paragraph (non-blank line) holding the sentence.")
    start: int = Field(ge=0, description="Code-point offset of the first character in the document's raw text.")
    end: int = Field(ge=0, description="Code-point offset one past the last character (exclusive).")
    text: str = Field(description="The sentence, exactly text[start:end] of the document.")
    is_headline: bool = Field(description="True for the headline line.")
    tokens: list[str] = Field(description="The sentence's tokens (automatic; the same tokenisation as the `ner` config).")
    token_starts: list[int] = Field(description="Code-point offset of each token in the raw text.")
    token_ends: list[int] = Field(description="Code-point offset one past each token's end (exclusive).")


class Entity(Record):
    """A canonical referent; cross-document coreference is the shared id (config `entities`)."""

    id: str = Field(description="Entity id (kebab-case name); `entity_id` of mentions and `source` of claims refer to it.")
    name: str = Field(description="Canonical name.")
    type: EntityType = Field(description="Entity type (ACE/OntoNotes-style); every mention of the entity has this type.")
    aliases: list[str] = Field(description="Names the entity goes by in the texts; every occurrence is a mention or a listed non-mention.")
    description: str = Field(description="One line saying who or what the entity is; for DATE and QUANTITY the normalised value.")
    wikidata: Optional[str] = Field(description="Wikidata id where a cited source confirms it, else null (no id is guessed).")
    mention_count: int = Field(ge=0, description="Number of gold mentions of the entity in the release (derived).", json_schema_extra=DERIVED)
    documents: list[str] = Field(description="Ids of the documents with a gold mention of the entity (derived).", json_schema_extra=DERIVED)


class Mention(Record):
    """One mention of an inventory entity (config `mentions`)."""

    id: str = Field(description="<document id>-m<start>-<end>, offsets zero-padded to five digits.")
    document_id: str = Field(description="Id of the document.")
    sentence_id: str = Field(description="Id of the sentence holding the mention.")
    start: int = Field(ge=0, description="Code-point offset of the first character in the document's raw text.")
    end: int = Field(ge=0, description="Code-point offset one past the last character (exclusive).")
    text: str = Field(description="The mention, exactly text[start:end] of the document.")
    type: EntityType = Field(description="Entity type (always the linked entity's type).")
    kind: MentionKind = Field(description="name, nominal (a common-noun phrase) or pronoun.")
    entity_id: str = Field(description="Id of the entity referred to (config `entities`); the same id across documents is cross-document coreference.")
    metonymy: bool = Field(description="True when a name stands for something else ('Moscow' for the Russian state); the mention links to what it stands for.")


class NerSentence(Record):
    """A sentence as tokens with BIO tags over its outermost `name` mentions (config `ner`)."""

    id: str = Field(description="The sentence id.")
    document_id: str = Field(description="Id of the document.")
    tokens: list[str] = Field(description="Tokens of the sentence (split at every word and punctuation boundary).")
    token_starts: list[int] = Field(description="Code-point offset of each token in the raw text.")
    token_ends: list[int] = Field(description="Code-point offset one past each token's last character (exclusive).")
    ner_tags: list[NerTag] = Field(description="BIO tag of each token, over the outermost `name` mentions only.")


class Fact(Record):
    """A sourced fact a veracity verdict may cite (config `facts`; not every fact is cited)."""

    id: str = Field(description="Fact id (kebab-case), cited by `evidence` of claims. Fact ids and cluster ids are separate namespaces.")
    statement: str = Field(description="The fact, in the annotators' words.")
    source_title: str = Field(description="Title of the cited source ([a description in brackets] where it has none).")
    source_url: str = Field(description="Address of the cited source.")
    source_date: Optional[str] = Field(description="Publication date of the source (YYYY-MM-DD), or null where unknown.")
    quote: str = Field(description="The source's own words supporting the statement (Russian where the source is Russian).")
    reference: str = Field(description="Section (F1-F6) of corpus/reference/facts.md, the sourced notes the fact comes from.")


class Claim(Record):
    """One claim with its attribution, veracity and evidence (config `claims`)."""

    id: str = Field(description="<document id>-<claim id in the annotation file>.")
    document_id: str = Field(description="Id of the document.")
    sentence_id: str = Field(description="Id of the sentence holding the claim.")
    start: int = Field(ge=0, description="Code-point offset of the claim span's first character in the document's raw text.")
    end: int = Field(ge=0, description="Code-point offset one past the claim span's last character (exclusive).")
    text: str = Field(description="The claim span (the content asserted), exactly text[start:end] of the document; part of a sentence.")
    statement: str = Field(
        min_length=1,
        description="The claim as one self-contained sentence readable without its document: pronouns and anaphora resolved, the speaker named for attributed claims, relative dates made absolute where the text allows, the claim's own hedges and errors kept (a false claim is never corrected here).",
    )
    claim_type: ClaimType = Field(description="Claim type: attributed (reported-statement, attributed-stance) or the article's own (event, quantity, characterisation, prediction).")
    checkworthiness: CheckWorthiness = Field(description="The label of the claim's sentence.")
    source: str = Field(description="Entity id of the attributed source, 'article' for the article's own voice, or 'unspecified' for a source the text gives that is no single entity.")
    cue: Optional[str] = Field(description="The attribution cue ('emphasized', 'according to', 'views'), or null for the article's own voice.")
    cue_start: Optional[int] = Field(description="Code-point offset of the cue in the raw text, or null.")
    cue_end: Optional[int] = Field(description="Code-point offset one past the cue (exclusive), or null.")
    veracity: Veracity = Field(description="Verdict against the facts config as of 2025-12-18; for attributed claims the attribution is judged (did the source say or hold it).")
    evidence: list[str] = Field(description="Fact ids the verdict rests on.")
    looked_for: Optional[str] = Field(description="For not-enough-info: what evidence was looked for.")
    time_text: Optional[str] = Field(description="The time expression the claim's truth depends on ('by 2035', 'since 2014'), or null.")
    time_start: Optional[int] = Field(description="Code-point offset of the time expression, or null.")
    time_end: Optional[int] = Field(description="Code-point offset one past the time expression (exclusive), or null.")
    time_value: Optional[str] = Field(description="Normalised time (ISO 8601 style, '/' for intervals).")
    rationale: str = Field(description="Why the verdict, in one or two sentences naming what the evidence says.")


class CheckworthinessExample(Record):
    """One sentence with its ClaimBuster label (config `checkworthiness`)."""

    id: str = Field(description="The sentence id.")
    document_id: str = Field(description="Id of the document.")
    text: str = Field(description="The sentence text.")
    label: CheckWorthiness = Field(description="ClaimBuster check-worthiness of the sentence.")


class Cluster(Record):
    """Claims across documents that report one proposition (config `clusters`)."""

    id: str = Field(description="Cluster id (kebab-case). Cluster ids and fact ids are separate namespaces.")
    statement: str = Field(description="Canonical statement of the proposition the member claims report.")
    claim_ids: list[str] = Field(description="Member claims (derived from the cluster's links).", json_schema_extra=DERIVED)
    document_ids: list[str] = Field(description="Documents of the member claims (derived).", json_schema_extra=DERIVED)


class ClaimLink(Record):
    """A typed relation between two claims of different documents in one cluster (config `claim_links`)."""

    id: str = Field(description="<source claim id>--<target claim id>.")
    cluster_id: str = Field(description="The cluster both claims belong to.")
    source_claim: str = Field(description="Id of claim A (config `claims`).")
    target_claim: str = Field(description="Id of claim B, in another document.")
    source_document: str = Field(description="Document of claim A.")
    target_document: str = Field(description="Document of claim B.")
    relation: Relation = Field(description="How A relates to B, read 'A is <relation> B'.")


class ClaimPair(Record):
    """A cross-document claim pair for pair classification (config `claim_pairs`)."""

    id: str = Field(description="<claim1 id>--<claim2 id>; equals the claim_links id for linked pairs.")
    claim1: str = Field(description="Id of the first claim (config `claims`).")
    claim2: str = Field(description="Id of the second claim, in another document.")
    document1: str = Field(description="Document of claim1.")
    document2: str = Field(description="Document of claim2.")
    text1: str = Field(description="The claim span of claim1 (its `text` in `claims`), not the whole sentence.")
    text2: str = Field(description="The claim span of claim2, not the whole sentence.")
    label: PairLabel = Field(description="The relation 'claim1 is <label> claim2', or unrelated for a reviewed candidate pair that was not linked.")
    cluster_id: Optional[str] = Field(description="The shared cluster, or null for unrelated pairs.")
