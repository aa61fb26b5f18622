"""The gold part of the corpus as proposals read it: sentences with their labels, claims, mentions and links."""

from __future__ import annotations

from dataclasses import dataclass, field

from builders.automatic.candidates import document_of
from builders.corpus import Corpus
from builders.paths import ANNOTATIONS_DIR, LINKS_FILE
from builders.pipeline import run
from builders.problems import CorpusError
from builders.records import INVERSE_RELATION
from builders.yamlio import load_yaml


@dataclass
class Gold:
    """Released records of the gold documents (and the automatic sentences of every document), by id."""

    sentences: dict[str, dict] = field(default_factory=dict)  # every document's sentences
    labels: dict[str, str] = field(default_factory=dict)  # sentence id -> check-worthiness (gold documents)
    claims: dict[str, dict] = field(default_factory=dict)
    mentions: list[dict] = field(default_factory=list)
    entities: dict[str, dict] = field(default_factory=dict)
    cluster_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    relations: dict[tuple[str, str], str] = field(default_factory=dict)  # (a, b) -> "a is <relation> b", both orders
    unique: set[str] = field(default_factory=set)
    not_linked: set[tuple[str, str]] = field(default_factory=set)  # reviewed sentence pairs, sorted
    splits: dict[str, str] = field(default_factory=dict)  # document id -> split

    def claims_in(self, sentence_id: str) -> list[dict]:
        return sorted((c for c in self.claims.values() if c["sentence_id"] == sentence_id), key=lambda c: c["start"])

    def sentences_of(self, document_id: str) -> list[dict]:
        return sorted((s for s in self.sentences.values() if s["document_id"] == document_id), key=lambda s: s["index"])

    def without(self, document_id: str) -> "Gold":
        """The gold as if `document_id` had never been annotated (for leave-one-document-out measurements)."""
        kept_claims = {k: v for k, v in self.claims.items() if v["document_id"] != document_id}
        members = {c: [m for m in ms if m in kept_claims] for c, ms in self.members.items()}
        members = {c: ms for c, ms in members.items() if ms}
        mentions = [m for m in self.mentions if m["document_id"] != document_id]
        mentioned = {m["entity_id"] for m in mentions}
        return Gold(
            sentences=self.sentences,
            labels={k: v for k, v in self.labels.items() if document_of(k) != document_id},
            claims=kept_claims,
            mentions=mentions,
            entities={k: v for k, v in self.entities.items() if k in mentioned},
            cluster_of={k: v for k, v in self.cluster_of.items() if k in kept_claims},
            members=members,
            relations={k: v for k, v in self.relations.items() if k[0] in kept_claims and k[1] in kept_claims},
            # a claim left alone in its cluster restates nothing of the remaining gold: it is unique there
            unique={k for k in self.unique if k in kept_claims} | {ms[0] for ms in members.values() if len(ms) == 1},
            not_linked={p for p in self.not_linked if document_id not in (document_of(p[0]), document_of(p[1]))},
            splits=self.splits,
        )


def load_gold(corpus: Corpus) -> Gold:
    """Run the pipeline once (so the gold is validated exactly as the build validates it) and keep its records."""
    gold = Gold()

    def keep(config: str, split: str, record: dict) -> None:
        if config == "sentences":
            gold.sentences[record["id"]] = record
        elif config == "documents":
            gold.splits[record["id"]] = split
        elif config == "checkworthiness":
            gold.labels[record["id"]] = record["label"]
        elif config == "claims":
            gold.claims[record["id"]] = record
        elif config == "mentions":
            gold.mentions.append(record)
        elif config == "entities":
            gold.entities[record["id"]] = record
        elif config == "clusters":
            gold.members[record["id"]] = list(record["claim_ids"])
            for claim in record["claim_ids"]:
                gold.cluster_of[claim] = record["id"]
        elif config == "claim_links":
            gold.relations[(record["source_claim"], record["target_claim"])] = record["relation"]
            gold.relations[(record["target_claim"], record["source_claim"])] = INVERSE_RELATION[record["relation"]].value

    run(corpus, keep)
    gold.unique = {c for c in gold.claims if c not in gold.cluster_of}
    gold.not_linked = _not_linked_reviews(corpus)
    return gold


def _not_linked_reviews(corpus: Corpus) -> set[tuple[str, str]]:
    """Sentence pairs reviewed as not linked, in corpus/links.yaml and the documents' own links files."""
    files = [corpus.root / LINKS_FILE, *sorted((corpus.root / ANNOTATIONS_DIR / "links").glob("*.yaml"))]
    pairs = set()
    for path in files:
        if not path.is_file():
            continue
        try:
            data = load_yaml(path, corpus.shown(path))
        except CorpusError:
            continue  # the pipeline run above has already reported and refused a malformed links file
        for review in (data or {}).get("reviews") or []:
            if isinstance(review, dict) and review.get("decision") == "not-linked":
                pairs.add(tuple(sorted((str(review["a"]), str(review["b"])))))
    return pairs

