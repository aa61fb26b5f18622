"""The automatic layers built in shards, on every engine, give the records of the single-process pipeline, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from builders.arrow import decode
from builders.automatic.batch import write_automatic
from builders.automatic.text import TextLayer
from builders.configs import CONFIGS
from builders.corpus import load_corpus
from builders.paths import parquet_path
from builders.pipeline import corpus_at, run

PROJECT = Path(__file__).resolve().parent.parent


def built(out: Path, **engine) -> dict[str, bytes]:
    corpus = corpus_at(PROJECT)
    rows = write_automatic(corpus, out, load_corpus(corpus), shard_size=2, **engine)
    return {parquet_path(c, s): (out / parquet_path(c, s)).read_bytes() for c, splits in rows.items() for s in splits}


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path_factory.mktemp("single")
    return out, built(out)


def test_batch_path_gives_the_pipeline_records(single):
    out, files = single
    expected: dict[tuple[str, str], list[dict]] = {}
    run(corpus_at(PROJECT), lambda config, split, record: expected.setdefault((config, split), []).append(record), layers=(TextLayer,))
    assert {parquet_path(c, s) for c, s in expected} == set(files)
    for (config, split), records in expected.items():
        table = pq.read_table(out / parquet_path(config, split))
        assert [decode(row, CONFIGS[config].model) for row in table.to_pylist()] == records
    assert sum(len(r) for (c, _), r in expected.items() if c == "sentences") >= 100


def test_process_pool_writes_the_same_bytes(single, tmp_path):
    assert built(tmp_path, workers=2) == single[1]


def test_ray_in_local_mode_writes_the_same_bytes(single, tmp_path):
    assert built(tmp_path, engine="ray", workers=2) == single[1]
