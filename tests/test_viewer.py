"""The static viewer, read as HTML: one page per record it promises, every mention and claim marked, data escaped,
deterministic bytes, and graceful with releases that lack layers, configs or know new labels and fields."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from builders.cli import main
from builders.pipeline import corpus_at
from builders.release import build_release
from builders.viewer import site, write_site
from conftest import FIXTURES
from viewer_corpus import DOC as HOSTILE_DOC, HOSTILE_STRINGS, good_project


class Page(HTMLParser):
    """Start tags with their attributes and classes, and the page's text with character references resolved."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.script_text if self._in_script else self.text_parts).append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def having(self, tag: str | None = None, css: str | None = None, attribute: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.tags if (tag is None or t == tag) and (css is None or css in a.get("class", "").split())
                and (attribute is None or attribute in a)]


def rows(release: Path, config: str) -> list[dict]:
    files = sorted((release / "data" / config).glob("*.parquet"))
    return [row for path in files for row in pq.read_table(path).to_pylist()]


def label(release: Path, config: str, column: str, name: str) -> int:
    path = sorted((release / "data" / config).glob("*.parquet"))[0]
    return json.loads(pq.read_schema(path).metadata[b"huggingface"])["info"]["features"][column]["names"].index(name)


def assert_nothing_active(page: Page, where: str) -> None:
    for tag, attributes in page.tags:
        for name in ("href", "src", "action", "formaction"):
            value = attributes.get(name, "").strip().lower()
            assert not value.startswith("javascript:"), f"{where}: <{tag} {name}={value!r}>"
            if tag in ("script", "link", "img", "iframe", "source", "embed", "object") and name in ("src", "href"):
                assert not value.startswith(("http:", "https:", "//")), f"{where}: <{tag}> loads {value!r} from the network"
        assert not any(name.startswith("on") for name in attributes), f"{where}: <{tag}> has an event handler attribute"
        assert tag not in ("img", "textarea", "iframe", "object", "embed"), f"{where}: a <{tag}> element came from the data"
    scripts = page.having("script")
    assert scripts and all(s.get("src", "").endswith("static/viewer.js") for s in scripts), f"{where}: {scripts}"
    assert not "".join(page.script_text).strip(), f"{where}: inline script"


def test_release_ships_the_viewer_listed_in_its_manifest(release):
    viewer = release / "viewer"
    assert (viewer / "index.html").is_file()
    listed = {entry["path"] for entry in json.loads((release / "manifest.json").read_text(encoding="utf-8"))["files"]}
    files = {p.relative_to(release).as_posix() for p in viewer.rglob("*") if p.is_file()}
    assert "viewer/index.html" in listed and files <= listed
    for config, folder in (("documents", "document"), ("clusters", "cluster"), ("entities", "entity")):
        ids = [row["id"] for row in rows(release, config)]
        assert ids and sorted(p.stem for p in (viewer / folder).glob("*.html")) == sorted(ids), config


def test_view_rewrites_the_same_bytes(release, tmp_path, capsys):
    for attempt in ("first", "second"):
        assert main(["view", str(release), "--out", str(tmp_path / attempt)]) == 0
    built = {p.relative_to(release / "viewer"): p.read_bytes() for p in (release / "viewer").rglob("*") if p.is_file()}
    for attempt in ("first", "second"):
        again = {p.relative_to(tmp_path / attempt): p.read_bytes() for p in (tmp_path / attempt).rglob("*") if p.is_file()}
        assert again == built, f"{attempt} rebuild differs from the release's viewer"


def test_view_will_not_replace_a_directory_that_is_not_a_viewer(release, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["view", str(release), "--out", str(tmp_path)]) == 2
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert "not empty" in capsys.readouterr().err


def test_index_lists_every_document_and_cluster(release):
    page = Page(release / "viewer" / "index.html")
    documents, clusters = rows(release, "documents"), rows(release, "clusters")
    assert len(page.having("tr", "document-row")) == min(len(documents), site.PAGE_SIZE)
    assert len(page.having("tr", "cluster-row")) == min(len(clusters), site.PAGE_SIZE)
    for document in documents:
        assert f"document/{document['id']}.html" in {a.get("href") for a in page.having("a")}
        assert document["publisher"] in page.text
    for cluster in clusters:
        assert cluster["statement"] in page.text
    assert_nothing_active(page, "index.html")


def test_document_pages_mark_every_mention_and_claim(release):
    mentions, claims = rows(release, "mentions"), rows(release, "claims")
    sentences = rows(release, "sentences")
    for document in rows(release, "documents"):
        page = Page(release / "viewer" / "document" / f"{document['id']}.html")
        here = document["id"]
        assert {a["data-mention"] for a in page.having("span", "mention", "data-mention")} == {m["id"] for m in mentions if m["document_id"] == here}
        assert {a["data-claim"] for a in page.having("span", "claim", "data-claim")} == {c["id"] for c in claims if c["document_id"] == here}
        assert all(c["statement"] in page.text for c in claims if c["document_id"] == here)
        assert Counter(a["data-claim"] for a in page.having("details", "claim-detail")) == Counter(c["id"] for c in claims if c["document_id"] == here)
        assert [a["data-sentence"] for a in page.having("tr", "sentence")] == [s["id"] for s in sorted(sentences, key=lambda s: s["index"]) if s["document_id"] == here]
        assert_nothing_active(page, document["id"])


def test_every_page_is_self_contained(release):
    for path in sorted((release / "viewer").rglob("*.html")):
        assert_nothing_active(Page(path), path.name)


def test_hostile_text_and_annotations_render_as_text(hostile_release):
    viewer = hostile_release / "viewer"
    for path in sorted(viewer.rglob("*.html")):
        assert_nothing_active(Page(path), path.relative_to(viewer).as_posix())
    document = Page(viewer / "document" / f"{HOSTILE_DOC}.html")
    for text in HOSTILE_STRINGS:
        assert text in document.text, text
    assert '<script>window.pwned=4</script>' in document.text  # the publisher's address, shown as text
    assert '<script>window.pwned=3</script>' in document.text  # the fact's address, inside a (harmless) link
    assert '<script>window.pwned=1</script>' in Page(viewer / "cluster" / "warning.html").text
    assert '</textarea>' in Page(viewer / "entity" / "nato.html").text
    assert '"<script>window.pwned=1</script>" & javascript:alert(1)' in Page(viewer / "index.html").text


@pytest.fixture(scope="module")
def small_release(tmp_path_factory) -> Path:
    """The good fixture corpus with the tests' own re-telling added and not annotated (only its automatic layers)."""
    from builders.add import Request, add_documents

    project = good_project(tmp_path_factory.mktemp("good"))
    request = Request(FIXTURES / "added" / "retelling.txt", "example.test", "https://example.test/retelling", "2025-12-19", headline=True)
    (outcome,) = add_documents(corpus_at(project), [request])
    assert outcome.added
    return build_release(corpus_at(project), project / "dist", project)


def copy_data(release: Path, target: Path) -> Path:
    shutil.copytree(release / "data", target / "data")
    shutil.copyfile(release / "croissant.json", target / "croissant.json")
    return target


def test_document_without_annotation_gets_its_sentences_and_status(small_release):
    documents = rows(small_release, "documents")
    gold = label(small_release, "documents", "claims_status", "gold")
    (added,) = [d for d in documents if d["claims_status"] != gold and d["mentions_status"] != gold]
    viewer = small_release / "viewer"
    page = Page(viewer / "document" / f"{added['id']}.html")
    sentences = [s for s in rows(small_release, "sentences") if s["document_id"] == added["id"]]
    assert sentences and [a["data-sentence"] for a in page.having("tr", "sentence")] == [s["id"] for s in sentences]
    assert all(s["text"] in page.text for s in sentences)
    assert "not annotated" in page.text and "mentions status: none" in page.text and "claims status: none" in page.text
    assert not page.having("span", "mention") and not page.having("details", "claim-detail")
    index = Page(viewer / "index.html")
    statuses = [cell for cell in index.text.split("\n") if cell in ("annotated", "not annotated")]
    assert sorted(statuses) == sorted(["not annotated"] + ["annotated"] * (len(documents) - 1))


def test_a_release_without_link_configs_still_renders(small_release, tmp_path):
    release = copy_data(small_release, tmp_path / "release")
    for config in ("clusters", "claim_links", "claim_pairs"):
        shutil.rmtree(release / "data" / config)
    write_site(release, tmp_path / "viewer")
    index = Page(tmp_path / "viewer" / "index.html")
    assert "No clusters in this release." in index.text and len(index.having("tr", "document-row")) == len(rows(release, "documents"))
    assert not (tmp_path / "viewer" / "cluster").exists()
    for document in rows(release, "documents"):
        page = Page(tmp_path / "viewer" / "document" / f"{document['id']}.html")
        assert not page.having("a", None, "href") or all("cluster/" not in a.get("href", "") for a in page.having("a"))


def test_labels_and_new_fields_are_read_from_the_release(small_release, tmp_path):
    """A veracity label and a claim field the viewer has never heard of are shown as the release declares them."""
    new_label = "misleading-context"
    release = copy_data(small_release, tmp_path / "release")
    paths = sorted((release / "data" / "claims").glob("*.parquet"))
    for path in paths:
        table = pq.read_table(path)
        metadata = json.loads(table.schema.metadata[b"huggingface"])
        names = metadata["info"]["features"]["veracity"]["names"]
        names.append(new_label)
        table = table.set_column(table.schema.get_field_index("veracity"), "veracity", pa.array([len(names) - 1] * table.num_rows, pa.int64()))
        table = table.append_column("new_field", pa.array([f"value {i}" for i in range(table.num_rows)]))
        pq.write_table(table.replace_schema_metadata({b"huggingface": json.dumps(metadata).encode()}), path)
    table = pq.read_table(next(p for p in paths if pq.read_table(p).num_rows))
    write_site(release, tmp_path / "viewer")
    document_id = table["document_id"][0].as_py()
    page = Page(tmp_path / "viewer" / "document" / f"{document_id}.html")
    assert page.text.count(new_label) >= table.num_rows and page.having("span", f"veracity-{new_label}")
    assert "new_fieldvalue 0" in page.text  # listed as <dt>new_field</dt><dd>value 0</dd>


def test_index_paginates(small_release, tmp_path, monkeypatch):
    monkeypatch.setattr(site, "PAGE_SIZE", 1)
    write_site(small_release, tmp_path / "viewer")
    documents = rows(small_release, "documents")
    index = Page(tmp_path / "viewer" / "index.html")
    assert len(index.having("tr", "document-row")) == 1
    later = [tmp_path / "viewer" / f"documents-{n}.html" for n in range(2, len(documents) + 1)]
    assert all(p.is_file() for p in later) and not (tmp_path / "viewer" / f"documents-{len(documents) + 1}.html").exists()
    assert sum(len(Page(p).having("tr", "document-row")) for p in later) == len(documents) - 1
    assert {a.get("href") for a in index.having("a")} >= {p.name for p in later}
    mentioned_in = {}
    for mention in rows(small_release, "mentions"):
        mentioned_in.setdefault(mention["entity_id"], set()).add(mention["document_id"])
    entity, documents_of = max(sorted(mentioned_in.items()), key=lambda kv: len(kv[1]))
    assert len(documents_of) > 1
    entity_pages = [tmp_path / "viewer" / "entity" / (f"{entity}.html" if n == 1 else f"{entity}.{n}.html") for n in range(1, len(documents_of) + 1)]
    assert [len(Page(p).having("table", "mentions")) for p in entity_pages] == [1] * len(documents_of)  # one document per page
