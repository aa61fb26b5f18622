"""The segmenter gives exactly the sentences every gold annotation is anchored to."""

from __future__ import annotations

from pathlib import Path

import yaml

from builders.automatic import segment
from builders.corpus import read_corpus
from builders.paths import ANNOTATIONS_DIR
from builders.pipeline import corpus_at

PROJECT = Path(__file__).resolve().parent.parent


def test_sentences_of_every_gold_document_are_the_annotated_ones():
    """The check-worthiness labels quote every sentence of a document by index: the segmenter must reproduce them all."""
    compared = 0
    for source in read_corpus(corpus_at(PROJECT)):
        labels = PROJECT / "corpus" / ANNOTATIONS_DIR / "claims" / f"{source.id}.yaml"
        if not labels.is_file():
            continue
        annotated = [item["text"] for item in yaml.safe_load(labels.read_text(encoding="utf-8"))["sentences"]]
        found = [source.text[s.start : s.end] for p in segment.paragraphs(source.text) for s in segment.sentences_in(source.text, p)]
        assert found == annotated, source.id
        compared += len(found)
    assert compared >= 100  # every gold document was compared (107 sentences in the five of release 1.0.0)


def test_a_line_with_several_sentences_is_split_exactly():
    text = "Headline without stop\nMr. Smith left. He said “No.” Then the U.S. team arrived! Did it?\n"
    spans = [text[s.start : s.end] for p in segment.paragraphs(text) for s in segment.sentences_in(text, p)]
    assert spans == ["Headline without stop", "Mr. Smith left.", "He said “No.”", "Then the U.S. team arrived!", "Did it?"]
