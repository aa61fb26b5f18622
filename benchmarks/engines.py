"""The per-document map on the candidate engines: local process pool, Ray Data and Dask, with 1 and 2 workers.

What is measured: the automatic layers of a synthetic corpus (made as in benchmarks/build.py), i.e. the same shards
of `builders.automatic.batch.build_shard`, mapped by each engine and consumed in shard order; wall seconds including
the engine's start-up (Ray starts a local cluster, Dask a local process pool), and whether every engine returned
the same tables (compared by their Arrow IPC bytes). Dask runs `dask.bag.from_sequence(shards).map(build_shard)`
with the multiprocessing scheduler, Ray `ray.data.from_items(shards).map(...)` with order preserved
(builders/engine/ray.py), the pool `concurrent.futures.ProcessPoolExecutor` (builders/engine/__init__.py).

Run from the project root: `nice python benchmarks/engines.py [--documents N]` (needs the [engine] and [bench] extras).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import write_synthetic_project  # noqa: E402

from builders.automatic.batch import build_shard  # noqa: E402
from builders.engine import map_shards, shards  # noqa: E402
from builders.listing import all_listed  # noqa: E402
from builders.pipeline import corpus_at  # noqa: E402


def digest(results) -> str:
    h = hashlib.sha256()
    for shard in results:
        for key in sorted(shard.tables):
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, shard.tables[key].schema) as stream:
                stream.write_table(shard.tables[key])
            h.update(repr(key).encode() + sink.getvalue().to_pybytes())
    return h.hexdigest()


def dask_map(fn, parts, workers: int):
    import dask.bag

    return dask.bag.from_sequence(parts, npartitions=len(parts)).map(fn).compute(scheduler="processes", num_workers=workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hague-claims-engines-") as scratch:
        project = Path(scratch)
        raw = write_synthetic_project(project, args.documents)
        corpus = corpus_at(project)
        parts = list(shards(all_listed(corpus, [])))
        fn = partial(build_shard, corpus)
        print(f"{args.documents:,} documents, {raw / 1e6:.1f} MB raw text, {len(parts)} shards")
        print()
        print("| engine | workers | wall s | documents/s | same tables as single-process |")
        print("|---|---:|---:|---:|---|")
        start = time.perf_counter()
        reference = digest(map_shards(fn, parts))
        seconds = time.perf_counter() - start
        print(f"| single process | 1 | {seconds:.1f} | {args.documents / seconds:,.0f} | (reference) |", flush=True)
        for workers in (1, 2):
            for name, run in (
                ("process pool", lambda: map_shards(fn, parts, "local", workers) if workers > 1 else map_shards(fn, parts, "local", 1)),
                ("Ray Data", lambda: map_shards(fn, parts, "ray", workers)),
                ("Dask bag", lambda: dask_map(fn, parts, workers)),
            ):
                if name == "process pool" and workers == 1:
                    continue  # the single process above
                start = time.perf_counter()
                same = digest(run()) == reference
                seconds = time.perf_counter() - start
                print(f"| {name} | {workers} | {seconds:.1f} | {args.documents / seconds:,.0f} | {same} |", flush=True)


if __name__ == "__main__":
    main()
