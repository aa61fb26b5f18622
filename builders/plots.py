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
    """The document id used everywhere in the release, with its split on a second line."""
    return f"{document['id']}\n({document['_split']})"


def _stacked(axis, documents: list[dict], counts: dict[str, Counter], labels: list[str], title: str, unit: str) -> None:
    bottom = [0] * len(documents)
    for label in labels:
        heights = [counts[d["id"]][label] for d in documents]
        axis.bar(range(len(documents)), heights, bottom=bottom, label=label, color=COLOURS[label], edgecolor="white", linewidth=0.5)
        bottom = [b + h for b, h in zip(bottom, heights)]
    axis.set_xticks(range(len(documents)), [document_label(d) for d in documents], rotation=30, ha="right", fontsize=8)
    axis.set_xlabel("document (split)")
    axis.set_ylabel(unit)
    axis.set_title(title)
    # Below the axes, so it never covers a bar however tall.
    axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.38), ncol=2, frameon=False)


def _in_split_order(documents: list[dict]) -> list[dict]:
    order = {split: i for i, split in enumerate(("train", "validation", "test"))}
    return sorted(documents, key=lambda d: (order.get(d["_split"], len(order)), d["file"]))


def label_distributions(records: dict[str, list[dict]], out: Path) -> None:
    documents = _in_split_order(records["documents"])
    worth: dict[str, Counter] = {d["id"]: Counter() for d in documents}
    verdicts: dict[str, Counter] = {d["id"]: Counter() for d in documents}
    for row in records["checkworthiness"]:
        worth[row["document_id"]][row["label"]] += 1
    for row in records["claims"]:
        verdicts[row["document_id"]][row["veracity"]] += 1
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 5.5))
    _stacked(left, documents, worth, [label.value for label in CheckWorthiness], "Sentences by check-worthiness", "sentences")
    _stacked(right, documents, verdicts, [label.value for label in Veracity], "Claims by veracity", "claims")
    figure.tight_layout()
    _save(figure, out / LABELS_PNG)


def clusters_across_documents(records: dict[str, list[dict]], out: Path) -> None:
    ordered = _in_split_order(records["documents"])
    documents = [d["id"] for d in ordered]
    clusters = sorted(records["clusters"], key=lambda c: (-len(c["document_ids"]), c["id"]))
    claim_document = {c["id"]: c["document_id"] for c in records["claims"]}
    conflicted = Counter()
    for link in records["claim_links"]:
        if link["relation"] == "conflicting":
            conflicted[(link["cluster_id"], link["source_document"])] += 1
            conflicted[(link["cluster_id"], link["target_document"])] += 1
    cluster_split = {link["cluster_id"]: link["_split"] for link in records["claim_links"]}
    figure, axis = plt.subplots(figsize=(10, max(4, 0.34 * len(clusters) + 2)))
    grid = [[sum(1 for m in c["claim_ids"] if claim_document.get(m) == d) for d in documents] for c in clusters]
    highest = max((max(row) for row in grid), default=1)
    image = axis.imshow(grid or [[0] * len(documents)], cmap="Blues", aspect="auto", vmin=0, vmax=max(highest, 1))
    colour_bar = figure.colorbar(image, ax=axis, fraction=0.04, pad=0.02, ticks=range(0, max(highest, 1) + 1))
    colour_bar.set_label("claims of the cluster in the document")
    for row, cluster in enumerate(clusters):
        for column, document in enumerate(documents):
            if grid[row][column]:
                mark = "!" if conflicted[(cluster["id"], document)] else ""
                dark = grid[row][column] > highest / 2
                axis.text(column, row, f"{grid[row][column]}{mark}", ha="center", va="center", fontsize=10, fontweight="bold", color="white" if dark else "black")
    axis.set_xticks(range(len(documents)), [document_label(d) for d in ordered], rotation=30, ha="right", fontsize=9)
    axis.set_yticks(range(len(clusters)), [f"{c['id']} ({cluster_split.get(c['id'], '-')})" for c in clusters], fontsize=9)
    axis.set_xlabel("document (split)")
    axis.set_ylabel("cluster (split of its links and pairs)")
    axis.set_title("Claims per cluster and document (! = in a conflicting relation)")
    figure.tight_layout()
    _save(figure, out / CLUSTERS_PNG)


def draw(records: dict[str, list[dict]], out: Path) -> list[str]:
    label_distributions(records, out)
    clusters_across_documents(records, out)
    return [LABELS_PNG, CLUSTERS_PNG]
