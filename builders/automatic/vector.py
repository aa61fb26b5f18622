"""Paragraphs, sentences and tokens of many texts at once, as NumPy arrays over their code points.

The spans are exactly those of `builders.automatic.segment` (paragraphs, `sentences_in`, `tokens`), which stays the
reference: tests/test_vector.py proves the equality on generated text and on the corpus. The texts are joined with a
line feed after each, so every array position is a code point of one text or a separator, and no span crosses one.
Only lines that may hold a sentence boundary (sentence-final punctuation followed by whitespace) reach the segmenter,
one line per call (Bling Fire gives other boundaries when lines are joined); every other step is array code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa

from builders.automatic import segment

SPACE, LETTER, DIGIT, WORD, APOSTROPHE, SMALL_S, DOT_COMMA, FINAL = (1 << bit for bit in range(8))

# What each flag means, as the patterns of `builders.automatic.segment` read a character (Python `re`, Unicode).
_FLAG_PATTERNS = (
    (SPACE, re.compile(r"\s")),
    (LETTER, re.compile(r"[^\W\d_]")),
    (DIGIT, re.compile(r"\d")),
    (WORD, re.compile(r"\w")),
    (APOSTROPHE, re.compile(r"[’']")),
    (SMALL_S, re.compile(r"s")),
    (DOT_COMMA, re.compile(r"[.,]")),
    (FINAL, re.compile(r"[.!?…]")),
)
_UNKNOWN = 1 << 8
_flags = np.full(0x110000, _UNKNOWN, dtype=np.uint16)


def flags_of(code_points: np.ndarray) -> np.ndarray:
    """The flags of every code point; a code point is classified by the patterns the first time it is seen."""
    found = _flags.take(code_points)
    if len(found) and found.max() >= _UNKNOWN:
        unknown = found == _UNKNOWN
        for code_point in np.flatnonzero(np.bincount(code_points[unknown])).tolist():
            character = chr(code_point)
            _flags[code_point] = sum(flag for flag, pattern in _FLAG_PATTERNS if pattern.fullmatch(character))
        found = _flags.take(code_points)
    return found.astype(np.uint8)


def _next(mask: np.ndarray, step: int = 1) -> np.ndarray:
    return np.concatenate([mask[step:], np.zeros(step, dtype=bool)])


@dataclass
class Spans:
    """Spans in joined-text positions, with the text (for paragraphs and sentences: the paragraph) each belongs to."""

    start: np.ndarray
    end: np.ndarray
    owner: np.ndarray | None  # None for tokens: their sentence says which text they belong to


class JoinedTexts:
    """Texts joined with a line feed after each, as code points, with their flags and UTF-8 byte offsets."""

    def __init__(self, texts: list[str], utf8: list[bytes] | None = None):
        """`utf8`, if given, holds each text's UTF-8 bytes (a raw file's bytes), so the texts are not encoded again."""
        self._raw_utf8 = utf8
        lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
        self.base = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)  # where each text starts
        self.length = lengths
        joined = "".join(text + "\n" for text in texts)
        self.joined = joined
        self.code_points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        self.flags = flags_of(self.code_points)
        self.space = (self.flags & SPACE) != 0

    @cached_property
    def utf8(self) -> np.ndarray:
        if self._raw_utf8 is not None:
            return np.frombuffer(b"".join([part for data in self._raw_utf8 for part in (data, b"\n")]), dtype=np.uint8)
        return np.frombuffer(self.joined.encode("utf-8"), dtype=np.uint8)

    @cached_property
    def _extra_bytes(self) -> np.ndarray:
        """For every position, the UTF-8 bytes beyond one per code point that come before it (one more at the end)."""
        cp = self.code_points
        extra = (cp >= 0x80).astype(np.uint8) + (cp >= 0x800) + (cp >= 0x10000)
        found = np.empty(len(cp) + 1, dtype=np.int32)  # int32: NumPy sums it several times faster than int64
        found[0] = 0
        np.cumsum(extra, dtype=np.int32, out=found[1:])
        return found

    def byte_offsets(self, position: np.ndarray) -> np.ndarray:
        """The UTF-8 byte offset of each code point position in the joined text."""
        return position + self._extra_bytes[position]

    @cached_property
    def _punctuation(self) -> np.ndarray:
        """Positions of the characters the sentence and token rules look at one by one (one pass finds them all)."""
        return np.flatnonzero(self.flags & (FINAL | APOSTROPHE | DOT_COMMA))

    def _marks(self, flags: int) -> np.ndarray:
        found = self._punctuation
        return found[(self.flags[found] & flags) != 0]

    def text_of(self, position: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.base, position, side="right") - 1

    def paragraphs(self) -> Spans:
        """The non-blank lines of every text, stripped of surrounding whitespace (`segment.paragraphs`)."""
        newlines = np.flatnonzero(self.code_points == 10)
        start = np.concatenate([[0], newlines[:-1] + 1])
        end = newlines.copy()
        filled = start < end
        start, end = start[filled], end[filled]
        edged = np.flatnonzero(self.space[start] | self.space[end - 1])  # few lines: strip those one by one
        keep = np.ones(len(start), dtype=bool)
        for row in edged.tolist():
            line = self.joined[start[row] : end[row]]
            stripped = line.strip()
            if stripped:
                start[row] += line.index(stripped)
                end[row] = start[row] + len(stripped)
            else:
                keep[row] = False
        start, end = start[keep], end[keep]
        return Spans(start, end, self.text_of(start))

    def sentences(self, paragraphs: Spans) -> Spans:
        """Sentence spans (`segment.sentences_in`); `owner` is the paragraph's position in `paragraphs`."""
        finals = self._marks(FINAL)
        at = np.searchsorted(finals, paragraphs.start)
        first_final = np.where(at < len(finals), finals[np.minimum(at, len(finals) - 1)] if len(finals) else 0, paragraphs.end)
        # A boundary needs a final mark with a space after it inside the line (`segment._POSSIBLE_BOUNDARY`, which
        # `line_sentences` looks for first): a line whose only final mark ends it is one sentence.
        possible = first_final < paragraphs.end - 1
        counts = np.ones(len(paragraphs.start), dtype=np.int64)
        pieces = {}
        for index in np.flatnonzero(possible).tolist():
            start = int(paragraphs.start[index])
            pieces[index] = segment.line_sentences(self.joined[start : int(paragraphs.end[index])])
            counts[index] = len(pieces[index])
        owner = np.repeat(np.arange(len(counts)), counts)
        start = np.repeat(paragraphs.start, counts)
        end = np.repeat(paragraphs.end, counts)
        first_row = np.cumsum(counts) - counts
        for index, spans in pieces.items():
            row, base = int(first_row[index]), int(paragraphs.start[index])
            for offset, (piece_start, piece_end) in enumerate(spans):
                start[row + offset] = base + piece_start
                end[row + offset] = base + piece_end
        return Spans(start, end, owner)

    def tokens(self) -> Spans:
        r"""Every token of every text (`segment.tokens`' pattern, read as rules on neighbouring characters).

        A letter after a letter and a digit after a digit always continue a token (`[^\W\d_]+`, `\d+`; the s of a
        clitic is never followed by a letter). The other rules involve an apostrophe or a dot or comma, and are read
        only where one occurs: `[.,]` between digits joins them (`(?:[.,]\d+)*`), `[’']s\b` is a token of its own,
        and another apostrophe between letters joins them (`(?:[’'](?!s\b)[^\W\d_]+)*`).
        """
        f = self.flags
        kind = f & (LETTER | DIGIT)
        continues = np.empty(len(f), dtype=bool)
        continues[0] = False
        np.logical_and(kind[1:] != 0, kind[1:] == kind[:-1], out=continues[1:])
        marks = self._marks(APOSTROPHE | DOT_COMMA)
        padded = np.concatenate([[0, 0], f[np.clip(np.concatenate([marks - 2, marks - 1, marks + 1, marks + 2]), 0, len(f) - 1)], [0, 0]])
        before2, before, after, after2 = (padded[2 + k * len(marks) : 2 + (k + 1) * len(marks)] for k in range(4))
        before2 = np.where(marks >= 2, before2, 0)  # no character before a text's start is read: the joined
        before = np.where(marks >= 1, before, 0)  # text begins with one, and a line feed separates the others
        here = f[marks]
        digits_joined = ((here & DOT_COMMA) != 0) & ((before & DIGIT) != 0) & ((after & DIGIT) != 0)
        clitic_after = ((after & SMALL_S) != 0) & ((after2 & WORD) == 0)  # s\b after the mark
        clitic = ((here & APOSTROPHE) != 0) & clitic_after
        previous_in_clitic = ((before & SMALL_S) != 0) & ((before2 & APOSTROPHE) != 0)  # the mark is not \w
        letters_joined = ((here & APOSTROPHE) != 0) & ((before & LETTER) != 0) & ~previous_in_clitic & ((after & LETTER) != 0) & ~clitic_after
        continues[marks[digits_joined | letters_joined]] = True
        continues[marks[digits_joined | letters_joined | clitic] + 1] = True
        space = self.space
        starts = ~space & ~continues
        ends = ~space & _next(space | starts)  # the last character of each token (the joined text ends in a space)
        return Spans(np.flatnonzero(starts), np.flatnonzero(ends) + 1, None)

    def strings(self, start: np.ndarray, end: np.ndarray) -> pa.StringArray:
        """The substrings [start, end) of the joined text, in order and not overlapping: its bytes less the gaps'."""
        if len(start) > 1 and np.any(start[1:] < end[:-1]):
            raise ValueError("spans overlap or are out of order")
        byte_start, byte_end = self.byte_offsets(start), self.byte_offsets(end)
        gap_start = np.concatenate([[0], byte_end])
        gap_length = np.concatenate([byte_start, [len(self.utf8)]]) - gap_start
        keep = np.ones(len(self.utf8), dtype=bool)
        keep[_ranges(gap_start, gap_length)] = False
        return _string_array(byte_end - byte_start, self.utf8[keep])

    def text_strings(self) -> pa.StringArray:
        """The texts themselves, cut from the joined UTF-8 one by one (few and long: one copy each)."""
        data = memoryview(self.utf8)
        byte_start, byte_end = self.byte_offsets(self.base), self.byte_offsets(self.base + self.length)
        buffer = b"".join([data[a:b] for a, b in zip(byte_start.tolist(), byte_end.tolist())])
        return _string_array(byte_end - byte_start, np.frombuffer(buffer, dtype=np.uint8))

    def token_strings(self, tokens: Spans) -> pa.StringArray:
        """The tokens' texts, which tile the joined text's non-space characters: its bytes less the spaces' bytes."""
        wide_spaces = np.flatnonzero(self.space & (self.code_points >= 0x80))
        lengths = self.byte_offsets(tokens.end) - self.byte_offsets(tokens.start)
        if not len(wide_spaces):  # the usual case: every space is one ASCII byte, which bytes.translate drops
            return _string_array(lengths, np.frombuffer(self.utf8.tobytes().translate(None, _ASCII_SPACES), dtype=np.uint8))
        keep = ~_IS_ASCII_SPACE[self.utf8]  # no-break spaces and the like take two or three bytes: a mask
        first_byte = self.byte_offsets(wide_spaces)
        widths = self.byte_offsets(wide_spaces + 1) - first_byte
        keep[_ranges(first_byte, widths)] = False
        return _string_array(lengths, self.utf8[keep])


_ASCII_SPACES = bytes(byte for byte in range(128) if chr(byte).isspace())  # \t \n \v \f \r, \x1c-\x1f, space
_IS_ASCII_SPACE = np.isin(np.arange(256), np.frombuffer(_ASCII_SPACES, dtype=np.uint8))  # the same, by byte value


def _ranges(start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Every index of the ranges [start, start + length), concatenated."""
    total = int(length.sum())
    return np.repeat(start - (np.cumsum(length) - length), length) + np.arange(total)


def _string_array(lengths: np.ndarray, data: np.ndarray) -> pa.StringArray:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, dtype=np.int32, out=offsets[1:])
    if offsets[-1] != len(data):
        raise ValueError(f"{len(data)} bytes for strings of {offsets[-1]} bytes")
    return pa.StringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(data))
