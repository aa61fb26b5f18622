"""What one cluster page shows: each document's wording of the claim side by side, how the members relate, and
which of them conflict with each other or with the record."""

from __future__ import annotations

from builders.records import INVERSE_RELATION
from builders.viewer.data import Release
from builders.viewer.markup import difference, slug

CONFLICTING = "conflicting"
REFUTED = "refuted"
# A relation read the other way round ("A is more-specific than B" = "B is less-specific than A"); a relation not
# listed here has no known inverse and its mirror cell stays empty.


def cluster_page(release: Release, cluster: dict) -> dict:
    """The template context of one cluster page."""
    claims = [c for c in (release.one("claims", claim_id) for claim_id in cluster.get("claim_ids") or []) if c]
    claims.sort(key=lambda c: (c["document_id"], c["start"], c["id"]))
    links = release["claim_links"].group(cluster["id"])
    # The canonical statement is the reference the members are compared with; without one, the first member is.
    reference = cluster.get("statement") or (claims[0].get("statement") or claims[0]["text"] if claims else "")
    in_conflict = {c for link in links if link.get("relation") == CONFLICTING for c in (link["source_claim"], link["target_claim"])}
    documents = {}
    for claim in claims:
        documents.setdefault(claim["document_id"], []).append(claim)
    columns = []
    for doc_id in sorted(documents):
        members = [member_view(release, claim, reference, in_conflict) for claim in documents[doc_id]]
        columns.append({
            "document": release.one("documents", doc_id) or {"id": doc_id},
            "members": members,
            "conflict": any(m["conflict"] for m in members),
            "refuted": any(m["claim"].get("veracity") == REFUTED for m in members),
        })
    relation = {(link["source_claim"], link["target_claim"]): (link.get("relation"), False) for link in links}
    for link in links:
        mirror = (link["target_claim"], link["source_claim"])
        if mirror not in relation and link.get("relation") in INVERSE_RELATION:
            relation[mirror] = (INVERSE_RELATION[link["relation"]].value, True)
    matrix = [(a, [(b, *relation.get((a["id"], b["id"]), (None, False))) for b in claims]) for a in claims]
    conflicts = [(release.one("claims", link["source_claim"]), release.one("claims", link["target_claim"]))
                 for link in links if link.get("relation") == CONFLICTING]
    refuted = [m for column in columns for m in column["members"] if m["claim"].get("veracity") == REFUTED]
    return {
        "cluster": cluster,
        "reference": reference,
        "reference_is_statement": bool(cluster.get("statement")),
        "columns": columns,
        "claims": claims,
        "matrix": matrix,
        "relations": release["claim_links"].labels.get("relation", []),
        "conflicts": conflicts,
        "refuted": refuted,
        "has_conflict": bool(conflicts) or bool(refuted),
    }


def member_view(release: Release, claim: dict, reference: str, in_conflict: set[str]) -> dict:
    diff = difference(claim["text"], reference)
    return {
        "claim": claim,
        "anchor": "claim-" + slug(claim["id"]),
        "diff": diff,
        "conflict": claim["id"] in in_conflict,
        "facts": [(fact_id, release.one("facts", fact_id)) for fact_id in claim.get("evidence") or []],
    }


def cluster_summary(release: Release, cluster: dict, links: list[dict]) -> dict:
    """One row of the index: a cluster's size and whether it holds a conflict (a conflicting link or a refuted member)."""
    veracity = [(release.one("claims", c) or {}).get("veracity") for c in cluster.get("claim_ids") or []]
    conflicting = sum(1 for link in links if link.get("relation") == CONFLICTING)
    return {
        "cluster": cluster,
        "size": len(cluster.get("claim_ids") or []),
        "documents": len(cluster.get("document_ids") or []),
        "conflicting": conflicting,
        "refuted": veracity.count(REFUTED),
    }
