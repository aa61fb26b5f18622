"""A data listing (JSON Lines, CSV or Parquet) beside documents.yaml adds documents to the automatic layers."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from builders.arrow import decode
from builders.automatic.batch import write_automatic
from builders.configs import CONFIGS
from builders.listing import all_listed
from builders.paths import parquet_path
from builders.pipeline import corpus_at, validate
from builders.problems import CorpusError
from conftest import GOOD, PROJECT

TEXTS = ["Extra headline one\nFirst sentence. Second one here.\n", "No headline here. Only body.\nAnother line.\n"]


def project_with_listing(tmp_path, kind: str) -> list[dict]:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    shutil.copytree(PROJECT / "metadata", tmp_path / "metadata", dirs_exist_ok=True)  # validate checks the maintainer file
    entries = []
    for number, text in enumerate(TEXTS):
        document_id = f"{number + 1:016x}"
        name = f"raw/{100 + number}_{document_id}.txt"
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
        entries.append({"id": document_id, "file": name, "sha256": hashlib.sha256(text.encode()).hexdigest(), "headline": number == 0, "publisher": "p", "url": f"https://p.example/{number}", "published": "2025-12-18", "date_source": "address", "language": "en", "split": "train"})
    target = tmp_path / "corpus" / f"documents.{kind}"
    if kind == "jsonl":
        target.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    elif kind == "csv":
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(entries[0]))
            writer.writeheader()
            writer.writerows({**e, "headline": str(e["headline"]).lower()} for e in entries)
    else:
        pq.write_table(pa.Table.from_pylist(entries), target)
    return entries


def automatic_records(project) -> dict[str, list[dict]]:
    corpus = corpus_at(project)
    out = project / "out"
    problems: list = []
    rows = write_automatic(corpus, out, all_listed(corpus, problems), listing_problems=problems)
    return {f"{c}/{s}": [decode(r, CONFIGS[c].model) for r in pq.read_table(out / parquet_path(c, s)).to_pylist()] for c, splits in rows.items() for s in splits}


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_data_listed_documents_get_the_automatic_layers(tmp_path, kind):
    entries = project_with_listing(tmp_path, kind)
    records = automatic_records(tmp_path)
    train_ids = [d["id"] for d in records["documents/train"]]
    assert train_ids[-2:] == [e["id"] for e in entries]  # after the gold documents, in listing order
    extra = [s["text"] for s in records["sentences/train"] if s["document_id"] in {e["id"] for e in entries}]
    assert extra == ["Extra headline one", "First sentence.", "Second one here.", "No headline here.", "Only body.", "Another line."]
    gold_only = tmp_path.parent / f"{tmp_path.name}-gold"
    shutil.copytree(tmp_path, gold_only)
    (gold_only / "corpus" / f"documents.{kind}").unlink()
    for entry in entries:
        (gold_only / "corpus" / entry["file"]).unlink()
    assert validate(corpus_at(tmp_path)) == validate(corpus_at(gold_only)) + 2 + 6


def test_a_bad_data_listed_document_is_reported_at_its_line(tmp_path):
    project_with_listing(tmp_path, "jsonl")
    listing = tmp_path / "corpus" / "documents.jsonl"
    lines = listing.read_text(encoding="utf-8").splitlines()
    listing.write_text(lines[0] + "\n" + lines[1].replace('"split": "train"', '"split": "dev"') + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        validate(corpus_at(tmp_path))
    assert [(p.path, p.line, p.rule) for p in caught.value.problems] == [("corpus/documents.jsonl", 2, "entry-invalid")]
