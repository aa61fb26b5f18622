"""Problems found in corpus or release files: collected by checks, reported together by one caller."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MAX_PER_RULE = 50  # problems shown per rule; the rest are counted (one broken pattern can repeat thousands of times)


def _natural(text: str) -> tuple:
    """Sort key reading runs of digits as numbers: "sentence 2" before "sentence 10"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place: `path:line: [rule] message`."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one problem, one line
        return f"{self.path}:{self.line}: [{self.rule}] {message}"

    def sort_key(self) -> tuple:
        return (_natural(self.path), self.line, self.rule, _natural(self.message))


class CorpusError(Exception):
    """Raised once with every problem found, sorted; the build stops and writes nothing."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(set(problems))
        super().__init__(self.report())

    def report(self, per_rule: int = MAX_PER_RULE) -> str:
        """Every problem on its own line, at most `per_rule` per rule; the last line counts them and the ones not shown."""
        shown: Counter[str] = Counter()
        lines = []
        for problem in self.problems:
            shown[problem.rule] += 1
            if shown[problem.rule] <= per_rule:
                lines.append(str(problem))
        hidden = {rule: count - per_rule for rule, count in sorted(shown.items()) if count > per_rule}
        summary = f"{len(self.problems)} problem(s) found"
        if hidden:
            summary += "; not shown: " + ", ".join(f"{count} more [{rule}]" for rule, count in hidden.items())
        lines.append(summary)
        return "\n".join(lines)


def sort_problems(problems) -> list[Problem]:
    """By file, then line, then rule, then message, reading numbers as numbers."""
    return sorted(problems, key=Problem.sort_key)


def display_path(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the project root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise CorpusError(problems)
