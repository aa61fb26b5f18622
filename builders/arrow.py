"""Arrow schemas and label names of the record models, without importing `datasets` (seconds at start-up).

They are what `builders.features.features_of(model).arrow_schema` and its `ClassLabel` names give (a test asserts it
for every config): strings, int32, bool and float64 scalars, lists, structs, and label fields as int64 indices into
the enum's values in declaration order.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from functools import cache

import pyarrow as pa
from pydantic import BaseModel

_SCALARS = {str: pa.string(), int: pa.int32(), bool: pa.bool_(), float: pa.float64()}


def _inner(annotation):
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (annotation,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return annotation


def _type(annotation) -> pa.DataType:
    annotation = _inner(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_type(item))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return pa.int64()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(name, _type(f.annotation)) for name, f in annotation.model_fields.items()])
    return _SCALARS[annotation]


@cache
def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    return pa.schema([pa.field(name, _type(f.annotation)) for name, f in model.model_fields.items()])


@cache
def label_names(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """The label names of every enum field (or list of enums), by field name."""
    found = {}
    for name, f in model.model_fields.items():
        annotation = _inner(f.annotation)
        if typing.get_origin(annotation) is list:
            annotation = _inner(typing.get_args(annotation)[0])
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            found[name] = tuple(member.value for member in annotation)
    return found


def decode(row: dict, model: type[BaseModel]) -> dict:
    """A Parquet row back to the record's JSON form: label indices become their names (IndexError when out of range)."""
    decoded = dict(row)
    for name, names in label_names(model).items():
        value = row[name]
        if isinstance(value, list):
            decoded[name] = [_name(names, v) for v in value]
        elif value is not None:
            decoded[name] = _name(names, value)
    return decoded


def _name(names: tuple[str, ...], index: int) -> str:
    if not 0 <= index < len(names):
        raise ValueError(f"label index {index} is outside 0..{len(names) - 1}")
    return names[index]
