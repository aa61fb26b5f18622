"""The real corpus builds into a release that the real `datasets` library loads, and that `verify` accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import datasets
import pytest

from builders.configs import CONFIGS
from builders.features import features_of
from builders.verify import verify_release
from conftest import PROJECT

RAW = sorted((PROJECT / "corpus" / "raw").glob("*.txt"))


def released_configs(release: Path) -> list[str]:
    return sorted(path.name for path in (release / "data").iterdir())


def test_every_config_is_released(release):
    assert released_configs(release) == sorted(CONFIGS)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_load_dataset_gives_declared_features(release, config):
    loaded = datasets.load_dataset(str(release), config)
    for split in loaded.values():
        assert split.features == features_of(CONFIGS[config].model)
    streamed = datasets.load_dataset(str(release), config, streaming=True)
    first_split = next(iter(streamed.values()))
    assert set(next(iter(first_split))) == set(features_of(CONFIGS[config].model))
    from_disk = datasets.load_from_disk(str(release / "disk" / config))
    assert {name: len(split) for name, split in from_disk.items()} == {name: len(split) for name, split in loaded.items()}


def test_documents_are_the_raw_files(release):
    documents = datasets.concatenate_datasets(list(datasets.load_dataset(str(release), "documents").values()))
    assert len(documents) == 5
    by_id = {row["id"]: row for row in documents}
    for raw in RAW:
        assert by_id[raw.stem.split("_")[1]]["text"] == raw.read_text(encoding="utf-8")


def test_sentences_cover_every_line_of_the_raw_files(release):
    sentences = datasets.concatenate_datasets(list(datasets.load_dataset(str(release), "sentences").values()))
    # Every non-blank line of these texts is exactly one sentence (read by hand, see corpus/GUIDELINES.md 0.2).
    expected = {raw.stem.split("_")[1]: [line.strip() for line in raw.read_text(encoding="utf-8").split("\n") if line.strip()] for raw in RAW}
    for document_id, lines in expected.items():
        rows = sorted((row for row in sentences if row["document_id"] == document_id), key=lambda row: row["index"])
        assert [row["text"] for row in rows] == lines
    headlines = {row["document_id"] for row in sentences if row["is_headline"]}
    assert headlines == {"2785ac57c6417e71", "8eb613b65b6c8969", "dba414eed7401155"}


def test_sentence_offsets_index_the_raw_text(release):
    documents = {row["id"]: row["text"] for split in datasets.load_dataset(str(release), "documents").values() for row in split}
    for split in datasets.load_dataset(str(release), "sentences").values():
        for row in split:
            assert documents[row["document_id"]][row["start"] : row["end"]] == row["text"]


def test_verify_accepts_the_release(release):
    assert verify_release(release) == []


def test_verify_rejects_one_changed_byte(release, tmp_path):
    copy = tmp_path / release.name
    shutil.copytree(release, copy)
    target = copy / "data" / "sentences" / "train-00000-of-00001.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    problems = verify_release(copy)
    assert [(p.path, p.rule) for p in problems] == [("data/sentences/train-00000-of-00001.parquet", "checksum-mismatch")]


def test_two_builds_are_byte_identical(release, tmp_path):
    from builders.pipeline import corpus_at
    from builders.release import build_release

    second = build_release(corpus_at(PROJECT), tmp_path, PROJECT)
    first_files = sorted(p.relative_to(release) for p in release.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files
    for relative in first_files:
        assert (release / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_failed_build_leaves_previous_release_untouched(release, tmp_path):
    from builders.pipeline import corpus_at
    from builders.problems import CorpusError
    from builders.release import build_release

    out = tmp_path / "dist"
    shutil.copytree(release, out / release.name)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "corpus", project / "corpus")
    raw = project / "corpus" / "raw" / RAW[0].name
    raw.write_bytes(raw.read_bytes() + b"edited\n")
    with pytest.raises(CorpusError):
        build_release(corpus_at(project), out, project)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_verify_checks_records_not_only_checksums(release, tmp_path):
    """A re-hashed release whose mention offsets were shifted still fails, on the cross-record rule."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from builders.paths import sha256_of

    copy = tmp_path / release.name
    shutil.copytree(release, copy)
    relative = "data/mentions/train-00000-of-00001.parquet"
    table = pq.read_table(copy / relative)
    starts = table.column("start").to_pylist()
    starts[0] += 1
    table = table.set_column(table.schema.get_field_index("start"), table.schema.field("start"), pa.array(starts, pa.int32()))
    pq.write_table(table, copy / relative)
    _rehash(copy, relative)
    rules = {problem.rule for problem in verify_release(copy)}
    assert "span-text-mismatch" in rules


def _rehash(copy, relative):
    """Update manifest.json for a file edited on purpose, so only the rule under test can fire."""
    import json

    from builders.paths import sha256_of

    from builders.verify import canonical_manifest

    manifest = json.loads((copy / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == relative:
            entry["sha256"], entry["bytes"] = sha256_of(copy / relative), (copy / relative).stat().st_size
    (copy / "manifest.json").write_text(canonical_manifest(manifest))


def _corrupt_label(copy):
    import pyarrow as pa
    import pyarrow.parquet as pq

    relative = "data/claims/train-00000-of-00001.parquet"
    table = pq.read_table(copy / relative)
    labels = table.column("veracity").to_pylist()
    labels[0] = 99
    index = table.schema.get_field_index("veracity")
    pq.write_table(table.set_column(index, table.schema.field(index), pa.array(labels, table.schema.field(index).type)), copy / relative)
    _rehash(copy, relative)


def _drop_column(copy):
    import pyarrow.parquet as pq

    relative = "data/facts/full-00000-of-00001.parquet"
    pq.write_table(pq.read_table(copy / relative).drop_columns(["quote"]), copy / relative)
    _rehash(copy, relative)


def _manifest(copy, edit):
    import json

    manifest = json.loads((copy / "manifest.json").read_text())
    edit(manifest)
    (copy / "manifest.json").write_text(json.dumps(manifest))


CORRUPTIONS = {
    "file-missing": lambda copy: (copy / "data" / "facts" / "full-00000-of-00001.parquet").unlink(),
    "file-unlisted": lambda copy: (copy / "data" / "stray.txt").write_text("stray"),
    "manifest-malformed": lambda copy: _manifest(copy, lambda m: m["files"].append({"path": "../../../etc/hostname", "sha256": "0" * 64})),
    "row-count-mismatch": lambda copy: _manifest(copy, lambda m: next(e for e in m["files"] if e["path"].startswith("data/facts/")).update(rows=1)),
    "record-schema": _corrupt_label,
    "arrow-schema-mismatch": _drop_column,
}


@pytest.mark.parametrize("rule", sorted(CORRUPTIONS))
def test_verify_names_the_broken_release_rule(release, tmp_path, rule):
    copy = tmp_path / release.name
    shutil.copytree(release, copy)
    CORRUPTIONS[rule](copy)
    assert rule in {problem.rule for problem in verify_release(copy)}


def test_build_failing_late_leaves_previous_release_and_no_staging(release, tmp_path, monkeypatch):
    """A failure after the Parquet files are written (while writing metadata) changes nothing in the output folder."""
    import builders.release
    from builders.pipeline import corpus_at
    from builders.release import build_release

    out = tmp_path / "dist"
    shutil.copytree(release, out / release.name)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def fail(*args, **kwargs):
        raise RuntimeError("interrupted while writing metadata")

    monkeypatch.setattr(builders.release, "write_metadata", fail)
    with pytest.raises(RuntimeError):
        build_release(corpus_at(PROJECT), out, PROJECT)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == [release.name]
