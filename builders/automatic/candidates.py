"""Candidate sentence pairs for cross-document linking: TF-IDF cosine similarity (scikit-learn), above a threshold.

The candidates make recall auditable: every candidate pair must be linked (its sentences hold claims of one cluster)
or reviewed and recorded as not linked in corpus/links.yaml. `benchmarks/candidates.py` measures the threshold's
recall on the final links.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

THRESHOLD = 0.05


@dataclass(frozen=True, order=True)
class Candidate:
    a: str  # sentence id, the smaller of the two
    b: str
    score: float


def document_of(sentence_id: str) -> str:
    return sentence_id.rsplit("-s", 1)[0]


def similarities(sentences: dict[str, str]) -> tuple[list[str], object]:
    """Sentence ids in sorted order and their pairwise cosine similarity matrix."""
    ids = sorted(sentences)
    vectorizer = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, stop_words="english", token_pattern=r"(?u)\b\w[\w’'-]*\w\b|\b\w\b")
    try:
        matrix = vectorizer.fit_transform([sentences[i] for i in ids])
    except ValueError:  # empty vocabulary: every sentence is stop words or punctuation, so no pair is similar
        return ids, np.zeros((len(ids), len(ids)))
    return ids, cosine_similarity(matrix)


def candidate_pairs(sentences: dict[str, str], threshold: float = THRESHOLD) -> list[Candidate]:
    """Every pair of sentences from different documents whose similarity is at least `threshold`, sorted."""
    if len({document_of(sentence) for sentence in sentences}) < 2:
        return []  # no cross-document pair exists
    ids, scores = similarities(sentences)
    found = []
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            b = ids[j]
            if document_of(a) != document_of(b) and scores[i, j] >= threshold:
                found.append(Candidate(a, b, round(float(scores[i, j]), 4)))
    return found
