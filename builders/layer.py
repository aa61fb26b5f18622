"""What a layer is, and the per-document view layers share while the corpus streams through."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from builders.corpus import Corpus, ListedDocument, SourceDocument
from builders.inputs import DocumentEntry, Proposal, parse_entries
from builders.problems import CorpusError, Problem
from builders.records import Document, Record, Sentence
from builders.yamlio import line_of, load_yaml


@dataclass(frozen=True)
class Row:
    """One record bound for one config; `split` is None when the config's split follows the document."""

    config: str
    record: Record
    split: str | None = None


@dataclass
class DocumentView:
    """One document while it passes through the layers: later layers read what earlier ones produced."""

    source: SourceDocument
    document: Document | None = None
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def text(self) -> str:
        return self.source.text


@dataclass
class Shared:
    """What a layer publishes for the layers after it (small, corpus-wide indexes; never document texts)."""

    entity_ids: set[str] = field(default_factory=set)
    claims: dict[str, "ClaimSummary"] = field(default_factory=dict)
    sentence_texts: dict[str, str] = field(default_factory=dict)
    document_splits: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimSummary:
    id: str
    document_id: str
    sentence_id: str
    text: str


class Layer:
    """A layer reads its corpus-wide files in `prepare`, then streams rows document by document, then finishes.

    A layer does not run once a layer it `requires` has reported a problem: its checks would only echo that problem.
    """

    requires: tuple[type["Layer"], ...] = ()
    annotated: str | None = None  # the status field (`mentions`, `claims`) gating an annotated layer; None: automatic

    def __init__(self, corpus: Corpus, shared: Shared):
        self.corpus = corpus
        self.shared = shared

    def covers(self, entry: DocumentEntry) -> bool:
        """Whether this layer releases rows for the document: automatic layers always, annotated ones once gold
        (a second pass, `corpus.annotations`, covers the documents it is run on)."""
        return self.annotated is None or self.corpus.annotations is not None or getattr(entry.annotation, self.annotated) == "gold"

    def prepare(self, documents: list[ListedDocument]) -> list[Problem]:
        return []

    def rows(self, view: DocumentView, problems: list[Problem]) -> Iterator[Row]:
        return iter(())

    def finish(self, problems: list[Problem]) -> Iterator[Row]:
        return iter(())


def load_annotation_file(corpus: Corpus, layer: str, document_id: str, problems: list[Problem]) -> tuple[dict | None, str]:
    """The layer's YAML file for one document, or None (with a problem) when it is missing or malformed."""
    path = corpus.layer_file(layer, document_id)
    shown = corpus.shown(path)
    if not path.is_file():
        problems.append(Problem(shown, 1, "file-missing", f"no {layer} annotation for document {document_id}, expected {shown}"))
        return None, shown
    try:
        data = load_yaml(path, shown)
    except CorpusError as error:
        problems.extend(error.problems)
        return None, shown
    if not isinstance(data, dict) or data.get("document") != document_id:
        found = data.get("document") if isinstance(data, dict) else type(data).__name__
        problems.append(Problem(shown, line_of(data), "annotation-document-mismatch", f"'document' is {found!r}, expected {document_id!r}"))
        return None, shown
    return data, shown


def refuse_proposed(entries: list[tuple[object, int]], what: str, shown: str) -> list[Problem]:
    """A gold file holds no item still marked as proposed: `hague-claims review` accepts it first."""
    return [
        Problem(shown, line, "proposal-not-accepted", f"{what} entry is still marked proposed ({entry.proposed.by}), expected it accepted with `hague-claims review` or removed")
        for entry, line in entries
        if isinstance(getattr(entry, "proposed", None), Proposal)
    ]


def load_corpus_file(corpus: Corpus, name: str, key: str, problems: list[Problem]) -> tuple[object, str, int]:
    """A corpus-wide YAML file's list under `key` (with the file's shown path and the list's line)."""
    path = corpus.corpus_file(name)
    shown = corpus.shown(path)
    if not path.is_file():
        problems.append(Problem(shown, 1, "file-missing", f"file not found, expected {shown}"))
        return None, shown, 1
    try:
        data = load_yaml(path, shown)
    except CorpusError as error:
        problems.extend(error.problems)
        return None, shown, 1
    if not isinstance(data, dict) or key not in data:
        problems.append(Problem(shown, line_of(data), "entry-invalid", f"top level has no '{key}' list, expected a mapping with '{key}'"))
        return None, shown, 1
    return data[key], shown, line_of(data)


def load_inventory(corpus: Corpus, name: str, key: str, model: type, problems: list[Problem]) -> dict:
    """A corpus-wide table of entries with unique ids (entities.yaml, facts.yaml), by id."""
    items, shown, line = load_corpus_file(corpus, name, key, problems)
    entries, entry_problems = parse_entries(items, model, shown, key, line)
    problems.extend(entry_problems)
    by_id: dict = {}
    for entry, entry_line in entries:
        if entry.id in by_id:
            problems.append(Problem(shown, entry_line, "duplicate-id", f"{key[:-1]} id {entry.id!r} is used twice, expected unique ids"))
        by_id[entry.id] = entry
    return by_id
