"""Cross-record rules over a whole release, as `verify` reads it back (the build runs the same rules per layer)."""

from __future__ import annotations

from collections import defaultdict

from builders.problems import Problem
from builders.rules import Located, check_sentences, check_unique_ids


def check_release_records(records: dict[str, list[Located]]) -> list[Problem]:
    problems: list[Problem] = []
    for config, items in records.items():
        problems.extend(check_unique_ids(items, config))
    documents = {item.record.id: item.record for item in records.get("documents", [])}
    sentences_by_document: dict[str, list[Located]] = defaultdict(list)
    for item in records.get("sentences", []):
        if item.record.document_id not in documents:
            problems.append(item.origin.problem("unknown-document", f"sentence {item.record.id} names document {item.record.document_id!r}, expected a released document id"))
            continue
        sentences_by_document[item.record.document_id].append(item)
    for document_id, document in documents.items():
        sentences = sorted(sentences_by_document[document_id], key=lambda item: item.record.index)
        problems.extend(check_sentences(document, sentences))
    return problems
