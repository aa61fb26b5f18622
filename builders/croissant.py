"""Croissant 1.0 metadata (`croissant.json`) of a release, with the Responsible-AI (RAI 1.0) fields that apply.

Every Parquet file is a `cr:FileObject` with its SHA-256. Every config is one `cr:RecordSet` whose fields come from the
record model through `features_of` (never from the data), plus a `split` field taken from the file name.

A record set reads its config's files through a `cr:FileSet` that lists exactly those files: in Croissant 1.0 a
field's source names one FileObject or one FileSet, and a config has one file per split. mlcroissant 1.1 reads a
local FileSet's Parquet files but does not check their hashes (only a FileObject's); the FileObjects carry the
SHA-256 for anyone who does (`hague-claims verify` checks the same hashes against manifest.json).
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from datasets import ClassLabel, List, Value
from pydantic.fields import FieldInfo

from builders import citation
from builders.automatic.candidates import GENERATOR_SUMMARY
from builders.configs import CONFIGS
from builders.features import features_of
from builders.paths import NAME, parquet_path, sha256_of
from builders.readback import read_records
from builders.version import VERSION

# The standard Croissant 1.0 @context as mlcroissant 1.1.1 has it (`make_context`): the mlcommons/croissant
# datasets/1.0 keys plus equivalentProperty and samplingRate, without which it warns that the context is not standard.
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
PARQUET = "application/x-parquet"

DESCRIPTION = (
    "{documents} English news texts published on 2025-12-18 re-tell one story: Russia's chief of general staff Valery "
    "Gerasimov warning foreign military attachés about NATO's build-up, the June 2025 NATO summit in The Hague and its "
    "5%-of-GDP target, statements by Putin and Lavrov. They disagree with each other and with the record in places. "
    "hague-claims annotates them with sentences, entity mentions and cross-document coreference, claims "
    "(check-worthiness, type, attribution, veracity against sourced evidence, time) and cross-document claim links. "
    "Licensing: the annotations are CC-BY-4.0. The news texts, and every span, sentence or token taken from "
    "them, belong to their publishers, who state no licence with them; they are included so that the annotations "
    "can be read against them. The facts config quotes short passages of its cited sources."
)
LICENSE = [
    {
        "@type": "sc:CreativeWork",
        "name": "CC-BY-4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "description": "The annotations: every value except the news texts, the text taken from them and the facts' quotes.",
    },
    {
        "@type": "sc:CreativeWork",
        "name": "Publishers' copyright (no licence stated)",
        "description": (
            "The raw news texts, and every span, sentence or token taken from them, belong to their publishers "
            "({publishers}); no licence is granted for them here. The `quote` of each fact belongs to the source it "
            "cites."
        ),
    },
]
KEYWORDS = [
    "claim detection",
    "check-worthiness",
    "fact-checking",
    "veracity",
    "named entity recognition",
    "cross-document coreference",
    "claim linking",
    "news",
    "English",
]

RAI = {
    "rai:dataCollection": (
        "{documents} news texts found by searching stored copies of public web pages for one story; each matches, word for "
        "word, an article on a news-styled website (addresses and dates in the documents config). The raw bytes are "
        "kept unchanged and pinned by SHA-256. The reference facts that verdicts cite come from reporting of the event "
        "(Russian- and English-language outlets) and encyclopedia pages, each with its source, date and a quote "
        "(facts config)."
    ),
    "rai:dataCollectionType": ["Web Scraping", "Secondary Data Analysis"],
    "rai:dataAnnotationProtocol": (
        "Annotation follows corpus/GUIDELINES.md: entity mentions (type, kind, metonymy) linked to a canonical "
        "inventory, check-worthiness of every sentence (ClaimBuster labels), claims with type, PARC-style attribution, "
        "FEVER/AVeriTeC-style veracity against the sourced facts, and time, and cross-document claim clusters with "
        "typed relations; TF-IDF candidate pairs were each linked or reviewed. Labels were chosen by reading; scripts "
        "only computed offsets and checked the files. Sentences (Bling Fire) and tokens (a regular expression) are automatic, checked by reading."
    ),
    "rai:dataAnnotationPlatform": (
        "Plain YAML files per layer and document, validated by the hague-claims builder; no annotation platform."
    ),
    "rai:annotationsPerItem": (
        "One gold annotation per item. Second passes are kept under corpus/*_pass/; the agreement of the independent "
        "pass with the gold, where present, is computed by `hague-claims agreement` (builders/agreement/) and shown "
        "in the card, which also says which passes are history only."
    ),
    "rai:annotatorDemographics": (
        "No human annotators. Both the gold annotation and the second pass were produced by AI assistant sessions "
        "(Claude, a large language model by Anthropic) acting as annotators under corpus/GUIDELINES.md. Annotator "
        "demographics do not apply; the model's own biases may."
    ),
    "rai:dataAnnotationAnalysis": (
        "Agreement between the gold annotation and a second pass (span F1, Cohen's kappa per label field, evidence-set "
        "Jaccard, MUC/B3/CEAF-e/CoNLL cluster scores, relation kappa) is computed by builders/agreement/; see "
        "docs/agreement.md and the card's agreement section."
    ),
    "rai:machineAnnotationTools": [
        "Claude (Anthropic large language model), in AI assistant sessions acting as annotators",
        "Bling Fire (sentence segmentation within lines)",
        f"TF-IDF cosine similarity, scikit-learn's weighting computed with numpy (candidate sentence pairs for link review: {GENERATOR_SUMMARY})",
    ],
    "rai:dataBiases": (
        "All {documents} texts re-tell one story, a Russian official briefing, largely in that side's framing. The reference "
        "facts come from a few dozen news reports (several from Russian state media) and encyclopedia pages, so "
        "verdicts inherit their coverage. Both annotation passes come from one LLM family and may share its "
        "systematic errors."
    ),
    "rai:dataLimitations": (
        "Very small: {documents} documents. They are near-duplicate re-tellings of one story published the same day, likely "
        "automated rewriting of one report, so the splits are not independent samples and scores on them overstate "
        "generalisation (leave-one-document-out is recommended). English only. Veracity reflects the sources "
        "available at annotation time."
    ),
    "rai:personalSensitiveInformation": (
        "Names and public statements of public officials only (e.g. Valery Gerasimov, Vladimir Putin, Sergei "
        "Lavrov); no private individuals and no special-category data."
    ),
    "rai:dataUseCases": (
        "Evaluation and analysis of claim detection, check-worthiness, attribution, veracity prediction, named entity "
        "recognition, cross-document coreference and claim linking on rewritten news. Not suitable for training "
        "general-purpose models or for judging the real-world event."
    ),
    "rai:dataSocialImpact": (
        "Supports research on tracking how one story mutates across rewritten news sites. Veracity labels describe "
        "these texts against the cited sources only; they are not a verdict on any person or government."
    ),
    # Not in mlcroissant 1.1.1's RAI model: it passes over this key without a warning.
    "rai:hasSyntheticData": False,
}

_DATA_TYPES = {
    "string": "sc:Text",
    "int32": "sc:Integer",
    "int64": "sc:Integer",  # ClassLabel indices
    "bool": "sc:Boolean",
    "float64": "sc:Float",
}


def _creators(cff: dict) -> list[dict]:
    """CITATION.cff authors as schema.org creators: a person has family and given names, a group only a name."""
    return [
        {"@type": "sc:Person", "name": f"{author['given-names']} {author['family-names']}"}
        if "family-names" in author
        else {"@type": "sc:Organization", "name": author["name"]}
        for author in cff["authors"]
    ]


def _split_regex(config: str) -> str:
    """The regex that takes the split out of a file's path, e.g. `^data/claims/(train|validation|test)-…$`."""
    before, after = parquet_path(config, "\0").split("\0")
    return "^" + re.escape(before) + "(" + "|".join(CONFIGS[config].splits) + ")" + re.escape(after) + "$"


def _file_set_id(config: str) -> str:
    return f"parquet-{config}"


def _describe(description: str | None, *notes: str) -> str | None:
    parts = [p for p in (description, *notes) if p]
    return " ".join(parts) if parts else None


def _field(config: str, name: str, feature, info: FieldInfo) -> dict:
    """One Croissant field for a model field and its feature; lists are `repeated`, a list of structs has one
    subField per member."""
    field_id = f"{config}/{name}"
    source = {"fileSet": {"@id": _file_set_id(config)}, "extract": {"column": name}}
    field: dict = {"@type": "cr:Field", "@id": field_id, "name": name}
    repeated = isinstance(feature, List)
    inner = feature.feature if repeated else feature
    nullable = type(None) in typing.get_args(info.annotation)
    notes = ["May be null."] if nullable and "null" not in (info.description or "") else []
    if isinstance(inner, ClassLabel):
        notes.append("ClassLabel index; names: " + ", ".join(f"{i}={n}" for i, n in enumerate(inner.names)) + ".")
        field["dataType"] = "sc:Integer"
    elif isinstance(inner, Value):
        field["dataType"] = _DATA_TYPES[inner.dtype]
    elif isinstance(inner, dict) and repeated:
        # A list of structs (documents.paragraphs): one repeated parent, each member a subField read from the same
        # column with a jsonPath; mlcroissant zips them back into a list of {member: value} dicts.
        (member_model,) = typing.get_args(info.annotation)
        field["subField"] = [
            {
                "@type": "cr:Field",
                "@id": f"{field_id}/{member}",
                "name": member,
                **({"description": text} if (text := member_model.model_fields[member].description) else {}),
                "dataType": _DATA_TYPES[value.dtype],
                "source": {**source, "transform": {"jsonPath": member}},
            }
            for member, value in inner.items()
        ]
    else:
        raise TypeError(f"{field_id}: no Croissant mapping for {feature!r}")
    if repeated:
        field["repeated"] = True
    if "subField" not in field:
        field["source"] = source
    if text := _describe(info.description, *notes):
        field["description"] = text
    return field


def _record_set(config: str) -> dict:
    spec = CONFIGS[config]
    features = features_of(spec.model)
    fields = [_field(config, name, features[name], info) for name, info in spec.model.model_fields.items()]
    fields.append(
        {
            "@type": "cr:Field",
            "@id": f"{config}/split",
            "name": "split",
            "description": "The split of the row, taken from its file name (not a column of the Parquet files).",
            "dataType": "sc:Text",
            "source": {
                "fileSet": {"@id": _file_set_id(config)},
                "extract": {"fileProperty": "fullpath"},
                "transform": {"regex": _split_regex(config)},
            },
        }
    )
    return {
        "@type": "cr:RecordSet",
        "@id": config,
        "name": config,
        "description": spec.description,
        "key": {"@id": f"{config}/id"},
        "field": fields,
    }


def croissant_metadata(staging: Path, rows: dict[str, dict[str, int]]) -> dict:
    """Croissant 1.0 JSON-LD describing every Parquet file (with SHA-256) and every config's fields.

    `rows` maps config -> split -> row count for the splits that have a file. `datePublished` and `creator` come from
    the release's CITATION.cff, which must be written first, and so do `citeAs` (the card's BibTeX), the release digest
    (`identifier`) and the repository (`url`, when the maintainer set one). Same inputs, same dict: nothing is read
    from the clock or the environment.
    """
    cff = citation.read_cff(staging)
    documents = read_records(staging, "documents")
    facts = {"documents": len(documents), "publishers": ", ".join(dict.fromkeys(d["publisher"] for d in documents))}
    configs = [name for name in CONFIGS if rows.get(name)]
    distribution: list[dict] = []
    for config in configs:
        splits = [split for split in CONFIGS[config].splits if split in rows[config]]
        for split in splits:
            path = parquet_path(config, split)
            distribution.append(
                {
                    "@type": "cr:FileObject",
                    "@id": path,
                    "name": path,
                    "description": f"Config {config}, split {split}, rows: {rows[config][split]}.",
                    "contentUrl": path,
                    "encodingFormat": PARQUET,
                    "sha256": sha256_of(staging / path),
                }
            )
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": _file_set_id(config),
                "name": _file_set_id(config),
                "description": f"The Parquet files of config {config}, one per split (the FileObjects above).",
                "encodingFormat": PARQUET,
                "includes": [parquet_path(config, split) for split in splits],
            }
        )
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": NAME,
        "description": DESCRIPTION.format(**facts) + " " + citation.composition(documents),
        "version": VERSION,
        "datePublished": str(cff["date-released"]),
        "identifier": citation.DIGEST_PREFIX + citation.digest_of(cff),
        **({"url": cff["repository-code"]} if cff.get("repository-code") else {}),
        "citeAs": citation.bibtex(cff),
        "creator": _creators(cff),
        "license": [{k: v.format(**facts) for k, v in work.items()} for work in LICENSE],
        "keywords": KEYWORDS,
        "inLanguage": "en",
        "isLiveDataset": False,
        **{k: v.format(**facts) if isinstance(v, str) else v for k, v in RAI.items()},
        "distribution": distribution,
        "recordSet": [_record_set(config) for config in configs],
    }
