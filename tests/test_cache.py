"""The content-addressed cache: a result is reused only for exactly the inputs and code it was computed from, and a
missing or corrupt cache falls back to the real work."""

from __future__ import annotations

import shutil

import pytest

import builders.pipeline
import builders.proposals.gold
from builders import cache as cache_module
from builders.cache import CACHE_DIR, PROJECT_INPUTS, Cache, key_of
from builders.cli import main
from builders.pipeline import corpus_at
from builders.proposals.candidate_list import ReviewInputs, listing, review_inputs
from builders.proposals.gold import load_gold
from builders.version import VERSION
from conftest import BAD, GOOD, PROJECT, apply_fixture


@pytest.fixture
def project(tmp_path):
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture
def counted(monkeypatch):
    """Counts the real runs of validate and of the gold pipeline behind candidates."""
    calls = {"validate": 0, "gold": 0}
    real_validate, real_gold = builders.pipeline.validate, builders.proposals.gold.load_gold

    def validate(corpus):
        calls["validate"] += 1
        return real_validate(corpus)

    def gold(corpus):
        calls["gold"] += 1
        return real_gold(corpus)

    monkeypatch.setattr(builders.pipeline, "validate", validate)
    monkeypatch.setattr(builders.proposals.gold, "load_gold", gold)
    return calls


def _key(project):
    return key_of("validate", project, PROJECT_INPUTS)


def test_the_key_changes_with_every_input_byte_and_file(project):
    original = _key(project)
    assert original == _key(project)
    raw = sorted((project / "corpus" / "raw").iterdir())[0]
    data = raw.read_bytes()
    raw.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert _key(project) != original
    raw.write_bytes(data)
    assert _key(project) == original
    (project / "corpus" / "notes.txt").write_text("", encoding="utf-8")
    assert _key(project) != original
    (project / "corpus" / "notes.txt").unlink()
    (project / "CITATION.cff").write_text((project / "CITATION.cff").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _key(project) != original


def test_a_symbolic_link_among_the_inputs_disables_the_cache(project):
    (project / "corpus" / "elsewhere.yaml").symlink_to(project / "CITATION.cff")
    assert _key(project) is None
    assert main(["--project", str(project), "validate"]) == 0
    assert not (project / CACHE_DIR).exists()


def test_the_key_changes_with_the_code(tmp_path, monkeypatch):
    package = tmp_path / "builders"
    shutil.copytree(cache_module.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "PACKAGE", package)
    cache_module.code_fingerprint.cache_clear()
    try:
        before = cache_module.code_fingerprint()
        (package / "rules.py").write_text((package / "rules.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() != before
    finally:
        monkeypatch.undo()
        cache_module.code_fingerprint.cache_clear()


def test_validate_reuses_its_result_only_for_the_same_inputs(project, counted, capsys):
    assert main(["--project", str(project), "validate"]) == 0
    first = capsys.readouterr().out
    assert main(["--project", str(project), "validate"]) == 0
    assert capsys.readouterr().out == first
    assert counted["validate"] == 1  # the second run found the result of exactly these inputs
    rule = apply_fixture(BAD[0], project)  # a change that breaks a rule: the stored "valid" must not be reused
    assert main(["--project", str(project), "validate"]) == 1
    assert f"[{rule}]" in capsys.readouterr().err
    assert counted["validate"] == 2
    assert main(["--project", str(project), "validate", "--no-cache"]) == 1
    assert counted["validate"] == 3


@pytest.mark.parametrize("damage", ["deleted", "truncated", "value edited", "another key"])
def test_a_deleted_or_corrupt_cache_falls_back_to_the_real_work(damage, project, counted, capsys):
    assert main(["--project", str(project), "validate"]) == 0
    expected = capsys.readouterr().out
    (entry,) = (project / CACHE_DIR / "validate").glob("*.json")
    text = entry.read_text(encoding="utf-8")
    if damage == "deleted":
        shutil.rmtree(project / CACHE_DIR)
    elif damage == "truncated":
        entry.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "value edited":
        entry.write_text(text.replace('"value": ', '"value": 1', 1), encoding="utf-8")
    else:  # an entry whose recorded key is not the one its name says
        entry.write_text(text.replace(entry.stem, "0" * 64), encoding="utf-8")
    assert main(["--project", str(project), "validate"]) == 0
    assert capsys.readouterr().out == expected
    assert counted["validate"] == 2
    assert main(["--project", str(project), "validate"]) == 0  # the real work stored a sound entry again
    assert counted["validate"] == 2


def test_an_unwritable_cache_is_not_used(project, counted, capsys):
    (project / "build").write_text("not a directory", encoding="utf-8")
    assert main(["--project", str(project), "validate"]) == 0
    assert main(["--project", str(project), "validate"]) == 0
    assert counted["validate"] == 2


def test_candidates_reuse_the_gold_only_for_the_same_corpus(project, counted, capsys):
    args = ["--project", str(project), "candidates", "--threshold", "0.01"]
    assert main(args) == 0
    before = capsys.readouterr().out
    assert "[warning]" in before
    assert main(args) == 0
    assert capsys.readouterr().out == before
    assert counted["gold"] == 1
    links = project / "corpus" / "links.yaml"
    links.write_text(links.read_text(encoding="utf-8").replace("warning", "warned"), encoding="utf-8")
    assert main(args) == 0
    after = capsys.readouterr().out
    assert counted["gold"] == 2
    assert after == before.replace("[warning]", "[warned]") and after != before


def test_the_cached_listing_is_the_listing_of_the_gold_for_every_document():
    """The inputs as stored (JSON) give the same lines as the gold they were taken from, whatever the options."""
    import json

    gold = load_gold(corpus_at(PROJECT))
    fresh = review_inputs(gold)
    stored = ReviewInputs.from_json(json.loads(json.dumps(fresh.to_json())))
    documents = sorted(gold.splits) + ["not-a-document"]
    for document in [None, *documents]:
        for unreviewed in (False, True):
            for threshold in (None, 0.2):
                lines = list(listing(fresh, document, unreviewed, threshold))
                assert list(listing(stored, document, unreviewed, threshold)) == lines
                if document and not unreviewed and threshold is None and document in gold.splits:
                    assert lines and all(document in line for line in lines if not line.startswith("  "))


def test_stored_inputs_of_another_form_are_refused():
    assert ReviewInputs.from_json(None) is None
    assert ReviewInputs.from_json({"labelled": {}}) is None
    assert ReviewInputs.from_json({"labelled": [], "sentences": {}, "clusters_in": {}, "not_linked": []}) is None


def test_a_disabled_cache_finds_and_stores_nothing(tmp_path):
    disabled = Cache(None)
    disabled.put("validate", "k", 1)
    assert disabled.get("validate", "k") is None
    enabled = Cache(tmp_path)
    enabled.put("validate", "k", 1)
    assert enabled.get("validate", "k") == 1 and enabled.get("validate", "j") is None and enabled.get("verify", "k") is None


def test_the_passes_are_reused_only_for_the_same_project_inputs(tmp_path, monkeypatch):
    import builders.agreement.sides
    from builders.problems import CorpusError
    from builders.publish import check_metadata_inputs

    for name in PROJECT_INPUTS:
        (shutil.copytree if (PROJECT / name).is_dir() else shutil.copyfile)(PROJECT / name, tmp_path / name)
    calls = []
    real = builders.agreement.sides.validate_passes
    monkeypatch.setattr(builders.agreement.sides, "validate_passes", lambda project: calls.append(project) or real(project))
    cache = Cache(tmp_path / CACHE_DIR)
    check_metadata_inputs(tmp_path, cache)
    check_metadata_inputs(tmp_path, cache)
    assert len(calls) == 1
    claims = sorted((tmp_path / "corpus" / "independent_pass" / "claims").glob("*.yaml"))[0]
    claims.write_text(claims.read_text(encoding="utf-8").replace("label: check-worthy-factual", "label: check-worthy", 1), encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        check_metadata_inputs(tmp_path, cache)
    assert len(calls) == 2 and error.value.problems


def test_card_baselines_are_reused_only_for_the_same_records(release, tmp_path, monkeypatch):
    import copy

    import builders.baselines
    from builders import card
    from builders.stats import load_release

    records = load_release(release)
    calls = []
    real = builders.baselines.run
    monkeypatch.setattr(builders.baselines, "run", lambda r: calls.append(1) or real(r))
    cache = Cache(tmp_path)
    first = card.baselines_section(records, cache)
    assert card.baselines_section(records, cache) == first and len(calls) == 1
    changed = copy.deepcopy(records)
    for claim in changed["claims"][:40]:
        claim["veracity"] = "refuted"
    assert card.baselines_section(changed, cache) == builders.baselines.table(real(changed)) != first
    assert len(calls) == 2


def test_card_plots_are_the_drawn_bytes_and_redrawn_for_other_records(release, tmp_path):
    import copy

    from builders import card, plots
    from builders.stats import load_release

    records = load_release(release)
    cache = Cache(tmp_path / "cache")
    drawn, cached, fresh = (tmp_path / name for name in ("drawn", "cached", "fresh"))
    assert card.drawn_plots(records, drawn, cache) == [plots.LABELS_PNG, plots.CLUSTERS_PNG]
    assert card.drawn_plots(records, cached, cache) == [plots.LABELS_PNG, plots.CLUSTERS_PNG]
    for name in (plots.LABELS_PNG, plots.CLUSTERS_PNG):
        assert (cached / name).read_bytes() == (drawn / name).read_bytes() == (release / name).read_bytes()
    changed = copy.deepcopy(records)
    for claim in changed["claims"][:40]:
        claim["veracity"] = "refuted"
    card.drawn_plots(changed, cached, cache)
    plots.draw(changed, fresh)
    assert (cached / plots.LABELS_PNG).read_bytes() == (fresh / plots.LABELS_PNG).read_bytes() != (drawn / plots.LABELS_PNG).read_bytes()


def test_verify_of_bytes_already_verified_imports_no_heavy_library(release, tmp_path):
    import subprocess
    import sys

    project = tmp_path / "project"
    (project / "releases").mkdir(parents=True)
    shutil.copyfile(PROJECT / "releases" / f"{VERSION}.lock", project / "releases" / f"{VERSION}.lock")
    assert main(["--project", str(project), "verify", str(release)]) == 0  # fills the cache
    check = (
        "import sys; from builders.cli import main; "
        f"assert main(['--project', {str(project)!r}, 'verify', {str(release)!r}]) == 0; "
        "heavy = sorted({'datasets', 'matplotlib', 'sklearn', 'pandas'} & set(sys.modules)); assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", check], check=True, cwd=PROJECT, capture_output=True)
