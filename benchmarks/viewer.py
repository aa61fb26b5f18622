"""Time and peak memory of writing the viewer of a large release, against the streaming build of the same data.

What is measured: `builders.viewer.write_site(release, out)` on the release data of the synthetic corpus of
`benchmarks/build.py` (real headlines and sentences re-combined; documents and sentences configs only, since the
synthetic corpus has no annotations, so every document page shows its sentences and the status "not annotated").
The floor is `builders.release.write_parquet` of the same corpus in the same process (read, hash-check, segment,
validate and write every document): the ratio viewer / build says what the viewer adds to a build.

Figures per size, each size in a fresh Python process: wall seconds of the build and of the viewer
(time.perf_counter), their ratio, pages written and pages/s, the growth of the peak RSS during the viewer
(`ru_maxrss` after minus before; the build ran first, so this is what the viewer needed beyond it), the largest
page and the index page in KB (a page holds one document, and the index at most 100 rows, whatever the corpus size).

Run from the project root: `python benchmarks/viewer.py [--documents N] [--small M]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import max_rss_mib, write_synthetic_project  # noqa: E402  (benchmarks/ is not a package)

from builders.automatic.text import TextLayer  # noqa: E402
from builders.pipeline import corpus_at  # noqa: E402
from builders.release import write_parquet  # noqa: E402
from builders.viewer import write_site  # noqa: E402


def measure(project: Path) -> dict:
    staging = project / "release"
    start = time.perf_counter()
    built = write_parquet(corpus_at(project), staging, layers=(TextLayer,))
    build_seconds = time.perf_counter() - start
    rss_before = max_rss_mib()
    start = time.perf_counter()
    write_site(staging, project / "viewer")
    viewer_seconds = time.perf_counter() - start
    pages = sorted((project / "viewer").rglob("*.html"))
    return {
        "documents": sum(built.rows["documents"].values()),
        "sentences": sum(built.rows["sentences"].values()),
        "build_seconds": build_seconds,
        "viewer_seconds": viewer_seconds,
        "pages": len(pages),
        "rss_growth": max_rss_mib() - rss_before,
        "largest_page_kb": max(p.stat().st_size for p in pages) / 1e3,
        "index_kb": (project / "viewer" / "index.html").stat().st_size / 1e3,
    }


def benchmark(documents: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="hague-claims-bench-viewer-") as scratch:
        write_synthetic_project(Path(scratch), documents)
        command = [sys.executable, str(Path(__file__).resolve()), "--measure", scratch]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.exit(f"viewer benchmark of {documents} documents failed:\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    lines = ["| documents | sentences | build (s) | viewer (s) | viewer / build | pages | pages/s | RSS growth in viewer (MiB) | largest page (KB) | index (KB) |",
             "|---:" * 10 + "|"]
    for r in rows:
        lines.append(f"| {r['documents']:,} | {r['sentences']:,} | {r['build_seconds']:.1f} | {r['viewer_seconds']:.1f} | "
                     f"{r['viewer_seconds'] / r['build_seconds']:.2f} | {r['pages']:,} | {r['pages'] / r['viewer_seconds']:,.0f} | "
                     f"{r['rss_growth']:.0f} | {r['largest_page_kb']:.0f} | {r['index_kb']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5000, help="documents in the main run (default 5000)")
    parser.add_argument("--small", type=int, default=1000, help="documents in the comparison run (default 1000)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    rows = [benchmark(n) for n in sorted({args.small, args.documents})]
    print(table(rows))


if __name__ == "__main__":
    main()
