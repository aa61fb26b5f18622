"""Citation metadata: the project's CITATION.cff and maintainer file in, the release's CITATION.cff and BibTeX out.

The release's CITATION.cff is the project's with three generated parts: the release digest as an identifier, the
maintainer's repository and contact (from `metadata/maintainer.yaml`, empty by default) and a message that says
which of them are not set. The card's BibTeX and Croissant's `citeAs` are built from the release's file.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from builders.problems import CorpusError, Problem
from builders.yamlio import line_of, load_yaml

CFF = "CITATION.cff"
MAINTAINER_FILE = Path("metadata") / "maintainer.yaml"
MAINTAINER_KEYS = ("repository", "contact")
DIGEST_PREFIX = "sha256:"


def read_cff(folder: Path) -> dict:
    """The CITATION.cff of a project or release folder; a file that does not parse, or lacks what the card and
    Croissant need (title, licence, version, release date, authors with names), is a `citation-invalid` problem."""
    path = folder / CFF
    if not path.is_file():
        raise CorpusError([Problem(CFF, 1, "file-missing", f"no {CFF} in {folder}, expected the citation metadata")])
    try:
        cff = load_yaml(path, CFF)
    except CorpusError as error:
        raise CorpusError([Problem(p.path, p.line, "citation-invalid", f"{p.message} ({p.rule})") for p in error.problems]) from None
    if not isinstance(cff, dict):
        raise CorpusError([Problem(CFF, 1, "citation-invalid", f"top level is a {type(cff).__name__}, expected a mapping")])

    def text(value: object) -> bool:
        return isinstance(value, str) and bool(value.strip())

    found = [f"'{key}' is {cff.get(key)!r}, expected a non-empty string" for key in ("title", "license", "date-released", "version") if not text(cff.get(key))]
    if text(cff.get("date-released")) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cff["date-released"]):
        found.append(f"'date-released' is {cff['date-released']!r}, expected YYYY-MM-DD")
    authors = cff.get("authors")
    if not (isinstance(authors, list) and authors):
        found.append(f"'authors' is {authors!r}, expected a non-empty list")
    else:
        for number, author in enumerate(authors, start=1):
            if not (isinstance(author, dict) and (text(author.get("name")) or (text(author.get("family-names")) and text(author.get("given-names"))))):
                found.append(f"author {number} is {author!r}, expected a name or family-names and given-names")
    if found:
        raise CorpusError([Problem(CFF, line_of(cff), "citation-invalid", message) for message in found])
    return cff


def maintainer(project: Path) -> dict[str, str | None]:
    """Repository URL and contact the maintainer set in `metadata/maintainer.yaml`; None for what is not set (a
    project without the file has set neither)."""
    path = project / MAINTAINER_FILE
    if not path.is_file():
        return {key: None for key in MAINTAINER_KEYS}
    data = load_yaml(path, MAINTAINER_FILE.as_posix()) or {}
    if not isinstance(data, dict) or set(data) != set(MAINTAINER_KEYS) or not all(v is None or isinstance(v, str) for v in data.values()):
        raise CorpusError([Problem(MAINTAINER_FILE.as_posix(), 1, "maintainer-malformed", f"found {data!r}, expected exactly the keys {', '.join(MAINTAINER_KEYS)} with a string or empty value")])
    return {key: (data[key] or "").strip() or None for key in MAINTAINER_KEYS}


def unset_note(people: dict[str, str | None]) -> str:
    """A plain sentence naming what the maintainer has not set, or '' when both are set."""
    missing = [key for key in MAINTAINER_KEYS if not people[key]]
    if not missing:
        return ""
    return f"No maintainer {' or '.join(missing)} is set for this release (the maintainer sets them in {MAINTAINER_FILE.as_posix()})."


def composition(documents: list[dict]) -> str:
    """What the release holds, counted from its `documents` records."""
    gold = sum(1 for d in documents if d["mentions_status"] == "gold" and d["claims_status"] == "gold")
    return (f"This release holds {len(documents)} documents: {gold} with gold entity and claim annotation (every layer), "
            f"{len(documents) - gold} with the automatic layers (documents, sentences, tokens) and only the annotated layers that are gold.")


def release_cff(project: Path, digest: str, documents: list[dict] | None = None) -> dict:
    """The release's CITATION.cff: the project's, plus the release digest, repository and contact, and what it holds."""
    cff = {k: v for k, v in read_cff(project).items() if k not in ("identifiers", "repository-code", "contact")}
    if documents is not None:
        cff["abstract"] = f"{str(cff.get('abstract', '')).rstrip()} {composition(documents)}".strip()
    people = maintainer(project)
    message = f"If you use hague-claims, cite this exact release, version {cff['version']}, and quote its digest {DIGEST_PREFIX}{digest}; `hague-claims verify RELEASE --digest {digest}` checks a copy against it, and against the lock the release ships (lock.json)."
    if note := unset_note(people):
        message += " " + note
    cff["message"] = message
    cff["identifiers"] = [
        {
            "type": "other",
            "value": DIGEST_PREFIX + digest,
            "description": "Release digest: SHA-256 over every config's features and every split's row count and record content.",
        }
    ]
    if people["repository"]:
        cff["repository-code"] = people["repository"]
    if people["contact"]:
        contact = people["contact"]
        cff["contact"] = [{"name": "hague-claims maintainers", "email": contact} if "@" in contact and " " not in contact else {"name": contact}]
    return cff


def render_cff(cff: dict) -> str:
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=120)


def digest_of(cff: dict) -> str:
    """The release digest quoted in a release's CITATION.cff."""
    for identifier in cff.get("identifiers") or []:
        if str(identifier.get("value", "")).startswith(DIGEST_PREFIX):
            return identifier["value"][len(DIGEST_PREFIX) :]
    raise ValueError(f"no {DIGEST_PREFIX} identifier in the CITATION.cff")


def bibtex(cff: dict) -> str:
    """BibTeX of a release's CITATION.cff: version, digest and licence in `note`, repository in `url` when set."""
    authors = " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    lines = [
        f"@misc{{hague_claims_{cff['version'].replace('.', '_')},",
        f"  title = {{{cff['title']}}},",
        f"  author = {{{{{authors}}}}},",
        f"  year = {{{str(cff['date-released'])[:4]}}},",
        f"  version = {{{cff['version']}}},",
    ]
    if cff.get("repository-code"):
        lines.append(f"  url = {{{cff['repository-code']}}},")
    lines.append(f"  note = {{Dataset, released {cff['date-released']}, release digest {DIGEST_PREFIX}{digest_of(cff)}; annotations {cff['license']}, texts belong to their publishers}},")
    lines.append("}")
    return "\n".join(lines)
