"""Read a built release back as JSON-ready records (ClassLabel indices turned back into their names)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from builders.arrow import decode
from builders.configs import CONFIGS


def split_files(release: Path, config: str) -> dict[str, Path]:
    """The Parquet file of every released split of `config`, in the config's split order."""
    folder = release / "data" / config
    found = {path.name.split("-00000-of-")[0]: path for path in folder.glob("*.parquet")} if folder.is_dir() else {}
    return {split: found[split] for split in CONFIGS[config].splits if split in found}


def read_records(release: Path, config: str) -> list[dict]:
    """Every record of `config`, split by split, with an added `_split` key."""
    model = CONFIGS[config].model
    records = []
    for split, path in split_files(release, config).items():
        for row in pq.ParquetFile(path).read().to_pylist():
            records.append({**decode(row, model), "_split": split})
    return records
