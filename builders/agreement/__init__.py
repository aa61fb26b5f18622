"""Inter-annotator agreement between the gold and a second annotation pass (docs/agreement.md).

`sides` reads and validates both sides, `matching` pairs their items by span, `measures` holds the scores,
`compare` computes every figure, `render` writes them as Markdown for the command and the card.
"""

from __future__ import annotations

from pathlib import Path

from builders.agreement.compare import Report, compare
from builders.agreement.sides import default_pass, gold_side, pass_side


def agreement_report(project: Path, pass_dir: Path | None = None, gold_records: dict[str, list[dict]] | None = None) -> Report | None:
    """The report for `pass_dir` (default: the independent pass), or None when there is no pass to compare."""
    pass_dir = pass_dir if pass_dir is not None else default_pass(project)
    if pass_dir is None:
        return None
    other = pass_side(project, pass_dir)
    return compare(gold_side(project, gold_records), other)
