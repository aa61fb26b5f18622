"""Every Python snippet of the README and of the card runs as written against the built release, and gives what
the text around it says."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from builders.configs import SPLITS
from builders.publish import card_body
from conftest import PROJECT

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(markdown: str) -> list[str]:
    return BLOCK.findall(markdown)


@contextlib.contextmanager
def working_directory(path: Path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run(code: str, cwd: Path) -> dict:
    namespace: dict = {"__name__": "__snippet__"}
    with working_directory(cwd), contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, "<snippet>", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def card_snippets(release) -> list[dict]:
    """Each card snippet's namespace after running it, from the folder that holds the release (as the card says)."""
    blocks = python_blocks(card_body(release))
    assert len(blocks) >= 5, "the card lost its snippets"
    return [run(code, release.parent) for code in blocks]


@pytest.fixture(scope="module")
def project_root(release, tmp_path_factory) -> Path:
    """A stand-in for the project root: `dist/<release>` is the built release."""
    root = tmp_path_factory.mktemp("project")
    (root / "dist").mkdir()
    (root / "dist" / release.name).symlink_to(release, target_is_directory=True)
    return root


def by_name(snippets: list[dict], name: str) -> dict:
    (found,) = [namespace for namespace in snippets if name in namespace]
    return found


def test_every_card_snippet_names_the_release_it_is_in(release):
    for code in python_blocks(card_body(release)):
        assert f'release = "{release.name}"' in code


def test_load_dataset_snippet_gives_classlabels(card_snippets, release):
    snippet = by_name(card_snippets, "veracity")
    assert set(snippet["claims"]) == set(SPLITS)
    assert snippet["veracity"].names[: 2] == ["supported", "refuted"]
    assert len(snippet["mentions"]["train"]) == len(pd.read_parquet(release / "data" / "mentions" / "train-00000-of-00001.parquet"))


def test_other_readers_get_label_names_splits_and_integer_offsets(card_snippets, release):
    snippet = by_name(card_snippets, "labels")
    claims = snippet["claims"]
    assert sorted(set(claims["split"])) == sorted(SPLITS)
    assert set(claims["veracity"].astype(str)) <= set(snippet["labels"]["claims"]["veracity"])
    assert "int" in str(claims["cue_start"].dtype) and claims["cue_start"].isna().any()
    mentions = snippet["mentions"]
    assert set(mentions["split"].unique()) == set(SPLITS)
    assert set(mentions["type"].unique()) <= set(snippet["labels"]["mentions"]["type"])
    assert json.loads((release / "labels.json").read_text())["ner"]["ner_tags"][0] == "O"


def test_duckdb_snippet_counts_every_claim_by_name(card_snippets, release):
    with working_directory(release.parent):  # a DuckDB relation runs its query (relative paths) when fetched
        rows = by_name(card_snippets, "counts")["counts"].fetchall()
    names = set(json.loads((release / "labels.json").read_text())["claims"]["veracity"])
    assert {split for split, _, _ in rows} == set(SPLITS)
    assert {label for _, label, _ in rows} <= names
    assert sum(n for _, _, n in rows) == sum(len(pd.read_parquet(path)) for path in (release / "data" / "claims").glob("*.parquet"))


def test_cluster_consistent_split_shares_no_claim_with_other_pair_splits(card_snippets, release):
    import datasets

    snippet = by_name(card_snippets, "claims_by_cluster")
    split_of_claim = {claim: split for split, rows in snippet["claims_by_cluster"].items() for claim in rows["id"]}
    assert len(split_of_claim) == sum(len(rows) for rows in datasets.load_dataset(str(release), "claims").values())
    for config, fields in (("claim_pairs", ("claim1", "claim2")), ("claim_links", ("source_claim", "target_claim"))):
        for split, rows in datasets.load_dataset(str(release), config).items():
            for field in fields:
                assert {split_of_claim[claim] for claim in rows[field]} == {split}, (config, split, field)


def test_leave_one_out_and_coreference_snippets(card_snippets):
    folds = by_name(card_snippets, "folds")["folds"]
    assert len(folds) == len({row for _, test in folds for row in test["document_id"]}) > 1
    assert all(not set(train["document_id"]) & set(test["document_id"]) for train, test in folds)
    links = by_name(card_snippets, "links")["links"]
    assert set(links["entity_id"]) >= {"valery-gerasimov", "nato"}


def test_readme_snippets_run_from_the_project_root(project_root):
    blocks = python_blocks((PROJECT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    for code in blocks:
        namespace = run(code, project_root)
        assert namespace["release"] == f"dist/{next((project_root / 'dist').iterdir()).name}", "the README names another version"
    assert list(namespace["test"]["veracity"].cat.categories)[:2] == ["supported", "refuted"]
