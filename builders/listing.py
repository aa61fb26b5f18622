"""A large corpus's listing as a data file that streams: `corpus/documents.jsonl`, `.csv` or `.parquet`.

`corpus/documents.yaml` stays the hand-edited listing of the gold documents, read whole; documents beyond those are
listed in at most one data file beside it, with the same fields as a `documents.yaml` entry (CSV: `headline` is
`true`/`false`). The data listing is read row by row (Parquet: batch by batch), so memory does not grow with it
beyond one set of ids and file names (duplicate ids and unlisted raw files are still found). Its documents get the
automatic layers only (`builders.automatic.batch`); they carry no annotation.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from builders.corpus import Corpus, ListedDocument, listed_document, listed_key
from builders.inputs import DocumentEntry
from builders.problems import Problem

DATA_LISTINGS = ("documents.jsonl", "documents.csv", "documents.parquet")


class _Resolver:
    """`Corpus.resolve_inside` with each directory resolved once: a file that is no symbolic link and no `..` lies
    where its resolved directory says, so resolving every path component of every file again is not needed. Paths
    are returned as strings (the listing holds many)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.directories: dict[str, tuple[str | None, Problem | None]] = {}

    def __call__(self, relative: str, shown: str, line: int) -> tuple[str | None, Problem | None]:
        directory, _, name = relative.rpartition("/")
        if "\0" in relative or name in ("", ".", "..") or relative.startswith("/"):
            return self._resolved(relative, shown, line)
        if directory not in self.directories:
            self.directories[directory] = self._resolved(directory or ".", shown, line)
        parent, problem = self.directories[directory]
        path = f"{parent}/{name}"
        if problem or os.path.islink(path):
            return self._resolved(relative, shown, line)
        return path, None

    def _resolved(self, relative: str, shown: str, line: int) -> tuple[str | None, Problem | None]:
        path, problem = self.corpus.resolve_inside(relative, shown, line)
        return (None if path is None else str(path)), problem


def data_listing(corpus: Corpus) -> tuple[Path | None, list[Problem]]:
    found = [corpus.root / name for name in DATA_LISTINGS if (corpus.root / name).is_file()]
    if len(found) > 1:
        return None, [Problem(corpus.shown(found[1]), 1, "listing-ambiguous", f"{', '.join(p.name for p in found)} all exist, expected at most one data listing")]
    return (found[0] if found else None), []


def _rows(path: Path, shown: str) -> Iterator[tuple[int, object]]:
    """(line or row number, raw row) of the data listing, streamed; a JSON Lines row is its line, unparsed (pydantic
    parses and validates it in one step, `_entry`)."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield number, line
    elif path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield reader.line_num, {k: ({"true": True, "false": False}.get(v, v) if k == "headline" else v) for k, v in row.items()}
    else:
        import pyarrow.parquet as pq

        number = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                number += 1
                yield number, row


def stream_listed(corpus: Corpus, known_ids: set[int], problems: list[Problem], files: set[str] | None = None) -> Iterator[ListedDocument]:
    """The documents of the data listing, if any, in its order; problems are appended to `problems` as found.

    `known_ids` holds the ids listed already (documents.yaml), as integers (`int(id, 16)`); it grows with the listing's
    ids. `files`, if given, gets the `listed_key` of every raw file the listing names, for the check that every raw
    file is listed.
    """
    path, found = data_listing(corpus)
    problems.extend(found)
    if path is None:
        return
    shown = corpus.shown(path)
    resolve = _Resolver(corpus)
    for number, row in _rows(path, shown):
        entry, found = _entry(row, shown, number)
        named = entry.file if entry is not None else _named_file(row)
        resolved = resolve(named, shown, number) if isinstance(named, str) and "\0" not in named else None
        if files is not None and resolved is not None:  # a file named by a bad entry still counts as listed
            files.add(_file_key(corpus, named, resolved[0]))
        if entry is None:
            problems.extend(found)
            continue
        key = int(entry.id, 16)  # an int takes half the memory of the 16-digit string, once per listed document
        if key in known_ids:
            problems.append(Problem(shown, number, "duplicate-id", f"document id {entry.id} is already listed, expected unique ids"))
            continue
        known_ids.add(key)
        listed, found = listed_document(entry, shown, number, (lambda *_: resolved) if resolved is not None else resolve)
        problems.extend(found)
        if listed is not None:
            yield listed


def _entry(row: object, shown: str, number: int) -> tuple[DocumentEntry | None, list[Problem]]:
    try:
        return (DocumentEntry.model_validate_json(row) if isinstance(row, str) else DocumentEntry.model_validate(row)), []
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            if detail["type"] == "json_invalid":
                problems.append(Problem(shown, number, "entry-invalid", f"{detail['msg']}, expected one JSON object per line"))
                continue
            where = ".".join(str(part) for part in detail["loc"]) or "documents"
            problems.append(Problem(shown, number, "entry-invalid", f"documents entry, field '{where}': {detail['msg']}; found {detail.get('input')!r}"))
        return None, problems


def _named_file(row: object) -> object:
    """The `file` a row names, if it names one (a JSON Lines row is parsed for it)."""
    if isinstance(row, str):
        try:
            row = json.loads(row)
        except ValueError:
            return None
    return row.get("file") if isinstance(row, dict) else None


def _file_key(corpus: Corpus, named: str, resolved: str | None) -> str:
    """The `listed_key` of a file a row names: resolved inside corpus/, or where it points when it leaves it."""
    return listed_key(corpus, resolved or str((corpus.root / named).resolve()))


def data_listed_files(corpus: Corpus) -> set[str]:
    """The raw files the data listing names (`listed_key`s), for the check that every raw file is listed."""
    path, _ = data_listing(corpus)
    files: set[str] = set()
    if path is not None:
        resolve = _Resolver(corpus)
        for number, row in _rows(path, corpus.shown(path)):
            named = _named_file(row)
            if isinstance(named, str) and "\0" not in named:
                files.add(_file_key(corpus, named, resolve(named, "", number)[0]))
    return files


def all_listed(corpus: Corpus, problems: list[Problem]) -> Iterator[ListedDocument]:
    """documents.yaml's documents (read whole; `CorpusError` on a bad listing), then the data listing's, streamed;
    once it is read, raw files listed nowhere are added to `problems`."""
    from builders.corpus import load_corpus, unlisted_problems

    gold = load_corpus(corpus, check_unlisted=False)
    yield from gold
    files = {listed_key(corpus, d.path) for d in gold}
    for listed in stream_listed(corpus, {int(d.id, 16) for d in gold}, problems, files):
        yield listed
    problems.extend(unlisted_problems(corpus, files))
