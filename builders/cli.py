"""The `hague-claims` command (also `python -m builders`)."""

from __future__ import annotations

import argparse
import os
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
    target = build_release(corpus_at(project), out_dir, project, engine=args.engine, workers=args.workers, address=args.address, use_cache=not args.no_cache)
    print(f"built {target}")
    _print_digest(target)
    return 0


def _print_digest(release: Path) -> None:
    from builders.lock import SHIPPED_LOCK, read_lock, release_digest

    print(f"release digest: {release_digest(read_lock(release / SHIPPED_LOCK))}")


def cmd_validate(args: argparse.Namespace) -> int:
    from builders.cache import PROJECT_INPUTS, key_of, project_cache

    project = _project(args)
    cache = project_cache(project, not args.no_cache)
    key = key_of("validate", project, PROJECT_INPUTS) if cache.directory else None
    count = cache.get("validate", key)
    if type(count) is not int:
        from builders.pipeline import corpus_at, validate

        count = validate(corpus_at(project))
        cache.put("validate", key, count)
    print(f"corpus is valid: {count} records would be released")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the release is intact (and, with a lock or digest, exactly the pinned one); 1 otherwise."""
    import json

    from builders.lock import lock_path, read_lock
    from builders.paths import MANIFEST
    from builders.problems import Problem
    from builders.verify import verification

    release = Path(args.release).resolve()
    lock_file = Path(args.lock).resolve() if args.lock else None
    if lock_file is None:
        try:
            version = json.loads((release / MANIFEST).read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError, AttributeError):
            version = None
        default = lock_path(_project(args), version) if isinstance(version, str) else None
        lock_file = default if default is not None and default.is_file() else None
    pinned = None
    if lock_file is not None:
        try:
            pinned = read_lock(lock_file)
        except (OSError, ValueError) as error:
            raise CorpusError([Problem(str(lock_file), 1, "lock-mismatch", f"cannot read the lock ({error}), expected a lock written by `hague-claims lock --write`")]) from None
        if not isinstance(pinned, dict):
            raise CorpusError([Problem(str(lock_file), 1, "lock-mismatch", "the lock is not a JSON object, expected a lock written by `hague-claims lock --write`")])
    from builders.cache import project_cache

    problems, digest = verification(release, pinned, args.digest, str(lock_file) if lock_file else "", project_cache(_project(args), not args.no_cache))
    if problems:
        raise CorpusError(problems)
    print(f"release {args.release} verified" + (f" against {lock_file}" if lock_file else " (no pinned lock given or found in releases/: checked against its own manifest and lock.json)"))
    if pinned is not None and not _files_compared(pinned):
        print("note: the lock was written with other library versions (or pins no files), so file bytes were not compared; records, splits and features were")
    print(f"release digest: {digest}")
    return 0


def _files_compared(pinned: dict) -> bool:
    from builders.lock import writer_versions

    return "files" in pinned and pinned.get("writers") == writer_versions()


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
    from builders.corpus import Corpus, load_corpus, read_document  # not the pipeline: locate starts in a blink
    from builders.problems import raise_if_any

    project = _project(args)
    corpus = Corpus(root=project / "corpus", project=project)
    (listed,) = [d for d in load_corpus(corpus) if d.id == args.document] or [None]
    if listed is None:
        print(f"unknown document {args.document}", file=sys.stderr)
        return 1
    document, problems = read_document(corpus, listed)
    raise_if_any(problems)
    start = document.text.find(args.quote)
    if start == -1:
        print(f"{args.quote!r} does not occur in document {args.document}", file=sys.stderr)
        return 1
    while start != -1:
        print(f"start={start} end={start + len(args.quote)} line={document.text.count(chr(10), 0, start) + 1}")
        start = document.text.find(args.quote, start + 1)
    return 0


def _release_dir(args: argparse.Namespace, option: str = "release") -> Path:
    """The release a command reads (`--release`, default dist/hague-claims-<version>), refused before anything is
    read or written when it is not a release: a missing directory, or one without manifest.json."""
    from builders.paths import release_name

    given = getattr(args, option, None)
    return require_release(Path(given).resolve() if given else _project(args) / "dist" / release_name(VERSION))


def require_release(path: Path) -> Path:
    from builders.paths import MANIFEST
    from builders.problems import Problem

    if not path.is_dir():
        raise CorpusError([Problem(str(path), 1, "release-missing", "no such directory, expected a built release (hague-claims build)")])
    if not (path / MANIFEST).is_file():
        raise CorpusError([Problem(str(path / MANIFEST), 1, "release-missing", f"the directory has no {MANIFEST}, expected a built release (hague-claims build)")])
    return path


def _verified(release: Path) -> Path:
    """A release about to be the source of a pinned file (--write): it must pass `verify` first."""
    from builders.verify import verify_release

    problems = verify_release(release)
    if problems:
        raise CorpusError(problems)
    return release


def cmd_counts(args: argparse.Namespace) -> int:
    from builders.stats import EXPECTED_COUNTS, counts, load_release, render_counts

    release = _release_dir(args)
    text = render_counts(counts(load_release(_verified(release) if args.write else release)))
    if args.write:
        target = _project(args) / EXPECTED_COUNTS
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from builders.agreement import agreement_report
    from builders.agreement.render import render

    report = agreement_report(_project(args), args.pass_dir)
    if report is None:
        print("no pass to compare: corpus/independent_pass/ is absent; name one with --pass DIR", file=sys.stderr)
        return 1
    print(render(report))
    if args.disagreements:
        print("\nDisagreements:")
        for line in report.disagreements:
            print(f"- {line}")
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    from builders.lock import lock_of, lock_path, render

    release = _release_dir(args)
    text = render(lock_of(_verified(release) if args.write else release))
    if args.write:
        target = lock_path(_project(args))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Old: a lock file or release; new: a release, or the working corpus built into a scratch directory.

    Exit 0 when the new version carries the bump the change needs, 3 when it does not, 1 on bad input."""
    import json
    import tempfile

    from builders.lock import bump_between, compare, latest_lock, lock_of, next_version, read_lock, required_bump
    from builders.paths import MANIFEST
    from builders.pipeline import corpus_at
    from builders.release import build_release

    project = _project(args)
    old_path = Path(args.old).resolve() if args.old else latest_lock(project)
    if old_path.is_file():
        try:
            old = read_lock(old_path)
        except ValueError as error:
            old = {"error": str(error)}
        if not (isinstance(old, dict) and isinstance(old.get("version"), str) and isinstance(old.get("configs"), dict)):
            from builders.problems import Problem

            raise CorpusError([Problem(str(old_path), 1, "release-missing", "not a lock, expected a lock written by `hague-claims lock --write` or a release directory")])
    else:
        old = lock_of(require_release(old_path))
    new_given = Path(args.new).resolve() if args.new else None
    if new_given is not None:
        require_release(new_given)
    with tempfile.TemporaryDirectory() as scratch:
        new_release = new_given or build_release(corpus_at(project), Path(scratch), project)
        new_version = json.loads((new_release / MANIFEST).read_text(encoding="utf-8")).get("version", VERSION)
        changes = compare(old, new_release)
    for change in changes:
        print(change.describe())
    bump = required_bump(changes)
    print(f"required bump: {bump.name} ({old['version']} -> {next_version(old['version'], bump)})")
    carried = bump_between(old["version"], new_version)
    if carried < bump:
        print(f"the new version {new_version} carries a {carried.name} bump, the change needs {bump.name}: set the version to {next_version(old['version'], bump)}", file=sys.stderr)
        return 3
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from builders.publish import write_card

    for path in write_card(_verified(_release_dir(args)), _project(args)):
        print(f"wrote {path}")
    return 0


def cmd_baselines(args: argparse.Namespace) -> int:
    from builders import baselines
    from builders.stats import load_release

    print(baselines.table(baselines.run(load_release(_release_dir(args)))))
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from builders.cache import key_of, project_cache
    from builders.proposals.candidate_list import ReviewInputs, listing, review_inputs

    project = _project(args)
    cache = project_cache(project, not args.no_cache)
    key = key_of("candidates", project, ("corpus",)) if cache.directory else None
    inputs = ReviewInputs.from_json(cache.get("candidates", key))
    if inputs is None:
        from builders.pipeline import corpus_at
        from builders.proposals.gold import load_gold

        inputs = review_inputs(load_gold(corpus_at(project)))
        cache.put("candidates", key, inputs.to_json())
    for line in listing(inputs, args.document, args.unreviewed, args.threshold):
        print(line)
    return 0


def cmd_view(args: argparse.Namespace) -> int:
    from builders.viewer import write_site

    release = _release_dir(args)
    if not (release / "data").is_dir():
        print(f"{release} has no data/ directory; expected a built release (run: hague-claims build)", file=sys.stderr)
        return 2
    out = Path(args.out).resolve() if args.out else release / "viewer"
    try:
        print(f"wrote {write_site(release, out)}")
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from builders.add import Request, add_documents, read_listing
    from builders.pipeline import corpus_at

    project = _project(args)
    requests = [Request(Path(f).resolve(), args.publisher, args.url, args.published, args.split, args.headline, args.language) for f in args.files]
    if (requests and not all((args.publisher, args.url, args.published))) or not (requests or args.listing):
        print("hague-claims add: give FILE... with --publisher, --url and --published, or --listing FILE", file=sys.stderr)
        return 2
    if args.listing:
        requests += read_listing(Path(args.listing).resolve(), project)
    outcomes = add_documents(corpus_at(project), requests)
    for outcome in outcomes:
        if outcome.added:
            print(f"added {outcome.document_id} as corpus/{outcome.raw_file}")
        else:
            print(f"already in the corpus as {outcome.document_id} (same bytes): nothing changed")
    new = [o.document_id for o in outcomes if o.added]
    if new:
        print("next: hague-claims build (automatic layers of every document), then for each new document:")
        print("  hague-claims propose " + " ; hague-claims propose ".join(new))
    return 0


def cmd_propose(args: argparse.Namespace) -> int:
    from builders.pipeline import corpus_at
    from builders.proposals.propose import propose

    proposed = propose(corpus_at(_project(args)), args.document, force=args.force)
    links = proposed.links
    open_relations = sum(1 for r in links["relations"] if r["relation"] is None)
    open_reviews = sum(1 for r in links["reviews"] if r["decision"] is None)
    unlabelled = sum(1 for s in proposed.labels if s["label"] is None)
    print(f"proposed for {args.document}: {len(proposed.mentions)} mentions; {len(proposed.labels) - unlabelled} of {len(proposed.labels)} sentence labels; "
          f"{len(proposed.claims)} claims; {len(links['joins'])} cluster joins; {len(links['relations']) - open_relations} of {len(links['relations'])} relations; "
          f"{len(links['reviews']) - open_reviews} of {len(links['reviews'])} candidate reviews; {len(links['open'])} open notes")
    print(f"next: edit corpus/annotations/{{mentions,claims,links}}/{args.document}.yaml, then hague-claims review {args.document} --accept-all")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from builders.pipeline import corpus_at
    from builders.proposals.review import review

    result = review(corpus_at(_project(args)), args.document, accept_all=args.accept_all, accept=tuple(args.accept or ()))
    print(f"accepted {result.accepted} proposals; {len(result.left)} left")
    for line in result.left:
        print(f"  {line}")
    if result.gold_layers:
        print(f"now gold: {', '.join(result.gold_layers)} (hague-claims build releases them)")
    return 0


def _cache_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--no-cache", action="store_true", help="do the work even when build/cache/ holds its result for exactly these inputs (and store nothing)")


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
    _cache_option(build)
    build.set_defaults(run=cmd_build)

    validate = commands.add_parser("validate", help="check the corpus and annotations; write nothing")
    _cache_option(validate)
    validate.set_defaults(run=cmd_validate)

    verify = commands.add_parser("verify", help="check a built release: checksums, schemas, rules")
    verify.add_argument("release", help="release directory, e.g. dist/hague-claims-1.0.0")
    verify.add_argument("--lock", help="a pinned lock the release must match (default: releases/<version>.lock of --project, when it exists)")
    verify.add_argument("--digest", help="the release digest it must have (printed by build and verify, quoted by the card and the release's CITATION.cff)")
    _cache_option(verify)
    verify.set_defaults(run=cmd_verify)

    schema = commands.add_parser("schema", help="write schema/*.schema.json from the record models")
    schema.add_argument("--check", action="store_true", help="fail when committed schema files are stale")
    schema.set_defaults(run=cmd_schema)

    counts = commands.add_parser("counts", help="print (or --write to tests/) the expected counts of a built release")
    _release_option(counts)
    counts.add_argument("--write", action="store_true", help="regenerate tests/expected_counts.tsv")
    counts.set_defaults(run=cmd_counts)

    agreement = commands.add_parser("agreement", help="inter-annotator agreement between the gold and a pass (default corpus/independent_pass/)")
    agreement.add_argument("--pass", dest="pass_dir", type=Path, default=None, help="the pass directory to compare with the gold (default corpus/independent_pass/ when present)")
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

    card = commands.add_parser("card", help="copy a built release's card, plots and listing pages into CARD.md, plots/ and docs/")
    _release_option(card)
    card.set_defaults(run=cmd_card)

    baselines = commands.add_parser("baselines", help="train and evaluate the TF-IDF + logistic regression baselines")
    _release_option(baselines)
    baselines.set_defaults(run=cmd_baselines)

    candidates = commands.add_parser("candidates", help="list the cross-document candidate sentence pairs for link review")
    candidates.add_argument("--threshold", type=float, help="similarity threshold (default: the one the build uses)")
    candidates.add_argument("--document", help="only pairs with a sentence of this document (also one not yet gold)")
    candidates.add_argument("--unreviewed", action="store_true", help="only pairs neither linked nor reviewed")
    _cache_option(candidates)
    candidates.set_defaults(run=cmd_candidates)

    view = commands.add_parser("view", help="write the static browser of a built release (HTML, opens from disk)")
    view.add_argument("release", nargs="?", help="release directory (default: dist/hague-claims-<version>)")
    view.add_argument("--out", help="output directory (default: <release>/viewer)")
    view.set_defaults(run=cmd_view)

    add = commands.add_parser("add", help="add raw text files to the corpus (checked, copied byte for byte, listed with their SHA-256)")
    add.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 text files (LF line endings, no BOM)")
    add.add_argument("--publisher", help="site or publisher, e.g. example.news")
    add.add_argument("--url", help="address the text was published at")
    add.add_argument("--published", help="publication date, YYYY-MM-DD")
    add.add_argument("--split", default="train", choices=("train", "validation", "test"), help="split of the new documents (default: train)")
    add.add_argument("--headline", action="store_true", help="the first line is a headline")
    add.add_argument("--language", default="en", help="ISO 639-1 code (default: en)")
    add.add_argument("--listing", help="a YAML (documents: [...]) or CSV listing of many files: file, publisher, url, published[, split, headline, language]")
    add.set_defaults(run=cmd_add)

    propose = commands.add_parser("propose", help="write proposed mentions, claims and links for a document, to review")
    propose.add_argument("document", help="document id")
    propose.add_argument("--force", action="store_true", help="replace earlier proposals (never gold files)")
    propose.set_defaults(run=cmd_propose)

    review = commands.add_parser("review", help="accept proposals (all, or by id) and report what is left")
    review.add_argument("document", help="document id")
    review.add_argument("--accept-all", action="store_true", help="accept every proposal that has no open value")
    review.add_argument("--accept", nargs="+", metavar="ID", help="accept these proposals (ids as the report prints them)")
    review.set_defaults(run=cmd_review)

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
    except BrokenPipeError:  # the output went to `head` or a pager that closed early: not an error of the data
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
