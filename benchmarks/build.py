"""Throughput and peak memory of the automatic layers (configs `documents` and `sentences`, with tokens) at scale.

What is measured: `builders.automatic.batch.write_automatic`, the path `hague-claims build` takes for the automatic
configs: stream the listing, read and hash-check every raw file, segment it (Bling Fire), tokenise it, build Arrow
tables per shard, check them per batch (declared schema, then the sentence rules as vectorised checks), and write
deterministic Parquet. The annotated layers (gold documents only) are not part of it.

How: a synthetic corpus of N documents is assembled deterministically (`random.Random(SEED)`) from the real texts in
corpus/raw/: each document is one real headline line followed by 10-25 distinct real body lines. Its raw files go to
`corpus/raw/`, and it is listed in a streamed data listing, `corpus/documents.jsonl` (documents.yaml is empty). Each
size is built in a fresh Python process, so that the process-wide figures belong to that build alone:
- MB/s per core: MB of raw UTF-8 text (10^6 bytes) per CPU second (user + system of the build process and of its
  children, `resource.getrusage`), the figure that does not depend on the machine's other load;
- documents/s: documents per wall-clock second;
- peak RSS: `ru_maxrss` of the build process (MiB = 2^20 bytes);
- floor: the CPU seconds, in a fresh process on the same corpus, of what any build must do (read, hash and decode
  every raw file, write the texts as one Parquet column with the release's writer options), and the build's CPU as a
  multiple of it: the machine is shared, and the ratio holds when its load moves both;
- determinism: the smallest size is built twice and every output file compared byte for byte.

The real lines are one sentence each, so the segmenter is never called on them; `--paragraphs` joins body lines three
at a time into paragraphs of several sentences, as scraped articles have, and every paragraph goes to Bling Fire.

Run from the project root: `nice python benchmarks/build.py [--sizes 1000 10000 100000] [--engine local|ray]
[--workers N] [--paragraphs]` (the synthetic corpus of 100,000 documents takes about 330 MB of temporary disk).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20251218
SPLIT_BY_TENTH = ["train"] * 8 + ["validation", "test"]
MIB = 1 << 20


def real_lines() -> tuple[list[str], list[str]]:
    """The headlines and the body lines of the real corpus (every non-blank line is one sentence)."""
    from builders.automatic import segment
    from builders.corpus import read_corpus
    from builders.pipeline import corpus_at

    headlines, body = [], []
    for source in read_corpus(corpus_at(ROOT)):
        lines = [source.text[p.start : p.end] for p in segment.paragraphs(source.text)]
        if source.entry.headline:
            headlines.append(lines.pop(0))
        body.extend(lines)
    return headlines, body


def write_synthetic_project(project: Path, documents: int, seed: int = SEED, paragraphs: bool = False) -> int:
    """Write `documents` synthetic documents and their JSON Lines listing under `project/corpus`; return raw bytes.
    With `paragraphs`, body lines are joined two to four at a time into paragraphs of several sentences."""
    headlines, body = real_lines()
    rng = random.Random(seed)
    raw_dir = project / "corpus" / "raw"
    raw_dir.mkdir(parents=True)
    (project / "corpus" / "documents.yaml").write_text("documents: []\n", encoding="utf-8")
    width = max(3, len(str(documents - 1)))
    ids, total = set(), 0
    with (project / "corpus" / "documents.jsonl").open("w", encoding="utf-8") as listing:
        for index in range(documents):
            document_id = f"{rng.getrandbits(64):016x}"
            while document_id in ids:
                document_id = f"{rng.getrandbits(64):016x}"
            ids.add(document_id)
            lines = [rng.choice(headlines)] + rng.sample(body, rng.randint(10, 25))
            if paragraphs:
                lines = lines[:1] + [" ".join(lines[at : at + 3]) for at in range(1, len(lines), 3)]
            data = ("\n".join(lines) + "\n").encode("utf-8")
            name = f"{index:0{width}d}_{document_id}.txt"
            (raw_dir / name).write_bytes(data)
            total += len(data)
            entry = {
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
            listing.write(json.dumps(entry) + "\n")
    return total


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB  # Linux reports KiB


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(project: Path, out: Path, engine: str, workers: int) -> dict:
    """Build the automatic configs of `project` once; called in a fresh process."""
    from builders.automatic.batch import write_automatic
    from builders.listing import all_listed
    from builders.pipeline import corpus_at

    corpus = corpus_at(project)
    cpu_before, start = cpu_seconds(), time.perf_counter()
    problems: list = []
    rows = write_automatic(corpus, out, all_listed(corpus, problems), engine, workers, listing_problems=problems)
    figures = {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu_before,
        "rss_peak": max_rss_mib(),
        "documents": sum(rows["documents"].values()),
        "sentences": sum(rows["sentences"].values()),
    }
    figures["digest"] = hashlib.sha256(b"".join(hashlib.sha256(p.read_bytes()).digest() for p in sorted(out.rglob("*.parquet")))).hexdigest()
    return figures


def floor(project: Path, out: Path) -> dict:
    """What any build of these documents must do, timed like the build: read, hash and decode every raw file and
    write the texts as one Parquet column with the release's writer options."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from builders.corpus import read_bytes
    from builders.parquet import WRITER_OPTIONS

    cpu_before = cpu_seconds()
    texts = []
    with (project / "corpus" / "documents.jsonl").open(encoding="utf-8") as listing:
        for line in listing:
            entry = json.loads(line)
            data = read_bytes(project / "corpus" / entry["file"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            texts.append(data.decode("utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"text": pa.array(texts, pa.string())}), out / "texts.parquet", **WRITER_OPTIONS)
    return {"cpu": cpu_seconds() - cpu_before}


def in_fresh_process(project: Path, out: Path, engine: str, workers: int, what: str = "--measure") -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), what, str(project), str(out), "--engine", engine, "--workers", str(workers)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def describe(row: dict) -> str:
    return (
        f"| {row['documents']:,} | {row['sentences']:,} | {row['raw_mb']:.1f} | {row['seconds']:.1f} | {row['cpu']:.1f} "
        f"| {row['raw_mb'] / row['cpu']:.2f} | {row['floor_cpu']:.1f} | {row['cpu'] / row['floor_cpu']:.2f} "
        f"| {row['documents'] / row['seconds']:,.0f} | {row['rss_peak']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="corpus sizes in documents")
    parser.add_argument("--engine", default="local", choices=("local", "ray"))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--paragraphs", action="store_true", help="paragraphs of several sentences (the segmenter runs on every one)")
    parser.add_argument("--measure", type=Path, nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure, args.engine, args.workers)))
        return
    if args.floor:
        print(json.dumps(floor(*args.floor)))
        return
    print(f"engine {args.engine}, {args.workers} worker(s), {'paragraphs of several sentences' if args.paragraphs else 'one sentence per line'}")
    print("| documents | sentences | raw text (MB) | wall s | CPU s | MB/s per core | floor CPU s | × floor | documents/s | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for number, documents in enumerate(sorted(args.sizes)):
        with tempfile.TemporaryDirectory(prefix="hague-claims-bench-") as scratch:
            project = Path(scratch)
            raw_bytes = write_synthetic_project(project, documents, paragraphs=args.paragraphs)
            row = in_fresh_process(project, project / "out", args.engine, args.workers)
            row["floor_cpu"] = in_fresh_process(project, project / "floor", args.engine, args.workers, "--floor")["cpu"]
            row["raw_mb"] = raw_bytes / 1e6
            if number == 0:
                again = in_fresh_process(project, project / "out-again", args.engine, args.workers)
                row["identical"] = again["digest"] == row["digest"]
        rows.append(row)
        print(describe(row), flush=True)
    print()
    print(f"output byte-identical between two runs at {rows[0]['documents']:,} documents: {rows[0]['identical']}")
    if len(rows) > 1:
        print(f"peak RSS at {rows[-1]['documents']:,} documents / at {rows[0]['documents']:,}: {rows[-1]['rss_peak'] / rows[0]['rss_peak']:.2f} (goal ≤ 1.5)")
        print(f"MB/s per core at {rows[-1]['documents']:,} documents: {rows[-1]['raw_mb'] / rows[-1]['cpu']:.2f} (goal ≥ 10)")
        print(f"CPU of the build / CPU of the floor at {rows[-1]['documents']:,} documents: {rows[-1]['cpu'] / rows[-1]['floor_cpu']:.2f}")


if __name__ == "__main__":
    main()
