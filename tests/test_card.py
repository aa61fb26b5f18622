"""The committed card and citation are exactly what the data generates, and agree with the release."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml

from builders.card import PAGES, _cell, maintainer_line
from builders.configs import CONFIGS
from builders.citation import bibtex, composition, digest_of, maintainer, release_cff, render_cff
from builders.lock import lock_of, release_digest
from builders.problems import CorpusError
from builders.publish import card_body
from builders.stats import load_release
from builders.version import VERSION
from conftest import PROJECT

REGENERATE = "hague-claims build && hague-claims card"


def test_committed_card_is_the_generated_card(release):
    assert (PROJECT / "CARD.md").read_text(encoding="utf-8") == card_body(release), f"CARD.md is stale; regenerate with: {REGENERATE}"


def test_every_field_of_every_record_model_has_a_description():
    from builders.records import Record, Span

    models = [config.model for config in CONFIGS.values()] + [Span]
    assert {m.__name__ for m in Record.__subclasses__()} <= {m.__name__ for m in models}, "a record model is not a config"
    missing = [f"{model.__name__}.{name}" for model in models for name, info in model.model_fields.items() if not (info.description or "").strip()]
    assert missing == [], f"fields without a description (add Field(description=...) in builders/records.py): {missing}"


def test_card_field_tables_carry_every_description(release):
    card = card_body(release)
    for config in CONFIGS.values():
        for name, info in config.model.model_fields.items():
            assert f"| `{name}` |" in card and _cell(info.description) in card, (config.name, name)


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
    assert f"version = {{{VERSION}}}" in card_body(release)


def test_release_citation_is_the_project_citation_with_digest_and_maintainer(release):
    released = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    project = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {k: v for k, v in released.items() if k not in ("message", "identifiers", "abstract")} == {k: v for k, v in project.items() if k not in ("message", "abstract")}
    documents = load_release(release)["documents"]
    assert released["abstract"] == f"{project['abstract'].rstrip()} {composition(documents)}"
    assert f"holds {len(documents)} documents" in released["abstract"]  # counted from the data, never typed
    assert (release / "CITATION.cff").read_text(encoding="utf-8") == render_cff(release_cff(PROJECT, digest_of(released), documents))


def test_one_digest_is_quoted_everywhere_and_is_the_release_digest(release):
    digest = release_digest(lock_of(release))
    cff = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    assert digest_of(cff) == digest
    assert [i["value"] for i in cff["identifiers"]] == [f"sha256:{digest}"]
    card = card_body(release)
    assert f"**Release digest:** `sha256:{digest}`" in card
    assert f"release digest sha256:{digest}" in bibtex(cff) and bibtex(cff) in card
    croissant = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["identifier"] == f"sha256:{digest}" and croissant["citeAs"] == bibtex(cff)


def test_unset_maintainer_is_said_plainly(release):
    assert maintainer(PROJECT) == {"repository": None, "contact": None}, "this test covers the default, empty maintainer file"
    cff = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    assert "repository-code" not in cff and "contact" not in cff
    assert "No maintainer repository or contact is set" in cff["message"]
    assert "**Maintainer:** not set: this release names no repository and no contact" in card_body(release)


def test_maintainer_set_reaches_cff_bibtex_and_card_lines(tmp_path):
    import shutil

    shutil.copyfile(PROJECT / "CITATION.cff", tmp_path / "CITATION.cff")
    (tmp_path / "metadata").mkdir()
    (tmp_path / "metadata" / "maintainer.yaml").write_text('repository: "https://example.org/hague-claims"\ncontact: ""\n', encoding="utf-8")
    people = maintainer(tmp_path)
    cff = release_cff(tmp_path, "0" * 64)
    assert cff["repository-code"] == "https://example.org/hague-claims" and "contact" not in cff
    assert "No maintainer contact is set" in cff["message"]
    assert "url = {https://example.org/hague-claims}" in bibtex(cff)
    assert "https://example.org/hague-claims" in maintainer_line(people) and "No maintainer contact is set" in maintainer_line(people)


def test_missing_maintainer_file_means_nothing_is_set(tmp_path):
    assert maintainer(tmp_path) == {"repository": None, "contact": None}


def test_malformed_maintainer_file_is_a_clear_error(tmp_path):
    (tmp_path / "metadata").mkdir()
    (tmp_path / "metadata" / "maintainer.yaml").write_text("repository: x\nemail: y\n", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        maintainer(tmp_path)
    assert [(p.path, p.rule) for p in error.value.problems] == [("metadata/maintainer.yaml", "maintainer-malformed")]


def test_listing_pages_are_linked_and_committed(release):
    card = card_body(release)
    for page in PAGES:
        assert f"]({page})" in card
        assert (PROJECT / page).read_bytes() == (release / page).read_bytes(), f"{page} is stale; regenerate with: {REGENERATE}"


def test_card_opens_with_loading_and_use(release):
    headings = [line for line in card_body(release).splitlines() if line.startswith("## ")]
    assert headings[:6] == ["## Loading and use", "## Configs", "## Fields", "## Splits and leakage", "## Annotation process", "## Limitations"]
    assert "## Citation" in headings


def test_id_namespaces_are_as_the_card_says(release):
    """Ids carrying a document id never equal an entity, fact or cluster id; shared ids among those are all named."""
    from builders.stats import load_release

    records = load_release(release)
    named = {row["id"] for config in ("entities", "facts", "clusters") for row in records[config]}
    with_document = {row["id"] for config in ("sentences", "mentions", "claims", "claim_links", "claim_pairs") for row in records[config]}
    assert not named & with_document
    card = card_body(release)
    facts, clusters = {row["id"] for row in records["facts"]}, {row["id"] for row in records["clusters"]}
    for shared in facts & clusters:
        assert f"`{shared}`" in card.split("## Fields", 1)[0]
