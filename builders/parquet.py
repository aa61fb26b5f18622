"""Deterministic Parquet writing: every option pinned, schema from the declared features, rows streamed in groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROW_GROUP_SIZE = 10_000
ROW_GROUP_BYTES = 8 * 1024 * 1024  # a row group also closes once its text reaches this many UTF-8 bytes (documents are large)

# Pinned so that the same records give the same bytes (with the same pyarrow); see README "Reproducibility".
WRITER_OPTIONS = dict(
    compression="zstd",
    compression_level=3,  # zstd's own default: as small as level 9 within 3-4%, at about half the CPU (docs/scale.md)
    use_dictionary=True,
    version="2.6",
    data_page_version="1.0",
    data_page_size=1024 * 1024,
    use_byte_stream_split=False,
    write_page_index=False,
    write_page_checksum=False,
    store_schema=True,
)


def statistics_columns(schema: pa.Schema) -> list[str]:
    """Statistics (min, max, nulls) are written for the top-level scalar columns, which readers can filter on; for
    lists and structs (tokens, offsets, evidence) they cost writing time and serve no query."""
    return [field.name for field in schema if not pa.types.is_nested(field.type)]


def leaf_paths(field: pa.Field, prefix: str = "") -> list[str]:
    """The Parquet column paths under an Arrow field (lists as `name.list.element`), as writer options name them."""
    path = f"{prefix}{field.name}"
    if pa.types.is_list(field.type):
        return leaf_paths(pa.field("element", field.type.value_type), f"{path}.list.")
    if pa.types.is_struct(field.type):
        return [leaf for child in field.type for leaf in leaf_paths(child, f"{path}.")]
    return [path]


class StreamingParquetWriter:
    """Buffers encoded rows and writes a row group every `ROW_GROUP_SIZE` rows or `ROW_GROUP_BYTES` of text.
    Columns named in `plain` are written without dictionary encoding; the integer lists named in `delta`, with
    Parquet's DELTA_BINARY_PACKED encoding.

    Row groups close at points that depend only on the records, so the same records give the same bytes, whether they
    come one by one (`add`, JSON-ready records encoded by `features`) or as Arrow tables (`add_table`, already encoded;
    `features` may then be None).
    """

    def __init__(self, path: Path, features, schema: pa.Schema | None = None, plain: tuple[str, ...] = (), delta: tuple[str, ...] = ()):
        self.path = path
        self.features = features
        self.schema = schema if schema is not None else features.arrow_schema
        self.rows = 0
        self._buffer: list[dict] = []
        self._tables: list[pa.Table] = []
        self._buffered_rows = 0
        self._buffered_bytes = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        options = dict(WRITER_OPTIONS, write_statistics=statistics_columns(self.schema))
        if plain or delta:  # columns whose values hardly repeat (whole texts): a dictionary would be built and thrown away
            options["use_dictionary"] = [path for field in self.schema if field.name not in plain + delta for path in leaf_paths(field)]
        if delta:  # lists of rising offsets: small differences, a third of the dictionary's bytes at half the CPU
            options["column_encoding"] = {f"{name}.list.element": "DELTA_BINARY_PACKED" for name in delta}
        self._writer = pq.ParquetWriter(path, self.schema, **options)

    def add(self, record: dict) -> None:
        self._buffer.append(self.features.encode_example(record))
        self._buffered_bytes += sum(len(value.encode("utf-8")) for value in record.values() if isinstance(value, str))
        if len(self._buffer) + self._buffered_rows >= ROW_GROUP_SIZE or self._buffered_bytes >= ROW_GROUP_BYTES:
            self._flush()

    def add_table(self, table: pa.Table) -> None:
        """Rows of the writer's schema; row groups close exactly where `add` would have closed them."""
        table = table.replace_schema_metadata(self.schema.metadata)
        sizes = np.zeros(table.num_rows, dtype=np.int64)
        for name in self.schema.names:
            if pa.types.is_string(self.schema.field(name).type):  # byte lengths come from the offsets, unread
                sizes += pc.fill_null(pc.binary_length(table[name]), 0).to_numpy().astype(np.int64)
        offset = 0
        while offset < table.num_rows:
            room = ROW_GROUP_SIZE - self._buffered_rows - len(self._buffer)
            running = self._buffered_bytes + np.cumsum(sizes[offset : offset + room])
            full = np.flatnonzero(running >= ROW_GROUP_BYTES)
            take = int(full[0]) + 1 if len(full) else len(running)
            self._tables.append(table.slice(offset, take))
            self._buffered_rows += take
            self._buffered_bytes = int(running[take - 1])
            offset += take
            if self._buffered_rows >= ROW_GROUP_SIZE or self._buffered_bytes >= ROW_GROUP_BYTES:
                self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._tables.append(pa.Table.from_pylist(self._buffer, schema=self.schema))
            self._buffered_rows += len(self._buffer)
            self._buffer = []
        if self._tables:
            table = pa.concat_tables(self._tables).combine_chunks()
            self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
            self.rows += self._buffered_rows
            self._tables = []
            self._buffered_rows = 0
            self._buffered_bytes = 0

    def close(self) -> int:
        self._flush()
        self._writer.close()
        return self.rows
