"""The candidate generator computes scikit-learn's TF-IDF cosine without importing it: same pairs, same scores."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from builders.automatic.candidates import CAP, THRESHOLD, _TOKEN, candidate_pairs, document_of, terms
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


def test_gold_corpus_keeps_plain_tfidf_pairs_under_the_cap():
    sentences = gold_sentences()
    frequency = Counter(term for text in sentences.values() for term in terms(text))
    assert max(frequency.values()) < CAP  # no gold term reaches the cap, so the cap removes no pair
    assert candidate_pairs(sentences) == candidate_pairs(sentences, cap=None)
    assert len(candidate_pairs(sentences, cap=8)) < len(candidate_pairs(sentences))  # a low cap would


# Four documents; "common" is in every sentence, "rare" only in a1 and c1, "pair words" only in b1 and d1.
SMALL = {
    "a-s000": "common rare alpha",
    "b-s000": "common pair words",
    "c-s000": "common rare gamma",
    "d-s000": "common pair words delta",
    "e-s000": "common epsilon",
}


def test_a_term_over_the_cap_makes_no_pair_by_itself():
    plain = {(c.a, c.b) for c in candidate_pairs(SMALL, threshold=0.0, cap=None)}
    capped = {(c.a, c.b) for c in candidate_pairs(SMALL, threshold=0.0, cap=2)}
    assert ("a-s000", "e-s000") in plain  # they share "common" only
    assert capped == {("a-s000", "c-s000"), ("b-s000", "d-s000")}  # pairs only through terms in at most 2 sentences


def test_blocked_pairs_are_scored_with_the_full_cosine():
    plain = {(c.a, c.b): c.score for c in candidate_pairs(SMALL, threshold=0.0, cap=None)}
    capped = {(c.a, c.b): c.score for c in candidate_pairs(SMALL, threshold=0.0, cap=2)}
    assert capped == {pair: plain[pair] for pair in capped}
    ids = sorted(SMALL)
    vectorizer = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, stop_words="english", token_pattern=_TOKEN.pattern)
    vectors = vectorizer.fit_transform([SMALL[i] for i in ids])
    a, c, rare = ids.index("a-s000"), ids.index("c-s000"), vectorizer.vocabulary_["rare"]
    full = float(cosine_similarity(vectors)[a, c])
    assert capped[("a-s000", "c-s000")] == round(full, 4)
    assert full > float(vectors[a, rare] * vectors[c, rare]) + 0.1  # "common", over the cap, still counts in the score


def test_capped_generator_is_deterministic():
    sentences = gold_sentences()
    first = candidate_pairs(sentences, cap=8)
    assert first == candidate_pairs(dict(reversed(list(sentences.items()))), cap=8)
    assert first == candidate_pairs(dict(sorted(sentences.items(), key=lambda item: item[1])), cap=8)
