"""HTML fragments made from data: highlighted spans, word differences, safe links and file names. Everything from
the data passes through `markupsafe.escape`; only the fixed tags written here are trusted."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from markupsafe import Markup, escape

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$")
WORD = re.compile(r"\w+(?:['’]\w+)*")


def slug(identifier: str) -> str:
    """A file name and HTML id for a record id: the id itself when it is plain, else a digest of it."""
    text = str(identifier)
    return text if SAFE_NAME.match(text) else "h" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def external_link(url: str | None) -> Markup:
    """An http(s) address as a link that opens nothing on this page; any other scheme only as text."""
    if not url:
        return Markup("")
    if re.match(r"^https?://", url, re.IGNORECASE) and not any(c in url for c in "\x00\r\n\t"):
        return Markup('<a class="external" href="{0}" rel="noopener noreferrer">{0}</a>').format(url)
    return Markup('<span class="url">{}</span>').format(url)


@dataclass
class Span:
    """A highlight over [start, end) of the raw text; `prefix` is written where it opens, `suffix` where it closes."""

    start: int
    end: int
    rank: int
    css: str
    attributes: dict[str, str] = field(default_factory=dict)
    prefix: Markup = field(default_factory=Markup)
    suffix: Markup = field(default_factory=Markup)

    def open(self, first: bool) -> Markup:
        attributes = Markup("").join(Markup(' {}="{}"').format(name, value) for name, value in sorted(self.attributes.items()))
        tag = Markup('<span class="{}"{}>').format(self.css, attributes)
        return tag + self.prefix if first else tag

    def close(self, last: bool) -> Markup:
        return (self.suffix if last else Markup("")) + Markup("</span>")


def highlight(text: str, offset: int, spans: list[Span]) -> Markup:
    """`text` (starting at raw offset `offset`) with every span as nested elements.

    Spans that cross each other are closed and reopened at the crossing, so the markup always nests; a span opened
    earlier, or longer at the same start, or of lower rank at the same extent, is the outer one.
    """
    end = offset + len(text)
    spans = [s for s in spans if s.start < end and s.end > offset and s.start < s.end]
    points = sorted({offset, end} | {max(s.start, offset) for s in spans} | {min(s.end, end) for s in spans})
    out: list[Markup] = []
    stack: list[Span] = []
    for a, b in zip(points, points[1:]):
        active = sorted((s for s in spans if s.start <= a and s.end >= b), key=lambda s: (s.start, -s.end, s.rank))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend(s.close(a == s.end) for s in reversed(stack[keep:]))
        out.extend(s.open(a == s.start) for s in active[keep:])
        stack = active
        out.append(escape(text[a - offset : b - offset]))
    out.extend(s.close(end == s.end) for s in reversed(stack))
    return Markup("").join(out)


@dataclass
class Difference:
    """A member's text with the words the reference lacks marked, and the reference's words the member lacks."""

    markup: Markup
    added: int
    missing: list[str]


def difference(text: str, reference: str) -> Difference:
    """Word-level difference (difflib over case-folded words; punctuation and spacing ignored) of text against reference."""
    words = list(WORD.finditer(text))
    reference_words = [m.group() for m in WORD.finditer(reference)]
    matcher = SequenceMatcher(a=[w.casefold() for w in reference_words], b=[m.group().casefold() for m in words], autojunk=False)
    marked = [False] * len(words)
    missing: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            for j in range(j1, j2):
                marked[j] = True
        if tag in ("replace", "delete"):
            missing.extend(reference_words[i1:i2])
    out: list[Markup] = []
    position = 0
    j = 0
    while j < len(words):
        if not marked[j]:
            j += 1
            continue
        run_end = j
        while run_end + 1 < len(words) and marked[run_end + 1]:
            run_end += 1
        start, stop = words[j].start(), words[run_end].end()
        out.append(escape(text[position:start]))
        out.append(Markup('<ins class="diff">{}</ins>').format(text[start:stop]))
        position = stop
        j = run_end + 1
    out.append(escape(text[position:]))
    return Difference(Markup("").join(out), sum(marked), missing)
