"""Names and paths every part of the package agrees on. Imports nothing of the package, so nothing imports in a circle."""

from __future__ import annotations

import hashlib
from pathlib import Path

NAME = "hague-claims"
MANIFEST = "manifest.json"

# corpus/ layout
DOCUMENTS_FILE = "documents.yaml"
RAW_DIR = "raw"
ANNOTATIONS_DIR = "annotations"
ENTITIES_FILE = "entities.yaml"
FACTS_FILE = "facts.yaml"
LINKS_FILE = "links.yaml"


def release_name(version: str) -> str:
    return f"{NAME}-{version}"


def parquet_path(config: str, split: str) -> str:
    return f"data/{config}/{split}-00000-of-00001.parquet"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
