"""Agreement: every measure on small hand-made examples with values worked out by hand, the hand-made fixture passes
in tests/fixtures/agreement/ (validated by the gold rules, then compared), the history passes, and the card."""

from __future__ import annotations

import shutil
import subprocess
import sys
from fractions import Fraction

import pytest

from builders.agreement import agreement_report
from builders.agreement.compare import UNMAPPED, compare, entity_map
from builders.agreement.matching import overlap_matches
from builders.agreement.measures import cluster_scores, jaccard, kappa, prf
from builders.agreement.render import card_section
from builders.agreement.sides import default_pass, pass_side, validate_passes
from builders.problems import CorpusError
from builders.publish import card_body
from conftest import FIXTURES, PROJECT

A, B = "2785ac57c6417e71", "5436b8fffafeef4b"
KEY, PASS = FIXTURES / "agreement" / "key", FIXTURES / "agreement" / "pass"


def close(value, expected) -> bool:
    return value == pytest.approx(float(Fraction(expected)), abs=1e-12)


# --- measures -------------------------------------------------------------------------------------------------


def test_cluster_scores_by_hand():
    # key {a,b,c} {d,e}; response {a,b} {c,d,e}.
    # MUC R = ((3-2) + (2-1)) / (2 + 1) = 2/3, P = ((2-1) + (3-2)) / (1 + 2) = 2/3.
    # B³ R = (4/3 + 1/3 + 4/2) / 5 = 11/15, P = (4/2 + 1/3 + 4/3) / 5 = 11/15.
    # CEAF-e: Dice(abc, ab) = 4/5, Dice(de, cde) = 4/5, best alignment 8/5 over 2 clusters each side: 4/5.
    scores = cluster_scores([{"a", "b", "c"}, {"d", "e"}], [{"a", "b"}, {"c", "d", "e"}])
    assert close(scores.muc.recall, "2/3") and close(scores.muc.precision, "2/3") and close(scores.muc.f1, "2/3")
    assert close(scores.b_cubed.recall, "11/15") and close(scores.b_cubed.precision, "11/15")
    assert close(scores.ceaf_e.f1, "4/5")
    assert close(scores.conll, Fraction(2, 3) / 3 + Fraction(11, 15) / 3 + Fraction(4, 5) / 3)


def test_cluster_scores_with_items_absent_from_one_side():
    # key {a,b}; response {a,c}: b is missing from the response, c is not in the key.
    # MUC: {a,b} splits into {a},{b} -> R 0; {a,c} splits into {a},{c} -> P 0.
    # B³ R = (1²/2) / 2 = 1/4 (b contributes nothing), P = (1²/2) / 2 = 1/4. CEAF-e: Dice = 2/4 -> R = P = 1/2.
    scores = cluster_scores([{"a", "b"}], [{"a", "c"}])
    assert scores.muc.f1 == 0.0
    assert close(scores.b_cubed.recall, "1/4") and close(scores.b_cubed.precision, "1/4")
    assert close(scores.ceaf_e.recall, "1/2") and close(scores.ceaf_e.precision, "1/2")


def test_cluster_scores_singletons_count_in_b_cubed_and_ceaf_not_in_muc():
    # key {a} {b}; response {a,b}: MUC has no key link (0 by the reference scorer's convention).
    # B³ R = (1 + 1) / 2 = 1, P = (1/2 + 1/2) / 2 = 1/2. CEAF-e: one alignment, Dice({a},{a,b}) = 2/3:
    # R = (2/3) / 2 = 1/3, P = (2/3) / 1 = 2/3, F = 4/9.
    scores = cluster_scores([{"a"}, {"b"}], [{"a", "b"}])
    assert scores.muc.f1 == 0.0
    assert close(scores.b_cubed.recall, 1) and close(scores.b_cubed.precision, "1/2")
    assert close(scores.ceaf_e.recall, "1/3") and close(scores.ceaf_e.precision, "2/3") and close(scores.ceaf_e.f1, "4/9")


def test_kappa_by_hand():
    # observed 3/4; chance (2/4)(1/4) + (2/4)(3/4) = 1/2; kappa (3/4 - 1/2) / (1/2) = 1/2.
    assert close(kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]), "1/2")
    assert kappa(["x", "x"], ["x", "x"]) is None  # chance agreement 1: undefined, not 1.0
    assert kappa([], []) is None


def test_prf_and_jaccard():
    scores = prf(3, 4, 6)
    assert close(scores.precision, "3/4") and close(scores.recall, "1/2") and close(scores.f1, "3/5")
    assert close(jaccard(["f1", "f2"], ["f1"]), "1/2")


def test_overlap_matching_is_one_to_one_and_prefers_exact_spans():
    def item(id_, start, end):
        return {"id": id_, "document_id": "d", "start": start, "end": end}

    gold = [item("outer", 0, 20), item("inner", 10, 20)]
    other = [item("o-inner", 10, 20), item("o-outer", 0, 18)]
    assert [(g["id"], o["id"]) for g, o in overlap_matches(gold, other)] == [("outer", "o-outer"), ("inner", "o-inner")]
    # "inner" [10:20) against [0:18): Jaccard 8/20 < 0.5, and it is taken anyway: no match
    assert overlap_matches([item("inner", 10, 20)], [item("o", 0, 18)]) == []


def test_entity_map_majority_with_ties_to_the_smaller_gold_id():
    def pair(gold_entity, other_entity):
        return {"entity_id": gold_entity}, {"entity_id": other_entity}

    mapped = entity_map([pair("b-gold", "x"), pair("a-gold", "x"), pair("c-gold", "y"), pair("c-gold", "y"), pair("a-gold", "y")], own_entities=True)
    assert mapped("x") == "a-gold" and mapped("y") == "c-gold"
    assert mapped("never-matched") == UNMAPPED + "never-matched"
    assert mapped("article") == "article" and mapped("unspecified") == "unspecified"
    assert entity_map([], own_entities=False)("nato") == "nato"


# --- the hand-made fixture passes (tests/fixtures/agreement/): key side and pass side, both checked by the gold rules ---


@pytest.fixture(scope="module")
def fixture_report():
    return compare(pass_side(PROJECT, KEY), pass_side(PROJECT, PASS))


def test_fixture_spans(fixture_report):
    spans = {(s.items, s.match.split()[0]): s for s in fixture_report.spans}
    # mentions: 8 each; exact 6 (all but key "Valery Gerasimov"@162 / pass "Army General Valery Gerasimov"@149,
    # Jaccard 16/29, and the unmatched key 003 "Chief of the General Staff…" / pass 001 "Gerasimov"@464)
    assert (spans["mentions", "exact"].matched, spans["mentions", "overlap"].matched) == (6, 7)
    assert close(spans["mentions", "exact"].scores.f1, "3/4") and close(spans["mentions", "overlap"].scores.f1, "7/8")
    # claims: 7 each; exact 5; "The NATO summit held in The Hague" overlaps the key's longer span at 33/47
    assert (spans["claims", "exact"].matched, spans["claims", "overlap"].matched) == (5, 6)
    assert close(spans["claims", "exact"].scores.precision, "5/7") and close(spans["claims", "overlap"].scores.recall, "6/7")


def test_fixture_kappas(fixture_report):
    kappas = {k.field: k for k in fixture_report.kappas}
    # mention type on 7 matched: one GPE/LOC disagreement. po 6/7, pe (3·3 + 2·2 + 2·1)/49 = 15/49 -> 27/34.
    assert close(kappas["mention type"].matched.value, "27/34") and kappas["mention type"].matched.n == 7
    # with the unmatched key PER and pass PER as "(absent)": po 6/9, pe (16 + 4 + 2 + 1)/81 = 23/81 -> 31/58.
    assert close(kappas["mention type"].with_absent.value, "31/58") and kappas["mention type"].with_absent.n == 9
    # kind: the pass says "name" throughout: po 6/7 = pe -> 0.
    assert close(kappas["mention kind"].matched.value, 0)
    # check-worthiness on 37 sentences, one disagreement (003 s4): po 36/37, pe (5·4 + 32·32)/37² -> 288/325.
    assert close(kappas["sentence check-worthiness"].matched.value, "288/325") and kappas["sentence check-worthiness"].with_absent is None
    # claim type: one characterisation/prediction disagreement. po 5/6, pe 10/36 -> 10/13; with absent 1/2.
    assert close(kappas["claim type"].matched.value, "10/13") and close(kappas["claim type"].with_absent.value, "1/2")
    # source: the pass's gerasimov-b maps to gerasimov-a; 003 c001 unspecified vs gerasimov-a. po 5/6, pe 1/2 -> 2/3.
    assert close(kappas["claim attribution source"].matched.value, "2/3") and close(kappas["claim attribution source"].with_absent.value, "1/3")
    # veracity: po 4/6, pe 12/36 -> 1/2; with the unmatched key c004 (refuted) and pass c004 (supported): 7/23.
    assert close(kappas["claim veracity"].matched.value, "1/2") and close(kappas["claim veracity"].with_absent.value, "7/23")
    # without the two pairs both typed characterisation/prediction: S,S,S,S vs S,S,R,NEI: po 1/2 = pe -> 0 on 4;
    # with absent: po 2/6, pe 14/36 -> -1/11 on 6.
    mechanical = kappas["claim veracity, mechanical cases left out"]
    assert close(mechanical.matched.value, 0) and mechanical.matched.n == 4 and close(mechanical.matched.observed, "1/2")
    assert close(mechanical.with_absent.value, "-1/11") and mechanical.with_absent.n == 6


def test_fixture_evidence(fixture_report):
    # both judged with evidence: 001 c001 (same set), 001 c002 (1 of 2), 003 c001 (1 of 2); 003 c002 has none in the pass
    assert fixture_report.evidence.claims == 3
    assert close(fixture_report.evidence.mean_jaccard, "2/3") and close(fixture_report.evidence.exact_rate, "1/3")


def test_fixture_clusters_and_relations(fixture_report):
    entities, claims = fixture_report.clusters
    # key {M1,M3,M6,M7} {M2,M8} {M4} {M5}; response {M1,M3,M6,p464} {M2} {M4} {M5} {M8}.
    # MUC R = (4-2)/4 = 1/2, P = (4-2)/3 = 2/3. B³ R = (9/4 + 1 + 1 + 1)/8 = 21/32, P = (9/4 + 4)/8 = 25/32.
    # CEAF-e: 3/4 + 2/3 + 1 + 1 = 41/12 over 4 key and 5 response clusters.
    assert (entities.gold_items, entities.gold_clusters, entities.other_items, entities.other_clusters) == (8, 4, 8, 5)
    assert close(entities.scores.muc.recall, "1/2") and close(entities.scores.muc.precision, "2/3")
    assert close(entities.scores.b_cubed.recall, "21/32") and close(entities.scores.b_cubed.precision, "25/32")
    assert close(entities.scores.ceaf_e.recall, "41/48") and close(entities.scores.ceaf_e.precision, "41/60")
    # claims: key {c1,c1'} {c2,c2'} and singletons c3, c4, c3'; the pass's 001 c004 is not in the key, the key's
    # 001 c004 not in the response. MUC 1; B³ 6/7 both ways; CEAF-e 4/5; CoNLL 31/35.
    assert close(claims.scores.muc.f1, 1) and close(claims.scores.b_cubed.f1, "6/7") and close(claims.scores.ceaf_e.f1, "4/5")
    assert close(claims.scores.conll, "31/35")
    # relations on both linked pairs: conflicting/conflicting, equivalent/more-specific (the pass wrote 003 less-specific
    # 001, read from 001's side). po 1/2, pe 1/4 -> 1/3.
    assert fixture_report.linked_pairs == (2, 2, 2)
    assert close(fixture_report.relations.matched.value, "1/3")
    assert f"relation {A}-c002 – {B}-c002: gold equivalent / pass more-specific" in fixture_report.disagreements


# --- validation: a pass obeys the gold's rules, with located problems ---------------------------------------------


def test_a_broken_pass_is_reported_at_its_lines(tmp_path):
    broken = tmp_path / "pass"
    shutil.copytree(PASS, broken)
    mentions = broken / "mentions" / f"{A}.yaml"
    mentions.write_text(mentions.read_text(encoding="utf-8").replace("start: 274", "start: 275"), encoding="utf-8")
    claims = broken / "claims" / f"{B}.yaml"
    text = claims.read_text(encoding="utf-8").replace("gerasimov-briefing-attaches", "no-such-fact").replace("id: c003", "id: c002")
    claims.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        pass_side(PROJECT, broken)
    found = {(p.path.rsplit("/", 2)[-2:][0] + "/" + p.path.rsplit("/", 1)[-1], p.line, p.rule) for p in error.value.problems}
    assert found == {
        (f"mentions/{A}.yaml", 6, "quote-mismatch"),
        (f"claims/{B}.yaml", 23, "unknown-fact"),
        (f"claims/{B}.yaml", 25, "duplicate-id"),
    }
    assert all(str(p).startswith(f"{p.path}:{p.line}: [{p.rule}] ") for p in error.value.problems)


def test_a_pass_file_for_an_unlisted_document_is_a_problem(tmp_path):
    broken = tmp_path / "pass"
    shutil.copytree(PASS, broken)
    shutil.copy(broken / "mentions" / f"{A}.yaml", broken / "mentions" / "0000000000000000.yaml")
    with pytest.raises(CorpusError) as error:
        pass_side(PROJECT, broken)
    assert [p.rule for p in error.value.problems] == ["annotation-document-mismatch"]


def test_every_pass_in_the_corpus_obeys_the_gold_rules():
    validate_passes(PROJECT)  # raises CorpusError, naming every problem, otherwise


def test_history_passes_reproduce_the_audited_figures():
    """The audit (issue 11) recomputed the old second pass against the frozen first pass: veracity κ 0.945 on 51 matched
    claims, 0.917 on 39 without the mechanical cases, 0.875 observed agreement when unmatched claims disagree."""
    report = compare(pass_side(PROJECT, PROJECT / "corpus" / "first_pass"), pass_side(PROJECT, PROJECT / "corpus" / "second_pass"))
    kappas = {k.field: k for k in report.kappas}
    veracity, mechanical = kappas["claim veracity"], kappas["claim veracity, mechanical cases left out"]
    assert (round(veracity.matched.value, 3), veracity.matched.n) == (0.945, 51)
    assert (round(mechanical.matched.value, 3), mechanical.matched.n) == (0.917, 39)
    assert (round(veracity.with_absent.observed, 3), veracity.with_absent.n) == (0.875, 56)
    assert report.documents == {"mentions": [A, B], "claims": [A, B]} and report.relations is None  # their links.yaml is not a link pass (pass.yaml)


# --- the command and the card ---------------------------------------------------------------------------------


def test_agreement_command_compares_a_named_pass_with_the_gold():
    result = subprocess.run([sys.executable, "-m", "builders", "agreement", "--pass", str(PASS), "--disagreements"], capture_output=True, text=True, cwd=PROJECT, check=False)
    assert result.returncode == 0, result.stderr
    assert "over the 2 document(s) both annotated" in result.stdout
    assert "- mention type: 2785ac57c6417e71 'The Hague'@878 gold GPE / pass LOC" in result.stdout


def test_agreement_command_reports_a_missing_pass():
    result = subprocess.run([sys.executable, "-m", "builders", "agreement", "--pass", "corpus/no_such_pass"], capture_output=True, text=True, cwd=PROJECT, check=False)
    assert result.returncode == 1
    assert "corpus/no_such_pass:1: [file-missing]" in result.stderr


def test_card_shows_the_figures_of_the_default_pass(release):
    """The card's agreement section is what `agreement` computes for the default pass (or says there is none)."""
    compared = default_pass(PROJECT)
    section = card_section(PROJECT, agreement_report(PROJECT, compared), compared)
    assert section in card_body(release)
    if compared is None:
        assert "Agreement: not measured in this release" in section
    else:
        assert f"`{compared.relative_to(PROJECT).as_posix()}/`" in section and "Spans:" in section
    assert "`corpus/second_pass/` (2 document(s)" in section  # history, named, with no figures of its own
