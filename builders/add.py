"""`hague-claims add`: admit raw text files into the corpus, byte for byte, with their listing entries.

A new document's id is the first 16 hex digits of the SHA-256 of its raw bytes: the same bytes always get the same
id (so adding a file twice is recognised), no id depends on a file name or on the order files were added, and the
id has the shape of the five shipped ids (whose hex names came with the files and are kept as they are). The raw
file is stored as `raw/<nnn>_<id>.txt`, `nnn` counting on from the highest number in `raw/`.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from builders.corpus import Corpus, decode_raw, load_corpus
from builders.inputs import DocumentEntry
from builders.paths import DOCUMENTS_FILE, RAW_DIR
from builders.problems import CorpusError, Problem, display_path
from builders.yamlio import load_yaml

LISTING_FIELDS = ("file", "publisher", "url", "published", "split", "headline", "language")


@dataclass(frozen=True)
class Request:
    """One file to add, with the provenance a person gives for it; `where` names it in problem reports."""

    file: Path
    publisher: str
    url: str
    published: str
    split: str = "train"
    headline: bool = False
    language: str = "en"
    where: str = ""
    line: int = 1


@dataclass(frozen=True)
class Outcome:
    document_id: str
    raw_file: str
    added: bool  # False: the same bytes were already in the corpus


def document_id_for(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def date_source(url: str, published: str) -> str:
    """'address' when the publication date is written in the address, else 'given' (stated by whoever added it)."""
    year, month, day = published.split("-")
    return "address" if re.search(rf"{year}[/-]{month}[/-]{day}", url) else "given"


def read_listing(path: Path, project: Path) -> list[Request]:
    """Requests from a YAML list (`documents: [...]`) or a CSV file with a header row; files relative to the listing."""
    shown = display_path(path, project)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]
    else:
        data = load_yaml(path, shown)
        items = data.get("documents") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise CorpusError([Problem(shown, 1, "entry-invalid", "no 'documents' list, expected documents: [{file, publisher, url, published, ...}]")])
        rows = [(getattr(item, "line", 1), item) for item in items]
    requests, problems = [], []
    for line, row in rows:
        if not isinstance(row, dict) or not all(row.get(key) not in (None, "") for key in ("file", "publisher", "url", "published")):
            problems.append(Problem(shown, line, "entry-invalid", f"entry {row!r} lacks one of file, publisher, url, published, expected all four"))
            continue
        unknown = sorted(set(row) - set(LISTING_FIELDS))
        if unknown:
            problems.append(Problem(shown, line, "entry-invalid", f"unknown field(s) {unknown}, expected only {list(LISTING_FIELDS)}"))
            continue
        headline = row.get("headline", False)
        requests.append(Request(
            file=(path.parent / str(row["file"])).resolve(),
            publisher=str(row["publisher"]),
            url=str(row["url"]),
            published=str(row["published"]),
            split=str(row.get("split") or "train"),
            headline=headline if isinstance(headline, bool) else str(headline).strip().lower() in ("true", "yes", "1"),
            language=str(row.get("language") or "en"),
            where=shown,
            line=line,
        ))
    if problems:
        raise CorpusError(problems)
    return requests


def _entry_text(entry: DocumentEntry) -> str:
    """The listing entry in the block style of corpus/documents.yaml (strings quoted, so no value is re-typed)."""
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return (
        f"  - id: {entry.id}\n"
        f"    file: {entry.file}\n"
        f"    sha256: {entry.sha256}\n"
        f"    headline: {'true' if entry.headline else 'false'}\n"
        f"    publisher: {q(entry.publisher)}\n"
        f"    url: {q(entry.url)}\n"
        f"    published: {q(entry.published)}\n"
        f"    date_source: {entry.date_source}\n"
        f"    language: {entry.language}\n"
        f"    split: {entry.split}\n"
        f"    annotation: {{mentions: none, claims: none}}\n"
    )


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def add_documents(corpus: Corpus, requests: list[Request]) -> list[Outcome]:
    """Check every request, then copy the new raw files and append their entries; on any problem, change nothing."""
    listed = load_corpus(corpus)  # the corpus listing must itself be sound before anything is added
    by_hash = {d.entry.sha256: d for d in listed}
    raw_dir = corpus.root / RAW_DIR
    numbers = [int(m.group(1)) for p in raw_dir.glob("*.txt") if (m := re.match(r"^(\d+)_", p.name))]
    next_number = max(numbers, default=-1) + 1
    problems: list[Problem] = []
    planned: list[tuple[Request, bytes, DocumentEntry | None, str]] = []
    for request in requests:
        shown = display_path(request.file, corpus.project)
        if not request.file.is_file():
            problems.append(Problem(request.where or shown, request.line, "file-missing", f"{shown} does not exist, expected a raw text file"))
            continue
        data = request.file.read_bytes()
        text, raw_problems = decode_raw(data, shown)
        problems.extend(raw_problems)
        if text is None:
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in by_hash:
            planned.append((request, data, None, by_hash[digest].id))
            continue
        document_id = document_id_for(data)
        name = f"{next_number:03d}_{document_id}.txt"
        try:
            entry = DocumentEntry(
                id=document_id, file=f"{RAW_DIR}/{name}", sha256=digest, headline=request.headline, publisher=request.publisher,
                url=request.url, published=request.published, date_source=date_source(request.url, request.published) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", request.published) else "given",
                language=request.language, split=request.split,
            )
        except ValidationError as error:
            for detail in error.errors():
                field = ".".join(str(part) for part in detail["loc"])
                problems.append(Problem(request.where or shown, request.line, "entry-invalid", f"{field}: {detail['msg']}; found {detail.get('input')!r}"))
            continue
        by_hash[digest] = entry  # a file given twice in one call is added once
        next_number += 1
        planned.append((request, data, entry, document_id))
    if problems:
        raise CorpusError(problems)
    new = [(data, entry) for _, data, entry, _ in planned if entry is not None]
    listing = corpus.root / DOCUMENTS_FILE
    before = listing.read_bytes()
    written: list[Path] = []
    try:
        for data, entry in new:
            target = corpus.root / entry.file
            _write_atomically(target, data)
            written.append(target)
        if new:
            text = before.decode("utf-8")
            text = text if text.endswith("\n") else text + "\n"
            _write_atomically(listing, (text + "".join(_entry_text(entry) for _, entry in new)).encode("utf-8"))
            load_corpus(corpus)  # the appended entries must read back (the list is the listing's last key)
    except BaseException:
        _write_atomically(listing, before)
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return [Outcome(document_id, (entry.file if entry else ""), entry is not None) for _, _, entry, document_id in planned]
