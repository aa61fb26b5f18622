"""The automatic configs (`documents`, `sentences`) of many documents at once, as Arrow tables checked per batch.

`build_shard` is the per-document map every engine runs (builders/engine): it reads and checks the raw bytes of a
shard of listed documents, segments them exactly as `builders.automatic.text.TextLayer` does, and returns one table
per config and split, checked as a batch (`builders.batchcheck`: the declared schema, then the sentence rules of
`builders.rules.check_sentences` as vectorised comparisons). No Python object is made per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from builders.automatic import segment
from builders.automatic.text import sentence_id
from builders.batchcheck import to_table
from builders.configs import CONFIGS
from builders.corpus import Corpus, ListedDocument, read_document
from builders.problems import Problem

AUTOMATIC = ("documents", "sentences")


@dataclass
class Shard:
    """A shard's rows per (config, split), in listing order, and every problem found in it."""

    tables: dict[tuple[str, str], pa.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _empty(config: str) -> dict[str, list]:
    return {name: [] for name in CONFIGS[config].model.model_fields}


def _empty_split() -> dict[str, dict[str, list]]:
    columns = {config: _empty(config) for config in AUTOMATIC}
    columns["_tokens"] = {"chunks": [], "gaps": [], "leading": [], "per_document": [], "document_length": []}
    columns["_sentences_per_document"] = []
    return columns


def _add_document(columns: dict[str, dict[str, list]], source) -> None:
    entry, text = source.entry, source.text
    paragraphs, spans = segment.document_sentences(text)
    documents, sentences = columns["documents"], columns["sentences"]
    for name, value in (
        ("id", entry.id),
        ("file", entry.file),
        ("sha256", entry.sha256),
        ("headline", text[paragraphs[0].start : paragraphs[0].end] if entry.headline else None),
        ("text", text),
        ("paragraphs", [{"start": p.start, "end": p.end} for p in paragraphs]),
        ("publisher", entry.publisher),
        ("url", entry.url),
        ("published", entry.published),
        ("date_source", entry.date_source),
        ("language", entry.language),
        ("mentions_status", str(entry.annotation.mentions)),
        ("claims_status", str(entry.annotation.claims)),
    ):
        documents[name].append(value)
    columns["_sentences_per_document"].append(len(spans))
    sentences["id"].extend(sentence_id(entry.id, index) for index in range(len(spans)))
    sentences["document_id"].extend([entry.id] * len(spans))
    sentences["index"].extend(range(len(spans)))
    sentences["paragraph"].extend(paragraph for paragraph, _ in spans)
    sentences["start"].extend(span.start for _, span in spans)
    sentences["end"].extend(span.end for _, span in spans)
    sentences["text"].extend(text[span.start : span.end] for _, span in spans)
    sentences["is_headline"].extend(entry.headline and paragraph == 0 for paragraph, _ in spans)
    found = columns["_tokens"]
    chunks = text.split()
    spaces = segment.SPACE.findall(text)
    leading = len(spaces[0]) if text[:1].isspace() else 0
    first_gap = 1 if leading else 0
    found["chunks"].extend(chunks)
    found["gaps"].extend(spaces[first_gap : first_gap + len(chunks) - 1])
    found["leading"].append(leading)
    found["per_document"].append(len(chunks))
    found["document_length"].append(len(text))


def _place_tokens(columns: dict[str, dict[str, list]]) -> str | None:
    """The token columns of every sentence of a shard, from its whitespace-delimited chunks (`segment.TOKEN` runs
    only on chunks that are not plain ASCII words or numbers): offsets by cumulative lengths, each token assigned to
    the sentence it starts in, with Arrow and NumPy. Tokens are those of `segment.tokens` on each sentence."""
    found, sentences = columns.pop("_tokens"), columns["sentences"]
    chunks = pa.array(found["chunks"], pa.string())
    simple = pc.and_(pc.string_is_ascii(chunks), pc.or_(pc.ascii_is_alpha(chunks), pc.ascii_is_decimal(chunks))).to_numpy(zero_copy_only=False)
    words: list[str] = []
    pieces_per_chunk = np.ones(len(chunks), dtype=np.int64)
    complex_counts = []
    append, extend, findall = words.append, words.extend, segment.TOKEN.findall
    for chunk, is_simple in zip(found["chunks"], simple.tolist()):
        if is_simple:
            append(chunk)
        else:
            pieces = findall(chunk)
            extend(pieces)
            complex_counts.append(len(pieces))
    pieces_per_chunk[~simple] = complex_counts
    per_document = np.array(found["per_document"], dtype=np.int64)  # chunks per document
    chunk_document = np.repeat(np.arange(len(per_document)), per_document)
    chunk_length = pc.utf8_length(chunks).to_numpy().astype(np.int64)
    gap_after = np.zeros(len(chunk_length), dtype=np.int64)
    last = np.cumsum(per_document) - 1
    not_last = np.ones(len(chunk_length), dtype=bool)
    not_last[last[per_document > 0]] = False
    gap_after[not_last] = pc.utf8_length(pa.array(found["gaps"], pa.string())).to_numpy().astype(np.int64)
    step = chunk_length + gap_after
    running = np.cumsum(step) - step  # exclusive, shard-wide
    first_chunk = np.cumsum(per_document) - per_document
    chunk_start = running - np.repeat(running[np.minimum(first_chunk, max(len(running) - 1, 0))] if len(running) else np.zeros(0, np.int64), per_document)
    chunk_start += np.repeat(np.array(found["leading"], dtype=np.int64), per_document)
    words_array = pa.array(words, pa.string())
    word_length = pc.utf8_length(words_array).to_numpy().astype(np.int64)
    token_chunk = np.repeat(np.arange(len(chunk_length)), pieces_per_chunk)
    inside = np.cumsum(word_length) - word_length
    first_piece = np.cumsum(pieces_per_chunk) - pieces_per_chunk
    token_start = chunk_start[token_chunk] + inside - inside[first_piece][token_chunk] if len(inside) else inside
    token_end = token_start + word_length
    token_document = chunk_document[token_chunk]
    document_base = np.concatenate([[0], np.cumsum(found["document_length"])[:-1]]).astype(np.int64)  # shard-wide coordinates
    sentence_document = np.repeat(np.arange(len(per_document)), columns["_sentences_per_document"])
    sentence_start = np.array(sentences["start"], dtype=np.int64) + document_base[sentence_document]
    sentence_end = np.array(sentences["end"], dtype=np.int64) + document_base[sentence_document]
    parent = np.searchsorted(sentence_start, token_start + document_base[token_document], side="right") - 1
    outside = (parent < 0) | (token_end + document_base[token_document] > sentence_end[np.maximum(parent, 0)])
    if outside.any():  # a token across a sentence boundary
        return f"token {words[int(np.flatnonzero(outside)[0])]!r} lies in no one sentence, expected every token inside a sentence"
    offsets = pa.array(np.concatenate([[0], np.cumsum(np.bincount(parent, minlength=len(sentence_start)))]).astype(np.int32))
    sentences["tokens"] = pa.ListArray.from_arrays(offsets, words_array)
    sentences["token_starts"] = pa.ListArray.from_arrays(offsets, pa.array(token_start.astype(np.int32)))
    sentences["token_ends"] = pa.ListArray.from_arrays(offsets, pa.array(token_end.astype(np.int32)))
    return None


def build_shard(corpus: Corpus, listed: Sequence[ListedDocument]) -> Shard:
    shard = Shard()
    by_split: dict[str, dict[str, dict[str, list]]] = {}
    for item in listed:
        source, problems = read_document(corpus, item)
        shard.problems.extend(problems)
        if source is not None:
            split_columns = by_split.setdefault(item.entry.split, _empty_split())
            _add_document(split_columns, source)
    for split in sorted(by_split):
        failure = _place_tokens(by_split[split])
        if failure:
            shard.problems.append(Problem(f"<sentences {split}>", 1, "span-text-mismatch", failure))
            continue
        tables = {}
        for config in AUTOMATIC:
            table, problems = to_table(config, CONFIGS[config].model, by_split[split][config], f"<{config}>")
            shard.problems.extend(problems)
            tables[config] = table
        if all(table is not None for table in tables.values()):
            shard.problems.extend(check_sentences(tables["documents"], tables["sentences"], corpus))
            for config, table in tables.items():
                shard.tables[(config, split)] = table
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


def check_sentences(documents: pa.Table, sentences: pa.Table, corpus: Corpus) -> list[Problem]:
    """`builders.rules.check_sentences` for whole tables: index order, bounds, exact text, no edge whitespace, no
    overlap, every non-space character of a document in one of its sentences."""
    if sentences.num_rows == 0:
        return []
    position = pc.index_in(sentences["document_id"], value_set=documents["id"]).to_numpy(zero_copy_only=False)
    start = sentences["start"].to_numpy()
    end = sentences["end"].to_numpy()
    index = sentences["index"].to_numpy()
    text = sentences["text"]
    lengths = pc.utf8_length(documents["text"]).to_numpy()[position]
    first = np.ones(len(position), dtype=bool)
    first[1:] = position[1:] != position[:-1]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(position)), 0))
    previous_end = np.where(first, 0, np.concatenate([[0], end[:-1]]))
    failures = [
        ("sentence-order", index != np.arange(len(position)) - run_start),
        ("offset-out-of-bounds", (start < 0) | (start > end) | (end > lengths)),
        ("span-text-mismatch", pc.utf8_length(text).to_numpy() != end - start),
        ("sentence-edge-whitespace", (end == start) | ~pc.equal(pc.utf8_trim_whitespace(text), text).to_numpy(zero_copy_only=False)),
        ("sentence-overlap", start < previous_end),
        ("span-text-mismatch", _token_failures(sentences, start, end)),  # a token's span
    ]
    doc_non_space = pc.utf8_length(pc.replace_substring_regex(documents["text"], r"\s", "")).to_numpy()
    sentence_non_space = pc.utf8_length(pc.replace_substring_regex(text, r"\s", "")).to_numpy()
    covered = np.bincount(position, weights=sentence_non_space, minlength=documents.num_rows)
    problems = []
    files = documents["file"].to_pylist()
    ids = sentences["id"]
    for rule, mask in failures:
        for row in np.flatnonzero(mask):
            problems.append(Problem(corpus.shown(corpus.root / files[position[row]]), 1, rule, f"sentence {ids[int(row)].as_py()} breaks {rule} ([{start[row]}:{end[row]}])"))
    if not problems:  # lengths agree: the sentence texts must also be the very characters at their offsets
        doc_texts, texts = documents["text"].to_pylist(), text.to_pylist()
        for row in range(sentences.num_rows):
            if doc_texts[position[row]][start[row] : end[row]] != texts[row]:
                problems.append(Problem(corpus.shown(corpus.root / files[position[row]]), 1, "span-text-mismatch", f"sentence {texts[row]!r} is not text[{start[row]}:{end[row]}] of its document"))
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
                    writers[(config, split)] = StreamingParquetWriter(staging / parquet_path(config, split), None, schema=(schemas or {}).get(config) or arrow_schema(CONFIGS[config].model))
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
    for part in shards(stream_listed(corpus, {d.id for d in load_corpus(corpus)}, problems)):
        shard = build_shard(corpus, part)
        problems.extend(shard.problems)
        rows += sum(table.num_rows for table in shard.tables.values())
    raise_if_any(problems)
    return rows
