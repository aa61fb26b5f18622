"""The dataset card (CARD.md, and the body of the release README), generated from the built data.

Every number in the card is computed here from the released records, the corpus files or the agreement and
baseline runs; none is typed. Prose that does not depend on the data lives in the templates below.
"""

from __future__ import annotations

import base64
import json
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from datasets import ClassLabel, List, Value

from builders import baselines, citation, plots
from builders.agreement import agreement_report
from builders.agreement.render import card_section
from builders.agreement.sides import default_pass
from builders.automatic.candidates import GENERATOR_SUMMARY, THRESHOLD, candidate_pairs
from builders.cache import Cache, key_of, through
from builders.configs import CONFIGS, DEFAULT_CONFIG, SPLITS
from builders.features import features_of
from builders.layer import ClaimSummary
from builders.annotated.links import linked_sentence_pairs, unrelated_claim_pairs
from builders.records import CheckWorthiness, ClaimType, Veracity
from builders.paths import release_name
from builders.version import VERSION


def _cell(value) -> str:
    """A table cell: pipes escaped, and angle brackets too, so `<document id>` is not read as an HTML tag."""
    return str(value).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _field_type(feature) -> str:
    if isinstance(feature, ClassLabel):
        return f"ClassLabel ({', '.join(feature.names)})"
    if isinstance(feature, List):
        return f"list of {_field_type(feature.feature)}"
    if isinstance(feature, dict):
        return "struct {" + ", ".join(f"{k}: {_field_type(v)}" for k, v in feature.items()) + "}"
    if isinstance(feature, Value):
        return feature.dtype
    return type(feature).__name__


def configs_table(rows: dict[str, dict[str, int]]) -> str:
    return _table(
        ["config", "one row per", "split by", "splits (rows)"],
        [
            [f"`{name}`" + (" (default)" if name == DEFAULT_CONFIG else ""), config.description, config.split_by.value, ", ".join(f"{s} {n}" for s, n in rows.get(name, {}).items()) or "no rows"]
            for name, config in CONFIGS.items()
        ],
    )


def _shortened(value, limit: int = 160):
    """A value of an example row, with long strings and lists cut so the card stays readable."""
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + f"… ({len(value)} characters)"
    if isinstance(value, list) and len(value) > 6:
        return [_shortened(v) for v in value[:6]] + [f"… ({len(value)} items)"]
    if isinstance(value, list):
        return [_shortened(v) for v in value]
    if isinstance(value, dict):
        return {k: _shortened(v) for k, v in value.items()}
    return value


def example(rows: list[dict]) -> dict | None:
    """The example instance of a config: its first row by id in its first split (`_split` kept)."""
    if not rows:
        return None
    return min((r for r in rows if r["_split"] == rows[0]["_split"]), key=lambda r: r["id"])


def fields_section(records: dict[str, list[dict]]) -> str:
    """Per config: its docstring, one row per field (type and description from the record model), an example."""
    out = []
    for name, config in CONFIGS.items():
        features = features_of(config.model)
        out += [f"### `{name}`", "", (config.model.__doc__ or "").strip(), ""]
        out.append(_table(["field", "type", "description"], [[f"`{field}`", _field_type(features[field]), info.description] for field, info in config.model.model_fields.items()]))
        instance = example(records.get(name, []))
        if instance is not None:
            shown = _shortened({k: v for k, v in instance.items() if k != "_split"})
            body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in shown.items())
            out += ["", f"<details><summary>Example instance (split <code>{instance['_split']}</code>)</summary>", "", "```json", "{", body, "}", "```", "", "</details>"]
        out.append("")
    return "\n".join(out).rstrip()


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
    shown = (Veracity.REFUTED.value, Veracity.CONFLICTING_EVIDENCE_CHERRYPICKING.value)
    refuted = [c for c in records["claims"] if c["veracity"] in shown]
    return _table(
        ["claim", "text", "verdict", "source", "why", "evidence (fact: statement, source)"],
        [[f"`{c['id']}`", c["text"], c["veracity"], c["source"], c["rationale"], "; ".join(f"`{e}`: {facts[e]['statement']} ({facts[e]['source_url']})" for e in c["evidence"])] for c in refuted],
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


def candidate_figures(records) -> dict[str, float | str]:
    sentences = {s["id"]: s["text"] for s in records["sentences"]}
    candidates = candidate_pairs(sentences)
    claims = claim_summaries(records)
    linked = linked_sentence_pairs([claims[m] for m in cluster["claim_ids"]] for cluster in records["clusters"])
    candidate_keys = {(c.a, c.b) for c in candidates}
    recalled = len(candidate_keys & linked)  # a linked pair scoring at least the threshold is a candidate
    return {
        "generator": GENERATOR_SUMMARY,
        "threshold": THRESHOLD,
        "candidates": len(candidates),
        "linked candidates": len(candidate_keys & linked),
        "reviewed, not linked": len(candidate_keys - linked),
        "linked sentence pairs": len(linked),
        "recall of the threshold on linked sentence pairs": round(recalled / len(linked), 3) if linked else 0.0,
    }


def unrelated_pair_counts(project: Path, records) -> tuple[int, int]:
    """Unrelated claim pairs the reviewed-not-linked candidates yield, and how many straddle a split boundary."""
    links = yaml.load((project / "corpus" / "links.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe_load, by libyaml when present
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


SNIPPETS = Path(__file__).parent / "templates" / "snippets"
RELEASE_PLACEHOLDER = "RELEASE"


def snippet(name: str) -> str:
    """A tested code snippet of the card, with the release folder's name filled in."""
    return (SNIPPETS / f"{name}.py").read_text(encoding="utf-8").rstrip("\n").replace(RELEASE_PLACEHOLDER, release_name(VERSION))


def labels_of() -> dict[str, dict[str, list[str]]]:
    """Config -> label field -> names by index (`labels.json`), from the features."""
    found: dict[str, dict[str, list[str]]] = {}
    for name, config in CONFIGS.items():
        for field, feature in features_of(config.model).items():
            inner = feature.feature if isinstance(feature, List) else feature
            if isinstance(inner, ClassLabel):
                found.setdefault(name, {})[field] = list(inner.names)
    return found


def cluster_split_of_claims(records) -> dict[str, str]:
    """Claim id -> split consistent with the cluster split: a clustered claim's cluster's, else its document's."""
    split_of_cluster = {link["cluster_id"]: link["_split"] for link in records["claim_links"]}
    cluster_of = {member: cluster["id"] for cluster in records["clusters"] for member in cluster["claim_ids"]}
    return {c["id"]: split_of_cluster.get(cluster_of.get(c["id"]), c["_split"]) for c in records["claims"]}


PAIR_CLAIMS = {"claim_pairs": ("claim1", "claim2"), "claim_links": ("source_claim", "target_claim")}


def leakage(records) -> dict[tuple[str, str, str], int]:
    """(pair config, its split, the claims split of the claim) -> claim slots."""
    claim_split = {c["id"]: c["_split"] for c in records["claims"]}
    found: Counter = Counter()
    for config, fields in PAIR_CLAIMS.items():
        for row in records[config]:
            for field in fields:
                found[(config, row["_split"], claim_split[row[field]])] += 1
    return dict(found)


def leakage_table(records) -> str:
    found = leakage(records)
    rows = [[f"`{config}` {split}"] + [found.get((config, split, claims_split), 0) for claims_split in SPLITS] for config in PAIR_CLAIMS for split in SPLITS]
    return _table(["pair config and split"] + [f"claims {split}" for split in SPLITS], rows)


def pair_claims_across_splits(records) -> int:
    """Claims that occur in pair rows of more than one split (0 when the pair configs are clean among themselves)."""
    splits_of: dict[str, set[str]] = defaultdict(set)
    for config, fields in PAIR_CLAIMS.items():
        for row in records[config]:
            for field in fields:
                splits_of[row[field]].add(row["_split"])
    return sum(1 for splits in splits_of.values() if len(splits) > 1)


def shared_ids(records) -> str:
    """Which ids of the corpus-wide configs (entities, facts, clusters) coincide, in words."""
    configs = ("entities", "facts", "clusters")
    ids = {config: {row["id"] for row in records[config]} for config in configs}
    parts = []
    for i, first in enumerate(configs):
        for second in configs[i + 1 :]:
            common = sorted(ids[first] & ids[second])
            if common:
                parts.append(f"{first} and {second} share {len(common)} ids ({', '.join(f'`{c}`' for c in common)}), which name different records")
    return "; ".join(parts) if parts else "and no entity, fact or cluster id is shared between those configs"


def maintainer_line(people: dict[str, str | None]) -> str:
    if not any(people.values()):
        return "not set: this release names no repository and no contact (the maintainer sets them in `metadata/maintainer.yaml`)."
    parts = [f"repository {people['repository']}" if people["repository"] else "", f"contact {people['contact']}" if people["contact"] else ""]
    return "; ".join(p for p in parts if p) + ". " + citation.unset_note(people)


def maintenance_line(people: dict[str, str | None]) -> str:
    if people["repository"]:
        return f"by the hague-claims contributors, through the issues of {people['repository']}" + (f" or {people['contact']}." if people["contact"] else ".")
    if people["contact"]:
        return f"by the hague-claims contributors, reachable at {people['contact']}."
    return "by the hague-claims contributors; no repository or contact is set for this release."


def baseline_settings() -> str:
    vectorizer, classifier = baselines.settings()
    return (
        f"`TfidfVectorizer({', '.join(f'{k}={v!r}' for k, v in vectorizer.items())})`, "
        f"`LogisticRegression({', '.join(f'{k}={v!r}' for k, v in classifier.items())})` (scikit-learn). "
        + baselines.PAIR_ENCODING
    )


def refuted_page(records) -> str:
    return "\n".join(["# Refuted claims", "", f"Generated from hague-claims {VERSION} by `hague-claims build`. Every claim judged refuted, with the facts it is refuted by.", "", refuted_table(records), ""])


def clusters_page(records, clusters_plot: str) -> str:
    pairs = Counter(p["label"] for p in records["claim_pairs"])
    return "\n".join(
        [
            "# How the re-tellings drift: claim clusters",
            "",
            f"Generated from hague-claims {VERSION} by `hague-claims build`. Each cluster gathers the claims that report one proposition, with its canonical",
            "statement; conflicts are pairs that cannot both be accurate reports. Claim pairs: "
            + f"{len(records['claim_pairs'])} ({', '.join(f'{pairs[p]} {p}' for p in sorted(pairs)) or 'none'}).",
            "",
            f"![Claims per cluster and document](../{clusters_plot})",
            "",
            drift_section(records),
        ]
    )


PAGES = ("docs/clusters.md", "docs/refuted-claims.md")


def status_table(documents: list[dict]) -> str:
    """Documents per annotation status of each annotated layer (only gold layers are released)."""
    lines = ["| layer | gold | proposed | not annotated |", "|---|---|---|---|"]
    for layer in ("mentions", "claims"):
        by_status = Counter(d[f"{layer}_status"] for d in documents)
        lines.append(f"| {layer} | {by_status['gold']} | {by_status['proposed']} | {by_status['none']} |")
    return "\n".join(lines)


def proposals_section(project: Path, cache: Cache) -> str:
    """Leave-one-document-out scores of `hague-claims propose` on the gold documents (a function of the corpus, kept
    in the cache under its bytes)."""
    from builders.pipeline import corpus_at
    from builders.proposals.evaluate import leave_one_out, table

    key = key_of("card-proposals", project, ("corpus",))
    return through(cache, "card-proposals", key, lambda: table(leave_one_out(corpus_at(project))), lambda value: isinstance(value, str))


def agreement_section(project: Path, compared: Path | None, records: dict[str, list[dict]], cache: Cache) -> str:
    """The agreement part (the pass against the released gold records; kept in the cache under both)."""
    key = key_of("card-agreement", project, ("corpus",), (str(compared), json.dumps(records, sort_keys=True, ensure_ascii=False)))
    return through(cache, "card-agreement", key, lambda: card_section(project, agreement_report(project, compared, records), compared), lambda value: isinstance(value, str))


def drawn_plots(records: dict[str, list[dict]], staging: Path, cache: Cache) -> list[str]:
    """`plots.draw` into `staging`: the same PNG bytes, taken from the cache when drawn before from the same records."""
    key = key_of("card-plots", extra=(json.dumps(records, sort_keys=True, ensure_ascii=False),))

    def draw() -> list[list[str]]:
        return [[name, base64.b64encode((staging / name).read_bytes()).decode("ascii")] for name in plots.draw(records, staging)]

    drawn = through(cache, "card-plots", key, draw, lambda value: isinstance(value, list) and all(isinstance(pair, list) and len(pair) == 2 for pair in value))
    for name, content in drawn:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(base64.b64decode(content, validate=True))
    return [name for name, _ in drawn]


BASELINE_CONFIGS = ("checkworthiness", "claims", "claim_pairs")  # all that `baselines.run` reads


def baselines_section(records: dict[str, list[dict]], cache: Cache) -> str:
    """The baselines' table (models fitted on the records; kept in the cache under the records they read)."""
    used = json.dumps({name: records[name] for name in BASELINE_CONFIGS}, sort_keys=True, ensure_ascii=False)
    key = key_of("card-baselines", extra=(used,))
    return through(cache, "card-baselines", key, lambda: baselines.table(baselines.run(records)), lambda value: isinstance(value, str))


def render(staging: Path, project: Path, rows: dict[str, dict[str, int]], records: dict[str, list[dict]], cff: dict, cache: Cache | None = None) -> str:
    """The card as Markdown (no YAML header); also draws the plots into `staging/plots/` and writes the listing
    pages (`PAGES`) into `staging/docs/`. `cache` may hold the slow sections (baselines, proposals) of the same inputs."""
    cache = cache or Cache(None)
    plot_files = drawn_plots(records, staging, cache)
    for page, text in zip(PAGES, (clusters_page(records, plot_files[1]), refuted_page(records))):
        (staging / page).parent.mkdir(parents=True, exist_ok=True)
        (staging / page).write_text(text, encoding="utf-8")
    compared = default_pass(project)
    people = citation.maintainer(project)
    n = {config: sum(split.values()) for config, split in rows.items()}
    claims = records["claims"]
    verdicts = Counter(c["veracity"] for c in claims)
    links = Counter(link["relation"] for link in records["claim_links"])
    pairs = Counter(p["label"] for p in records["claim_pairs"])
    metonymic = sum(1 for m in records["mentions"] if m["metonymy"])
    names = [m for m in records["mentions"] if m["kind"] == "name"]
    nested_names = [m for m in names if any(o is not m and o["document_id"] == m["document_id"] and o["start"] <= m["start"] and m["end"] <= o["end"] for o in names)]
    unrelated_total, unrelated_straddling = unrelated_pair_counts(project, records)
    by_cluster = Counter(cluster_split_of_claims(records).values())
    leaks = leakage(records)
    crossing = pair_claims_across_splits(records)
    template = (Path(__file__).parent / "templates" / "card.md").read_text(encoding="utf-8")
    values = {
        "status_table": status_table(records["documents"]),
        "proposals": proposals_section(project, cache),
        "version": VERSION,
        "date": str(cff["date-released"]),
        "digest": citation.digest_of(cff),
        "maintainer": maintainer_line(people),
        "maintenance": maintenance_line(people),
        "documents": n.get("documents", 0),
        "sentences": n.get("sentences", 0),
        "headline_sentences": sum(1 for s in records["sentences"] if s["is_headline"]),
        "entities": n.get("entities", 0),
        "mentions": n.get("mentions", 0),
        "metonymic": metonymic,
        "wikidata_null": sum(1 for e in records["entities"] if e["wikidata"] is None),
        "unrelated_candidates": unrelated_total,
        "unrelated_exported": pairs.get("unrelated", 0),
        "unrelated_straddling": unrelated_straddling,
        "inferred_dates": sum(1 for d in records["documents"] if d["date_source"] == "inferred"),
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
        "configs_table": configs_table(rows),
        "shared_ids": shared_ids(records),
        "fields": fields_section(records),
        "snippet_load": snippet("load_datasets"),
        "snippet_other": snippet("read_other"),
        "snippet_loo": snippet("leave_one_out"),
        "snippet_cluster_split": snippet("cluster_split"),
        "snippet_coreference": snippet("coreference"),
        "leakage_table": leakage_table(records),
        "leak_train_test": sum(leaks.get((config, "train", "test"), 0) for config in PAIR_CLAIMS),
        "pair_configs_clean": "train, validation and test pairs share no claim" if not crossing else f"{crossing} claims occur in pairs of more than one split",
        "cluster_claim_splits": ", ".join(f"{split} {by_cluster.get(split, 0)}" for split in SPLITS),
        "documents_table": documents_table(records),
        "checkworthiness_table": per_document_labels(records, "checkworthiness", "label", [label.value for label in CheckWorthiness]),
        "veracity_table": per_document_labels(records, "claims", "veracity", [label.value for label in Veracity]),
        "claim_type_table": per_document_labels(records, "claims", "claim_type", [label.value for label in ClaimType]),
        "mention_type_table": per_document_labels(records, "mentions", "type", sorted({m["type"] for m in records["mentions"]})),
        "agreement": agreement_section(project, compared, records, cache),
        "candidates": _table(["figure", "value"], [[k, v] for k, v in candidate_figures(records).items()]) if records["clusters"] else "No links yet.",
        "baselines": baselines_section(records, cache),
        "baseline_settings": baseline_settings(),
        "labels_plot": plot_files[0],
        "bibtex": citation.bibtex(cff),
        "split_documents": ", ".join(f"{split}: " + ", ".join(f"`{d['id']}`" for d in records["documents"] if d["_split"] == split) for split in SPLITS),
        "cluster_splits": ", ".join(f"{split} {sum(1 for c in records['clusters'] if any(l['cluster_id'] == c['id'] and l['_split'] == split for l in records['claim_links']))}" for split in SPLITS),
    }
    return template.format(**values)
