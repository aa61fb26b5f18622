"""Candidate sentence pairs by MinHash LSH (datasketch), for corpora too large for the TF-IDF generator.

Each sentence is the set of its lowercased words less stop words (the TF-IDF generator's unigrams); MinHash with
`NUM_PERM` permutations and a pinned `SEED`, banded into `BANDS` bands of `ROWS` rows, makes two sentences a
candidate pair when one band agrees: the chance grows with their Jaccard similarity (about 1/2 at 0.42 with 32 bands
of 4 rows) and no pair is ever scored one against another, so cost is linear in the sentences plus the pairs found.
The parameters are pinned so that a rebuild proposes the same pairs. `benchmarks/candidates.py --scale` measures
cost and recall against TF-IDF: on the gold links no banding finds as many linked pairs for as many candidates (the
links include paraphrases that share few words), and the low threshold it would need makes the pairs found grow
with the square of the corpus again, so the build keeps TF-IDF for the candidates reviews must cover and LSH finds
near-duplicate rewrites in large corpora (see docs/scale.md).
"""

from __future__ import annotations

from builders.automatic.candidates import _TOKEN, document_of
from builders.automatic.stop_words import ENGLISH_STOP_WORDS

NUM_PERM, BANDS, ROWS, SEED = 128, 32, 4, 1
PARAMETERS = {"method": "minhash-lsh", "num_perm": NUM_PERM, "bands": BANDS, "rows": ROWS, "seed": SEED, "shingles": "word unigrams, stop words removed"}


def words(text: str) -> set[str]:
    return {w for w in _TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS}


def lsh_pairs(sentences: dict[str, str], bands: int = BANDS, rows: int = ROWS) -> list[tuple[str, str]]:
    """Every cross-document pair of sentences that share a band, each pair sorted, in sorted order."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    index = MinHashLSH(num_perm=NUM_PERM, params=(bands, rows))
    signatures = {}
    for sid in sorted(sentences):
        signature = MinHash(num_perm=NUM_PERM, seed=SEED)
        signature.update_batch([w.encode("utf-8") for w in sorted(words(sentences[sid]))])
        signatures[sid] = LeanMinHash(signature)
        index.insert(sid, signatures[sid])
    pairs = set()
    for sid, signature in signatures.items():
        for other in index.query(signature):
            if document_of(other) != document_of(sid):
                pairs.add((min(sid, other), max(sid, other)))
    return sorted(pairs)
