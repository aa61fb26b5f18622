"""Hugging Face `Features` and Arrow schemas derived from the record models: never inferred from data."""

from __future__ import annotations

import types
import typing
from enum import Enum

from datasets import ClassLabel, Features, List, Value
from pydantic import BaseModel

_SCALARS = {str: "string", int: "int32", bool: "bool", float: "float64"}


def _feature(annotation):
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _feature(inner)  # Arrow columns are nullable: Optional changes nothing here
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return List(_feature(inner))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return ClassLabel(names=[member.value for member in annotation])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: _feature(field.annotation) for name, field in annotation.model_fields.items()}
    return Value(_SCALARS[annotation])


def features_of(model: type[BaseModel]) -> Features:
    """The `Features` of a record model, field order kept; enum fields become `ClassLabel`s."""
    return Features({name: _feature(field.annotation) for name, field in model.model_fields.items()})
