import json

import duckdb
import pandas as pd
import polars as pl

release = "RELEASE"
labels = json.load(open(f"{release}/labels.json"))  # config -> label field -> names, by index

# pandas: one file per split; the Arrow backend keeps nullable integers (cue_start, time_start …) integers.
claims = pd.concat({split: pd.read_parquet(f"{release}/data/claims/{split}-00000-of-00001.parquet", dtype_backend="pyarrow") for split in ("train", "validation", "test")}, names=["split", "row"]).reset_index("split")
claims["veracity"] = pd.Categorical.from_codes(claims["veracity"], labels["claims"]["veracity"])

# polars: the split from the file name, names for a label column.
mentions = pl.read_parquet(f"{release}/data/mentions/*.parquet", include_file_paths="file").with_columns(
    split=pl.col("file").str.extract(r"/([a-z]+)-00000-of-", 1),
    type=pl.col("type").replace_strict(range(len(labels["mentions"]["type"])), labels["mentions"]["type"]),
)

# DuckDB: the same, in SQL (label lists are 1-based).
counts = duckdb.sql(f"""
    SELECT regexp_extract(c.filename, '/([a-z]+)-00000-of-', 1) AS split, l.claims.veracity[c.veracity + 1] AS veracity, count(*) AS n
    FROM read_parquet('{release}/data/claims/*.parquet', filename = true) AS c, read_json('{release}/labels.json') AS l
    GROUP BY ALL ORDER BY ALL
""")
counts.show()
