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
from builders.schemas import validator

LAYERS: tuple[type[Layer], ...] = (TextLayer, EntityLayer, ClaimLayer, LinkLayer)

Sink = Callable[[str, str, dict], None]  # (config, split, JSON-ready record)


def corpus_at(project: Path) -> Corpus:
    return Corpus(root=project / "corpus", project=project)


def _schema_problems(config: str, record: dict, where: str) -> list[Problem]:
    return [
        Problem(where, 1, "record-schema", f"{config} record {record.get('id')!r}: {error.message} at /{'/'.join(map(str, error.absolute_path))}")
        for error in validator(config).iter_errors(record)
    ]


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

    def emit(row: Row, default_split: str) -> None:
        config = CONFIGS[row.config]
        split = FULL_SPLIT if config.split_by is SplitBy.NONE else (row.split or default_split)
        record = row.record.model_dump(mode="json")
        schema_problems = _schema_problems(row.config, record, f"<{row.config}>")
        problems.extend(schema_problems)
        if not schema_problems:
            sink(row.config, split, record)

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
                track(layer, before)
    if raw_problems:  # corpus-wide layers would only echo the unreadable documents
        raise CorpusError(problems)
    for layer in active:
        if runs(layer):
            before = len(problems)
            for row in layer.finish(problems):
                emit(row, FULL_SPLIT)
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
    from builders.publish import check_metadata_inputs  # heavy (card, plots): imported only by the commands that need it

    check_metadata_inputs(corpus.project)
    return count
