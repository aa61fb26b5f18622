"""The Ray Data engine: each shard is one row of a Ray dataset, mapped by Ray tasks, read back in order.

Shards and results travel pickled (Arrow tables pickle as Arrow IPC), so the map is the very function the local
engine runs. Locally Ray starts with `workers` CPUs; with `address` (e.g. "auto" or "ray://head:10001") it joins a
running cluster, whose workers must see the corpus at the same path (a shared file system).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterator


def map_shards(fn, parts, workers: int, address: str | None) -> Iterator:
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a local, throw-away cluster: no token to manage
    import ray
    import ray.data

    logging.getLogger("ray").setLevel(logging.ERROR)  # Ray Data logs each dataset's plan and progress at INFO
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    started = not ray.is_initialized()
    if started:
        options = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING, configure_logging=False)
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(1, workers), **options)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # results in shard order: deterministic output
        context.enable_progress_bars = False
        rows = [{"shard": pickle.dumps(part)} for part in parts]  # the listing, not the texts: workers read those
        dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))

        def run(row: dict) -> dict:
            return {"result": pickle.dumps(fn(pickle.loads(row["shard"])))}

        for row in dataset.map(run).iter_rows():
            yield pickle.loads(row["result"])
    finally:
        if started:
            ray.shutdown()
