"""The array segmenter (`builders.automatic.vector`) gives exactly the spans of the reference (`segment`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders.automatic import segment
from builders.automatic.vector import JoinedTexts
from builders.corpus import read_corpus
from builders.pipeline import corpus_at

PROJECT = Path(__file__).resolve().parent.parent

# Characters the token pattern and the boundary rule treat specially, plus pieces that combine them.
ALPHABET = list("abs S'’._,-!?…12 \u00a0\t\n\u2009\u3000xyzé²_ßĞ😀\u0301\x1c") + ["'s", "’s ", "1,000.5", "U.S. ", ". ", "? ", "Mr. Smith left. He"]


def reference(texts: list[str]) -> tuple[list, list, list, list]:
    """(text, start, end) of paragraphs and tokens, (text, paragraph, start, end) of sentences, token strings."""
    paragraphs, sentences, tokens, strings = [], [], [], []
    for number, text in enumerate(texts):
        spans, located = segment.document_sentences(text)
        paragraphs += [(number, p.start, p.end) for p in spans]
        sentences += [(number, paragraph, s.start, s.end) for paragraph, s in located]
        for match in segment.TOKEN.finditer(text):
            tokens.append((number, match.start(), match.end()))
            strings.append(match.group())
    return paragraphs, sentences, tokens, strings


def vectorised(texts: list[str]) -> tuple[list, list, list, list]:
    joined = JoinedTexts(texts)
    paragraphs = joined.paragraphs()
    sentences = joined.sentences(paragraphs)
    tokens = joined.tokens()
    base = joined.base
    first_paragraph = np.searchsorted(paragraphs.owner, np.arange(len(texts)))
    sentence_text = paragraphs.owner[sentences.owner]
    token_text = joined.text_of(tokens.start)
    assert joined.strings(sentences.start, sentences.end).to_pylist() == [joined.joined[a:b] for a, b in zip(sentences.start, sentences.end)]
    return (
        [(int(k), int(a - base[k]), int(b - base[k])) for k, a, b in zip(paragraphs.owner, paragraphs.start, paragraphs.end)],
        [(int(k), int(p - first_paragraph[k]), int(a - base[k]), int(b - base[k])) for k, p, a, b in zip(sentence_text, sentences.owner, sentences.start, sentences.end)],
        [(int(k), int(a - base[k]), int(b - base[k])) for k, a, b in zip(token_text, tokens.start, tokens.end)],
        joined.token_strings(tokens).to_pylist(),
    )


def test_the_corpus_segments_alike():
    texts = [source.text for source in read_corpus(corpus_at(PROJECT))]
    multi = [" ".join(text.split("\n")) for text in texts]  # paragraphs of several sentences, for the segmenter
    expected, found = reference(texts + multi), vectorised(texts + multi)
    assert found == expected
    assert len(expected[1]) > len(expected[0])  # the joined lines did reach the segmenter


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join), min_size=1, max_size=4))
def test_generated_texts_segment_alike(texts):
    assert vectorised(texts) == reference(texts)


def test_a_token_outside_its_sentence_is_refused():
    """Sentences that cut a token, or leave one before the first sentence, are reported (a segmenter could do it)."""
    from types import SimpleNamespace

    from builders.automatic.batch import _sentence_columns
    from builders.automatic.vector import Spans

    joined = JoinedTexts(["ab cd"])
    source = SimpleNamespace(entry=SimpleNamespace(id="0123456789abcdef", headline=False), text="ab cd")
    paragraphs = joined.paragraphs()
    cut = Spans(np.array([0, 4]), np.array([4, 5]), np.array([0, 0]))  # "ab c" | "d"
    late = Spans(np.array([3]), np.array([5]), np.array([0]))  # "cd" only: "ab" is in no sentence
    whole = Spans(np.array([0]), np.array([5]), np.array([0]))
    assert _sentence_columns([source], joined, paragraphs, cut)[1] == "token 'cd' lies in no one sentence, expected every token inside a sentence"
    assert _sentence_columns([source], joined, paragraphs, late)[1] == "token 'ab' lies in no one sentence, expected every token inside a sentence"
    columns, failure = _sentence_columns([source], joined, paragraphs, whole)
    assert failure is None and columns["tokens"].to_pylist() == [["ab", "cd"]]
