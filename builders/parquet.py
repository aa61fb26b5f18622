"""Deterministic Parquet writing: every option pinned, schema from the declared features, rows streamed in groups."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features

ROW_GROUP_SIZE = 10_000
ROW_GROUP_BYTES = 8 * 1024 * 1024  # a row group also closes once its text reaches this size (whole documents are large)

# Pinned so that the same records give the same bytes (with the same pyarrow); see README "Reproducibility".
WRITER_OPTIONS = dict(
    compression="zstd",
    compression_level=9,
    use_dictionary=True,
    write_statistics=True,
    version="2.6",
    data_page_version="1.0",
    data_page_size=1024 * 1024,
    use_byte_stream_split=False,
    write_page_index=False,
    write_page_checksum=False,
    store_schema=True,
)


class StreamingParquetWriter:
    """Buffers encoded rows and writes a row group every `ROW_GROUP_SIZE` rows or `ROW_GROUP_BYTES` of text.

    Row groups close at points that depend only on the records, so the same records give the same bytes.
    """

    def __init__(self, path: Path, features: Features):
        self.path = path
        self.features = features
        self.schema = features.arrow_schema
        self.rows = 0
        self._buffer: list[dict] = []
        self._buffered_bytes = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(path, self.schema, **WRITER_OPTIONS)

    def add(self, record: dict) -> None:
        self._buffer.append(self.features.encode_example(record))
        self._buffered_bytes += sum(len(value) for value in record.values() if isinstance(value, str))
        if len(self._buffer) >= ROW_GROUP_SIZE or self._buffered_bytes >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            table = pa.Table.from_pylist(self._buffer, schema=self.schema)
            self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
            self.rows += len(self._buffer)
            self._buffer = []
            self._buffered_bytes = 0

    def close(self) -> int:
        self._flush()
        self._writer.close()
        return self.rows
