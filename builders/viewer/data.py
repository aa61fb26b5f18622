"""Read a built release's Parquet files generically, one group of rows at a time.

Each config becomes one Arrow table (all its splits, with a `split` column added) sorted by the key the viewer
groups it by, so a page turns only its own rows into Python dicts. Label columns are decoded with the `ClassLabel`
names stored in each file's Hugging Face metadata, so new labels need no change here; a config or column the
release lacks reads as empty.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SPLIT_COLUMN = "split"


def _label_names(schema: pa.Schema) -> dict[str, list[str]]:
    """Column -> ClassLabel names (also for lists of labels), from the `huggingface` schema metadata."""
    metadata = (schema.metadata or {}).get(b"huggingface")
    if not metadata:
        return {}
    features = json.loads(metadata).get("info", {}).get("features", {})
    names = {}
    for column, feature in features.items():
        inner = feature.get("feature", {}) if feature.get("_type") in ("List", "Sequence", "LargeList") else feature
        if isinstance(inner, dict) and inner.get("_type") == "ClassLabel":
            names[column] = list(inner["names"])
    return names


@dataclass
class Config:
    """One config's rows, sorted by `key`, with the label names of its ClassLabel columns."""

    name: str
    table: pa.Table
    labels: dict[str, list[str]]
    key: str | None
    _keys: list | None = None

    @property
    def columns(self) -> list[str]:
        return self.table.column_names

    def __len__(self) -> int:
        return self.table.num_rows

    def _decode(self, rows: list[dict]) -> list[dict]:
        for row in rows:
            for column, names in self.labels.items():
                value = row.get(column)
                if isinstance(value, list):
                    row[column] = [names[v] if v is not None and 0 <= v < len(names) else v for v in value]
                elif isinstance(value, int) and 0 <= value < len(names):
                    row[column] = names[value]
        return rows

    def rows(self, start: int = 0, stop: int | None = None, without: tuple[str, ...] = ()) -> list[dict]:
        """Rows [start, stop) as dicts, labels decoded, leaving out the columns `without`."""
        stop = self.table.num_rows if stop is None else stop
        table = self.table.slice(start, max(stop - start, 0))
        return self._decode(table.drop_columns([c for c in without if c in table.column_names]).to_pylist())

    def keys(self) -> list:
        if self._keys is None:
            # sorted by the key with nulls last, so dropping the nulls keeps every other row's position
            values = self.table.column(self.key).to_pylist() if self.key in self.columns else []
            self._keys = [value for value in values if value is not None]
        return self._keys

    def group(self, value) -> list[dict]:
        """The rows whose key equals `value`, in sorted order."""
        keys = self.keys()
        if value is None:
            return []
        return self.rows(bisect_left(keys, value), bisect_right(keys, value))


# config -> (key the viewer looks rows up by, further sort columns); every order is total, so pages are stable
ORDER = {
    "documents": ("id", []),
    "sentences": ("document_id", ["index", "id"]),
    "mentions": ("document_id", ["start", "end", "id"]),
    "claims": ("document_id", ["start", "end", "id"]),
    "checkworthiness": ("document_id", ["id"]),
    "entities": ("id", []),
    "facts": ("id", []),
    "clusters": ("id", []),
    "claim_links": ("cluster_id", ["id"]),
}


def load_config(release: Path, name: str) -> Config:
    key, then = ORDER.get(name, ("id", []))
    files = sorted((release / "data" / name).glob("*.parquet"))
    tables, labels = [], {}
    for path in files:
        table = pq.read_table(path)
        labels.update(_label_names(table.schema))
        split = path.name.split("-", 1)[0]
        tables.append(table.append_column(SPLIT_COLUMN, pa.array([split] * table.num_rows, pa.string())))
    if not tables:
        return Config(name, pa.table({}), {}, key)
    table = pa.concat_tables(tables, promote_options="permissive")
    sort = [(column, "ascending") for column in [key, *then] if column in table.column_names]
    return Config(name, table.sort_by(sort) if sort else table, labels, key)


class Release:
    """The configs of one release, loaded on first use; `sentence(id)` and friends look single rows up by id."""

    def __init__(self, path: Path):
        self.path = path
        self._configs: dict[str, Config] = {}
        self._by: dict[tuple[str, str], Config] = {}

    def __getitem__(self, name: str) -> Config:
        if name not in self._configs:
            self._configs[name] = load_config(self.path, name)
        return self._configs[name]

    def version(self) -> str:
        """The version croissant.json names (written before the viewer in a build), else the directory's name."""
        croissant = self.path / "croissant.json"
        if croissant.is_file():
            return str(json.loads(croissant.read_text(encoding="utf-8")).get("version", self.path.name))
        return self.path.name

    def by(self, name: str, key: str, then: tuple[str, ...] = ()) -> Config:
        """Config `name` sorted and grouped by another key (made once, then kept)."""
        if (name, key) not in self._by:
            config = self[name]
            sort = [(column, "ascending") for column in (key, *then) if column in config.columns]
            table = config.table.sort_by(sort) if sort and config.key != key else config.table
            self._by[(name, key)] = Config(name, table, config.labels, key)
        return self._by[(name, key)]

    def one(self, name: str, id_value) -> dict | None:
        """The row of config `name` with this id, or None."""
        if id_value is None:
            return None
        rows = self.by(name, "id").group(id_value)
        return rows[0] if rows else None
