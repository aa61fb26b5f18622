"""Progress of long work on a terminal (tqdm); silent when standard error is not a terminal (CI, pipes, tests)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None = None, unit: str = "it", desc: str = "") -> Iterator[T]:
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, unit=unit, desc=desc, leave=False)
