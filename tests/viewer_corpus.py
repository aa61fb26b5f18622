"""A small corpus whose texts and annotations carry markup, quotes, ampersands and script addresses, for the viewer's
escaping tests: the good fixture with one hostile sentence, claim, fact, entity description, cluster statement and
publisher added. Every hostile string sets `window.pwned` if it ever runs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from conftest import GOOD

SCRIPT = '<script>window.pwned=1</script>'
HOSTILE_LINE = f'The note said "{SCRIPT}" & </textarea><img src=x onerror="window.pwned=2"> javascript:alert(1) was typed.'
HOSTILE_STRINGS = [SCRIPT, '"', "&", "</textarea>", "javascript:alert(1)", '<img src=x onerror="window.pwned=2">']
DOC = "00000000000000bb"


def good_project(project: Path) -> Path:
    """The good fixture project (corpus, metadata, citation, licence) copied into `project`."""
    shutil.copytree(GOOD, project, dirs_exist_ok=True)
    return project


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def hostile_project(project: Path) -> Path:
    """Write the hostile corpus (with its citation and licence) into `project` and return it."""
    from builders.automatic.segment import paragraphs, sentences_in

    good_project(project)
    corpus = project / "corpus"
    raw = corpus / "raw" / f"001_{DOC}.txt"
    text = raw.read_text(encoding="utf-8") + HOSTILE_LINE + "\n"
    raw.write_text(text, encoding="utf-8")
    sentences = [text[s.start : s.end] for p in paragraphs(text) for s in sentences_in(text, p)]
    assert sentences[-1] == HOSTILE_LINE, sentences  # the hostile line is one sentence
    claim_text = HOSTILE_LINE.rstrip(".")

    def documents(data):
        for document in data["documents"]:
            if document["id"] == DOC:
                document["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
                document["publisher"] = f'example.org "{SCRIPT}" & co'
                document["url"] = 'https://example.org/"><script>window.pwned=4</script>'  # only http(s) addresses validate

    def claims(data):
        data["sentences"].append({"sentence": len(sentences) - 1, "label": "check-worthy-factual", "text": HOSTILE_LINE})
        data["claims"].append({
            "id": "c002", "quote": claim_text, "start": text.index(HOSTILE_LINE), "type": "event", "source": "article",
            "cue": None, "veracity": "refuted", "evidence": ["hostile-fact"], "looked_for": None, "time": None,
            "statement": f'A note said {SCRIPT} & "</textarea>" javascript:alert(1).',
            "rationale": f'the record says otherwise {SCRIPT} & "</textarea>"',
        })

    def facts(data):
        data["facts"].append({
            "id": "hostile-fact", "statement": f'A statement with {SCRIPT} & "quotes"', "source_title": "</textarea><b>bold</b> & co",
            "source_url": f'https://example.org/a?b="><script>window.pwned=3</script>&c=1', "source_date": None, "quote": '<img src=x onerror="window.pwned=4"> & "q"', "reference": "F4",
        })

    def entities(data):
        for entity in data["entities"]:
            if entity["id"] == "nato":
                entity["description"] = f'the alliance {SCRIPT} & "co" </textarea>'

    def links(data):
        data["clusters"][0]["statement"] = f'Gerasimov warned NATO "{SCRIPT}" & javascript:alert(1)'
        data["unique"].append({"claim": f"{DOC}-c002", "reason": f"hostile {SCRIPT}"})

    _edit_yaml(corpus / "documents.yaml", documents)
    _edit_yaml(corpus / "annotations" / "claims" / f"{DOC}.yaml", claims)
    _edit_yaml(corpus / "facts.yaml", facts)
    _edit_yaml(corpus / "entities.yaml", entities)
    _edit_yaml(corpus / "links.yaml", links)
    return project
