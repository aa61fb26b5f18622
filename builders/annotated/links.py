"""The `clusters`, `claim_links` and `claim_pairs` configs: the same claim across re-tellings, and how versions relate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations

from builders.annotated.claims import ClaimLayer
from builders.automatic.candidates import candidate_pairs, document_of
from builders.corpus import ListedDocument
from builders.inputs import CandidateReview, ClusterEntry, JoinEntry, RelationEntry, UniqueEntry, check_top_level, parse_entries
from builders.layer import ClaimSummary, Layer, Row, load_annotation_file, refuse_proposed, unlisted_annotations
from builders.paths import LINKS_FILE
from builders.problems import CorpusError, Problem
from builders.records import INVERSE_RELATION, ClaimLink, ClaimPair, Cluster, PairLabel, Relation
from builders.rules import Origin

LINK_KEYS = ("clusters", "relations", "unique", "reviews", "joins")
# Lists whose entries carry no id: a repeat is a `duplicate-entry` (a review of a pair is the same either way round).
SAME_ENTRY = {"unique": lambda entry: entry.claim, "reviews": lambda entry: frozenset((entry.a, entry.b))}
LAYER = "links"  # a document's own links file: annotations/links/<id>.yaml (clusters it founds, joins, relations, reviews)


def linked_sentence_pairs(clusters: Iterable[list[ClaimSummary]]) -> set[tuple[str, str]]:
    """Sentence pairs of different documents that hold claims of one cluster, each pair sorted."""
    return {
        tuple(sorted((a.sentence_id, b.sentence_id)))
        for members in clusters
        for a, b in combinations(members, 2)
        if a.document_id != b.document_id
    }


def unrelated_claim_pairs(
    not_linked: Iterable[tuple[str, str]], claims: Iterable[ClaimSummary], split_of: Callable[[ClaimSummary], str | None]
) -> Iterator[tuple[ClaimSummary, ClaimSummary, str | None]]:
    """Every claim pair across reviewed-not-linked sentence pairs, smaller id first, with the split both claims
    share, or None where they do not (such a pair would straddle a split boundary and is never exported)."""
    claims_in: dict[str, list[ClaimSummary]] = defaultdict(list)
    for claim in claims:
        claims_in[claim.sentence_id].append(claim)
    for sentence_a, sentence_b in sorted(not_linked):
        for a in sorted(claims_in[sentence_a], key=lambda c: c.id):
            for b in sorted(claims_in[sentence_b], key=lambda c: c.id):
                first, second = sorted((a, b), key=lambda c: c.id)
                split = split_of(first)
                yield first, second, split if split == split_of(second) else None


def ordered(a: ClaimSummary, b: ClaimSummary, relation: Relation) -> tuple[ClaimSummary, ClaimSummary, Relation]:
    """The pair with the smaller claim id first, the relation read from that side."""
    return (a, b, relation) if a.id < b.id else (b, a, INVERSE_RELATION[relation])


class LinkLayer(Layer):
    requires = (ClaimLayer,)
    reviews_required = True  # every candidate pair reviewed (the gold); a second pass may leave reviews out

    def prepare(self, documents: list[ListedDocument]) -> list[Problem]:
        self.linked_documents = [d.id for d in documents if self.corpus.annotations is not None or d.entry.annotation.claims == "gold"]
        return unlisted_annotations(self.corpus, LAYER, documents)

    def _sources(self, problems: list[Problem]) -> list[tuple[dict, str]]:
        """corpus/links.yaml, then the links file of each gold document that has one (annotations/links/<id>.yaml)."""
        path = self.corpus.corpus_file(LINKS_FILE)
        shown = self.corpus.shown(path)
        if not path.is_file():
            problems.append(Problem(shown, 1, "file-missing", f"file not found, expected {shown}"))
            return []
        try:
            data = self.corpus.load_yaml(path)
        except CorpusError as error:
            problems.extend(error.problems)
            return []
        problems.extend(check_top_level(data, LINK_KEYS, shown))
        if not isinstance(data, dict):
            return []
        sources = [(data, shown)]
        for document_id in self.linked_documents:
            if self.corpus.layer_file(LAYER, document_id).is_file():
                own, own_shown = load_annotation_file(self.corpus, LAYER, document_id, problems, keys=LINK_KEYS)
                if own is not None:
                    sources.append((own, own_shown))
        return sources

    def finish(self, problems: list[Problem]) -> Iterator[Row]:
        sources = self._sources(problems)
        if not sources:
            return
        shown = sources[0][1]
        claims = self.shared.claims
        clusters, relations, unique, reviews, joins = [], [], [], [], []
        unreadable: set[str] = set()
        for data, source in sources:
            for key, model, into in (("clusters", ClusterEntry, clusters), ("relations", RelationEntry, relations), ("unique", UniqueEntry, unique), ("reviews", CandidateReview, reviews), ("joins", JoinEntry, joins)):
                entries, entry_problems = parse_entries(data.get(key), model, source, key, data.line, same=SAME_ENTRY.get(key))
                problems.extend(entry_problems + refuse_proposed(entries, key, source))
                if entry_problems:
                    unreadable.add(key)
                into.extend((entry, Origin(source, line)) for entry, line in entries)
        if unreadable & {"clusters", "unique", "joins"}:  # membership cannot be judged while one is unreadable
            return

        cluster_of: dict[str, str] = {}
        split_of_cluster: dict[str, str] = {}
        statements: dict[str, str] = {}
        members_of: dict[str, list[ClaimSummary]] = {}
        origin_of_cluster: dict[str, Origin] = {}
        for entry, origin in clusters:
            if entry.id in members_of:
                problems.append(origin.problem("duplicate-id", f"cluster id {entry.id!r} is used twice, expected unique ids"))
                continue
            members = []
            for member in entry.members:
                if member not in claims:
                    problems.append(origin.problem("unknown-claim", f"cluster {entry.id} names claim {member!r}, expected a claim id <document>-cNNN"))
                elif member in cluster_of:
                    problems.append(origin.problem("claim-in-two-clusters", f"claim {member} is in cluster {entry.id} and in {cluster_of[member]}, expected one cluster"))
                else:
                    cluster_of[member] = entry.id
                    members.append(claims[member])
            documents = {claims[m].document_id for m in entry.members if m in claims}
            if len(documents) < 2:
                problems.append(origin.problem("cluster-single-document", f"cluster {entry.id} has members from {len(documents)} document(s), expected at least 2 (a claim found in one document is listed under unique)"))
            members_of[entry.id] = members
            split_of_cluster[entry.id] = entry.split
            statements[entry.id] = entry.statement
            origin_of_cluster[entry.id] = origin
        for entry, origin in joins:
            if entry.cluster not in members_of:
                problems.append(origin.problem("unknown-cluster", f"claim {entry.claim} joins cluster {entry.cluster!r}, expected a cluster id of {shown}"))
            elif entry.claim not in claims:
                problems.append(origin.problem("unknown-claim", f"join names claim {entry.claim!r}, expected a claim id <document>-cNNN"))
            elif entry.claim in cluster_of:
                problems.append(origin.problem("claim-in-two-clusters", f"claim {entry.claim} joins cluster {entry.cluster} and is in {cluster_of[entry.claim]}, expected one cluster"))
            else:
                cluster_of[entry.claim] = entry.cluster
                members_of[entry.cluster].append(claims[entry.claim])

        unique_claims = {}
        for entry, origin in unique:
            if entry.claim not in claims:
                problems.append(origin.problem("unknown-claim", f"unique names claim {entry.claim!r}, expected a claim id"))
            elif entry.claim in cluster_of:
                problems.append(origin.problem("claim-unique-and-clustered", f"claim {entry.claim} is listed as unique but is in cluster {cluster_of[entry.claim]}, expected one of the two"))
            else:
                unique_claims[entry.claim] = origin
        for claim in sorted(claims.values(), key=lambda c: c.id):
            if claim.id not in cluster_of and claim.id not in unique_claims:
                problems.append(Problem(shown, 1, "claim-unlinked", f"claim {claim.id} ({claim.text[:50]!r}…) is in no cluster and not listed as unique, expected one of the two"))

        annotated: dict[tuple[str, str], tuple[Relation, Origin]] = {}
        for entry, origin in relations:
            if entry.a not in claims or entry.b not in claims:
                unknown = [x for x in (entry.a, entry.b) if x not in claims]
                problems.append(origin.problem("unknown-claim", f"relation names claim(s) {unknown}, expected claim ids"))
                continue
            a, b = claims[entry.a], claims[entry.b]
            if a.document_id == b.document_id:
                problems.append(origin.problem("link-within-document", f"relation {a.id} – {b.id} joins claims of one document, expected claims of different documents"))
                continue
            if cluster_of.get(a.id) is None or cluster_of.get(a.id) != cluster_of.get(b.id):
                problems.append(origin.problem("link-across-clusters", f"relation {a.id} – {b.id} joins claims of clusters {cluster_of.get(a.id)} and {cluster_of.get(b.id)}, expected one cluster"))
                continue
            first, second, relation = ordered(a, b, entry.relation)
            key = (first.id, second.id)
            if key in annotated:
                earlier, earlier_origin = annotated[key]
                if earlier != relation:
                    problems.append(origin.problem("relation-inconsistent", f"{first.id} is {relation.value} {second.id} here but {earlier.value} at line {earlier_origin.line}, expected one consistent relation"))
                else:
                    problems.append(origin.problem("duplicate-id", f"relation {first.id} – {second.id} is annotated twice (line {earlier_origin.line}), expected once"))
                continue
            annotated[key] = (relation, origin)

        for cluster_id, members in members_of.items() if "relations" not in unreadable else ():  # unparsed relations would show as missing
            for a, b in combinations(sorted(members, key=lambda m: m.id), 2):
                if a.document_id != b.document_id and (a.id, b.id) not in annotated:
                    problems.append(origin_of_cluster[cluster_id].problem("relation-missing", f"claims {a.id} and {b.id} of cluster {cluster_id} have no relation, expected one for every cross-document pair"))

        linked_sentences = linked_sentence_pairs(members_of.values())
        reviewed = {}
        for entry, origin in reviews:
            key = tuple(sorted((entry.a, entry.b)))
            unknown = [s for s in key if s not in self.shared.sentence_texts]
            if unknown:
                problems.append(origin.problem("unknown-sentence", f"review names sentence(s) {unknown}, expected sentence ids <document>-sNNN"))
                continue
            if document_of(key[0]) == document_of(key[1]):
                problems.append(origin.problem("link-within-document", f"review pairs {key[0]} and {key[1]} of one document, expected sentences of different documents"))
                continue
            if entry.decision == "not-linked" and key in linked_sentences:
                problems.append(origin.problem("review-contradicts-links", f"sentences {key[0]} and {key[1]} are reviewed as not linked but hold linked claims, expected decision 'linked'"))
            if entry.decision == "linked" and key not in linked_sentences:
                problems.append(origin.problem("review-contradicts-links", f"sentences {key[0]} and {key[1]} are reviewed as linked but hold no linked claims, expected a relation"))
            reviewed[key] = entry.decision
        for candidate in candidate_pairs(self.shared.sentence_texts) if self.reviews_required and "reviews" not in unreadable else ():  # unread reviews would look missing
            key = (candidate.a, candidate.b)
            if key not in linked_sentences and key not in reviewed:
                problems.append(Problem(shown, 1, "candidate-unreviewed", f"candidate pair {candidate.a} – {candidate.b} (similarity {candidate.score}) is neither linked nor reviewed, expected a review under 'reviews'"))

        if any(p.path in {source for _, source in sources} for p in problems):
            return
        for cluster_id in sorted(members_of):
            members = sorted(members_of[cluster_id], key=lambda m: m.id)
            yield Row("clusters", Cluster(id=cluster_id, statement=statements[cluster_id], claim_ids=[m.id for m in members], document_ids=sorted({m.document_id for m in members})))
        yield from self._pairs(annotated, reviewed, cluster_of, split_of_cluster)

    def _pairs(self, annotated, reviewed, cluster_of, split_of_cluster) -> Iterator[Row]:
        """Links and pairs: a pair's split is its cluster's; reviewed-not-linked sentence pairs give `unrelated` pairs."""
        claims = self.shared.claims
        for (a_id, b_id), (relation, _) in sorted(annotated.items()):
            a, b = claims[a_id], claims[b_id]
            cluster_id = cluster_of[a_id]
            split = split_of_cluster[cluster_id]
            yield Row("claim_links", ClaimLink(id=f"{a_id}--{b_id}", cluster_id=cluster_id, source_claim=a_id, target_claim=b_id, source_document=a.document_id, target_document=b.document_id, relation=relation), split)
            yield Row("claim_pairs", ClaimPair(id=f"{a_id}--{b_id}", claim1=a_id, claim2=b_id, document1=a.document_id, document2=b.document_id, text1=a.text, text2=b.text, label=PairLabel(relation.value), cluster_id=cluster_id), split)

        not_linked = [key for key, decision in reviewed.items() if decision == "not-linked"]
        for first, second, split in unrelated_claim_pairs(not_linked, claims.values(), lambda c: self.pair_split(c, cluster_of, split_of_cluster)):
            if split is not None:  # a pair straddling a split boundary is counted in the card, never exported
                yield Row("claim_pairs", ClaimPair(id=f"{first.id}--{second.id}", claim1=first.id, claim2=second.id, document1=first.document_id, document2=second.document_id, text1=first.text, text2=second.text, label=PairLabel.UNRELATED, cluster_id=None), split)

    def pair_split(self, claim: ClaimSummary, cluster_of, split_of_cluster) -> str | None:
        """A clustered claim follows its cluster's split; a unique claim follows its document's split."""
        if claim.id in cluster_of:
            return split_of_cluster[cluster_of[claim.id]]
        return self.shared.document_splits.get(claim.document_id)
