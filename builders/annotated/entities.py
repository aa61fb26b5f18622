"""The `entities`, `mentions` and `ner` configs: the inventory, every mention, and a BIO token view."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from builders.corpus import ListedDocument
from builders.inputs import EntityEntry, MentionEntry, NonMentionEntry, parse_entries
from builders.layer import DocumentView, Layer, Row, load_annotation_file, load_inventory, refuse_proposed
from builders.paths import ENTITIES_FILE
from builders.problems import Problem
from builders.records import Entity, Mention, MentionKind, NerSentence, Sentence
from builders.rules import Origin, check_anchor, check_nesting, sentence_containing

LAYER = "mentions"


def mention_id(document_id: str, start: int, end: int) -> str:
    return f"{document_id}-m{start:05d}-{end:05d}"


def alias_occurrences(text: str, alias: str) -> Iterator[int]:
    """Start offsets of case-sensitive, whole-word occurrences of `alias` (’ and - count as word boundaries)."""
    for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
        yield match.start()


class EntityLayer(Layer):
    annotated = "mentions"

    def prepare(self, documents: list[ListedDocument]) -> list[Problem]:
        problems: list[Problem] = []
        self.entities: dict[str, EntityEntry] = load_inventory(self.corpus, ENTITIES_FILE, "entities", EntityEntry, problems)
        self.shared.entity_ids.update(self.entities)
        self.mention_counts: Counter[str] = Counter()
        self.documents_of: dict[str, set[str]] = defaultdict(set)
        return problems

    def rows(self, view: DocumentView, problems: list[Problem]) -> Iterator[Row]:
        data, shown = load_annotation_file(self.corpus, LAYER, view.id, problems)
        if data is None:
            return
        before = len(problems)
        mentions, entry_problems = parse_entries(data.get("mentions"), MentionEntry, shown, "mentions", data.line)
        non_mentions, non_problems = parse_entries(data.get("non_mentions"), NonMentionEntry, shown, "non_mentions", data.line)
        problems.extend(entry_problems + non_problems + refuse_proposed(mentions, "mentions", shown))
        released = []
        for entry, line in mentions:
            mention = self._mention(view, entry, Origin(shown, line), problems)
            if mention is not None:
                released.append((mention, Origin(shown, line)))
        problems.extend(check_nesting([(m.start, m.end, origin, f"mention {m.text!r}") for m, origin in released]))
        if len(problems) == before:  # completeness is only meaningful once every mention itself is sound
            problems.extend(self._check_completeness(view, [m for m, _ in released], non_mentions, shown))
        released.sort(key=lambda item: (item[0].start, -item[0].end))
        for mention, _ in released:
            self.mention_counts[mention.entity_id] += 1
            self.documents_of[mention.entity_id].add(view.id)
            yield Row("mentions", mention)
        for ner in ner_sentences(view, [m for m, _ in released], problems, shown):
            yield Row("ner", ner)

    def _mention(self, view: DocumentView, entry: MentionEntry, origin: Origin, problems: list[Problem]) -> Mention | None:
        what = f"mention {entry.quote!r}"
        anchor_problems = check_anchor(view.text, entry.quote, entry.start, origin, what)
        problems.extend(anchor_problems)
        entity = self.entities.get(entry.entity)
        if entity is None:
            problems.append(origin.problem("unknown-entity", f"{what} links to {entry.entity!r}, expected an id from corpus/{ENTITIES_FILE}"))
        elif entity.type != entry.type:
            problems.append(origin.problem("mention-type-mismatch", f"{what} has type {entry.type.value}, its entity {entity.id} is {entity.type.value}; expected the entity's type (metonymy links to the entity meant)"))
        sentence = sentence_containing(view.sentences, entry.start, entry.end)
        if sentence is None and not anchor_problems:
            problems.append(origin.problem("mention-outside-sentence", f"{what} [{entry.start}:{entry.end}] is not inside one sentence, expected a span within a sentence"))
        if anchor_problems or entity is None or entity.type != entry.type or sentence is None:
            return None
        return Mention(
            id=mention_id(view.id, entry.start, entry.end),
            document_id=view.id,
            sentence_id=sentence.id,
            start=entry.start,
            end=entry.end,
            text=entry.quote,
            type=entry.type,
            kind=entry.kind,
            entity_id=entry.entity,
            metonymy=entry.metonymy,
        )

    def _check_completeness(self, view: DocumentView, mentions: list[Mention], non_mentions, shown: str) -> list[Problem]:
        """Every alias occurrence is inside a mention of its entity or a listed non-mention."""
        problems = []
        excused = set()
        for entry, line in non_mentions:
            origin = Origin(shown, line)
            anchor_problems = check_anchor(view.text, entry.quote, entry.start, origin, f"non-mention {entry.quote!r}")
            problems.extend(anchor_problems)
            if entry.entity not in self.entities:
                problems.append(origin.problem("unknown-entity", f"non-mention {entry.quote!r} names entity {entry.entity!r}, expected an id from corpus/{ENTITIES_FILE}"))
            if not anchor_problems:
                excused.add((entry.entity, entry.start, entry.end))
        spans_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for mention in mentions:
            spans_of[mention.entity_id].append((mention.start, mention.end))
        for entity in self.entities.values():
            for alias in entity.aliases:
                for start in alias_occurrences(view.text, alias):
                    end = start + len(alias)
                    covered = any(s <= start and end <= e for s, e in spans_of[entity.id])
                    listed = any(entity_id == entity.id and s <= start and end <= e for entity_id, s, e in excused)
                    if not covered and not listed:
                        line = view.text.count("\n", 0, start) + 1
                        problems.append(Problem(shown, 1, "alias-not-covered", f"alias {alias!r} of {entity.id} at start={start} (raw line {line}) is in no mention of {entity.id} and no non-mention, expected one of them"))
        return problems

    def finish(self, problems: list[Problem]) -> Iterator[Row]:
        for entity in sorted(self.entities.values(), key=lambda e: e.id):
            yield Row(
                "entities",
                Entity(
                    id=entity.id,
                    name=entity.name,
                    type=entity.type,
                    aliases=entity.aliases,
                    description=entity.description,
                    wikidata=entity.wikidata,
                    mention_count=self.mention_counts[entity.id],
                    documents=sorted(self.documents_of[entity.id]),
                ),
            )


def ner_sentences(view: DocumentView, mentions: list[Mention], problems: list[Problem], shown: str) -> Iterator[NerSentence]:
    """One BIO-tagged token sequence per sentence over the outermost `name` mentions (nested ones cannot be shown)."""
    names = [m for m in mentions if m.kind is MentionKind.NAME]
    outermost = [m for m in names if not any(o is not m and o.start <= m.start and m.end <= o.end for o in names)]
    by_sentence: dict[str, list[Mention]] = defaultdict(list)
    for mention in outermost:
        by_sentence[mention.sentence_id].append(mention)
    for sentence in view.sentences:
        yield _tag(sentence, by_sentence[sentence.id], problems, shown)


def _tag(sentence: Sentence, mentions: list[Mention], problems: list[Problem], shown: str) -> NerSentence:
    tags = ["O"] * len(sentence.tokens)  # the automatic layer's tokens: one tokenisation for `sentences` and `ner`
    starts = {start: index for index, start in enumerate(sentence.token_starts)}
    ends = {end: index for index, end in enumerate(sentence.token_ends)}
    for mention in mentions:
        if mention.start not in starts or mention.end not in ends:
            problems.append(Problem(shown, 1, "ner-token-misaligned", f"mention {mention.text!r} [{mention.start}:{mention.end}] does not start and end on token boundaries, expected aligned spans"))
            continue
        first, last = starts[mention.start], ends[mention.end]
        tags[first] = f"B-{mention.type.value}"
        for index in range(first + 1, last + 1):
            tags[index] = f"I-{mention.type.value}"
    return NerSentence(
        id=sentence.id,
        document_id=sentence.document_id,
        tokens=sentence.tokens,
        token_starts=sentence.token_starts,
        token_ends=sentence.token_ends,
        ner_tags=tags,
    )
