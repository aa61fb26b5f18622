"""Executors of the per-document map (`builders.automatic.batch.build_shard`): shards in, results out in shard order.

Documents are cut into shards of `SHARD_SIZE` consecutive listed documents, whatever the engine or the number of
workers, and results are consumed in shard order, so every engine writes the same rows in the same order and the
same Parquet bytes. Engines:
- `local` (default): this process, or with `workers` > 1 a local process pool (`concurrent.futures`);
- `ray`: Ray Data (`pip install "hague-claims[engine]"`), local with `workers` CPUs, or on the cluster at `address`
  (see docs/scale.md). Scheduling, retries and scale-out are Ray's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

SHARD_SIZE = 256
ENGINES = ("local", "ray")


def shards(items: Iterable[T], size: int = SHARD_SIZE) -> Iterator[list[T]]:
    """Consecutive shards of `size` items, read lazily (a streamed listing is never held whole)."""
    iterator = iter(items)
    while part := list(islice(iterator, size)):
        yield part


def map_shards(fn: Callable[[Sequence[T]], R], parts: Iterable[Sequence[T]], engine: str = "local", workers: int = 1, address: str | None = None) -> Iterator[R]:
    """`fn` of every shard, in shard order."""
    if engine == "ray":
        from builders.engine.ray import map_shards as ray_map

        yield from ray_map(fn, parts, workers, address)
    elif engine == "local" and workers <= 1:
        yield from map(fn, parts)
    elif engine == "local":
        yield from _pool_map(fn, parts, workers)
    else:
        raise ValueError(f"unknown engine {engine!r}, expected one of {', '.join(ENGINES)}")


def _pool_map(fn, parts, workers: int):
    """A process pool with at most 2 shards in flight per worker, so results never pile up in memory."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for part in parts:
            pending.append(pool.submit(fn, part))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
