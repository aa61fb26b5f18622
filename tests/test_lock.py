"""The release lock pins this version's records: data that changes without a version bump fails here."""

from __future__ import annotations

import json
import shutil

from builders.lock import Bump, compare, diff, lock_of, lock_path, next_version, read_lock, required_bump
from builders.pipeline import corpus_at
from builders.release import build_release
from builders.version import VERSION
from conftest import PROJECT


def test_release_matches_the_lock_of_its_version(release):
    changes = compare(read_lock(lock_path(PROJECT)), release)
    bump = required_bump(changes)
    assert not changes, (
        "the data changed without a version bump:\n"
        + "\n".join(change.describe() for change in changes)
        + f"\nrequired: {bump.name}; set builders/version.py to {next_version(VERSION, bump)}, add a CHANGELOG.md entry,"
        + " then run: hague-claims build && hague-claims lock --write && hague-claims card"
    )


def test_lock_records_row_counts_and_digests(release):
    lock = read_lock(lock_path(PROJECT))
    assert lock["version"] == VERSION
    for config, entry in lock["configs"].items():
        assert sum(split["rows"] for split in entry["splits"].values()) == len(entry["records"]), config
        for split in entry["splits"].values():
            assert len(split["content_sha256"]) == 64 and len(split["file_sha256"]) == 64


def test_changing_one_label_requires_a_major_bump(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "corpus", project / "corpus")
    for name in ("CITATION.cff", "LICENSE", "metadata/maintainer.yaml"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / name, project / name)
    labels = project / "corpus" / "annotations" / "claims" / "7f3c7cf446ff5a3c.yaml"
    text = labels.read_text(encoding="utf-8")
    assert "label: check-worthy-factual" in text
    labels.write_text(text.replace("label: check-worthy-factual", "label: unimportant-factual", 1), encoding="utf-8")
    changes = compare(read_lock(lock_path(PROJECT)), build_release(corpus_at(project), tmp_path / "dist", project))
    assert required_bump(changes) is Bump.MAJOR
    assert {change.config for change in changes} == {"checkworthiness", "claims"}
    assert all(change.changed and not change.added and not change.removed for change in changes)


def test_added_records_need_a_minor_bump(release):
    lock = read_lock(lock_path(PROJECT))
    smaller = {**lock, "configs": {**lock["configs"], "facts": {**lock["configs"]["facts"], "records": dict(list(lock["configs"]["facts"]["records"].items())[1:])}}}
    changes = diff(smaller, lock_of(release))
    assert required_bump(changes) is Bump.MINOR
    assert [change.config for change in changes] == ["facts"]


def test_an_added_field_needs_a_minor_bump_not_a_major_one(release):
    """A lock of a version without `facts.reference`: the release adds that field to every fact, changing no value."""
    full = lock_of(release)
    # record digests leave out derived fields (counts, memberships), as `lock_of` does
    older_fields = {name: [f for f in entry["fields"] if (name, f) != ("facts", "reference") and f not in entry["derived"]] for name, entry in full["configs"].items()}
    older = lock_of(release, digest_fields=older_fields)
    older["configs"]["facts"]["fields"] = [f for f in full["configs"]["facts"]["fields"] if f != "reference"]
    changes = compare(older, release)
    assert required_bump(changes) is Bump.MINOR
    assert [(c.config, c.fields_added, c.changed) for c in changes] == [("facts", ["reference"], [])]


def test_derived_fields_stay_out_of_record_digests(release):
    """An entity's mention count and documents follow from the mentions: a change there alone is not a changed entity."""
    lock = lock_of(release)
    assert lock["configs"]["entities"]["derived"] == ["mention_count", "documents"]
    assert lock["configs"]["clusters"]["derived"] == ["claim_ids", "document_ids"]
    older = json.loads(json.dumps(lock))
    some_entity = next(iter(older["configs"]["entities"]["records"]))
    older["configs"]["entities"]["records"][some_entity] = older["configs"]["entities"]["records"][some_entity].split(":")[0] + ":" + "0" * 64
    assert [c.changed for c in diff(older, lock) if c.config == "entities"] == [[some_entity]]  # a real change shows
    assert not [c for c in compare(lock, release) if c.config in ("entities", "clusters")]


def test_writer_versions_are_the_libraries_own():
    """Read from the installed metadata (no import at verify's start-up), they are what the modules say they are."""
    import datasets
    import matplotlib
    import pyarrow

    from builders.lock import writer_versions

    assert writer_versions() == {"pyarrow": pyarrow.__version__, "datasets": datasets.__version__, "matplotlib": matplotlib.__version__}
