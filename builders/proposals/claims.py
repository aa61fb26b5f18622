"""Proposed check-worthiness labels and claims for one document, projected from the gold sentences it restates.

Each sentence is aligned with the most similar gold sentence of another document (token-level `difflib` ratio over
the best candidates by shared words). Above `MIN_SIMILARITY` the sentence takes that sentence's label, and each of
its claims is projected through the token alignment: span, type, attribution (the cue where the same words occur),
time (where the same time expression occurs), and the verdict with its evidence (to be checked: a re-wording can
change what is claimed). Every proposal carries its source and similarity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from builders.automatic.candidates import document_of
from builders.proposals.gold import Gold

MIN_SIMILARITY = 0.4  # chosen by the leave-one-out figures (docs/proposals.md): label accuracy 0.86, claim precision 0.92
SHORTLIST = 25
_TRIM = " \t,;:.!?-–—"


@dataclass(frozen=True)
class Alignment:
    sentence_id: str
    source_id: str | None
    similarity: float


def normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _words(sentence: dict) -> list[str]:
    return [token.lower() for token in sentence["tokens"]]


class SentenceIndex:
    """Gold sentences of other documents, shortlisted by shared words, then ranked by alignment ratio."""

    def __init__(self, gold: Gold, exclude_document: str):
        self.gold = gold
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for sentence_id in gold.labels:
            if document_of(sentence_id) != exclude_document:
                for word in set(_words(gold.sentences[sentence_id])):
                    self.by_word[word].add(sentence_id)

    def best(self, sentence: dict) -> Alignment:
        words = _words(sentence)
        shared = Counter(s for word in set(words) for s in self.by_word.get(word, ()))
        best_id, best_ratio = None, 0.0
        for candidate, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:SHORTLIST]:
            ratio = SequenceMatcher(None, words, _words(self.gold.sentences[candidate]), autojunk=False).ratio()
            if ratio > best_ratio or (ratio == best_ratio and best_id is not None and candidate < best_id):
                best_id, best_ratio = candidate, ratio
        return Alignment(sentence["id"], best_id, round(best_ratio, 4))


def _token_map(source: dict, target: dict) -> dict[int, int]:
    """Source token index -> target token index, over the blocks the two sentences share."""
    mapping = {}
    for block in SequenceMatcher(None, _words(source), _words(target), autojunk=False).get_matching_blocks():
        for offset in range(block.size):
            mapping[block.a + offset] = block.b + offset
    return mapping


def _project(source: dict, target: dict, start: int, end: int, mapping: dict[int, int]) -> tuple[int, int] | None:
    """The target span covering the source span's aligned tokens; None when under half of the span's tokens align."""
    inside = [i for i, (s, e) in enumerate(zip(source["token_starts"], source["token_ends"])) if s >= start and e <= end]
    aligned = [mapping[i] for i in inside if i in mapping]
    if not inside or len(aligned) * 2 < len(inside):
        return None
    first, last = min(aligned), max(aligned)
    new_start, new_end = target["token_starts"][first], target["token_ends"][last]
    return new_start, new_end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _find_in(text: str, sentence: dict, quote: str | None, outside: tuple[int, int]) -> int | None:
    """Start of `quote` in the sentence, outside the claim span when it can be, else None."""
    if not quote:
        return None
    starts = [m.start() for m in re.finditer(re.escape(quote), text[sentence["start"] : sentence["end"]])]
    starts = [sentence["start"] + s for s in starts]
    clear = [s for s in starts if s + len(quote) <= outside[0] or s >= outside[1]]
    return (clear or starts or [None])[0]


def propose_claims(text: str, sentences: list[dict], gold: Gold, document_id: str) -> tuple[list[dict], list[dict], list[Alignment]]:
    """Sentence label entries, claim entries (annotation-file format, each marked proposed) and the alignments."""
    index = SentenceIndex(gold, document_id)
    labels, claims, alignments = [], [], []
    for sentence in sentences:
        alignment = index.best(sentence)
        alignments.append(alignment)
        matched = alignment.source_id is not None and alignment.similarity >= MIN_SIMILARITY
        label = gold.labels[alignment.source_id] if matched else None
        labels.append({"sentence": sentence["index"], "label": label, "text": sentence["text"], "proposed": {"by": "aligned-sentence" if matched else "unmatched", "source": alignment.source_id, "similarity": alignment.similarity}})
        if not matched:
            continue
        source = gold.sentences[alignment.source_id]
        mapping = _token_map(source, sentence)
        for claim in gold.claims_in(alignment.source_id):
            projected = _project(source, sentence, claim["start"], claim["end"], mapping)
            if projected is None:
                continue
            start, end = _trimmed(text, *projected)
            if start >= end:
                continue
            claims.append(_claim(text, sentence, claim, start, end, alignment))
    for number, claim in enumerate(sorted(claims, key=lambda c: c["start"]), start=1):
        claim["id"] = f"c{number:03d}"
    return labels, sorted(claims, key=lambda c: c["start"]), alignments


def _claim(text: str, sentence: dict, claim: dict, start: int, end: int, alignment: Alignment) -> dict:
    cue_start = _find_in(text, sentence, claim["cue"], (start, end))
    time_start = _find_in(text, sentence, claim["time_text"], (-1, -1))
    entry = {
        "id": None,
        "quote": text[start:end],
        "start": start,
        "type": claim["claim_type"],
        "source": claim["source"],
        "cue": {"quote": claim["cue"], "start": cue_start} if claim["cue"] and cue_start is not None else None,
        "veracity": claim["veracity"],
        "evidence": list(claim["evidence"]),
        "looked_for": claim["looked_for"],
        "time": {"quote": claim["time_text"], "start": time_start, "value": claim["time_value"]} if claim["time_text"] and time_start is not None else None,
        "rationale": claim["rationale"],
    }
    if "statement" in claim:
        entry["statement"] = claim["statement"]
    same = normalised(text[start:end]) == normalised(claim["text"])
    entry["proposed"] = {"by": "projected-identical" if same else "projected", "source": claim["id"], "similarity": alignment.similarity}
    return entry
