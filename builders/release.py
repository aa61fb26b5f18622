"""Write a release directory laid out as a Hugging Face dataset repository, atomically.

    dist/hague-claims-<version>/
      README.md                              the dataset card with its YAML header (configs, dataset_info)
      data/<config>/<split>-00000-of-00001.parquet
      disk/<config>/                         the same data in `save_to_disk` form (`datasets.load_from_disk`)
      croissant.json, CITATION.cff, plots/   generated metadata
      lock.json                              the release lock (`builders.lock`): every record's digest, every file's SHA-256
      manifest.json                          SHA-256, size and row count of every other file

Everything is written to a temporary sibling directory and exchanged with the previous release in one atomic step
(`swap_into_place`). One build at a time holds a lock on the output directory; a build removes what killed builds
left behind.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Dataset, DatasetDict, DatasetInfo, disable_progress_bars
from datasets.table import MemoryMappedTable

from builders.cache import project_cache
from builders.configs import CONFIGS, Config
from builders.automatic.batch import AUTOMATIC, write_automatic
from builders.automatic.text import TextLayer
from builders.corpus import Corpus
from builders.listing import all_listed
from builders.problems import Problem
from builders.features import features_of
from builders.parquet import StreamingParquetWriter
from builders.layer import Layer
from builders.paths import MANIFEST, NAME, parquet_path, release_name, sha256_of
from builders.pipeline import LAYERS, run
from builders.problems import CorpusError, Problem, raise_if_any
from builders.publish import check_metadata_inputs, write_metadata
from builders.verify import verify_release
from builders.viewer import write_viewer
from builders.version import VERSION

disable_progress_bars()

@dataclass
class BuiltData:
    """Row counts of what was written, per config and split; a split with no rows has no file and is not declared."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)


def write_parquet(corpus: Corpus, staging: Path, layers: tuple[type[Layer], ...] = LAYERS, engine: str = "local", workers: int = 1, address: str | None = None) -> BuiltData:
    """Every config's Parquet files. The automatic configs are written by the batch path, in shards on `engine`
    (`builders.automatic.batch`); the pipeline still checks their records, which the annotated layers read."""
    writers: dict[tuple[str, str], StreamingParquetWriter] = {}
    batched = AUTOMATIC if TextLayer in layers else ()

    def sink(config: str, split: str, record: dict) -> None:
        if config in batched:
            return
        key = (config, split)
        if key not in writers:
            writers[key] = StreamingParquetWriter(staging / parquet_path(config, split), features_of(CONFIGS[config].model))
        writers[key].add(record)

    try:
        run(corpus, sink, layers)
    finally:
        for writer in writers.values():
            writer.close()
    built = BuiltData()
    if batched:
        schemas = {config: features_of(CONFIGS[config].model).arrow_schema for config in AUTOMATIC}
        listing_problems: list[Problem] = []  # the data listing's, found while it streams
        listed = all_listed(corpus, listing_problems)
        built.rows.update(write_automatic(corpus, staging, listed, engine, workers, address, schemas, listing_problems=listing_problems))
    for config, split in [(c.name, s) for c in CONFIGS.values() for s in c.splits if (c.name, s) in writers]:
        writer = writers[(config, split)]
        if writer.rows:
            built.rows.setdefault(config, {})[split] = writer.rows
        else:
            (staging / parquet_path(config, split)).unlink()
    return built


def _content_fingerprint(path: Path) -> str:
    return sha256_of(path)[:16]


def write_disk_form(staging: Path, config: Config, rows: dict[str, int]) -> None:
    """`save_to_disk` form of one config, read back from its Parquet files through memory-mapped Arrow."""
    features = features_of(config.model)
    scratch = staging / ".scratch" / config.name
    scratch.mkdir(parents=True, exist_ok=True)
    splits = {}
    for split in rows:
        source = staging / parquet_path(config.name, split)
        arrow_file = scratch / f"{split}.arrow"
        parquet = pq.ParquetFile(source)
        with pa.OSFile(str(arrow_file), "wb") as sink, pa.ipc.new_stream(sink, features.arrow_schema) as stream:
            for group in range(parquet.num_row_groups):
                stream.write_table(parquet.read_row_group(group))
        table = MemoryMappedTable.from_file(str(arrow_file))
        info = DatasetInfo(description=config.description, features=features, version=VERSION)
        splits[split] = Dataset(table, info=info, split=split, fingerprint=_content_fingerprint(source))
    DatasetDict(splits).save_to_disk(str(staging / "disk" / config.name))
    shutil.rmtree(scratch)


def write_manifest(staging: Path, rows: BuiltData) -> dict:
    parquet_rows = {parquet_path(c, s): n for c, splits in rows.rows.items() for s, n in splits.items()}
    files = []
    for path in sorted(p for p in staging.rglob("*") if p.is_file() and p.name != MANIFEST):
        relative = path.relative_to(staging).as_posix()
        entry = {"path": relative, "sha256": sha256_of(path), "bytes": path.stat().st_size}
        if relative in parquet_rows:
            entry["rows"] = parquet_rows[relative]
        files.append(entry)
    manifest = {"name": NAME, "version": VERSION, "files": files}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


LOCK_FILE = "lock.json"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def write_lock(staging: Path) -> dict:
    """`lock.json`: the lock of the staged release, shipped inside it (and listed in the manifest)."""
    from builders.lock import lock_of, render

    lock = lock_of(staging)
    (staging / LOCK_FILE).write_text(render(lock), encoding="utf-8")
    return lock


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories with renameat2(RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # kernel or file system without RENAME_EXCHANGE
        return False
    raise OSError(error, os.strerror(error), str(a))


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` in one atomic step: at every moment `target` is the old or the new release.

    Where renameat2(RENAME_EXCHANGE) is unavailable the fallback is two renames (old away, new in); a build killed
    between them leaves the old release as `.<name>.retired-<pid>`, which the next build puts back (`clean_stale`).
    """
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous release
        return
    retired = target.with_name(f".{target.name}.retired-{os.getpid()}")
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired)


def clean_stale(out_dir: Path, target: Path) -> None:
    """Remove what killed builds left in `out_dir`: staging directories, and retired releases (one is put back first
    when a build died between the fallback's two renames and no release is in place)."""
    retired = sorted(out_dir.glob(f".{target.name}.retired-*"))
    if retired and not target.exists():
        retired.pop().rename(target)
    for path in sorted(out_dir.glob(f".{NAME}-*.partial-*")) + sorted(out_dir.glob(f".{NAME}-*.retired-*")):
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output directory; a second build fails at once with a problem, not a race."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CorpusError([Problem(out_dir.as_posix(), 1, "build-in-progress", "another build is writing to this directory, expected one build at a time (run again when it has finished)")]) from None
        yield
    finally:
        os.close(handle)  # releases the lock


def build_release(corpus: Corpus, out_dir: Path, project: Path, engine: str = "local", workers: int = 1, address: str | None = None, use_cache: bool = True) -> Path:
    """Build the release for the current version into `out_dir`; on any failure the previous release stays as it was.
    With `use_cache`, results of exactly the same inputs are taken from `build/cache/` (`builders.cache`): the passes'
    validation, the card's baselines, proposal scores, agreement section and plots, and the checks of the final verify.

    The corpus is checked and written first, then the metadata inputs, in the order `pipeline.validate` checks them.
    """
    target = out_dir / release_name(VERSION)
    cache = project_cache(project, use_cache)
    with output_lock(out_dir):
        clean_stale(out_dir, target)
        staging = out_dir / f".{target.name}.partial-{os.getpid()}"
        staging.mkdir(parents=True)
        try:
            built = write_parquet(corpus, staging, engine=engine, workers=workers, address=address)
            check_metadata_inputs(project, cache)
            for name, rows in built.rows.items():
                write_disk_form(staging, CONFIGS[name], rows)
            shutil.rmtree(staging / ".scratch", ignore_errors=True)
            write_metadata(staging, project, built.rows, cache)
            write_viewer(staging)
            write_lock(staging)
            write_manifest(staging, built)
            raise_if_any(verify_release(staging, cache=cache))  # never put in place a release its own verify would reject
            swap_into_place(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return target
