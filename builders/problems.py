"""Problems found in corpus or release files: collected by checks, reported together by one caller."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule at one place: `path:line: [rule] message`."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


class CorpusError(Exception):
    """Raised once with every problem found, sorted; the build stops and writes nothing."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{len(self.problems)} problem(s) found")
        return "\n".join(lines)


def display_path(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to the project root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise CorpusError(problems)
