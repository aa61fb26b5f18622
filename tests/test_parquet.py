"""The release's Parquet files are written with the pinned options, column by column (builders/parquet.py)."""

from __future__ import annotations

import pyarrow.parquet as pq

from builders.automatic.batch import FREE_TEXT, OFFSET_LISTS
from builders.parquet import WRITER_OPTIONS


def encodings(path) -> dict[str, set[str]]:
    metadata = pq.ParquetFile(path).metadata
    found: dict[str, set[str]] = {}
    for group in range(metadata.num_row_groups):
        for column in range(metadata.num_columns):
            chunk = metadata.row_group(group).column(column)
            found.setdefault(chunk.path_in_schema, set()).update(chunk.encodings)
            assert chunk.compression == WRITER_OPTIONS["compression"].upper()
            assert chunk.is_stats_set == ("." not in chunk.path_in_schema), chunk.path_in_schema  # scalar columns only
    return found


def test_sentence_files_use_delta_offsets_plain_texts_and_dictionary_tokens(release):
    files = sorted((release / "data" / "sentences").glob("*.parquet"))
    assert files
    for path in files:
        found = encodings(path)
        for name in OFFSET_LISTS:
            assert "DELTA_BINARY_PACKED" in found[f"{name}.list.element"], path.name
        assert "RLE_DICTIONARY" in found["tokens.list.element"]
        assert "RLE_DICTIONARY" in found["document_id"]
        assert "RLE_DICTIONARY" not in found["text"] and "text" in FREE_TEXT


def test_document_texts_are_plain_and_the_annotated_configs_keep_dictionaries(release):
    for path in sorted((release / "data" / "documents").glob("*.parquet")):
        found = encodings(path)
        assert "RLE_DICTIONARY" not in found["text"] and "RLE_DICTIONARY" not in found["headline"]
        assert "RLE_DICTIONARY" in found["publisher"]
    for path in sorted((release / "data" / "claims").glob("*.parquet")):
        assert "RLE_DICTIONARY" in encodings(path)["text"]
