"""The candidate generator computes scikit-learn's TF-IDF cosine without importing it: same pairs, same scores."""

from __future__ import annotations

from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from builders.automatic.candidates import THRESHOLD, _TOKEN, candidate_pairs, document_of
from builders.automatic.lsh import lsh_pairs
from builders.automatic.stop_words import ENGLISH_STOP_WORDS as COPIED
from builders.automatic.text import TextLayer
from builders.pipeline import corpus_at, run

PROJECT = Path(__file__).resolve().parent.parent


def gold_sentences() -> dict[str, str]:
    found: dict[str, str] = {}
    run(corpus_at(PROJECT), lambda config, split, record: found.update({record["id"]: record["text"]}) if config == "sentences" else None, layers=(TextLayer,))
    return found


def test_stop_words_are_scikit_learns():
    assert COPIED == ENGLISH_STOP_WORDS


def test_pairs_and_scores_are_scikit_learns():
    sentences = gold_sentences()
    ids = sorted(sentences)
    vectorizer = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, stop_words="english", token_pattern=_TOKEN.pattern)
    scores = cosine_similarity(vectorizer.fit_transform([sentences[i] for i in ids]))
    expected = [
        (a, b, round(float(scores[i, j]), 4))
        for i, a in enumerate(ids)
        for j, b in enumerate(ids)
        if i < j and document_of(a) != document_of(b) and scores[i, j] >= THRESHOLD
    ]
    found = [(c.a, c.b, c.score) for c in candidate_pairs(sentences)]
    assert found == sorted(expected)
    assert len(found) > 300  # 343 for the gold corpus of release 2.0.0


def test_lsh_is_deterministic_and_cross_document():
    sentences = gold_sentences()
    pairs = lsh_pairs(sentences)
    assert pairs == lsh_pairs(dict(reversed(list(sentences.items()))))
    assert pairs and all(document_of(a) != document_of(b) and a < b for a, b in pairs)
