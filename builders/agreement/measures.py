"""The agreement measures themselves, on plain values: span P/R/F1, Cohen's kappa, Jaccard, coreference scores.

Coreference scores (MUC, B³, CEAF-e and their mean, the CoNLL F1) come from `scorch`, a maintained
re-implementation of the CoNLL-2012 reference scorer (docs/agreement.md says why and how absent mentions count).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

ABSENT = "(absent)"  # the label an item gets on the side that did not annotate it


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def prf(matched: int, predicted: int, gold: int) -> PRF:
    """Precision, recall and F1 of a one-to-one matching: `matched` pairs out of `predicted` and `gold` items."""
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two label sequences; None where it is undefined (no items, or chance agreement is 1)."""
    if len(a) != len(b):
        raise ValueError(f"kappa needs paired labels, got {len(a)} and {len(b)}")
    if not a or len(set(a) | set(b)) == 1:
        return None
    from sklearn.metrics import cohen_kappa_score  # slow to import: only when agreement is computed

    return float(cohen_kappa_score(list(a), list(b)))


def jaccard(a: Iterable[Hashable], b: Iterable[Hashable]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 1.0


@dataclass(frozen=True)
class ClusterScores:
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll(self) -> float:
        """The CoNLL-2012 F1: the mean of the MUC, B³ and CEAF-e F1."""
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def cluster_scores(key: Sequence[set[Hashable]], response: Sequence[set[Hashable]]) -> ClusterScores:
    """Score the `response` clustering against the `key` one. Items may be absent from either side: scorch counts
    an item absent from the response as recall lost and an item absent from the key as precision lost (the
    CoNLL-2012 treatment of predicted mentions). Singleton clusters count in B³ and CEAF-e, never in MUC."""
    from scorch import scores

    def named(score: tuple[float, float, float]) -> PRF:
        recall, precision, f1 = score  # scorch returns (R, P, F)
        return PRF(float(precision), float(recall), float(f1))

    key, response = [set(cluster) for cluster in key], [set(cluster) for cluster in response]
    return ClusterScores(named(scores.muc(key, response)), named(scores.b_cubed(key, response)), named(scores.ceaf_e(key, response)))
