"""Metadata generated from the written data: the dataset card (release README), plots, Croissant, citation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from builders import citation
from builders.paths import parquet_path

LABELS = "labels.json"


def arrow_sizes(staging: Path, rows: dict[str, dict[str, int]]) -> dict[str, int]:
    """In-memory Arrow size of every Parquet file (what `dataset_info.splits[].num_bytes` means), group by group."""
    sizes = {}
    for name, splits in rows.items():
        for split in splits:
            parquet = pq.ParquetFile(staging / parquet_path(name, split))
            sizes[parquet_path(name, split)] = sum(parquet.read_row_group(g).nbytes for g in range(parquet.num_row_groups))
    return sizes


def check_metadata_inputs(project: Path, cache=None) -> None:
    """The files the metadata is made from (citation, licence, agreement passes) are present and well-formed; with a
    `cache` (`builders.cache.Cache`), passes found valid before with exactly these project inputs are not run again."""
    from builders.agreement.sides import validate_passes
    from builders.cache import PROJECT_INPUTS, Cache, key_of, through
    from builders.problems import CorpusError, Problem

    citation.read_cff(project)
    citation.maintainer(project)
    if not (project / "LICENSE").is_file():
        raise CorpusError([Problem("LICENSE", 1, "file-missing", f"no LICENSE in {project}, expected the licence the card links to")])
    cache = cache or Cache(None)
    key = key_of("passes", project, PROJECT_INPUTS) if cache.directory else None
    through(cache, "passes", key, lambda: validate_passes(project) or True, lambda value: value is True)


def write_metadata(staging: Path, project: Path, rows: dict[str, dict[str, int]], cache=None) -> None:
    from builders import card, hf_header  # datasets, scikit-learn, matplotlib: imported only when metadata is written
    from builders.croissant import croissant_metadata
    from builders.lock import lock_of, release_digest
    from builders.stats import load_release

    records = load_release(staging)
    cff = citation.release_cff(project, release_digest(lock_of(staging)), records["documents"])
    (staging / citation.CFF).write_text(citation.render_cff(cff), encoding="utf-8")
    (staging / LABELS).write_text(json.dumps(card.labels_of(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    body = card.render(staging, project, rows, records, cff, cache)
    (staging / "README.md").write_text(hf_header.header(rows, arrow_sizes(staging, rows)) + body, encoding="utf-8")
    shutil.copyfile(project / "LICENSE", staging / "LICENSE")
    metadata = croissant_metadata(staging, rows)
    (staging / "croissant.json").write_text(json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def card_body(release: Path) -> str:
    """The card of a built release: its README without the YAML header."""
    text = (release / "README.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def generated_files(release: Path) -> list[str]:
    """The release's generated files that the repository keeps a copy of: plots and the card's listing pages."""
    from builders import card

    plots = sorted(p.relative_to(release).as_posix() for p in (release / "plots").glob("*.png"))
    return plots + [page for page in card.PAGES if (release / page).is_file()]


def write_card(release: Path, project: Path) -> list[Path]:
    """Copy a built release's card, plots and listing pages into the repository (CARD.md, plots/, docs/)."""
    (project / "CARD.md").write_text(card_body(release), encoding="utf-8")
    written = [project / "CARD.md"]
    for relative in generated_files(release):
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(release / relative, target)
        written.append(target)
    return written
