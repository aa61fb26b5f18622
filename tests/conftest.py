"""Shared fixtures: the real corpus built once per session, and throw-away copies of small fixture corpora."""

from __future__ import annotations

import os
import tempfile

# No network, and a throw-away datasets cache: set before anything imports `datasets`.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="hague-claims-hf-cache-")

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builders.pipeline import corpus_at
from builders.release import build_release

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = sorted((FIXTURES / "bad").glob("*.yaml"))


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    """The release built from the real corpus, as a new user would build it."""
    return build_release(corpus_at(PROJECT), tmp_path_factory.mktemp("dist"), PROJECT)


def apply_fixture(fixture: Path, project: Path) -> str:
    """Copy the good fixture corpus into `project` and apply the bad fixture's file changes; return its rule id."""
    shutil.copytree(GOOD, project, dirs_exist_ok=True)
    spec = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    corpus = project / "corpus"
    changes = spec["files"] or {}
    for relative, change in changes.items():
        target = corpus / relative
        if change is None:
            target.unlink()
        elif "replace" in change:
            pairs = change["replace"] if isinstance(change["replace"][0], list) else [change["replace"]]
            text = target.read_text(encoding="utf-8")
            for old, new in pairs:
                assert old in text, f"{fixture.name}: {old!r} not in {relative}"
                text = text.replace(old, new, 1)
            target.write_text(text, encoding="utf-8")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(change["text"].encode(change.get("encoding", "utf-8")))
    for relative, change in changes.items():
        # "{sha256:PATH}" pins the hash of a fixture file as written, so only the intended rule breaks.
        if change is not None and relative.endswith(".yaml"):
            target = corpus / relative
            text = target.read_text(encoding="utf-8")
            text = re.sub(r"\{sha256:([^}]+)\}", lambda m: hashlib.sha256((corpus / m.group(1)).read_bytes()).hexdigest(), text)
            target.write_text(text, encoding="utf-8")
    return spec["rule"]


@pytest.fixture(scope="session")
def hostile_release(tmp_path_factory) -> Path:
    """The release of a small corpus whose texts and annotations carry markup and script addresses (viewer tests)."""
    from viewer_corpus import hostile_project

    project = hostile_project(tmp_path_factory.mktemp("hostile"))
    return build_release(corpus_at(project), project / "dist", project)
