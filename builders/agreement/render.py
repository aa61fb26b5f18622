"""An agreement report as Markdown: the same text for `hague-claims agreement` and for the card."""

from __future__ import annotations

from pathlib import Path

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
    mentions, claims = report.documents["mentions"], report.documents["claims"]
    if mentions == claims:
        covered = f"over the {len(claims)} document(s) both annotated: {', '.join(f'`{d}`' for d in claims)}"
    else:
        covered = (
            f"mentions over the {len(mentions)} document(s) both annotated ({', '.join(f'`{d}`' for d in mentions)}), claims, "
            f"sentences and links over {len(claims)} ({', '.join(f'`{d}`' for d in claims)})"
        )
    entities = (
        "The pass has its own entity inventory: each pass entity is read as the gold entity most of its span-matched "
        "mentions link to (ties: the smaller gold id); a pass entity with no matched mention matches no gold entity."
        if report.own_entities
        else "The pass uses the gold's entity ids."
    )
    out = [
        f"`{report.other}` against `{report.gold}`, {covered}. "
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


def history_passes(project: Path, compared: Path | None) -> list[tuple[str, list[str]]]:
    """Pass directories other than the compared one, with the documents each covers."""
    from builders.agreement.sides import pass_directories, pass_documents
    from builders.pipeline import corpus_at

    corpus = corpus_at(project)
    return [(corpus.shown(d), pass_documents(corpus, d)) for d in pass_directories(project) if compared is None or d.resolve() != compared.resolve()]


def card_section(project: Path, report: Report | None, compared: Path | None) -> str:
    """The card's agreement part: the figures, what they can and cannot show, and what is history only."""
    history = history_passes(project, compared)
    listed = "; ".join(f"`{name}/` ({len(documents)} document(s): {', '.join(f'`{d}`' for d in documents)})" for name, documents in history)
    history_text = (
        f"Earlier passes are kept as history only and their figures are not shown: {listed}. The second pass "
        "annotated exactly the documents whose gold decisions the guidelines of the time quoted (those decisions now "
        "live in `corpus/DECISIONS.md`), and its link file "
        "copied the gold clusters, so its agreement with the gold is high by construction; `first_pass/` is the gold "
        "of those documents before adjudication (`corpus/ADJUDICATION.md`). `hague-claims agreement --pass DIR` still "
        "computes any pass's figures."
        if history
        else ""
    )
    if report is None:
        return "\n\n".join(
            part
            for part in (
                "**Agreement: not measured in this release.** No independent second pass (`corpus/independent_pass/`) "
                "is present, so the reliability of the labels is unmeasured; read every label as one annotator's.",
                history_text,
            )
            if part
        )
    caveats = (
        "What these figures can and cannot show. Both passes were made by the same kind of annotator, AI assistant "
        "sessions, so agreement measures how determinate the guidelines are for that kind of annotator and how "
        "consistent it is, not whether people would label alike, nor whether the gold is right: biases the sessions "
        "share agree. The pass was made from the general guidelines (`corpus/GUIDELINES.md`) alone, as its README records, "
        "while the gold also followed the decisions log (`corpus/DECISIONS.md`), so some disagreements are decisions "
        "the general rules leave open. The item counts are "
        "small (n beside each κ), so each κ is an imprecise estimate, and a field with few items is dominated by a "
        "handful of decisions. Labels are compared "
        "only on span-matched items; the column counting unmatched items as disagreements is the stricter reading."
    )
    return "\n\n".join(
        part
        for part in (
            f"**Agreement** between the gold and an independent second pass (`{report.other}/`), computed by "
            "`hague-claims agreement` (method: `docs/agreement.md`):",
            render(report),
            caveats,
            history_text,
        )
        if part
    )
