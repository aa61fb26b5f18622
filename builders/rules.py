"""Cross-record rules over released records, shared by `build` (on fresh records) and `verify` (on a release).

Each check takes records paired with where they came from (`Origin`: a file and line) and returns problems;
it never raises and never prints. Rule ids are stable kebab-case names listed in docs/RULES.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, TypeVar

from builders.problems import Problem
from builders.records import Document, Sentence

R = TypeVar("R")


@dataclass(frozen=True)
class Origin:
    path: str
    line: int

    def problem(self, rule: str, message: str) -> Problem:
        return Problem(self.path, self.line, rule, message)


@dataclass(frozen=True)
class Located(Generic[R]):
    record: R
    origin: Origin


def check_unique_ids(items: Iterable[Located], what: str) -> list[Problem]:
    seen: dict[str, Origin] = {}
    problems = []
    for item in items:
        key = item.record.id
        if key in seen:
            first = seen[key]
            problems.append(item.origin.problem("duplicate-id", f"{what} id {key!r} already used at {first.path}:{first.line}, expected unique ids"))
        else:
            seen[key] = item.origin
    return problems


def check_span_text(text: str, start: int, end: int, found: str, origin: Origin, what: str) -> list[Problem]:
    """`found` must be exactly `text[start:end]`, inside the text."""
    if not 0 <= start <= end <= len(text):
        return [origin.problem("offset-out-of-bounds", f"{what} [{start}:{end}] lies outside the text of length {len(text)}, expected 0 <= start <= end <= {len(text)}")]
    if text[start:end] != found:
        return [origin.problem("span-text-mismatch", f"{what}: text[{start}:{end}] is {text[start:end]!r}, record text is {found!r}")]
    return []


def check_sentences(document: Document, sentences: Sequence[Located[Sentence]]) -> list[Problem]:
    """Sentences are in order, never overlap, carry exact text without edge whitespace, and cover all non-space text."""
    text = document.text
    problems: list[Problem] = []
    covered_until = 0
    for position, item in enumerate(sentences):
        sentence, origin = item.record, item.origin
        what = f"sentence {sentence.id}"
        if sentence.index != position:
            problems.append(origin.problem("sentence-order", f"{what} has index {sentence.index}, expected {position}"))
        span_problems = check_span_text(text, sentence.start, sentence.end, sentence.text, origin, what)
        problems.extend(span_problems)
        if span_problems:
            continue
        if not sentence.text or sentence.text != sentence.text.strip():
            problems.append(origin.problem("sentence-edge-whitespace", f"{what} text {sentence.text!r} is empty or has leading/trailing whitespace, expected stripped text"))
        if sentence.start < covered_until:
            problems.append(origin.problem("sentence-overlap", f"{what} starts at {sentence.start}, before the previous sentence ends at {covered_until}, expected no overlap"))
        gap = text[covered_until : sentence.start]
        if gap.strip():
            problems.append(origin.problem("sentence-coverage-gap", f"text[{covered_until}:{sentence.start}] = {gap.strip()!r} is in no sentence, expected every non-whitespace character covered"))
        covered_until = max(covered_until, sentence.end)
    tail = text[covered_until:]
    if tail.strip():
        where = sentences[-1].origin if sentences else Origin(document.file, 1)
        problems.append(where.problem("sentence-coverage-gap", f"text[{covered_until}:] = {tail.strip()[:40]!r} is in no sentence, expected every non-whitespace character covered"))
    return problems


def sentence_containing(sentences: Sequence[Sentence], start: int, end: int) -> Sentence | None:
    """The sentence whose span contains [start, end), if any (sentences are sorted and disjoint)."""
    for sentence in sentences:
        if sentence.start <= start and end <= sentence.end:
            return sentence
        if sentence.start > start:
            break
    return None


_PAIRS = {"”": "“", "’": "‘", '"': '"', ")": "("}
_ABBREVIATION = re.compile(r"(?:^|\W)(?:[A-Za-z]\.){2,}$")  # "U.S.", "U.K.": the full stop belongs to the span


def _edge_allowed_at_end(quote: str) -> bool:
    """The trailing punctuation GUIDELINES 0.1 and 1.3 allow: a percent sign, an abbreviation's full stop, a closing
    mark whose opening mark is inside the span."""
    last = quote[-1]
    if last == "%":
        return True
    if last == ".":
        return bool(_ABBREVIATION.search(quote))
    if last in _PAIRS:
        opening = _PAIRS[last]
        return quote.count(last) % 2 == 0 if opening == last else opening in quote[:-1]
    return False


def _is_edge(character: str) -> bool:
    return character.isspace() or unicodedata.category(character).startswith("P")


def edge_problem(quote: str) -> str | None:
    """Why the span's first or last character may not be there, or None."""
    if _is_edge(quote[0]):
        return f"starts with {quote[0]!r}"
    if _is_edge(quote[-1]) and not _edge_allowed_at_end(quote):
        return f"ends with {quote[-1]!r}"
    return None


def inside_word(text: str, start: int, end: int) -> str | None:
    """Where the span [start, end) cuts a word in two ("Thursda" of "Thursday"), or None."""
    if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        return f"starts inside the word at {start} ({text[max(0, start - 10):start]!r} precedes it)"
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        return f"ends inside the word at {end} ({text[end:end + 10]!r} follows it)"
    return None


def nearest_occurrence(text: str, quote: str, start: int) -> int | None:
    """Offset of the occurrence of `quote` in `text` closest to `start`, or None."""
    best, position = None, text.find(quote)
    while position != -1:
        if best is None or abs(position - start) < abs(best - start):
            best = position
        position = text.find(quote, position + 1)
    return best


def check_anchor(text: str, quote: str, start: int, origin: Origin, what: str, edges: bool = True) -> list[Problem]:
    """An annotation's quote is exactly the text at its start offset; with `edges`, it also starts and ends on word
    boundaries and has no edge whitespace or punctuation other than what the guidelines allow (see `edge_problem`)."""
    end = start + len(quote)
    if end > len(text) or text[start:end] != quote:
        nearest = nearest_occurrence(text, quote, start)
        where = f"the quote occurs at start={nearest} (line {text.count(chr(10), 0, nearest) + 1})" if nearest is not None else "the quote occurs nowhere in the text"
        return [origin.problem("quote-mismatch", f"{what}: text[{start}:{end}] is {text[start:end]!r}, quote is {quote!r}; {where}")]
    if not edges:
        return []
    edge = edge_problem(quote)
    if edge:
        return [origin.problem("span-edge", f"{what}: quote {quote!r} {edge}, expected no edge whitespace or punctuation (a trailing %, an abbreviation's full stop or a closing mark opened in the span excepted)")]
    cut = inside_word(text, start, end)
    if cut:
        return [origin.problem("span-inside-word", f"{what}: quote {quote!r} {cut}, expected a span of whole words")]
    return []


def check_nesting(spans: Sequence[tuple[int, int, Origin, str]]) -> list[Problem]:
    """Spans may nest but never cross, and the same span never appears twice. Items: (start, end, origin, label)."""
    problems = []
    ordered = sorted(spans, key=lambda item: (item[0], -item[1]))
    open_spans: list[tuple[int, int, Origin, str]] = []
    for item in ordered:
        start, end, origin, label = item
        open_spans = [other for other in open_spans if other[1] > start]
        for other in open_spans:
            if (other[0], other[1]) == (start, end):
                problems.append(origin.problem("mention-duplicate", f"{label} [{start}:{end}] repeats the span of {other[3]} at line {other[2].line}, expected each span once"))
            elif end > other[1]:
                problems.append(origin.problem("mention-crossing", f"{label} [{start}:{end}] crosses {other[3]} [{other[0]}:{other[1]}], expected nested or disjoint spans"))
        open_spans.append(item)
    return problems
