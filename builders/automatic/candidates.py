"""Candidate sentence pairs for cross-document linking: TF-IDF cosine similarity above a threshold.

The candidates make recall auditable: every candidate pair must be linked (its sentences hold claims of one cluster)
or reviewed and recorded as not linked in corpus/links.yaml. `benchmarks/candidates.py` measures the threshold's
recall on the final links.

The TF-IDF weighting is scikit-learn's `TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True,
stop_words="english", token_pattern=...)` followed by `cosine_similarity`, computed here in plain Python so that the
commands that need candidates do not import scikit-learn and SciPy (seconds at start-up); tests/test_candidates.py
asserts the same pairs and scores as scikit-learn. Pairs are found through an inverted index of terms, so only
sentences that share a term are ever compared and no sentence × sentence matrix is built; for corpora where that is
still too many, `builders.automatic.lsh` blocks pairs by MinHash LSH first.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from builders.automatic.stop_words import ENGLISH_STOP_WORDS

THRESHOLD = 0.05
GENERATOR = {"method": "tfidf-cosine", "ngram_range": [1, 2], "sublinear_tf": True, "stop_words": "english", "threshold": THRESHOLD}

_TOKEN = re.compile(r"(?u)\b\w[\w’'-]*\w\b|\b\w\b")


@dataclass(frozen=True, order=True)
class Candidate:
    a: str  # sentence id, the smaller of the two
    b: str
    score: float


def document_of(sentence_id: str) -> str:
    return sentence_id.rsplit("-s", 1)[0]


def terms(text: str) -> Counter:
    """Word unigrams and bigrams of `text` as scikit-learn's analyzer forms them (stop words removed first)."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:])])


def tfidf_vectors(sentences: dict[str, str]) -> dict[str, dict[str, float]]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) of every sentence, by sentence id."""
    counts = {sid: terms(text) for sid, text in sentences.items()}
    frequency = Counter(term for bag in counts.values() for term in bag)
    n = len(sentences)
    idf = {term: math.log((1 + n) / (1 + df)) + 1 for term, df in frequency.items()}
    vectors = {}
    for sid, bag in counts.items():
        weights = {term: (1 + math.log(tf)) * idf[term] for term, tf in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors[sid] = {term: w / norm for term, w in weights.items()} if norm else {}
    return vectors


def scored_pairs(sentences: dict[str, str]) -> dict[tuple[str, str], float]:
    """Cosine similarity of every cross-document pair that shares at least one term (the others score 0)."""
    vectors = tfidf_vectors(sentences)
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for sid in sorted(vectors):
        for term, weight in vectors[sid].items():
            postings[term].append((sid, weight))
    scores: dict[tuple[str, str], float] = defaultdict(float)
    for entries in postings.values():
        for i, (a, wa) in enumerate(entries):
            for b, wb in entries[i + 1 :]:
                if document_of(a) != document_of(b):
                    scores[(a, b)] += wa * wb
    return scores


def candidate_pairs(sentences: dict[str, str], threshold: float = THRESHOLD) -> list[Candidate]:
    """Every pair of sentences from different documents whose similarity is at least `threshold`, sorted."""
    if len({document_of(sentence) for sentence in sentences}) < 2:
        return []  # no cross-document pair exists
    return sorted(Candidate(a, b, round(score, 4)) for (a, b), score in scored_pairs(sentences).items() if score >= threshold)
