"""The `candidates` listing: cross-document candidate sentence pairs with their link-review status.

What the listing needs from the gold (`ReviewInputs`: sentence texts, the clusters each sentence's claims belong to,
the pairs reviewed as not linked) is small and JSON-ready, so the command can keep it in the content-addressed cache
(`builders.cache`) and list any document's pairs without running the pipeline again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from builders.automatic.candidates import THRESHOLD, candidate_pairs, document_of


@dataclass
class ReviewInputs:
    labelled: dict[str, str]  # sentence id -> text, for the sentences link review covers (gold labels), in gold order
    sentences: dict[str, list[list[str]]]  # document id -> [sentence id, text] of every sentence, in document order
    clusters_in: dict[str, list[str]]  # sentence id -> the clusters of its claims, sorted
    not_linked: list[list[str]]  # sentence pairs reviewed as not linked, each sorted

    def to_json(self) -> dict:
        return {"labelled": self.labelled, "sentences": self.sentences, "clusters_in": self.clusters_in, "not_linked": self.not_linked}

    @classmethod
    def from_json(cls, value: object) -> ReviewInputs | None:
        """The inputs stored by `to_json`, or None when `value` is not of that form."""
        try:
            inputs = cls(**value)
        except TypeError:
            return None
        fields = (inputs.labelled, inputs.sentences, inputs.clusters_in)
        return inputs if all(isinstance(f, dict) for f in fields) and isinstance(inputs.not_linked, list) else None


def review_inputs(gold) -> ReviewInputs:
    """What the listing needs of a `builders.proposals.gold.Gold`."""
    clusters_in: dict[str, set[str]] = {}
    for claim_id, cluster in gold.cluster_of.items():
        clusters_in.setdefault(gold.claims[claim_id]["sentence_id"], set()).add(cluster)
    sentences: dict[str, list[list[str]]] = {}
    for record in sorted(gold.sentences.values(), key=lambda s: (s["document_id"], s["index"])):
        sentences.setdefault(record["document_id"], []).append([record["id"], record["text"]])
    return ReviewInputs(
        labelled={sentence_id: gold.sentences[sentence_id]["text"] for sentence_id in gold.labels},
        sentences=sentences,
        clusters_in={sentence: sorted(clusters) for sentence, clusters in sorted(clusters_in.items())},
        not_linked=sorted([a, b] for a, b in gold.not_linked),
    )


def listing(inputs: ReviewInputs, document: str | None = None, unreviewed: bool = False, threshold: float | None = None) -> Iterator[str]:
    """The lines `hague-claims candidates` prints: each pair (score, sentences, status) and its two sentences."""
    texts = dict(inputs.labelled)  # what link review covers
    if document:
        texts.update({sentence_id: text for sentence_id, text in inputs.sentences.get(document, [])})  # a document not yet gold, too
    not_linked = {(a, b) for a, b in inputs.not_linked}
    for candidate in candidate_pairs(texts, THRESHOLD if threshold is None else threshold):
        a, b = candidate.a, candidate.b
        if document and document not in (document_of(a), document_of(b)):
            continue
        linked = set(inputs.clusters_in.get(a, ())) & set(inputs.clusters_in.get(b, ()))
        status = "linked" if linked else "reviewed-not-linked" if (a, b) in not_linked else "unreviewed"
        if unreviewed and status != "unreviewed":
            continue
        yield f"{candidate.score:.4f}\t{a}\t{b}\t{status}"
        for side in (a, b):
            yield f"  {side} [{', '.join(inputs.clusters_in.get(side, ())) or 'no cluster'}]: {texts[side]}"
