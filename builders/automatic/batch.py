"""The automatic configs (`documents`, `sentences`) of many documents at once, as Arrow tables checked per batch.

`build_shard` is the per-document map every engine runs (builders/engine): it reads and checks the raw bytes of a
shard of listed documents, segments and tokenises them with array code (`builders.automatic.vector`, the same spans
as `builders.automatic.text.TextLayer`), and returns one table per config and split, checked as a batch
(`builders.batchcheck`: the declared schema, then the sentence rules of `builders.rules.check_sentences` as
vectorised comparisons). No Python object is made per sentence or token.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from builders.automatic.vector import JoinedTexts, Spans
from builders.batchcheck import to_table
from builders.configs import CONFIGS
from builders.corpus import Corpus, ListedDocument, read_document
from builders.problems import Problem

AUTOMATIC = ("documents", "sentences")
FREE_TEXT = ("text", "headline")  # written without dictionary encoding: a document's or sentence's text is unique
OFFSET_LISTS = ("token_starts", "token_ends")  # written delta-encoded: they rise within each sentence


@dataclass
class Shard:
    """A shard's rows per (config, split), in listing order, and every problem found in it."""

    tables: dict[tuple[str, str], pa.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _document_columns(sources: list, joined: JoinedTexts, paragraphs: Spans) -> dict[str, list | pa.Array]:
    counts = np.bincount(paragraphs.owner, minlength=len(sources))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    base = joined.base[paragraphs.owner]
    spans = pa.StructArray.from_arrays([pa.array(paragraphs.start - base), pa.array(paragraphs.end - base)], names=["start", "end"])
    first = offsets[:-1].tolist()
    entries = [source.entry for source in sources]
    return {
        "id": [entry.id for entry in entries],
        "file": [entry.file for entry in entries],
        "sha256": [entry.sha256 for entry in entries],
        "headline": [source.text[int(paragraphs.start[row] - base[row]) : int(paragraphs.end[row] - base[row])] if source.entry.headline else None for source, row in zip(sources, first)],
        "text": joined.text_strings(),  # from the joined UTF-8: not encoded again
        "paragraphs": pa.ListArray.from_arrays(pa.array(offsets), spans),
        "publisher": [entry.publisher for entry in entries],
        "url": [entry.url for entry in entries],
        "published": [entry.published for entry in entries],
        "date_source": [entry.date_source for entry in entries],
        "language": [entry.language for entry in entries],
        "mentions_status": [str(entry.annotation.mentions) for entry in entries],
        "claims_status": [str(entry.annotation.claims) for entry in entries],
    }


def _sentence_columns(sources: list, joined: JoinedTexts, paragraphs: Spans, sentences: Spans) -> tuple[dict[str, pa.Array] | None, str | None]:
    """The `sentences` columns, tokens placed in the sentence each starts in; or the reason a token fits none."""
    document = paragraphs.owner[sentences.owner]
    per_document = np.bincount(document, minlength=len(sources))
    first_sentence = np.cumsum(per_document) - per_document
    first_paragraph = np.searchsorted(paragraphs.owner, np.arange(len(sources)))
    index = np.arange(len(document)) - first_sentence[document]
    paragraph = sentences.owner - first_paragraph[document]
    tokens = joined.tokens()
    first_token = np.searchsorted(tokens.start, sentences.start)  # each token belongs to the sentence it starts in
    counts = np.diff(np.append(first_token, len(tokens.start)))
    parent = np.repeat(np.arange(len(document)), counts)
    before = int(first_token[0]) if len(first_token) else len(tokens.start)  # tokens before every sentence
    outside = tokens.end[before:] > sentences.end[parent]  # tokens that run past their sentence
    if before or outside.any():
        row = 0 if before else int(np.flatnonzero(outside)[0])
        return None, f"token {joined.joined[tokens.start[row] : tokens.end[row]]!r} lies in no one sentence, expected every token inside a sentence"
    offsets = pa.array(np.append(0, np.cumsum(counts)).astype(np.int32))
    token_base = joined.base[document[parent]]
    ids = pa.array([source.entry.id for source in sources]).take(pa.array(document))
    headline = np.array([source.entry.headline for source in sources], dtype=bool)
    return {
        "id": pc.binary_join_element_wise(ids, pc.utf8_lpad(pc.cast(pa.array(index), pa.string()), 3, "0"), "-s"),
        "document_id": ids,
        "index": pa.array(index),
        "paragraph": pa.array(paragraph),
        "start": pa.array(sentences.start - joined.base[document]),
        "end": pa.array(sentences.end - joined.base[document]),
        "text": joined.strings(sentences.start, sentences.end),
        "is_headline": pa.array(headline[document] & (paragraph == 0)),
        "tokens": pa.ListArray.from_arrays(offsets, joined.token_strings(tokens)),
        "token_starts": pa.ListArray.from_arrays(offsets, pa.array((tokens.start - token_base).astype(np.int32))),
        "token_ends": pa.ListArray.from_arrays(offsets, pa.array((tokens.end - token_base).astype(np.int32))),
    }, None


def _shard_tables(corpus: Corpus, sources: list) -> tuple[dict[str, pa.Table], list[Problem]]:
    """The checked `documents` and `sentences` tables of a shard's documents, taken in the order given."""
    raw = [source.raw for source in sources]
    joined = JoinedTexts([source.text for source in sources], None if None in raw else raw)
    paragraphs = joined.paragraphs()
    sentences = joined.sentences(paragraphs)
    columns = {"documents": _document_columns(sources, joined, paragraphs)}
    columns["sentences"], failure = _sentence_columns(sources, joined, paragraphs, sentences)
    if failure:
        return {}, [Problem("<sentences>", 1, "span-text-mismatch", failure)]
    tables, problems = {}, []
    for config in AUTOMATIC:
        table, found = to_table(config, CONFIGS[config].model, columns[config], f"<{config}>")
        problems.extend(found)
        tables[config] = table
    if problems:
        return {}, problems
    problems = check_sentences(tables["documents"], tables["sentences"], corpus, joined)
    return ({} if problems else tables), problems


def build_shard(corpus: Corpus, listed: Sequence[ListedDocument]) -> Shard:
    """The shard's tables per (config, split). Its documents are put in split order (in listing order within a
    split) and processed at once, so each split's rows are one slice of each table."""
    shard = Shard()
    sources = []
    for item in listed:
        source, problems = read_document(corpus, item)
        shard.problems.extend(problems)
        if source is not None:
            sources.append(source)
    if not sources:
        return shard
    sources.sort(key=lambda source: source.entry.split)  # stable: listing order within a split
    tables, problems = _shard_tables(corpus, sources)
    shard.problems.extend(problems)
    if not tables:
        return shard
    splits = pa.array([source.entry.split for source in sources])
    sentence_splits = splits.take(pc.index_in(tables["sentences"]["document_id"], value_set=tables["documents"]["id"]))
    counts = pc.value_counts(splits).to_pylist()
    largest = max(counts, key=lambda count: (count["counts"], count["values"]))["values"]
    for config, rows in (("documents", splits), ("sentences", sentence_splits)):
        for split in sorted(count["values"] for count in counts):
            where = np.flatnonzero(pc.equal(rows, split).to_numpy(zero_copy_only=False))
            part = tables[config].slice(int(where[0]), len(where))
            # the smaller splits are copied: a writer buffering their rows for long would hold the whole shard
            shard.tables[(config, split)] = part if split == largest else part.take(np.arange(len(where)))
    return shard


def _token_failures(sentences: pa.Table, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per sentence: its token lists differ in length, or a token's text length is not its span's, or lies outside the sentence."""
    counts = [pc.list_value_length(sentences[name]).to_numpy(zero_copy_only=False) for name in ("tokens", "token_starts", "token_ends")]
    bad = (counts[0] != counts[1]) | (counts[0] != counts[2])
    if bad.any():
        return bad
    parent = pc.list_parent_indices(sentences["tokens"]).to_numpy()
    token_start = pc.list_flatten(sentences["token_starts"]).to_numpy()
    token_end = pc.list_flatten(sentences["token_ends"]).to_numpy()
    length = pc.utf8_length(pc.list_flatten(sentences["tokens"])).to_numpy()
    wrong = (length != token_end - token_start) | (token_start < start[parent]) | (token_end > end[parent])
    bad[np.unique(parent[wrong])] = True
    return bad


def check_sentences(documents: pa.Table, sentences: pa.Table, corpus: Corpus, joined: JoinedTexts) -> list[Problem]:
    """`builders.rules.check_sentences` for whole tables: index order, bounds, exact text, no edge whitespace, no
    overlap, every non-space character of a document in one of its sentences. `joined` holds the documents' texts
    (whitespace is Python's, as in the per-record rules)."""
    if sentences.num_rows == 0:
        return []
    position = pc.index_in(sentences["document_id"], value_set=documents["id"]).to_numpy(zero_copy_only=False)
    start = sentences["start"].to_numpy()
    end = sentences["end"].to_numpy()
    index = sentences["index"].to_numpy()
    text = sentences["text"]
    lengths = joined.length[position]
    first = np.ones(len(position), dtype=bool)
    first[1:] = position[1:] != position[:-1]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(position)), 0))
    previous_end = np.where(first, 0, np.concatenate([[0], end[:-1]]))
    in_bounds = (start >= 0) & (start < end) & (end <= lengths)
    at = joined.base[position] + np.where(in_bounds, start, 0)
    until = joined.base[position] + np.where(in_bounds, end, 1)
    failures = [
        ("sentence-order", index != np.arange(len(position)) - run_start),
        ("offset-out-of-bounds", (start < 0) | (start > end) | (end > lengths)),
        ("span-text-mismatch", in_bounds & ~pc.equal(text, joined.strings(at, until)).to_numpy(zero_copy_only=False)),
        ("sentence-edge-whitespace", (end == start) | joined.space[at] | joined.space[until - 1]),
        ("sentence-overlap", start < previous_end),
        ("span-text-mismatch", _token_failures(sentences, start, end)),  # a token's span
    ]
    solid = np.concatenate([[0], np.cumsum(~joined.space, dtype=np.int32)])
    in_documents = solid[joined.base + joined.length] - solid[joined.base]
    in_sentences = np.bincount(position, weights=np.where(in_bounds, solid[until] - solid[at], 0), minlength=documents.num_rows)
    uncovered = np.flatnonzero(in_sentences != in_documents)
    problems = []
    files = documents["file"].to_pylist()
    ids = sentences["id"]
    for rule, mask in failures:
        for row in np.flatnonzero(mask):
            problems.append(Problem(corpus.shown(corpus.root / files[position[row]]), 1, rule, f"sentence {ids[int(row)].as_py()} breaks {rule} ([{start[row]}:{end[row]}])"))
    for row in uncovered.tolist():
        problems.append(Problem(corpus.shown(corpus.root / files[row]), 1, "sentence-coverage-gap", f"{int(in_documents[row] - in_sentences[row])} non-whitespace characters are in no sentence, expected every non-whitespace character covered"))
    return problems


def write_automatic(corpus: Corpus, staging, listed: Iterable[ListedDocument], engine: str = "local", workers: int = 1, address: str | None = None, schemas: dict[str, pa.Schema] | None = None, shard_size: int | None = None, listing_problems: list[Problem] | None = None) -> dict[str, dict[str, int]]:
    """Write the automatic configs of `listed` under `staging/data/`; raise `CorpusError` with every problem found.

    Rows per config and split are returned; a (config, split) with no rows gets no file. `schemas` are the files'
    schemas (the release passes the `datasets` Features' ones, whose metadata names the features).
    """
    from functools import partial

    from builders.arrow import arrow_schema
    from builders.engine import map_shards, shards
    from builders.parquet import StreamingParquetWriter
    from builders.paths import parquet_path
    from builders.problems import raise_if_any
    from builders.progress import progress

    writers: dict[tuple[str, str], StreamingParquetWriter] = {}
    problems: list[Problem] = []
    parts = shards(listed, shard_size) if shard_size else shards(listed)
    try:
        for shard in progress(map_shards(partial(build_shard, corpus), parts, engine, workers, address), unit="shard", desc="automatic layers"):
            problems.extend(shard.problems)
            if problems or listing_problems:
                continue  # read on, to report every problem at once; nothing more is written
            for (config, split), table in shard.tables.items():
                if (config, split) not in writers:
                    writers[(config, split)] = StreamingParquetWriter(staging / parquet_path(config, split), None, schema=(schemas or {}).get(config) or arrow_schema(CONFIGS[config].model), plain=FREE_TEXT, delta=OFFSET_LISTS)
                writers[(config, split)].add_table(table)
    finally:
        for writer in writers.values():
            writer.close()
    raise_if_any(problems + (listing_problems or []))
    rows: dict[str, dict[str, int]] = {}
    for config in AUTOMATIC:
        for split in CONFIGS[config].splits:
            if (config, split) in writers:
                rows.setdefault(config, {})[split] = writers[(config, split)].rows
    return rows


def check_data_listed(corpus: Corpus) -> int:
    """Check the documents of the data listing (`builders.listing`) as the build would, writing nothing; return the
    number of records they would add. Raises `CorpusError` with every problem found."""
    from builders.corpus import load_corpus
    from builders.engine import shards
    from builders.listing import stream_listed
    from builders.problems import raise_if_any

    problems: list[Problem] = []
    rows = 0
    for part in shards(stream_listed(corpus, {int(d.id, 16) for d in load_corpus(corpus)}, problems)):
        shard = build_shard(corpus, part)
        problems.extend(shard.problems)
        rows += sum(table.num_rows for table in shard.tables.values())
    raise_if_any(problems)
    return rows
