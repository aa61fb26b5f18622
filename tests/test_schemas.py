"""The committed JSON Schemas are exactly what the record models generate."""

from builders.schemas import stale_schemas
from conftest import PROJECT


def test_committed_schemas_match_models():
    assert stale_schemas(PROJECT / "schema") == [], "regenerate with: hague-claims schema"
