"""`hague-claims propose DOC`: write ready-to-edit annotation files for a document, every item marked proposed."""

from __future__ import annotations

from dataclasses import dataclass

from builders.corpus import Corpus, load_corpus, read_document
from builders.problems import CorpusError, Problem, raise_if_any
from builders.proposals.claims import propose_claims
from builders.proposals.files import annotation_path, render, set_status, write_text
from builders.proposals.gold import Gold, load_gold
from builders.proposals.links import propose_links
from builders.proposals.mentions import propose_mentions


@dataclass(frozen=True)
class Proposed:
    """What was proposed for one document, as annotation-file sections."""

    mentions: list[dict]
    labels: list[dict]
    claims: list[dict]
    links: dict


def proposals_for(document_id: str, text: str, gold: Gold) -> Proposed:
    """Every proposal for one document from the gold (which must not hold the document itself)."""
    sentences = gold.sentences_of(document_id)
    mentions = propose_mentions(text, sentences, gold)
    labels, claims, alignments = propose_claims(text, sentences, gold, document_id)
    links = propose_links(document_id, sentences, claims, alignments, gold)
    return Proposed(mentions, labels, claims, links)


def propose(corpus: Corpus, document_id: str, force: bool = False) -> Proposed:
    """Write the proposals of `document_id` and mark its layers `proposed`; refuses to touch a gold layer, or to
    overwrite earlier proposals unless `force`."""
    listed = {d.id: d for d in load_corpus(corpus)}
    shown = corpus.shown(corpus.root / "documents.yaml")
    if document_id not in listed:
        raise CorpusError([Problem(shown, 1, "unknown-document", f"no document {document_id!r} is listed, expected an id from {shown} (add it first: hague-claims add FILE ...)")])
    document = listed[document_id]
    status = document.entry.annotation
    if "gold" in (status.mentions, status.claims):
        raise CorpusError([Problem(shown, document.line, "proposal-over-gold", f"document {document_id} has gold annotation (mentions: {status.mentions}, claims: {status.claims}), expected a document without gold layers")])
    existing = [annotation_path(corpus.root, layer, document_id) for layer in ("mentions", "claims", "links")]
    existing = [p for p in existing if p.exists()]
    if existing and not force:
        raise CorpusError([Problem(corpus.shown(p), 1, "proposal-exists", "an annotation file already exists, expected none (pass --force to replace proposals)") for p in existing])
    source, problems = read_document(corpus, document)
    raise_if_any(problems)
    gold = load_gold(corpus)
    proposed = proposals_for(document_id, source.text, gold)
    write_text(annotation_path(corpus.root, "mentions", document_id), render(document_id, {"mentions": proposed.mentions, "non_mentions": []}))
    write_text(annotation_path(corpus.root, "claims", document_id), render(document_id, {"sentences": proposed.labels, "claims": proposed.claims}))
    write_text(annotation_path(corpus.root, "links", document_id), render(document_id, proposed.links))
    set_status(corpus.root, document_id, "mentions", "proposed")
    set_status(corpus.root, document_id, "claims", "proposed")
    return proposed
