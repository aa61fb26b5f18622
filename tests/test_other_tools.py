"""The README's pandas, polars and DuckDB snippets read the release as documented."""

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq


def test_pandas_polars_duckdb_read_the_parquet_files(release):
    claims = pd.read_parquet(release / "data" / "claims")
    assert len(claims) == sum(pq.ParquetFile(path).metadata.num_rows for path in (release / "data" / "claims").glob("*.parquet")) > 0
    mentions = pl.read_parquet(str(release / "data" / "mentions" / "*.parquet"))
    assert mentions.height > 0 and "entity_id" in mentions.columns
    by_label = duckdb.sql(f"SELECT veracity, count(*) AS n FROM '{release}/data/claims/*.parquet' GROUP BY 1").fetchall()
    assert sum(n for _, n in by_label) == len(claims)


def test_cross_document_coreference_is_one_line(release):
    m = pd.read_parquet(release / "data" / "mentions")
    links = m.merge(m, on="entity_id").query("document_id_x < document_id_y")
    assert len(links) > 0
    assert set(links["entity_id"]) >= {"valery-gerasimov", "nato"}
