"""The committed card and citation are exactly what the data generates, and agree with the release."""

from __future__ import annotations

import datetime

import yaml

from builders.publish import card_body
from builders.version import VERSION
from conftest import PROJECT

REGENERATE = "hague-claims build && hague-claims card"


def test_committed_card_is_the_generated_card(release):
    assert (PROJECT / "CARD.md").read_text(encoding="utf-8") == card_body(release), f"CARD.md is stale; regenerate with: {REGENERATE}"


def test_committed_plots_are_the_generated_plots(release):
    built = sorted(p.name for p in (release / "plots").glob("*.png"))
    assert built, "the build drew no plots"
    for name in built:
        assert (PROJECT / "plots" / name).read_bytes() == (release / "plots" / name).read_bytes(), f"plots/{name} is stale; regenerate with: {REGENERATE}"


def test_card_header_has_complete_metadata(release):
    header = yaml.safe_load((release / "README.md").read_text(encoding="utf-8").split("---\n")[1])
    for key in ("license", "language", "task_categories", "task_ids", "size_categories", "pretty_name", "annotations_creators", "source_datasets", "configs", "dataset_info"):
        assert header.get(key), key
    assert [c["config_name"] for c in header["configs"] if c.get("default")] == ["claims"]
    assert f"hague-claims {VERSION}" in card_body(release).splitlines()[0]


def test_citation_cff_has_required_fields_and_matches_the_release(release):
    cff = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "date-released", "license", "type"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0"
    assert all(author.get("name") or (author.get("family-names") and author.get("given-names")) for author in cff["authors"])
    assert str(cff["version"]) == VERSION
    datetime.date.fromisoformat(str(cff["date-released"]))
    assert f"## {VERSION} — {cff['date-released']}" in (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (release / "CITATION.cff").read_bytes() == (PROJECT / "CITATION.cff").read_bytes()
    assert f"version = {{{VERSION}}}" in card_body(release)
