"""Write the static site: index and list pages, one page per document, cluster and entity, and the CSS and JS.

Pages are rendered by Jinja2 with autoescaping on, so every value from the data is escaped unless it is one of the
fragments `builders.viewer.markup` builds (which escape their own inputs). Orders are sorted and no page carries a
time, so the same release gives the same bytes.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from builders.viewer.cluster import cluster_page, cluster_summary
from builders.viewer.data import Release
from builders.viewer.document import css_name, document_page, overall_status
from builders.viewer.entity import entity_page
from builders.viewer.markup import external_link, slug

PAGE_SIZE = 100
STATIC = Path(__file__).parent / "static"


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("builders.viewer", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["slug"] = slug
    env.filters["css"] = css_name
    env.filters["link"] = external_link
    return env


def pages(items: list, stem: str, first: str, separator: str = "-") -> list[tuple[str, list]]:
    """(file name, items) per page of PAGE_SIZE; page 1 is `first`, page n `<stem><separator><n>.html`."""
    chunks = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    return [(first if n == 0 else f"{stem}{separator}{n + 1}.html", chunk) for n, chunk in enumerate(chunks)]


class Site:
    def __init__(self, release: Path, out: Path):
        self.release = Release(release)
        self.out = out
        self.env = environment()
        self.version = self.release.version()

    def write(self, relative: str, template: str, **context) -> None:
        root = "../" * relative.count("/")
        context.setdefault("section", None)
        html = self.env.get_template(template).render(root=root, version=self.version, **context)
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode("utf-8"))

    def build(self) -> None:
        release = self.release
        # the pages show sentences, never a document's whole text, so the listing leaves the texts on disk
        documents = sorted(release["documents"].rows(without=("text", "paragraphs")), key=lambda d: (str(d.get("file")), d["id"]))
        clusters = release["clusters"].rows()
        entities = release["entities"].rows()
        cluster_of = {claim_id: c["id"] for c in clusters for claim_id in c.get("claim_ids") or []}
        counts = {name: Counter(release[name].keys()) for name in ("sentences", "mentions", "claims", "checkworthiness")}

        summaries = [cluster_summary(release, c, release["claim_links"].group(c["id"])) for c in clusters]
        rows = [{"document": d, "sentences": counts["sentences"][d["id"]], "claims": counts["claims"][d["id"]],
                 "status": overall_status({name: counts[name][d["id"]] for name in counts}, d)} for d in documents]
        document_pages, cluster_pages = pages(rows, "documents", "index.html"), pages(summaries, "clusters", "index.html")
        totals = {"documents": len(documents), "clusters": len(clusters), "entities": len(entities),
                  "sentences": len(release["sentences"]), "mentions": len(release["mentions"]), "claims": len(release["claims"])}
        self.write("index.html", "index.html.j2", title="hague-claims", documents=document_pages[0][1], clusters=cluster_pages[0][1],
                   document_pages=document_pages, cluster_pages=cluster_pages, totals=totals, section="index")
        for kind, listing in (("documents", document_pages), ("clusters", cluster_pages)):
            for number, (name, chunk) in enumerate(listing[1:], start=2):
                self.write(name, "list.html.j2", title=f"{kind.capitalize()}, page {number}", kind=kind, items=chunk,
                           listing=listing, current=name)
        entity_pages = pages(sorted(entities, key=lambda e: (str(e.get("type")), str(e.get("name")), e["id"])), "entities", "entities.html")
        for number, (name, chunk) in enumerate(entity_pages, start=1):
            self.write(name, "list.html.j2", title="Entities" + (f", page {number}" if number > 1 else ""), kind="entities",
                       items=chunk, listing=entity_pages, current=name, section="entities")

        for document in documents:
            self.write(f"document/{slug(document['id'])}.html", "document.html.j2",
                       title=document.get("headline") or document["id"], **document_page(release, document, cluster_of))
        for cluster in clusters:
            self.write(f"cluster/{slug(cluster['id'])}.html", "cluster.html.j2", title=f"Cluster {cluster['id']}",
                       **cluster_page(release, cluster))
        by_entity = release.by("mentions", "entity_id", ("document_id", "start", "end", "id"))
        for entity in entities:
            # PAGE_SIZE documents per page; "." cannot occur in a slug, so page names never meet another entity's
            mentions = by_entity.group(entity["id"])
            stem = f"entity/{slug(entity['id'])}"
            documents_of = sorted({m["document_id"] for m in mentions})
            listing = pages(documents_of, stem, f"{stem}.html", separator=".")
            for name, chunk in listing:
                keep = set(chunk)
                self.write(name, "entity.html.j2", title=str(entity.get("name") or entity["id"]), listing=listing, current=name,
                           **entity_page(release, entity, [m for m in mentions if m["document_id"] in keep], len(mentions), len(documents_of), len(listing)))

        static = self.out / "static"
        static.mkdir(parents=True, exist_ok=True)
        for asset in sorted(STATIC.iterdir()):
            shutil.copyfile(asset, static / asset.name)


def write_site(release: Path, out: Path) -> Path:
    """Write the viewer of `release` into `out` (replacing what was there); return the index page."""
    if out.exists() and any(out.iterdir()):
        if not (out / "static" / "viewer.js").is_file():
            raise FileExistsError(f"{out} is not empty and holds no viewer; choose an empty or new directory")
        shutil.rmtree(out)
    Site(release, out).build()
    return out / "index.html"
