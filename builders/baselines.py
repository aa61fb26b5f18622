"""Simple, well-understood baselines on the released records: TF-IDF + logistic regression beside the majority class.

Sentence and claim tasks are evaluated leave-one-document-out (train on the other gold documents, test on the one
left out, pooled over the folds), the evaluation the card recommends because the texts re-tell one story. The pair task is
trained on the `train` split and tested on `validation` + `test`, whose clusters never occur in `train`.
Everything is deterministic (fixed seeds, lbfgs) and runs in seconds; nothing is downloaded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

SEED = 0


@dataclass(frozen=True)
class Result:
    task: str
    evaluation: str
    examples: int
    labels: int
    majority_macro_f1: float
    majority_accuracy: float
    model_macro_f1: float
    model_accuracy: float


def _majority(labels: list[str]) -> str:
    """The most frequent label; ties go to the alphabetically first, so the baseline is deterministic."""
    return sorted(Counter(labels).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, min_df=1)


def _classifier() -> LogisticRegression:
    return LogisticRegression(max_iter=2000, class_weight="balanced", random_state=SEED)


def _score(task: str, evaluation: str, gold: list[str], majority: list[str], predicted: list[str]) -> Result:
    labels = sorted(set(gold))
    return Result(
        task=task,
        evaluation=evaluation,
        examples=len(gold),
        labels=len(labels),
        majority_macro_f1=round(f1_score(gold, majority, labels=labels, average="macro", zero_division=0), 3),
        majority_accuracy=round(accuracy_score(gold, majority), 3),
        model_macro_f1=round(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0), 3),
        model_accuracy=round(accuracy_score(gold, predicted), 3),
    )


def leave_one_document_out(task: str, texts: list[str], labels: list[str], documents: list[str]) -> Result:
    gold, majority, predicted = [], [], []
    for held_out in sorted(set(documents)):
        train = [i for i, d in enumerate(documents) if d != held_out]
        test = [i for i, d in enumerate(documents) if d == held_out]
        train_labels = [labels[i] for i in train]
        most_common = _majority(train_labels)
        gold += [labels[i] for i in test]
        majority += [most_common] * len(test)
        if len(set(train_labels)) < 2:
            predicted += [most_common] * len(test)
            continue
        vectorizer = _vectorizer()
        model = _classifier().fit(vectorizer.fit_transform([texts[i] for i in train]), train_labels)
        predicted += list(model.predict(vectorizer.transform([texts[i] for i in test])))
    return _score(task, f"leave-one-document-out ({len(set(documents))} folds, pooled)", gold, majority, predicted)


def pair_task(pairs: list[dict]) -> Result | None:
    train = [p for p in pairs if p["_split"] == "train"]
    test = [p for p in pairs if p["_split"] != "train"]
    if not train or not test or len({p["label"] for p in train}) < 2:
        return None
    vectorizer = _vectorizer().fit([p["text1"] for p in train] + [p["text2"] for p in train])

    def features(rows):
        a = vectorizer.transform([r["text1"] for r in rows])
        b = vectorizer.transform([r["text2"] for r in rows])
        return hstack([abs(a - b), a.multiply(b)]).tocsr()

    model = _classifier().fit(features(train), [p["label"] for p in train])
    most_common = _majority([p["label"] for p in train])
    gold = [p["label"] for p in test]
    return _score("claim-pair relation", "train split → validation + test (cluster-disjoint)", gold, [most_common] * len(gold), list(model.predict(features(test))))


def run(records: dict[str, list[dict]]) -> list[Result]:
    np.random.seed(SEED)
    results = []
    sentences = records["checkworthiness"]
    if sentences:
        results.append(leave_one_document_out("check-worthiness (sentences)", [r["text"] for r in sentences], [r["label"] for r in sentences], [r["document_id"] for r in sentences]))
    claims = records["claims"]
    if claims:
        results.append(leave_one_document_out("veracity (claims)", [r["text"] for r in claims], [r["veracity"] for r in claims], [r["document_id"] for r in claims]))
    pair_result = pair_task(records["claim_pairs"])
    if pair_result:
        results.append(pair_result)
    return results


def table(results: list[Result]) -> str:
    lines = [
        "| task | evaluation | examples | labels | majority macro-F1 | majority accuracy | TF-IDF + LR macro-F1 | TF-IDF + LR accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r.task} | {r.evaluation} | {r.examples} | {r.labels} | {r.majority_macro_f1:.3f} | {r.majority_accuracy:.3f} | {r.model_macro_f1:.3f} | {r.model_accuracy:.3f} |")
    return "\n".join(lines)


PAIR_ENCODING = (
    "A claim pair is encoded as [|a − b|, a ⊙ b] of the two claim texts' TF-IDF vectors (`text1`, `text2`), the "
    "vectorizer fitted on the train split's texts only."
)


SETTINGS = (("lowercase", "ngram_range", "sublinear_tf", "min_df"), ("C", "class_weight", "solver", "max_iter", "random_state"))


def settings() -> tuple[dict, dict]:
    """The vectorizer's and the classifier's settings that decide the table (read from the models themselves)."""
    return tuple({k: model.get_params()[k] for k in keys} for model, keys in zip((_vectorizer(), _classifier()), SETTINGS))
