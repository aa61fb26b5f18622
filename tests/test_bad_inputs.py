"""Every rule has a minimal bad fixture; each must fail validation with exactly its rule id, and never crash."""

from __future__ import annotations

import re

import pytest

from builders.cli import main
from builders.pipeline import corpus_at, validate
from builders.problems import CorpusError
from conftest import BAD, apply_fixture

REPORT_LINE = re.compile(r"^\S+:\d+: \[[a-z0-9-]+\] .+")


def test_good_fixture_is_valid(tmp_path):
    from conftest import GOOD
    import shutil

    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    assert validate(corpus_at(tmp_path)) > 0


@pytest.mark.parametrize("fixture", BAD, ids=[path.stem for path in BAD])
def test_bad_fixture_reports_its_rule(fixture, tmp_path):
    rule = apply_fixture(fixture, tmp_path)
    with pytest.raises(CorpusError) as caught:
        validate(corpus_at(tmp_path))
    rules = {problem.rule for problem in caught.value.problems}
    assert rule in rules, caught.value.report()
    assert rules == {rule}, f"fixture should break only {rule}: {caught.value.report()}"


@pytest.mark.parametrize("fixture", BAD, ids=[path.stem for path in BAD])
def test_cli_reports_problem_lines_and_exits_non_zero(fixture, tmp_path, capsys):
    rule = apply_fixture(fixture, tmp_path)
    assert main(["--project", str(tmp_path), "validate"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert re.match(r"^\d+ problem\(s\) found(; not shown: .+)?$", err[-1]), err[-1]
    assert all(REPORT_LINE.match(line) for line in err[:-1]), err
    assert any(f"[{rule}]" in line for line in err)


def test_every_corpus_rule_in_the_docs_has_a_fixture():
    import yaml

    from conftest import PROJECT

    rules_doc = (PROJECT / "docs" / "RULES.md").read_text(encoding="utf-8")
    corpus_section = rules_doc.split("## Corpus rules", 1)[1].split("## Release rules", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", corpus_section, re.M))
    with_fixture = {yaml.safe_load(path.read_text(encoding="utf-8"))["rule"] for path in BAD}
    assert documented, "docs/RULES.md lists no corpus rules"
    assert sorted(documented - with_fixture) == [], "rules without a bad fixture under tests/fixtures/bad/"
    assert sorted(with_fixture - documented) == [], "fixtures for rules missing from docs/RULES.md"
