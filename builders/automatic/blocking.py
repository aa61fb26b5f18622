"""TF-IDF vectors, pairs blocked by a capped inverted index, and their exact cosine, in numpy.

A pair of sentences is blocked (considered at all) when they share a term that occurs in at most `cap` sentences:
every term's postings then make at most cap × (cap − 1) / 2 pairs, so the pairs considered are at most
postings × cap / 2, linear in the corpus. A term in more sentences still counts in the score: each blocked pair is
scored with the full cosine of the two TF-IDF vectors. With `cap=None` every term makes pairs (plain TF-IDF).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

# Sentences whose weights share one dense lookup table while their pairs are scored (rows × the terms they hold).
_CHUNK = 128


@dataclass(frozen=True)
class Vectors:
    """L2-normalised TF-IDF vectors of n sentences, row by row (sentence-major postings)."""

    indptr: np.ndarray  # int64, n + 1: sentence i's postings are indptr[i]:indptr[i + 1]
    terms: np.ndarray  # int64 term id of every posting
    weights: np.ndarray  # float64 weight of every posting
    frequency: np.ndarray  # int64 number of sentences holding each term id

    @property
    def size(self) -> int:
        return len(self.indptr) - 1


def tfidf_vectors(bags: Iterable[dict[str, int]]) -> Vectors:
    """Sublinear-tf, smoothed-idf, L2-normalised vectors of term counts (scikit-learn's TfidfVectorizer weighting)."""
    vocabulary: dict[str, int] = {}
    ids, counts, lengths = array("q"), array("q"), array("q", [0])
    for bag in bags:  # read once: the bags of a large corpus need not all be in memory
        ids.extend(vocabulary.setdefault(term, len(vocabulary)) for term in bag)
        counts.extend(bag.values())
        lengths.append(len(bag))
    size = len(lengths) - 1
    indptr = np.cumsum(np.frombuffer(lengths, dtype=np.int64))
    terms = np.frombuffer(ids, dtype=np.int64)
    frequency = np.bincount(terms, minlength=len(vocabulary))
    idf = np.log((1 + size) / (1 + frequency)) + 1
    weights = (1 + np.log(np.frombuffer(counts, dtype=np.int64).astype(np.float64))) * idf[terms]
    rows = np.repeat(np.arange(size), np.diff(indptr))
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=size))
    weights = np.divide(weights, norms[rows], out=np.zeros_like(weights), where=norms[rows] > 0)
    return Vectors(indptr, terms, weights, frequency)


def blocked_pairs(vectors: Vectors, documents: np.ndarray, cap: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Sentence index pairs (a < b, of different documents) sharing a term held by at most `cap` sentences, sorted."""
    n = vectors.size
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(vectors.indptr))
    frequency = vectors.frequency[vectors.terms]
    usable = (frequency >= 2) if cap is None else (frequency >= 2) & (frequency <= cap)
    order = np.lexsort((rows[usable], vectors.terms[usable]))  # by term, then sentence
    terms, sentences = vectors.terms[usable][order], rows[usable][order]
    starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]]) if len(terms) else np.zeros(0, dtype=np.int64)
    sizes = np.diff(np.r_[starts, len(terms)])
    rank = np.arange(len(terms)) - np.repeat(starts, sizes)
    left = np.repeat(sizes, sizes) - rank - 1  # postings after this one in its term's list
    keys = []
    positions = np.arange(len(terms))
    offset = 1
    while True:
        positions = positions[left[positions] >= offset]
        if not len(positions):
            break
        a, b = sentences[positions], sentences[positions + offset]
        cross = documents[a] != documents[b]
        keys.append(a[cross] * n + b[cross])
        offset += 1
    found = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    found = found[np.r_[True, found[1:] != found[:-1]]] if len(found) else found  # np.unique hashes: slower here
    return found // n, found % n


def cosine(vectors: Vectors, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact cosine of each pair (a[i], b[i]), `a` sorted. For a chunk of sentences a, their weights go in a small
    dense table (a row per sentence, a column per term they hold, a first column of zeros for every other term); each
    pair sums b's weights times the entries of a's row at b's terms."""
    indptr, weights = vectors.indptr, vectors.weights
    terms = vectors.terms.astype(np.int32)
    column = np.zeros(len(vectors.frequency), dtype=np.int32)  # a term's column in the current table; 0: not held
    scores = np.zeros(len(a))
    first = 0
    while first < len(a):
        low = int(a[first])
        high = min(low + _CHUNK, vectors.size)
        last = int(np.searchsorted(a, high))
        own = slice(indptr[low], indptr[high])
        held = np.sort(terms[own])
        held = held[np.r_[True, held[1:] != held[:-1]]] if len(held) else held
        width = len(held) + 1
        column[held] = np.arange(1, width, dtype=np.int32)
        table = np.zeros((high - low) * width)
        own_rows = np.repeat(np.arange(high - low, dtype=np.int32), np.diff(indptr[low : high + 1]))
        table[own_rows * width + column[terms[own]]] = weights[own]
        pa, pb = a[first:last], b[first:last]
        starts, lengths = indptr[pb], indptr[pb + 1] - indptr[pb]
        ends = np.cumsum(lengths)
        posting = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
        slots = np.repeat((pa - low) * width, lengths) + column[terms[posting]]
        pair = np.repeat(np.arange(len(pb), dtype=np.int32), lengths)
        scores[first:last] = np.bincount(pair, weights=table[slots] * weights[posting], minlength=len(pb))
        column[held] = 0
        first = last
    return scores


def similar_pairs(bags: Iterable[dict[str, int]], documents: list[str], threshold: float, cap: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index pairs (a < b) of sentences from different documents whose TF-IDF cosine is at least `threshold`, among
    the pairs blocked by the capped index; sorted by (a, b), with their scores."""
    names = {name: i for i, name in enumerate(dict.fromkeys(documents))}
    vectors = tfidf_vectors(bags)
    a, b = blocked_pairs(vectors, np.array([names[d] for d in documents], dtype=np.int64), cap)
    scores = cosine(vectors, a, b)
    keep = scores >= threshold
    return a[keep], b[keep], scores[keep]

