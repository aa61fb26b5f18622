"""PNG plots for the card, drawn from the released records (matplotlib Agg, no timestamps: same data, same bytes)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from builders.records import CheckWorthiness, Veracity  # noqa: E402

LABELS_PNG = "plots/labels_per_document.png"
CLUSTERS_PNG = "plots/clusters_across_documents.png"


def _save(figure, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(figure)


COLOURS = {
    "non-factual": "#c7c7c7",
    "unimportant-factual": "#9ecae1",
    "check-worthy-factual": "#08519c",
    "supported": "#2ca02c",
    "refuted": "#d62728",
    "not-enough-info": "#ff9f40",
    "not-applicable": "#c7c7c7",
    "conflicting-evidence-cherrypicking": "#9467bd",
}


def document_label(document: dict) -> str:
    """'000 lareport.news': the raw file's number and the publisher."""
    return f"{Path(document['file']).name[:3]} {document['publisher']}"


def _stacked(axis, documents: list[dict], counts: dict[str, Counter], labels: list[str], title: str) -> None:
    bottom = [0] * len(documents)
    for label in labels:
        heights = [counts[d["id"]][label] for d in documents]
        axis.bar(range(len(documents)), heights, bottom=bottom, label=label, color=COLOURS[label])
        bottom = [b + h for b, h in zip(bottom, heights)]
    axis.set_xticks(range(len(documents)), [document_label(d) for d in documents], rotation=20, fontsize=8)
    axis.set_title(title)
    axis.legend(fontsize=7)


def label_distributions(records: dict[str, list[dict]], out: Path) -> None:
    documents = sorted(records["documents"], key=lambda d: d["file"])
    worth: dict[str, Counter] = {d["id"]: Counter() for d in documents}
    verdicts: dict[str, Counter] = {d["id"]: Counter() for d in documents}
    for row in records["checkworthiness"]:
        worth[row["document_id"]][row["label"]] += 1
    for row in records["claims"]:
        verdicts[row["document_id"]][row["veracity"]] += 1
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    _stacked(left, documents, worth, [label.value for label in CheckWorthiness], "Sentences by check-worthiness")
    _stacked(right, documents, verdicts, [label.value for label in Veracity], "Claims by veracity")
    figure.tight_layout()
    _save(figure, out / LABELS_PNG)


def clusters_across_documents(records: dict[str, list[dict]], out: Path) -> None:
    ordered = sorted(records["documents"], key=lambda d: d["file"])
    documents = [d["id"] for d in ordered]
    clusters = sorted(records["clusters"], key=lambda c: (-len(c["document_ids"]), c["id"]))
    claim_document = {c["id"]: c["document_id"] for c in records["claims"]}
    conflicted = Counter()
    for link in records["claim_links"]:
        if link["relation"] == "conflicting":
            conflicted[(link["cluster_id"], link["source_document"])] += 1
            conflicted[(link["cluster_id"], link["target_document"])] += 1
    figure, axis = plt.subplots(figsize=(8, max(3, 0.28 * len(clusters) + 1)))
    grid = [[sum(1 for m in c["claim_ids"] if claim_document.get(m) == d) for d in documents] for c in clusters]
    axis.imshow(grid or [[0] * len(documents)], cmap="Blues", aspect="auto", vmin=0)
    for row, cluster in enumerate(clusters):
        for column, document in enumerate(documents):
            if grid[row][column]:
                mark = "!" if conflicted[(cluster["id"], document)] else ""
                axis.text(column, row, f"{grid[row][column]}{mark}", ha="center", va="center", fontsize=7)
    axis.set_xticks(range(len(documents)), [document_label(d) for d in ordered], rotation=20, fontsize=8)
    axis.set_yticks(range(len(clusters)), [c["id"] for c in clusters], fontsize=7)
    axis.set_title("Claims per cluster and document (! = in a conflicting relation)")
    figure.tight_layout()
    _save(figure, out / CLUSTERS_PNG)


def draw(records: dict[str, list[dict]], out: Path) -> list[str]:
    label_distributions(records, out)
    clusters_across_documents(records, out)
    return [LABELS_PNG, CLUSTERS_PNG]
