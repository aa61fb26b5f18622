"""Paragraphs, sentences and tokens: the automatic layers every annotation is placed in.

Paragraphs are the non-blank lines of a raw text, and a line break always ends a sentence (headlines carry no final
punctuation, so a segmenter would run them into the first sentence). Within a line, sentences come from Bling Fire
(`blingfire.text_to_sentences`), chosen over syntok and pysbd by `benchmarks/segmenters.py`: the same sentences on
every line of the corpus, some 25 times faster than syntok (see docs/scale.md). A line with no sentence-final
punctuation followed by a space cannot hold two sentences and is not handed to the segmenter at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import blingfire


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int


def paragraphs(text: str) -> list[TextSpan]:
    """Spans of the non-blank lines, stripped of surrounding whitespace."""
    spans, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            spans.append(TextSpan(start, start + len(stripped)))
        offset += len(line) + 1
    return spans


# Sentence-final punctuation, then anything but a space (closing quotes, brackets), then a space: a possible boundary.
_POSSIBLE_BOUNDARY = re.compile(r"[.!?…][^\s]*\s")


def line_sentences(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one stripped line, in the line's offsets."""
    if not _POSSIBLE_BOUNDARY.search(line):
        return [(0, len(line))]
    pieces = blingfire.text_to_sentences(line).split("\n")
    if len(pieces) == 1:
        return [(0, len(line))]
    spans, cursor = [], 0
    for piece in pieces:
        start = line.find(piece, cursor)
        if start < 0:  # Bling Fire changed the piece's whitespace: ask for its offsets instead (slower, exact)
            return [span for span in blingfire.text_to_sentences_and_offsets(line)[1] if span[1] > span[0]]
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans


def sentences_in(text: str, paragraph: TextSpan) -> Iterator[TextSpan]:
    """Sentence spans within one paragraph, in raw-text offsets."""
    for start, end in line_sentences(text[paragraph.start : paragraph.end]):
        yield TextSpan(paragraph.start + start, paragraph.start + end)


def document_sentences(text: str) -> tuple[list[TextSpan], list[tuple[int, TextSpan]]]:
    """The paragraphs of a raw text and its sentences, each with the index of its paragraph."""
    spans = paragraphs(text)
    return spans, [(index, sentence) for index, paragraph in enumerate(spans) for sentence in sentences_in(text, paragraph)]


# A token is a number, a word (letters, inner apostrophes), an English clitic ’s, or any other single character.
# Hyphens, dashes and apostrophe-s are tokens of their own, so every entity mention boundary is a token boundary.
_TOKEN = re.compile(r"[’']s\b|\d+(?:[.,]\d+)*|[^\W\d_]+(?:[’'](?!s\b)[^\W\d_]+)*|\S")


# Tokens never hold whitespace and every other character is in one (`\S` catches the rest), so the tokens of a
# whitespace-delimited chunk tile it: `builders.automatic.batch` splits texts on whitespace (`str.split`), keeps a
# chunk of ASCII letters or of ASCII digits as one token, and runs the pattern only on the other chunks.
TOKEN = _TOKEN
SPACE = re.compile(r"\s+")


def tokens(text: str, span: TextSpan) -> list[TextSpan]:
    """Token spans in `text[span.start:span.end]`, in raw-text offsets; whitespace is never part of a token."""
    return [TextSpan(m.start(), m.end()) for m in _TOKEN.finditer(text, span.start, span.end)]
