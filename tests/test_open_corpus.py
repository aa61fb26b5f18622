"""The open corpus: a document added to a copy of the real corpus gets its automatic layers at once, diffs as MINOR,
leaves the gold untouched, and becomes gold through propose and review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builders.add import Request, add_documents, document_id_for
from builders.lock import Bump, compare, lock_of, lock_path, read_lock, required_bump
from builders.pipeline import corpus_at, validate
from builders.problems import CorpusError
from builders.proposals.evaluate import leave_one_out
from builders.proposals.propose import propose
from builders.proposals.review import review
from builders.release import build_release
from builders.stats import load_release
from builders.verify import verify_release
from conftest import FIXTURES, PROJECT

RETELLING = FIXTURES / "added" / "retelling.txt"  # the tests' own text, written for them; no site published it
GOLD_CONFIGS = ("entities", "mentions", "ner", "facts", "claims", "checkworthiness", "clusters", "claim_links", "claim_pairs")


def _copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "corpus", project / "corpus")
    shutil.copytree(PROJECT / "releases", project / "releases")
    shutil.copytree(PROJECT / "metadata", project / "metadata")
    for name in ("CITATION.cff", "LICENSE"):
        shutil.copyfile(PROJECT / name, project / name)
    return project


def _add(project: Path) -> str:
    request = Request(RETELLING, "example.test", "https://example.test/retelling", "2025-12-19", headline=True)
    (outcome,) = add_documents(corpus_at(project), [request])
    assert outcome.added and outcome.document_id == document_id_for(RETELLING.read_bytes())
    return outcome.document_id


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> tuple[Path, str, Path]:
    """A copy of the project with the tests' re-telling added (no annotation yet), and its built release."""
    project = _copy_project(tmp_path_factory.mktemp("open"))
    document_id = _add(project)
    release = build_release(corpus_at(project), project / "dist", project)
    return project, document_id, release


def test_added_document_gets_automatic_layers_only(added):
    project, document_id, release = added
    records = load_release(release)
    documents = {d["id"]: d for d in records["documents"]}
    assert documents[document_id]["mentions_status"] == "none" and documents[document_id]["claims_status"] == "none"
    lines = [line for line in RETELLING.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [s for s in records["sentences"] if s["document_id"] == document_id]
    assert [s["text"] for s in sorted(sentences, key=lambda s: s["index"])] == lines  # one sentence per line here
    assert all(s["tokens"] and len(s["tokens"]) == len(s["token_starts"]) for s in sentences)
    for config in GOLD_CONFIGS:
        assert not any(document_id in str(r.get("document_id", "")) for r in records[config]), config
    assert verify_release(release) == []


def test_adding_a_document_is_minor_and_leaves_the_gold_untouched(added, release):
    _, _, added_release = added
    changes = compare(read_lock(lock_path(PROJECT)), added_release)
    assert required_bump(changes) is Bump.MINOR, [c.describe() for c in changes]
    before, after = lock_of(release), lock_of(added_release)
    for config in GOLD_CONFIGS:
        assert before["configs"][config]["records"] == after["configs"][config]["records"], config


def test_adding_the_same_bytes_again_changes_nothing(added):
    project, document_id, _ = added
    listing = (project / "corpus" / "documents.yaml").read_bytes()
    (outcome,) = add_documents(corpus_at(project), [Request(RETELLING, "other.test", "https://other.test/x", "2025-12-20")])
    assert not outcome.added and outcome.document_id == document_id
    assert (project / "corpus" / "documents.yaml").read_bytes() == listing


@pytest.mark.parametrize(("data", "rule"), [(b"\xef\xbb\xbfHello.\n", "raw-bom"), (b"Hello.\r\n", "raw-crlf"), (b"", "raw-empty"), (b"caf\xe9\n", "raw-not-utf8"), (b"a\x00b\n", "raw-nul")])
def test_add_refuses_bad_bytes_and_changes_nothing(tmp_path, data, rule):
    project = _copy_project(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    before = sorted(p.name for p in (project / "corpus" / "raw").iterdir()), (project / "corpus" / "documents.yaml").read_bytes()
    with pytest.raises(CorpusError) as error:
        add_documents(corpus_at(project), [Request(bad, "example.test", "https://example.test/bad", "2025-12-19")])
    assert rule in {p.rule for p in error.value.problems}
    assert (sorted(p.name for p in (project / "corpus" / "raw").iterdir()), (project / "corpus" / "documents.yaml").read_bytes()) == before


def test_propose_then_review_makes_the_document_gold(tmp_path):
    project = _copy_project(tmp_path)
    document_id = _add(project)
    corpus = corpus_at(project)
    proposed = propose(corpus, document_id)
    assert proposed.mentions and proposed.claims and all("proposed" in m for m in proposed.mentions)
    with pytest.raises(CorpusError):  # proposals are never overwritten silently
        propose(corpus, document_id)
    first = review(corpus, document_id, accept_all=True)
    assert first.gold_layers == ["mentions"]  # every mention had a value; some sentence labels are open
    assert first.left and all("label is open" in line for line in first.left)
    labels = project / "corpus" / "annotations" / "claims" / f"{document_id}.yaml"
    labels.write_text(labels.read_text(encoding="utf-8").replace("label: null", 'label: "non-factual"'), encoding="utf-8")  # a person decides
    second = review(corpus, document_id, accept_all=True)
    assert second.gold_layers == ["mentions", "claims"] and not second.left
    validate(corpus)
    release = build_release(corpus, project / "dist", project)
    records = load_release(release)
    assert len([m for m in records["mentions"] if m["document_id"] == document_id]) == len(proposed.mentions)
    assert len([c for c in records["claims"] if c["document_id"] == document_id]) == len(proposed.claims)
    assert verify_release(release) == []


def test_leave_one_out_proposals_save_work():
    """Accepting the proposals and fixing the rest takes fewer edits than annotating from scratch, in every document."""
    scores = leave_one_out(corpus_at(PROJECT))
    assert len(scores) >= 3  # at least two gold documents and the pooled row
    for name, tally in scores.items():
        assert tally.counts["edits"] < tally.counts["from_scratch"], name
    precision, recall, _ = scores["all"].f1("mention")
    assert precision >= 0.85 and recall >= 0.6


def test_commands_that_write_the_corpus_refuse_with_their_rule(tmp_path):
    project = _copy_project(tmp_path)
    corpus = corpus_at(project)
    gold_document = next(iter(read_lock(lock_path(PROJECT))["configs"]["documents"]["records"]))
    cases = [
        (lambda: propose(corpus, "0000000000000000"), "unknown-document"),
        (lambda: propose(corpus, gold_document), "proposal-over-gold"),
        (lambda: review(corpus, "0000000000000000"), "unknown-document"),
    ]
    document_id = _add(project)
    propose(corpus, document_id)
    cases += [(lambda: propose(corpus, document_id), "proposal-exists"), (lambda: review(corpus, document_id, accept=("c999",)), "unknown-proposal")]
    for call, rule in cases:
        with pytest.raises(CorpusError) as error:
            call()
        assert {p.rule for p in error.value.problems} == {rule}


def test_candidates_filter_by_document_and_review_state(added, capsys):
    from builders.cli import main

    project, document_id, _ = added
    assert main(["--project", str(PROJECT), "candidates", "--unreviewed"]) == 0
    assert capsys.readouterr().out == ""  # the gold covers every candidate pair
    assert main(["--project", str(project), "candidates", "--document", document_id, "--unreviewed"]) == 0
    pairs = [line.split("\t") for line in capsys.readouterr().out.splitlines() if not line.startswith("  ")]
    assert pairs and all(document_id in (a + b) and status == "unreviewed" for _, a, b, status in pairs)
