"""Released annotation layers, read back through `datasets`: offsets, references and split hygiene hold."""

from __future__ import annotations

from collections import defaultdict

import datasets
import pytest
from datasets import ClassLabel

from builders.records import CheckWorthiness, EntityType, MentionKind, PairLabel, Relation, Veracity


def rows(release, config):
    return [row for split in datasets.load_dataset(str(release), config).values() for row in split]


@pytest.fixture(scope="module")
def texts(release):
    return {row["id"]: row["text"] for row in rows(release, "documents")}


def test_label_fields_are_classlabels_with_the_declared_names(release):
    expected = {
        ("mentions", "type"): [t.value for t in EntityType],
        ("mentions", "kind"): [k.value for k in MentionKind],
        ("claims", "veracity"): [v.value for v in Veracity],
        ("checkworthiness", "label"): [c.value for c in CheckWorthiness],
        ("claim_links", "relation"): [r.value for r in Relation],
        ("claim_pairs", "label"): [p.value for p in PairLabel],
    }
    for (config, field), names in expected.items():
        feature = datasets.load_dataset(str(release), config)["train"].features[field]
        assert isinstance(feature, ClassLabel) and feature.names == names, (config, field)
    ner = datasets.load_dataset(str(release), "ner")["train"].features["ner_tags"].feature
    assert isinstance(ner, ClassLabel) and ner.names[0] == "O" and "B-PER" in ner.names


def test_mentions_index_their_text_and_sentence(release, texts):
    sentences = {row["id"]: row for row in rows(release, "sentences")}
    for row in rows(release, "mentions"):
        assert texts[row["document_id"]][row["start"] : row["end"]] == row["text"]
        sentence = sentences[row["sentence_id"]]
        assert sentence["start"] <= row["start"] and row["end"] <= sentence["end"]


def test_entities_count_their_mentions_in_every_document(release):
    mentions = rows(release, "mentions")
    for entity in rows(release, "entities"):
        own = [m for m in mentions if m["entity_id"] == entity["id"]]
        assert entity["mention_count"] == len(own) > 0, entity["id"]
        assert entity["documents"] == sorted({m["document_id"] for m in own})
    cross_document = [e for e in rows(release, "entities") if len(e["documents"]) == 5]
    assert {"valery-gerasimov", "nato", "russia"} <= {e["id"] for e in cross_document}


def test_ner_tokens_map_back_to_characters(release, texts):
    names = datasets.load_dataset(str(release), "ner")["train"].features["ner_tags"].feature.names
    tagged = 0
    for row in rows(release, "ner"):
        assert len(row["tokens"]) == len(row["token_starts"]) == len(row["token_ends"]) == len(row["ner_tags"])
        for token, start, end in zip(row["tokens"], row["token_starts"], row["token_ends"]):
            assert texts[row["document_id"]][start:end] == token
        tags = [names[t] for t in row["ner_tags"]]
        for previous, tag in zip(["O"] + tags, tags):
            assert not tag.startswith("I-") or previous[2:] == tag[2:], (row["id"], tags)
        tagged += sum(tag.startswith("B-") for tag in tags)
    assert tagged > 0


def test_claims_index_their_text_and_cite_known_facts(release, texts):
    facts = {row["id"] for row in rows(release, "facts")}
    veracity = datasets.load_dataset(str(release), "claims")["train"].features["veracity"]
    for row in rows(release, "claims"):
        assert texts[row["document_id"]][row["start"] : row["end"]] == row["text"]
        assert set(row["evidence"]) <= facts
        if veracity.int2str(row["veracity"]) in ("supported", "refuted"):
            assert row["evidence"], row["id"]
        if row["cue"] is not None:
            assert texts[row["document_id"]][row["cue_start"] : row["cue_end"]] == row["cue"]


def test_every_sentence_has_a_checkworthiness_label(release):
    assert {row["id"] for row in rows(release, "checkworthiness")} == {row["id"] for row in rows(release, "sentences")}


def test_pair_splits_never_share_a_cluster(release):
    splits_of_cluster = defaultdict(set)
    for config in ("claim_links", "claim_pairs"):
        for name, split in datasets.load_dataset(str(release), config).items():
            for row in split:
                if row["cluster_id"] is not None:
                    splits_of_cluster[row["cluster_id"]].add(name)
    assert splits_of_cluster and all(len(splits) == 1 for splits in splits_of_cluster.values())


def test_every_claim_is_clustered_or_unique_and_links_cross_documents(release):
    claims = {row["id"]: row for row in rows(release, "claims")}
    for cluster in rows(release, "clusters"):
        assert len({claims[c]["document_id"] for c in cluster["claim_ids"]}) >= 2
    for link in rows(release, "claim_links"):
        assert link["source_document"] != link["target_document"]
        assert claims[link["source_claim"]]["document_id"] == link["source_document"]
