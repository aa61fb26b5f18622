"""Sentence segmenters on this corpus: Bling Fire (used by builders/automatic/segment.py) against syntok and pysbd.

Gold: every non-blank line of each raw text in corpus/raw/ is exactly one sentence (verified by hand), headlines
included. Two settings:
- per line: each line is segmented on its own, line breaks being hard boundaries, as builders/automatic/segment.py
  does (Bling Fire runs through `builders.automatic.segment.line_sentences` itself, with its pre-filter for lines that
  hold no possible boundary). A segmenter can only go wrong here by splitting a line;
- joined: each document's lines are joined by single spaces, so the segmenter must find every boundary itself,
  including after headlines, which carry no final punctuation.
Scores: a boundary is the end offset of a sentence that is not the last of its document (so the joined setting has
the same gold boundaries as the per-line one, and per-line boundaries include the line breaks). Precision, recall and
F1 of predicted against gold boundaries, summed over the five documents; "exact" counts predicted sentences whose
span equals a gold sentence's span.
Speed: the five raw texts are repeated until they hold at least 5 MB of UTF-8 (MB = 10^6 bytes) and segmented in each
setting (per line; per joined document), timed once with time.perf_counter; MB/s of input text.

Run from the project root: `python benchmarks/segmenters.py` (needs pysbd and syntok: `pip install -e ".[bench]"`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pysbd
from syntok import segmenter as syntok_segmenter

from builders.automatic import segment
from builders.corpus import read_corpus
from builders.pipeline import corpus_at
from builders.automatic.segment import TextSpan

ROOT = Path(__file__).resolve().parent.parent
SPEED_BYTES = 5_000_000

Segmenter = Callable[[str], list[TextSpan]]  # sentence spans of one chunk of text, in its offsets


def blingfire_spans(text: str) -> list[TextSpan]:
    return [TextSpan(start, end) for start, end in segment.line_sentences(text)]


def syntok_spans(text: str) -> list[TextSpan]:
    return [
        TextSpan(sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
        for paragraph in syntok_segmenter.analyze(text)
        for sentence in paragraph
    ]


_PYSBD = pysbd.Segmenter(language="en", clean=False)


def pysbd_spans(text: str) -> list[TextSpan]:
    """pysbd returns strings: each is located in `text` after the previous one (clean=False keeps them verbatim)."""
    spans, cursor = [], 0
    for sentence in _PYSBD.segment(text):
        stripped = sentence.strip()
        if not stripped:
            continue
        start = text.find(stripped, cursor)
        if start < 0:
            raise ValueError(f"pysbd returned {stripped[:40]!r}…, which is not in the text after offset {cursor}")
        spans.append(TextSpan(start, start + len(stripped)))
        cursor = start + len(stripped)
    return spans


SEGMENTERS: dict[str, Segmenter] = {"blingfire": blingfire_spans, "syntok": syntok_spans, "pysbd": pysbd_spans}


def per_line(segmenter: Segmenter, text: str, lines: Iterable[TextSpan]) -> list[TextSpan]:
    """Segment each line on its own; spans in offsets of `text`."""
    return [TextSpan(line.start + s.start, line.start + s.end) for line in lines for s in segmenter(text[line.start : line.end])]


def joined(lines: list[str]) -> tuple[str, list[TextSpan]]:
    """The lines joined by single spaces, and each line's span in the joined text (the gold sentences)."""
    spans, offset = [], 0
    for line in lines:
        spans.append(TextSpan(offset, offset + len(line)))
        offset += len(line) + 1
    return " ".join(lines), spans


class Score:
    def __init__(self) -> None:
        self.gold = self.predicted = self.correct = 0
        self.gold_sentences = self.predicted_sentences = self.exact = 0
        self.errors: list[str] = []

    def add(self, text: str, gold: list[TextSpan], predicted: list[TextSpan]) -> None:
        gold_ends = {s.end for s in gold[:-1]}
        predicted_ends = {s.end for s in predicted[:-1]}
        self.gold += len(gold_ends)
        self.predicted += len(predicted_ends)
        self.correct += len(gold_ends & predicted_ends)
        self.gold_sentences += len(gold)
        self.predicted_sentences += len(predicted)
        self.exact += len(set(gold) & set(predicted))
        for end in sorted(gold_ends ^ predicted_ends):
            kind = "missed" if end in gold_ends else "spurious"
            self.errors.append(f"{kind} boundary: …{text[max(0, end - 45) : end]}‖{text[end : end + 25]}…")

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def accuracy(documents: list[tuple[str, list[TextSpan]]]) -> dict[tuple[str, str], Score]:
    scores = {}
    for name, segmenter in SEGMENTERS.items():
        line_score, joined_score = Score(), Score()
        for text, lines in documents:
            line_score.add(text, lines, per_line(segmenter, text, lines))
            joined_text, gold = joined([text[s.start : s.end] for s in lines])
            joined_score.add(joined_text, gold, segmenter(joined_text))
        scores[(name, "per line")] = line_score
        scores[(name, "joined")] = joined_score
    return scores


def speed(documents: list[tuple[str, list[TextSpan]]]) -> tuple[float, dict[tuple[str, str], float]]:
    """MB of input and MB/s of each segmenter in each setting, on the corpus repeated to SPEED_BYTES."""
    size = sum(len(text.encode("utf-8")) for text, _ in documents)
    repeats = -(-SPEED_BYTES // size)
    mb = repeats * size / 1e6
    joined_texts = [joined([text[s.start : s.end] for s in lines])[0] for text, lines in documents] * repeats
    rates = {}
    for name, segmenter in SEGMENTERS.items():
        start = time.perf_counter()
        for _ in range(repeats):
            for text, lines in documents:
                per_line(segmenter, text, lines)
        rates[(name, "per line")] = mb / (time.perf_counter() - start)
        joined_mb = sum(len(t.encode("utf-8")) for t in joined_texts) / 1e6
        start = time.perf_counter()
        for text in joined_texts:
            segmenter(text)
        rates[(name, "joined")] = joined_mb / (time.perf_counter() - start)
    return mb, rates


def main() -> None:
    documents = [(source.text, segment.paragraphs(source.text)) for source in read_corpus(corpus_at(ROOT))]
    print(f"{len(documents)} documents, {sum(len(lines) for _, lines in documents)} gold sentences (one per non-blank line)")
    print(f"pysbd {pysbd.__version__}, language='en', clean=False; syntok.segmenter.analyze; blingfire through builders.automatic.segment.line_sentences")
    scores = accuracy(documents)
    mb, rates = speed(documents)
    print()
    print(f"| segmenter | setting | boundary precision | boundary recall | boundary F1 | exact sentences / gold / predicted | MB/s ({mb:.1f} MB) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for setting in ("per line", "joined"):
        for name in SEGMENTERS:
            s = scores[(name, setting)]
            print(
                f"| {name} | {setting} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                f"| {s.exact} / {s.gold_sentences} / {s.predicted_sentences} | {rates[(name, setting)]:.2f} |"
            )
    print()
    for (name, setting), s in scores.items():
        for error in s.errors:
            print(f"{name}, {setting}: {error}")


if __name__ == "__main__":
    main()
