"""Stream the corpus through the layers, one document at a time, validating every record on its way to a sink."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from builders.configs import CONFIGS, FULL_SPLIT, SplitBy
from builders.corpus import Corpus, load_corpus, read_document
from builders.layer import DocumentView, Layer, Row, Shared
from builders.annotated.claims import ClaimLayer
from builders.annotated.entities import EntityLayer
from builders.annotated.links import LinkLayer
from builders.automatic.text import TextLayer
from builders.problems import CorpusError, Problem
from builders.batchcheck import records_to_table

LAYERS: tuple[type[Layer], ...] = (TextLayer, EntityLayer, ClaimLayer, LinkLayer)

Sink = Callable[[str, str, dict], None]  # (config, split, JSON-ready record)


def corpus_at(project: Path) -> Corpus:
    return Corpus(root=project / "corpus", project=project)


class _Batches:
    """Records held per config until `BATCH_ROWS` are pending (or the documents, or a corpus-wide layer, are done),
    then checked as one batch per config (`builders.batchcheck`: a batch costs about what one record costs)."""

    BATCH_ROWS = 10_000

    def __init__(self, sink: Sink, problems: list[Problem]):
        self.sink, self.problems = sink, problems
        self.pending: dict[str, list[tuple[str, dict]]] = {}
        self.count = 0

    def add(self, config: str, split: str, record: dict) -> None:
        self.pending.setdefault(config, []).append((split, record))
        self.count += 1

    def flush_if_full(self) -> None:
        if self.count >= self.BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for config, items in self.pending.items():
            records = [record for _, record in items]
            _, problems = records_to_table(config, CONFIGS[config].model, records, f"<{config}>")
            self.problems.extend(problems)
            if not problems:
                for split, record in items:
                    self.sink(config, split, record)
        self.pending = {}
        self.count = 0


def run(corpus: Corpus, sink: Sink, layers: tuple[type[Layer], ...] = LAYERS, only: set[str] | None = None) -> None:
    """Feed every record to `sink`; raise `CorpusError` with every problem found once all input was read.

    `only` restricts the run to those documents (a second annotation pass that covers some of them)."""
    documents = [listed for listed in load_corpus(corpus) if only is None or listed.id in only]
    shared = Shared()
    active = [layer(corpus, shared) for layer in layers]
    problems: list[Problem] = []
    for layer in active:
        problems.extend(layer.prepare(documents))
    if problems:
        raise CorpusError(problems)

    batches = _Batches(sink, problems)

    def emit(row: Row, default_split: str) -> None:
        config = CONFIGS[row.config]
        split = FULL_SPLIT if config.split_by is SplitBy.NONE else (row.split or default_split)
        batches.add(row.config, split, row.record.model_dump(mode="json"))

    failed: set[type[Layer]] = set()  # layers that reported problems: the layers that require them do not run

    def runs(layer: Layer) -> bool:
        return not any(required in failed for required in layer.requires)

    def track(layer: Layer, before: int) -> None:
        if len(problems) > before:
            failed.add(type(layer))

    raw_problems = False
    for listed in documents:
        source, read_problems = read_document(corpus, listed)
        problems.extend(read_problems)
        if source is None:
            raw_problems = True
            continue
        view = DocumentView(source)
        for layer in active:
            if runs(layer) and layer.covers(source.entry):
                before = len(problems)
                for row in layer.rows(view, problems):
                    emit(row, source.entry.split)
                batches.flush_if_full()  # a record-schema problem (a builder bug) may count against a later layer
                track(layer, before)
    batches.flush()
    if raw_problems:  # corpus-wide layers would only echo the unreadable documents
        raise CorpusError(problems)
    for layer in active:
        if runs(layer):
            before = len(problems)
            for row in layer.finish(problems):
                emit(row, FULL_SPLIT)
            batches.flush()
            track(layer, before)
    if problems:
        raise CorpusError(problems)


def validate(corpus: Corpus) -> int:
    """Run every check without writing anything; return the number of records that would be released."""
    count = 0

    def counting_sink(config: str, split: str, record: dict) -> None:
        nonlocal count
        count += 1

    run(corpus, counting_sink)
    from builders.automatic.batch import check_data_listed

    count += check_data_listed(corpus)
    from builders.publish import check_metadata_inputs  # heavy (card, plots): imported only by the commands that need it

    check_metadata_inputs(corpus.project)
    return count
