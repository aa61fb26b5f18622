"""Counts per document, entity, label and split, against the committed expected counts (tests/expected_counts.tsv)."""

from builders.stats import REGENERATE, counts, load_release, read_expected
from conftest import PROJECT


def test_counts_match_expected(release):
    found = counts(load_release(release))
    expected = read_expected(PROJECT)
    differing = sorted(key for key in found.keys() | expected.keys() if found.get(key) != expected.get(key))
    assert not differing, "counts differ (key: expected → found):\n" + "\n".join(
        f"{key}: {expected.get(key)} → {found.get(key)}" for key in differing[:40]
    ) + f"\nif the change is intended, regenerate with: {REGENERATE}"


def test_expected_counts_cover_every_document_and_config():
    expected = read_expected(PROJECT)
    documents = {key.split("\t")[1] for key in expected if key.startswith("document\t")}
    assert len(documents) == 5
    configs = {key.split("\t")[1] for key in expected if key.startswith("rows\t")}
    assert len(configs) == 11
    assert sum(v for k, v in expected.items() if k.startswith("rows\tdocuments\t")) == 5
