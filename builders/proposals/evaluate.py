"""How good the proposals are: leave one gold document out, propose it from the others, score against its gold.

Figures per document and pooled: mention precision/recall/F1 (exact span and entity), claim span precision/recall
(overlap matching: character Jaccard >= 0.5), check-worthiness accuracy where a label was proposed and the share of
sentences that got one, cluster assignment accuracy on matched claims (the proposed cluster, or none, against the
gold cluster, or unique), and relation accuracy where a relation was proposed. "Edits" counts what a reviewer must
add, delete or relabel after accepting everything, beside the items an annotator writes from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builders.corpus import Corpus, load_corpus, read_document
from builders.proposals.gold import Gold, load_gold
from builders.proposals.propose import proposals_for

OVERLAP = 0.5


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, **values: int) -> None:
        for key, value in values.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def ratio(self, numerator: str, denominator: str) -> float:
        return self.counts.get(numerator, 0) / self.counts[denominator] if self.counts.get(denominator) else 0.0

    def f1(self, prefix: str) -> tuple[float, float, float]:
        precision, recall = self.ratio(f"{prefix}_tp", f"{prefix}_proposed"), self.ratio(f"{prefix}_tp", f"{prefix}_gold")
        return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def score_document(document_id: str, text: str, gold: Gold) -> Tally:
    """Propose `document_id` from the gold without it, and count agreements with its own gold."""
    others = gold.without(document_id)
    proposed = proposals_for(document_id, text, others)
    tally = Tally()

    gold_mentions = {(m["start"], m["end"], m["entity_id"]) for m in gold.mentions if m["document_id"] == document_id}
    proposed_mentions = {(m["start"], m["start"] + len(m["quote"]), m["entity"]) for m in proposed.mentions}
    tally.add(mention_tp=len(gold_mentions & proposed_mentions), mention_proposed=len(proposed_mentions), mention_gold=len(gold_mentions))

    labels = {s["id"]: gold.labels[s["id"]] for s in gold.sentences_of(document_id) if s["id"] in gold.labels}
    for entry in proposed.labels:
        sentence_id = f"{document_id}-s{entry['sentence']:03d}"
        tally.add(sentences=1, label_proposed=int(entry["label"] is not None), label_right=int(entry["label"] is not None and entry["label"] == labels.get(sentence_id)))

    gold_claims = sorted((c for c in gold.claims.values() if c["document_id"] == document_id), key=lambda c: c["start"])
    joins = {j["claim"]: j["cluster"] for j in proposed.links["joins"]}
    matched: dict[str, dict] = {}
    for claim in proposed.claims:
        span = (claim["start"], claim["start"] + len(claim["quote"]))
        best = max((c for c in gold_claims if c["id"] not in {m["id"] for m in matched.values()}), key=lambda c: _jaccard(span, (c["start"], c["end"])), default=None)
        if best is not None and _jaccard(span, (best["start"], best["end"])) >= OVERLAP:
            matched[claim["id"]] = best
    tally.add(claim_tp=len(matched), claim_proposed=len(proposed.claims), claim_gold=len(gold_claims))
    for local_id, gold_claim in matched.items():
        proposed_cluster = joins.get(f"{document_id}-{local_id}")
        tally.add(cluster_judged=1, cluster_right=int(proposed_cluster == gold.cluster_of.get(gold_claim["id"])))
    to_gold = {f"{document_id}-{local}": c["id"] for local, c in matched.items()}
    for relation in proposed.links["relations"]:
        if relation["relation"] is None:
            continue
        expected = gold.relations.get((to_gold.get(relation["a"], ""), relation["b"]))
        tally.add(relation_proposed=1, relation_right=int(relation["relation"] == expected))
    right_labels = tally.counts.get("label_right", 0)
    tally.add(
        edits=(len(proposed_mentions - gold_mentions) + len(gold_mentions - proposed_mentions) + (len(labels) - right_labels)
               + (len(proposed.claims) - len(matched)) + (len(gold_claims) - len(matched))),
        from_scratch=len(gold_mentions) + len(labels) + len(gold_claims),
    )
    return tally


def leave_one_out(corpus: Corpus) -> dict[str, Tally]:
    """Scores for every document whose mentions and claims are both gold, and `all` pooled over them."""
    gold = load_gold(corpus)
    scores: dict[str, Tally] = {}
    pooled = Tally()
    for listed in load_corpus(corpus):
        status = listed.entry.annotation
        if status.mentions != "gold" or status.claims != "gold":
            continue
        source, _ = read_document(corpus, listed)
        tally = score_document(listed.id, source.text, gold)
        scores[listed.id] = tally
        pooled.add(**tally.counts)
    scores["all"] = pooled
    return scores


def _share(tally: Tally, numerator: str, denominator: str) -> str:
    return f"{tally.ratio(numerator, denominator):.2f}" if tally.counts.get(denominator) else "—"


def table(scores: dict[str, Tally]) -> str:
    """A Markdown table of the figures, one row per document and one pooled."""
    lines = [
        "| document | mention P | mention R | mention F1 | claim P | claim R | label acc. (proposed) | sentences labelled | cluster acc. | relation acc. (proposed) | edits after accepting | items from scratch |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, tally in scores.items():
        mp, mr, mf = tally.f1("mention")
        cp, cr, _ = tally.f1("claim")
        lines.append(
            f"| {'pooled' if name == 'all' else f'`{name}`'} | {mp:.2f} | {mr:.2f} | {mf:.2f} | {cp:.2f} | {cr:.2f} | "
            f"{tally.ratio('label_right', 'label_proposed'):.2f} | {tally.ratio('label_proposed', 'sentences'):.2f} | "
            f"{tally.ratio('cluster_right', 'cluster_judged'):.2f} | {_share(tally, 'relation_right', 'relation_proposed')} ({tally.counts.get('relation_proposed', 0)}) | "
            f"{tally.counts.get('edits', 0)} | {tally.counts.get('from_scratch', 0)} |"
        )
    return "\n".join(lines)
