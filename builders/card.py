"""The dataset card (CARD.md, and the body of the release README), generated from the built data.

Every number in the card is computed here from the released records, the corpus files or the agreement and
baseline runs; none is typed. Prose that does not depend on the data lives in the templates below.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import yaml

from builders.agreement import Scores, all_agreement
from builders.automatic.candidates import THRESHOLD, candidate_pairs
from builders.configs import CONFIGS, DEFAULT_CONFIG
from builders.layer import ClaimSummary
from builders.annotated.links import linked_sentence_pairs, unrelated_claim_pairs
from builders.records import CheckWorthiness, ClaimType, Veracity
from builders.version import VERSION


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|").replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def citation(project: Path) -> dict:
    """The project's CITATION.cff, the one source of citation metadata (the card's BibTeX, the release copy)."""
    from builders.problems import CorpusError, Problem

    path = project / "CITATION.cff"
    if not path.is_file():
        raise CorpusError([Problem("CITATION.cff", 1, "file-missing", f"no CITATION.cff in {project}, expected the citation metadata")])
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def bibtex(project: Path) -> str:
    cff = citation(project)
    authors = " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    return "\n".join(
        [
            f"@misc{{hague_claims_{cff['version'].replace('.', '_')},",
            f"  title = {{{cff['title']}}},",
            f"  author = {{{{{authors}}}}},",
            f"  year = {{{year}}},",
            f"  version = {{{cff['version']}}},",
            f"  note = {{Dataset, released {cff['date-released']}; annotations {cff['license']}, texts belong to their publishers}},",
            "}",
        ]
    )


def _field_type(feature) -> str:
    from datasets import ClassLabel, List, Value

    if isinstance(feature, ClassLabel):
        return f"ClassLabel ({', '.join(feature.names)})"
    if isinstance(feature, List):
        return f"list of {_field_type(feature.feature)}"
    if isinstance(feature, dict):
        return "struct {" + ", ".join(f"{k}: {_field_type(v)}" for k, v in feature.items()) + "}"
    if isinstance(feature, Value):
        return feature.dtype
    return type(feature).__name__


def structure(rows: dict[str, dict[str, int]]) -> str:
    out = [
        "Each config is one Parquet file per split under `data/<config>/`, declared in the YAML header, and is also",
        "saved with `save_to_disk` under `disk/<config>/`. Label fields are `ClassLabel`s (integers; names below).",
        "",
        _table(
            ["config", "one row per", "splits (rows)"],
            [[f"`{name}`" + (" (default)" if name == DEFAULT_CONFIG else ""), config.description, ", ".join(f"{s} {n}" for s, n in rows.get(name, {}).items()) or "no rows"] for name, config in CONFIGS.items()],
        ),
    ]
    from builders.features import features_of

    for name, config in CONFIGS.items():
        features = features_of(config.model)
        out += ["", f"### `{name}`", "", (config.model.__doc__ or "").strip(), ""]
        out.append(
            _table(
                ["field", "type", "description"],
                [[f"`{field}`", _field_type(features[field]), info.description or ""] for field, info in config.model.model_fields.items()],
            )
        )
    return "\n".join(out)


def documents_table(records) -> str:
    per_doc = Counter()
    for config in ("sentences", "mentions", "claims"):
        for row in records[config]:
            per_doc[(row["document_id"], config)] += 1
    return _table(
        ["document", "publisher", "published", "split", "headline", "sentences", "mentions", "claims", "source address"],
        [
            [f"`{d['id']}`", d["publisher"], d["published"] + (" (inferred)" if d["date_source"] == "inferred" else ""), d["_split"], "yes" if d["headline"] else "no", per_doc[(d["id"], "sentences")], per_doc[(d["id"], "mentions")], per_doc[(d["id"], "claims")], d["url"]]
            for d in records["documents"]
        ],
    )


def per_document_labels(records, config: str, field: str, labels: list[str]) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in records[config]:
        counts[row["document_id"]][row[field]] += 1
    documents = [d["id"] for d in records["documents"]]
    total = Counter()
    for document in documents:
        total.update(counts[document])
    rows = [[f"`{d}`"] + [counts[d][label] for label in labels] + [sum(counts[d].values())] for d in documents]
    rows.append(["**all**"] + [total[label] for label in labels] + [sum(total.values())])
    return _table(["document"] + labels + ["total"], rows)


def refuted_table(records) -> str:
    facts = {f["id"]: f for f in records["facts"]}
    refuted = [c for c in records["claims"] if c["veracity"] == Veracity.REFUTED.value]
    return _table(
        ["claim", "text", "source", "why", "evidence (fact: statement, source)"],
        [[f"`{c['id']}`", c["text"], c["source"], c["rationale"], "; ".join(f"`{e}`: {facts[e]['statement']} ({facts[e]['source_url']})" for e in c["evidence"])] for c in refuted],
    )


def drift_section(records) -> str:
    claims = {c["id"]: c for c in records["claims"]}
    links_by_cluster = defaultdict(list)
    for link in records["claim_links"]:
        links_by_cluster[link["cluster_id"]].append(link)
    out = []
    for cluster in sorted(records["clusters"], key=lambda c: (-len(c["document_ids"]), c["id"])):
        links = links_by_cluster[cluster["id"]]
        relations = Counter(link["relation"] for link in links)
        out += [f"**`{cluster['id']}`** — {cluster['statement']}", ""]
        out.append(f"Documents: {', '.join(f'`{d}`' for d in cluster['document_ids'])}; relations: " + (", ".join(f"{k} {v}" for k, v in sorted(relations.items())) or "none"))
        out.append("")
        for member in cluster["claim_ids"]:
            out.append(f"- `{member}`: “{claims[member]['text']}” ({claims[member]['veracity']})")
        conflicts = [link for link in links if link["relation"] == "conflicting"]
        for link in conflicts:
            out.append(f"- conflict: `{link['source_claim']}` ↔ `{link['target_claim']}`")
        out.append("")
    return "\n".join(out)


def agreement_section(scores: dict[str, Scores]) -> str:
    rows = []
    for layer, layer_scores in scores.items():
        for name, value in layer_scores.values.items():
            rows.append([layer, name, f"{value:.3f}", layer_scores.n[name]])
    return _table(["layer", "measure", "value", "n"], rows) if rows else "No second pass is present."


def candidate_figures(records) -> dict[str, float]:
    sentences = {s["id"]: s["text"] for s in records["sentences"]}
    candidates = candidate_pairs(sentences)
    claims = claim_summaries(records)
    linked = linked_sentence_pairs([claims[m] for m in cluster["claim_ids"]] for cluster in records["clusters"])
    candidate_keys = {(c.a, c.b) for c in candidates}
    recalled = len(candidate_keys & linked)  # a linked pair scoring at least the threshold is a candidate
    return {
        "threshold": THRESHOLD,
        "candidates": len(candidates),
        "linked candidates": len(candidate_keys & linked),
        "reviewed, not linked": len(candidate_keys - linked),
        "linked sentence pairs": len(linked),
        "recall of the threshold on linked sentence pairs": round(recalled / len(linked), 3) if linked else 0.0,
    }


def unrelated_pair_counts(project: Path, records) -> tuple[int, int]:
    """Unrelated claim pairs the reviewed-not-linked candidates yield, and how many straddle a split boundary."""
    links = yaml.safe_load((project / "corpus" / "links.yaml").read_text(encoding="utf-8"))
    not_linked = {tuple(sorted((r["a"], r["b"]))) for r in links.get("reviews") or [] if r["decision"] == "not-linked"}
    split_of_cluster = {link["cluster_id"]: link["_split"] for link in records["claim_links"]}
    cluster_of = {member: cluster["id"] for cluster in records["clusters"] for member in cluster["claim_ids"]}
    document_split = {d["id"]: d["_split"] for d in records["documents"]}

    def split_of(claim: ClaimSummary) -> str:
        return split_of_cluster[cluster_of[claim.id]] if claim.id in cluster_of else document_split[claim.document_id]

    splits = [split for _, _, split in unrelated_claim_pairs(not_linked, claim_summaries(records).values(), split_of)]
    return len(splits), splits.count(None)


def claim_summaries(records) -> dict[str, ClaimSummary]:
    return {c["id"]: ClaimSummary(c["id"], c["document_id"], c["sentence_id"], c["text"]) for c in records["claims"]}


def render(staging: Path, project: Path, rows: dict[str, dict[str, int]], records: dict[str, list[dict]]) -> str:
    """The card as Markdown (no YAML header); also draws the plots into `staging/plots/`."""
    from builders import baselines, plots  # scikit-learn and matplotlib: imported only when a card is rendered

    plot_files = plots.draw(records, staging)
    scores = all_agreement(project / "corpus")
    results = baselines.run(records)
    cff = citation(project)
    n = {config: sum(split.values()) for config, split in rows.items()}
    claims = records["claims"]
    verdicts = Counter(c["veracity"] for c in claims)
    links = Counter(link["relation"] for link in records["claim_links"])
    pairs = Counter(p["label"] for p in records["claim_pairs"])
    metonymic = sum(1 for m in records["mentions"] if m["metonymy"])
    names = [m for m in records["mentions"] if m["kind"] == "name"]
    nested_names = [m for m in names if any(o is not m and o["document_id"] == m["document_id"] and o["start"] <= m["start"] and m["end"] <= o["end"] for o in names)]
    unrelated_total, unrelated_straddling = unrelated_pair_counts(project, records)
    second_pass = project / "corpus" / "second_pass"
    template = (Path(__file__).parent / "templates" / "card.md").read_text(encoding="utf-8")
    values = {
        "version": VERSION,
        "date": str(cff["date-released"]),
        "documents": n.get("documents", 0),
        "sentences": n.get("sentences", 0),
        "headline_sentences": sum(1 for s in records["sentences"] if s["is_headline"]),
        "entities": n.get("entities", 0),
        "mentions": n.get("mentions", 0),
        "metonymic": metonymic,
        "unrelated_candidates": unrelated_total,
        "unrelated_exported": pairs.get("unrelated", 0),
        "unrelated_straddling": unrelated_straddling,
        "inferred_dates": sum(1 for d in records["documents"] if d["date_source"] == "inferred"),
        "second_pass_documents": len(list((second_pass / "claims").glob("*.yaml"))),
        "second_pass_pairs": scores["links"].n.get("relation agreement (pairs in both passes)", 0),
        "ner_mentions": len(names) - len(nested_names),
        "nested_names": len(nested_names),
        "non_name_mentions": len(records["mentions"]) - len(names),
        "claims": n.get("claims", 0),
        "facts": n.get("facts", 0),
        "clusters": n.get("clusters", 0),
        "claim_links": n.get("claim_links", 0),
        "claim_pairs": n.get("claim_pairs", 0),
        "unique_claims": len({c["id"] for c in claims} - {m for c in records["clusters"] for m in c["claim_ids"]}),
        "verdicts": ", ".join(f"{verdicts[v.value]} {v.value}" for v in Veracity),
        "relations": ", ".join(f"{links[r]} {r}" for r in sorted(links)) or "none",
        "pair_labels": ", ".join(f"{pairs[p]} {p}" for p in sorted(pairs)) or "none",
        "structure": structure(rows),
        "documents_table": documents_table(records),
        "checkworthiness_table": per_document_labels(records, "checkworthiness", "label", [label.value for label in CheckWorthiness]),
        "veracity_table": per_document_labels(records, "claims", "veracity", [label.value for label in Veracity]),
        "claim_type_table": per_document_labels(records, "claims", "claim_type", [label.value for label in ClaimType]),
        "mention_type_table": per_document_labels(records, "mentions", "type", sorted({m["type"] for m in records["mentions"]})),
        "refuted_table": refuted_table(records),
        "drift": drift_section(records),
        "agreement": agreement_section(scores),
        "candidates": _table(["figure", "value"], [[k, v] for k, v in candidate_figures(records).items()]) if records["clusters"] else "No links yet.",
        "baselines": baselines.table(results),
        "labels_plot": plot_files[0],
        "clusters_plot": plot_files[1],
        "bibtex": bibtex(project),
        "split_documents": ", ".join(f"{split}: " + ", ".join(f"`{d['id']}`" for d in records["documents"] if d["_split"] == split) for split in ("train", "validation", "test")),
        "cluster_splits": ", ".join(f"{split} {sum(1 for c in records['clusters'] if any(l['cluster_id'] == c['id'] and l['_split'] == split for l in records['claim_links']))}" for split in ("train", "validation", "test")),
    }
    return template.format(**values)
