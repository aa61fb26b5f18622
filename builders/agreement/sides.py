"""The two sides agreement compares: the gold, and a second annotation pass, each validated by the gold layers' checks.

A pass directory has the gold's file formats: its own `entities.yaml` (its own entity ids; a pass without one uses
the gold's inventory), `mentions/<document>.yaml`, `claims/<document>.yaml` (its own claim ids, evidence from the
shared `corpus/facts.yaml`) and optionally `links.yaml` (its own cluster ids, relations and `unique` list over its own
claim ids; candidate reviews optional). It is read by running the very layers the build runs (`pipeline.run` over
a `Corpus` whose annotation files are the pass's), so every rule of docs/RULES.md holds for a pass as for the gold.
An optional `pass.yaml` says what of the directory is not a pass of its own (see `PassManifest`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from builders.corpus import Corpus, load_corpus
from builders.inputs import Entry, parse_entries
from builders.paths import ENTITIES_FILE, LINKS_FILE
from builders.problems import CorpusError, Problem, raise_if_any
from builders.yamlio import load_yaml

INDEPENDENT_PASS = "independent_pass"
MANIFEST_FILE = "pass.yaml"
PASS_LAYERS = ("mentions", "claims")  # per-document layers a pass must give for every document it covers
CONFIGS = ("mentions", "claims", "checkworthiness", "clusters", "claim_links")


class PassManifest(Entry):
    """`pass.yaml`: `links: false` when the directory's links.yaml is not this pass's own link layer."""

    links: bool = True
    reason: str = Field(min_length=1)


def _layers(links: bool) -> tuple:
    """The build's layers for a pass; the link layer's checks, except that a pass need not review every candidate
    sentence pair. Imported here: the link layer pulls in scikit-learn, which commands that never compare skip."""
    from builders.annotated.claims import ClaimLayer
    from builders.annotated.entities import EntityLayer
    from builders.annotated.links import LinkLayer
    from builders.automatic.text import TextLayer

    class PassLinkLayer(LinkLayer):
        reviews_required = False

    return (TextLayer, EntityLayer, ClaimLayer) + ((PassLinkLayer,) if links else ())


@dataclass
class Side:
    """One annotation of the corpus, as released records (JSON form), with the documents it covers."""

    name: str
    documents: dict[str, list[str]]  # per annotated layer ("mentions", "claims"): the documents it covers
    records: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    own_entities: bool = True  # False: the pass used the gold's entity ids
    links: bool = True  # whether the side has a link layer

    def collect(self, config: str, split: str, record: dict) -> None:
        if config in CONFIGS:
            self.records[config].append(record)


def gold_side(project: Path, records: dict[str, list[dict]] | None = None) -> Side:
    """The gold: from released records when given (the card has them), else by running the build's checks."""
    from builders.pipeline import corpus_at, run

    if records is None:
        side = Side("gold", {})
        run(corpus_at(project), side.collect)
    else:
        side = Side("gold", {}, defaultdict(list, {config: list(records.get(config, [])) for config in CONFIGS}))
    listed = load_corpus(corpus_at(project))
    side.documents = {layer: [d.id for d in listed if getattr(d.entry.annotation, layer) == "gold"] for layer in PASS_LAYERS}
    return side


def _manifest(directory: Path, shown: str) -> PassManifest | None:
    path = directory / MANIFEST_FILE
    if not path.is_file():
        return None
    data = load_yaml(path, shown)
    entries, problems = parse_entries([data], PassManifest, shown, MANIFEST_FILE)
    raise_if_any(problems)
    return entries[0][0]


def pass_documents(corpus: Corpus, directory: Path) -> list[str]:
    """Documents the pass covers: those with a file in any per-document layer; a file naming no listed document is a problem."""
    listed = {document.id for document in load_corpus(corpus)}
    covered, problems = set(), []
    for layer in PASS_LAYERS:
        for path in sorted((directory / layer).glob("*.yaml")):
            if path.stem in listed:
                covered.add(path.stem)
            else:
                problems.append(Problem(corpus.shown(path), 1, "annotation-document-mismatch", f"file names document {path.stem!r}, which corpus/documents.yaml does not list; expected <document id>.yaml"))
    raise_if_any(problems)
    return sorted(covered)


def pass_side(project: Path, directory: Path) -> Side:
    """A pass directory, validated with every gold rule; raises `CorpusError` with located problems."""
    from builders.pipeline import run

    directory = directory if directory.is_absolute() else project / directory
    corpus = Corpus(root=project / "corpus", project=project, annotations=directory)
    shown = corpus.shown(directory)
    if not directory.is_dir():
        raise CorpusError([Problem(shown, 1, "file-missing", f"no pass directory {shown}, expected a directory with mentions/ and claims/")])
    manifest = _manifest(directory, corpus.shown(directory / MANIFEST_FILE))
    documents = pass_documents(corpus, directory)
    if not documents:
        raise CorpusError([Problem(shown, 1, "file-missing", f"no annotation file under {shown}/mentions or {shown}/claims, expected <layer>/<document id>.yaml")])
    links = (directory / LINKS_FILE).is_file() and (manifest is None or manifest.links)
    side = Side(shown, {layer: documents for layer in PASS_LAYERS}, own_entities=(directory / ENTITIES_FILE).is_file(), links=links)
    run(corpus, side.collect, _layers(links), only=set(documents))
    return side


def pass_directories(project: Path) -> list[Path]:
    """Every pass kept in the corpus: the directories `corpus/*_pass/` (history passes included)."""
    return sorted(path for path in (project / "corpus").glob("*_pass") if path.is_dir())


def validate_passes(project: Path) -> None:
    """Check every pass with the gold's rules; raises `CorpusError` with the problems of all of them together."""
    problems: list[Problem] = []
    for directory in pass_directories(project):
        try:
            pass_side(project, directory)
        except CorpusError as error:
            problems.extend(error.problems)
    raise_if_any(problems)


def default_pass(project: Path) -> Path | None:
    """The pass `agreement` and the card compare with: the independent pass, when it is present."""
    path = project / "corpus" / INDEPENDENT_PASS
    return path if path.is_dir() else None
