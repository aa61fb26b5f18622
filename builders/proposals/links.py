"""Proposed links for one document's proposed claims: the cluster each would join, its relation to every member
where the wording allows a safe proposal, and the candidate sentence pairs review must cover for this document.

Safe means: a claim whose projected wording is the same proposition as its source claim (identical words) stands in
the source claim's relations (equivalent to the source itself). A candidate pair is proposed "not-linked" when an
identical sentence was reviewed so, or when the proposed clusters already say so (a side holds no clustered claim,
or the two sides' claims are in different clusters; the build rejects a review that contradicts the links). Anything
else is left open (`null`) for a person to decide.
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
    unresolved = {sentence_of[f"{document_id}-{c['id']}"] for c in claims if f"{document_id}-{c['id']}" not in cluster_of_new}
    reviews = []
    for candidate in candidate_pairs(texts):
        if clusters_in.get(candidate.a, set()) & clusters_in.get(candidate.b, set()):
            continue  # linked through the gold clusters or the proposed joins: no review needed
        if document_id not in (document_of(candidate.a), document_of(candidate.b)):
            # TF-IDF weights are corpus-wide: a new document can lift a pair of other documents over the threshold
            if (candidate.a, candidate.b) not in gold.not_linked:
                reviews.append(_derived(candidate, candidate.a, candidate.b, clusters_in))
            continue
        own, other = (candidate.a, candidate.b) if document_of(candidate.a) == document_id else (candidate.b, candidate.a)
        source = source_of.get(own)
        if source is not None and normalised(texts[own]) == normalised(gold.sentences[source]["text"]) and tuple(sorted((source, other))) in gold.not_linked:
            decision, reason, rule = "not-linked", f"identical to {source}, which was reviewed as not linked to {other}", "inherited-review"
        elif own in unresolved:
            decision, reason, rule = None, None, "open"  # a claim of this sentence has no cluster yet: a link may be missing
        else:
            reviews.append(_derived(candidate, own, other, clusters_in))
            continue
        reviews.append({"a": candidate.a, "b": candidate.b, "decision": decision, "reason": reason, "proposed": {"by": rule, "similarity": candidate.score}})
    return reviews


def _derived(candidate, own: str, other: str, clusters_in: dict[str, set[str]]) -> dict:
    """A "not-linked" review that the clusters already imply (a side holds no clustered claim, or other clusters)."""
    if not clusters_in.get(own) or not clusters_in.get(other):
        reason, rule = f"{own if not clusters_in.get(own) else other} holds no clustered claim", "derived-from-claims"
    else:
        reason, rule = f"their claims are in different clusters ({', '.join(sorted(clusters_in[own]))} / {', '.join(sorted(clusters_in[other]))})", "derived-from-joins"
    return {"a": candidate.a, "b": candidate.b, "decision": "not-linked", "reason": reason, "proposed": {"by": rule, "similarity": candidate.score}}
