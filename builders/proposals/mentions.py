"""Proposed entity mentions for one document: the inventory's names and aliases, the surface forms annotators have
already linked in gold documents (nominals such as "the alliance"), and third-person personal pronouns that follow
a person mentioned in the same or the previous sentence (GUIDELINES 1.2). Every proposal says which rule found it."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from builders.annotated.entities import alias_occurrences
from builders.proposals.gold import Gold

PERSONAL_PRONOUNS = ("He", "he", "His", "his", "Him", "him")


def _surfaces(gold: Gold) -> dict[str, tuple[str, dict]]:
    """Each surface form -> (rule, the entity/type/kind/metonymy most often given to it in gold)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in gold.mentions:
        if mention["kind"] != "pronoun":  # a pronoun's referent depends on its context, never on its form
            votes[mention["text"]][(mention["entity_id"], mention["type"], mention["kind"], mention["metonymy"])] += 1
    found: dict[str, tuple[str, dict]] = {}
    for surface, counter in votes.items():
        (entity, type_, kind, metonymy), count = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        found[surface] = (f"gold-surface ({count} of {sum(counter.values())} gold mentions)", {"entity": entity, "type": type_, "kind": kind, "metonymy": metonymy})
    for entity in gold.entities.values():
        for alias in [entity["name"], *entity["aliases"]]:
            if alias and alias not in found:
                kind = "nominal" if alias[:1].islower() or alias.split()[0] in ("The", "A", "An") else "name"
                found[alias] = ("inventory-alias", {"entity": entity["id"], "type": entity["type"], "kind": kind, "metonymy": False})
    return found


def propose_mentions(text: str, sentences: list[dict], gold: Gold) -> list[dict]:
    """Mention entries (the annotation-file format) with a `proposed` marker each, in text order."""
    spans: dict[tuple[int, int], dict] = {}
    for surface, (rule, label) in sorted(_surfaces(gold).items()):
        for start in alias_occurrences(text, surface):
            key = (start, start + len(surface))
            if key not in spans:
                spans[key] = {"quote": surface, "start": start, **label, "proposed": {"by": rule}}
    kept = _without_crossing(spans)
    kept.extend(_pronouns(text, sentences, kept))
    inside = [m for m in kept if any(s["start"] <= m["start"] and m["start"] + len(m["quote"]) <= s["end"] for s in sentences)]
    return sorted(inside, key=lambda m: (m["start"], -len(m["quote"])))


def _without_crossing(spans: dict[tuple[int, int], dict]) -> list[dict]:
    """Nested spans of other entities are kept (GUIDELINES 1.4); a span inside a longer one of the same entity is one
    mention, not two; of two crossing spans the longer wins."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda k: (-(k[1] - k[0]), k[0])):
        entity = spans[(start, end)]["entity"]
        crossing = any(not (end <= a or start >= b or (a <= start and end <= b) or (start <= a and b <= end)) for a, b in kept)
        inside_same = any(a <= start and end <= b and spans[(a, b)]["entity"] == entity for a, b in kept)
        if not crossing and not inside_same:
            kept.append((start, end))
    return [spans[key] for key in sorted(kept)]


def _pronouns(text: str, sentences: list[dict], mentions: list[dict]) -> list[dict]:
    """A personal pronoun refers to the last person mentioned before it in its own or the previous sentence."""
    people = sorted((m for m in mentions if m["type"] == "PER"), key=lambda m: m["start"])
    found = []
    for index, sentence in enumerate(sentences):
        window_start = sentences[index - 1]["start"] if index else sentence["start"]
        for match in re.finditer(rf"\b({'|'.join(PERSONAL_PRONOUNS)})\b", text[sentence["start"] : sentence["end"]]):
            start = sentence["start"] + match.start()
            before = [p for p in people if window_start <= p["start"] < start]
            if before:
                antecedent = before[-1]
                found.append({"quote": match.group(1), "start": start, "entity": antecedent["entity"], "type": "PER", "kind": "pronoun", "metonymy": False, "proposed": {"by": f"pronoun-rule (antecedent {antecedent['quote']!r} at {antecedent['start']})"}})
    return found
