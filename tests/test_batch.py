"""The batch checks reject every record the published JSON Schema rejects, and keep every valid record as it is."""

from __future__ import annotations

from enum import Enum

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from builders.arrow import decode
from builders.batchcheck import Spec, records_to_table, specs
from builders.configs import CONFIGS
from builders.schemas import validator

WILD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def valid(spec: Spec) -> st.SearchStrategy:
    kind = spec.kind
    if isinstance(kind, type) and issubclass(kind, Enum):
        value = st.sampled_from([member.value for member in kind])
    elif isinstance(kind, type) and issubclass(kind, BaseModel):
        value = st.fixed_dictionaries({f.name: valid(f.value) for f in specs(kind)})
    elif kind is bool:
        value = st.booleans()
    elif kind is int:
        value = st.integers(min_value=spec.ge if spec.ge is not None else -(2**31), max_value=2**31 - 1)
    elif kind is float:
        value = st.floats(allow_nan=False, allow_infinity=False)
    elif spec.pattern:
        value = st.from_regex(spec.pattern.replace(r"\d", "[0-9]"), fullmatch=True)
    else:
        value = st.text(min_size=spec.min_length or 0, max_size=8)
    return st.one_of(st.none(), value) if spec.optional else value


def valid_field(field) -> st.SearchStrategy:
    if field.is_list:
        return st.lists(valid(field.item), min_size=field.value.min_length or 0, max_size=3)
    return valid(field.value)


def valid_record(model) -> st.SearchStrategy:
    return st.fixed_dictionaries({f.name: valid_field(f) for f in specs(model)})


@st.composite
def mutated_record(draw, model) -> dict:
    """A valid record with some fields replaced by anything, maybe one field dropped or one added."""
    record = draw(valid_record(model))
    for field in specs(model):
        if draw(st.integers(0, 4)) == 0:
            record[field.name] = draw(st.one_of(WILD, st.lists(WILD, max_size=2)))
    if draw(st.integers(0, 9)) == 0:
        record.pop(draw(st.sampled_from(sorted(record))))
    if draw(st.integers(0, 9)) == 0:
        record["unexpected"] = 1
    return record


NAMES = sorted(CONFIGS)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("config", NAMES)
def test_batch_check_rejects_what_json_schema_rejects(config):
    model = CONFIGS[config].model

    @SETTINGS
    @given(st.lists(mutated_record(model), min_size=1, max_size=3))
    def check(records):
        schema_rejects = any(next(validator(config).iter_errors(r), None) is not None for r in records)
        table, problems = records_to_table(config, model, records, f"<{config}>")
        if schema_rejects:
            assert problems and table is None, records
        if not problems:
            assert [decode(row, model) for row in table.to_pylist()] == records

    check()


@pytest.mark.parametrize("config", NAMES)
def test_batch_check_keeps_valid_records(config):
    model = CONFIGS[config].model

    @SETTINGS
    @given(st.lists(valid_record(model), max_size=3))
    def check(records):
        assert all(next(validator(config).iter_errors(r), None) is None for r in records)
        table, problems = records_to_table(config, model, records, f"<{config}>")
        assert problems == []
        assert [decode(row, model) for row in table.to_pylist()] == records

    check()
