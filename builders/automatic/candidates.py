"""Candidate sentence pairs for cross-document linking: TF-IDF cosine similarity above a threshold.

The candidates make recall auditable: every candidate pair must be linked (its sentences hold claims of one cluster)
or reviewed and recorded as not linked in corpus/links.yaml. `benchmarks/candidates.py` measures the threshold's
recall on the final links.

The TF-IDF weighting is scikit-learn's `TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True,
stop_words="english", token_pattern=...)` followed by `cosine_similarity`, computed with numpy
(`builders.automatic.blocking`) so that the commands that need candidates do not import scikit-learn and SciPy
(seconds at start-up); tests/test_candidates.py asserts the same pairs and scores as scikit-learn. Pairs are found
through an inverted index whose postings are capped: a term held by more than `CAP` sentences makes no pair by itself
(it still counts in the score), so the pairs considered grow linearly with the corpus. No term of the gold corpus
reaches the cap, so there the pairs are exactly plain TF-IDF's. The parameters are pinned in `GENERATOR`, which the
card and croissant.json record, so that a rebuild proposes the same pairs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from builders.automatic.stop_words import ENGLISH_STOP_WORDS

THRESHOLD = 0.05
CAP = 48  # above the 34 sentences of the gold corpus's most frequent term; see docs/scale.md
GENERATOR = {"method": "tfidf-cosine", "ngram_range": [1, 2], "sublinear_tf": True, "stop_words": "english", "threshold": THRESHOLD, "posting_cap": CAP}
GENERATOR_SUMMARY = ", ".join(f"{key} {value}" for key, value in GENERATOR.items())  # recorded in the card and croissant.json

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


def candidate_pairs(sentences: dict[str, str], threshold: float = THRESHOLD, cap: int | None = CAP) -> list[Candidate]:
    """Every pair of sentences from different documents that shares a term held by at most `cap` sentences and whose
    similarity is at least `threshold`, sorted."""
    if len({document_of(sentence) for sentence in sentences}) < 2:
        return []  # no cross-document pair exists
    from builders.automatic.blocking import similar_pairs

    ids = sorted(sentences)
    a, b, scores = similar_pairs((terms(sentences[i]) for i in ids), [document_of(i) for i in ids], threshold, cap)
    return [Candidate(ids[i], ids[j], round(float(score), 4)) for i, j, score in zip(a.tolist(), b.tolist(), scores.tolist())]
