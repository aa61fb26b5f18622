"""Which item of one side is which item of the other: one-to-one matching of character spans in a document."""

from __future__ import annotations

from collections.abc import Sequence

OVERLAP = 0.5  # an overlap match needs a Jaccard overlap of the two character spans at least this large


def span_jaccard(a: dict, b: dict) -> float:
    if a["document_id"] != b["document_id"]:
        return 0.0
    inter = max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = max(a["end"], b["end"]) - min(a["start"], b["start"])
    return inter / union if union else 0.0


def exact_matches(gold: Sequence[dict], other: Sequence[dict]) -> list[tuple[dict, dict]]:
    """Pairs with the same document and offsets (each span is annotated once per side)."""
    by_span = {(g["document_id"], g["start"], g["end"]): g for g in gold}
    return [(by_span[key], o) for o in other if (key := (o["document_id"], o["start"], o["end"])) in by_span]


def overlap_matches(gold: Sequence[dict], other: Sequence[dict], threshold: float = OVERLAP) -> list[tuple[dict, dict]]:
    """One-to-one matching, greedy by span Jaccard (exact pairs first), ties by position; Jaccard >= `threshold`.

    Items are records with `id`, `document_id`, `start` and `end`; pairs come out in gold order."""
    by_document: dict[str, list[dict]] = {}
    for o in other:
        by_document.setdefault(o["document_id"], []).append(o)
    candidates = []
    for g in gold:
        for o in by_document.get(g["document_id"], []):
            score = span_jaccard(g, o)
            if score >= threshold and score > 0:
                candidates.append((-score, g["start"], g["end"], o["start"], o["end"], g["id"], o["id"], g, o))
    candidates.sort(key=lambda c: c[:7])
    used_gold, used_other, pairs = set(), set(), []
    for *_, g, o in candidates:
        if g["id"] not in used_gold and o["id"] not in used_other:
            used_gold.add(g["id"])
            used_other.add(o["id"])
            pairs.append((g, o))
    order = {g["id"]: position for position, g in enumerate(gold)}
    return sorted(pairs, key=lambda pair: order[pair[0]["id"]])
