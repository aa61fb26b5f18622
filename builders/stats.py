"""Figures computed from a built release: expected counts (kept as data under tests/) and the card's numbers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from builders.configs import CONFIGS
from builders.readback import read_records

EXPECTED_COUNTS = Path("tests") / "expected_counts.tsv"
REGENERATE = "hague-claims build && hague-claims counts --write"


def load_release(release: Path) -> dict[str, list[dict]]:
    return {config: read_records(release, config) for config in CONFIGS}


def counts(records: dict[str, list[dict]]) -> dict[str, int]:
    """Every count a change to the data would move: rows per split, per document, per entity, per label."""
    found: Counter[str] = Counter()
    for config, rows in records.items():
        for row in rows:
            found[f"rows\t{config}\t{row['_split']}"] += 1
    for row in records["sentences"]:
        found[f"document\t{row['document_id']}\tsentences"] += 1
        found[f"document\t{row['document_id']}\theadline sentences"] += int(row["is_headline"])
    for row in records["mentions"]:
        found[f"document\t{row['document_id']}\tmentions"] += 1
        found[f"document\t{row['document_id']}\tmentions {row['type']}"] += 1
        found[f"label\tmention type\t{row['type']}"] += 1
        found[f"label\tmention kind\t{row['kind']}"] += 1
        found[f"label\tmention metonymy\t{row['metonymy']}"] += 1
    for row in records["entities"]:
        found[f"entity\t{row['id']}\tmentions"] = row["mention_count"]
        found[f"entity\t{row['id']}\tdocuments"] = len(row["documents"])
    for row in records["claims"]:
        found[f"document\t{row['document_id']}\tclaims"] += 1
        for field in ("claim_type", "veracity", "checkworthiness"):
            found[f"label\tclaim {field}\t{row[field]}"] += 1
            found[f"document\t{row['document_id']}\tclaims {field} {row[field]}"] += 1
        found[f"label\tclaim source\t{'article' if row['source'] == 'article' else 'attributed'}"] += 1
    for row in records["checkworthiness"]:
        found[f"label\tsentence checkworthiness\t{row['label']}"] += 1
        found[f"document\t{row['document_id']}\tsentences {row['label']}"] += 1
    for row in records["claim_links"]:
        found[f"label\tclaim link relation\t{row['relation']}"] += 1
    for row in records["claim_pairs"]:
        found[f"label\tclaim pair label\t{row['label']}"] += 1
    for row in records["clusters"]:
        found[f"cluster\t{row['id']}\tclaims"] = len(row["claim_ids"])
        found[f"cluster\t{row['id']}\tdocuments"] = len(row["document_ids"])
    return dict(found)


def render_counts(found: dict[str, int]) -> str:
    return "".join(f"{key}\t{value}\n" for key, value in sorted(found.items()))


def read_expected(project: Path) -> dict[str, int]:
    path = project / EXPECTED_COUNTS
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, value = line.rsplit("\t", 1)
        found[key] = int(value)
    return found
