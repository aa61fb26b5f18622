"""Annotation files as `propose` writes and `review` rewrites them: one flow mapping per line, so a person can edit
them and every problem points at the right line; strings are JSON-quoted (valid YAML, no value re-typed)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from builders.paths import ANNOTATIONS_DIR, DOCUMENTS_FILE

LAYERS = ("mentions", "claims", "links")
HEADER = "# Written by `hague-claims propose`; items marked `proposed` await review (`hague-claims review {document}`).\n"


def annotation_path(corpus_root: Path, layer: str, document_id: str) -> Path:
    return corpus_root / ANNOTATIONS_DIR / layer / f"{document_id}.yaml"


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_scalar(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def render(document_id: str, sections: dict[str, list[dict]]) -> str:
    lines = [HEADER.format(document=document_id), f"document: {document_id}\n"]
    for key, items in sections.items():
        lines.append(f"{key}:{' []' if not items else ''}\n")
        lines.extend(f"  - {_scalar(item)}\n" for item in items)
    return "".join(lines)


def write_text(path: Path, text: str) -> None:
    """Replace `path` in one step, so an interrupted write leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def set_status(corpus_root: Path, document_id: str, layer: str, status: str) -> None:
    """Rewrite one value of the document's `annotation:` mapping in documents.yaml, keeping every other byte."""
    listing = corpus_root / DOCUMENTS_FILE
    text = listing.read_text(encoding="utf-8")
    entry = re.search(rf"(?m)^  - id: {document_id}\n(?:    .*\n)*", text)
    if entry is None:
        raise ValueError(f"{document_id} has no block entry in {listing}")
    block = entry.group(0)
    updated = re.sub(rf"({layer}: )(none|proposed|gold)", rf"\g<1>{status}", block, count=1)
    if updated == block and f"{layer}: {status}" not in block:
        raise ValueError(f"{document_id}'s entry in {listing} has no annotation status for {layer}")
    write_text(listing, text[: entry.start()] + updated + text[entry.end() :])
