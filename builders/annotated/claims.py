"""The `claims`, `checkworthiness` and `facts` configs: sentence labels, claims with attribution and veracity."""

from __future__ import annotations

from collections.abc import Iterator

from builders.corpus import ListedDocument
from builders.inputs import Anchor, ClaimEntry, FactEntry, PassClaimEntry, SentenceLabelEntry, parse_entries
from builders.layer import ClaimSummary, DocumentView, Layer, Row, load_annotation_file, load_inventory, refuse_proposed
from builders.paths import FACTS_FILE
from builders.problems import Problem
from builders.records import CheckWorthiness, CheckworthinessExample, Claim, Fact, Sentence, Veracity
from builders.rules import Origin, check_anchor, sentence_containing

LAYER = "claims"
ARTICLE = "article"
UNSPECIFIED = "unspecified"  # a source the text gives but no single inventory entity is (agentless passive, a pair)


def claim_id(document_id: str, local_id: str) -> str:
    return f"{document_id}-{local_id}"


class ClaimLayer(Layer):
    annotated = "claims"

    def prepare(self, documents: list[ListedDocument]) -> list[Problem]:
        problems: list[Problem] = []
        self.facts: dict[str, FactEntry] = load_inventory(self.corpus, FACTS_FILE, "facts", FactEntry, problems)
        return problems

    def rows(self, view: DocumentView, problems: list[Problem]) -> Iterator[Row]:
        data, shown = load_annotation_file(self.corpus, LAYER, view.id, problems)
        if data is None:
            return
        labels = self._labels(view, data, shown, problems)
        entries, entry_problems = parse_entries(data.get("claims"), ClaimEntry if self.corpus.annotations is None else PassClaimEntry, shown, "claims", data.line)
        problems.extend(entry_problems + refuse_proposed(entries, "claims", shown))
        seen: dict[str, int] = {}
        claimed_sentences = set()
        claims = []
        for entry, line in entries:
            origin = Origin(shown, line)
            if entry.id in seen:
                problems.append(origin.problem("duplicate-id", f"claim id {entry.id!r} already used at line {seen[entry.id]}, expected unique ids"))
                continue
            seen[entry.id] = line
            sentence = sentence_containing(view.sentences, entry.start, entry.end)
            if sentence is not None:
                claimed_sentences.add(sentence.id)
            claim = self._claim(view, entry, labels, origin, problems)
            if claim is not None:
                claims.append(claim)
                self.shared.claims[claim.id] = ClaimSummary(claim.id, view.id, claim.sentence_id, claim.text)
        for sentence in view.sentences:
            label, line = labels.get(sentence.id, (None, 1))
            self.shared.sentence_texts[sentence.id] = sentence.text
            if label in (CheckWorthiness.CHECK_WORTHY_FACTUAL, CheckWorthiness.UNIMPORTANT_FACTUAL) and sentence.id not in claimed_sentences:
                problems.append(Problem(shown, line, "factual-sentence-without-claim", f"sentence {sentence.index} is labelled {label.value} but holds no claim, expected at least one claim"))
            if label is not None:
                yield Row("checkworthiness", CheckworthinessExample(id=sentence.id, document_id=view.id, text=sentence.text, label=label))
        for claim in sorted(claims, key=lambda c: (c.start, c.id)):
            yield Row("claims", claim)

    def _labels(self, view: DocumentView, data: dict, shown: str, problems: list[Problem]) -> dict[str, tuple[CheckWorthiness, int]]:
        """Check-worthiness by sentence id; every sentence must have exactly one label, with its exact text."""
        entries, entry_problems = parse_entries(data.get("sentences"), SentenceLabelEntry, shown, "sentences", data.line)
        problems.extend(entry_problems + refuse_proposed(entries, "sentences", shown))
        labels: dict[str, tuple[CheckWorthiness, int]] = {}
        for entry, line in entries:
            origin = Origin(shown, line)
            if entry.sentence >= len(view.sentences):
                problems.append(origin.problem("unknown-sentence", f"sentence {entry.sentence} does not exist, expected an index below {len(view.sentences)}"))
                continue
            sentence = view.sentences[entry.sentence]
            if entry.text != sentence.text:
                problems.append(origin.problem("sentence-text-mismatch", f"sentence {entry.sentence} text is {entry.text[:60]!r}…, the segmenter's sentence is {sentence.text[:60]!r}…"))
            if sentence.id in labels:
                problems.append(origin.problem("duplicate-id", f"sentence {entry.sentence} is labelled twice (first at line {labels[sentence.id][1]}), expected one label"))
                continue
            labels[sentence.id] = (entry.label, line)
        for sentence in view.sentences:
            if sentence.id not in labels:
                problems.append(Problem(shown, data.line, "checkworthiness-missing", f"sentence {sentence.index} ({sentence.text[:50]!r}…) has no check-worthiness label, expected one"))
        return labels

    def _anchor_in(self, view: DocumentView, anchor: Anchor, sentence: Sentence, origin: Origin, what: str, problems: list[Problem]) -> bool:
        anchor_problems = check_anchor(view.text, anchor.quote, anchor.start, origin, what, edges=False)
        problems.extend(anchor_problems)
        if anchor_problems:
            return False
        if not (sentence.start <= anchor.start and anchor.end <= sentence.end):
            problems.append(origin.problem("anchor-outside-sentence", f"{what} [{anchor.start}:{anchor.end}] is outside the claim's sentence [{sentence.start}:{sentence.end}], expected it inside"))
            return False
        return True

    def _claim(self, view: DocumentView, entry: ClaimEntry, labels, origin: Origin, problems: list[Problem]) -> Claim | None:
        what = f"claim {entry.id}"
        before = len(problems)
        anchor_problems = check_anchor(view.text, entry.quote, entry.start, origin, what, edges=False)
        problems.extend(anchor_problems)
        if entry.quote != entry.quote.strip():
            problems.append(origin.problem("span-edge", f"{what}: quote {entry.quote!r} has leading or trailing whitespace, expected none"))
        sentence = None if anchor_problems else sentence_containing(view.sentences, entry.start, entry.end)
        if sentence is None:
            if not anchor_problems:
                problems.append(origin.problem("claim-outside-sentence", f"{what} [{entry.start}:{entry.end}] is not inside one sentence, expected a span within a sentence"))
            return None
        if entry.cue is not None:
            self._anchor_in(view, entry.cue, sentence, origin, f"{what} cue", problems)
        if entry.time is not None:
            self._anchor_in(view, entry.time, sentence, origin, f"{what} time", problems)
        if entry.source not in (ARTICLE, UNSPECIFIED) and entry.source not in self.shared.entity_ids:
            problems.append(origin.problem("unknown-source", f"{what} is attributed to {entry.source!r}, expected an entity id from corpus/entities.yaml, {ARTICLE!r} or {UNSPECIFIED!r}"))
        if entry.source == ARTICLE and entry.cue is not None:
            problems.append(origin.problem("attribution-cue-mismatch", f"{what} is in the article's own voice but has cue {entry.cue.quote!r}, expected no cue"))
        if entry.source != ARTICLE and entry.cue is None:
            problems.append(origin.problem("attribution-cue-mismatch", f"{what} is attributed to {entry.source} but has no cue, expected the attribution cue"))
        for fact in entry.evidence:
            if fact not in self.facts:
                problems.append(origin.problem("unknown-fact", f"{what} cites fact {fact!r}, expected an id from corpus/{FACTS_FILE}"))
        problems.extend(_verdict_problems(entry, origin, what))
        if len(problems) > before or sentence.id not in labels:
            return None
        return Claim(
            id=claim_id(view.id, entry.id),
            document_id=view.id,
            sentence_id=sentence.id,
            start=entry.start,
            end=entry.end,
            text=entry.quote,
            statement=entry.statement or entry.quote,  # frozen passes predate statements; their records are compared, never released
            claim_type=entry.type,
            checkworthiness=labels[sentence.id][0],
            source=entry.source,
            cue=entry.cue.quote if entry.cue else None,
            cue_start=entry.cue.start if entry.cue else None,
            cue_end=entry.cue.end if entry.cue else None,
            veracity=entry.veracity,
            evidence=entry.evidence,
            looked_for=entry.looked_for,
            time_text=entry.time.quote if entry.time else None,
            time_start=entry.time.start if entry.time else None,
            time_end=entry.time.end if entry.time else None,
            time_value=entry.time.value if entry.time else None,
            rationale=entry.rationale,
        )

    def finish(self, problems: list[Problem]) -> Iterator[Row]:
        for fact in sorted(self.facts.values(), key=lambda f: f.id):
            yield Row("facts", Fact(**fact.model_dump()))


def _verdict_problems(entry: ClaimEntry, origin: Origin, what: str) -> list[Problem]:
    """Supported/refuted/conflicting-evidence-cherrypicking cite evidence; not-enough-info says what was looked for;
    not-applicable cites nothing."""
    verdict = entry.veracity
    if verdict in (Veracity.SUPPORTED, Veracity.REFUTED, Veracity.CONFLICTING_EVIDENCE_CHERRYPICKING) and not entry.evidence:
        return [origin.problem("evidence-missing", f"{what} is {verdict.value} with no evidence, expected at least one fact id")]
    if verdict is Veracity.NOT_ENOUGH_INFO and not (entry.looked_for or "").strip():
        return [origin.problem("looked-for-missing", f"{what} is not-enough-info with no looked_for, expected what evidence was looked for")]
    if verdict is Veracity.NOT_APPLICABLE and entry.evidence:
        return [origin.problem("evidence-unexpected", f"{what} is not-applicable but cites {entry.evidence}, expected no evidence")]
    return []
