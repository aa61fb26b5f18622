"""What one document page shows: its sentences with mentions, claims, cues and time expressions highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from builders.viewer.data import Release
from builders.viewer.markup import Span, highlight, slug

LAYERS = ("mentions", "claims", "checkworthiness")
# claim fields the page lays out itself; any other field a release adds is listed under "other fields"
CLAIM_FIELDS = {
    "id", "document_id", "sentence_id", "start", "end", "text", "claim_type", "checkworthiness", "source", "cue",
    "cue_start", "cue_end", "veracity", "evidence", "looked_for", "time_text", "time_start", "time_end", "time_value",
    "rationale", "statement", "split",
}


def css_name(label) -> str:
    return "".join(c if c.isalnum() or c == "-" else "_" for c in str(label))


@dataclass
class SentenceView:
    row: dict
    markup: Markup
    checkworthiness: str | None
    claims: list[dict]


def mention_span(mention: dict, entity: dict | None) -> Span:
    name = entity["name"] if entity else mention.get("entity_id", "")
    title = f"{mention.get('type')} · {name} ({mention.get('kind')}{', metonymy' if mention.get('metonymy') else ''})"
    return Span(
        mention["start"], mention["end"], 2, f"mention type-{css_name(mention.get('type'))}",
        {"data-mention": mention["id"], "data-entity": str(mention.get("entity_id")), "title": title},
        suffix=Markup('<span class="tag">{}</span>').format(mention.get("type")),
    )


def claim_spans(claim: dict) -> list[Span]:
    anchor = "claim-" + slug(claim["id"])
    button = Markup('<button type="button" class="claim-tag" aria-controls="{}" aria-expanded="false">{} · {}</button>').format(
        anchor, claim["id"].rsplit("-", 1)[-1], claim.get("veracity"))
    spans = [Span(claim["start"], claim["end"], 1, f"claim veracity-{css_name(claim.get('veracity'))}",
                  {"data-claim": claim["id"], "data-target": anchor,
                   "title": f"claim {claim['id']}: {claim.get('veracity')}; {claim.get('claim_type')}; source: {claim.get('source')}"},
                  prefix=button)]
    if claim.get("cue_start") is not None and claim.get("cue_end") is not None:
        spans.append(Span(claim["cue_start"], claim["cue_end"], 3, "cue", {"title": "attribution cue"}))
    if claim.get("time_start") is not None and claim.get("time_end") is not None:
        spans.append(Span(claim["time_start"], claim["time_end"], 3, "time", {"title": f"time: {claim.get('time_value')}"}))
    return spans


def released_status(document: dict) -> dict[str, str]:
    """The document's own per-layer status columns (`<layer>_status`), when the release has them."""
    return {key.removesuffix("_status"): str(value) for key, value in sorted(document.items()) if key.endswith("_status") and value is not None}


def annotation_status(counts: dict[str, int], document: dict) -> list[tuple[str, str]]:
    """(layer, status) pairs: the release's status per layer and, for every layer, how many rows it has here."""
    rows = [(layer, f"{counts.get(layer, 0)} rows") for layer in LAYERS]
    return [(f"{layer} status", value) for layer, value in released_status(document).items()] + rows


def overall_status(counts: dict[str, int], document: dict) -> str:
    """"annotated", "not annotated" or "partly annotated: <layers>", from the release's status columns when it has
    them (a layer counts once it is gold), else from which layers have rows for the document."""
    status = released_status(document)
    done = [layer for layer, value in status.items() if value == "gold"] if status else [layer for layer in LAYERS if counts.get(layer)]
    everything = list(status) if status else list(LAYERS)
    if not done:
        return "not annotated"
    return "annotated" if len(done) == len(everything) else "partly annotated: " + ", ".join(done)


def document_page(release: Release, document: dict, cluster_of: dict[str, str]) -> dict:
    """The template context of one document page."""
    doc_id = document["id"]
    sentences = release["sentences"].group(doc_id)
    mentions = release["mentions"].group(doc_id)
    claims = release["claims"].group(doc_id)
    labels = {row["id"]: row.get("label") for row in release["checkworthiness"].group(doc_id)}
    counts = {"mentions": len(mentions), "claims": len(claims), "checkworthiness": len(labels)}
    entities = {m.get("entity_id"): release.one("entities", m.get("entity_id")) for m in mentions}
    spans = [mention_span(m, entities.get(m.get("entity_id"))) for m in mentions]
    for claim in claims:
        spans.extend(claim_spans(claim))
    views = []
    for sentence in sentences:
        end = sentence["start"] + len(sentence["text"])
        inside = [s for s in spans if s.start < end and s.end > sentence["start"]]
        views.append(SentenceView(
            sentence, highlight(sentence["text"], sentence["start"], inside), labels.get(sentence["id"]),
            [claim_view(release, c, cluster_of) for c in claims if c.get("sentence_id") == sentence["id"]],
        ))
    per_entity: dict[str, int] = {}
    for mention in mentions:
        per_entity[mention.get("entity_id")] = per_entity.get(mention.get("entity_id"), 0) + 1
    return {
        "document": document,
        "sentences": views,
        "mention_count": len(mentions),
        "claim_count": len(claims),
        "status": annotation_status(counts, document),
        "overall_status": overall_status(counts, document),
        "entities": [(entity_id, entities.get(entity_id), n) for entity_id, n in sorted(per_entity.items(), key=lambda kv: str(kv[0]))],
        "clusters": sorted({cluster_of[c["id"]] for c in claims if c["id"] in cluster_of}),
        "entity_types": sorted({str(m.get("type")) for m in mentions}),
        "veracities": release["claims"].labels.get("veracity", []),
        "checkworthiness_labels": release["checkworthiness"].labels.get("label", []),
    }


def claim_view(release: Release, claim: dict, cluster_of: dict[str, str]) -> dict:
    """A claim with its evidence facts and attributed source resolved, for the claim's details panel."""
    source = claim.get("source")
    return {
        "claim": claim,
        "anchor": "claim-" + slug(claim["id"]),
        "facts": [(fact_id, release.one("facts", fact_id)) for fact_id in claim.get("evidence") or []],
        "source_entity": release.one("entities", source) if source not in (None, "article", "unspecified") else None,
        "cluster": cluster_of.get(claim["id"]),
        "other": [(k, v) for k, v in sorted(claim.items()) if k not in CLAIM_FIELDS and v not in (None, [], "")],
    }
