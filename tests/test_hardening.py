"""Input hardening: the YAML loader's limits, strict problem reports, and commands that refuse what is not a release."""

from __future__ import annotations

import shutil
import time

import pytest
import yaml

from builders import yamlio
from builders.cli import main
from builders.pipeline import corpus_at, validate
from builders.problems import CorpusError, Problem
from builders.yamlio import parse_yaml
from conftest import BAD, GOOD, PROJECT, apply_fixture


def _rules(text: str) -> list[tuple[int, str]]:
    with pytest.raises(CorpusError) as caught:
        parse_yaml(text, "f.yaml")
    return [(problem.line, problem.rule) for problem in caught.value.problems]


@pytest.mark.parametrize("tag", ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!set", "!!timestamp", "!", "!local"])
def test_every_tag_is_refused(tag):
    assert _rules(f"a: 1\nb: {tag} 41\n") == [(2, "yaml-malformed")]


def test_an_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    started = time.perf_counter()
    assert _rules(bomb) == [(1, "yaml-alias")]
    assert time.perf_counter() - started < 5  # refused while parsing: never expanded


@pytest.mark.parametrize("depth", [21, 500, 20_000])
def test_deep_nesting_is_refused_without_recursion_error(depth):
    assert _rules("a: " + "[" * depth + "]" * depth + "\n") == [(1, "yaml-too-deep")]
    block = "".join(" " * level + f"k{level}:\n" for level in range(depth if depth < 1000 else 1000)) + " " * 1000 + "x: 1\n"
    assert _rules(block)[0][1] == "yaml-too-deep"


def test_libyaml_parses_when_pyyaml_has_it():
    """The fast path is taken: PyYAML does not export `CParser` at its top level, so it must be found in `yaml.cyaml`."""
    assert (yamlio._Loader is getattr(yamlio, "_CLoader", None)) == yaml.__with_libyaml__


@pytest.mark.parametrize("loader", ["_PyLoader", "_CLoader"])
def test_both_loaders_refuse_the_same_inputs(loader, monkeypatch):
    monkeypatch.setattr(yamlio, "_Loader", getattr(yamlio, loader))
    assert _rules("a: " + "[" * 20_000 + "]" * 20_000 + "\n") == [(1, "yaml-too-deep")]
    assert _rules("a: &x [1]\nb: *x\n") == [(1, "yaml-alias")]
    assert _rules("a: 1\nb: !!str 41\n") == [(2, "yaml-malformed")]
    assert _rules("x: 1\n41: 1\n") == [(2, "yaml-key-not-string")]
    assert parse_yaml("a: [1, yes, 2025-12-18]\nb: {c: null}\n", "f.yaml") == {"a": [1, "yes", "2025-12-18"], "b": {"c": None}}


def test_nesting_within_the_limit_loads():
    """The top mapping and 19 lists: 20 levels."""
    assert str(parse_yaml("a: " + "[" * 19 + "]" * 19 + "\n", "f.yaml")) == "{'a': " + "[" * 18 + "[]" + "]" * 18 + "}"


@pytest.mark.parametrize("key", ["[a]", "{a: 1}", "41", "null", "true", "1.5"])
def test_keys_must_be_strings(key):
    assert _rules(f"x: 1\n{key}: 1\n") == [(2, "yaml-key-not-string")]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_reported_at_their_line(character):
    assert _rules(f"a: 1\nb: 2\nc: x{character}y\nd: 4\n") == [(3, "yaml-control-character")]


def test_a_merge_key_is_a_plain_key_not_a_merge():
    assert parse_yaml("x: 1\n<<: {a: 1}\n", "f.yaml") == {"x": 1, "<<": {"a": 1}}


def test_yaml_1_1_coercions_do_not_happen():
    loaded = parse_yaml("a: yes\nb: no\nc: on\nd: 2025-12-18\ne: 0x10\nf: 1_000\ng: true\nh: 41\ni: ~\n", "f.yaml")
    assert loaded == {"a": "yes", "b": "no", "c": "on", "d": "2025-12-18", "e": "0x10", "f": "1_000", "g": True, "h": 41, "i": None}


def test_the_shipped_corpus_and_citation_load_under_the_limits():
    from builders.yamlio import load_yaml

    files = sorted((PROJECT / "corpus").rglob("*.yaml")) + [PROJECT / "CITATION.cff"]
    assert len(files) > 10
    for path in files:
        assert load_yaml(path, path.name) is not None, path


def test_problems_sort_by_file_line_rule_and_numbers_as_numbers():
    problems = [
        Problem("b.yaml", 2, "x", "m"),
        Problem("a.yaml", 10, "x", "m"),
        Problem("a.yaml", 9, "y", "m"),
        Problem("a.yaml", 9, "x", "sentence 10 lacks a label"),
        Problem("a.yaml", 9, "x", "sentence 2 lacks a label"),
    ]
    report = CorpusError(problems).report().splitlines()
    assert report == [
        "a.yaml:9: [x] sentence 2 lacks a label",
        "a.yaml:9: [x] sentence 10 lacks a label",
        "a.yaml:9: [y] m",
        "a.yaml:10: [x] m",
        "b.yaml:2: [x] m",
        "5 problem(s) found",
    ]


def test_problems_are_capped_per_rule_with_a_count_of_the_rest():
    problems = [Problem("a.yaml", line, "span-edge", f"problem {line}") for line in range(1, 121)] + [Problem("a.yaml", 1, "other", "one")]
    report = CorpusError(problems).report(per_rule=50).splitlines()
    assert len(report) == 52
    assert report[-1] == "121 problem(s) found; not shown: 70 more [span-edge]"
    assert sum("[span-edge]" in line for line in report[:-1]) == 50


def test_a_problem_message_is_one_line():
    assert str(Problem("a", 1, "r", "two\nlines")) == "a:1: [r] two lines"


@pytest.mark.parametrize("fixture", BAD, ids=[path.stem for path in BAD])
def test_build_reports_exactly_what_validate_reports(fixture, tmp_path):
    """validate and build run the same checks in the same order: same problems, and no traceback from either."""
    from builders.release import build_release

    apply_fixture(fixture, tmp_path)
    with pytest.raises(CorpusError) as validated:
        validate(corpus_at(tmp_path))
    with pytest.raises(CorpusError) as built:
        build_release(corpus_at(tmp_path), tmp_path / "dist", tmp_path)
    assert built.value.problems == validated.value.problems
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_stop_words_only_give_no_candidates():
    from builders.automatic.candidates import candidate_pairs

    assert candidate_pairs({"aa-s000": "It is the one.", "bb-s000": "And it was them.", "bb-s001": "—"}) == []


# --- commands that read a release -------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """A project copy whose pinned files (lock, expected counts) must survive every refused command."""
    copy = tmp_path / "project"
    for relative in ("releases", "tests/expected_counts.tsv", "CARD.md", "CITATION.cff", "LICENSE"):
        source = PROJECT / relative
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, copy / relative)
    (copy / "not-a-release").mkdir()
    return copy


def _pinned(project):
    return {path.relative_to(project): path.read_bytes() for path in project.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    "argv",
    [
        ["lock", "--release", "/nonexistent", "--write"],
        ["counts", "--release", "/nonexistent", "--write"],
        ["lock", "--release", "{project}/not-a-release", "--write"],
        ["counts", "--release", "{project}/not-a-release", "--write"],
        ["counts"],  # run outside a project: no dist/ release here
        ["lock", "--write"],
        ["baselines", "--release", "/nonexistent"],
        ["card", "--release", "/nonexistent"],
        ["card", "--release", "{project}/not-a-release"],
        ["diff", "--new", "/nonexistent"],
        ["diff", "--old", "/nonexistent", "--new", "{project}/not-a-release"],
    ],
)
def test_commands_refuse_a_path_that_is_not_a_release(argv, project, capsys):
    before = _pinned(project)
    code = main(["--project", str(project), *[part.format(project=project) for part in argv]])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "[release-missing]" in err
    assert _pinned(project) == before


def test_write_refuses_a_release_that_fails_verify(project, tmp_path, capsys):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text('{"name": "hague-claims", "version": "1.0.0", "files": []}\n', encoding="utf-8")
    (tmp_path / "broken" / "stray.txt").write_text("x", encoding="utf-8")
    before = _pinned(project)
    for command in ("lock", "counts"):
        assert main(["--project", str(project), command, "--release", str(tmp_path / "broken"), "--write"]) == 1
    assert "[file-unlisted]" in capsys.readouterr().err
    assert _pinned(project) == before


def test_locate_exits_1_when_the_quote_is_absent(capsys):
    document = sorted((PROJECT / "corpus" / "raw").glob("*.txt"))[0].stem.split("_")[1]
    assert main(["--project", str(PROJECT), "locate", document, "a quote that is not in the text"]) == 1
    assert "does not occur" in capsys.readouterr().err
    assert main(["--project", str(PROJECT), "locate", document, "NATO"]) == 0
    assert "start=" in capsys.readouterr().out


def test_diff_exits_3_when_the_version_lacks_the_bump(release, tmp_path, capsys):
    """Exit codes (README): 0 the version carries the bump the change needs, 3 it does not, 1 bad input."""
    import json

    from builders.lock import lock_of, render

    lock = lock_of(release)
    assert main(["diff", "--old", _write(tmp_path / "same.lock", render(lock)), "--new", str(release)]) == 0
    config = lock["configs"]["facts"]
    first = next(iter(config["records"]))
    split, _ = config["records"][first].split(":")
    config["records"][first] = f"{split}:{'0' * 64}"
    assert main(["diff", "--old", _write(tmp_path / "changed.lock", render(lock)), "--new", str(release)]) == 3
    out = capsys.readouterr()
    assert "required bump: MAJOR" in out.out and "needs MAJOR" in out.err
    older = {**lock, "version": "0.9.0"}
    assert main(["diff", "--old", _write(tmp_path / "older.lock", json.dumps(older)), "--new", str(release)]) == 0


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_good_fixture_still_builds_and_verifies(tmp_path):
    from builders.verify import verify_release
    from builders.release import build_release

    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    assert verify_release(build_release(corpus_at(tmp_path), tmp_path / "dist", tmp_path)) == []
