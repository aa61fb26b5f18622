"""Property-based fuzzing (hypothesis, derandomised so CI is repeatable): mutate the good fixture corpus and require
exit 0 or 1 and never a traceback, well-formed problem lines, every wrong-data mutant rejected, and every accepted
mutant built and verified. `benchmarks/fuzz.py` runs the same mutations over many more corpora."""

from __future__ import annotations

import random
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOOD
from fuzzing import MUTATIONS, judge, mutate


@settings(max_examples=120, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), count=st.integers(min_value=1, max_value=3))
def test_mutated_corpora_are_rejected_cleanly_or_build_and_verify(seed, count, tmp_path_factory):
    project = tmp_path_factory.mktemp("mutant")
    done, must_reject = mutate(GOOD, project, seed, count)
    outcome = judge(project, must_reject)
    assert outcome.kind in ("rejected", "accepted"), f"{outcome.kind}: {outcome.detail}\nmutations:\n" + "\n".join(done)


def test_every_mutation_applies_to_the_good_corpus(tmp_path):
    """A mutation that finds nothing to change would silently test nothing."""
    for number, mutation in enumerate(MUTATIONS):
        project = tmp_path / mutation.name
        shutil.copytree(GOOD, project)
        assert mutation.apply(random.Random(number), project / "corpus") is not None, mutation.name
