"""Throughput and peak memory of the streaming build (configs `documents` and `sentences`) on a synthetic corpus.

What is measured: `builders.release.write_parquet(corpus, staging, layers=(TextLayer,))`, i.e. `builders.pipeline.run`
with the text layer only (load and hash-check every raw file, segment it, validate every record against its JSON
Schema) streaming into one `StreamingParquetWriter` per config and split. The synthetic corpus has no annotations, so
the other layers cannot run on it.

How: a corpus of `--documents` documents (default 5,000) is assembled deterministically (`random.Random(SEED)`) from
the five real texts in corpus/raw/: each document is one real headline line followed by 10-25 distinct real body
sentences, one per line as in the real files. It is written as a temporary project (`corpus/raw/NNNN_<id>.txt` and a
`corpus/documents.yaml` pinning each file's SHA-256; splits by position, 8:1:1). The same is done at `--small`
documents (default 1,000) to show how memory scales with the corpus.

Each size is built in a fresh Python process, so that the process-wide figures belong to that build alone:
- wall time of the write_parquet call (time.perf_counter);
- peak RSS: `resource.getrusage(RUSAGE_SELF).ru_maxrss` after the build, and the growth of that high-water mark during
  the build (peak after minus peak before, i.e. what the build added on top of the imported libraries);
- Arrow's peak: `pyarrow.default_memory_pool().max_memory()` (Arrow buffers are not Python objects);
- with `--tracemalloc`, also the Python heap peak (`tracemalloc.get_traced_memory()`), in a second, untimed build of
  the same corpus: tracing slows the build about fivefold (some 4 extra minutes at the default sizes).
MB are 10^6 bytes; memory MiB are 2^20 bytes.

Run from the project root: `python benchmarks/build.py [--documents N] [--small M] [--tracemalloc]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pyarrow as pa
import yaml

from builders.automatic import segment
from builders.corpus import read_corpus
from builders.automatic.text import TextLayer
from builders.pipeline import corpus_at
from builders.release import write_parquet

ROOT = Path(__file__).resolve().parent.parent
SEED = 20251218
SPLIT_BY_TENTH = ["train"] * 8 + ["validation", "test"]
MIB = 1 << 20


def real_lines() -> tuple[list[str], list[str]]:
    """The headlines and the body sentences of the real corpus (every non-blank line is one sentence)."""
    headlines, body = [], []
    for source in read_corpus(corpus_at(ROOT)):
        lines = [source.text[p.start : p.end] for p in segment.paragraphs(source.text)]
        if source.entry.headline:
            headlines.append(lines.pop(0))
        body.extend(lines)
    return headlines, body


def write_synthetic_project(project: Path, documents: int, seed: int = SEED) -> int:
    """Write `documents` synthetic documents and their listing under `project/corpus`; return the raw bytes written."""
    headlines, body = real_lines()
    rng = random.Random(seed)
    raw_dir = project / "corpus" / "raw"
    raw_dir.mkdir(parents=True)
    width = max(3, len(str(documents - 1)))
    entries, ids, total = [], set(), 0
    for index in range(documents):
        document_id = f"{rng.getrandbits(64):016x}"
        while document_id in ids:
            document_id = f"{rng.getrandbits(64):016x}"
        ids.add(document_id)
        lines = [rng.choice(headlines)] + rng.sample(body, rng.randint(10, 25))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        name = f"{index:0{width}d}_{document_id}.txt"
        (raw_dir / name).write_bytes(data)
        total += len(data)
        entries.append(
            {
                "id": document_id,
                "file": f"raw/{name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "headline": True,
                "publisher": "synthetic.example",
                "url": f"https://synthetic.example/{document_id}",
                "published": "2025-12-18",
                "date_source": "address",
                "language": "en",
                "split": SPLIT_BY_TENTH[index % 10],
            }
        )
    listing = yaml.safe_dump({"documents": entries}, sort_keys=False, allow_unicode=True, width=1000)
    (project / "corpus" / "documents.yaml").write_text(listing, encoding="utf-8")
    return total


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB  # Linux reports KiB


def measure(project: Path, traced: bool) -> dict:
    """Build the documents and sentences configs of `project` once; called in a fresh process."""
    corpus = corpus_at(project)
    staging = project / ("build-traced" if traced else "build")
    if traced:
        tracemalloc.start()
    rss_before = max_rss_mib()
    start = time.perf_counter()
    built = write_parquet(corpus, staging, layers=(TextLayer,))
    seconds = time.perf_counter() - start
    figures = {
        "seconds": seconds,
        "rss_peak": max_rss_mib(),
        "rss_growth": max_rss_mib() - rss_before,
        "arrow_peak": pa.default_memory_pool().max_memory() / MIB,
        "documents": sum(built.rows["documents"].values()),
        "sentences": sum(built.rows["sentences"].values()),
    }
    if traced:
        figures["python_peak"] = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    return figures


def in_fresh_process(project: Path, traced: bool) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(project)] + (["--traced"] if traced else [])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def benchmark(documents: int, traced: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="hague-claims-bench-") as scratch:
        project = Path(scratch)
        raw_bytes = write_synthetic_project(project, documents)
        row = in_fresh_process(project, traced=False)
        if traced:
            row["python_peak"] = in_fresh_process(project, traced=True)["python_peak"]
    row["raw_mb"] = raw_bytes / 1e6
    return row


def describe(row: dict) -> str:
    line = (
        f"{row['documents']:,} documents, {row['sentences']:,} sentences, {row['raw_mb']:.1f} MB raw text: "
        f"{row['seconds']:.1f} s, {row['documents'] / row['seconds']:,.0f} documents/s, {row['raw_mb'] / row['seconds']:.2f} MB/s; "
        f"peak RSS {row['rss_peak']:.0f} MiB (+{row['rss_growth']:.0f} MiB during the build), Arrow peak {row['arrow_peak']:.0f} MiB"
    )
    return line + (f", Python heap peak {row['python_peak']:.0f} MiB (tracemalloc)" if "python_peak" in row else "")


def table(rows: list[dict]) -> str:
    traced = all("python_peak" in r for r in rows)
    header = "| documents | sentences | raw text (MB) | seconds | documents/s | MB/s | peak RSS (MiB) | RSS growth in build (MiB) | Arrow peak (MiB) |"
    lines = [header + (" Python heap peak (MiB) |" if traced else ""), "|---:" * (10 if traced else 9) + "|"]
    for r in rows:
        line = (
            f"| {r['documents']:,} | {r['sentences']:,} | {r['raw_mb']:.1f} | {r['seconds']:.1f} | {r['documents'] / r['seconds']:,.0f} "
            f"| {r['raw_mb'] / r['seconds']:.2f} | {r['rss_peak']:.0f} | {r['rss_growth']:.0f} | {r['arrow_peak']:.0f} |"
        )
        lines.append(line + (f" {r['python_peak']:.0f} |" if traced else ""))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5000, help="documents in the main run (default 5000)")
    parser.add_argument("--small", type=int, default=1000, help="documents in the comparison run (default 1000)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak in a second, untimed build (slow)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.traced)))
        return
    rows = []
    for documents in sorted({args.small, args.documents}):
        rows.append(benchmark(documents, args.tracemalloc))
        print(describe(rows[-1]), flush=True)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
