"""The YAML header of the release README: what `datasets.load_dataset` reads to find configs, splits and features."""

from __future__ import annotations

from datasets import DatasetInfo, SplitDict, SplitInfo
from datasets.info import DatasetInfosDict
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCardData

from builders.configs import CONFIGS, DEFAULT_CONFIG
from builders.features import features_of
from builders.paths import parquet_path

CARD_METADATA = dict(
    pretty_name="hague-claims",
    language=["en"],
    license="other",
    license_name="annotations-cc-by-4.0-texts-publishers",
    license_link="LICENSE",
    annotations_creators=["machine-generated"],  # AI annotator sessions, see the card
    language_creators=["found"],
    multilinguality=["monolingual"],
    size_categories=["n<1K"],
    source_datasets=["original"],
    task_categories=["text-classification", "token-classification", "sentence-similarity"],
    task_ids=["fact-checking", "named-entity-recognition", "natural-language-inference"],
    tags=["claim-detection", "check-worthiness", "fact-checking", "cross-document", "coreference", "news"],
)


def card_data(rows: dict[str, dict[str, int]], sizes: dict[str, int]) -> DatasetCardData:
    """Card metadata with `configs` (one default) and `dataset_info` (features and split sizes) for every config."""
    data = DatasetCardData(**CARD_METADATA)
    configs = MetadataConfigs(
        {
            name: {
                "data_files": [{"split": split, "path": parquet_path(name, split)} for split in rows[name]],
                **({"default": True} if name == DEFAULT_CONFIG else {}),
            }
            for name, config in CONFIGS.items()
            if name in rows
        }
    )
    configs.to_dataset_card_data(data)
    infos = DatasetInfosDict()
    for name, config in CONFIGS.items():
        if name not in rows:
            continue
        splits = SplitDict()
        for split in rows[name]:
            splits.add(SplitInfo(name=split, num_examples=rows[name][split], num_bytes=sizes[parquet_path(name, split)]))
        infos[name] = DatasetInfo(features=features_of(config.model), splits=splits, config_name=name)
    infos.to_dataset_card_data(data)
    return data


def header(rows: dict[str, dict[str, int]], sizes: dict[str, int]) -> str:
    return "---\n" + card_data(rows, sizes).to_yaml() + "\n---\n"
