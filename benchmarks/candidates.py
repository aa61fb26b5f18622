"""Cross-document candidate pairs: how many pairs each similarity threshold yields and how many true links it finds.

Sentences are produced exactly as the build does (`builders.segment.paragraphs` + `sentences_in`, ids `<doc>-s000`).
Method under test: `builders.candidates.candidate_pairs` (word 1-2 gram TF-IDF cosine, scikit-learn) at thresholds
0.10 … 0.50. Alternative: character 3-5 gram TF-IDF cosine (scikit-learn, `analyzer="char_wb"`), robust to
inflection and compound spelling; it is shown at its own thresholds and, for a like-for-like comparison, at the same
number of pairs as the word method (its top-k pairs).

Recall is measured against the final links, once corpus/links.yaml exists: a linked sentence pair is two sentences of
different documents holding claims of one cluster (claims from corpus/annotations/claims/<doc>.yaml, ids `<doc>-c001`,
each placed in the sentence that contains its quote span; cluster members from `clusters[].members`), as
builders/layers/links.py defines it. Until then the links part is skipped. Recall is also shown against a proxy that
needs no link annotation: sentence pairs of different documents holding claims that cite the same, non-empty set of
fact ids in `evidence` (two claims backed by exactly the same facts almost always report one proposition; claims
without evidence, i.e. not-enough-info and not-applicable ones, are absent from it).

With `--scale`: on the gold links, plain TF-IDF against the build's generator (TF-IDF through an inverted index whose
postings are capped, `builders.automatic.blocking`) at several caps and against MinHash LSH (`builders.automatic.lsh`)
alone and followed by the TF-IDF cosine; then the cost of the three as the corpus grows. Synthetic corpora of N
sentences (20 per document) are made from the real sentences: one in ten a copy of a real sentence with a fifth of its
words replaced (a rewrite), the others 12-30 words drawn from the real vocabulary. Each size and generator runs in a
fresh process, timed (CPU seconds, user + system, from the sentences to the scored pairs; the synthetic corpus is
made before) with its peak RSS (`ru_maxrss`, MiB, the corpus included). Plain TF-IDF scores every pair that shares a
term, quadratic here, so it runs up to 10,000 sentences and larger sizes are estimated from its measured growth
(marked "est."); at 10,000 sentences every generator's pairs are compared with its pairs. Every run also reports
its recall of the rewrite pairs (cross-document pairs of rewrites of one real sentence). The capped generator runs at
10,000, 100,000 and 1,000,000 sentences; LSH at 10,000 and 100,000, and 1,000,000 with `--million` (some 20 minutes
more). The last rows are the union of the capped generator's and LSH's pairs (their CPU times added).

Run from the project root: `python benchmarks/candidates.py [--project DIR] [--scale [--million]]`.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from builders.automatic import segment
from builders.automatic.candidates import CAP, THRESHOLD, candidate_pairs, document_of, terms
from builders.corpus import read_corpus
from builders.paths import ANNOTATIONS_DIR
from builders.annotated.claims import LAYER as CLAIMS_LAYER
from builders.annotated.claims import claim_id
from builders.annotated.links import LINKS_FILE
from builders.automatic.text import sentence_id
from builders.pipeline import corpus_at
from builders.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = [0.02, 0.04, 0.05, 0.06, 0.08] + [round(0.10 + 0.05 * i, 2) for i in range(9)]
CHAR_THRESHOLDS = [round(0.20 + 0.05 * i, 2) for i in range(9)]

Pair = tuple[str, str]


def corpus_sentences(project: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, segment.TextSpan]]]]:
    """Sentence texts by id, and per document its sentence ids with spans, as the build segments them."""
    texts, spans = {}, {}
    for source in read_corpus(corpus_at(project)):
        located = []
        for paragraph in segment.paragraphs(source.text):
            for span in segment.sentences_in(source.text, paragraph):
                sid = sentence_id(source.id, len(located))
                located.append((sid, span))
                texts[sid] = source.text[span.start : span.end]
        spans[source.id] = located
    return texts, spans


def claims_by_id(project: Path, spans: dict[str, list[tuple[str, segment.TextSpan]]]) -> dict[str, dict]:
    """Every claim with its sentence id and evidence; a claim whose span lies in no one sentence is left out."""
    claims = {}
    for document_id, located in spans.items():
        path = project / "corpus" / ANNOTATIONS_DIR / CLAIMS_LAYER / f"{document_id}.yaml"
        if not path.is_file():
            continue
        data = load_yaml(path, str(path))
        for entry in data.get("claims") or []:
            start, end = entry["start"], entry["start"] + len(entry["quote"])
            sentence = next((sid for sid, span in located if span.start <= start and end <= span.end), None)
            if sentence is not None:
                claims[claim_id(document_id, entry["id"])] = {"sentence": sentence, "evidence": entry.get("evidence") or []}
    return claims


def cross_document_pairs(groups: list[list[str]], claims: dict[str, dict]) -> set[Pair]:
    """Sentence pairs of different documents whose sentences hold claims of one group."""
    pairs = set()
    for group in groups:
        for a, b in combinations([claims[c]["sentence"] for c in group if c in claims], 2):
            if document_of(a) != document_of(b):
                pairs.add((min(a, b), max(a, b)))
    return pairs


def linked_pairs(project: Path, claims: dict[str, dict]) -> tuple[set[Pair], int] | None:
    """Linked sentence pairs of corpus/links.yaml and the number of cluster members that name no known claim."""
    path = project / "corpus" / LINKS_FILE
    if not path.is_file():
        return None
    data = load_yaml(path, str(path))
    groups = [cluster["members"] for cluster in data.get("clusters") or []]
    unknown = sum(1 for group in groups for member in group if member not in claims)
    return cross_document_pairs(groups, claims), unknown


def same_evidence_pairs(claims: dict[str, dict]) -> set[Pair]:
    by_evidence = defaultdict(list)
    for cid, claim in claims.items():
        if claim["evidence"]:
            by_evidence[tuple(sorted(claim["evidence"]))].append(cid)
    return cross_document_pairs(list(by_evidence.values()), claims)


def char_ngram_scores(sentences: dict[str, str]) -> list[tuple[float, Pair]]:
    """Character 3-5 gram TF-IDF cosine of every cross-document pair, best first."""
    ids = sorted(sentences)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True)
    scores = cosine_similarity(vectorizer.fit_transform([sentences[i] for i in ids]))
    scored = [
        (float(scores[i, j]), (ids[i], ids[j]))
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
        if document_of(ids[i]) != document_of(ids[j])
    ]
    return sorted(scored, key=lambda item: (-item[0], item[1]))


def recall(found: set[Pair], reference: set[Pair]) -> str:
    return f"{len(found & reference) / len(reference):.3f} ({len(found & reference)}/{len(reference)})" if reference else "–"


def synthetic_corpus(size: int, seed: int = 20251218) -> tuple[dict[str, str], dict[str, int]]:
    """`size` sentences, 20 per document: one in ten rewrites a real sentence (a fifth of its words replaced), the
    others are 12-30 words drawn from the corpus's vocabulary. Also the real sentence each rewrite came from."""
    import random

    real = list(corpus_sentences(ROOT)[0].values())
    rng = random.Random(seed)
    vocabulary = sorted({w for text in real for w in text.split()})
    found, family = {}, {}
    for index in range(size):
        sid = f"{index // 20:016x}-s{index % 20:03d}"
        if index % 10 == 0:
            family[sid] = rng.choice(range(len(real)))
            words = real[family[sid]].split()
            for position in rng.sample(range(len(words)), max(1, len(words) // 5)):
                words[position] = rng.choice(vocabulary)
        else:
            words = rng.sample(vocabulary, rng.randint(12, 30))
        found[sid] = " ".join(words)
    return found, family


def synthetic_sentences(size: int, seed: int = 20251218) -> dict[str, str]:
    return synthetic_corpus(size, seed)[0]


def rewrite_pairs(ids: list[str], family: dict[str, int]) -> np.ndarray:
    """Keys a × n + b (sentence indices, a < b) of the cross-document pairs of rewrites of one real sentence."""
    position = {sid: i for i, sid in enumerate(ids)}
    members: dict[int, list[int]] = defaultdict(list)
    for sid, source in family.items():
        members[source].append(position[sid])
    names: dict[str, int] = {}
    documents = np.array([names.setdefault(document_of(sid), len(names)) for sid in ids])
    keys = []
    for group in members.values():
        group = np.array(sorted(group), dtype=np.int64)
        a, b = np.triu_indices(len(group), 1)
        a, b = group[a], group[b]
        cross = documents[a] != documents[b]
        keys.append(a[cross] * len(ids) + b[cross])
    return np.unique(np.concatenate(keys))


def lsh_cosine_pairs(sentences: dict[str, str], bands: int = 32, rows: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """MinHash LSH blocking (builders.automatic.lsh), then the TF-IDF cosine of each blocked pair ≥ the threshold."""
    from builders.automatic.blocking import cosine, tfidf_vectors
    from builders.automatic.lsh import lsh_pairs

    ids = sorted(sentences)
    position = {sid: i for i, sid in enumerate(ids)}
    pairs = np.array([(position[a], position[b]) for a, b in lsh_pairs(sentences, bands, rows)], dtype=np.int64).reshape(-1, 2)
    vectors = tfidf_vectors(terms(sentences[sid]) for sid in ids)
    keep = cosine(vectors, pairs[:, 0], pairs[:, 1]) >= THRESHOLD
    return pairs[keep, 0], pairs[keep, 1]


GENERATORS = {
    "tfidf": "TF-IDF, every term makes pairs",
    "capped": f"TF-IDF, postings capped at {CAP} (the build's)",
    "lsh+cosine": "MinHash LSH (pinned), then TF-IDF cosine ≥ the threshold",
}


def measure_scale(method: str, size: int, keep: Path | None) -> dict:
    """Time and peak RSS of one generator on the synthetic corpus; then its recall of the planted rewrite pairs and,
    with `keep`, its pair keys saved there for the recall against plain TF-IDF."""
    import resource
    import time

    from builders.automatic.blocking import similar_pairs

    sentences, family = synthetic_corpus(size)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before = usage.ru_utime + usage.ru_stime
    if method == "lsh+cosine":
        a, b = lsh_cosine_pairs(sentences)
    else:
        ids = sorted(sentences)
        a, b, _ = similar_pairs((terms(sentences[sid]) for sid in ids), [document_of(sid) for sid in ids], THRESHOLD, CAP if method == "capped" else None)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {"cpu": usage.ru_utime + usage.ru_stime - before, "rss": usage.ru_maxrss / 1024, "pairs": len(a)}
    found = a * size + b  # sorted: both generators return pairs in (a, b) order
    planted = rewrite_pairs(sorted(sentences), family)
    result["rewrites"] = [int(np.isin(planted, found, assume_unique=True).sum()), len(planted)]
    if keep is not None:
        np.save(keep, found)
    return result


def scale(million: bool) -> None:
    import json
    import math
    import subprocess
    import sys
    import tempfile

    from builders.automatic.lsh import PARAMETERS, lsh_pairs

    sentences, spans = corpus_sentences(ROOT)
    claims = claims_by_id(ROOT, spans)
    links, _ = linked_pairs(ROOT, claims)
    tfidf = {(c.a, c.b) for c in candidate_pairs(sentences, cap=None)}
    print(f"On the gold corpus ({len(sentences)} sentences, {len(links)} linked sentence pairs); pinned LSH parameters {PARAMETERS}:")
    print()
    print("| generator | candidates | linked candidates | recall | pairs TF-IDF does not propose (unreviewed) |")
    print("|---|---:|---:|---:|---:|")
    print(f"| TF-IDF cosine ≥ {THRESHOLD}, every term makes pairs | {len(tfidf)} | {len(tfidf & links)} | {recall(tfidf, links)} | – |")
    for cap in (4, 8, 16, 24, 32, CAP):
        capped = {(c.a, c.b) for c in candidate_pairs(sentences, cap=cap)}
        print(f"| TF-IDF cosine ≥ {THRESHOLD}, postings capped at {cap}{' (the build’s)' if cap == CAP else ''} | {len(capped)} | {len(capped & links)} | {recall(capped, links)} | {len(capped - tfidf)} |")
    ids = sorted(sentences)
    for bands, rows in ((128, 1), (64, 2), (42, 3), (32, 4), (16, 8)):
        pinned = " (pinned)" if (bands, rows) == (PARAMETERS["bands"], PARAMETERS["rows"]) else ""
        lsh = set(lsh_pairs(sentences, bands, rows))
        print(f"| MinHash LSH, {bands} bands × {rows} rows{pinned} | {len(lsh)} | {len(lsh & links)} | {recall(lsh, links)} | {len(lsh - tfidf)} |")
        a, b = lsh_cosine_pairs(sentences, bands, rows)
        rescored = {(ids[i], ids[j]) for i, j in zip(a.tolist(), b.tolist())}
        print(f"| MinHash LSH, {bands} bands × {rows} rows{pinned}, then cosine ≥ {THRESHOLD} | {len(rescored)} | {len(rescored & links)} | {recall(rescored, links)} | {len(rescored - tfidf)} |")
    print()
    reference_size = 10000
    plan = {"tfidf": [2500, 5000, reference_size], "capped": [reference_size, 100000, 1000000], "lsh+cosine": [reference_size, 100000] + ([1000000] if million else [])}
    print(f"Synthetic corpora; recall of plain TF-IDF’s pairs at {reference_size:,} sentences, where it was run; rewrite pairs: cross-document pairs of rewrites of one real sentence.")
    print()
    print("| generator | sentences | CPU s | peak RSS (MiB) | pairs | recall of plain TF-IDF’s pairs | recall of rewrite pairs |")
    print("|---|---|---:|---:|---:|---:|---:|")
    results = {}
    with tempfile.TemporaryDirectory() as keep:
        reference = Path(keep) / f"tfidf-{reference_size}.npy"
        for method, sizes in plan.items():
            for size in sizes:
                saved = Path(keep) / f"{method}-{size}.npy" if size <= 100000 else None
                command = [sys.executable, __file__, "--measure", method, str(size)] + ([str(saved)] if saved else [])
                result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
                results[method, size] = figures = json.loads(result.stdout.strip().splitlines()[-1])
                against = against_plain(reference, saved) if size == reference_size else "–"
                hits, planted = figures["rewrites"]
                print(f"| {GENERATORS[method]} | {size:,} | {figures['cpu']:.1f} | {figures['rss']:.0f} | {figures['pairs']:,} | {against} | {hits / planted:.3f} ({hits:,}/{planted:,}) |", flush=True)
            (small, a), (large, b) = [(size, results[method, size]) for size in sizes[-2:]]
            exponent = math.log(b["cpu"] / a["cpu"]) / math.log(large / small)
            for target in [n for n in (100000, 1000000) if n > large]:
                print(f"| {GENERATORS[method]} | {target:,} (est.) | {b['cpu'] * (target / large) ** exponent:,.0f} | – | – | – | – |")
            print(f"| {GENERATORS[method]} | growth exponent of CPU time, {small:,} to {large:,} (measured) | {exponent:.2f} | | | | |")
        for size in (reference_size, 100000):  # the union of the two runs: CPU time added, the larger peak RSS
            found = np.union1d(np.load(Path(keep) / f"capped-{size}.npy"), np.load(Path(keep) / f"lsh+cosine-{size}.npy"))
            np.save(Path(keep) / f"union-{size}.npy", found)
            sentences, family = synthetic_corpus(size)
            planted = rewrite_pairs(sorted(sentences), family)
            hits = int(np.isin(planted, found, assume_unique=True).sum())
            against = against_plain(reference, Path(keep) / f"union-{size}.npy") if size == reference_size else "–"
            cpu = results["capped", size]["cpu"] + results["lsh+cosine", size]["cpu"]
            rss = max(results["capped", size]["rss"], results["lsh+cosine", size]["rss"])
            print(f"| the two above together (union) | {size:,} | {cpu:.1f} | {rss:.0f} | {len(found):,} | {against} | {hits / len(planted):.3f} ({hits:,}/{len(planted):,}) |")


def against_plain(reference: Path, saved: Path) -> str:
    """Recall of plain TF-IDF's pairs (saved keys) by another generator's pairs (saved keys)."""
    plain, found = np.load(reference), np.load(saved)
    hits = int(np.isin(plain, found, assume_unique=True).sum())
    return f"{hits / len(plain):.3f} ({hits:,}/{len(plain):,})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="project root whose corpus/ is measured (default: this one)")
    parser.add_argument("--scale", action="store_true", help="cost at 10k-1M sentences and LSH against TF-IDF")
    parser.add_argument("--million", action="store_true", help="with --scale: also run MinHash LSH at 1,000,000 sentences")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        import json

        print(json.dumps(measure_scale(args.measure[0], int(args.measure[1]), Path(args.measure[2]) if len(args.measure) > 2 else None)))
        return
    if args.scale:
        scale(args.million)
        return
    sentences, spans = corpus_sentences(args.project)
    claims = claims_by_id(args.project, spans)
    all_pairs = sum(1 for a, b in combinations(sorted(sentences), 2) if document_of(a) != document_of(b))
    print(f"{len(spans)} documents, {len(sentences)} sentences, {all_pairs} cross-document sentence pairs, {len(claims)} claims placed in sentences")

    references: dict[str, set[Pair]] = {}
    links = linked_pairs(args.project, claims)
    if links is None:
        print(f"corpus/{LINKS_FILE} does not exist yet: recall on the final links is skipped")
    else:
        references["links"], unknown = links
        print(f"corpus/{LINKS_FILE}: {len(references['links'])} linked sentence pairs" + (f" ({unknown} cluster members name no known claim)" if unknown else ""))
    references["same-evidence proxy"] = same_evidence_pairs(claims)
    print(f"same-evidence proxy: {len(references['same-evidence proxy'])} sentence pairs")

    char_scored = char_ngram_scores(sentences)
    word_found = {t: {(c.a, c.b) for c in candidate_pairs(sentences, t)} for t in THRESHOLDS}

    print()
    print("Word 1-2 gram TF-IDF (builders.candidates.candidate_pairs) against character 3-5 gram TF-IDF with as many pairs (its top-k):")
    print()
    header = "| threshold | pairs |" + "".join(f" word recall: {name} | char recall: {name} |" for name in references)
    print(header)
    print("|" + "---:|" * (2 + 2 * len(references)))
    for t in THRESHOLDS:
        found = word_found[t]
        top_k = {pair for _, pair in char_scored[: len(found)]}
        mark = " (current)" if t == THRESHOLD else ""
        print(f"| {t:.2f}{mark} | {len(found)} |" + "".join(f" {recall(found, ref)} | {recall(top_k, ref)} |" for ref in references.values()))

    print()
    print("Character 3-5 gram TF-IDF at its own thresholds:")
    print()
    print("| threshold | pairs |" + "".join(f" recall: {name} |" for name in references))
    print("|" + "---:|" * (2 + len(references)))
    for t in CHAR_THRESHOLDS:
        found = {pair for score, pair in char_scored if score >= t}
        print(f"| {t:.2f} | {len(found)} |" + "".join(f" {recall(found, ref)} |" for ref in references.values()))

    name, reference = next(iter(references.items()))  # the links when they exist, else the proxy
    missed = sorted(reference - {(c.a, c.b) for c in candidate_pairs(sentences)})
    print()
    print(f"{name}: {len(missed)} pair(s) missed at the current threshold {THRESHOLD}")
    for a, b in missed:
        print(f"  {a} – {b}: {sentences[a][:60]!r} / {sentences[b][:60]!r}")


if __name__ == "__main__":
    main()
