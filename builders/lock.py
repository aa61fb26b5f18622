"""Release locks and diffs: what a version's records are, and which version bump a change to them needs.

`releases/<version>.lock` pins, per config and split, the row count and a content digest computed from the
records themselves (canonical JSON, so it is stable across pyarrow versions), every record's own digest (so a diff
can name the records that changed), and the Parquet files' SHA-256 as built (bytes do depend on the writer version,
which the lock records), and the SHA-256 of every other file of the release (card, plots, `disk/`, metadata) with the
versions of the libraries that write them, so `verify --lock` can tell a byte-identical release from an edited one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache
from pathlib import Path

import pyarrow

from builders.paths import MANIFEST, sha256_of
from builders.version import VERSION

SHIPPED_LOCK = "lock.json"  # the lock as shipped inside a release (written by builders.release)

RELEASES_DIR = Path("releases")


class Bump(IntEnum):
    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3


def lock_path(project: Path, version: str = VERSION) -> Path:
    return project / RELEASES_DIR / f"{version}.lock"


def canonical(record: dict, fields: list[str] | None = None) -> str:
    """The record as canonical JSON, over `fields` only when given (to compare with a version that had fewer)."""
    kept = {k: v for k, v in record.items() if k != "_split" and (fields is None or k in fields)}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_digest(record: dict, fields: list[str] | None = None) -> str:
    return hashlib.sha256(canonical(record, fields).encode("utf-8")).hexdigest()


def lock_of(release: Path, version: str = VERSION, digest_fields: dict[str, list[str]] | None = None) -> dict:
    """The lock of a built release. A split's content digest covers every field; a record's digest (what `diff`
    compares) covers `digest_fields` of its config when given, else every field that is not derived."""
    from builders.configs import CONFIGS
    from builders.features import features_of  # imports datasets: only when a lock is computed
    from builders.readback import read_records, split_files
    from builders.records import derived_fields

    configs = {}
    for name, config in CONFIGS.items():
        derived = derived_fields(config.model)
        every = list(features_of(config.model))
        fields = (digest_fields or {}).get(name) or [f for f in every if f not in derived]
        records = read_records(release, name)
        files = split_files(release, name)
        splits = {}
        for split, path in files.items():
            in_split = sorted((r for r in records if r["_split"] == split), key=lambda r: r["id"])
            content = hashlib.sha256("".join(record_digest(r) + "\n" for r in in_split).encode()).hexdigest()  # every field
            splits[split] = {"rows": len(in_split), "content_sha256": content, "file_sha256": sha256_of(path)}
        configs[name] = {
            "fields": every,
            "derived": derived,
            "features_sha256": hashlib.sha256(json.dumps(features_of(config.model).to_dict(), sort_keys=True).encode()).hexdigest(),
            "splits": splits,
            "records": {r["id"]: f"{r['_split']}:{record_digest(r, fields)}" for r in sorted(records, key=lambda r: r["id"])},
        }
    files = {
        path.relative_to(release).as_posix(): sha256_of(path)
        for path in sorted(release.rglob("*"))
        if path.is_file() and path.relative_to(release).as_posix() not in (MANIFEST, SHIPPED_LOCK)
    }
    return {"name": "hague-claims", "version": version, "pyarrow": pyarrow.__version__, "writers": writer_versions(), "configs": configs, "files": files}


@cache
def writer_versions() -> dict[str, str]:
    """Versions of the libraries whose output bytes the lock's file digests depend on (from their installed metadata,
    which is what their `__version__` says, without importing datasets and matplotlib)."""
    from importlib.metadata import version

    return {"pyarrow": pyarrow.__version__, "datasets": version("datasets"), "matplotlib": version("matplotlib")}


def release_digest(lock: dict) -> str:
    """The one value to cite for a release: SHA-256 over every config's features and every split's rows and record
    content (not the Parquet bytes, which depend on the writer version, and not the card, which quotes this digest)."""
    content = {
        name: {"features_sha256": config["features_sha256"], "splits": {s: {"rows": v["rows"], "content_sha256": v["content_sha256"]} for s, v in config["splits"].items()}}
        for name, config in lock["configs"].items()
    }
    return hashlib.sha256(json.dumps({"name": lock["name"], "version": lock["version"], "configs": content}, sort_keys=True).encode()).hexdigest()


def render(lock: dict) -> str:
    return json.dumps(lock, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def read_lock(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class ConfigChange:
    config: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)
    features_changed: bool = False
    bytes_changed: bool = False

    @property
    def bump(self) -> Bump:
        if self.removed or self.changed or self.moved or self.fields_removed or (self.features_changed and not self.fields_added):
            return Bump.MAJOR
        if self.added or self.fields_added:
            return Bump.MINOR
        if self.bytes_changed:
            return Bump.PATCH
        return Bump.NONE

    def describe(self) -> str:
        parts = [f"{label} {len(ids)} ({', '.join(ids[:3])}{', …' if len(ids) > 3 else ''})" for label, ids in (("added", self.added), ("removed", self.removed), ("changed", self.changed), ("moved between splits", self.moved)) if ids]
        parts += [f"fields added {self.fields_added}"] if self.fields_added else []
        parts += [f"fields removed {self.fields_removed}"] if self.fields_removed else []
        parts += ["features changed"] if self.features_changed and not (self.fields_added or self.fields_removed) else []
        parts += ["file bytes changed"] if self.bytes_changed and self.bump is Bump.PATCH else []
        return f"{self.config}: {'; '.join(parts)} → {self.bump.name}"


def compare(old: dict, release: Path) -> list[ConfigChange]:
    """Changes from lock `old` to a built release, records compared on the fields `old` knew (so added fields are
    MINOR) less the fields derived from other records (so added records that raise a count are MINOR too)."""
    known = {name: [f for f in entry["fields"] if f not in entry.get("derived", [])] for name, entry in old["configs"].items()}
    return diff(old, lock_of(release, digest_fields=known))


def diff(old: dict, new: dict) -> list[ConfigChange]:
    """Record-by-record changes from lock `old` to lock `new`, per config; only configs that changed."""
    changes = []
    for name in sorted(set(old["configs"]) | set(new["configs"])):
        before = old["configs"].get(name, {"fields": [], "records": {}, "splits": {}, "features_sha256": ""})
        after = new["configs"].get(name, {"fields": [], "records": {}, "splits": {}, "features_sha256": ""})
        change = ConfigChange(name)
        change.added = sorted(after["records"].keys() - before["records"].keys())
        change.removed = sorted(before["records"].keys() - after["records"].keys())
        for key in sorted(before["records"].keys() & after["records"].keys()):
            old_split, old_digest = before["records"][key].split(":")
            new_split, new_digest = after["records"][key].split(":")
            if old_digest != new_digest:
                change.changed.append(key)
            elif old_split != new_split:
                change.moved.append(key)
        change.fields_added = [f for f in after["fields"] if f not in before["fields"]]
        change.fields_removed = [f for f in before["fields"] if f not in after["fields"]]
        change.features_changed = before["features_sha256"] != after["features_sha256"]
        # File bytes depend on the Parquet writer: only the same pyarrow version can show a re-serialisation.
        same_writer = old.get("pyarrow") == new.get("pyarrow")
        change.bytes_changed = same_writer and {s: v["file_sha256"] for s, v in before["splits"].items()} != {s: v["file_sha256"] for s, v in after["splits"].items()}
        if change.bump is not Bump.NONE:
            changes.append(change)
    return changes


def required_bump(changes: list[ConfigChange]) -> Bump:
    return max((c.bump for c in changes), default=Bump.NONE)


def bump_between(old: str, new: str) -> Bump:
    """The bump that leads from version `old` to version `new` (NONE when `new` is not later)."""
    before, after = (tuple(int(part) for part in v.split(".")) for v in (old, new))
    if after <= before:
        return Bump.NONE
    if after[0] > before[0]:
        return Bump.MAJOR
    if after[1] > before[1]:
        return Bump.MINOR
    return Bump.PATCH


def latest_lock(project: Path, version: str = VERSION) -> Path:
    """releases/<version>.lock when it exists, else the lock of the latest version pinned before it (to diff against)."""
    exact = lock_path(project, version)
    if exact.is_file():
        return exact
    key = lambda path: tuple(int(part) for part in path.stem.split("."))  # noqa: E731
    earlier = [p for p in (project / RELEASES_DIR).glob("*.lock") if p.stem.count(".") == 2 and p.stem.replace(".", "").isdigit()]
    earlier = sorted((p for p in earlier if key(p) < key(exact)), key=key)
    return earlier[-1] if earlier else exact


def next_version(version: str, bump: Bump) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    if bump is Bump.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version
