"""JSON Schemas (draft 2020-12) of the released records, generated from the models and committed under schema/."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from builders.configs import CONFIGS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(config: str) -> dict:
    schema = CONFIGS[config].model.model_json_schema(mode="serialization")
    return {"$schema": DIALECT, "$id": f"https://hague-claims.invalid/schema/{config}.schema.json", **schema}


def render(config: str) -> str:
    return json.dumps(schema_of(config), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_path(schema_dir: Path, config: str) -> Path:
    return schema_dir / f"{config}.schema.json"


def write_schemas(schema_dir: Path) -> list[Path]:
    schema_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for config in CONFIGS:
        path = schema_path(schema_dir, config)
        path.write_text(render(config), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(schema_dir: Path) -> list[str]:
    """Configs whose committed schema file differs from what the models generate."""
    return [
        config
        for config in CONFIGS
        if not schema_path(schema_dir, config).is_file()
        or schema_path(schema_dir, config).read_text(encoding="utf-8") != render(config)
    ]


@cache
def validator(config: str) -> Draft202012Validator:
    schema = schema_of(config)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)
