"""The `documents` and `sentences` configs: raw texts with provenance, and the automatic sentence layer."""

from __future__ import annotations

from collections.abc import Iterator

from builders.automatic import segment
from builders.layer import DocumentView, Layer, Row
from builders.problems import Problem
from builders.records import Document, Sentence, Span
from builders.rules import Located, Origin, check_sentences


def sentence_id(document_id: str, index: int) -> str:
    return f"{document_id}-s{index:03d}"


class TextLayer(Layer):
    def rows(self, view: DocumentView, problems: list[Problem]) -> Iterator[Row]:
        entry, text = view.source.entry, view.text
        self.shared.document_splits[entry.id] = entry.split
        paragraphs, sentence_spans = segment.document_sentences(text)
        headline = text[paragraphs[0].start : paragraphs[0].end] if entry.headline else None
        view.document = Document(
            id=entry.id,
            file=entry.file,
            sha256=entry.sha256,
            headline=headline,
            text=text,
            paragraphs=[Span(start=p.start, end=p.end) for p in paragraphs],
            publisher=entry.publisher,
            url=entry.url,
            published=entry.published,
            date_source=entry.date_source,
            language=entry.language,
            mentions_status=entry.annotation.mentions,
            claims_status=entry.annotation.claims,
        )
        yield Row("documents", view.document)
        origin = Origin(self.corpus.shown(self.corpus.root / entry.file), 1)
        located = []
        for index, (paragraph_index, span) in enumerate(sentence_spans):
            tokens = segment.tokens(text, span)
            sentence = Sentence(
                id=sentence_id(entry.id, index),
                document_id=entry.id,
                index=index,
                paragraph=paragraph_index,
                start=span.start,
                end=span.end,
                text=text[span.start : span.end],
                is_headline=entry.headline and paragraph_index == 0,
                tokens=[text[t.start : t.end] for t in tokens],
                token_starts=[t.start for t in tokens],
                token_ends=[t.end for t in tokens],
            )
            line = text.count("\n", 0, span.start) + 1
            located.append(Located(sentence, Origin(origin.path, line)))
        problems.extend(check_sentences(view.document, located))
        view.sentences = [item.record for item in located]
        for sentence in view.sentences:
            yield Row("sentences", sentence)
