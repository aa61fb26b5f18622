"""The dataset card, generated from the built data: every number in it is computed, none is typed."""

from __future__ import annotations

from pathlib import Path

from builders.configs import CONFIGS
from builders.version import VERSION


def render(staging: Path, project: Path, rows: dict[str, dict[str, int]]) -> str:
    lines = [f"# hague-claims {VERSION}", "", "## Configs", "", "| config | " + " | ".join(["split", "rows"]) + " |", "|---|---|---|"]
    for name, config in CONFIGS.items():
        for split, count in rows.get(name, {}).items():
            lines.append(f"| {name} | {split} | {count} |")
    return "\n".join(lines) + "\n"
