"""Every agreement figure between the gold and a pass, over the documents both annotated; the pass is scored against gold."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from builders.agreement.matching import OVERLAP, exact_matches, overlap_matches
from builders.agreement.measures import ABSENT, PRF, ClusterScores, cluster_scores, jaccard, kappa, prf
from builders.agreement.sides import Side
from builders.annotated.claims import ARTICLE, UNSPECIFIED
from builders.records import INVERSE_RELATION, ClaimType, Relation

# Veracity `not-applicable` follows from these claim types by rule (GUIDELINES): a pair where both sides chose one
# of them agrees on veracity by construction. Those pairs (and lone claims of these types) are the "mechanical"
# cases; a pair where only one side chose such a type is a real disagreement and stays in.
MECHANICAL_TYPES = frozenset({ClaimType.CHARACTERISATION.value, ClaimType.PREDICTION.value})
UNMAPPED = "pass:"  # prefix of a pass entity id that no gold entity corresponds to


@dataclass(frozen=True)
class Kappa:
    value: float | None
    observed: float | None  # the share of items with the same label on both sides
    n: int


def kappa_of(a: list[str], b: list[str]) -> Kappa:
    return Kappa(kappa(a, b), sum(x == y for x, y in zip(a, b)) / len(a) if a else None, len(a))


@dataclass(frozen=True)
class SpanFigure:
    items: str
    match: str
    gold: int
    other: int
    matched: int
    scores: PRF


@dataclass(frozen=True)
class KappaFigure:
    field: str
    items: str
    matched: Kappa
    with_absent: Kappa | None  # None where every item is annotated on both sides by rule (sentences)


@dataclass(frozen=True)
class ClusterFigure:
    what: str
    gold_items: int
    gold_clusters: int
    other_items: int
    other_clusters: int
    scores: ClusterScores


@dataclass(frozen=True)
class EvidenceFigure:
    claims: int  # matched claims that both sides judged with evidence
    mean_jaccard: float | None
    exact_rate: float | None


@dataclass
class Report:
    gold: str
    other: str
    documents: dict[str, list[str]]  # per layer ("mentions", "claims"): the documents both sides annotated
    own_entities: bool
    spans: list[SpanFigure] = field(default_factory=list)
    kappas: list[KappaFigure] = field(default_factory=list)
    evidence: EvidenceFigure | None = None
    clusters: list[ClusterFigure] = field(default_factory=list)
    relations: KappaFigure | None = None
    linked_pairs: tuple[int, int, int] | None = None  # gold pairs, pass pairs, pairs linked in both
    disagreements: list[str] = field(default_factory=list)


def _within(side: Side, config: str, documents: set[str]) -> list[dict]:
    return [record for record in side.records[config] if record["document_id"] in documents]


def entity_map(mention_pairs: list[tuple[dict, dict]], own_entities: bool) -> Callable[[str], str]:
    """Pass entity id -> gold entity id. A pass with its own inventory: the gold entity most of its matched mentions
    link to (ties: the smaller gold id); an entity with no matched mention stays unmapped. Otherwise the identity."""
    if not own_entities:
        return lambda entity: entity
    votes: dict[str, Counter] = defaultdict(Counter)
    for g, o in mention_pairs:
        votes[o["entity_id"]][g["entity_id"]] += 1
    chosen = {entity: min(counts.items(), key=lambda item: (-item[1], item[0]))[0] for entity, counts in votes.items()}

    def mapped(entity: str) -> str:
        if entity in (ARTICLE, UNSPECIFIED):
            return entity
        return chosen.get(entity, UNMAPPED + entity)

    return mapped


def label_kappa(pairs, gold_only, other_only, read_gold, read_other, keep=lambda g, o: True) -> tuple[Kappa, Kappa]:
    """Kappa on matched pairs, and with unmatched items labelled ABSENT on the side that lacks them."""
    kept = [(g, o) for g, o in pairs if keep(g, o)]
    a = [read_gold(g) for g, _ in kept]
    b = [read_other(o) for _, o in kept]
    matched = kappa_of(a, b)
    lone_gold = [g for g in gold_only if keep(g, None)]
    lone_other = [o for o in other_only if keep(None, o)]
    a_all = a + [read_gold(g) for g in lone_gold] + [ABSENT] * len(lone_other)
    b_all = b + [ABSENT] * len(lone_gold) + [read_other(o) for o in lone_other]
    return matched, kappa_of(a_all, b_all)


def _unmatched(records: list[dict], pairs: list[tuple[dict, dict]], side: int) -> list[dict]:
    ids = {pair[side]["id"] for pair in pairs}
    return [record for record in records if record["id"] not in ids]


def compare(gold: Side, other: Side) -> Report:
    documents = {layer: sorted(set(gold.documents.get(layer, [])) & set(other.documents.get(layer, []))) for layer in ("mentions", "claims")}
    report = Report(gold.name, other.name, documents, other.own_entities)
    within = set(documents["claims"])
    gm, om = _within(gold, "mentions", set(documents["mentions"])), _within(other, "mentions", set(documents["mentions"]))
    gc, oc = _within(gold, "claims", within), _within(other, "claims", within)

    mention_pairs = overlap_matches(gm, om)
    claim_pairs = overlap_matches(gc, oc)
    for items, g, o, pairs in (("mentions", gm, om, mention_pairs), ("claims", gc, oc, claim_pairs)):
        exact = len(exact_matches(g, o))
        report.spans.append(SpanFigure(items, "exact", len(g), len(o), exact, prf(exact, len(o), len(g))))
        report.spans.append(SpanFigure(items, f"overlap (Jaccard ≥ {OVERLAP})", len(g), len(o), len(pairs), prf(len(pairs), len(o), len(g))))

    mapped = entity_map(mention_pairs, other.own_entities)
    gm_only, om_only = _unmatched(gm, mention_pairs, 0), _unmatched(om, mention_pairs, 1)
    gc_only, oc_only = _unmatched(gc, claim_pairs, 0), _unmatched(oc, claim_pairs, 1)
    for name in ("type", "kind"):
        matched, absent = label_kappa(mention_pairs, gm_only, om_only, lambda r, n=name: r[n], lambda r, n=name: r[n])
        report.kappas.append(KappaFigure(f"mention {name}", "mentions", matched, absent))

    gold_labels = {r["id"]: r["label"] for r in _within(gold, "checkworthiness", within)}
    other_labels = {r["id"]: r["label"] for r in _within(other, "checkworthiness", within)}
    common = sorted(gold_labels.keys() & other_labels.keys())
    report.kappas.append(KappaFigure("sentence check-worthiness", "sentences", kappa_of([gold_labels[s] for s in common], [other_labels[s] for s in common]), None))

    for name, read_other in (("claim_type", lambda r: r["claim_type"]), ("source", lambda r: mapped(r["source"]))):
        matched, absent = label_kappa(claim_pairs, gc_only, oc_only, lambda r, n=name: r[n], read_other)
        report.kappas.append(KappaFigure("claim type" if name == "claim_type" else "claim attribution source", "claims", matched, absent))

    def read_veracity(record: dict) -> str:
        return record["veracity"]

    def judged(g: dict | None, o: dict | None) -> bool:
        return not all(r["claim_type"] in MECHANICAL_TYPES for r in (g, o) if r is not None)

    matched, absent = label_kappa(claim_pairs, gc_only, oc_only, read_veracity, read_veracity)
    report.kappas.append(KappaFigure("claim veracity", "claims", matched, absent))
    matched, absent = label_kappa(claim_pairs, gc_only, oc_only, read_veracity, read_veracity, judged)
    report.kappas.append(KappaFigure("claim veracity, mechanical cases left out", "claims not typed characterisation/prediction by both", matched, absent))

    both = [(g, o) for g, o in claim_pairs if g["evidence"] and o["evidence"]]
    report.evidence = EvidenceFigure(
        len(both),
        sum(jaccard(g["evidence"], o["evidence"]) for g, o in both) / len(both) if both else None,
        sum(set(g["evidence"]) == set(o["evidence"]) for g, o in both) / len(both) if both else None,
    )

    report.clusters.append(_entity_clusters(gm, om, mention_pairs))
    if gold.links and other.links:
        _link_figures(report, gold, other, within, gc, oc, claim_pairs)
    report.disagreements[:0] = _disagreements(mention_pairs, gm_only, om_only, claim_pairs, gc_only, oc_only, mapped)
    return report


def _response(records: list[dict], pairs: list[tuple[dict, dict]], cluster_of: Callable[[dict], str]) -> list[set[str]]:
    """The pass's clusters, each pass item named by the gold item it matched (else by its own id, marked)."""
    gold_of = {o["id"]: g["id"] for g, o in pairs}
    clusters: dict[str, set[str]] = defaultdict(set)
    for record in records:
        clusters[cluster_of(record)].add(gold_of.get(record["id"], UNMAPPED + record["id"]))
    return list(clusters.values())


def _entity_clusters(gm: list[dict], om: list[dict], pairs: list[tuple[dict, dict]]) -> ClusterFigure:
    key: dict[str, set[str]] = defaultdict(set)
    for record in gm:
        key[record["entity_id"]].add(record["id"])
    response = _response(om, pairs, lambda r: r["entity_id"])
    return ClusterFigure("entity coreference (mentions by entity)", len(gm), len(key), len(om), len(response), cluster_scores(list(key.values()), response))


def _claim_clusters(side: Side, claims: list[dict]) -> dict[str, str]:
    """Cluster id of every claim; a claim in no cluster (a `unique` claim) is a singleton of its own."""
    cluster_of = {member: cluster["id"] for cluster in side.records["clusters"] for member in cluster["claim_ids"]}
    return {claim["id"]: cluster_of.get(claim["id"], "singleton:" + claim["id"]) for claim in claims}


def _link_figures(report: Report, gold: Side, other: Side, within: set[str], gc, oc, claim_pairs) -> None:
    gold_cluster, other_cluster = _claim_clusters(gold, gc), _claim_clusters(other, oc)
    key: dict[str, set[str]] = defaultdict(set)
    for claim in gc:
        key[gold_cluster[claim["id"]]].add(claim["id"])
    response = _response(oc, claim_pairs, lambda r: other_cluster[r["id"]])
    report.clusters.append(ClusterFigure("claim clusters (unique claims as singletons)", len(gc), len(key), len(oc), len(response), cluster_scores(list(key.values()), response)))

    def links(side: Side, rename: Callable[[str], str | None]) -> dict[tuple[str, str], str]:
        out = {}
        for link in side.records["claim_links"]:
            if link["source_document"] not in within or link["target_document"] not in within:
                continue
            a, b = rename(link["source_claim"]), rename(link["target_claim"])
            if a is None or b is None:
                continue
            pair = tuple(sorted((a, b)))
            out[pair] = link["relation"] if (a, b) == pair else INVERSE_RELATION[Relation(link["relation"])].value
        return out

    gold_of = {o["id"]: g["id"] for g, o in claim_pairs}
    gold_links = links(gold, lambda claim: claim)
    other_links_all = [link for link in other.records["claim_links"] if link["source_document"] in within and link["target_document"] in within]
    other_links = links(other, gold_of.get)
    common = sorted(gold_links.keys() & other_links.keys())
    value = kappa_of([gold_links[k] for k in common], [other_links[k] for k in common])
    report.relations = KappaFigure("claim-pair relation", "claim pairs linked in both", value, None)
    report.linked_pairs = (len(gold_links), len(other_links_all), len(common))
    for k in common:
        if gold_links[k] != other_links[k]:
            report.disagreements.append(f"relation {k[0]} – {k[1]}: gold {gold_links[k]} / pass {other_links[k]}")


def _disagreements(mention_pairs, gm_only, om_only, claim_pairs, gc_only, oc_only, mapped) -> list[str]:
    out = [f"mention gold only: {r['document_id']} {r['text']!r}@{r['start']} {r['entity_id']}" for r in gm_only]
    out += [f"mention pass only: {r['document_id']} {r['text']!r}@{r['start']} {r['entity_id']}" for r in om_only]
    for g, o in mention_pairs:
        for name in ("type", "kind"):
            if g[name] != o[name]:
                out.append(f"mention {name}: {g['document_id']} {g['text']!r}@{g['start']} gold {g[name]} / pass {o[name]}")
    out += [f"claim gold only: {r['id']} {r['text'][:60]!r}" for r in gc_only]
    out += [f"claim pass only: {r['id']} {r['text'][:60]!r}" for r in oc_only]
    for g, o in claim_pairs:
        for name, other_value in (("claim_type", o["claim_type"]), ("source", mapped(o["source"])), ("veracity", o["veracity"])):
            if g[name] != other_value:
                out.append(f"claim {name}: {g['id']}/{o['id']} gold {g[name]} / pass {other_value} — {g['text'][:60]!r}")
        if g["evidence"] and o["evidence"] and set(g["evidence"]) != set(o["evidence"]):
            out.append(f"claim evidence: {g['id']}/{o['id']} gold {sorted(g['evidence'])} / pass {sorted(o['evidence'])}")
    return out
