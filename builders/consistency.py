"""Cross-record rules over a whole release, as `verify` reads it back (the build runs the same rules per layer)."""

from __future__ import annotations

from collections import defaultdict

from builders.annotated.claims import ARTICLE, UNSPECIFIED
from builders.problems import Problem
from builders.rules import Located, check_sentences, check_span_text, check_unique_ids


def _ids(records: dict[str, list[Located]], config: str) -> dict:
    return {item.record.id: item.record for item in records.get(config, [])}


def _require(item: Located, value: str, known: dict | set, rule: str, what: str) -> list[Problem]:
    if value in known:
        return []
    return [item.origin.problem(rule, f"{item.record.id} names {what} {value!r}, expected a released {what} id")]


def check_release_records(records: dict[str, list[Located]]) -> list[Problem]:
    problems: list[Problem] = []
    for config, items in records.items():
        problems.extend(check_unique_ids(items, config))
    documents = _ids(records, "documents")
    sentences = _ids(records, "sentences")
    entities = _ids(records, "entities")
    facts = _ids(records, "facts")
    claims = _ids(records, "claims")

    sentences_by_document: dict[str, list[Located]] = defaultdict(list)
    for item in records.get("sentences", []):
        problems += _require(item, item.record.document_id, documents, "unknown-document", "document")
        sentences_by_document[item.record.document_id].append(item)
    for document_id, document in documents.items():
        problems.extend(check_sentences(document, sorted(sentences_by_document[document_id], key=lambda item: item.record.index)))

    for config in ("mentions", "claims"):
        for item in records.get(config, []):
            record = item.record
            problems += _require(item, record.document_id, documents, "unknown-document", "document")
            problems += _require(item, record.sentence_id, sentences, "unknown-sentence", "sentence")
            if record.document_id not in documents or record.sentence_id not in sentences:
                continue
            if sentences[record.sentence_id].document_id != record.document_id:
                problems.append(item.origin.problem("unknown-sentence", f"{record.id} names sentence {record.sentence_id} of another document, expected a sentence of {record.document_id}"))
                continue
            problems += check_span_text(documents[record.document_id].text, record.start, record.end, record.text, item.origin, f"{config[:-1]} {record.id}")
            sentence = sentences[record.sentence_id]
            if not (sentence.start <= record.start and record.end <= sentence.end):
                problems.append(item.origin.problem(f"{config[:-1]}-outside-sentence", f"{record.id} [{record.start}:{record.end}] is outside sentence {sentence.id}, expected it inside"))
    for item in records.get("mentions", []):
        problems += _require(item, item.record.entity_id, entities, "unknown-entity", "entity")
    for item in records.get("claims", []):
        for fact in item.record.evidence:
            problems += _require(item, fact, facts, "unknown-fact", "fact")
        if item.record.source not in (ARTICLE, UNSPECIFIED):
            problems += _require(item, item.record.source, entities, "unknown-source", "entity")
    for config in ("ner", "checkworthiness"):
        for item in records.get(config, []):
            problems += _require(item, item.record.id, sentences, "unknown-sentence", "sentence")
    for item in records.get("ner", []):
        text = documents[item.record.document_id].text if item.record.document_id in documents else ""
        for token, start, end in zip(item.record.tokens, item.record.token_starts, item.record.token_ends):
            problems += check_span_text(text, start, end, token, item.origin, f"token of {item.record.id}")
    for item in records.get("clusters", []):
        for claim in item.record.claim_ids:
            problems += _require(item, claim, claims, "unknown-claim", "claim")
    clusters = _ids(records, "clusters")
    for config, ends in (("claim_links", ("source_claim", "target_claim", "source_document", "target_document")), ("claim_pairs", ("claim1", "claim2", "document1", "document2"))):
        for item in records.get(config, []):
            first, second, first_document, second_document = (getattr(item.record, end) for end in ends)
            problems += _require(item, first, claims, "unknown-claim", "claim") + _require(item, second, claims, "unknown-claim", "claim")
            if item.record.cluster_id is not None:
                problems += _require(item, item.record.cluster_id, clusters, "unknown-claim", "cluster")
            if first not in claims or second not in claims:
                continue
            if claims[first].document_id == claims[second].document_id:
                problems.append(item.origin.problem("link-within-document", f"{item.record.id} joins two claims of document {claims[first].document_id}, expected different documents"))
            if (claims[first].document_id, claims[second].document_id) != (first_document, second_document):
                problems.append(item.origin.problem("span-text-mismatch", f"{item.record.id} names documents {first_document}, {second_document}, its claims are in {claims[first].document_id}, {claims[second].document_id}"))
            if config == "claim_pairs" and (item.record.text1, item.record.text2) != (claims[first].text, claims[second].text):
                problems.append(item.origin.problem("span-text-mismatch", f"{item.record.id} texts differ from its claims' texts, expected text1/text2 = the claims' text"))
    return problems
