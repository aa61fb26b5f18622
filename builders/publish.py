"""Metadata generated from the written data: the dataset card (release README), plots, Croissant, citation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from builders.paths import parquet_path


def arrow_sizes(staging: Path, rows: dict[str, dict[str, int]]) -> dict[str, int]:
    """In-memory Arrow size of every Parquet file (what `dataset_info.splits[].num_bytes` means), group by group."""
    sizes = {}
    for name, splits in rows.items():
        for split in splits:
            parquet = pq.ParquetFile(staging / parquet_path(name, split))
            sizes[parquet_path(name, split)] = sum(parquet.read_row_group(g).nbytes for g in range(parquet.num_row_groups))
    return sizes


def check_metadata_inputs(project: Path) -> None:
    """The files the metadata is made from (citation, licence, agreement passes) are present and well-formed."""
    from builders import card
    from builders.agreement import all_agreement
    from builders.problems import CorpusError, Problem

    card.citation(project)
    if not (project / "LICENSE").is_file():
        raise CorpusError([Problem("LICENSE", 1, "file-missing", f"no LICENSE in {project}, expected the licence the card links to")])
    all_agreement(project / "corpus")


def write_metadata(staging: Path, project: Path, rows: dict[str, dict[str, int]]) -> None:
    from builders import card, hf_header
    from builders.croissant import croissant_metadata
    from builders.stats import load_release

    records = load_release(staging)
    body = card.render(staging, project, rows, records)
    (staging / "README.md").write_text(hf_header.header(rows, arrow_sizes(staging, rows)) + body, encoding="utf-8")
    shutil.copyfile(project / "CITATION.cff", staging / "CITATION.cff")
    shutil.copyfile(project / "LICENSE", staging / "LICENSE")
    metadata = croissant_metadata(staging, rows, citation=card.bibtex(project))
    (staging / "croissant.json").write_text(json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def card_body(release: Path) -> str:
    """The card of a built release: its README without the YAML header."""
    text = (release / "README.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def write_card(release: Path, project: Path) -> list[Path]:
    """Copy a built release's card and plots into the repository (CARD.md, plots/)."""
    (project / "CARD.md").write_text(card_body(release), encoding="utf-8")
    written = [project / "CARD.md"]
    for plot in sorted((release / "plots").glob("*.png")):
        target = project / "plots" / plot.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(plot, target)
        written.append(target)
    return written
