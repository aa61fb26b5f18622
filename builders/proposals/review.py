"""`hague-claims review DOC`: accept proposals in bulk or one by one, and report what is left to decide.

An item is accepted by removing its `proposed` marker; an item with an open value (a `null` label, relation or
decision) cannot be accepted until a person fills it in. A layer becomes gold once nothing in it is proposed or
open (the `claims` status covers the document's claims file and its links file).

Item ids: mentions `m<start>`, sentence labels `s<index>`, claims `c<NNN>`, joins `join:<claim id>`, relations
`rel:<a>--<b>`, reviews `rev:<a>--<b>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builders.corpus import Corpus, load_corpus
from builders.problems import CorpusError, Problem
from builders.proposals.files import annotation_path, render, set_status, write_text
from builders.yamlio import load_yaml

SECTIONS = {"mentions": ("mentions", "non_mentions"), "claims": ("sentences", "claims"), "links": ("clusters", "joins", "relations", "unique", "reviews", "open")}
REQUIRED = {
    "mentions": ("quote", "start", "entity", "type", "kind"),
    "sentences": ("label",),
    "claims": ("quote", "start", "type", "source", "veracity", "rationale"),
    "joins": ("claim", "cluster"),
    "relations": ("relation",),
    "reviews": ("decision", "reason"),
}


def item_id(section: str, item: dict) -> str:
    return {
        "mentions": lambda: f"m{item.get('start')}",
        "sentences": lambda: f"s{item.get('sentence')}",
        "claims": lambda: str(item.get("id")),
        "joins": lambda: f"join:{item.get('claim')}",
        "relations": lambda: f"rel:{item.get('a')}--{item.get('b')}",
        "reviews": lambda: f"rev:{item.get('a')}--{item.get('b')}",
    }.get(section, lambda: f"{section}:{item.get('claim', '?')}")()


@dataclass
class Review:
    accepted: int = 0
    left: list[str] = field(default_factory=list)  # "<layer> <item id>: why it is left"
    gold_layers: list[str] = field(default_factory=list)


def review(corpus: Corpus, document_id: str, accept_all: bool = False, accept: tuple[str, ...] = ()) -> Review:
    """Accept the chosen proposals of one document; mark each layer gold once nothing in it is left."""
    listed = {d.id: d for d in load_corpus(corpus)}
    if document_id not in listed:
        shown = corpus.shown(corpus.root / "documents.yaml")
        raise CorpusError([Problem(shown, 1, "unknown-document", f"no document {document_id!r} is listed, expected an id from {shown}")])
    result = Review()
    wanted = set(accept)
    seen: set[str] = set()
    left_by_layer: dict[str, int] = {}
    writes: list[tuple] = []
    for layer, sections in SECTIONS.items():
        path = annotation_path(corpus.root, layer, document_id)
        if not path.is_file():
            continue
        data = load_yaml(path, corpus.shown(path)) or {}
        rewritten: dict[str, list[dict]] = {}
        left_before = len(result.left)
        for section in sections:
            items = [dict(item) for item in data.get(section) or []]
            if section == "open":
                result.left.extend(f"{layer} open {item.get('claim')}: {item.get('note')}" for item in items)
                if items:
                    rewritten[section] = items
                continue
            for item in items:
                if "proposed" not in item:
                    continue
                name = item_id(section, item)
                seen.add(name)
                missing = [key for key in REQUIRED.get(section, ()) if item.get(key) is None]
                if accept_all or name in wanted:
                    if missing:
                        result.left.append(f"{layer} {name}: {', '.join(missing)} is open, expected a value")
                    else:
                        del item["proposed"]
                        result.accepted += 1
                else:
                    result.left.append(f"{layer} {name}: proposed ({item['proposed'].get('by')}), not yet accepted")
            rewritten[section] = items
        left_by_layer[layer] = len(result.left) - left_before
        writes.append((path, render(document_id, rewritten)))
    unknown = sorted(wanted - seen)
    if unknown:  # refuse before writing anything
        raise CorpusError([Problem(corpus.shown(annotation_path(corpus.root, "claims", document_id)), 1, "unknown-proposal", f"no proposed item {name!r}, expected an id from the review report") for name in unknown])
    for path, text in writes:
        write_text(path, text)
    if left_by_layer.get("mentions") == 0 and annotation_path(corpus.root, "mentions", document_id).is_file():
        set_status(corpus.root, document_id, "mentions", "gold")
        result.gold_layers.append("mentions")
    if left_by_layer.get("claims") == 0 and left_by_layer.get("links", 0) == 0 and annotation_path(corpus.root, "claims", document_id).is_file():
        _drop_empty_open(corpus, document_id)
        set_status(corpus.root, document_id, "claims", "gold")
        result.gold_layers.append("claims")
    return result


def _drop_empty_open(corpus: Corpus, document_id: str) -> None:
    """A gold links file has only the sections the build reads."""
    path = annotation_path(corpus.root, "links", document_id)
    if path.is_file():
        data = load_yaml(path, corpus.shown(path)) or {}
        write_text(path, render(document_id, {s: [dict(i) for i in data.get(s) or []] for s in SECTIONS["links"] if s != "open"}))
