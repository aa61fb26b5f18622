"""Seeded mutations of a small good corpus, and the one oracle both the fuzz test and `benchmarks/fuzz.py` use.

Each mutation changes one thing the way an attacker or a careless annotator would, and says whether the result is
wrong data (`must_reject`: validation must fail) or may be accepted (then it must build and verify). A mutant is
judged on what the validator does: a traceback (any exception but `CorpusError`), a malformed report line, a
wrong-data mutant that validates (a silent acceptance), or an accepted mutant that does not build and verify.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPORT_LINE = re.compile(r"^\S+:\d+: \[[a-z0-9-]+\] \S.*$")
SUMMARY_LINE = re.compile(r"^\d+ problem\(s\) found(; not shown: .+)?$")

# Keys whose values are free text the validator cannot judge (a changed rationale is still a rationale).
_REQUIRED = ("quote", "start", "entity", "type", "kind", "id", "veracity", "evidence", "source", "label", "sentence", "text", "statement", "split", "members", "claim", "reason", "decision", "a", "b", "relation", "value", "file", "sha256", "headline", "publisher", "url", "published", "language", "name", "aliases", "rationale", "source_url")
_TEXT = ("statement", "name", "publisher", "url", "reason", "rationale", "description", "source_title", "reference", "quote", "text")


@dataclass(frozen=True)
class Mutation:
    name: str
    must_reject: bool | None  # None: the oracle cannot tell (random bytes); only crashes and report form are judged
    apply: Callable[[random.Random, Path], str | None]  # returns a description, or None when it found nothing to change


def _yaml_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.yaml") if p.is_file() and not p.is_symlink())


def _raw_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "raw").glob("*.txt"))


def _edit_match(rng: random.Random, corpus: Path, pattern: str, replace: Callable[[re.Match], str], files: list[Path] | None = None) -> str | None:
    """Replace one random match of `pattern` in one random file that has one."""
    candidates = [
        (path, match)
        for path in files or _yaml_files(corpus)
        for text in [path.read_text(encoding="utf-8", errors="surrogateescape")]
        for match in re.finditer(pattern, text, re.M)
        if not text[text.rfind("\n", 0, match.start()) + 1 : match.start()].lstrip().startswith("#")  # not in a comment
    ]
    if not candidates:
        return None
    path, match = rng.choice(candidates)
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    new = replace(match)
    group = "v" if "v" in match.re.groupindex else 0  # with a group named v, only that part is replaced
    path.write_text(text[: match.start(group)] + new + text[match.end(group) :], encoding="utf-8", errors="surrogateescape")
    return f"{path.relative_to(corpus.parent)}: {match.group(group)!r} -> {new!r}"


def _repin(corpus: Path, raw: Path, old: bytes) -> None:
    listing = corpus / "documents.yaml"
    text = listing.read_text(encoding="utf-8", errors="surrogateescape")
    listing.write_text(text.replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(raw.read_bytes()).hexdigest()), encoding="utf-8", errors="surrogateescape")


def tag(rng, corpus):
    chosen = rng.choice(["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!set", "!", "!!python/object:os.system"])
    return _edit_match(rng, corpus, r"(?<=: )(?=[^\s\[{])", lambda m: f"{chosen} ")


def alias_bomb(rng, corpus):
    path = rng.choice(_yaml_files(corpus))
    levels = "".join(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]\n" for n in range(1, rng.randint(2, 9)))
    path.write_text(path.read_text(encoding="utf-8", errors="surrogateescape") + "lol0: &lol0 [lol]\n" + levels, encoding="utf-8", errors="surrogateescape")
    return f"alias bomb appended to {path.name}"


def deep_nesting(rng, corpus):
    depth = rng.choice([25, 500, 20_000])
    style = rng.choice(["flow", "block"])
    nested = "[" * depth + "]" * depth if style == "flow" else "\n" + "".join(" " * (i + 1) + "- " + "\n" for i in range(min(depth, 300)))
    return _edit_match(rng, corpus, r"(?<=: )\[\]", lambda m: nested) or _edit_match(rng, corpus, r"(?<=evidence: )\[[^\]]*\]", lambda m: nested)


def list_key(rng, corpus):
    path = rng.choice(_yaml_files(corpus))
    key = rng.choice(["[a]", "{a: 1}", "41", "null", "true", "? [x, y]"])
    path.write_text(path.read_text(encoding="utf-8", errors="surrogateescape") + f"{key}: 1\n", encoding="utf-8", errors="surrogateescape")
    return f"{key}: 1 appended to {path.name}"


def control_character(rng, corpus):
    path = rng.choice(_yaml_files(corpus))
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    at = rng.randrange(len(text))
    character = rng.choice(["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\ufeff"])
    path.write_text(text[:at] + character + text[at:], encoding="utf-8", errors="surrogateescape")
    return f"{character!r} inserted in {path.name} at {at}"


def _annotation_files(corpus: Path) -> list[Path]:
    """Files whose quotes are anchored in the raw texts (a fact's quote is an excerpt of its external source)."""
    return [path for path in _yaml_files(corpus) if "annotations" in path.parts]


def punctuation_appended(rng, corpus):
    mark = rng.choice([".", ",", ";", ":", "!", "?", "’", "”", ")", " "])
    return _edit_match(rng, corpus, r'(?<=quote: ")[^"]+(?=")', lambda m: m.group() + mark, _annotation_files(corpus))


def quote_cut(rng, corpus):
    return _edit_match(rng, corpus, r'(?<=quote: ")[^"]{2,}(?=")', lambda m: m.group()[:-1] if rng.random() < 0.5 else m.group()[1:], _annotation_files(corpus))


def offset_shifted(rng, corpus):
    return _edit_match(rng, corpus, r"(?<=start: )\d+", lambda m: str(max(0, int(m.group()) + rng.choice([-3, -2, -1, 1, 2, 3]))) if int(m.group()) > 3 else str(int(m.group()) + 1))


def coerced(rng, corpus):
    choice = rng.randrange(3)
    if choice == 0:
        return _edit_match(rng, corpus, r"(?<=start: )\d+", lambda m: rng.choice([f'"{m.group()}"', f"{m.group()}.0", f'" {m.group()} "', f"{m.group()}e0"]))
    if choice == 1:
        return _edit_match(rng, corpus, r"(?:headline|metonymy): (?P<v>true|false)", lambda m: rng.choice(['"yes"', "yes", "1", "0", '"true"', "on"]))
    return _edit_match(rng, corpus, r"(?<=sentence: )\d+", lambda m: rng.choice([f'"{m.group()}"', f"{m.group()}.0"]))


def emptied(rng, corpus):
    keys = "|".join(_TEXT)
    return _edit_match(rng, corpus, rf'\b(?:{keys}): (?P<v>"[^"]*"|[^,}}\n]+)', lambda m: rng.choice(['""', '"  "', '" "']))


def bad_time_value(rng, corpus):
    return _edit_match(rng, corpus, r'(?<=value: )"[^"]*"', lambda m: rng.choice(['"not a date"', '"2025-13-01"', '"2025-02-30"', '"2026/2025"', '"../.."', '""', '"2025-12-18/"']))


def required_key_deleted(rng, corpus):
    keys = "|".join(_REQUIRED)
    return _edit_match(rng, corpus, rf'(?:(?<=\{{)|, )\b(?:{keys}): (?:"[^"]*"|\[[^\]]*\]|\{{[^}}]*\}}|[^,}}\n]+)(?:, )?', lambda m: ", " if m.group().startswith(", ") and m.group().endswith(", ") else "")


def entry_duplicated(rng, corpus):
    candidates = [(path, line) for path in _yaml_files(corpus) for line in path.read_text(encoding="utf-8", errors="surrogateescape").splitlines(keepends=True) if line.startswith("  - {")]
    if not candidates:
        return None
    path, line = rng.choice(candidates)
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    path.write_text(text.replace(line, line + line, 1), encoding="utf-8", errors="surrogateescape")
    return f"{path.name}: entry repeated: {line.strip()[:60]}"


def list_item_duplicated(rng, corpus):
    return _edit_match(rng, corpus, r"(?:aliases|evidence|members): \[(?P<v>[^\],]+)", lambda m: f"{m.group('v')}, {m.group('v')}")


def raw_character_deleted(rng, corpus):
    raw = rng.choice(_raw_files(corpus))
    data = raw.read_bytes()
    text = data.decode("utf-8", errors="surrogateescape")
    at = rng.randrange(len(text.rstrip()))  # trailing whitespace is `raw-trailing-whitespace`
    raw.write_bytes((text[:at] + text[at + 1 :]).encode("utf-8", errors="surrogateescape"))
    _repin(corpus, raw, data)
    return f"{raw.name}: character {at} ({text[at]!r}) deleted, hash re-pinned"


def raw_trailing_whitespace(rng, corpus):
    """Whitespace after the last sentence: no annotation can notice it, so a re-pinned change is accepted; the
    release lock (`releases/<version>.lock`, `verify --lock`) is what pins the document texts byte for byte."""
    raw = rng.choice(_raw_files(corpus))
    data = raw.read_bytes()
    text = data.decode("utf-8", errors="surrogateescape")
    new = text.rstrip() + rng.choice(["", "\n", "\n\n", " \n", "\n\n\n"])
    raw.write_bytes(new.encode("utf-8", errors="surrogateescape"))
    _repin(corpus, raw, data)
    return f"{raw.name}: trailing whitespace {text[len(text.rstrip()):]!r} -> {new[len(text.rstrip()):]!r}, hash re-pinned"


def raw_truncated(rng, corpus):
    raw = rng.choice(_raw_files(corpus))
    data = raw.read_bytes()
    raw.write_bytes(data[: rng.randrange(len(data.rstrip()))])
    _repin(corpus, raw, data)
    return f"{raw.name} truncated, hash re-pinned"


def symlinked_outside(rng, corpus):
    path = rng.choice(_yaml_files(corpus))
    outside = corpus.parent / "outside" / path.name
    outside.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, outside)
    path.unlink()
    path.symlink_to(outside)
    return f"{path.relative_to(corpus.parent)} is a symlink to {outside.relative_to(corpus.parent)}"


def unknown_top_level_key(rng, corpus):
    path = rng.choice(_yaml_files(corpus))
    key = rng.choice(["mention", "claim", "notes", "non_mention", "uniques"])
    path.write_text(path.read_text(encoding="utf-8", errors="surrogateescape") + f"{key}: []\n", encoding="utf-8", errors="surrogateescape")
    return f"{key} appended to {path.name}"


def unlisted_annotation(rng, corpus):
    layer = rng.choice(sorted(p for p in (corpus / "annotations").iterdir() if p.is_dir()))
    source = rng.choice(sorted(layer.glob("*.yaml")))
    stem = "".join(rng.choice("0123456789abcdef") for _ in range(16))
    (layer / f"{stem}.yaml").write_text(source.read_text(encoding="utf-8", errors="surrogateescape").replace(source.stem, stem), encoding="utf-8", errors="surrogateescape")
    return f"annotation for unlisted document {stem} in {layer.name}"


def citation_broken(rng, corpus):
    path = corpus.parent / "CITATION.cff"
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    change = rng.choice([("authors:\n", "authors: [\n"), ('  - name: "hague-claims contributors"\n', ""), ('date-released: "2026-11-21"', "date-released: soon"), ("license: CC-BY-4.0", 'license: ""')])
    path.write_text(text.replace(*change, 1), encoding="utf-8", errors="surrogateescape")
    return f"CITATION.cff: {change[0].strip()!r} -> {change[1].strip()!r}"


def comment_added(rng, corpus):
    path = rng.choice(_yaml_files(corpus))
    lines = path.read_text(encoding="utf-8", errors="surrogateescape").splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    lines.insert(at, rng.choice(["# a comment\n", "\n", "# ünïcødé comment: [x] &y *z !!str\n"]))
    path.write_text("".join(lines), encoding="utf-8", errors="surrogateescape")
    return f"comment or blank line inserted in {path.name} at line {at + 1}"


def random_bytes(rng, corpus):
    path = rng.choice(_yaml_files(corpus) + _raw_files(corpus))
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        action = rng.randrange(3)
        if action == 0 and at < len(data):
            data[at] = rng.randrange(256)
        elif action == 1:
            data.insert(at, rng.choice(b"{}[]:,-&*!|>'\"#%@`\n\t \\\x00\xff\xc3"))
        elif at < len(data):
            del data[at]
    path.write_bytes(bytes(data))
    return f"random bytes changed in {path.name}"


MUTATIONS = [
    Mutation("tag", True, tag),
    Mutation("alias-bomb", True, alias_bomb),
    Mutation("deep-nesting", True, deep_nesting),
    Mutation("non-string-key", True, list_key),
    Mutation("control-character", True, control_character),
    Mutation("punctuation-appended", True, punctuation_appended),
    Mutation("quote-cut", True, quote_cut),
    Mutation("offset-shifted", True, offset_shifted),
    Mutation("coerced-value", True, coerced),
    Mutation("emptied-text", True, emptied),
    Mutation("bad-time-value", True, bad_time_value),
    Mutation("required-key-deleted", True, required_key_deleted),
    Mutation("entry-duplicated", True, entry_duplicated),
    Mutation("list-item-duplicated", True, list_item_duplicated),
    Mutation("raw-character-deleted", True, raw_character_deleted),
    Mutation("raw-truncated", True, raw_truncated),
    Mutation("symlink-outside", True, symlinked_outside),
    Mutation("unknown-top-level-key", True, unknown_top_level_key),
    Mutation("unlisted-annotation", True, unlisted_annotation),
    Mutation("citation-broken", True, citation_broken),
    Mutation("comment-added", False, comment_added),
    Mutation("raw-trailing-whitespace", False, raw_trailing_whitespace),
    Mutation("random-bytes", None, random_bytes),
]


def mutate(good: Path, project: Path, seed: int, count: int) -> tuple[list[str], bool | None]:
    """Copy `good` into `project` and apply `count` seeded mutations; return what was done and whether the result
    must be rejected (True), may be accepted (False) or cannot be judged (None)."""
    shutil.copytree(good, project, dirs_exist_ok=True)
    rng = random.Random(seed)
    done, verdicts = [], []
    for _ in range(count):
        mutation = rng.choice(MUTATIONS)
        described = mutation.apply(rng, project / "corpus")
        if described is not None:
            done.append(f"{mutation.name}: {described}")
            verdicts.append(mutation.must_reject)
    if True in verdicts:
        return done, True
    return done, (None if None in verdicts else False)


@dataclass
class Outcome:
    kind: str  # "rejected", "accepted", "traceback", "malformed-report", "silent-acceptance", "build-failed"
    detail: str = ""


def judge(project: Path, must_reject: bool | None, build: bool = True) -> Outcome:
    """Validate the mutated project as the CLI would; when it is accepted, build and verify it."""
    import traceback

    from builders.pipeline import corpus_at, validate
    from builders.problems import CorpusError

    try:
        validate(corpus_at(project))
    except CorpusError as error:
        lines = error.report().splitlines()
        bad = [line for line in lines[:-1] if not REPORT_LINE.match(line)] + ([lines[-1]] if not SUMMARY_LINE.match(lines[-1]) else [])
        return Outcome("malformed-report", bad[0]) if bad else Outcome("rejected")
    except Exception:  # noqa: BLE001 - a traceback is exactly what is being counted
        return Outcome("traceback", traceback.format_exc(limit=-3))
    if must_reject:
        return Outcome("silent-acceptance")
    if not build:
        return Outcome("accepted")
    from builders.release import build_release
    from builders.verify import verify_release

    try:
        problems = verify_release(build_release(corpus_at(project), project / "dist", project))
    except CorpusError as error:
        return Outcome("build-failed", error.report().splitlines()[0])
    except Exception:  # noqa: BLE001
        return Outcome("traceback", traceback.format_exc(limit=-3))
    return Outcome("build-failed", str(problems[0])) if problems else Outcome("accepted")
