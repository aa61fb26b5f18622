"""Metadata generated from the written data: the dataset card (release README), plots, Croissant, citation."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from builders import card, hf_header
from builders.configs import CONFIGS
from builders.release import parquet_path


def arrow_sizes(staging: Path, rows: dict[str, dict[str, int]]) -> dict[str, int]:
    """In-memory Arrow size of every Parquet file (what `dataset_info.splits[].num_bytes` means), group by group."""
    sizes = {}
    for name, splits in rows.items():
        for split in splits:
            parquet = pq.ParquetFile(staging / parquet_path(name, split))
            sizes[parquet_path(name, split)] = sum(parquet.read_row_group(g).nbytes for g in range(parquet.num_row_groups))
    return sizes


def write_metadata(staging: Path, project: Path, rows: dict[str, dict[str, int]]) -> None:
    body = card.render(staging, project, rows)
    (staging / "README.md").write_text(hf_header.header(rows, arrow_sizes(staging, rows)) + body, encoding="utf-8")
