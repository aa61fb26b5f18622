"""The release's Croissant metadata: mlcroissant accepts it offline and reads the same records as pyarrow."""

from __future__ import annotations

import hashlib
import json
import logging
import socket
from pathlib import Path

import mlcroissant as mlc
import pyarrow.parquet as pq
import pytest
from datasets import List

from builders.configs import CONFIGS
from builders.croissant import croissant_metadata
from builders.features import features_of
from builders.paths import parquet_path
from builders.version import VERSION

REQUIRED = ["documents", "sentences", "claims", "claim_pairs"]


def rows_of(release: Path) -> dict[str, dict[str, int]]:
    """Config -> split -> row count, read from the Parquet files themselves."""
    rows: dict[str, dict[str, int]] = {}
    for path in sorted((release / "data").glob("*/*.parquet")):
        rows.setdefault(path.parent.name, {})[path.name.split("-", 1)[0]] = pq.ParquetFile(path).metadata.num_rows
    return rows


def _no_network(*args, **kwargs):
    raise AssertionError(f"network access attempted: {args}")


@pytest.fixture(scope="module")
def offline():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(socket, "create_connection", _no_network)
        yield


@pytest.fixture(scope="module")
def croissant(release) -> Path:
    """The release's croissant.json, which must be what `croissant_metadata` gives for the release's files."""
    path = release / "croissant.json"
    assert path.is_file(), "the build wrote no croissant.json"
    assert json.loads(path.read_text(encoding="utf-8")) == croissant_metadata(release, rows_of(release))
    return path


@pytest.fixture(scope="module")
def metadata(croissant) -> dict:
    return json.loads(croissant.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dataset(croissant, offline) -> mlc.Dataset:
    return mlc.Dataset(jsonld=croissant)


def test_same_release_gives_same_metadata(release):
    rows = rows_of(release)
    first = json.dumps(croissant_metadata(release, rows), sort_keys=True)
    assert json.dumps(croissant_metadata(release, dict(reversed(rows.items()))), sort_keys=True) == first


def test_mlcroissant_accepts_it_without_warnings(croissant, offline, caplog):
    # Errors raise mlcroissant.ValidationError; warnings (e.g. a non-standard @context) are only logged.
    with caplog.at_level(logging.WARNING):
        dataset = mlc.Dataset(jsonld=croissant)
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert dataset.metadata.ctx.issues.errors == set()
    assert dataset.metadata.ctx.issues.warnings == set()


def test_dataset_level_fields(metadata, dataset):
    assert metadata["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert (metadata["name"], metadata["version"], metadata["inLanguage"]) == ("hague-claims", VERSION, "en")
    assert metadata["citeAs"].startswith("@misc{") and VERSION in metadata["citeAs"]
    assert {licence["name"] for licence in metadata["license"]} >= {"CC-BY-4.0"}
    assert "belong to their publishers" in metadata["description"]
    assert "No human annotators" in metadata["rai:annotatorDemographics"]
    assert metadata["rai:hasSyntheticData"] is False
    assert dataset.metadata.date_published is not None
    assert dataset.metadata.annotator_demographics == [metadata["rai:annotatorDemographics"]]  # RAI texts parse as lists


def test_every_parquet_file_is_a_file_object_with_its_sha256(release, metadata):
    files = {item["contentUrl"]: item for item in metadata["distribution"] if item["@type"] == "cr:FileObject"}
    on_disk = {path.relative_to(release).as_posix() for path in (release / "data").rglob("*.parquet")}
    assert set(files) == on_disk
    for relative, item in files.items():
        assert item["encodingFormat"] == "application/x-parquet"
        assert item["sha256"] == hashlib.sha256((release / relative).read_bytes()).hexdigest(), relative


def test_every_config_is_a_record_set_with_its_model_fields(release, metadata):
    rows = rows_of(release)
    record_sets = {record_set["@id"]: record_set for record_set in metadata["recordSet"]}
    assert set(REQUIRED) <= set(record_sets)
    assert set(record_sets) == set(rows)
    for config, record_set in record_sets.items():
        model = CONFIGS[config].model
        features = features_of(model)
        fields = {field["name"]: field for field in record_set["field"]}
        assert list(fields) == [*model.model_fields, "split"]
        for name, info in model.model_fields.items():
            assert fields[name]["@id"] == f"{config}/{name}"
            assert fields[name].get("repeated", False) == isinstance(features[name], List)
            if info.description:
                assert fields[name]["description"].startswith(info.description)
        file_set = next(item for item in metadata["distribution"] if item["@id"] == fields["id"]["source"]["fileSet"]["@id"])
        assert sorted(file_set["includes"]) == sorted(parquet_path(config, split) for split in rows[config])
    veracity = next(field for field in record_sets["claims"]["field"] if field["name"] == "veracity")
    names = features_of(CONFIGS["claims"].model)["veracity"].names
    assert veracity["dataType"] == "sc:Integer"
    assert veracity["description"].endswith(" ClassLabel index; names: " + ", ".join(f"{i}={name}" for i, name in enumerate(names)) + ".")


def _plain(value):
    """An mlcroissant value as pyarrow gives it: sc:Text comes back as bytes, subFields keyed by their @id."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key.rsplit("/", 1)[1]: _plain(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_mlcroissant_reads_what_pyarrow_reads(release, dataset, config):
    rows = rows_of(release)
    if config not in rows:
        assert config not in REQUIRED, f"{config} has no rows in the release"
        pytest.skip(f"{config} has no rows in this release")
    expected = sorted(
        ({**row, "split": split} for split in rows[config] for row in pq.read_table(release / parquet_path(config, split)).to_pylist()),
        key=lambda row: (row["split"], row["id"]),
    )
    records = [{key.split("/", 1)[1]: _plain(value) for key, value in record.items()} for record in dataset.records(record_set=config)]
    records.sort(key=lambda row: (row["split"], row["id"]))
    assert len(records) == sum(rows[config].values())
    assert records == expected


def test_records_can_be_filtered_by_split(release, dataset):
    for split, count in rows_of(release)["claims"].items():
        records = list(dataset.records(record_set="claims", filters={"claims/split": split}))
        assert len(records) == count
        assert {record["claims/split"] for record in records} == {split.encode()}
