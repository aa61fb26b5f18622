"""The `hague-claims` command (also `python -m builders`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builders.problems import CorpusError
from builders.version import VERSION


def _project(args: argparse.Namespace) -> Path:
    return Path(args.project).resolve()


def cmd_build(args: argparse.Namespace) -> int:
    from builders.pipeline import corpus_at
    from builders.release import build_release

    project = _project(args)
    out_dir = Path(args.out).resolve() if args.out else project / "dist"
    target = build_release(corpus_at(project), out_dir, project, engine=args.engine, workers=args.workers, address=args.address)
    print(f"built {target}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from builders.pipeline import corpus_at, validate

    count = validate(corpus_at(_project(args)))
    print(f"corpus is valid: {count} records would be released")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from builders.verify import verify_release

    problems = verify_release(Path(args.release).resolve())
    if problems:
        raise CorpusError(problems)
    print(f"release {args.release} verified")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from builders.schemas import stale_schemas, write_schemas

    schema_dir = _project(args) / "schema"
    if args.check:
        stale = stale_schemas(schema_dir)
        if stale:
            print(f"stale schema files: {', '.join(stale)}; regenerate with: hague-claims schema", file=sys.stderr)
            return 1
        print("schema files are up to date")
        return 0
    for path in write_schemas(schema_dir):
        print(f"wrote {path}")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    from builders.corpus import load_corpus, read_document
    from builders.pipeline import corpus_at
    from builders.problems import raise_if_any

    corpus = corpus_at(_project(args))
    (listed,) = [d for d in load_corpus(corpus) if d.id == args.document] or [None]
    if listed is None:
        print(f"unknown document {args.document}", file=sys.stderr)
        return 2
    document, problems = read_document(corpus, listed)
    raise_if_any(problems)
    start = document.text.find(args.quote)
    while start != -1:
        print(f"start={start} end={start + len(args.quote)} line={document.text.count(chr(10), 0, start) + 1}")
        start = document.text.find(args.quote, start + 1)
    return 0


def _release_dir(args: argparse.Namespace) -> Path:
    from builders.paths import release_name

    return Path(args.release).resolve() if getattr(args, "release", None) else _project(args) / "dist" / release_name(VERSION)


def cmd_counts(args: argparse.Namespace) -> int:
    from builders.stats import EXPECTED_COUNTS, counts, load_release, render_counts

    text = render_counts(counts(load_release(_release_dir(args))))
    if args.write:
        target = _project(args) / EXPECTED_COUNTS
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from builders.agreement import all_agreement

    for layer, scores in all_agreement(_project(args) / "corpus").items():
        print(f"## {layer}")
        for name, value in scores.values.items():
            print(f"{name}\t{value}\t(n={scores.n[name]})")
        if args.disagreements:
            for line in scores.disagreements:
                print(f"  - {line}")
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    from builders.lock import lock_of, lock_path, render

    text = render(lock_of(_release_dir(args)))
    if args.write:
        target = lock_path(_project(args))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Old: a lock file or release; new: a release, or the working corpus built into a scratch directory."""
    import tempfile

    from builders.lock import compare, lock_of, lock_path, next_version, read_lock, required_bump
    from builders.pipeline import corpus_at
    from builders.release import build_release

    project = _project(args)
    old_path = Path(args.old).resolve() if args.old else lock_path(project)
    old = read_lock(old_path) if old_path.is_file() else lock_of(old_path)
    with tempfile.TemporaryDirectory() as scratch:
        new_release = Path(args.new).resolve() if args.new else build_release(corpus_at(project), Path(scratch), project)
        changes = compare(old, new_release)
    for change in changes:
        print(change.describe())
    bump = required_bump(changes)
    print(f"required bump: {bump.name} ({old['version']} -> {next_version(old['version'], bump)})")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from builders.publish import write_card

    for path in write_card(_release_dir(args), _project(args)):
        print(f"wrote {path}")
    return 0


def cmd_baselines(args: argparse.Namespace) -> int:
    from builders import baselines
    from builders.stats import load_release

    print(baselines.table(baselines.run(load_release(_release_dir(args)))))
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from builders.automatic.candidates import THRESHOLD, candidate_pairs, document_of
    from builders.automatic.text import TextLayer
    from builders.pipeline import corpus_at, run

    sentences: dict[str, str] = {}

    def keep_sentences(config: str, split: str, record: dict) -> None:
        if config == "sentences":
            sentences[record["id"]] = record["text"]

    run(corpus_at(_project(args)), keep_sentences, layers=(TextLayer,))
    threshold = args.threshold if args.threshold is not None else THRESHOLD
    for candidate in candidate_pairs(sentences, threshold):
        if args.document and args.document not in (document_of(candidate.a), document_of(candidate.b)):
            continue
        print(f"{candidate.score:.4f}\t{candidate.a}\t{candidate.b}\n  A: {sentences[candidate.a]}\n  B: {sentences[candidate.b]}")
    return 0


def _release_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--release", help="release directory (default: dist/hague-claims-<version>)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="hague-claims", description="Build, validate and verify the hague-claims dataset.")
    top.add_argument("--version", action="version", version=f"hague-claims {VERSION}")
    top.add_argument("--project", default=".", help="project root holding corpus/ (default: current directory)")
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the release into dist/hague-claims-<version>/")
    build.add_argument("--out", help="output directory (default: <project>/dist)")
    build.add_argument("--engine", choices=("local", "ray"), default="local", help="executor of the automatic layers (default: local; ray needs the [engine] extra)")
    build.add_argument("--workers", type=int, default=1, help="processes (local) or CPUs (ray, without --address) for the automatic layers (default 1)")
    build.add_argument("--address", help="with --engine ray: the Ray cluster to join, e.g. auto or ray://head:10001")
    build.set_defaults(run=cmd_build)

    validate = commands.add_parser("validate", help="check the corpus and annotations; write nothing")
    validate.set_defaults(run=cmd_validate)

    verify = commands.add_parser("verify", help="check a built release: checksums, schemas, rules")
    verify.add_argument("release", help="release directory, e.g. dist/hague-claims-1.0.0")
    verify.set_defaults(run=cmd_verify)

    schema = commands.add_parser("schema", help="write schema/*.schema.json from the record models")
    schema.add_argument("--check", action="store_true", help="fail when committed schema files are stale")
    schema.set_defaults(run=cmd_schema)

    counts = commands.add_parser("counts", help="print (or --write to tests/) the expected counts of a built release")
    _release_option(counts)
    counts.add_argument("--write", action="store_true", help="regenerate tests/expected_counts.tsv")
    counts.set_defaults(run=cmd_counts)

    agreement = commands.add_parser("agreement", help="inter-annotator agreement between gold and corpus/second_pass/")
    agreement.add_argument("--disagreements", action="store_true", help="also list every disagreement")
    agreement.set_defaults(run=cmd_agreement)

    lock = commands.add_parser("lock", help="print (or --write) releases/<version>.lock from a built release")
    _release_option(lock)
    lock.add_argument("--write", action="store_true", help="write releases/<version>.lock")
    lock.set_defaults(run=cmd_lock)

    diff = commands.add_parser("diff", help="compare two releases or locks record by record and name the version bump")
    diff.add_argument("--old", help="a .lock file or release directory (default: releases/<version>.lock)")
    diff.add_argument("--new", help="a release directory (default: build the working corpus)")
    diff.set_defaults(run=cmd_diff)

    card = commands.add_parser("card", help="copy a built release's card and plots into CARD.md and plots/")
    _release_option(card)
    card.set_defaults(run=cmd_card)

    baselines = commands.add_parser("baselines", help="train and evaluate the TF-IDF + logistic regression baselines")
    _release_option(baselines)
    baselines.set_defaults(run=cmd_baselines)

    candidates = commands.add_parser("candidates", help="list the cross-document candidate sentence pairs for link review")
    candidates.add_argument("--threshold", type=float, help="similarity threshold (default: the one the build uses)")
    candidates.add_argument("--document", help="only the pairs with a sentence of this document id")
    candidates.set_defaults(run=cmd_candidates)

    locate = commands.add_parser("locate", help="print every offset where a quote occurs in a document")
    locate.add_argument("document", help="document id, e.g. 7f3c7cf446ff5a3c")
    locate.add_argument("quote")
    locate.set_defaults(run=cmd_locate)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CorpusError as error:
        print(error.report(), file=sys.stderr)
        return 1
