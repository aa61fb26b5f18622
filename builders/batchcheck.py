"""Records as Arrow columns, checked a whole batch at a time instead of one jsonschema call per record.

`to_table` turns the columns of a batch of records (JSON form: labels as names) into a table of the config's Arrow
schema (labels as indices). It infers each column's Arrow type without coercion, refuses a type that is not the
declared one (so 1.5 never becomes the integer 1), casts safely (no overflow), and then checks the constraints the
JSON Schema declares with vectorised `pyarrow.compute` calls: required values present, `pattern`, `ge`, label names.
The JSON Schemas stay the published contract; tests/test_batch.py proves with hypothesis that every record the
schema rejects is rejected here too (this check is allowed to be stricter: `\\d` and `$` are ASCII and anchored).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from builders.arrow import arrow_schema
from builders.problems import Problem


@dataclass(frozen=True)
class Spec:
    """What one field (or list item) must hold."""

    kind: type  # str, int, bool, float, an Enum or a BaseModel
    optional: bool = False
    pattern: str | None = None
    ge: int | None = None
    min_length: int | None = None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    value: Spec
    is_list: bool = False
    item: Spec | None = None


def _unwrap(annotation) -> tuple[object, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return inner, True
    return annotation, False


@cache
def specs(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    found = []
    for name, info in model.model_fields.items():
        annotation, optional = _unwrap(info.annotation)
        pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)
        ge = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
        min_length = next((m.min_length for m in info.metadata if getattr(m, "min_length", None) is not None), None)
        known = {"pattern", "ge", "min_length"}
        unknown = [m for m in info.metadata if not any(getattr(m, k, None) is not None for k in known)]
        if unknown:  # a constraint the batch check does not know must not pass unchecked
            raise TypeError(f"{model.__name__}.{name}: constraint {unknown} is not checked by builders.batchcheck")
        if typing.get_origin(annotation) is list:
            item, item_optional = _unwrap(typing.get_args(annotation)[0])
            found.append(FieldSpec(name, Spec(list, optional, min_length=min_length), True, Spec(item, item_optional)))
        else:
            found.append(FieldSpec(name, Spec(annotation, optional, pattern, ge, min_length)))
    return tuple(found)


class Rejected(Exception):
    """A column that cannot hold the declared values; the message says what was found."""


def _kind_matches(kind: type, inferred: pa.DataType) -> bool:
    if pa.types.is_null(inferred):
        return True  # every value is null (or the batch is empty): the null check decides
    if kind is bool:
        return pa.types.is_boolean(inferred)
    if kind is int:
        return pa.types.is_integer(inferred)
    if kind is float:
        return pa.types.is_integer(inferred) or pa.types.is_floating(inferred)
    if kind is str or (isinstance(kind, type) and issubclass(kind, Enum)):
        return pa.types.is_string(inferred) or pa.types.is_large_string(inferred)
    return pa.types.is_struct(inferred)


def _convert(array: pa.Array, spec: Spec, target: pa.DataType, what: str) -> pa.Array:
    """`array` (inferred) as `target`, or `Rejected` naming the first offending value."""
    if not _kind_matches(spec.kind, array.type):
        raise Rejected(f"{what} holds {array.type} values, expected {spec.kind.__name__}")
    if array.null_count and not spec.optional:
        raise Rejected(f"{what} is null in row {_first(array.is_null())}, expected a value")
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), target)
    if isinstance(spec.kind, type) and issubclass(spec.kind, BaseModel):
        return _struct(array, spec.kind, target, what)
    if isinstance(spec.kind, type) and issubclass(spec.kind, Enum):
        names = pa.array([member.value for member in spec.kind])
        indices = pc.index_in(array, value_set=names)
        unknown = pc.and_(pc.is_null(indices), pc.is_valid(array))
        if pc.any(unknown).as_py():
            raise Rejected(f"{what} {array[_first(unknown)].as_py()!r} is not one of {names.to_pylist()}")
        return indices.cast(target)
    try:
        converted = array.cast(target, safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise Rejected(f"{what}: {error}") from None
    if spec.pattern is not None and len(array):
        bad = pc.invert(pc.fill_null(pc.match_substring_regex(array, spec.pattern), True))
        if pc.any(bad).as_py():
            raise Rejected(f"{what} {array[_first(bad)].as_py()!r} does not match {spec.pattern}")
    if spec.min_length is not None and len(array):
        bad = pc.fill_null(pc.less(pc.utf8_length(array), spec.min_length), False)
        if pc.any(bad).as_py():
            raise Rejected(f"{what} {array[_first(bad)].as_py()!r} is shorter than {spec.min_length}")
    if spec.ge is not None and len(array):
        bad = pc.fill_null(pc.less(converted, spec.ge), False)
        if pc.any(bad).as_py():
            raise Rejected(f"{what} {converted[_first(bad)].as_py()} is less than {spec.ge}")
    return converted


def _first(mask: pa.Array) -> int:
    return pc.indices_nonzero(mask)[0].as_py()


def _struct(array: pa.Array, model: type[BaseModel], target: pa.StructType, what: str) -> pa.Array:
    names = {array.type.field(i).name for i in range(array.type.num_fields)}
    expected = [f.name for f in specs(model)]
    if names != set(expected):
        raise Rejected(f"{what} has fields {sorted(names)}, expected {expected}")
    children = [_convert(array.field(f.name), f.value, target.field(f.name).type, f"{what}.{f.name}") for f in specs(model)]
    return pa.StructArray.from_arrays(children, fields=list(target), mask=array.is_null())


def _column(values: list | pa.Array, spec: FieldSpec, target: pa.DataType, what: str) -> pa.Array:
    """`values` (Python values, or an Arrow array built by the caller) checked and cast to `target`."""
    try:
        inferred = values if isinstance(values, pa.Array) else pa.array(values, from_pandas=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as error:
        raise Rejected(f"{what}: {error}") from None
    if not spec.is_list:
        return _convert(inferred, spec.value, target, what)
    if not (pa.types.is_list(inferred.type) or pa.types.is_null(inferred.type)):
        raise Rejected(f"{what} holds {inferred.type} values, expected lists")
    if inferred.null_count and not spec.value.optional:
        raise Rejected(f"{what} is null in row {_first(inferred.is_null())}, expected a list")
    if pa.types.is_null(inferred.type):
        return pa.nulls(len(inferred), target)
    if spec.value.min_length is not None:
        bad = pc.fill_null(pc.less(pc.list_value_length(inferred), spec.value.min_length), False)
        if pc.any(bad).as_py():
            raise Rejected(f"{what} has a list shorter than {spec.value.min_length} in row {_first(bad)}")
    items = _convert(inferred.values, spec.item, target.value_type, f"{what}[]")
    return pa.ListArray.from_arrays(inferred.offsets, items, type=target, mask=inferred.is_null())


def to_table(config: str, model: type[BaseModel], columns: dict[str, list], where: str) -> tuple[pa.Table | None, list[Problem]]:
    """The batch as a table of the declared schema, or None and the problems that make it unfit."""
    schema = arrow_schema(model)
    expected = [f.name for f in specs(model)]
    if list(columns) != expected and set(columns) != set(expected):
        return None, [Problem(where, 1, "record-schema", f"{config} batch has fields {sorted(columns)}, expected {expected}")]
    arrays, problems = [], []
    for spec in specs(model):
        try:
            arrays.append(_column(columns[spec.name], spec, schema.field(spec.name).type, f"{config}.{spec.name}"))
        except Rejected as error:
            problems.append(Problem(where, 1, "record-schema", str(error)))
    if problems:
        return None, problems
    return pa.Table.from_arrays(arrays, schema=schema), []


def records_to_table(config: str, model: type[BaseModel], records: list[dict], where: str) -> tuple[pa.Table | None, list[Problem]]:
    """`to_table` for records given one dict each: every record must have exactly the declared fields."""
    expected = set(model.model_fields)
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict) or set(record) != expected:
            found = sorted(record) if isinstance(record, dict) else type(record).__name__
            return None, [Problem(where, number, "record-schema", f"{config} record has fields {found}, expected {sorted(expected)}")]
    return to_table(config, model, {name: [r[name] for r in records] for name in model.model_fields}, where)
