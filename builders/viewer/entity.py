"""What one entity page shows: every mention of it, in every document, in its sentence."""

from __future__ import annotations

from markupsafe import Markup

from builders.viewer.data import Release
from builders.viewer.markup import Span, highlight


def entity_page(release: Release, entity: dict, mentions: list[dict], total: int, documents_in_all: int, page_count: int) -> dict:
    """The template context of one page of an entity: `mentions` are those of this page's documents, sorted by document
    and offset, of `total` mentions in `documents_in_all` documents over `page_count` pages."""
    rows = []
    for mention in mentions:
        sentence = release.one("sentences", mention.get("sentence_id")) or {}
        text, start = sentence.get("text", mention.get("text", "")), sentence.get("start", mention.get("start", 0))
        mark = Span(mention["start"], mention["end"], 0, "mention-here")
        rows.append({"mention": mention, "sentence": sentence, "context": highlight(text, start, [mark])})
    documents = {}
    for row in rows:
        documents.setdefault(row["mention"]["document_id"], []).append(row)
    return {
        "entity": entity,
        "documents": [(release.one("documents", doc_id) or {"id": doc_id}, documents[doc_id]) for doc_id in sorted(documents)],
        "mention_count": total,
        "document_count": documents_in_all,
        "page_count": page_count,
        "wikidata": Markup('<a class="external" href="https://www.wikidata.org/wiki/{0}" rel="noopener noreferrer">{0}</a>').format(entity["wikidata"])
        if str(entity.get("wikidata") or "").startswith("Q") and str(entity["wikidata"])[1:].isdigit() else entity.get("wikidata"),
    }
