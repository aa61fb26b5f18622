"""Paragraphs, sentences and tokens: the automatic layers every annotation is placed in.

Paragraphs are the non-blank lines of a raw text, and a line break always ends a sentence (headlines carry no final
punctuation, so a segmenter would run them into the first sentence). Within a line, sentences come from syntok,
chosen over pysbd by `benchmarks/segmenters.py` (same accuracy on this corpus, several times faster).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from syntok import segmenter


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


def sentences_in(text: str, paragraph: TextSpan) -> Iterator[TextSpan]:
    """Sentence spans within one paragraph, as syntok finds them, in raw-text offsets."""
    chunk = text[paragraph.start : paragraph.end]
    for syntok_paragraph in segmenter.analyze(chunk):
        for sentence in syntok_paragraph:
            first, last = sentence[0], sentence[-1]
            yield TextSpan(paragraph.start + first.offset, paragraph.start + last.offset + len(last.value))


# A token is a number, a word (letters, inner apostrophes), an English clitic ’s, or any other single character.
# Hyphens, dashes and apostrophe-s are tokens of their own, so every entity mention boundary is a token boundary.
_TOKEN = re.compile(r"[’']s\b|\d+(?:[.,]\d+)*|[^\W\d_]+(?:[’'](?!s\b)[^\W\d_]+)*|\S")


def tokens(text: str, span: TextSpan) -> list[TextSpan]:
    """Token spans in `text[span.start:span.end]`, in raw-text offsets; whitespace is never part of a token."""
    return [TextSpan(m.start(), m.end()) for m in _TOKEN.finditer(text, span.start, span.end)]
