"""Check a built release directory: every file's checksum, every record's schema, and the cross-record rules."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from builders.cache import Cache, key_of
from builders.problems import Problem, sort_problems
from builders.paths import MANIFEST, NAME, release_name, sha256_of


_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


def canonical_manifest(manifest: dict) -> str:
    """The one serialisation of a manifest the build writes; any other bytes are a manipulation."""
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def _entry_problems(number: int, entry: object) -> list[str]:
    """What is wrong with one manifest entry's form: exactly path, sha256, bytes (and rows for a data file)."""
    if not isinstance(entry, dict):
        return [f"entry {number} is {entry!r}, expected {{path, sha256, bytes}}"]
    path = entry.get("path")
    wanted = {"path", "sha256", "bytes"} | ({"rows"} if isinstance(path, str) and path.startswith("data/") and path.endswith(".parquet") else set())
    found = []
    if set(entry) != wanted:
        found.append(f"entry {number} has keys {sorted(entry)}, expected {sorted(wanted)}")
    if not isinstance(path, str) or not path or "\0" in path:
        found.append(f"entry {number} path is {path!r}, expected a relative path")
    if not (isinstance(entry.get("sha256"), str) and _SHA256.match(entry["sha256"])):
        found.append(f"entry {number} sha256 is {entry.get('sha256')!r}, expected 64 lowercase hex digits")
    for key in ("bytes", "rows"):
        value = entry.get(key)
        if key in wanted and not (type(value) is int and value >= 0):
            found.append(f"entry {number} {key} is {value!r}, expected a non-negative integer")
    return found


def _check_manifest(release: Path, hashes: dict[str, str] | None = None) -> tuple[dict, list[Problem]]:
    """The manifest and the problems with it and with the files it lists; `hashes` receives every listed file's
    SHA-256 as computed here, and the manifest's own under its name."""
    hashes = {} if hashes is None else hashes
    path = release / MANIFEST
    if not path.is_file():
        return {}, [Problem(MANIFEST, 1, "file-missing", f"no {MANIFEST} in {release}, expected the release manifest")]
    try:
        data = path.read_bytes()
        hashes[MANIFEST] = hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8")  # not read_text: its newline translation would hide a CRLF
        manifest = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as error:
        return {}, [Problem(MANIFEST, 1, "manifest-malformed", f"{error}, expected JSON with a 'files' list")]
    if not isinstance(files, list):
        return {}, [Problem(MANIFEST, 1, "manifest-malformed", f"'files' is a {type(files).__name__}, expected a list of entries")]
    problems = []

    def malformed(message: str) -> None:
        problems.append(Problem(MANIFEST, 1, "manifest-malformed", message))

    if set(manifest) != {"name", "version", "files"}:
        malformed(f"top-level keys {sorted(manifest)}, expected ['files', 'name', 'version']")
    if manifest.get("name") != NAME:
        malformed(f"name is {manifest.get('name')!r}, expected {NAME!r}")
    version = manifest.get("version")
    if not (isinstance(version, str) and _VERSION.match(version)):
        malformed(f"version is {version!r}, expected MAJOR.MINOR.PATCH")
    elif release.name.startswith(f"{NAME}-") and release.name != release_name(version):
        malformed(f"version is {version!r} but the release directory is {release.name!r}, expected {release_name(version)!r}")
    if text != canonical_manifest(manifest):
        malformed("the bytes are not the canonical serialisation (indent 2, sorted keys, one final newline), expected the manifest exactly as the build writes it")
    listed = set()
    paths = [entry.get("path") for entry in files if isinstance(entry, dict)]
    if paths != sorted(paths, key=str):
        malformed("entries are not sorted by path, expected the build's order")
    for number, entry in enumerate(files, start=1):
        entry_problems = _entry_problems(number, entry)
        for message in entry_problems:
            malformed(message)
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not isinstance(entry.get("sha256"), str) or "\0" in entry["path"]:
            continue
        relative = entry["path"]
        if relative in listed:
            malformed(f"entry {number} repeats path {relative!r}, expected each file once")
            continue
        listed.add(relative)
        target = release / relative
        if relative in (MANIFEST,) or not target.resolve().is_relative_to(release.resolve()):
            malformed(f"entry {number} path {relative!r} leaves the release or names the manifest, expected a path inside it")
            continue
        if not target.is_file():
            problems.append(Problem(relative, 1, "file-missing", f"listed in {MANIFEST} but not found, expected the file"))
            continue
        digest = hashes[relative] = sha256_of(target)
        if digest != entry["sha256"]:
            problems.append(Problem(relative, 1, "checksum-mismatch", f"SHA-256 is {digest}, expected {entry['sha256']} from {MANIFEST}"))
        size = target.stat().st_size
        if entry.get("bytes") != size:
            problems.append(Problem(relative, 1, "size-mismatch", f"{size} bytes, expected {entry.get('bytes')!r} from {MANIFEST}"))
    for target in sorted(p for p in release.rglob("*") if p.is_file() or p.is_symlink()):
        relative = target.relative_to(release).as_posix()
        if relative != MANIFEST and relative not in listed:
            problems.append(Problem(relative, 1, "file-unlisted", f"file is not in {MANIFEST}, expected every release file listed"))
    return manifest, problems


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"keys repeated in one object: {repeated}")
    return dict(pairs)


def load_records(release: Path, manifest: dict, skip: set[str]) -> tuple[dict[str, list[Located]], list[Problem]]:
    """Every released record, decoded back to its JSON form and checked a file at a time (`builders.batchcheck`), by
    config; `skip` files are not read."""
    from builders.arrow import arrow_schema, decode
    from builders.batchcheck import records_to_table
    from builders.configs import CONFIGS
    from builders.progress import progress
    from builders.rules import Located, Origin

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


def check_disk_form(release: Path) -> list[Problem]:
    """`disk/<config>` (the `save_to_disk` form) holds exactly the records of `data/<config>`, split by split, row by row."""
    from datasets import load_from_disk

    from builders.configs import CONFIGS
    from builders.readback import split_files

    problems = []
    for name in CONFIGS:
        files = split_files(release, name)
        folder = release / "disk" / name
        if not files and not folder.exists():
            continue
        try:
            disk = load_from_disk(str(folder))
        except Exception as error:  # noqa: BLE001 - whatever datasets raises on a damaged folder is reported, not raised
            problems.append(Problem(f"disk/{name}", 1, "disk-data-mismatch", f"cannot be loaded with datasets.load_from_disk ({type(error).__name__}: {' '.join(str(error).split())[:200]}), expected the save_to_disk form of data/{name}"))
            continue
        if sorted(disk) != sorted(files):
            problems.append(Problem(f"disk/{name}", 1, "disk-data-mismatch", f"splits {sorted(disk)}, expected {sorted(files)} as in data/{name}"))
            continue
        for split, path in files.items():
            expected = pq.ParquetFile(path).read()
            found = disk[split].data.table
            if found.schema.equals(expected.schema, check_metadata=False) and found.equals(expected):
                continue
            shown = f"disk/{name}/{split}"
            if not found.schema.equals(expected.schema, check_metadata=False) or found.num_rows != expected.num_rows:
                problems.append(Problem(shown, 1, "disk-data-mismatch", f"{found.num_rows} rows of schema {found.schema.names}, expected {expected.num_rows} rows of {expected.schema.names} as in {path.relative_to(release).as_posix()}"))
                continue
            for row, (a, b) in enumerate(zip(found.to_pylist(), expected.to_pylist()), start=1):
                if a != b:
                    differing = sorted(key for key in b if a.get(key) != b[key])
                    problems.append(Problem(shown, row, "disk-data-mismatch", f"record {b.get('id')!r} differs in {differing}, expected the record of {path.relative_to(release).as_posix()} row {row}"))
    return problems


def check_against_lock(release: Path, actual: dict, pinned: dict, where: str) -> list[Problem]:
    """Every record, split, feature and (when written by the same library versions) file of the release is as
    `pinned` (a lock) says; `where` names the lock in reports."""
    from builders.lock import diff, writer_versions

    problems = []
    if pinned.get("name") != actual["name"] or pinned.get("version") != actual["version"]:
        problems.append(Problem(where, 1, "lock-mismatch", f"the lock is of {pinned.get('name')} {pinned.get('version')}, the release is {actual['name']} {actual['version']}"))
    try:
        changes = diff(pinned, actual)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return problems + [Problem(where, 1, "lock-mismatch", f"the lock cannot be read ({type(error).__name__}: {error}), expected a lock written by `hague-claims lock`")]
    for change in changes:
        if change.added or change.removed or change.changed or change.moved or change.fields_added or change.fields_removed or change.features_changed or change.bytes_changed:
            problems.append(Problem(f"data/{change.config}", 1, "lock-mismatch", f"{change.describe()}, expected the records pinned in {where}"))
    for name, entry in pinned.get("configs", {}).items():
        splits = actual["configs"].get(name, {}).get("splits", {})
        for split, figures in entry.get("splits", {}).items():
            found = splits.get(split, {})
            if (found.get("rows"), found.get("content_sha256")) != (figures.get("rows"), figures.get("content_sha256")):
                problems.append(Problem(f"data/{name}", 1, "lock-mismatch", f"split {split}: {found.get('rows')} rows with content {str(found.get('content_sha256'))[:12]}…, expected {figures.get('rows')} rows with content {str(figures.get('content_sha256'))[:12]}… as pinned in {where}"))
    same_writers = pinned.get("writers") == actual.get("writers") == writer_versions()
    if same_writers and "files" in pinned:
        for relative in sorted(set(pinned["files"]) | set(actual["files"])):
            if pinned["files"].get(relative) != actual["files"].get(relative):
                expected = pinned["files"].get(relative, "no such file")
                problems.append(Problem(relative, 1, "lock-mismatch", f"SHA-256 is {actual['files'].get(relative, 'absent')}, expected {expected} as pinned in {where}"))
    return problems


def verify_release(release: Path, pinned: dict | None = None, digest: str | None = None, pinned_name: str = "the pinned lock", cache: Cache | None = None) -> list[Problem]:
    """Every problem with the release at `release`; an empty list means it is intact and consistent. With `pinned` (a
    lock) or `digest` (a `release_digest`), its records, splits and files must also be exactly the pinned ones."""
    return verification(release, pinned, digest, pinned_name, cache)[0]


def verification(release: Path, pinned: dict | None = None, digest: str | None = None, pinned_name: str = "the pinned lock", cache: Cache | None = None) -> tuple[list[Problem], str | None]:
    """`verify_release`'s problems, and the release digest computed from the records (None when they are unreadable).

    The manifest and every file's SHA-256 and size are always checked. The checks of the records, the cross-record
    rules and `disk/`, and the release's own lock they end with, are a function of the release's bytes alone: with a
    `cache`, that lock is stored under the SHA-256 of every file once they all pass, and taken from there when exactly
    those bytes (and code) are seen again. The comparisons with the shipped lock, `pinned` and `digest` always run."""
    from builders.lock import SHIPPED_LOCK, lock_of, read_lock, release_digest

    hashes: dict[str, str] = {}
    manifest, problems = _check_manifest(release, hashes)
    if not manifest:
        return problems, None
    cache = cache or Cache(None)
    key = key_of("verify", extra=tuple(f"{path}\0{sha}" for path, sha in sorted(hashes.items()))) if cache.directory and not problems else None
    actual = cache.get("verify", key)
    if not (isinstance(actual, dict) and actual.get("version") == manifest["version"]):
        records, record_problems = load_records(release, manifest, skip={p.path for p in problems})
        problems.extend(record_problems)
        if problems:
            return sort_problems(problems), None
        from builders.consistency import check_release_records

        problems.extend(check_release_records(records))
        problems.extend(check_disk_form(release))
        actual = lock_of(release, version=manifest["version"])
        if not problems:
            cache.put("verify", key, actual)
    computed = release_digest(actual)
    shipped_path = release / SHIPPED_LOCK
    if shipped_path.is_file():
        try:
            shipped = read_lock(shipped_path)
        except ValueError as error:
            problems.append(Problem(SHIPPED_LOCK, 1, "lock-mismatch", f"{error}, expected the release's lock as JSON"))
        else:
            problems.extend(check_against_lock(release, actual, {**shipped, "writers": actual["writers"]}, SHIPPED_LOCK))
    else:
        problems.append(Problem(SHIPPED_LOCK, 1, "file-missing", f"no {SHIPPED_LOCK} in the release, expected the lock the build ships"))
    if pinned is not None:
        problems.extend(check_against_lock(release, actual, pinned, pinned_name))
    if digest is not None and digest != computed:
        problems.append(Problem(release.name, 1, "digest-mismatch", f"release digest is {computed}, expected {digest}"))
    return sort_problems(problems), computed
