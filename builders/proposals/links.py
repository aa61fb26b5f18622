"""Proposed links for one document's proposed claims: the cluster each would join, its relation to every member
where the wording allows a safe proposal, and the candidate sentence pairs review must cover for this document.

Safe means: a claim whose projected wording is the same proposition as its source claim (identical words) stands in
the source claim's relations (equivalent to the source itself), and an identical sentence inherits a reviewed
"not-linked" decision. Anything else is left open (`null`) for a person to decide.
"""

from __future__ import annotations

from builders.automatic.candidates import candidate_pairs, document_of
from builders.proposals.claims import Alignment, normalised
from builders.proposals.gold import Gold


def propose_links(document_id: str, sentences: list[dict], claims: list[dict], alignments: list[Alignment], gold: Gold) -> dict:
    """The document's links file (`joins`, `relations`, `reviews`, plus `open` notes), every item marked proposed."""
    joins, relations, open_notes = [], [], []
    cluster_of_new: dict[str, str] = {}
    for claim in claims:
        claim_id = f"{document_id}-{claim['id']}"
        source = claim["proposed"]["source"]
        identical = claim["proposed"]["by"] == "projected-identical"
        cluster = gold.cluster_of.get(source)
        if cluster is None:
            open_notes.append({"claim": claim_id, "note": f"restates {source}, which is unique in the gold: decide whether the two found a cluster (move {source} out of 'unique') or this claim is unique"})
            continue
        joins.append({"claim": claim_id, "cluster": cluster, "proposed": {"by": "source-cluster", "source": source}})
        cluster_of_new[claim_id] = cluster
        for member in sorted(gold.members[cluster]):
            if document_of(member) == document_id:
                continue
            if identical and member == source:
                relation, rule = "equivalent", "identical-to-source"
            elif identical and (source, member) in gold.relations:
                relation, rule = gold.relations[(source, member)], f"source-relation ({source} is {gold.relations[(source, member)]} {member})"
            else:
                relation, rule = None, "open"
            relations.append({"a": claim_id, "b": member, "relation": relation, "proposed": {"by": rule, "source": source}})
    reviews = _reviews(document_id, sentences, claims, alignments, cluster_of_new, gold)
    return {"joins": joins, "relations": relations, "reviews": reviews, "open": open_notes}


def _reviews(document_id, sentences, claims, alignments, cluster_of_new, gold) -> list[dict]:
    texts = {sid: gold.sentences[sid]["text"] for sid in gold.labels if document_of(sid) != document_id}
    texts.update({s["id"]: s["text"] for s in sentences})
    sentence_of = {f"{document_id}-{c['id']}": next(s["id"] for s in sentences if s["start"] <= c["start"] < s["end"]) for c in claims}
    clusters_in: dict[str, set[str]] = {}
    for claim_id, cluster in cluster_of_new.items():
        clusters_in.setdefault(sentence_of[claim_id], set()).add(cluster)
    for claim_id, cluster in gold.cluster_of.items():
        clusters_in.setdefault(gold.claims[claim_id]["sentence_id"], set()).add(cluster)
    source_of = {a.sentence_id: a.source_id for a in alignments}
    reviews = []
    for candidate in candidate_pairs(texts):
        if document_id not in (document_of(candidate.a), document_of(candidate.b)):
            continue
        if document_of(candidate.a) == document_of(candidate.b):
            continue
        if clusters_in.get(candidate.a, set()) & clusters_in.get(candidate.b, set()):
            continue  # linked through the proposed joins: no review needed
        own, other = (candidate.a, candidate.b) if document_of(candidate.a) == document_id else (candidate.b, candidate.a)
        source = source_of.get(own)
        inherited = source is not None and normalised(texts[own]) == normalised(gold.sentences[source]["text"]) and tuple(sorted((source, other))) in gold.not_linked
        reviews.append({
            "a": candidate.a, "b": candidate.b, "decision": "not-linked" if inherited else None,
            "reason": f"identical to {source}, reviewed not linked to {other}" if inherited else None,
            "proposed": {"by": "inherited-review" if inherited else "open", "similarity": candidate.score},
        })
    return reviews
