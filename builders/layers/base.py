"""What a layer is, and the per-document view layers share while the corpus streams through."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from builders.corpus import Corpus, SourceDocument
from builders.problems import Problem
from builders.records import Document, Record, Sentence


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


class Layer:
    """A layer reads its corpus-wide files in `prepare`, then streams rows document by document, then finishes."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    def prepare(self, documents: list[SourceDocument]) -> list[Problem]:
        return []

    def rows(self, view: DocumentView, problems: list[Problem]) -> Iterator[Row]:
        return iter(())

    def finish(self, problems: list[Problem]) -> Iterator[Row]:
        return iter(())
