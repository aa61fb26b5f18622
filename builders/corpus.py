"""The raw documents: `corpus/documents.yaml` and the byte-pinned texts it lists in `corpus/raw/`."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from builders.inputs import DocumentEntry, check_top_level, parse_entries
from builders.paths import ANNOTATIONS_DIR, DOCUMENTS_FILE, ENTITIES_FILE, LINKS_FILE, RAW_DIR
from builders.problems import CorpusError, Problem, display_path
from builders.yamlio import line_of, load_yaml


@dataclass(frozen=True)
class ListedDocument:
    """A document listed in documents.yaml whose raw file exists; its bytes are read only when it is processed."""

    entry: DocumentEntry
    line: int
    path: str  # resolved; a string, as a data listing holds many (a `Path` costs more to make than the rest)

    @property
    def id(self) -> str:
        return self.entry.id


@dataclass(frozen=True)
class SourceDocument:
    """A listed document whose raw bytes passed every check."""

    entry: DocumentEntry
    line: int
    text: str
    raw: bytes | None = field(default=None, repr=False, compare=False)  # the file's bytes: `text` as UTF-8

    @property
    def id(self) -> str:
        return self.entry.id


@dataclass(frozen=True)
class Corpus:
    root: Path  # the corpus/ directory
    project: Path  # where reported paths are relative to
    annotations: Path | None = None  # a second annotation pass's directory (see builders/agreement); None: the gold

    def layer_file(self, layer: str, document_id: str) -> Path:
        """One document's annotation file of one layer: the gold's, or the pass's `<layer>/<document>.yaml`."""
        if self.annotations is None:
            return self.root / ANNOTATIONS_DIR / layer / f"{document_id}.yaml"
        return self.annotations / layer / f"{document_id}.yaml"

    def corpus_file(self, name: str) -> Path:
        """A corpus-wide file; a pass's own entities.yaml or links.yaml replaces the gold's when the pass has one."""
        if self.annotations is not None and name in (ENTITIES_FILE, LINKS_FILE) and (self.annotations / name).is_file():
            return self.annotations / name
        return self.root / name

    def shown(self, path: Path) -> str:
        return display_path(path, self.project)

    def resolve_inside(self, relative: str, shown_from: str, line: int) -> tuple[Path | None, Problem | None]:
        """A path named in a corpus file, refused when it leaves corpus/."""
        try:
            candidate = (self.root / relative).resolve()
        except (ValueError, OSError):
            candidate = None
        if candidate is None or Path(relative).is_absolute() or not candidate.is_relative_to(self.root.resolve()):
            return None, Problem(shown_from, line, "path-outside-corpus", f"path {relative!r} resolves outside corpus/, expected a path inside corpus/")
        return candidate, None

    def load_yaml(self, path: Path) -> object:
        """A corpus YAML file, refused (`path-outside-corpus`) when it resolves outside corpus/ (or the pass directory
        being read), e.g. through a symlink."""
        shown = self.shown(path)
        resolved = path.resolve()
        allowed = [self.root.resolve()] + ([self.annotations.resolve()] if self.annotations is not None else [])
        if not any(resolved.is_relative_to(folder) for folder in allowed):
            raise CorpusError([Problem(shown, 1, "path-outside-corpus", f"file resolves to {resolved}, outside corpus/, expected a file inside corpus/")])
        return load_yaml(path, shown)


def decode_raw(data: bytes, path: str | Path, show=str) -> tuple[str | None, list[Problem]]:
    """Check the byte-level rules every raw text obeys; return the text when it may be used. `path` is named in the
    problems as `show(path)`, worked out only when there is a problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text and not data.startswith(b"\xef\xbb\xbf") and b"\x00" not in data and b"\r" not in data and not text.isspace():
        return text, []
    shown = show(path)
    if not data:
        return None, [Problem(shown, 1, "raw-empty", "file is empty, expected a non-empty UTF-8 text")]
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(shown, 1, "raw-bom", "file starts with a UTF-8 byte-order mark, expected none"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, problems + [Problem(shown, line, "raw-not-utf8", f"byte {data[error.start]:#04x} at byte offset {error.start} is not UTF-8, expected UTF-8 text")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(Problem(shown, line, "raw-nul", "NUL character found, expected none"))
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.append(Problem(shown, line, "raw-crlf", "carriage return (CRLF or CR line ending) found, expected LF line endings"))
    if not text.strip():
        problems.append(Problem(shown, 1, "raw-empty", "file holds only whitespace, expected text"))
    return (None if problems else text), problems


def listed_document(entry: DocumentEntry, shown: str, line: int, resolve) -> tuple[ListedDocument | None, list[Problem]]:
    """A listing entry's raw file, checked: inside corpus/ (`resolve`), named after the id, present."""
    path, problem = resolve(entry.file, shown, line)
    if problem:
        return None, [problem]
    problems = []
    name = os.path.basename(path)
    if not name.endswith(f"_{entry.id}.txt"):
        problems.append(Problem(shown, line, "document-id-mismatch", f"id {entry.id} is not the hex part of file name {name!r}, expected <nnn>_{entry.id}.txt"))
    if not os.path.isfile(path):
        problems.append(Problem(shown, line, "document-missing", f"document {entry.id} lists {entry.file!r}, which does not exist, expected the raw file"))
        return None, problems
    return ListedDocument(entry, line, str(path)), problems


def load_corpus(corpus: Corpus, check_unlisted: bool = True) -> list[ListedDocument]:
    """Every listed document, in the order of documents.yaml; raises `CorpusError` with every listing problem found.

    Raw bytes are not read here (so memory does not grow with the corpus): `read_document` checks them one by one.
    `check_unlisted=False` leaves the check that every raw file is listed to the caller (`builders.listing.all_listed`
    makes it once the data listing has streamed by, instead of reading that listing twice).
    """
    listing = corpus.root / DOCUMENTS_FILE
    shown = corpus.shown(listing)
    if not listing.is_file():
        raise CorpusError([Problem(shown, 1, "file-missing", "file not found, expected the document listing")])
    data = corpus.load_yaml(listing)
    items = data.get("documents") if isinstance(data, dict) else None
    entries, problems = parse_entries(items, DocumentEntry, shown, "documents", line_of(data))
    problems += check_top_level(data, ("documents",), shown)
    documents = []
    # Files named by entries that failed to parse still count as listed: one bad field is one problem, not two.
    listed_files = {listed_key(corpus, str((corpus.root / item["file"]).resolve())) for item in items or [] if isinstance(item, dict) and isinstance(item.get("file"), str) and "\0" not in item["file"]}
    seen_ids: dict[str, int] = {}
    for entry, line in entries:
        if entry.id in seen_ids:
            problems.append(Problem(shown, line, "duplicate-id", f"document id {entry.id} already listed at line {seen_ids[entry.id]}, expected unique ids"))
            continue
        seen_ids[entry.id] = line
        listed, found = listed_document(entry, shown, line, corpus.resolve_inside)
        problems.extend(found)
        if listed is not None:
            documents.append(listed)
    if check_unlisted:
        from builders.listing import data_listed_files  # documents beyond the gold ones, listed in a data file

        problems += unlisted_problems(corpus, listed_files | data_listed_files(corpus))
    if problems:
        raise CorpusError(problems)
    return documents


@cache
def _raw_prefix(corpus: Corpus) -> str:
    return str((corpus.root / RAW_DIR).resolve()) + os.sep


def listed_key(corpus: Corpus, resolved: str) -> str:
    """How the check that every raw file is listed keeps a listed file: its name when it lies in corpus/raw/ (a large
    listing keeps one per document, so it is kept short), else its resolved path."""
    prefix = _raw_prefix(corpus)
    name = resolved[len(prefix) :]
    return name if resolved.startswith(prefix) and os.sep not in name else resolved


def unlisted_problems(corpus: Corpus, listed_files: set[str]) -> list[Problem]:
    """`document-unlisted` for every file in corpus/raw/ not in `listed_files` (`listed_key`s). Only symbolic links
    are resolved one by one; any other entry lies in the resolved raw directory, and its key is its name."""
    raw_dir = corpus.root / RAW_DIR
    if not raw_dir.is_dir():
        return []
    unlisted = []
    with os.scandir(raw_dir) as entries:
        for entry in entries:
            if entry.is_symlink():
                path = raw_dir / entry.name
                if path.is_file() and listed_key(corpus, str(path.resolve())) not in listed_files:
                    unlisted.append(entry.name)
            elif entry.is_file(follow_symlinks=False) and entry.name not in listed_files:
                unlisted.append(entry.name)
    listing = corpus.shown(corpus.root / DOCUMENTS_FILE)
    return [Problem(corpus.shown(raw_dir / name), 1, "document-unlisted", f"raw file is not listed in {listing}, expected every raw file to be listed") for name in sorted(unlisted)]


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes with plain system calls (a tenth of `Path.read_bytes`' overhead, which counts per document)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, size + 1)  # one more byte, to see a file that grew since fstat
        if len(data) == size:  # the usual case: all of it (a short read or a grown file reads on to the end)
            return data
        chunks = [data]
        while chunks[-1]:
            chunks.append(os.read(handle, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(handle)


def read_document(corpus: Corpus, listed: ListedDocument) -> tuple[SourceDocument | None, list[Problem]]:
    """The document's text once its bytes match the pinned hash and obey the raw-text rules."""
    raw = read_bytes(listed.path)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != listed.entry.sha256:
        pinned_at = f"{corpus.shown(corpus.root / DOCUMENTS_FILE)}:{listed.line}"
        return None, [Problem(corpus.shown(Path(listed.path)), 1, "raw-hash-mismatch", f"SHA-256 is {digest}, expected {listed.entry.sha256} as pinned in {pinned_at}")]
    text, problems = decode_raw(raw, listed.path, lambda path: corpus.shown(Path(path)))
    return (SourceDocument(listed.entry, listed.line, text, raw) if text is not None else None), problems


def read_corpus(corpus: Corpus) -> Iterator[SourceDocument]:
    """Every document with its checked text, one at a time; raises `CorpusError` at the first unreadable one."""
    for listed in load_corpus(corpus):
        source, problems = read_document(corpus, listed)
        if source is None:
            raise CorpusError(problems)
        yield source
