"""Check a built release directory: every file's checksum, every record's schema, and the cross-record rules."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from builders.configs import CONFIGS
from builders.arrow import arrow_schema, decode
from builders.batchcheck import records_to_table
from builders.problems import Problem
from builders.progress import progress
from builders.paths import MANIFEST, sha256_of
from builders.rules import Located, Origin


def _check_manifest(release: Path) -> tuple[dict, list[Problem]]:
    path = release / MANIFEST
    if not path.is_file():
        return {}, [Problem(MANIFEST, 1, "file-missing", f"no {MANIFEST} in {release}, expected the release manifest")]
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as error:
        return {}, [Problem(MANIFEST, 1, "manifest-malformed", f"{error}, expected JSON with a 'files' list")]
    problems = []
    listed = set()
    if not isinstance(files, list):
        return {}, [Problem(MANIFEST, 1, "manifest-malformed", f"'files' is a {type(files).__name__}, expected a list of entries")]
    for number, entry in enumerate(files, start=1):
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("sha256"), str)):
            problems.append(Problem(MANIFEST, 1, "manifest-malformed", f"entry {number} is {entry!r}, expected {{path, sha256, bytes}}"))
            continue
        relative = entry["path"]
        listed.add(relative)
        target = release / relative
        if not target.resolve().is_relative_to(release.resolve()):
            problems.append(Problem(MANIFEST, 1, "manifest-malformed", f"entry {number} path {relative!r} leaves the release, expected a path inside it"))
            continue
        if not target.is_file():
            problems.append(Problem(relative, 1, "file-missing", f"listed in {MANIFEST} but not found, expected the file"))
            continue
        digest = sha256_of(target)
        if digest != entry["sha256"]:
            problems.append(Problem(relative, 1, "checksum-mismatch", f"SHA-256 is {digest}, expected {entry['sha256']} from {MANIFEST}"))
    for target in sorted(p for p in release.rglob("*") if p.is_file()):
        relative = target.relative_to(release).as_posix()
        if relative != MANIFEST and relative not in listed:
            problems.append(Problem(relative, 1, "file-unlisted", f"file is not in {MANIFEST}, expected every release file listed"))
    return manifest, problems


def load_records(release: Path, manifest: dict, skip: set[str]) -> tuple[dict[str, list[Located]], list[Problem]]:
    """Every released record, decoded back to its JSON form and checked a file at a time (`builders.batchcheck`), by
    config; `skip` files are not read."""
    records: dict[str, list[Located]] = defaultdict(list)
    problems = []
    for entry in progress(manifest.get("files", []), unit="file", desc="verify"):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue  # reported as manifest-malformed
        parts = entry["path"].split("/")
        if len(parts) != 3 or parts[0] != "data" or parts[1] not in CONFIGS or entry["path"] in skip:
            continue
        config = CONFIGS[parts[1]]
        schema = arrow_schema(config.model)
        try:
            table = pq.ParquetFile(release / entry["path"]).read()  # read_table would import pyarrow.dataset and pandas
        except (OSError, ValueError) as error:
            problems.append(Problem(entry["path"], 1, "parquet-unreadable", f"{error}, expected a readable Parquet file"))
            continue
        if not table.schema.equals(schema, check_metadata=False):
            problems.append(Problem(entry["path"], 1, "arrow-schema-mismatch", f"schema {table.schema}, expected {schema}"))
            continue
        if table.num_rows != entry.get("rows"):
            problems.append(Problem(entry["path"], 1, "row-count-mismatch", f"{table.num_rows} rows, expected {entry.get('rows')} from {MANIFEST}"))
        decoded = []
        for row_number, row in enumerate(table.to_pylist(), start=1):
            try:
                decoded.append(decode(row, config.model))
            except (ValueError, IndexError) as error:
                problems.append(Problem(entry["path"], row_number, "record-schema", f"{error}, expected label indices of the declared ClassLabels"))
        if len(decoded) < table.num_rows:
            continue
        _, batch_problems = records_to_table(config.name, config.model, decoded, entry["path"])  # the JSON Schema's checks, per batch
        problems.extend(batch_problems)
        if not batch_problems:
            records[config.name].extend(Located(config.model.model_validate(r), Origin(entry["path"], n)) for n, r in enumerate(decoded, start=1))
    return records, problems


def verify_release(release: Path) -> list[Problem]:
    """Every problem with the release at `release`; an empty list means it is intact and consistent."""
    from builders.consistency import check_release_records

    manifest, problems = _check_manifest(release)
    if not manifest:
        return problems
    records, record_problems = load_records(release, manifest, skip={p.path for p in problems})
    problems.extend(record_problems)
    if not problems:
        problems.extend(check_release_records(records))
    return sorted(problems)
