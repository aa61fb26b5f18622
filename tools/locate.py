"""Print every code-point offset where a quote occurs in a raw document: `python tools/locate.py DOC_ID "quote"`."""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "raw"
doc_id, quote = sys.argv[1], sys.argv[2]
(path,) = root.glob(f"*_{doc_id}.txt")
text = path.read_text(encoding="utf-8")
start = text.find(quote)
while start != -1:
    line = text.count("\n", 0, start) + 1
    print(f"start={start} end={start + len(quote)} line={line}: …{text[max(0, start - 30):start + len(quote) + 30]!r}…")
    start = text.find(quote, start + 1)
