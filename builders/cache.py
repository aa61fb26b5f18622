"""A content-addressed cache of command results, so that `validate`, `candidates` and `verify` start at once when
their inputs have not changed since the last run.

An entry's key is the SHA-256 of every input byte its result depends on, together with the package's own code (every
file of `builders/`), the Python version and the installed distributions (their `dist-info` names carry the
versions): a changed input, code or library gives another key, so a stale result can never be found. Only successful
results are stored (a failure is always worked out and reported in full). An entry that is missing, unreadable,
corrupt (its value's SHA-256 is stored beside it) or of another key is ignored and the real work runs. Entries live
in `build/cache/<kind>/<key>.json` under the project (git-ignored) and may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

CACHE_DIR = Path("build") / "cache"
KEEP = 8  # entries kept per kind; older ones are removed when a new one is stored
PACKAGE = Path(__file__).resolve().parent
# What validate and candidates read beside the corpus (citation, maintainer, licence).
PROJECT_INPUTS = ("corpus", "CITATION.cff", "LICENSE", "metadata")


class _Unhashable(Exception):
    """An input the cache will not vouch for (a symbolic link, an unreadable file): the real work runs instead."""


def _field(digest, data: bytes) -> None:
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)


def _tree(digest, root: Path, shown: str) -> None:
    """Every path under `root` (or `root` itself), its kind and its bytes, in a fixed order."""
    if root.is_symlink():
        raise _Unhashable(shown)
    if root.is_file():
        _field(digest, f"file:{shown}".encode())
        try:
            _field(digest, root.read_bytes())
        except OSError as error:
            raise _Unhashable(shown) from error
        return
    if not root.is_dir():
        _field(digest, f"absent:{shown}".encode())
        return
    _field(digest, f"dir:{shown}".encode())
    try:
        children = sorted(os.listdir(root))
    except OSError as error:
        raise _Unhashable(shown) from error
    for name in children:
        if name == "__pycache__":
            continue  # compiled copies of the sources hashed beside them
        _tree(digest, root / name, f"{shown}/{name}")


def _distributions() -> list[str]:
    """The `*.dist-info` / `*.egg-info` names on `sys.path` (name and version of every installed distribution)."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        # names only: the same environment lists its folders differently (`''` for the working directory, or its path)
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


@cache
def code_fingerprint() -> str:
    """SHA-256 of the package's files, the Python version and the installed distributions."""
    digest = hashlib.sha256()
    _field(digest, sys.version.encode())
    _field(digest, "\n".join(_distributions()).encode())
    _tree(digest, PACKAGE, "builders")
    return digest.hexdigest()


def key_of(kind: str, project: Path | None = None, inputs: tuple[str, ...] = (), extra: tuple[bytes | str, ...] = ()) -> str | None:
    """The key of a `kind` result computed from the files `inputs` (relative to `project`) and the values `extra`;
    None when an input cannot be hashed (then nothing is cached)."""
    digest = hashlib.sha256()
    for part in (kind, code_fingerprint()):
        _field(digest, part.encode())
    try:
        for relative in inputs:
            _tree(digest, project / relative, relative)
    except _Unhashable:
        return None
    for value in extra:
        _field(digest, value.encode() if isinstance(value, str) else value)
    return digest.hexdigest()


def _value_digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Cache:
    """The entries under `directory` (None: a disabled cache that finds nothing and stores nothing)."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    def get(self, kind: str, key: str | None):
        """The value stored for `key`, or None when there is none that can be trusted."""
        if self.directory is None or key is None:
            return None
        try:
            entry = json.loads((self.directory / kind / f"{key}.json").read_text(encoding="utf-8"))
            if entry["kind"] == kind and entry["key"] == key and entry["value_sha256"] == _value_digest(entry["value"]):
                return entry["value"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def put(self, kind: str, key: str | None, value) -> None:
        """Store `value` (JSON-ready) for `key`, atomically; a cache that cannot be written is simply not used."""
        if self.directory is None or key is None:
            return
        folder = self.directory / kind
        entry = {"kind": kind, "key": key, "value": value, "value_sha256": _value_digest(value)}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = folder / f".{key}.{os.getpid()}.partial"
            partial.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, folder / f"{key}.json")
            entries = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns)
            for old in entries[:-KEEP]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def through(cache: Cache, kind: str, key: str | None, compute, accept=lambda value: True):
    """The stored `kind` value of `key` when there is one that `accept`s, else `compute()` (stored for next time)."""
    value = cache.get(kind, key)
    if value is None or not accept(value):
        value = compute()
        cache.put(kind, key, value)
    return value


def project_cache(project: Path, enabled: bool = True) -> Cache:
    return Cache(project / CACHE_DIR if enabled else None)
