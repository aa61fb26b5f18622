"""Inter-annotator agreement between the first (gold) pass and the independent second pass, before adjudication.

The first pass is read from corpus/first_pass/ (the gold as it was when the passes were compared), the second from
corpus/second_pass/; "gold" below means that first pass.

Entities: span precision/recall/F1 (exact and partial overlap, second pass scored against gold), and on exactly
matched spans the agreement on type, kind and entity link. Claims: Cohen's kappa on sentence check-worthiness,
claim span F1 (exact, and overlap matching at Jaccard >= 0.5), and on matched claims kappa on type, source and
veracity. Links: on claim pairs both passes related, accuracy and kappa of the relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


from builders.inputs import ClaimEntry, MentionEntry, RelationEntry, SentenceLabelEntry, parse_entries
from builders.problems import CorpusError, Problem, raise_if_any
from builders.rules import Origin, check_anchor
from builders.yamlio import load_yaml

SECOND_PASS = "second_pass"
FIRST_PASS = "first_pass"  # the gold as it was when compared, before adjudication
OVERLAP = 0.5


@dataclass
class Scores:
    """Named agreement figures, in insertion order; `n` counts what each figure is computed over."""

    values: dict[str, float] = field(default_factory=dict)
    n: dict[str, int] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)

    def put(self, name: str, value: float, n: int) -> None:
        self.values[name] = round(value, 3)
        self.n[name] = n


def prf(matched_second: int, second: int, matched_gold: int, gold: int) -> tuple[float, float, float]:
    precision = matched_second / second if second else 0.0
    recall = matched_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa; 1.0 when both annotators used a single identical label throughout."""
    if not a:
        return 0.0
    if len(set(a) | set(b)) == 1:
        return 1.0
    # sklearn.metrics.cohen_kappa_score's formula, without importing scikit-learn (tests compare the two)
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    expected = sum(a.count(label) * b.count(label) for label in set(a) | set(b)) / (n * n)
    return (observed - expected) / (1 - expected)


def _entries(corpus_root: Path, path: Path, key: str, model):
    """Parsed entries of one annotation file, each quote checked against the raw text; problems raise together."""
    shown = path.relative_to(corpus_root.parent).as_posix()
    if not path.is_file():
        raise CorpusError([Problem(shown, 1, "file-missing", f"no {path.name} here, expected the {path.parent.name} annotation the other pass is compared with")])
    data = load_yaml(path, shown)
    entries, problems = parse_entries(data.get(key) if isinstance(data, dict) else None, model, shown, key)
    if "quote" in model.model_fields:
        raws = sorted(corpus_root.glob(f"raw/*_{path.stem}.txt"))
        if len(raws) != 1:
            raise CorpusError([Problem(shown, 1, "document-missing", f"{len(raws)} raw files for document {path.stem}, expected exactly one")])
        text = raws[0].read_text(encoding="utf-8")
        for entry, line in entries:
            problems += check_anchor(text, entry.quote, entry.start, Origin(shown, line), f"{key} entry", edges=False)
    raise_if_any(problems)
    return [entry for entry, _ in entries]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def second_pass_documents(corpus_root: Path, layer: str) -> list[str]:
    return sorted(path.stem for path in (corpus_root / SECOND_PASS / layer).glob("*.yaml"))


def entity_agreement(corpus_root: Path) -> Scores:
    scores = Scores()
    gold_all, second_all = [], []
    for document in second_pass_documents(corpus_root, "mentions"):
        gold = _entries(corpus_root, corpus_root / FIRST_PASS / "mentions" / f"{document}.yaml", "mentions", MentionEntry)
        second = _entries(corpus_root, corpus_root / SECOND_PASS / "mentions" / f"{document}.yaml", "mentions", MentionEntry)
        gold_all += [(document, m) for m in gold]
        second_all += [(document, m) for m in second]
    gold_spans = {(d, m.start, m.end): m for d, m in gold_all}
    second_spans = {(d, m.start, m.end): m for d, m in second_all}
    exact = gold_spans.keys() & second_spans.keys()
    p, r, f = prf(len(exact), len(second_spans), len(exact), len(gold_spans))
    scores.put("mention span precision (exact)", p, len(second_spans))
    scores.put("mention span recall (exact)", r, len(gold_spans))
    scores.put("mention span F1 (exact)", f, len(gold_spans) + len(second_spans))

    def overlaps(key, others) -> bool:
        return any(o[0] == key[0] and _overlap(key[1:], o[1:]) for o in others)

    matched_second = sum(overlaps(k, gold_spans) for k in second_spans)
    matched_gold = sum(overlaps(k, second_spans) for k in gold_spans)
    p, r, f = prf(matched_second, len(second_spans), matched_gold, len(gold_spans))
    scores.put("mention span F1 (partial overlap)", f, len(gold_spans) + len(second_spans))
    strict = sum(1 for k in exact if gold_spans[k].entity == second_spans[k].entity and gold_spans[k].type == second_spans[k].type)
    p, r, f = prf(strict, len(second_spans), strict, len(gold_spans))
    scores.put("mention F1 (exact span, type and entity)", f, len(gold_spans) + len(second_spans))
    ordered = sorted(exact)
    scores.put("type agreement on matched spans", sum(gold_spans[k].type == second_spans[k].type for k in ordered) / max(1, len(ordered)), len(ordered))
    scores.put("type kappa on matched spans", kappa([gold_spans[k].type.value for k in ordered], [second_spans[k].type.value for k in ordered]), len(ordered))
    scores.put("kind kappa on matched spans", kappa([gold_spans[k].kind.value for k in ordered], [second_spans[k].kind.value for k in ordered]), len(ordered))
    scores.put("entity link agreement on matched spans", sum(gold_spans[k].entity == second_spans[k].entity for k in ordered) / max(1, len(ordered)), len(ordered))
    for key in sorted(gold_spans.keys() - second_spans.keys()):
        scores.disagreements.append(f"{key[0]} gold only: {gold_spans[key].quote!r}@{key[1]} {gold_spans[key].entity}")
    for key in sorted(second_spans.keys() - gold_spans.keys()):
        scores.disagreements.append(f"{key[0]} second only: {second_spans[key].quote!r}@{key[1]} {second_spans[key].entity}")
    for key in ordered:
        if gold_spans[key].entity != second_spans[key].entity:
            scores.disagreements.append(f"{key[0]} link: {gold_spans[key].quote!r}@{key[1]} gold {gold_spans[key].entity} / second {second_spans[key].entity}")
    return scores


def _match_claims(gold: list[ClaimEntry], second: list[ClaimEntry]) -> list[tuple[ClaimEntry, ClaimEntry]]:
    """Greedy one-to-one matching by Jaccard overlap of character spans, best pairs first, at least OVERLAP."""
    candidates = []
    for g in gold:
        for s in second:
            inter = _overlap((g.start, g.end), (s.start, s.end))
            union = max(g.end, s.end) - min(g.start, s.start)
            if inter and inter / union >= OVERLAP:
                candidates.append((inter / union, g.start, s.start, g, s))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_s, pairs = set(), set(), []
    for _, _, _, g, s in candidates:
        if g.id not in used_g and s.id not in used_s:
            used_g.add(g.id)
            used_s.add(s.id)
            pairs.append((g, s))
    return sorted(pairs, key=lambda pair: pair[0].start)


def claim_agreement(corpus_root: Path) -> Scores:
    scores = Scores()
    labels_gold, labels_second, pairs, n_gold, n_second, exact = [], [], [], 0, 0, 0
    for document in second_pass_documents(corpus_root, "claims"):
        gold_path = corpus_root / FIRST_PASS / "claims" / f"{document}.yaml"
        second_path = corpus_root / SECOND_PASS / "claims" / f"{document}.yaml"
        gold_labels = {e.sentence: e.label.value for e in _entries(corpus_root, gold_path, "sentences", SentenceLabelEntry)}
        second_labels = {e.sentence: e.label.value for e in _entries(corpus_root, second_path, "sentences", SentenceLabelEntry)}
        for sentence in sorted(gold_labels.keys() & second_labels.keys()):
            labels_gold.append(gold_labels[sentence])
            labels_second.append(second_labels[sentence])
            if gold_labels[sentence] != second_labels[sentence]:
                scores.disagreements.append(f"{document} s{sentence:03d} check-worthiness: gold {gold_labels[sentence]} / second {second_labels[sentence]}")
        gold = _entries(corpus_root, gold_path, "claims", ClaimEntry)
        second = _entries(corpus_root, second_path, "claims", ClaimEntry)
        n_gold += len(gold)
        n_second += len(second)
        exact += len({(c.start, c.end) for c in gold} & {(c.start, c.end) for c in second})
        matched = _match_claims(gold, second)
        pairs += matched
        for g, s in matched:
            for what in ("type", "veracity", "source"):
                gv, sv = getattr(g, what), getattr(s, what)
                if gv != sv:
                    scores.disagreements.append(f"{document} {g.id}/{s.id} {what}: gold {getattr(gv, 'value', gv)} / second {getattr(sv, 'value', sv)} — {g.quote[:60]!r}")
    scores.put("check-worthiness kappa (sentences)", kappa(labels_gold, labels_second), len(labels_gold))
    scores.put("check-worthiness agreement (sentences)", sum(a == b for a, b in zip(labels_gold, labels_second)) / max(1, len(labels_gold)), len(labels_gold))
    scores.put("claim span F1 (exact)", prf(exact, n_second, exact, n_gold)[2], n_gold + n_second)
    scores.put(f"claim span F1 (overlap, Jaccard >= {OVERLAP})", prf(len(pairs), n_second, len(pairs), n_gold)[2], n_gold + n_second)
    for what in ("type", "veracity", "source"):
        a = [str(getattr(getattr(g, what), "value", getattr(g, what))) for g, _ in pairs]
        b = [str(getattr(getattr(s, what), "value", getattr(s, what))) for _, s in pairs]
        scores.put(f"claim {what} kappa (matched claims)", kappa(a, b), len(pairs))
    return scores


def link_agreement(corpus_root: Path) -> Scores:
    scores = Scores()
    second_path = corpus_root / SECOND_PASS / "links.yaml"
    if not second_path.is_file():
        return scores
    gold = {tuple(sorted((r.a, r.b))): r for r in _entries(corpus_root, corpus_root / FIRST_PASS / "links.yaml", "relations", RelationEntry)}
    second = {tuple(sorted((r.a, r.b))): r for r in _entries(corpus_root, second_path, "relations", RelationEntry)}

    def read(relation: RelationEntry, key: tuple[str, str]) -> str:
        from builders.annotated.links import INVERSE

        return (relation.relation if (relation.a, relation.b) == key else INVERSE[relation.relation]).value

    common = sorted(gold.keys() & second.keys())
    a = [read(gold[k], k) for k in common]
    b = [read(second[k], k) for k in common]
    scores.put("relation agreement (pairs in both passes)", sum(x == y for x, y in zip(a, b)) / max(1, len(common)), len(common))
    scores.put("relation kappa (pairs in both passes)", kappa(a, b), len(common))
    scores.put("second-pass pairs also related in gold", len(common) / max(1, len(second)), len(second))
    for key, x, y in zip(common, a, b):
        if x != y:
            scores.disagreements.append(f"{key[0]} – {key[1]}: gold {x} / second {y}")
    return scores


def all_agreement(corpus_root: Path) -> dict[str, Scores]:
    return {"entities": entity_agreement(corpus_root), "claims": claim_agreement(corpus_root), "links": link_agreement(corpus_root)}
