"""The release's configs: which record model each one carries and how its rows are split."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from builders import records as r


class SplitBy(StrEnum):
    DOCUMENT = "document"  # the split declared for the row's document in corpus/documents.yaml
    CLUSTER = "cluster"  # the split declared for the row's cluster in corpus/links.yaml
    NONE = "none"  # a corpus-wide table, one split named `full`


FULL_SPLIT = "full"
SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class Config:
    name: str
    model: type[BaseModel]
    split_by: SplitBy
    description: str

    @property
    def splits(self) -> tuple[str, ...]:
        return (FULL_SPLIT,) if self.split_by is SplitBy.NONE else SPLITS


CONFIGS: dict[str, Config] = {
    c.name: c
    for c in [
        Config("documents", r.Document, SplitBy.DOCUMENT, "One row per raw text: full text, headline, paragraphs, provenance."),
        Config("sentences", r.Sentence, SplitBy.DOCUMENT, "One row per sentence with code-point offsets into the raw text."),
        Config("entities", r.Entity, SplitBy.NONE, "The canonical entity inventory with mention counts."),
        Config("mentions", r.Mention, SplitBy.DOCUMENT, "Every entity mention: span, type, kind, entity id."),
        Config("ner", r.NerSentence, SplitBy.DOCUMENT, "Token-classification view: tokens and BIO tags per sentence."),
        Config("facts", r.Fact, SplitBy.NONE, "The evidence table: sourced facts that veracity verdicts may cite."),
        Config("claims", r.Claim, SplitBy.DOCUMENT, "Every claim: span, type, attribution, veracity, evidence, time."),
        Config("checkworthiness", r.CheckworthinessExample, SplitBy.DOCUMENT, "Sentence-level ClaimBuster labels."),
        Config("clusters", r.Cluster, SplitBy.NONE, "Cross-document claim clusters with a canonical statement."),
        Config("claim_links", r.ClaimLink, SplitBy.CLUSTER, "Typed relations between claims of different documents."),
        Config("claim_pairs", r.ClaimPair, SplitBy.CLUSTER, "Cross-document claim pairs for pair classification."),
    ]
}
DEFAULT_CONFIG = "claims"
