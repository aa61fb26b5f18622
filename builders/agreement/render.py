"""An agreement report as Markdown: the same text for `hague-claims agreement` and for the card."""

from __future__ import annotations

from builders.agreement.compare import Kappa, Report
from builders.agreement.matching import OVERLAP


def _number(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _kappa(k: Kappa | None) -> str:
    if k is None:
        return "— (every item is on both sides)"
    return f"{_number(k.value)} (agreement {_number(k.observed)}, n = {k.n})"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render(report: Report) -> str:
    documents = ", ".join(f"`{d}`" for d in report.documents)
    entities = (
        "The pass has its own entity inventory: each pass entity is read as the gold entity most of its span-matched "
        "mentions link to (ties: the smaller gold id); a pass entity with no matched mention matches no gold entity."
        if report.own_entities
        else "The pass uses the gold's entity ids."
    )
    out = [
        f"`{report.other}` against `{report.gold}`, over the {len(report.documents)} document(s) both annotated: {documents}. "
        f"The pass is scored against the gold. Items match one-to-one by character span: exactly, or by overlap "
        f"(span Jaccard ≥ {OVERLAP}, best overlaps first; every exact match is also an overlap match). Labels, "
        f"clusters and relations are compared on overlap matches. {entities}",
        "",
        "Spans:",
        "",
        _table(
            ["items", "match", "gold", "pass", "matched", "precision", "recall", "F1"],
            [[s.items, s.match, s.gold, s.other, s.matched, _number(s.scores.precision), _number(s.scores.recall), _number(s.scores.f1)] for s in report.spans],
        ),
        "",
        "Labels, Cohen's κ (observed agreement and item count in brackets); on matched items, and with every unmatched "
        "item counted as a disagreement (labelled \"(absent)\" on the side that lacks it):",
        "",
        _table(
            ["field", "items", "κ on matched items", "κ, unmatched as disagreements"],
            [[k.field, k.items, _kappa(k.matched), _kappa(k.with_absent)] for k in report.kappas],
        ),
        "",
    ]
    evidence = report.evidence
    if evidence is not None:
        out += [
            f"Evidence sets, on the {evidence.claims} matched claims both sides judged with evidence: mean Jaccard "
            f"{_number(evidence.mean_jaccard)}, same set {_number(evidence.exact_rate)}.",
            "",
        ]
    out += [
        "Clusters (scores of the pass's clustering against the gold's, as in cross-document coreference work on ECB+; "
        "CoNLL F1 is the mean of the MUC, B³ and CEAF-e F1):",
        "",
        _table(
            ["clustering", "gold items (clusters)", "pass items (clusters)", "MUC F1", "B³ F1", "CEAF-e F1", "CoNLL F1"],
            [
                [c.what, f"{c.gold_items} ({c.gold_clusters})", f"{c.other_items} ({c.other_clusters})", _number(c.scores.muc.f1), _number(c.scores.b_cubed.f1), _number(c.scores.ceaf_e.f1), _number(c.scores.conll)]
                for c in report.clusters
            ],
        ),
        "",
    ]
    if report.relations is not None and report.linked_pairs is not None:
        gold_pairs, other_pairs, both = report.linked_pairs
        out.append(
            f"Relations: of {gold_pairs} gold and {other_pairs} pass linked claim pairs, {both} are linked in both "
            f"(claims matched by span); relation κ on them {_kappa(report.relations.matched)}."
        )
    else:
        out.append("Relations and claim clusters: the pass has no link layer of its own, so they are not compared.")
    return "\n".join(out)
